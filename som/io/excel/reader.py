"""Typed, strict reading of single cells and header rows of one worksheet.

Each getter returns the value, None for a blank cell, or BAD after recording a problem that
names the cell. Text is never read as a number and a number never as a date.

Cells are read straight from the sheet's XML rows (openpyxl's streaming parser), so rows that
only exist as empty XML elements cost nothing: LibreOffice writes an empty row 1048576 after a
row is deleted, which must not count as a million rows. At most MAX_ROWS rows with content and
MAX_CELLS filled cells are read per sheet; beyond that the sheet is refused with a message (a
SØM workbook has a few hundred), so a sheet of junk is answered in well under a second.

A formula in an input cell counts with the value the spreadsheet computed and saved for it
(the value the workbook itself shows and calculates with). A formula without a saved value
(e.g. written by a script) is an error: there is no value to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from openpyxl.utils import column_index_from_string

from som.io.excel import layout as L

BAD: Any = object()  # a problem was recorded for this cell
MAX_ROWS, MAX_COLS, MAX_CELLS = 2_000, 300, 60_000


@dataclass(slots=True)
class Cell:
    value: Any
    data_type: str  # n (number), s (text), b (boolean), d (date), e (error)
    formula: bool = False


def _cells_of_row(row, strings, dates, epoch):
    """(row0, col0, Cell) of one <row> element: what a cell shows (its saved value)."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    col = 0
    for c in row:
        if c.tag != _C:
            continue
        ref = c.get("r")
        if ref:
            r, col = coordinate_to_tuple(ref)
        else:
            r, col = int(row.get("r")), col + 1
        kind = c.get("t", "n")
        formula = c.find(_F) is not None
        if kind == "inlineStr":
            node = c.find(_IS)
            value = "".join(node.itertext()) if node is not None else None
            kind = "s"
        else:
            value = c.findtext(_V) or None
            if value is not None:
                if kind == "s":
                    value = strings[int(value)]
                elif kind == "b":
                    value = value.strip() in ("1", "true")
                elif kind == "str":
                    kind = "s"
                elif kind == "d":
                    value = from_ISO8601(value)
                elif kind == "n":
                    value = float(value) if any(x in value for x in ".eE") else int(value)
                    if int(c.get("s", 0)) in dates:
                        try:
                            value, kind = from_excel(value, epoch), "d"
                        except (OverflowError, ValueError):
                            value, kind = "#VALUE!", "e"
        if (value is None or value == "") and not formula:
            continue
        yield r - 1, col - 1, Cell(value, kind, formula)


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS = (_NS + t for t in ("row", "c", "v", "f", "is"))


def sheet_cells(ws, problems: list[str]):
    """(row0, col0, Cell) for every filled cell of a `package.Sheet`, bounded. Only <row>
    elements are looked at (not data validations, formats, ...)."""
    from openpyxl.xml.functions import iterparse

    pkg = ws.package
    rows = cells = 0
    wide = False
    in_row = False
    with ws.source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if element.tag == _ROW:
                in_row = event == "start"
            if event == "start" or in_row:
                continue
            if element.tag != _ROW:
                element.clear()
                continue
            filled = list(_cells_of_row(element, pkg.strings, pkg.dates, pkg.epoch))
            element.clear()
            if not filled:
                continue
            rows += 1
            cells += len(filled)
            if rows > MAX_ROWS or cells > MAX_CELLS:
                problems.append(f"arket har for mange udfyldte rækker eller celler (højst "
                                f"{MAX_ROWS:,} rækker og {MAX_CELLS:,} celler)".replace(",", "."))
                return
            for row, col, cell in filled:
                if col >= MAX_COLS:
                    if not wide:
                        problems.append(f"arket har værdier ud over kolonne "
                                        f"{L.col_name(MAX_COLS - 1)}")
                        wide = True
                    continue
                yield row, col, cell


class SheetReader:
    def __init__(self, ws, reader):
        self.ws, self.reader, self.name = ws, reader, ws.title
        self.grid: dict[tuple[int, int], Cell] = {}
        self.rows: dict[int, dict[int, Cell]] = {}
        problems: list[str] = []
        for row, col, cell in sheet_cells(ws, problems):
            self.grid[(row, col)] = cell
            self.rows.setdefault(row, {})[col] = cell
        for message in problems:
            reader.add(self.name, message)
        self.max_row = max(self.rows, default=-1)
        self.merged = merged_ranges(ws)

    def check_merged(self, header: int) -> None:
        """Merged cells from the header row down cannot be read (the title rows above may be)."""
        for r0, c0, r1, c1 in self.merged:
            if r1 >= header:
                span = f"{L.a1(r0, c0)}:{L.a1(r1, c1)}"
                self.add(r0, c0, f"flettede celler ({span}) i en tabel kan ikke læses; ophæv "
                                 "fletningen", cell_range=span)

    def where(self, row: int, col: int) -> str:
        return L.where(self.name, row, col)

    def add(self, row: int, col: int, message: str, cell_range: str | None = None) -> None:
        place = f"{self.name}!{cell_range}" if cell_range else self.where(row, col)
        self.reader.add(place, message)

    def blank(self, row: int, c0: int = 0, c1: int = MAX_COLS) -> bool:
        return not any(c0 <= c < c1 for c in self.rows.get(row, ()))

    def cols_in_row(self, row: int) -> list[int]:
        return sorted(self.rows.get(row, ()))

    def filled_rows(self, first: int, end: int) -> list[int]:
        """Rows in [first, end) with any filled cell, in order."""
        return sorted(r for r in self.rows if first <= r < end)

    def text_at(self, row: int, col: int) -> str | None:
        """The plain text of a cell (stripped), or None: for finding markers and headers."""
        cell = self.grid.get((row, col))
        if cell is None or not isinstance(cell.value, str):
            return None
        return cell.value.strip()

    def raw(self, row: int, col: int) -> Any:
        """The cell's value (a formula's saved value), None if blank, BAD (recorded) if it has
        no usable value."""
        cell = self.grid.get((row, col))
        if cell is None:
            return None
        value = cell.value
        if cell.formula and value is None:
            self.add(row, col, "her står en formel uden en gemt værdi; skriv selve værdien (eller "
                               "åbn og gem arbejdsbogen i Excel eller LibreOffice)")
            return BAD
        if cell.data_type == "e":
            self.add(row, col, f"cellen viser en fejl ({value}); skriv en værdi")
            return BAD
        if not isinstance(value, str | int | float | datetime | date | time):
            self.add(row, col, "cellen kan ikke læses; skriv selve værdien")
            return BAD
        return value

    def text(self, row: int, col: int) -> Any:
        value = self.raw(row, col)
        if value is None or value is BAD or isinstance(value, str):
            return value
        if isinstance(value, bool):
            self.add(row, col, f"forventede tekst, fandt sandhedsværdien {value}")
            return BAD
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        self.add(row, col, "forventede tekst, fandt en dato eller et klokkeslæt")
        return BAD

    def number(self, row: int, col: int) -> Any:
        value = self.raw(row, col)
        if value is None or value is BAD:
            return value
        if isinstance(value, bool):
            self.add(row, col, f"forventede et tal, fandt sandhedsværdien {value}")
            return BAD
        if isinstance(value, int | float):
            return value
        if isinstance(value, str):
            self.add(row, col, f"forventede et tal, fandt teksten {_shown(value)} (er cellen "
                               "formateret som tekst?)")
        else:
            self.add(row, col, "forventede et tal, fandt en dato eller et klokkeslæt")
        return BAD

    def integer(self, row: int, col: int) -> Any:
        value = self.number(row, col)
        if value is None or value is BAD or isinstance(value, int):
            return value
        if value.is_integer():
            return int(value)
        self.add(row, col, f"forventede et helt tal, fandt {value!r}")
        return BAD

    def choice(self, row: int, col: int, choices: tuple[str, ...], what: str = "værdi") -> Any:
        value = self.raw(row, col)
        if value is None or value is BAD:
            return value
        if isinstance(value, str):
            wanted = normalise(value)
            for option in choices:
                if normalise(option) == wanted:
                    return option
        self.add(row, col, f"ukendt {what} {_shown(value)}; tilladt: {', '.join(choices)}")
        return BAD

    def check_header(self, row: int, headers: tuple[str, ...], col0: int = 0) -> bool:
        """Declared header texts in `row` from `col0`; a moved or renamed column is an error."""
        ok = True
        for n, header in enumerate(headers):
            col = col0 + n
            cell = self.grid.get((row, col))
            found = cell.value if cell is not None else None
            if found is None:
                self.add(row, col, f"overskriften mangler; forventede '{header}' (er en kolonne "
                                   "slettet eller en celle flettet?)")
                ok = False
            elif not (isinstance(found, str) and found.strip() == header):
                self.add(row, col, f"forventede overskriften '{header}', fandt {_shown(found)} "
                                   "(er en kolonne flyttet, indsat eller omdøbt?)")
                ok = False
        return ok

    def find_header(self, headers: tuple[str, ...], first: int = 0, last: int = 30) -> int:
        """The row (in [first, last]) whose first cells are `headers`; else the row whose first
        cell is headers[0]; else L.HEADER_ROW (so that check_header names what is wrong)."""
        candidates = [r for r in self.filled_rows(first, last + 1)
                      if self.text_at(r, 0) == headers[0]]
        for r in candidates:
            if all(self.text_at(r, n) == h for n, h in enumerate(headers)):
                return r
        return candidates[0] if candidates else L.HEADER_ROW

    def end_row(self, header: int) -> tuple[int, int | None]:
        """(end, marker row): data rows of a table are (header, end); the end marker row (if the
        workbook has one) closes the table, and anything below it is an error."""
        for r in self.filled_rows(header + 1, self.max_row + 1):
            if self.text_at(r, 0) == L.END_MARKER:
                for below in self.filled_rows(r + 1, self.max_row + 1):
                    self.add(below, self.cols_in_row(below)[0], L.BELOW_END)
                return r, r
        return self.max_row + 1, None

    def year_list(self, row: int, col0: int, n_cols: int, horizon: int | None,
                  read=None, stop: int | None = None) -> tuple[list, list[str]]:
        """Contiguous values from col0 (blank ends the list; a value after a gap is an error).
        A value right of the n_cols columns is an error, unless it lies at or after `stop`
        (where another block of year columns begins)."""
        read = read or self.number
        values: list = []
        cells: list[str] = []
        ended = None
        for k in range(n_cols):
            value = read(row, col0 + k)
            if value is None:
                ended = k if ended is None else ended
                continue
            if ended is not None:
                self.add(row, col0 + ended, "tom celle midt i rækken; udfyld den (fx med 0) eller "
                                            "slet tallene efter den")
                return values, cells
            values.append(value)
            cells.append(self.where(row, col0 + k))
        for col in self.cols_in_row(row):
            if col >= col0 + n_cols and (stop is None or col < stop):
                self.add(row, col, "værdi i en kolonne uden overskrift (uden for årskolonnerne)")
        if horizon is not None and len(values) > horizon:
            self.add(row, col0 + horizon, f"år {horizon + 1} ligger uden for tidshorisonten på "
                                          f"{horizon} år")
        return values, cells


def normalise(text: str) -> str:
    """How a choice is compared: like the workbook's LOWER(TRIM(x)) (spaces trimmed and runs of
    spaces made one; case ignored). Tabs and other characters are kept, as TRIM keeps them."""
    return re.sub(" {2,}", " ", text.strip(" ")).lower()


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')


def merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges (0-based r0, c0, r1, c1), read from the sheet's XML."""
    try:
        xml = ws.package.archive.read(ws.path)
    except (KeyError, OSError):
        return []
    out = []
    for c0, r0, c1, r1 in _MERGE.findall(xml):
        c1, r1 = c1 or c0, r1 or r0
        out.append((int(r0) - 1, column_index_from_string(c0.decode()) - 1,
                    int(r1) - 1, column_index_from_string(c1.decode()) - 1))
    return out


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
