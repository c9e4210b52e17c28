"""A blank, guided input workbook (`som template OUT.xlsx`) that imports once filled in.

It has the same input sheets and layout as an exported workbook (so the same importer reads
it), with every year column a horizon can need, spare styled rows, drop-down lists for payer,
cost type, kind and origin, and Danish instructions on a first sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from som.io.excel import layout as L
from som.io.excel.sheets import InputData, print_setup, row_height
from som.io.excel.workbook import write_workbook

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
                        "(År 0 = succesåret), og i kolonnerne 'Forløb år' ændringen pr. startende "
                        "under forløbet (Forløb år 0 = startåret). Brug id'er fra vidensbasen "
                        "(listen) eller egne id'er med en pris på arket Priser. Vælger du en "
                        "målgruppe og skriver ingen konsekvenser, bruges dens standardprofil."),
    ("5. Priser", "Egne priser pr. enhed fordelt på kommune, region og stat. Art: 'udgift' "
                  "(mindre forbrug sparer penge) eller 'indtægt' (mere giver indtægt)."),
    ("6. Udvalg", "Hvem betaler, og hvem får gevinsten? Skriv udvalget på omkostningslinjerne og "
                  "priserne, eller fordel konsekvensområderne på udvalg i tabellen Udvalg på "
                  "Forudsætninger (vidensbasens typiske fordeling står der). Arket Udvalg viser "
                  "nettoresultatet pr. udvalg og 'Forslag: overførsel' mellem udvalgene."),
    ("7. Antagelser", "Skriv jeres antagelser efter SØM's tjekliste, med kilde."),
    ("8. Resultatet", "Forside og Resultat regner resultatet ud, mens du skriver. Står der en "
                      "rød kontrol (fx 'Kontrol: Forudsætninger!B5 er tom – skriv beregningens "
                      "titel'), så ret den celle, den nævner: først når alle kontroller er i "
                      "orden, viser arbejdsbogen tal – de samme, som 'som run' giver."),
    ("9. Beregn med som", "Gem filen og kør: som run FIL.xlsx — eller som import FIL.xlsx "
                          "FIL.yaml. Fejl vises med ark og celle, fx Forudsætninger!B10."),
    ("Regler", "Skriv tal som tal, ikke som tekst. Lad cellen være tom frem for at skrive 0, "
               "hvis der ikke er noget. Flyt, omdøb eller slet ikke ark og kolonner: "
               "overskrifterne kontrolleres. Tomme rækker springes over. Nye linjer skrives i de "
               "tomme blå rækker, eller i rækker du indsætter over tabellens slutlinje."),
)


def write_template(target: str | Path | BinaryIO, kb=None) -> None:
    """Write the blank input workbook to a path or a binary file object.

    `kb`: the knowledge base whose ids fill the drop-downs and whose prices, profiles and index
    the live formulas use (default: the bundled one)."""
    if kb is None:
        import som

        kb = som.load_knowledge_base()
    from som.io.excel.export import kb_rows

    data = InputData(None, L.MAX_YEARS, spare=dict(L.TEMPLATE_SPARE), kb=kb_rows(kb))
    data.index, data.index_source = list(data.kb.index), "kb"
    data.n_cons_years, data.n_course_years = L.MAX_YEARS, 10
    # The knowledge base's committee map is offered: it is the file's own once filled in.
    data.budget_map = dict(data.kb.offered_map or data.kb.budget_map)
    data.committees = list(dict.fromkeys([*data.budget_map.values(), L.UNASSIGNED]))
    wb, ws, f = write_workbook(target, data, before=[L.VEJLEDNING])
    sheet = ws[L.VEJLEDNING]
    sheet.write_string(0, 0, "SØM-beregning: skabelon", f.title)
    for n, (head, text) in enumerate(INSTRUCTIONS):
        sheet.write_string(2 + n, 0, head, f.bold)
        if text:
            sheet.write_string(2 + n, 1, text, f.wrap)
            sheet.set_row(2 + n, row_height([text], [100]))
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    print_setup(sheet)
    sheet.activate()
    wb.close()
