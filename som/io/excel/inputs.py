"""The four input sheets, written from `InputData` (export) or blank (template).

What goes where is declared in `som.io.excel.layout`; this module fills it in and returns the
`Geometry` (every table's rows and defined name) that the formulas and checks read. Each table
has spare styled lines and is closed by a row (the next section's marker, or the end marker):
a line typed or inserted anywhere above that row counts for the formulas and the importer alike.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from som.io.excel import layout as L
from som.io.excel.geometry import Geometry, Table
from som.io.excel.sheets import (
    ConsequenceRow,
    Formats,
    InputData,
    PriceRow,
    grey_beyond_horizon,
    header_row,
    mark_bad,
    print_setup,
    put,
    row_height,
    sheet_head,
    validate_list,
    validate_number,
)

FORUDS_HELP = ("Udfyld de blå felter. Tal skrives som tal (ikke tekst); beløb i kr. i det angivne "
               "prisår. Kolonnen 'Nøgle' viser feltets navn i beregningsfilen (YAML). Nye linjer "
               "skrives i de tomme blå rækker eller i rækker, du indsætter inde i en tabel; "
               "tomme rækker springes over. Står der en rød kontrol, så ret cellen, den nævner.")
FIELD_RULES = {"year": "year", "rate": "rate", "discount": None}
FIELD_RULE_BY_KEY = {"settings.horizon_years": "horizon", "intervention.course_years": "whole",
                     "settings.budget_period_years": "horizon"}


def field_value(calc, fld: L.Field):
    """The value of one key/value field for `calc`, as shown in the sheet (labels in Danish)."""
    s, iv, tg = calc.settings, calc.intervention, calc.target_group
    key = fld.key
    if key.startswith("tg."):
        return getattr(tg, key[3:]) if tg is not None and not isinstance(tg, str) else None
    if key == "target_group":
        return tg if isinstance(tg, str) else None
    if key == "settings.consequence_start":
        return L.CONSEQUENCE_START[s.consequence_start]
    if key == "settings.price_index_source":
        return L.INDEX_SOURCES["kb" if s.price_index is None else "file"]
    if key == "settings.kb_overlay":
        return "\n".join(s.kb_overlay) if s.kb_overlay else None
    if key == "settings.budget_areas_source":
        return L.BUDGET_SOURCES[0 if s.budget_areas is not None else 1]
    section, name = key.split(".")
    return getattr({"meta": calc.meta, "settings": s, "intervention": iv}[section], name)


def _template_default(fld: L.Field):
    """The template shows the schema's defaults where there is one."""
    return {"settings.discount_rate": 0, "intervention.completion_rate": 1,
            "settings.consequence_start": L.CONSEQUENCE_START["completion_year"],
            "settings.price_index_source": L.INDEX_SOURCES["kb"],
            "settings.budget_areas_source": L.BUDGET_SOURCES[0],
            "intervention.course_years": 0}.get(fld.key)


def field_values(data: InputData) -> dict[str, object]:
    return {fld.key: field_value(data.calc, fld) if data.calc is not None else
            _template_default(fld) for fld in L.FIELDS}


def _year_headers(ws: Worksheet, f: Formats, row: int, data: InputData) -> None:
    first = data.calc.settings.start_year if data.calc else None
    for k in range(data.n_years):
        cached = first + k if first is not None else f"År {k + 1}"
        ws.write_formula(row, L.YEAR_COL0 + k,
                         f'=IF(IN_START_YEAR="","År {k + 1}",IN_START_YEAR+{k})', f.year, cached)


def _cost_line(ws: Worksheet, f: Formats, row: int, line, n_years: int) -> None:
    if line is None:
        values = [None] * len(L.COST_COLUMNS)
        amounts: list = []
    else:
        payer = line.payer
        single = len(payer) == 1 and next(iter(payer.values())) == 1.0
        shares = [None if single else payer.get(p) for p in L.PAYERS]
        values = [line.name, L.COST_TYPES[line.type], next(iter(payer)) if single else L.SHARED,
                  *shares, line.price_year, line.amount, line.budget_area]
        amounts = line.amounts or []
    for n, col in enumerate(L.COST_COLUMNS):
        put(ws, row, n, values[n], f.for_kind(col.kind))
    for k in range(n_years):
        put(ws, row, L.YEAR_COL0 + k, amounts[k] if k < len(amounts) else None, f.in_kr)


def _section(ws: Worksheet, f: Formats, row: int, marker: str, data: InputData) -> int:
    """Marker and header of one section; returns the header row."""
    ws.write_string(row, 0, marker, f.marker)
    header_row(ws, f, row + 1, L.SECTION_COLUMNS[marker], widths=False)
    if L.SECTION_HAS_YEARS[marker]:
        _year_headers(ws, f, row + 1, data)
    return row + 1


def _fields(wb, ws: Worksheet, f: Formats, data: InputData) -> None:
    for key, name in L.FIELD_NAMES.items():
        wb.define_name(name, "=" + L.ref(L.FORUDSAETNINGER, L.FIELD_ROW[key], L.FIELD_VALUE_COL))
    for n, h in enumerate(L.FIELD_HEADERS):
        ws.write_string(L.HEADER_ROW, n, h, f.header)
    values = field_values(data)
    for fld in L.FIELDS:
        row = L.FIELD_ROW[fld.key]
        ws.write_string(row, 0, fld.label, f.bold)
        fmt = f.in_rate if fld.kind == "rate" else f.for_kind(fld.kind)
        put(ws, row, L.FIELD_VALUE_COL, values[fld.key], fmt)
        ws.write_string(row, L.FIELD_KEY_COL, fld.key, f.out_text)
        if fld.help:
            ws.write_string(row, L.FIELD_HELP_COL, fld.help, f.note)
        if fld.choices:
            validate_list(ws, row, row, L.FIELD_VALUE_COL, fld.choices, fld.label)
        if fld.key == "target_group" and data.kb.groups:
            ws.data_validation(row, L.FIELD_VALUE_COL, row, L.FIELD_VALUE_COL, {
                "validate": "list", "source": f"={L.KB_GROUP_IDS}", "ignore_blank": True,
                "error_title": "Ukendt målgruppe", "error_type": "stop",
                "error_message": "Vælg en målgruppe fra vidensbasen, eller lad feltet være tomt "
                                 "og beskriv en egen målgruppe nedenfor."})
        rule = FIELD_RULE_BY_KEY.get(fld.key) or FIELD_RULES.get(fld.kind)
        if rule:
            validate_number(ws, row, L.FIELD_VALUE_COL, row, L.FIELD_VALUE_COL, rule)


def write_forudsaetninger(wb, ws: Worksheet, f: Formats, data: InputData) -> Geometry:
    geo = Geometry(data.n_years)
    calc = data.calc
    sheet_head(ws, f, L.FORUDSAETNINGER, FORUDS_HELP, 7)
    _fields(wb, ws, f, data)
    h = data.n_years
    last_year = L.YEAR_COL0 + h - 1
    for first, last, width in ((0, 0, 34), (1, 1, 26), (2, 2, 30), (3, 5, 13), (6, 6, 8),
                               (7, 7, 15), (8, 8, 20), (L.YEAR_COL0, last_year, 13)):
        ws.set_column(first, last, width)

    markers: list[tuple[str, int, int]] = []  # (marker, marker row, last data row)
    row = L.FIELD_ROW[L.FIELDS[-1].key] + 2
    header = _section(ws, f, row, L.PARTICIPANTS_MARKER, data)
    geo.participants_row = header + 1
    ws.write_string(geo.participants_row, 0, L.PARTICIPANTS_LABEL, f.bold)
    participants = calc.intervention.participants if calc else []
    for k in range(h):
        put(ws, geo.participants_row, L.YEAR_COL0 + k,
            participants[k] if k < len(participants) else None, f.in_number)
    validate_number(ws, geo.participants_row, L.YEAR_COL0, geo.participants_row, last_year, "count")
    mark_bad(ws, geo.participants_row, L.YEAR_COL0, geo.participants_row, last_year, "money",
             f.alarm_fill)
    wb.define_name(L.IN_PARTICIPANTS, "=" + L.ref(L.FORUDSAETNINGER, geo.participants_row,
                                                  L.YEAR_COL0) + ":" +
                   _abs(geo.participants_row, last_year))
    markers.append((L.PARTICIPANTS_MARKER, row, geo.participants_row))
    row = geo.participants_row + 2

    for marker, lines, spare in ((L.COSTS_MARKER, calc.costs if calc else [], "costs"),
                                 (L.SAVED_MARKER, calc.saved_costs if calc else [], "saved")):
        header = _section(ws, f, row, marker, data)
        items = list(lines) + [None] * data.spare[spare]
        for n, line in enumerate(items):
            _cost_line(ws, f, header + 1 + n, line, h)
        end = header + len(items)
        validate_list(ws, header + 1, end, L.COST_COL["type"], tuple(L.COST_TYPES.values()), "Type")
        validate_list(ws, header + 1, end, L.COST_COL["payer"], L.PAYER_CHOICES, "Betaler")
        validate_number(ws, header + 1, 3, end, 5, "rate")
        validate_number(ws, header + 1, 6, end, 6, "year")
        validate_number(ws, header + 1, 7, end, 7, "money")
        validate_number(ws, header + 1, L.YEAR_COL0, end, last_year, "money")
        mark_bad(ws, header + 1, L.COST_COL["type"], end, L.COST_COL["type"], "choice",
                 f.alarm_fill, tuple(L.COST_TYPES.values()))
        mark_bad(ws, header + 1, L.COST_COL["payer"], end, L.COST_COL["payer"], "choice",
                 f.alarm_fill, L.PAYER_CHOICES)
        mark_bad(ws, header + 1, 3, end, 5, "rate", f.alarm_fill)
        mark_bad(ws, header + 1, 6, end, 6, "number", f.alarm_fill)
        mark_bad(ws, header + 1, 7, end, 7, "money", f.alarm_fill)
        mark_bad(ws, header + 1, L.YEAR_COL0, end, last_year, "money", f.alarm_fill)
        markers.append((marker, row, end))
        row = end + 2

    header = _section(ws, f, row, L.INDEX_MARKER, data)
    origin = L.PRICE_ORIGINS["kb" if data.index_source == "kb" else "file"]
    index_rows = [(y, v, origin) for y, v in data.index] + [(None, None, None)] * data.spare["index"]
    for n, (year, value, org) in enumerate(index_rows):
        r = header + 1 + n
        put(ws, r, 0, year, f.in_year)
        put(ws, r, 1, value, f.in_number)
        put(ws, r, 2, org, f.in_text)
    end = header + len(index_rows)
    validate_list(ws, header + 1, end, 2, tuple(L.PRICE_ORIGINS.values()), "Oprindelse")
    validate_number(ws, header + 1, 0, end, 0, "year")
    validate_number(ws, header + 1, 1, end, 1, "index")
    mark_bad(ws, header + 1, 0, end, 1, "money", f.alarm_fill)
    markers.append((L.INDEX_MARKER, row, end))
    row = end + 2

    header = _section(ws, f, row, L.BUDGET_MARKER, data)
    budget = list((data.budget_map or {}).items()) + [(None, None)] * data.spare["budget"]
    for n, (area, committee) in enumerate(budget):
        put(ws, header + 1 + n, 0, area, f.in_text)
        put(ws, header + 1 + n, 1, committee, f.in_text)
    end = header + len(budget)
    if data.kb.areas:
        ws.data_validation(header + 1, 0, end, 0, {
            "validate": "list", "source": f"={L.KB_AREA_IDS}", "ignore_blank": True,
            "error_type": "stop", "error_title": "Ukendt konsekvensområde",
            "error_message": "Vælg et konsekvensområde fra vidensbasen."})
    markers.append((L.BUDGET_MARKER, row, end))
    row = end + 2

    end = _uncertainty(ws, f, row, data)
    markers.append((L.UNCERTAINTY_MARKER, row, end))
    ws.write_string(end + 1, 0, L.END_MARKER, f.end)
    grey_beyond_horizon(ws, L.FIELD_ROW[L.FIELDS[-1].key] + 2, L.YEAR_COL0, end, h, f.outside)

    for n, (marker, marker_row, _) in enumerate(markers):
        closing = markers[n + 1][1] if n + 1 < len(markers) else end + 1
        years = L.SECTION_HAS_YEARS[marker]
        n_cols = L.YEAR_COL0 + h if years else len(L.SECTION_COLUMNS[marker])
        geo.tables[L.SECTION_NAMES[marker]] = Table(
            L.SECTION_NAMES[marker], L.FORUDSAETNINGER, marker_row + 1, closing, n_cols,
            L.YEAR_COL0 if years else None, h if years else 0)
        geo.marker_rows[L.SECTION_NAMES[marker]] = marker_row
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws, repeat_col=True)
    geo.check_cells[L.FORUDSAETNINGER] = (L.CHECK_ROW, 0)
    return geo


def _abs(row: int, col: int) -> str:
    return f"${L.col_name(col)}${row + 1}"


def _uncertainty(ws: Worksheet, f: Formats, row: int, data: InputData) -> int:
    """The optional uncertainty block: enabled, draws, seed, global ranges, line ranges.
    Returns the last row written."""
    header = _section(ws, f, row, L.UNCERTAINTY_MARKER, data)
    block = data.calc.uncertainty if data.calc is not None else None
    rows: list[tuple[str | None, object, object, object]] = [
        (L.UNC_ENABLED, L.YES if block is not None else L.NO, None, f.in_text),
        (L.UNC_DRAWS, block.draws if block else None, None, f.in_year),
        (L.UNC_SEED, block.seed if block else None, None, f.in_year),
    ]
    for key, label in L.UNC_RANGES.items():
        rng = getattr(block, key) if block else None
        fmt = f.in_rate if key == "success_rate" else f.in_number
        rows.append((label, rng.low if rng else None, rng.high if rng else None, fmt))
    for line in (block.lines if block else []):
        rows.append((line.target, line.low, line.high, f.in_number))
    rows += [(None, None, None, f.in_number)] * data.spare["uncertainty"]
    for n, (label, low, high, fmt) in enumerate(rows):
        r = header + 1 + n
        put(ws, r, 0, label, f.bold if n < 7 else f.in_text)
        put(ws, r, 1, low, fmt)
        put(ws, r, 2, high, None if n < 3 else fmt)
    validate_list(ws, header + 1, header + 1, 1, (L.YES, L.NO), L.UNC_ENABLED)
    return header + len(rows)


def _status_label(status: str | None) -> str:
    return L.STATUS.get(status, status) if status else L.OWN_STATUS


def _table_sheet(ws: Worksheet, f: Formats, name: str, help_text: str, width: int, columns,
                 geo: Geometry) -> Worksheet:
    sheet_head(ws, f, name, help_text, width)
    header_row(ws, f, L.HEADER_ROW, columns)
    geo.check_cells[name] = (L.CHECK_ROW, 0)
    return ws


def _close(ws: Worksheet, f: Formats, geo: Geometry, name: str, sheet: str, last_data: int,
           n_cols: int, **table) -> None:
    ws.write_string(last_data + 1, 0, L.END_MARKER, f.end)
    geo.tables[name] = Table(name, sheet, L.HEADER_ROW, last_data + 1, n_cols, **table)
    ws.freeze_panes(L.HEADER_ROW + 1, 1)


def write_konsekvenser(ws: Worksheet, f: Formats, data: InputData, geo: Geometry) -> None:
    ws = _table_sheet(ws, f, L.KONSEKVENSER, (
        "Ændring i forbrug pr. borger med succes, år for år efter succesen (År 0 = succesåret). "
        "Negativ = mindre forbrug. Oprindelse 'målgruppe' er vidensbasens standardprofil for "
        "målgruppen; vil du ændre den, så sæt Oprindelse til 'beregning' på alle rækker. "
        "Orange rækker bygger på illustrative priser."), 10, L.CONSEQUENCE_COLUMNS, geo)
    y0, h, m = L.CONSEQUENCE_YEAR_COL0, data.n_cons_years, data.n_course_years
    c0 = y0 + h  # the during-course block (spec v2 §2.5b)
    for k in range(h):
        ws.write_string(L.HEADER_ROW, y0 + k, L.consequence_year_header(k), f.header)
    for k in range(m):
        ws.write_string(L.HEADER_ROW, c0 + k, L.course_year_header(k), f.header)
    ws.set_column(y0, c0 - 1, 8)
    ws.set_column(c0, c0 + m - 1, 10)
    rows = list(data.consequences) + [None] * data.spare["consequences"]
    for n, c in enumerate(rows):
        r = L.FIRST_ROW + n
        c = c or ConsequenceRow("", [], origin="")
        illustrative = c.status == "illustrative"
        cell = f.in_illustrative if illustrative else f.in_text
        put(ws, r, 0, c.item or None, cell)
        put(ws, r, 1, L.CONSEQUENCE_ORIGINS.get(c.origin), cell)
        put(ws, r, 2, _status_label(c.status) if c.item else None,
            f.illustrative if illustrative else f.out_text)
        put(ws, r, 3, c.name or None, f.illustrative if illustrative else f.out_text)
        for k in range(h):
            put(ws, r, y0 + k, c.deltas[k] if k < len(c.deltas) else None, cell)
        for k in range(m):
            put(ws, r, c0 + k, c.course[k] if k < len(c.course) else None, cell)
    last = L.FIRST_ROW + len(rows) - 1
    validate_list(ws, L.FIRST_ROW, last, 1, tuple(L.CONSEQUENCE_ORIGINS.values()), "Oprindelse")
    validate_number(ws, L.FIRST_ROW, y0, last, c0 + m - 1, "delta")
    mark_bad(ws, L.FIRST_ROW, 1, last, 1, "choice", f.alarm_fill,
             tuple(L.CONSEQUENCE_ORIGINS.values()))
    mark_bad(ws, L.FIRST_ROW, y0, last, c0 + m - 1, "number", f.alarm_fill)
    grey_beyond_horizon(ws, L.HEADER_ROW, y0, last, h, f.outside, offset=0)
    grey_beyond_horizon(ws, L.HEADER_ROW, c0, last, m, f.outside, offset=0)
    if data.kb.prices:
        ws.data_validation(L.FIRST_ROW, 0, last, 0, {
            "validate": "list", "source": f"={L.KB_PRICE_IDS}", "ignore_blank": True,
            "error_type": "information", "error_title": "Eget id?",
            "error_message": "Id'et findes ikke i vidensbasen; så skal prisen stå på arket Priser."})
    _close(ws, f, geo, L.TBL_CONSEQUENCES, L.KONSEKVENSER, last, c0 + m,
           year_col0=y0, n_years=h, course_col0=c0, n_course=m)
    print_setup(ws, L.HEADER_ROW, repeat_col=True)


def write_priser(ws: Worksheet, f: Formats, data: InputData, geo: Geometry) -> None:
    ws = _table_sheet(ws, f, L.PRISER, (
        "Pris pr. enhed fordelt på kommune, region og stat. Art 'udgift': mindre forbrug sparer "
        "penge; 'indtægt': mere giver indtægt. Oprindelse 'vidensbase' er vidensbasens pris; sæt "
        "den til 'beregning' for at bruge din egen. Orange rækker er illustrative værdier, ikke "
        "offentliggjorte priser."), 11, L.PRICE_COLUMNS, geo)
    rows: list[PriceRow | None] = list(data.prices) + [None] * data.spare["prices"]
    for n, p in enumerate(rows):
        r = L.FIRST_ROW + n
        illustrative = p is not None and p.status == "illustrative"
        if p is None:
            values = [None] * len(L.PRICE_COLUMNS)
        else:
            values = [*p.cells(), L.PRICE_ORIGINS[p.origin], _status_label(p.status)]
        for c, col in enumerate(L.PRICE_COLUMNS):
            if col.kind == "output":
                fmt = f.illustrative if illustrative else f.out_text
            elif illustrative:
                fmt = f.in_illustrative_kr if col.kind == "money" else f.in_illustrative
            else:
                fmt = f.for_kind(col.kind)
            put(ws, r, c, values[c], fmt)
    last = L.FIRST_ROW + len(rows) - 1
    c = L.PRICE_COL
    validate_list(ws, L.FIRST_ROW, last, c["kind"], tuple(L.KINDS.values()), "Art")
    validate_list(ws, L.FIRST_ROW, last, c["origin"], tuple(L.PRICE_ORIGINS.values()), "Oprindelse")
    validate_number(ws, L.FIRST_ROW, c["price_year"], last, c["price_year"], "year")
    validate_number(ws, L.FIRST_ROW, c["kommune"], last, c["stat"], "money")
    mark_bad(ws, L.FIRST_ROW, c["kind"], last, c["kind"], "choice", f.alarm_fill,
             tuple(L.KINDS.values()))
    mark_bad(ws, L.FIRST_ROW, c["price_year"], last, c["price_year"], "number", f.alarm_fill)
    mark_bad(ws, L.FIRST_ROW, c["kommune"], last, c["stat"], "money", f.alarm_fill)
    _close(ws, f, geo, L.TBL_PRICES, L.PRISER, last, len(L.PRICE_COLUMNS))
    print_setup(ws, L.HEADER_ROW)


def write_antagelser(ws: Worksheet, f: Formats, data: InputData, geo: Geometry) -> None:
    ws = _table_sheet(ws, f, L.ANTAGELSER, (
        "Antagelseslog efter SØM's tjekliste. Skriv antagelsen og dens kilde for hvert emne; "
        "rækker uden antagelse og kilde tæller ikke med. 'Fra beregningen' viser, hvad tallene "
        "i beregningen siger om emnet."), 4, L.ASSUMPTION_COLUMNS, geo)
    entries = list(data.calc.assumptions or []) if data.calc else []
    rows: list[tuple[str, str | None, str | None]] = [(a.topic, a.text, a.source) for a in entries]
    present = {a.topic for a in entries}
    rows += [(t, None, None) for t in L.TOPICS if t != "other" and t not in present]
    rows += [("other", None, None)] * data.spare["assumptions"]
    noted: set[str] = set()
    widths = [c.width for c in L.ASSUMPTION_COLUMNS]
    for n, (topic, text, source) in enumerate(rows):
        r = L.FIRST_ROW + n
        derived = data.derived.get(topic) if topic not in noted else None
        noted.add(topic)
        cells = [L.TOPICS[topic], text, source, L.TOPIC_QUESTIONS[topic], derived]
        for col, (value, fmt) in enumerate(zip(cells, (f.in_text, f.in_wrap, f.in_wrap, f.help,
                                                       f.wrap), strict=True)):
            put(ws, r, col, value, fmt)
        ws.set_row(r, row_height(cells, widths))
    last = L.FIRST_ROW + len(rows) - 1
    validate_list(ws, L.FIRST_ROW, last, 0, tuple(L.TOPICS.values()), "Emne")
    _close(ws, f, geo, L.TBL_ASSUMPTIONS, L.ANTAGELSER, last, len(L.ASSUMPTION_COLUMNS))
    print_setup(ws, L.HEADER_ROW)
