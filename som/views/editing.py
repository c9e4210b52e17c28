"""Tables a user edits <-> the calculation's plain data (spec §1), faithfully.

A front end shows cost lines, consequences and prices as wide tables (one column per year) and
hands the edited rows back here. The conversion never drops or clips a value: a value in a column
that the line's type does not use is passed on, so the schema names the problem instead of the
table silently ignoring it. Blank cells inside a row count as 0; trailing blanks end the list.
"""

from __future__ import annotations

import math
from typing import Any

from som.views.labels import (
    COST_TYPE_LABELS,
    COST_TYPES_BY_LABEL,
    KINDS_BY_LABEL,
    PAYER_LABELS,
    PAYERS,
)

NAME, TYPE, PRICE_YEAR, PER_PARTICIPANT = "Navn", "Type", "Prisår", "Pr. deltager (kr.)"
SHARE_COLUMNS = {p: f"{PAYER_LABELS[p]} %" for p in PAYERS}
ITEM = "Post"


def blank(value: Any) -> bool:
    """None, NaN and '' are blank cells (pandas gives NaN or None for an empty cell)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return isinstance(value, float) and math.isnan(value)


def _number(value: Any) -> Any:
    """A cell as a plain float; text is passed on unchanged for the schema to report."""
    if blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return float(value)  # numpy scalars
        except (TypeError, ValueError):
            return value
    return float(value)


def percent_from_share(share: float | None) -> float | None:
    """0.25 -> 25.0, rounded so that 0.35 shows as 35 and not 35.00000000000001.

    >>> percent_from_share(0.35)
    35.0
    """
    return None if share is None else round(share * 100, 9)


def share_from_percent(percent: float | None, previous: float | None = None) -> float | None:
    """25 -> 0.25; returns `previous` unchanged when it already shows as `percent`.

    A value typed in percent must not alter a share that the user did not touch (0.123456789012
    would otherwise be rounded by the round trip and change the input hash).

    >>> share_from_percent(35.0)
    0.35
    >>> share_from_percent(12.3456789012, previous=0.123456789012)
    0.123456789012
    """
    if percent is None:
        return None
    if previous is not None and percent_from_share(previous) == percent:
        return previous
    return round(percent / 100, 12)


def year_list(cells: list[Any]) -> list[Any]:
    """Cells of one row by year -> a list: trailing blanks dropped, inner blanks 0.

    >>> year_list([5, None, 7, None, None])
    [5.0, 0.0, 7.0]
    """
    values = [_number(c) for c in cells]
    while values and values[-1] is None:
        values.pop()
    return [0.0 if v is None else v for v in values]


def year_columns(start_year: int, count: int) -> list[str]:
    return [str(start_year + y) for y in range(count)]


def lag_columns(count: int) -> list[str]:
    """Years since success, 'År 1' being the first year with consequences."""
    return [f"År {k + 1}" for k in range(count)]


# --- costs ---------------------------------------------------------------------------------------

def cost_columns(lines: list[dict], start_year: int, horizon: int) -> list[str]:
    """Enough year columns for the horizon and for any list longer than it (so nothing is cut)."""
    longest = max([len(line.get("amounts") or []) for line in lines] + [horizon])
    return year_columns(start_year, longest)


def cost_rows(lines: list[dict], start_year: int, horizon: int) -> list[dict]:
    """Cost lines (spec §1 costs/saved_costs) -> one row per line, one column per year."""
    years = cost_columns(lines, start_year, horizon)
    rows = []
    for line in lines:
        payer = line.get("payer")
        shares = {payer: 1.0} if isinstance(payer, str) else dict(payer or {})
        row: dict[str, Any] = {NAME: line.get("name", ""),
                               TYPE: COST_TYPE_LABELS.get(line.get("type"), line.get("type"))}
        row.update({SHARE_COLUMNS[p]: percent_from_share(shares.get(p, 0.0)) for p in PAYERS})
        row[PRICE_YEAR] = line.get("price_year")
        row[PER_PARTICIPANT] = line.get("amount")
        amounts = line.get("amounts") or []
        row.update({col: (amounts[y] if y < len(amounts) else None) for y, col in enumerate(years)})
        rows.append(row)
    return rows


def _payer(row: dict, previous: Any) -> Any:
    shares = {}
    for p in PAYERS:
        value = _number(row.get(SHARE_COLUMNS[p]))
        if value is None or value == 0:
            continue
        old = previous.get(p) if isinstance(previous, dict) else (1.0 if previous == p else None)
        shares[p] = share_from_percent(value, old) if isinstance(value, float) else value
    return shares  # the schema's normal form ({payer: share}), also for a single payer


def cost_lines_from_rows(rows: list[dict], start_year: int, previous: list[dict] = ()) -> list[dict]:
    """Edited rows -> cost lines. A row keeps its position, so `previous[n]` is its old line."""
    lines = []
    for n, row in enumerate(rows):
        old = previous[n] if n < len(previous) else {}
        label = row.get(TYPE)
        line: dict[str, Any] = {
            "name": "" if blank(row.get(NAME)) else str(row.get(NAME)),
            "type": COST_TYPES_BY_LABEL.get(label, label),
            "payer": _payer(row, old.get("payer")),
        }
        year_cells = [row[c] for c in row if c.isdigit()]
        amounts = year_list(year_cells)
        amount = _number(row.get(PER_PARTICIPANT))
        if line["type"] == "per_participant":
            if amounts:
                line["amounts"] = amounts  # the schema says that this line type takes no amounts
        else:
            line["amounts"] = amounts
        if amount is not None:
            line["amount"] = amount
        price_year = _number(row.get(PRICE_YEAR))
        if price_year is not None:
            line["price_year"] = int(price_year) if float(price_year).is_integer() else price_year
        lines.append(line)
    return lines


# --- consequences --------------------------------------------------------------------------------

def consequence_rows(consequences: list[dict], choices: dict[str, str], horizon: int) -> list[dict]:
    """Consequences -> one row per item ('Post' shown by its label), one column per year."""
    longest = max([len(c["delta_per_success"]) for c in consequences] + [horizon])
    cols = lag_columns(longest)
    rows = []
    for c in consequences:
        row: dict[str, Any] = {ITEM: choices.get(c["item"], c["item"])}
        deltas = c["delta_per_success"]
        row.update({col: (deltas[k] if k < len(deltas) else None) for k, col in enumerate(cols)})
        rows.append(row)
    return rows


def consequences_from_rows(rows: list[dict], choices: dict[str, str]) -> list[dict]:
    by_label = {label: item for item, label in choices.items()}
    out = []
    for row in rows:
        label = row.get(ITEM)
        item = "" if blank(label) else by_label.get(label, str(label))
        deltas = year_list([row[c] for c in row if c.startswith("År ")])
        out.append({"item": item, "delta_per_success": deltas})
    return out


# --- prices --------------------------------------------------------------------------------------

PRICE_EDITABLE = ("Art", "Prisår", "Kommune", "Region", "Stat")


def prices_from_rows(rows: list[dict], shown: list[dict], inline: dict) -> dict:
    """Edited price rows -> the calculation's inline prices.

    A row whose editable cells differ from what was shown becomes (or updates) a local price
    that carries the item's name, unit and kind; other rows leave the inline prices as they were.
    """
    out = {k: dict(v) for k, v in (inline or {}).items()}
    for row, before in zip(rows, shown, strict=True):
        if all(_same(row.get(c), before.get(c)) for c in PRICE_EDITABLE):
            continue
        item = before["Id"]
        price = out.get(item) or {"name": before.get("Post") or item, "unit": before.get("Enhed", "")}
        kind = row.get("Art")
        price["kind"] = KINDS_BY_LABEL.get(kind, "" if blank(kind) else kind)
        year = _number(row.get("Prisår"))
        if year is not None:
            price["price_year"] = int(year) if float(year).is_integer() else year
        for payer, col in (("kommune", "Kommune"), ("region", "Region"), ("stat", "Stat")):
            value = _number(row.get(col))
            price[payer] = 0.0 if value is None else value
        out[item] = price
    return out


def _same(a: Any, b: Any) -> bool:
    if blank(a) and blank(b):
        return True
    return a == b
