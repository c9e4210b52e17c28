"""One writer for the exported workbook and the template: the same sheets, formulas and checks.

The sheets are created in the order a reader meets them and filled in the order the formulas
need (tables first, then Beregning, the checks, and the pages that show the results). With a
result (export), every formula carries the engine's value; without one (template), the
formulas start from the blank inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from som.io.excel import layout as L
from som.io.excel.checks_fields import field_checks
from som.io.excel.checks_tables import table_checks
from som.io.excel.formulas import write_beregning
from som.io.excel.forside import write_forside
from som.io.excel.inputs import (
    field_values,
    write_antagelser,
    write_forudsaetninger,
    write_konsekvenser,
    write_priser,
)
from som.io.excel.kontrol import write_kontrol
from som.io.excel.lists import write_lists
from som.io.excel.outputs import write_kilder, write_resultat
from som.io.excel.sheets import Formats, InputData, add_sheet, hidden_sheet, new_workbook
from som.io.excel.udvalg import define_map_helpers, write_udvalg

UNCERTAINTY = "Usikkerhed"


def write_workbook(target: str | Path | BinaryIO, data: InputData, result=None,
                   uncertainty: dict | None = None, before: list[str] | None = None):
    """Write the workbook; `before`: extra sheets first (the template's Vejledning), returned
    with the workbook's other sheets so the caller can fill them before it is closed."""
    wb = new_workbook(str(target) if isinstance(target, Path) else target)
    f = Formats(wb)
    calc = data.calc
    wb.set_properties({"title": calc.meta.title if calc else "SØM-beregning (skabelon)",
                       "company": calc.meta.organisation if calc else "",
                       "author": calc.meta.author if calc else "",
                       "comments": "Lavet med som (SØM-beregner)"})
    order = [*(before or []), L.FORSIDE, L.FORUDSAETNINGER, L.KONSEKVENSER, L.PRISER, L.BEREGNING,
             L.RESULTAT, L.UDVALG, L.KONTROL, *([L.KILDER] if result else []), L.ANTAGELSER,
             *([UNCERTAINTY] if uncertainty else []), L.LISTER]
    ws = {name: add_sheet(wb, name) for name in order}

    geo = write_forudsaetninger(wb, ws[L.FORUDSAETNINGER], f, data)
    write_konsekvenser(ws[L.KONSEKVENSER], f, data, geo)
    write_priser(ws[L.PRISER], f, data, geo)
    write_antagelser(ws[L.ANTAGELSER], f, data, geo)
    write_lists(wb, ws[L.LISTER], f, data, geo)
    for table in geo.tables.values():
        if table.sheet != L.LISTER:
            wb.define_name(table.name, "=" + table.ref())
    out = write_beregning(wb, ws[L.BEREGNING], f, result, geo, data.kb.discount_steps)
    refs = write_resultat(wb, ws[L.RESULTAT], f, result, out, geo)
    for name, formula in define_map_helpers(geo).items():
        wb.define_name(name, "=" + formula)
    refs["udvalg"] = write_udvalg(wb, ws[L.UDVALG], f, result, out, geo, data.committees,
                                  data.spare["committees"])

    values = field_values(data)
    overlay = values.get("settings.kb_overlay") if calc else None
    wb.define_name("_NET_KOMMUNE", "=" + out.cell("net_kommune"))
    checks, names = table_checks(geo, data, refs["udvalg"])
    for name, formula in names.items():
        wb.define_name(name, "=" + formula)
    checks = field_checks(geo, values, overlay) + checks
    help_texts = {fld.key: fld.help for fld in L.FIELDS}
    write_kontrol(wb, ws[L.KONTROL], f, checks, geo, help_texts)
    if result is not None:
        inline = [(pid, p.source.title, p.source.url) for pid, p in calc.prices.items()
                  if p.source is not None]
        write_kilder(ws[L.KILDER], f, result, inline)
    if uncertainty:
        from som.io.excel.uncertainty import add_uncertainty_sheet

        add_uncertainty_sheet(wb, uncertainty, ws[UNCERTAINTY],
                              result.totals["net"] if result else None)
    hidden_sheet(wb, data)
    write_forside(wb, ws[L.FORSIDE], f, result, out, refs)
    return wb, ws, f
