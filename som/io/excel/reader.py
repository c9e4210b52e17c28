"""Typed, strict reading of single cells and header rows of one worksheet.

Each getter returns the value, None for a blank cell, or BAD after recording a problem that
names the cell. Text is never read as a number, a number never as a date, and a formula is
never accepted where a value belongs.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from openpyxl.utils import column_index_from_string

from som.io.excel import layout as L

BAD: Any = object()  # a problem was recorded for this cell
MAX_ROWS, MAX_COLS = 10_000, 300


class SheetReader:
    def __init__(self, ws, reader):
        self.ws, self.reader, self.name = ws, reader, ws.title
        self.grid: dict[tuple[int, int], Any] = {}
        for n, row in enumerate(ws.iter_rows()):
            if n >= MAX_ROWS:
                reader.add(self.name, f"arket har for mange rækker (højst {MAX_ROWS})")
                break
            for cell in row:
                value = cell.value
                if value is None or value == "":
                    continue
                col = cell.column - 1
                if col >= MAX_COLS:
                    reader.add(self.name, f"arket har for mange kolonner (højst {MAX_COLS})")
                    break
                self.grid[(cell.row - 1, col)] = cell
        self.max_row = max((r for r, _ in self.grid), default=-1)
        self.merged = merged_ranges(ws)
        for r0, c0, r1, c1 in self.merged:
            if r1 >= L.HEADER_ROW:
                span = f"{L.a1(r0, c0)}:{L.a1(r1, c1)}"
                self.add(r0, c0, f"flettede celler ({span}) i en tabel kan ikke læses; ophæv "
                                 "fletningen", cell_range=span)

    def where(self, row: int, col: int) -> str:
        return L.where(self.name, row, col)

    def add(self, row: int, col: int, message: str, cell_range: str | None = None) -> None:
        place = f"{self.name}!{cell_range}" if cell_range else self.where(row, col)
        self.reader.add(place, message)

    def blank(self, row: int, c0: int = 0, c1: int = MAX_COLS) -> bool:
        return not any((row, c) in self.grid for c in range(c0, c1))

    def cols_in_row(self, row: int) -> list[int]:
        return sorted(c for (r, c) in self.grid if r == row)

    def raw(self, row: int, col: int) -> Any:
        """The cell's value, None if blank, BAD (recorded) if it is a formula."""
        cell = self.grid.get((row, col))
        if cell is None:
            return None
        value = cell.value
        if cell.data_type == "f" or not isinstance(value, str | int | float | datetime | date | time):
            self.add(row, col, "her står en formel, men der skal stå en værdi; skriv selve værdien")
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
            wanted = value.strip().casefold()
            for option in choices:
                if option.casefold() == wanted:
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

    def year_list(self, row: int, col0: int, n_cols: int, horizon: int | None,
                  read=None) -> tuple[list, list[str]]:
        """Contiguous values from col0 (blank ends the list; a value after a gap is an error)."""
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
            if col >= col0 + n_cols:
                self.add(row, col, "værdi i en kolonne uden overskrift (uden for årskolonnerne)")
        if horizon is not None and len(values) > horizon:
            self.add(row, col0 + horizon, f"år {horizon + 1} ligger uden for tidshorisonten på "
                                          f"{horizon} år")
        return values, cells


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')


def merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges (0-based r0, c0, r1, c1). A read-only worksheet does not keep them, so they
    are read from the sheet's XML (already checked by excel.safety)."""
    if hasattr(ws, "merged_cells"):
        return [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                for m in ws.merged_cells.ranges]
    try:
        xml = ws.parent._archive.read(ws._worksheet_path)
    except (AttributeError, KeyError, OSError):
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
