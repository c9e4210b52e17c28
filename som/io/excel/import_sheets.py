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
                "intervention.success_rate_intervention", "intervention.success_rate_baseline",
                "settings.budget_period_years"):
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


def _year_header_count(sr: SheetReader, row: int, start: Any, year0: int) -> int:
    n = 0
    while n < L.MAX_YEARS:
        col = year0 + n
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
    from som.io.excel.import_settings import _budget_areas, _index, _uncertainty

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
    costs_header = found[L.COSTS_MARKER] + 1
    v2 = sr.text_at(costs_header, len(L.COST_COLUMNS_V1)) == L.COST_COLUMNS[-1].header
    year0 = L.YEAR_COL0 if v2 else L.YEAR_COL0_V1  # workbooks from before spec v2: column I
    ends = order[1:] + [sr.end_row(order[-1] + 1)[0]]
    for marker, end in zip(present, ends, strict=True):
        header = found[marker] + 1
        columns = L.SECTION_COLUMNS[marker]
        if columns is L.COST_COLUMNS and not v2:
            columns = L.COST_COLUMNS_V1
        sr.check_header(header, tuple(c.header for c in columns))
        n_years = _year_header_count(sr, header, values["settings.start_year"], year0) \
            if L.SECTION_HAS_YEARS[marker] else 0
        rows = sr.filled_rows(header + 1, end)
        if marker == L.PARTICIPANTS_MARKER:
            _participants(sr, reader, data, header, rows, (year0, n_years), horizon)
        elif marker == L.INDEX_MARKER:
            _index(sr, reader, data, rows, values["settings.price_index_source"])
        elif marker == L.BUDGET_MARKER:
            _budget_areas(sr, reader, data, rows, values["settings.budget_areas_source"])
        elif marker == L.UNCERTAINTY_MARKER:
            _uncertainty(sr, reader, data, rows)
        else:
            key = "costs" if marker == L.COSTS_MARKER else "saved_costs"
            data[key] = [_cost_line(sr, reader, f"{key}[{n}]", r, (year0, n_years), horizon,
                                    columns) for n, r in enumerate(rows)]
    if L.BUDGET_MARKER not in found:
        _budget_areas(sr, reader, data, [], values["settings.budget_areas_source"])


def _participants(sr, reader, data, header, rows, years: tuple[int, int], horizon) -> None:
    year0, n_years = years
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
    for col in range(1, year0):
        if (row, col) in sr.grid:
            sr.add(row, col, "uventet værdi; deltagerne skrives under årene")
    participants, cells = sr.year_list(row, year0, n_years, horizon)
    data["intervention"]["participants"] = participants
    reader.cells["intervention.participants"] = sr.where(row, year0)
    for k, cell in enumerate(cells):
        reader.cells[f"intervention.participants[{k}]"] = cell


def _cost_line(sr, reader, key: str, row: int, years: tuple[int, int], horizon,
               columns: tuple) -> dict:
    year0, n_years = years
    cols = {c.key: n for n, c in enumerate(columns)}
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
    if "budget_area" in cols:
        _set(line, "budget_area", sr.text(row, cols["budget_area"]))
    amounts, cells = sr.year_list(row, year0, n_years, horizon)
    reader.cells[f"{key}.amounts"] = sr.where(row, year0)
    for k, cell in enumerate(cells):
        reader.cells[f"{key}.amounts[{k}]"] = cell
    if line.get("type") == "per_participant":
        if amounts:
            sr.add(row, year0, "en linje af typen 'pr. deltager' bruger 'Beløb pr. deltager', "
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
