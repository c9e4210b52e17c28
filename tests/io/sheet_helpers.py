"""Small helpers the Excel tests share: finding things on an exported workbook's sheets."""

from __future__ import annotations

import openpyxl

from som.io.excel import layout as L


def chart_titles(path) -> list[str]:
    """The cells on Forside that hold the charts' titles (found by their text)."""
    ws = openpyxl.load_workbook(path, data_only=True)[L.FORSIDE]
    return [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            and c.value.startswith(("Nettoresultat pr. år", "Kumuleret nettoresultat"))]
