"""Plain summary tables (batch, compare) as CSV or xlsx, safe against formula injection."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DKK_FORMAT = '#,##0 "kr."'  # shown with Danish separators by a Danish-locale spreadsheet


def for_people(value: object, money: bool) -> object:
    """Figures for people carry no float noise (spec v2 §3): kroner to the øre, other numbers to
    10 significant digits (3024000.0000000005 -> 3024000.0). JSON keeps the unrounded floats.

    >>> for_people(3024000.0000000005, True), for_people(0.1 + 0.2, False), for_people(2.5, True)
    (3024000.0, 0.3, 2.5)
    """
    if not isinstance(value, float):
        return value
    rounded = round(value, 2) if money else float(f"{value:.10g}")
    return rounded + 0.0  # no "-0.0"


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence],
                    money_columns: Iterable[int] = ()) -> None:
    """Plain CSV (English keys for tools); figures rounded for people (`for_people`)."""
    money = set(money_columns)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else csv_safe(for_people(v, n in money))
                             for n, v in enumerate(row)])


def write_xlsx_table(path: Path, sheet: str, headers: Sequence[str], rows: Iterable[Sequence],
                     money_columns: Iterable[int] = ()) -> None:
    """One sheet with a bold frozen header; text always written as text, never as a formula."""
    write_xlsx_tables(path, [(sheet, headers, rows, money_columns)])


def write_xlsx_tables(path: Path, sheets: Sequence[tuple]) -> None:
    """Several such sheets: [(name, headers, rows, money_columns), ...]."""
    import xlsxwriter
    import xlsxwriter.exceptions

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True, "bottom": 1})
    kr = wb.add_format({"num_format": DKK_FORMAT})
    for sheet, headers, rows, money_columns in sheets:
        _write_sheet(wb.add_worksheet(sheet), headers, rows, set(money_columns), bold, kr)
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # the OSError inside, for its message
        raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(
            str(exc)) from None


def _write_sheet(ws, headers, rows, money, bold, kr) -> None:
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
                ws.write_number(r, col, for_people(value, col in money), kr if col in money else None)
                widths[col] = max(widths[col], 14 if col in money else 8)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
