"""Plain summary tables (batch, compare) as CSV or xlsx, safe against formula injection."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DKK_FORMAT = '#,##0 "kr."'  # shown with Danish separators by a Danish-locale spreadsheet


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else csv_safe(v) for v in row])


def write_xlsx_table(path: Path, sheet: str, headers: Sequence[str], rows: Iterable[Sequence],
                     money_columns: Iterable[int] = ()) -> None:
    """One sheet with a bold frozen header; text always written as text, never as a formula."""
    import xlsxwriter
    import xlsxwriter.exceptions

    money = set(money_columns)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True, "bottom": 1})
    kr = wb.add_format({"num_format": DKK_FORMAT})
    widths = [len(h) + 2 for h in headers]
    for col, header in enumerate(headers):
        ws.write_string(0, col, header, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                continue  # an empty cell: xlsxwriter cannot write NaN or infinity
            if isinstance(value, str):
                ws.write_string(r, col, value)
                widths[col] = min(60, max(widths[col], len(value) + 2))
            else:
                ws.write_number(r, col, value, kr if col in money else None)
                widths[col] = max(widths[col], 14 if col in money else 8)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # the OSError inside, for its message
        raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(
            str(exc)) from None
