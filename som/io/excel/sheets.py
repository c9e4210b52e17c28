"""Writing the input sheets (Forudsætninger, Konsekvenser, Priser, Antagelser) with XlsxWriter.

Shared by the export (filled from a calculation) and the template (blank, guided). The layout is
the one declared in `som.io.excel.layout`; the importer reads exactly that layout back.

Two guarantees live here:
- numbers keep full precision: XlsxWriter writes cell numbers with 16 significant digits, which
  does not round-trip every float, so `ExactWorksheet` writes the shortest exact representation;
- text is always text: the workbook never turns strings into formulas, numbers or links, and
  every string goes through `write_string`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from som.errors import Problem
from som.io.excel import layout as L

DKK = '#,##0 "kr.";[Red]-#,##0 "kr."'
INPUT_FILL = "#DDEBF7"  # the blue input cells the instructions talk about
ILLUSTRATIVE_FILL = "#F8CBAD"
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                    "strings_to_urls": False, "nan_inf_to_errors": False}


class ExactWorksheet(Worksheet):
    """A worksheet whose number cells hold the exact float (shortest repr), not 16 digits."""

    def _xml_number_element(self, number, attributes=[]) -> None:  # noqa: B006 - XlsxWriter's signature
        if isinstance(number, int) and not isinstance(number, bool):
            text = str(number)
        else:
            text = repr(float(number))
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{text}</v></c>")

    def _prepare_formula(self, formula, expand_future_functions=False):
        """Our formulas use only classic functions (IF, INDEX, MATCH, VLOOKUP, SUMPRODUCT, ...),
        so XlsxWriter's ~30 regex passes that expand newer functions are skipped (speed)."""
        if formula.startswith("{") and formula.endswith("}"):  # an array formula
            formula = formula[1:-1]
        return formula[1:] if formula.startswith("=") else formula


def new_workbook(target) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    wb.set_calc_mode("auto")
    return wb


def add_sheet(wb: xlsxwriter.Workbook, name: str) -> Worksheet:
    return wb.add_worksheet(name, worksheet_class=ExactWorksheet)


class Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.subtitle = add({"bold": True, "font_size": 11})
        self.help = add({"italic": True, "font_color": "#595959", "text_wrap": True,
                         "valign": "top"})
        self.header = add({"bold": True, "bottom": 1, "bg_color": "#D9D9D9", "text_wrap": True,
                           "valign": "top"})
        self.header_num = add({"bold": True, "bottom": 1, "bg_color": "#D9D9D9", "text_wrap": True,
                               "valign": "top", "align": "right"})
        self.dash = add({"align": "right", "valign": "top"})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.marker = add({"bold": True, "font_size": 12, "font_color": "#1F4E79"})
        self.text = add({"valign": "top"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.out_text = add({"font_color": "#404040", "valign": "top"})
        self.kr = add({"num_format": DKK, "align": "right", "valign": "top"})
        self.kr_bold = add({"num_format": DKK, "bold": True, "align": "right", "valign": "top"})
        self.key_figure = add({"num_format": DKK, "bold": True, "text_wrap": True,
                               "valign": "top", "font_color": "#000000"})
        self.number = add({"num_format": "#,##0.00", "align": "right", "valign": "top"})
        self.factor = add({"num_format": "0.0000", "align": "right"})
        self.percent = add({"num_format": "0.0%", "align": "right"})
        self.year = add({"num_format": "0", "bold": True, "bottom": 1, "bg_color": "#D9D9D9"})
        self.plain_year = add({"num_format": "0", "align": "right", "valign": "top"})
        self.bold = add({"bold": True, "valign": "top"})
        base = {"bg_color": INPUT_FILL, "border": 1, "border_color": "#9BC2E6", "valign": "top"}
        self.in_text = add(base)
        self.in_wrap = add({**base, "text_wrap": True})
        self.in_kr = add({**base, "num_format": DKK})
        self.in_number = add({**base, "num_format": "General"})
        self.in_rate = add({**base, "num_format": "0.0%"})
        self.in_year = add({**base, "num_format": "0"})
        self.illustrative = add({"bg_color": ILLUSTRATIVE_FILL, "valign": "top"})
        self.in_illustrative = add({**base, "bg_color": ILLUSTRATIVE_FILL})
        self.in_illustrative_kr = add({**base, "bg_color": ILLUSTRATIVE_FILL, "num_format": DKK})
        self.alarm = add({"bold": True, "font_color": "#C00000", "text_wrap": True,
                          "valign": "top"})
        self.alarm_fill = add({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.ok_text = add({"bold": True, "font_color": "#375623"})
        self.outside = add({"bg_color": "#EDEDED", "font_color": "#A6A6A6"})
        self.end = add({"italic": True, "font_color": "#808080", "top": 1, "top_color": "#BFBFBF"})
        self.warning = add({"bold": True, "font_color": "#843C0C", "bg_color": "#FCE4D6",
                            "text_wrap": True, "valign": "top", "border": 1,
                            "border_color": "#C55A11"})

    def for_kind(self, kind: str):
        return {"money": self.in_kr, "share": self.in_rate, "rate": self.in_rate,
                "year": self.in_year, "int": self.in_year, "number": self.in_number,
                "discount": self.in_number, "lines": self.in_wrap}.get(kind, self.in_text)


# --- Text that Excel cannot hold exactly -----------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_|x005F_", re.IGNORECASE)


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored in a cell and read back unchanged, or None if it can."""
    if len(text) > L.EXCEL_MAX_TEXT:
        return f"teksten er for lang til en Excel-celle ({len(text):,} tegn; højst 32.767)"
    if _CONTROL.search(text):
        return "teksten indeholder et styretegn (fx \\r), som Excel ikke gemmer uændret"
    if _ESCAPE_LIKE.search(text):
        return "teksten indeholder en tegnfølge som '_x0041_', som Excel opfatter som et kodet tegn"
    return None


def text_problems(data: Any, path: str = "") -> list[Problem]:
    """Every string (keys too) in the calculation data that a workbook cannot keep exactly."""
    out: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (why := text_problem(key)):
                out.append(Problem(sub, why))
            out += text_problems(value, sub)
    elif isinstance(data, list):
        for n, value in enumerate(data):
            out += text_problems(value, f"{path}[{n}]")
    elif isinstance(data, str) and (why := text_problem(data)):
        out.append(Problem(path, why))
    return out


def put(ws: Worksheet, row: int, col: int, value, fmt=None) -> None:
    """Write one value: text as text (never a formula), numbers as numbers, None as blank."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        if value == "":
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        raise TypeError("booleans are not written to the workbook")
    else:
        ws.write_number(row, col, value, fmt)


def row_height(texts, widths, line: float = 15.0) -> float:
    """Points for a row whose wrapped texts (in columns of `widths` characters) must all show:
    the longest cell's line count × one line. Spreadsheets do not grow rows on their own when a
    file is opened, so a row with a long text would otherwise overlap the next."""
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        if not text:
            continue
        per_line = max(1, int(width * 1.15) - 1)
        count = 0
        for part in str(text).split("\n"):
            words, current = part.split(" "), 0
            count += 1
            for word in words:
                if current and current + 1 + len(word) > per_line:
                    count += 1
                    current = len(word)
                else:
                    current += (1 if current else 0) + len(word)
        lines = max(lines, count)
    return line * lines + 3


def sheet_head(ws: Worksheet, f: Formats, title: str, help_text: str, width: int = 8) -> None:
    ws.write_string(L.TITLE_ROW, 0, title, f.title)
    ws.merge_range(L.HELP_ROW, 0, L.HELP_ROW, width, help_text, f.help)
    ws.set_row(L.HELP_ROW, 45)


def print_setup(ws: Worksheet, repeat_row: int | None = None, repeat_col: bool = False) -> None:
    """A4 landscape. Sheets with year columns (repeat_col) print at full size in blocks of
    years, left to right, with column A repeated on every page; others fit one page wide."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if repeat_col:
        ws.repeat_columns(0)
        ws.print_across()
        ws.set_print_scale(85)
    else:
        ws.fit_to_pages(1, 0)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)
    ws.set_footer("&L&8&A&R&8Side &P af &N")


def header_row(ws: Worksheet, f: Formats, row: int, columns: tuple[L.Column, ...],
               col0: int = 0, widths: bool = True) -> None:
    for n, c in enumerate(columns):
        ws.write_string(row, col0 + n, c.header, f.header)
        if widths:
            ws.set_column(col0 + n, col0 + n, c.width)


def validate_list(ws: Worksheet, first_row: int, last_row: int, col: int,
                  choices: tuple[str, ...], title: str) -> None:
    ws.data_validation(first_row, col, last_row, col, {
        "validate": "list", "source": list(choices), "ignore_blank": True,
        "error_title": "Ugyldig værdi", "error_type": "stop",
        "error_message": f"{title}: vælg en af " + ", ".join(choices),
    })


NUMBER_RULES = {  # data validation of number cells: (type, criteria, min, max, Danish message)
    "money": ("decimal", ">=", 0, None, "Skriv et beløb i kr. som et tal (0 eller mere)."),
    "count": ("decimal", ">=", 0, None, "Skriv et antal som et tal (0 eller mere)."),
    "rate": ("decimal", "between", 0, 1, "Skriv en andel mellem 0 og 100 % (fx 25 %)."),
    "year": ("integer", "between", 1900, 2200, "Skriv et årstal mellem 1900 og 2200."),
    "horizon": ("integer", "between", 1, L.MAX_YEARS, "Skriv et helt antal år fra 1 til 50."),
    "whole": ("integer", ">=", 0, None, "Skriv et helt antal år (0 eller mere)."),
    "index": ("decimal", ">", 0, None, "Skriv et indekstal større end 0."),
    "delta": ("decimal", "between", -1e12, 1e12, "Skriv ændringen som et tal (negativ = mindre)."),
}


def validate_number(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int,
                    rule: str) -> None:
    """Data validation with a Danish message (a stop when typed; the Kontrol sheet catches
    what is pasted or typed as text)."""
    kind, criteria, low, high, message = NUMBER_RULES[rule]
    options = {"validate": kind, "criteria": criteria, "ignore_blank": True,
               "error_title": "Ugyldigt tal", "error_message": message, "error_type": "stop",
               "input_title": "", "input_message": ""}
    if criteria == "between":
        options.update(minimum=low, maximum=high)
    else:
        options["value"] = low
    ws.data_validation(first_row, first_col, last_row, last_col, options)


def mark_bad(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int,
             rule: str, fmt, choices: tuple[str, ...] = ()) -> None:
    """Red cells where the importer would refuse the value (the Kontrol sheet says why):
    conditional formats, so rows a person inserts inside the range are marked too."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    x = xl_rowcol_to_cell(first_row, first_col)
    text = f'AND({x}<>"",NOT(ISNUMBER({x})))'
    criteria = {
        "choice": f'AND({x}<>"",NOT(OR(' + ",".join(
            f'LOWER(TRIM({x}))="{c.lower()}"' for c in choices) + ")))",
        "number": text,
        "money": f"OR({text},AND(ISNUMBER({x}),{x}<0))",
        "rate": f"OR({text},AND(ISNUMBER({x}),OR({x}<0,{x}>1)))",
    }[rule]
    ws.conditional_format(first_row, first_col, last_row, last_col,
                          {"type": "formula", "criteria": "=" + criteria, "format": fmt})


def grey_beyond_horizon(ws: Worksheet, first_row: int, year_col0: int, last_row: int,
                        n_years: int, fmt, offset: int = 1) -> None:
    """Year columns from the horizon on turn grey: they count for nothing (and a value there
    is an error). `offset`: 1 when the first column is year 1, 0 when it is 'År 0'."""
    from xlsxwriter.utility import xl_col_to_name

    first = xl_col_to_name(year_col0)
    ws.conditional_format(first_row, year_col0, last_row, year_col0 + n_years - 1, {
        "type": "formula", "format": fmt,
        "criteria": f"=COLUMN({first}{first_row + 1})-COLUMN(${first}{first_row + 1})+{offset}"
                    f">IN_HORIZON"})


# --- What the input sheets show --------------------------------------------------------------

@dataclass
class PriceRow:
    id: str
    kind: str
    name: str = ""
    unit: str = ""
    price_year: int | None = None
    kommune: float = 0.0
    region: float = 0.0
    stat: float = 0.0
    source_title: str = ""
    source_url: str = ""
    origin: str = "file"  # or "kb"
    status: str | None = None
    area: str = ""  # spec v2: consequence-area id
    budget_area: str = ""  # spec v2: committee (udvalg)

    def snapshot(self) -> list:
        """The values the importer compares a knowledge-base row against."""
        return [self.name, self.unit, self.kind, self.price_year, self.kommune, self.region,
                self.stat, self.source_title, self.source_url, self.area, self.budget_area]

    def cells(self) -> list:
        """The row as Priser shows it (layout.PRICE_COLUMNS, without origin and status)."""
        return [self.id, self.name, self.unit, L.KINDS[self.kind], self.price_year, self.kommune,
                self.region, self.stat, self.area, self.budget_area, self.source_title,
                self.source_url]


@dataclass
class ConsequenceRow:
    item: str
    deltas: list[float]
    origin: str = "file"  # or "kb" (the target group's default profile)
    status: str | None = None
    name: str = ""
    course: list[float] = field(default_factory=list)  # spec v2: per starter during the course


@dataclass
class KbRows:
    """The knowledge base's values the workbook needs for look-ups and drop-downs (Lister)."""

    groups: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    prices: list[PriceRow] = field(default_factory=list)  # every price, origin "kb"
    # (group, item, delta_per_success, during_course), vectors [] when absent
    profiles: list[tuple[str, str, list[float], list[float]]] = field(default_factory=list)
    index: list[tuple[int, float]] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # consequence-area ids
    budget_map: dict[str, str] = field(default_factory=dict)  # an overlay's area -> committee
    offered_map: dict[str, str] = field(default_factory=dict)  # the base's map (the template)
    discount_steps: list[tuple[int, int | None, float]] = field(default_factory=list)


@dataclass
class InputData:
    """Everything the input sheets show. `calc` is None for the blank template."""

    calc: Any
    n_years: int
    prices: list[PriceRow] = field(default_factory=list)
    consequences: list[ConsequenceRow] = field(default_factory=list)
    index: list[tuple[int, float]] = field(default_factory=list)
    index_source: str = "file"
    derived: dict[str, str] = field(default_factory=dict)  # assumptions topic -> computed note
    spare: dict[str, int] = field(default_factory=lambda: dict(L.SPARE))  # blank lines per table
    kb: KbRows = field(default_factory=KbRows)
    target_group: str | None = None  # the knowledge-base target group as exported
    budget_map: dict[str, str] | None = None  # settings.budget_areas as shown (None: not used)
    committees: list[str] = field(default_factory=list)  # rows of the Udvalg sheet
    n_cons_years: int = 0  # 'År k' columns on Konsekvenser (>= n_years)
    n_course_years: int = L.COURSE_YEARS_MIN  # 'Forløb år k' columns on Konsekvenser
    effect: dict | None = None  # intervention.effect and what it resolved to (import_effect.py)

    @property
    def template(self) -> bool:
        return self.calc is None


def hidden_sheet(wb: xlsxwriter.Workbook, data: InputData) -> None:
    """Format version and the knowledge-base values as exported (the importer's reference)."""
    ws = add_sheet(wb, L.HIDDEN)
    snapshot = {
        "format": L.FORMAT_VERSION,
        "kb_prices": {p.id: p.snapshot() for p in data.kb.prices},
        "kb_consequences": [[c.item, c.deltas, c.course] for c in data.consequences
                            if c.origin == "kb"],
        "kb_index": data.index if data.index_source == "kb" else [],
    }
    if data.effect is not None:
        snapshot["effect"] = data.effect
    text = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    ws.write_string(0, 0, "format")
    ws.write_number(0, 1, L.FORMAT_VERSION)
    ws.write_string(1, 0, "snapshot")
    chunk = 30_000
    for n in range(0, max(1, len(text)), chunk):
        ws.write_string(1, 1 + n // chunk, text[n:n + chunk])
    ws.very_hidden()
