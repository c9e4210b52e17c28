"""Tables a user edits <-> the calculation's plain data (spec §1), faithfully and in Danish.

A front end shows cost lines, consequences and prices as wide tables (one column per year) whose
number cells are TEXT: a person types Danish numbers ("300.000", "18,5", "-4") and
`som.numparse` reads them, so the browser's locale never decides what a number means. Cells are
filled with every digit of the stored value (`numparse.editable`), so an untouched table gives
back exactly the data it was made from.

`*_from_rows` return (data, refusals): a refusal is one Danish sentence naming the line and the
column ("Linje 2, 2026: '300,000.5' er tvetydigt: ..."). With any refusal the caller keeps the
previous data: figures are never computed from a guess. A value in a column that the line's type
does not use is passed on, so the schema names the problem instead of the table dropping it.
Blank cells inside a row count as 0; trailing blanks end the list.
"""

from __future__ import annotations

from typing import Any

from som import numparse
from som.numparse import MONEY, NUMBER, PERCENT, YEAR, Kind
from som.views.labels import (
    COST_TYPE_LABELS,
    COST_TYPES_BY_LABEL,
    KINDS_BY_LABEL,
    PAYER_LABELS,
    PAYERS,
    consequence_year_header,
)

NAME, TYPE, PRICE_YEAR, PER_PARTICIPANT = "Navn", "Type", "Prisår", "Pr. deltager (kr.)"
COMMITTEE = "Udvalg"  # spec v2 §2.12: the committee whose budget a cost line is
SHARE_COLUMNS = {p: f"{PAYER_LABELS[p]} %" for p in PAYERS}
ITEM = "Post"


def blank(value: Any) -> bool:
    """None, NaN and '' are blank cells (pandas gives NaN or None for an empty cell)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return isinstance(value, float) and value != value


class Typed(str):
    """A cell's text as a person typed it (not as the table was filled): a typed percent cell is
    always said back ("Linje 2, Kommune % = 25 %"), like a percent field."""

    __slots__ = ()


class Cells:
    """Reads the number cells of one table, collecting Danish refusals and understood values."""

    def __init__(self) -> None:
        self.refusals: list[str] = []
        self.understood: list[str] = []

    def number(self, where: str, value: Any, kind: Kind = NUMBER) -> Any:
        """A cell -> float, None for blank; a refused cell is noted and gives None."""
        if blank(value):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = numparse.editable(float(value), kind)
        text = str(value)
        reading = numparse.read(text, kind, required=False)
        if not reading.ok:
            self.refusals.append(f"{where}: {reading.error}")
            return None
        if text.strip() != numparse.editable(reading.value, kind) or (
                kind.percent and isinstance(value, Typed)):
            self.understood.append(f"{where} {numparse.understood(reading.value, kind)}")
        return reading.value

    def year_list(self, where: str, row: dict, columns: list[str], kind: Kind) -> list[float]:
        """One row's year cells -> a list: trailing blanks dropped, inner blanks 0."""
        values = [self.number(f"{where}, {c}", row.get(c), kind) for c in columns]
        while values and values[-1] is None:
            values.pop()
        return [0.0 if v is None else v for v in values]


def _plain(value: Any) -> Any:
    """A cell's value as plain data (a Typed text becomes a str, so it can be written out)."""
    return str(value) if isinstance(value, str) else value


def _text(value: float | None, kind: Kind = NUMBER) -> str | None:
    return None if value is None else numparse.editable(value, kind)


def year_columns(start_year: int, count: int) -> list[str]:
    return [str(start_year + y) for y in range(count)]


def lag_columns(count: int) -> list[str]:
    """Years since success: 'År 0' is the year of success, as in the Excel workbook."""
    return [consequence_year_header(k) for k in range(count)]


# --- costs ---------------------------------------------------------------------------------------

def cost_columns(lines: list[dict], start_year: int, horizon: int) -> list[str]:
    """Enough year columns for the horizon and for any list longer than it (so nothing is cut)."""
    longest = max([len(line.get("amounts") or []) for line in lines] + [horizon])
    return year_columns(start_year, longest)


def cost_table_columns(lines: list[dict], start_year: int, horizon: int) -> list[str]:
    return [NAME, TYPE, COMMITTEE, *SHARE_COLUMNS.values(), PRICE_YEAR, PER_PARTICIPANT,
            *cost_columns(lines, start_year, horizon)]


def cost_rows(lines: list[dict], start_year: int, horizon: int) -> list[dict]:
    """Cost lines (spec §1 costs/saved_costs) -> one row of text cells per line."""
    years = cost_columns(lines, start_year, horizon)
    rows = []
    for line in lines:
        payer = line.get("payer")
        shares = {payer: 1.0} if isinstance(payer, str) else dict(payer or {})
        row: dict[str, Any] = {NAME: line.get("name", ""),
                               TYPE: COST_TYPE_LABELS.get(line.get("type"), line.get("type")),
                               COMMITTEE: line.get("budget_area")}
        row.update({SHARE_COLUMNS[p]: _text(shares.get(p, 0.0), PERCENT) for p in PAYERS})
        row[PRICE_YEAR] = _text(line.get("price_year"), YEAR)
        row[PER_PARTICIPANT] = _text(line.get("amount"), MONEY)
        amounts = line.get("amounts") or []
        row.update({col: _text(amounts[y] if y < len(amounts) else None, MONEY)
                    for y, col in enumerate(years)})
        rows.append(row)
    return rows


def cost_lines_from_rows(rows: list[dict], cells: Cells | None = None) -> tuple[list[dict], Cells]:
    """Edited rows -> cost lines, and the cells' refusals and understood values."""
    cells = cells or Cells()
    lines = []
    for n, row in enumerate(rows):
        where = f"Linje {n + 1}"
        label = row.get(TYPE)
        shares = {p: cells.number(f"{where}, {SHARE_COLUMNS[p]}", row.get(SHARE_COLUMNS[p]), PERCENT)
                  for p in PAYERS}
        line: dict[str, Any] = {
            "name": "" if blank(row.get(NAME)) else str(row.get(NAME)).strip(),
            "type": COST_TYPES_BY_LABEL.get(label, _plain(label)),
            "payer": {p: s for p, s in shares.items() if s},  # the schema's normal form
        }
        years = [c for c in row if str(c).isdigit()]
        amounts = cells.year_list(where, row, years, MONEY)
        amount = cells.number(f"{where}, {PER_PARTICIPANT}", row.get(PER_PARTICIPANT), MONEY)
        if line["type"] != "per_participant" or amounts:
            line["amounts"] = amounts  # a per-participant line with amounts: the schema says so
        if amount is not None:
            line["amount"] = amount
        price_year = cells.number(f"{where}, {PRICE_YEAR}", row.get(PRICE_YEAR), YEAR)
        if price_year is not None:
            line["price_year"] = int(price_year)
        if not blank(row.get(COMMITTEE)):
            line["budget_area"] = str(row.get(COMMITTEE)).strip()
        lines.append(line)
    return lines, cells


# --- consequences --------------------------------------------------------------------------------
# A consequence carries delta_per_success (per success, by year since success) and/or
# during_course (per starter, by year since starting; spec v2 §2.5b). Each is edited in its own
# table; `part` and `with_part` split the list into one vector per table and put it back.

VECTORS = ("delta_per_success", "during_course")


def part(consequences: list[dict], key: str) -> list[dict]:
    """The entries with vector `key`, as {item, key: vector}."""
    return [{"item": c["item"], key: list(c[key])} for c in consequences if c.get(key)]


def with_part(consequences: list[dict], key: str, new: list[dict]) -> list[dict]:
    """`consequences` with vector `key` replaced by `new`: an item keeps its other vector, a new
    item is appended, and an old entry left with no vector at all is dropped (its row was
    deleted).

    >>> with_part([{"item": "a", "delta_per_success": [1.0], "during_course": [2.0]}],
    ...           "during_course", [{"item": "b", "during_course": [3.0]}])
    [{'item': 'a', 'delta_per_success': [1.0]}, {'item': 'b', 'during_course': [3.0]}]
    """
    out = [{k: v for k, v in c.items() if k != key} for c in consequences]
    out = [c for c in out if any(c.get(v) for v in VECTORS)]
    for entry in new:  # kept even with an empty vector, so the schema names the line
        target = next((c for c in out if c["item"] == entry["item"] and key not in c), None)
        if target is None:
            target = {"item": entry["item"]}
            out.append(target)
        target[key] = list(entry[key])
    return out


def consequence_rows(consequences: list[dict], choices: dict[str, str], columns: int,
                     key: str = "delta_per_success") -> list[dict]:
    """Consequences -> one row per item ('Post' shown by its label), one text cell per year."""
    cols = lag_columns(columns)
    rows = []
    for c in consequences:
        values = c.get(key) or []
        row: dict[str, Any] = {ITEM: choices.get(c["item"], c["item"])}
        row.update({col: _text(values[k] if k < len(values) else None) for k, col in enumerate(cols)})
        rows.append(row)
    return rows


def consequences_from_rows(rows: list[dict], choices: dict[str, str], key: str = "delta_per_success",
                           cells: Cells | None = None) -> tuple[list[dict], Cells]:
    """Edited rows -> [{item, key: vector}] (a row without any number keeps an empty vector, so
    the schema names the line)."""
    cells = cells or Cells()
    by_label = {label: item for item, label in choices.items()}
    out = []
    for n, row in enumerate(rows):
        label = row.get(ITEM)
        item = "" if blank(label) else by_label.get(label, str(label))
        years = [c for c in row if str(c).startswith("År ")]
        out.append({"item": item, key: cells.year_list(f"Linje {n + 1}", row, years, NUMBER)})
    return out, cells


# --- prices --------------------------------------------------------------------------------------

PRICE_EDITABLE = ("Art", "Prisår", "Kommune", "Region", "Stat")
PRICE_MONEY = ("Kommune", "Region", "Stat")


def price_text_rows(rows: list[dict]) -> list[dict]:
    """views.price_rows with the editable numbers as text cells."""
    out = []
    for row in rows:
        row = dict(row)
        row["Prisår"] = _text(row.get("Prisår"), YEAR)
        row.update({c: _text(row.get(c), MONEY) for c in PRICE_MONEY})
        out.append(row)
    return out


def prices_from_rows(rows: list[dict], shown: list[dict], inline: dict,
                     cells: Cells | None = None) -> tuple[dict, Cells]:
    """Edited price rows -> the calculation's inline prices.

    A row whose editable cells differ from what was shown becomes (or updates) a local price
    that carries the item's name, unit and kind; other rows leave the inline prices as they were.
    """
    cells = cells or Cells()
    out = {k: dict(v) for k, v in (inline or {}).items()}
    for row, before in zip(rows, shown, strict=True):
        if all(_same(row.get(c), before.get(c)) for c in PRICE_EDITABLE):
            continue
        item = before["Id"]
        where = f"{before.get('Post') or item}"
        price = out.get(item) or {"name": before.get("Post") or item, "unit": before.get("Enhed", "")}
        kind = row.get("Art")
        price["kind"] = KINDS_BY_LABEL.get(kind, "" if blank(kind) else _plain(kind))
        year = cells.number(f"{where}, Prisår", row.get("Prisår"), YEAR)
        if year is not None:
            price["price_year"] = int(year)
        for payer, col in (("kommune", "Kommune"), ("region", "Region"), ("stat", "Stat")):
            value = cells.number(f"{where}, {col}", row.get(col), MONEY)
            price[payer] = 0.0 if value is None else value
        out[item] = price
    return out, cells


def _same(a: Any, b: Any) -> bool:
    if blank(a) and blank(b):
        return True
    return a == b
