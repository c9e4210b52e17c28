"""A blank, guided input workbook (`som template OUT.xlsx`) that imports once filled in.

It has the same input sheets and layout as an exported workbook (so the same importer reads
it), with every year column a horizon can need, spare styled rows, drop-down lists for payer,
cost type, kind and origin, and Danish instructions on a first sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from som.io.excel import layout as L
from som.io.excel.inputs import (
    write_antagelser,
    write_forudsaetninger,
    write_konsekvenser,
    write_priser,
)
from som.io.excel.sheets import Formats, InputData, add_sheet, new_workbook, print_setup

SPARE_ROWS = 20

INSTRUCTIONS = (
    ("Sådan bruger du skabelonen", None),
    ("1. Forudsætninger", "Udfyld titel, startår, tidshorisont, prisniveau, indsatsen og "
                          "succesraten. Startende deltagere skrives år for år under årstallene."),
    ("2. Omkostninger", "Én række pr. omkostning: navn, type (opstart, drift eller pr. deltager), "
                        "betaler (kommune, region, stat eller 'fordelt' med andele, der summerer "
                        "til 100 %). Opstart og drift: beløb under årene. Pr. deltager: beløbet i "
                        "kolonnen 'Beløb pr. deltager'."),
    ("3. Sparede udgifter", "Udgifter til det, indsatsen erstatter, og som ikke længere betales. "
                            "Samme form som omkostningerne."),
    ("4. Konsekvenser", "Ændringen i forbrug pr. borger med succes, år for år efter succesen "
                        "(År 0 = succesåret). Brug id'er fra vidensbasen eller dine egne id'er "
                        "med en pris på arket Priser."),
    ("5. Priser", "Egne priser pr. enhed fordelt på kommune, region og stat. Art: 'udgift' "
                  "(mindre forbrug sparer penge) eller 'indtægt' (mere giver indtægt)."),
    ("6. Antagelser", "Skriv jeres antagelser efter SØM's tjekliste, med kilde."),
    ("7. Beregn", "Gem filen og kør: som run FIL.xlsx — eller som import FIL.xlsx FIL.yaml. "
                  "Fejl vises med ark og celle, fx Forudsætninger!B10."),
    ("Regler", "Skriv tal som tal, ikke som tekst. Lad cellen være tom frem for at skrive 0, "
               "hvis der ikke er noget. Flyt, omdøb eller slet ikke ark og kolonner: "
               "overskrifterne kontrolleres. Tomme rækker springes over."),
)


def write_template(target: str | Path | BinaryIO) -> None:
    """Write the blank input workbook to a path or a binary file object."""
    wb = new_workbook(str(target) if isinstance(target, Path) else target)
    f = Formats(wb)
    wb.set_properties({"title": "SØM-beregning (skabelon)",
                       "comments": "Lavet med som (SØM-beregner)"})
    ws = add_sheet(wb, L.VEJLEDNING)
    ws.write_string(0, 0, "SØM-beregning: skabelon", f.title)
    for n, (head, text) in enumerate(INSTRUCTIONS):
        ws.write_string(2 + n, 0, head, f.bold)
        if text:
            ws.write_string(2 + n, 1, text, f.wrap)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 100)
    print_setup(ws)
    ws.activate()
    data = InputData(None, L.MAX_YEARS, spare_rows=SPARE_ROWS)
    pos = write_forudsaetninger(wb, f, data)
    write_konsekvenser(wb, f, data, pos)
    write_priser(wb, f, data, pos)
    write_antagelser(wb, f, data)
    wb.close()
