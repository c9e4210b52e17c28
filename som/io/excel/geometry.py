"""Where the input sheets put every table, and the formula pieces that read them.

Every formula that reads a table does so through the table's defined name (TBL_COSTS, ...)
and whole columns of it (`INDEX(TBL_COSTS,0,3)`), never through a fixed row: a row a person
inserts or deletes inside the table moves the name's end, so the formulas see the same lines
the importer reads. Data rows are the rows strictly between the name's first row (the header)
and its last row (the row that closes the table).

The pieces are classic spreadsheet functions that Excel (array formulas) and LibreOffice
evaluate alike: IF, SUM, MMULT, EXACT, SUMIF, LOWER, TRIM, ISNUMBER, ROW, COLUMN, INDEX.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from som.io.excel import layout as L


@dataclass
class Table:
    name: str  # the defined name
    sheet: str
    header: int  # 0-based row of the header (the name's first row)
    last: int  # 0-based row that closes the table (the name's last row)
    n_cols: int  # columns from A
    year_col0: int | None = None  # first year column (0-based), if the table has years
    n_years: int = 0
    course_col0: int | None = None  # spec v2: the during-course year block (Konsekvenser)
    n_course: int = 0

    def ref(self) -> str:
        return (f"'{self.sheet}'!$A${self.header + 1}:"
                f"${L.col_name(self.n_cols - 1)}${self.last + 1}")

    def col(self, n: int) -> str:
        """Column n (0-based) of the table, as a reference the size of the table."""
        return f"INDEX({self.name},0,{n + 1})"

    def block(self, first: int, count: int) -> str:
        """Columns first .. first+count-1 as one reference (rows × count)."""
        return f"INDEX({self.name},0,{first + 1}):INDEX({self.name},0,{first + count})"

    def years(self) -> str:
        return self.block(self.year_col0, self.n_years)

    def year(self, k: int) -> str:
        return self.col(self.year_col0 + k)

    def course(self, k: int) -> str:
        return self.col(self.course_col0 + k)

    def courses(self) -> str:
        return self.block(self.course_col0, self.n_course)

    @property
    def data(self) -> str:
        """1 for the data rows, 0 for the header and the closing row (array)."""
        n = self.name
        return f"(ROW({n})>MIN(ROW({n})))*(ROW({n})<MAX(ROW({n})))"

    def filled(self, first: int = 0, count: int | None = None) -> str:
        """1 where any cell of columns first..first+count-1 is filled (array, rows × 1)."""
        count = self.n_cols - first if count is None else count
        return f"(MMULT(--({self.block(first, count)}<>\"\"),{ones(self.block(first, count))})>0)"

    def column_of(self, n: int) -> str:
        return f"COLUMN(INDEX({self.name},1,{n + 1}))"


def ones(block: str) -> str:
    """A column of ones as long as `block` is wide (for row sums with MMULT)."""
    return f"TRANSPOSE(COLUMN({block})^0)"


@dataclass
class Geometry:
    """Everything the formulas reference. Filled in by the input sheets and the list sheet."""

    n_years: int
    field_rows: dict[str, int] = field(default_factory=lambda: dict(L.FIELD_ROW))
    tables: dict[str, Table] = field(default_factory=dict)
    participants_row: int = 0
    marker_rows: dict[str, int] = field(default_factory=dict)  # section name -> marker row
    check_cells: dict[str, str] = field(default_factory=dict)  # sheet -> its check-line cell

    def field(self, key: str) -> str:
        """A field's value cell (its defined name when it has one)."""
        return L.FIELD_NAMES.get(key) or L.ref(L.FORUDSAETNINGER, self.field_rows[key],
                                               L.FIELD_VALUE_COL)

    def field_cell(self, key: str) -> tuple[int, int]:
        return self.field_rows[key], L.FIELD_VALUE_COL

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]


# --- Pieces of formulas -------------------------------------------------------------------

def q(text: str) -> str:
    """A string literal."""
    return '"' + text.replace('"', '""') + '"'


def norm(x: str) -> str:
    """How the importer compares a choice: trimmed, runs of spaces made one, case ignored."""
    return f"LOWER(TRIM({x}))"


def is_num(x: str) -> str:
    """A number (LibreOffice counts TRUE as a number; the importer does not)."""
    return f"AND(ISNUMBER({x}),NOT(ISLOGICAL({x})))"


def is_choice(x: str, choices: tuple[str, ...]) -> str:
    """Scalar: x is one of `choices` as the importer compares them."""
    return "OR(" + ",".join(f"{norm(x)}={q(c.lower())}" for c in choices) + ")"


def not_choice(x: str, choices: tuple[str, ...]) -> str:
    """Array-safe: 1 where x is filled and not one of `choices`."""
    terms = "+".join(f"({norm(x)}={q(c.lower())})" for c in choices)
    return f"(({x}<>\"\")*(({terms})=0))"


def not_number(x: str) -> str:
    """Array-safe: 1 where x is filled and not a number (text)."""
    return f"(({x}<>\"\")*NOT(ISNUMBER({x})))"


def num0(x: str) -> str:
    """Array-safe: the number, 0 for blank or text."""
    return f"IF(ISNUMBER({x}),{x},0)"
