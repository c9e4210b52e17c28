"""The Kontrol sheet: every check of the inputs, INPUT_OK and FIRST_PROBLEM.

Each check is one formula that gives "" or a Danish message naming the cell, in the words of
the importer ("Kontrol: Forudsætninger!B25 er ikke en andel mellem 0 og 100 % – ..."). The
checks mirror what `som run` refuses, so the workbook either shows the engine's figures or says
why not: INPUT_OK is TRUE when every message is empty, FIRST_PROBLEM is the first message, and
Forside, Resultat and each input sheet's check line show it. A check whose formula itself fails
(a deleted row or column) says so instead of passing.
"""

from __future__ import annotations

from dataclasses import dataclass

from som.io.excel import layout as L
from som.io.excel.geometry import q
from som.io.excel.sheets import Formats

FIRST = 8  # first check row (0-based)
BROKEN = ("kan ikke kontrolleres: en celle viser en fejl, eller en række, kolonne eller et ark, "
          "som kontrollen bruger, er slettet – fortryd sletningen")


@dataclass
class Check:
    title: str  # what is checked (Danish)
    sheet: str  # the input sheet it is about
    formula: str  # an expression giving "" or the message
    array: bool = False
    cached: str = ""  # the value for the data written (the template's blank fields)
    field: str | None = None  # a field key: its Forklaring cell shows the message too


def write_kontrol(wb, ws, f: Formats, checks: list[Check], geo, help_texts: dict[str, str]) -> None:
    ws.write_string(0, 0, "Kontrol", f.title)
    ws.merge_range(1, 0, 1, 2, (
        "Hver række kontrollerer en del af inputtet på samme måde, som 'som run' gør. Er alle "
        "tomme, er tallene i arbejdsbogen de samme, som 'som run' giver for filen; ellers viser "
        "Forside og Resultat den første besked i stedet for tal."), f.help)
    ws.set_row(1, 45)
    last = FIRST + len(checks) - 1
    msgs = f"$C${FIRST + 1}:$C${last + 1}"
    sheets = f"$B${FIRST + 1}:$B${last + 1}"
    cached = [c.cached for c in checks]
    first = next((m for m in cached if m), "")
    ws.write_string(3, 0, "Alle kontroller er i orden", f.bold)
    ws.write_formula(3, 1, f'=SUMPRODUCT(--({msgs}<>""))=0', f.bold, not first)
    ws.write_string(4, 0, "Første fejl", f.bold)
    ws.write_array_formula("B5:B5", f'{{=IFERROR(INDEX({msgs},MATCH(TRUE,{msgs}<>"",0)),"")}}',
                           f.alarm, first)
    ws.write_string(5, 0, "Antal fejl", f.bold)
    ws.write_formula(5, 1, f'=SUMPRODUCT(--({msgs}<>""))', None, sum(1 for m in cached if m))
    wb.define_name(L.INPUT_OK, f"='{L.KONTROL}'!$B$4")
    wb.define_name(L.FIRST_PROBLEM, f"='{L.KONTROL}'!$B$5")
    for c, head in enumerate(("Kontrol", "Ark", "Besked (tom = i orden)")):
        ws.write_string(FIRST - 1, c, head, f.header)
    field_cells: dict[str, str] = {}
    for n, check in enumerate(checks):
        row = FIRST + n
        ws.write_string(row, 0, check.title, f.text)
        ws.write_string(row, 1, check.sheet, f.text)
        formula = f"=IFERROR({check.formula},{q(f'Kontrol: {check.title} ' + BROKEN)})"
        if check.array:
            ws.write_array_formula(row, 2, row, 2, "{" + formula + "}", f.alarm, check.cached)
        else:
            ws.write_formula(row, 2, formula, f.alarm, check.cached)
        if check.field:
            field_cells[check.field] = L.ref(L.KONTROL, row, 2)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 110)
    ws.freeze_panes(FIRST, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _sheet_lines(wb, f, geo, msgs, sheets, checks)
    _field_notes(wb, f, field_cells, help_texts, checks)


def _sheet_lines(wb, f: Formats, geo, msgs: str, sheets: str, checks: list[Check]) -> None:
    """Row 3 of each input sheet: the first problem on that sheet, in red (or nothing)."""
    for name, (row, col) in geo.check_cells.items():
        ws = wb.get_worksheet_by_name(name)
        cached = next((c.cached for c in checks if c.sheet == name and c.cached), "")
        formula = (f"=IFERROR(INDEX('{L.KONTROL}'!{msgs},MATCH(1,('{L.KONTROL}'!{sheets}="
                   f"{q(name)})*('{L.KONTROL}'!{msgs}<>\"\"),0)),\"\")")
        ws.write_array_formula(row, col, row, col, "{" + formula + "}", f.alarm, cached)


def _field_notes(wb, f: Formats, field_cells: dict[str, str], help_texts: dict[str, str],
                 checks: list[Check]) -> None:
    """A field's Forklaring cell shows its check's message instead of the help while it fails,
    and its value cell turns red."""
    ws = wb.get_worksheet_by_name(L.FORUDSAETNINGER)
    cached = {c.field: c.cached for c in checks if c.field}
    for key, cell in field_cells.items():
        row = L.FIELD_ROW[key]
        help_text = help_texts.get(key, "")
        ws.write_formula(row, L.FIELD_HELP_COL, f'=IF({cell}="",{q(help_text)},{cell})', f.note,
                         cached.get(key) or help_text)
        ws.conditional_format(row, L.FIELD_VALUE_COL, row, L.FIELD_VALUE_COL, {
            "type": "formula", "criteria": f'={cell}<>""', "format": f.alarm_fill})
        ws.conditional_format(row, L.FIELD_HELP_COL, row, L.FIELD_HELP_COL, {
            "type": "formula", "criteria": f'={cell}<>""', "format": f.alarm_fill})
