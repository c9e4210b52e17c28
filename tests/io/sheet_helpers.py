"""Small helpers the Excel tests share: finding things on an exported workbook's sheets."""

from __future__ import annotations

import openpyxl

from som.io.excel import layout as L


def chart_titles(path) -> list[str]:
    """The cells on Forside that hold the charts' titles (found by their text)."""
    ws = openpyxl.load_workbook(path, data_only=True)[L.FORSIDE]
    return [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            and c.value.startswith(("Nettoresultat pr. år", "Kumuleret nettoresultat"))]


def edit_bytes(raw: bytes, mutate) -> bytes:
    """A workbook's bytes after mutate(openpyxl workbook) (openpyxl keeps no saved values)."""
    import io

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    mutate(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def section_rows(path) -> dict[str, int]:
    """1-based rows of the section markers and end markers of the exported workbook."""
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for sheet in (L.FORUDSAETNINGER, L.KONSEKVENSER, L.PRISER, L.ANTAGELSER):
        for row in wb[sheet].iter_rows(max_col=1):
            value = row[0].value
            if value in L.SECTIONS or value == L.END_MARKER:
                out[f"{sheet}:{value}"] = row[0].row
    return out


def typed_line(row: int, name: str, kind: str, payer: str, years: list[float]) -> list:
    F = L.FORUDSAETNINGER
    edits = [["text", F, f"A{row}", name], ["text", F, f"B{row}", kind],
             ["text", F, f"C{row}", payer]]
    return edits + [["value", F, f"{L.col_name(L.YEAR_COL0 + k)}{row}", v]
                    for k, v in enumerate(years)]


# A target group's default profile from the bundled knowledge base (illustrative prices).
PROFILE = {
    "som_version": 1, "meta": {"title": "Standardprofil fra vidensbasen",
                               "organisation": "Testkommune"},
    "settings": {"start_year": 2026, "horizon_years": 15, "price_year": 2025,
                 "discount_rate": 0.035},
    "target_group": "adhd_18_65",
    "intervention": {"name": "Profil", "participants": [20, 20, 20], "success_rate": 0.2},
    "costs": [{"name": "Drift", "type": "operating", "payer": "kommune",
               "amounts": [500000, 500000, 500000], "price_year": 2024}],
}
