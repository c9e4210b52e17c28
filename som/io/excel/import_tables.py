"""Reading Konsekvenser, Priser and Antagelser into calculation data."""

from __future__ import annotations

from typing import Any

from som.io.excel import layout as L
from som.io.excel.import_sheets import KB_EDITED, NO_SNAPSHOT, _set
from som.io.excel.reader import BAD, SheetReader


def _table_rows(sr: SheetReader, heads: tuple[str, ...]) -> tuple[int, list[int]]:
    """(header row, data rows): the header found by content, rows up to the end marker."""
    header = sr.find_header(heads)
    sr.check_merged(header)
    sr.check_header(header, heads)
    end, _ = sr.end_row(header)
    return header, sr.filled_rows(header + 1, end)


def _profile_key(item, deltas) -> tuple:
    return (str(item), tuple(float(d) for d in deltas))


def read_consequences(sr: SheetReader, reader, data: dict, horizon) -> None:
    header, rows = _table_rows(sr, tuple(c.header for c in L.CONSEQUENCE_COLUMNS))
    y0 = L.CONSEQUENCE_YEAR_COL0
    n = 0
    while n < L.MAX_YEARS and (header, y0 + n) in sr.grid:
        if sr.text_at(header, y0 + n) != L.consequence_year_header(n):
            sr.add(header, y0 + n, f"forventede overskriften '{L.consequence_year_header(n)}'")
        n += 1
    horizon = horizon if isinstance(horizon, int) and horizon > 0 else None
    own, from_kb = [], []
    for r in rows:
        index = len(own)
        item = sr.text(r, 0)
        origin = sr.choice(r, 1, tuple(L.CONSEQUENCE_ORIGINS.values()), "oprindelse")
        deltas, cells = sr.year_list(r, y0, n, horizon)
        if item is None:
            sr.add(r, 0, "udfyld konsekvensens id")
        if not deltas and (r, y0) not in sr.grid:
            sr.add(r, y0, "udfyld mindst ét år")
        if origin == L.CONSEQUENCE_ORIGINS["kb"]:
            from_kb.append((r, item, deltas))
            continue
        key = f"consequences[{index}]"
        reader.cells[key] = reader.cells[f"{key}.item"] = sr.where(r, 0)
        reader.cells[f"{key}.delta_per_success"] = sr.where(r, y0)
        for k, cell in enumerate(cells):
            reader.cells[f"{key}.delta_per_success[{k}]"] = cell
        own.append({"item": item, "delta_per_success": deltas})
    if own and from_kb:
        sr.add(from_kb[0][0], 1, "bland ikke 'beregning' og 'målgruppe': egne konsekvenser "
                                 "erstatter målgruppens standardprofil; sæt alle rækker til "
                                 "'beregning'")
    elif from_kb:
        if reader.snapshot is None:
            sr.add(from_kb[0][0], 1, "rækken " + NO_SNAPSHOT)
        elif sorted(_profile_key(i, d) for _, i, d in from_kb if i not in (None, BAD)) != sorted(
                _profile_key(i, d) for i, d in reader.snapshot.get("kb_consequences") or []):
            sr.add(from_kb[0][0], 1, "målgruppens standardprofil " + KB_EDITED)
    if own:
        data["consequences"] = own


def read_prices(sr: SheetReader, reader, data: dict) -> None:
    _, rows = _table_rows(sr, tuple(c.header for c in L.PRICE_COLUMNS))
    c = L.PRICE_COL
    prices: dict[str, dict] = {}
    seen: set = set()
    for r in rows:
        for col in sr.cols_in_row(r):
            if col >= len(L.PRICE_COLUMNS):
                sr.add(r, col, "værdi i en kolonne uden overskrift")
        pid = sr.text(r, c["id"])
        row: dict[str, Any] = {}
        for key in ("name", "unit", "source.title", "source.url"):
            _set(row, key, sr.text(r, c[key]))
        kind = sr.choice(r, c["kind"], tuple(L.KINDS.values()), "art")
        if kind not in (None, BAD):
            row["kind"] = L.reverse(L.KINDS)[kind]
        _set(row, "price_year", sr.integer(r, c["price_year"]))
        for payer in L.PAYERS:
            _set(row, payer, sr.number(r, c[payer]))
        origin = sr.choice(r, c["origin"], tuple(L.PRICE_ORIGINS.values()), "oprindelse")
        if pid is None:
            sr.add(r, c["id"], "udfyld prisens id")
            continue
        if pid is BAD:
            continue
        if pid in seen:
            sr.add(r, c["id"], f"id'et {pid!r} står to gange på arket")
            continue
        seen.add(pid)
        if origin == L.PRICE_ORIGINS["kb"]:
            snapshot = (reader.snapshot or {}).get("kb_prices", {})
            shown = [row.get("name", ""), row.get("unit", ""), row.get("kind"),
                     row.get("price_year"), row.get("kommune", 0.0), row.get("region", 0.0),
                     row.get("stat", 0.0), row.get("source", {}).get("title", ""),
                     row.get("source", {}).get("url", "")]
            if reader.snapshot is None or pid not in snapshot:
                sr.add(r, c["origin"], f"prisen {pid!r} " + NO_SNAPSHOT.replace(
                    "arbejdsbogens skjulte kontrolark '_som' mangler", "den findes ikke i "
                    "arbejdsbogens skjulte kontrolark '_som'"))
            elif shown != snapshot[pid]:
                sr.add(r, c["kommune"], f"prisen {pid!r} " + KB_EDITED)
            continue
        for key in ("id", "name", "unit", "kind", "price_year", *L.PAYERS):
            reader.cells[f"prices.{pid}.{key}"] = sr.where(r, c[key])
        reader.cells[f"prices.{pid}"] = sr.where(r, c["id"])
        reader.cells[f"prices.{pid}.source"] = sr.where(r, c["source.title"])
        prices[pid] = row
    if prices:
        data["prices"] = prices


def read_assumptions(sr: SheetReader, reader, data: dict) -> None:
    _, rows = _table_rows(sr, tuple(c.header for c in L.ASSUMPTION_COLUMNS))
    topics = L.reverse(L.TOPICS)
    entries = []
    for r in rows:
        text, source = sr.text(r, 1), sr.text(r, 2)
        topic = sr.choice(r, 0, tuple(L.TOPICS.values()), "emne")
        if text is None and source is None:
            continue
        if text is None:
            sr.add(r, 1, "antagelsen mangler tekst (kilden står alene)")
            continue
        if topic is None:
            sr.add(r, 0, "vælg et emne for antagelsen")
            continue
        if BAD in (text, source, topic):
            continue
        key = f"assumptions[{len(entries)}]"
        reader.cells[key] = reader.cells[f"{key}.text"] = sr.where(r, 1)
        reader.cells[f"{key}.topic"] = sr.where(r, 0)
        entry = {"topic": topics[topic], "text": text}
        _set(entry, "source", source)
        entries.append(entry)
    if entries:
        data["assumptions"] = entries
