"""Reading Forudsætninger into calculation data (the layout of `som.io.excel.layout`)."""

from __future__ import annotations

from typing import Any

from som.io.excel import layout as L
from som.io.excel.reader import BAD, SheetReader, normalise

KB_EDITED = ("er ændret i forhold til vidensbasen; sæt Oprindelse til 'beregning' for at bruge "
             "din egen værdi")
NO_SNAPSHOT = ("er markeret fra vidensbasen, men arbejdsbogens skjulte kontrolark '_som' mangler, "
               "så værdien kan ikke kontrolleres; sæt Oprindelse til 'beregning'")


def _set(data: dict, key: str, value: Any) -> None:
    """data['a']['b'] = value for key 'a.b'; None and BAD leave the key out (blank cell)."""
    if value is None or value is BAD:
        return
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _field(sr: SheetReader, fld: L.Field, row: int) -> Any:
    col = L.FIELD_VALUE_COL
    kind = fld.kind
    if kind in ("text", "title"):
        return sr.text(row, col)
    if kind in ("int", "year"):
        return sr.integer(row, col)
    if kind in ("number", "rate"):
        return sr.number(row, col)
    if kind in ("choice", "index_source"):
        return sr.choice(row, col, fld.choices, f"værdi for {fld.label}")
    if kind == "discount":
        value = sr.raw(row, col)
        if isinstance(value, str) and normalise(value) == L.FINANSMINISTERIET:
            return L.FINANSMINISTERIET
        return sr.number(row, col)
    if kind == "lines":
        value = sr.text(row, col)
        if value is None or value is BAD:
            return value
        lines = value.split("\n")
        if any(line == "" for line in lines):
            sr.add(row, col, "tom linje; skriv én mappe pr. linje")
            return BAD
        return lines
    raise AssertionError(kind)


def _field_rows(sr: SheetReader) -> tuple[int, dict[str, int]]:
    """(header row, {key: row}) of the key/value block, found by the keys in column C (so rows
    may be inserted or deleted in the block, as the workbook's formulas allow)."""
    markers = [r for r in sr.filled_rows(0, sr.max_row + 1) if sr.text_at(r, 0) in L.SECTIONS]
    end = markers[0] if markers else sr.max_row + 1
    rows: dict[str, int] = {}
    for r in sr.filled_rows(0, end):
        key = sr.text_at(r, L.FIELD_KEY_COL)
        if key in L.FIELD_BY_KEY:
            if key in rows:
                sr.add(r, L.FIELD_KEY_COL, f"feltet {key} står to gange (også i række "
                                           f"{rows[key] + 1})")
            else:
                rows[key] = r
    first = min(rows.values(), default=L.FIELD_ROW[L.FIELDS[0].key])
    return sr.find_header(L.FIELD_HEADERS, 0, first), rows


def read_forudsaetninger(sr: SheetReader, reader, data: dict) -> None:
    header, rows = _field_rows(sr)
    sr.check_merged(header)
    sr.check_header(header, L.FIELD_HEADERS)
    values: dict[str, Any] = {}
    missing = False
    for fld in L.FIELDS:
        row = rows.get(fld.key)
        if row is None:
            if not fld.optional:
                sr.add(L.FIELD_ROW[fld.key], 0, f"feltet '{fld.label}' (nøgle {fld.key}) mangler; "
                                                "er rækken slettet?")
                missing = True
            values[fld.key] = None
            continue
        if sr.text_at(row, 0) != fld.label:
            sr.add(row, 0, f"forventede feltet '{fld.label}' (nøgle {fld.key}) i denne række; er "
                           "en række flyttet eller omdøbt?")
            missing = True
            continue
        values[fld.key] = _field(sr, fld, row)
        reader.cells[fld.key] = sr.where(row, L.FIELD_VALUE_COL)
    if missing:
        return

    for key in ("meta.title", "meta.organisation", "meta.author", "meta.description",
                "meta.susi_phase", "settings.start_year", "settings.horizon_years",
                "settings.price_year", "settings.discount_rate", "settings.kb_overlay",
                "target_group", "intervention.name", "intervention.course_years",
                "intervention.completion_rate", "intervention.success_rate",
                "intervention.success_rate_intervention", "intervention.success_rate_baseline"):
        _set(data, key, values[key])
    data.setdefault("meta", {})
    data.setdefault("settings", {})
    data.setdefault("intervention", {})
    start = values["settings.consequence_start"]
    if start not in (None, BAD):
        data["settings"]["consequence_start"] = L.reverse(L.CONSEQUENCE_START)[start]
    custom = {k[3:]: values[k] for k in values if k.startswith("tg.") and values[k] not in (None, BAD)}
    if custom:
        if "target_group" in data:
            sr.add(rows["tg.name"], 1, "udfyld enten målgruppens id i vidensbasen eller en egen "
                                       "målgruppe, ikke begge")
        else:
            data["target_group"] = custom
            reader.cells["target_group"] = reader.cells["tg.name"]
    reader.cells["intervention"] = reader.cells["intervention.success_rate_baseline"]
    reader.cells[""] = reader.cells["meta.title"]
    _read_sections(sr, reader, data, values, max(rows.values()) + 1)


def _find_sections(sr: SheetReader, first: int) -> dict[str, int]:
    """Marker rows: the marker text in column A with the declared header right below it."""
    found: dict[str, int] = {}
    partial: dict[str, int] = {}
    for row in sr.filled_rows(first, sr.max_row + 1):
        marker = sr.text_at(row, 0)
        if marker not in L.SECTION_COLUMNS or marker in found:
            continue
        headers = [c.header for c in L.SECTION_COLUMNS[marker]]
        below_values = [sr.text_at(row + 1, n) for n in range(len(headers))]
        if below_values == headers:
            found[marker] = row
        elif below_values[0] == headers[0]:
            partial.setdefault(marker, row)
    # A section whose header is damaged is still found (by its first header) so that the
    # header check can name the moved or renamed column.
    for marker, row in partial.items():
        found.setdefault(marker, row)
    return found


def _year_header_count(sr: SheetReader, row: int, start: Any) -> int:
    n = 0
    while n < L.MAX_YEARS:
        col = L.YEAR_COL0 + n
        cell = sr.grid.get((row, col))
        if cell is None:
            break
        value = cell.value
        ok = cell.formula or value == f"År {n + 1}" or (
            isinstance(value, int | float) and not isinstance(value, bool) and isinstance(start, int)
            and value == start + n)
        if not ok:
            sr.add(row, col, f"forventede årstallet for år {n + 1} i overskriften, fandt {value!r}")
        n += 1
    return n


def _read_sections(sr: SheetReader, reader, data: dict, values: dict, first: int) -> None:
    found = _find_sections(sr, first)
    missing = [m for m in L.SECTIONS if m not in found and m not in L.OPTIONAL_SECTIONS]
    for marker in missing:
        sr.add(first + 1, 0, f"afsnittet '{marker}' mangler (overskrift i kolonne A med tabellens "
                             "overskrifter under)")
    if missing:
        return
    present = [m for m in L.SECTIONS if m in found]
    order = [found[m] for m in present]
    if order != sorted(order):
        sr.add(found[L.SECTIONS[0]], 0, "afsnittene står i forkert rækkefølge; forventede: "
                                       + ", ".join(L.SECTIONS))
        return
    horizon = values["settings.horizon_years"]
    horizon = horizon if isinstance(horizon, int) and horizon > 0 else None
    ends = order[1:] + [sr.end_row(order[-1] + 1)[0]]
    for marker, end in zip(present, ends, strict=True):
        header = found[marker] + 1
        columns = L.SECTION_COLUMNS[marker]
        sr.check_header(header, tuple(c.header for c in columns))
        n_years = _year_header_count(sr, header, values["settings.start_year"]) \
            if L.SECTION_HAS_YEARS[marker] else 0
        rows = sr.filled_rows(header + 1, end)
        if marker == L.PARTICIPANTS_MARKER:
            _participants(sr, reader, data, header, rows, n_years, horizon)
        elif marker == L.INDEX_MARKER:
            _index(sr, reader, data, rows, values["settings.price_index_source"])
        elif marker == L.UNCERTAINTY_MARKER:
            _uncertainty(sr, reader, data, rows)
        else:
            key = "costs" if marker == L.COSTS_MARKER else "saved_costs"
            data[key] = [_cost_line(sr, reader, f"{key}[{n}]", r, n_years, horizon)
                         for n, r in enumerate(rows)]


def _participants(sr, reader, data, header, rows, n_years, horizon) -> None:
    wanted = normalise(L.PARTICIPANTS_LABEL)
    label_rows = [r for r in rows if isinstance(v := sr.raw(r, 0), str) and normalise(v) == wanted]
    for r in rows:
        if r not in label_rows[:1]:
            sr.add(r, 0, f"uventet række; afsnittet '{L.PARTICIPANTS_MARKER}' har kun rækken "
                         f"'{L.PARTICIPANTS_LABEL}'")
    if not label_rows:
        sr.add(header + 1, 0, f"rækken '{L.PARTICIPANTS_LABEL}' mangler")
        return
    row = label_rows[0]
    for col in range(1, L.YEAR_COL0):
        if (row, col) in sr.grid:
            sr.add(row, col, "uventet værdi; deltagerne skrives under årene")
    participants, cells = sr.year_list(row, L.YEAR_COL0, n_years, horizon)
    data["intervention"]["participants"] = participants
    reader.cells["intervention.participants"] = sr.where(row, L.YEAR_COL0)
    for k, cell in enumerate(cells):
        reader.cells[f"intervention.participants[{k}]"] = cell


def _cost_line(sr, reader, key: str, row: int, n_years: int, horizon) -> dict:
    cols = {c.key: n for n, c in enumerate(L.COST_COLUMNS)}
    for name, col in cols.items():
        reader.cells[f"{key}.{name}"] = sr.where(row, col)
    reader.cells[key] = sr.where(row, cols["type"])
    line: dict[str, Any] = {}
    _set(line, "name", sr.text(row, cols["name"]))
    kind = sr.choice(row, cols["type"], tuple(L.COST_TYPES.values()), "type")
    if kind not in (None, BAD):
        line["type"] = L.reverse(L.COST_TYPES)[kind]
    payer = sr.choice(row, cols["payer"], L.PAYER_CHOICES, "betaler")
    shares = {p: sr.number(row, cols[f"share.{p}"]) for p in L.PAYERS}
    given = {p: v for p, v in shares.items() if v is not None}
    if payer == L.SHARED:
        if not given:
            sr.add(row, cols["payer"], "udfyld andelene for kommune, region og stat, når Betaler "
                                       f"er '{L.SHARED}'")
        elif all(v is not BAD for v in given.values()):
            line["payer"] = given
    elif payer not in (None, BAD):
        line["payer"] = payer
        for p in given:
            sr.add(row, cols[f"share.{p}"], f"andele bruges kun, når Betaler er '{L.SHARED}'")
    reader.cells[f"{key}.payer"] = sr.where(row, cols["payer"])
    _set(line, "price_year", sr.integer(row, cols["price_year"]))
    amount = sr.number(row, cols["amount"])
    amounts, cells = sr.year_list(row, L.YEAR_COL0, n_years, horizon)
    reader.cells[f"{key}.amounts"] = sr.where(row, L.YEAR_COL0)
    for k, cell in enumerate(cells):
        reader.cells[f"{key}.amounts[{k}]"] = cell
    if line.get("type") == "per_participant":
        if amounts:
            sr.add(row, L.YEAR_COL0, "en linje af typen 'pr. deltager' bruger 'Beløb pr. deltager', "
                                     "ikke beløb under årene")
        if amount is None:
            sr.add(row, cols["amount"], "udfyld 'Beløb pr. deltager'")
        _set(line, "amount", amount)
    elif "type" in line:
        if amount is not None:
            sr.add(row, cols["amount"], "'Beløb pr. deltager' bruges kun af typen 'pr. deltager'; "
                                        "skriv beløbene under årene")
        line["amounts"] = amounts
    return line


def _index(sr, reader, data, rows, source) -> None:
    entries: dict[int, float] = {}
    for r in rows:
        year, value = sr.integer(r, 0), sr.number(r, 1)
        sr.choice(r, 2, tuple(L.PRICE_ORIGINS.values()), "oprindelse")
        for col in sr.cols_in_row(r):
            if col > 2:
                sr.add(r, col, "værdi i en kolonne uden overskrift")
        if year is None or value is None:
            sr.add(r, 0 if year is None else 1, "udfyld både år og indeks")
        elif year is not BAD and value is not BAD:
            if year in entries:
                sr.add(r, 0, f"året {year} står to gange i prisindekset")
            entries[year] = value
            reader.cells[f"settings.price_index.{year}"] = sr.where(r, 1)
    if source == L.INDEX_SOURCES["file"] or (source is None and rows):
        data["settings"]["price_index"] = entries
        return
    if source is BAD or not rows:
        return
    expected = (reader.snapshot or {}).get("kb_index", [])
    if entries != {int(y): v for y, v in expected}:
        sr.add(rows[0], 1, "prisindekset " + KB_EDITED.replace("Oprindelse", "feltet 'Prisindeks "
                                                              "fra'").replace("'beregning'",
                                                                              "'beregningen'"))


def _uncertainty(sr: SheetReader, reader, data: dict, rows: list[int]) -> None:
    block: dict[str, Any] = {}
    lines: list[dict] = []
    enabled, enabled_row, filled = None, None, []
    ranges = L.reverse(L.UNC_RANGES)
    for r in rows:
        label = sr.text(r, 0)
        if label is BAD:
            continue
        if label is None:
            sr.add(r, 0, "udfyld størrelsen (fx costs[0] eller prices.<post>)")
            continue
        if label == L.UNC_ENABLED:
            enabled, enabled_row = sr.choice(r, 1, (L.YES, L.NO), "værdi"), r
            continue
        if label in (L.UNC_DRAWS, L.UNC_SEED):
            key = "draws" if label == L.UNC_DRAWS else "seed"
            _set(block, key, sr.integer(r, 1))
            reader.cells[f"uncertainty.{key}"] = sr.where(r, 1)
            if (r, 2) in sr.grid:
                sr.add(r, 2, f"'{label}' har kun én værdi (i kolonnen Lav)")
            filled += [r] if key in block or (r, 1) in sr.grid else []
            continue
        low, high = sr.number(r, 1), sr.number(r, 2)
        if low is None and high is None:
            if label in ranges:
                continue
            sr.add(r, 1, "udfyld Lav og Høj")
            continue
        filled.append(r)
        entry: dict[str, Any] = {}
        _set(entry, "low", low)
        _set(entry, "high", high)
        if label in ranges:
            key = f"uncertainty.{ranges[label]}"
            block[ranges[label]] = entry
        else:
            key = f"uncertainty.lines[{len(lines)}]"
            entry["target"] = label
            lines.append(entry)
            reader.cells[f"{key}.target"] = sr.where(r, 0)
        reader.cells[key] = reader.cells[f"{key}.low"] = sr.where(r, 1)
        reader.cells[f"{key}.high"] = sr.where(r, 2)
    if enabled == L.YES:
        if lines:
            block["lines"] = lines
        data["uncertainty"] = block
        reader.cells["uncertainty"] = sr.where(enabled_row, 1)
    elif filled and enabled is not BAD:
        where_row = enabled_row if enabled_row is not None else filled[0]
        sr.add(where_row, 1 if enabled_row is not None else 0,
               f"'{L.UNC_ENABLED}' skal være '{L.YES}', når der står intervaller i afsnittet "
               f"'{L.UNCERTAINTY_MARKER}'")
