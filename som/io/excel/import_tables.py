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


def _profile_key(item, deltas, course=()) -> tuple:
    return (str(item), tuple(float(d) for d in deltas or ()), tuple(float(e) for e in course or ()))


def _year_headers(sr: SheetReader, header: int, col0: int, name) -> int:
    """How many contiguous year headers `name(k)` start at col0 (a wrong one is an error)."""
    n = 0
    while n < L.MAX_YEARS * 2 and (header, col0 + n) in sr.grid:
        text = sr.text_at(header, col0 + n)
        if text != name(n):
            if n and text == L.course_year_header(0):
                break  # the during-course block begins
            sr.add(header, col0 + n, f"forventede overskriften '{name(n)}'")
        n += 1
    return n


def read_consequences(sr: SheetReader, reader, data: dict, horizon) -> None:
    """One row per consequence: years since success (År k) and, spec v2, per starter during
    the course (Forløb år k). Values past the horizon are kept: the engine cuts them (v2)."""
    header, rows = _table_rows(sr, tuple(c.header for c in L.CONSEQUENCE_COLUMNS))
    y0 = L.CONSEQUENCE_YEAR_COL0
    n = _year_headers(sr, header, y0, L.consequence_year_header)
    c0 = y0 + n
    m = _year_headers(sr, header, c0, L.course_year_header) if \
        sr.text_at(header, c0) == L.course_year_header(0) else 0
    own, from_kb = [], []
    for r in rows:
        index = len(own)
        item = sr.text(r, 0)
        origin = sr.choice(r, 1, tuple(L.CONSEQUENCE_ORIGINS.values()), "oprindelse")
        deltas, cells = sr.year_list(r, y0, n, None, stop=c0 if m else None)
        course, course_cells = sr.year_list(r, c0, m, None) if m else ([], [])
        if item is None:
            sr.add(r, 0, "udfyld konsekvensens id")
        if not deltas and not course and (r, y0) not in sr.grid and (r, c0) not in sr.grid:
            sr.add(r, y0, "udfyld mindst ét år (pr. succes eller under forløbet)")
        if origin == L.CONSEQUENCE_ORIGINS["kb"]:
            from_kb.append((r, item, deltas, course))
            continue
        key = f"consequences[{index}]"
        reader.cells[key] = reader.cells[f"{key}.item"] = sr.where(r, 0)
        entry: dict[str, Any] = {"item": item}
        for name, values, where, col in (("delta_per_success", deltas, cells, y0),
                                         ("during_course", course, course_cells, c0)):
            reader.cells[f"{key}.{name}"] = sr.where(r, col)
            for k, cell in enumerate(where):
                reader.cells[f"{key}.{name}[{k}]"] = cell
            if values:
                entry[name] = values
        own.append(entry)
    if own and from_kb:
        sr.add(from_kb[0][0], 1, "bland ikke 'beregning' og 'målgruppe': egne konsekvenser "
                                 "erstatter målgruppens standardprofil; sæt alle rækker til "
                                 "'beregning'")
    elif from_kb:
        if reader.snapshot is None:
            sr.add(from_kb[0][0], 1, "rækken " + NO_SNAPSHOT)
        elif sorted(_profile_key(*row[1:]) for row in from_kb if row[1] not in (None, BAD)) != \
                sorted(_profile_key(*row) for row in reader.snapshot.get("kb_consequences") or []):
            sr.add(from_kb[0][0], 1, "målgruppens standardprofil " + KB_EDITED)
    if own:
        data["consequences"] = own


def read_prices(sr: SheetReader, reader, data: dict) -> None:
    header = sr.find_header(tuple(c.header for c in L.PRICE_COLUMNS_V1[:8]))
    v2 = sr.text_at(header, L.PRICE_COL["area"]) == L.PRICE_COLUMNS[L.PRICE_COL["area"]].header
    columns = L.PRICE_COLUMNS if v2 else L.PRICE_COLUMNS_V1  # before spec v2: no Område/Udvalg
    _, rows = _table_rows(sr, tuple(col.header for col in columns))
    c = {col.key: n for n, col in enumerate(columns)}
    prices: dict[str, dict] = {}
    seen: set = set()
    for r in rows:
        for col in sr.cols_in_row(r):
            if col >= len(columns):
                sr.add(r, col, "værdi i en kolonne uden overskrift")
        pid = sr.text(r, c["id"])
        row: dict[str, Any] = {}
        for key in ("name", "unit", "source.title", "source.url", "area", "budget_area"):
            if key in c:
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
                     row.get("source", {}).get("url", ""), row.get("area", ""),
                     row.get("budget_area", "")][:len(snapshot.get(pid, ())) or None]
            if reader.snapshot is None or pid not in snapshot:
                sr.add(r, c["origin"], f"prisen {pid!r} " + NO_SNAPSHOT.replace(
                    "arbejdsbogens skjulte kontrolark '_som' mangler", "den findes ikke i "
                    "arbejdsbogens skjulte kontrolark '_som'"))
            elif shown != snapshot[pid]:
                sr.add(r, c["kommune"], f"prisen {pid!r} " + KB_EDITED)
            continue
        for key in ("id", "name", "unit", "kind", "price_year", *L.PAYERS, "area", "budget_area"):
            if key in c:
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
