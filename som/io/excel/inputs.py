"""The four input sheets, written from `InputData` (export) or blank (template).

What goes where is declared in `som.io.excel.layout`; this module only fills it in.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from som.io.excel import layout as L
from som.io.excel.sheets import (
    ConsequenceRow,
    Formats,
    InputData,
    Positions,
    PriceRow,
    add_sheet,
    header_row,
    print_setup,
    put,
    sheet_head,
    validate_list,
)

FORUDS_HELP = ("Udfyld de blå felter. Tal skrives som tal (ikke tekst); beløb i kr. i det angivne "
               "prisår. Kolonnen 'Nøgle' viser feltets navn i beregningsfilen (YAML). Nye rækker "
               "indsættes inde i en tabel; tomme rækker springes over. Ændrer du tidshorisonten "
               "eller antallet af linjer, så importér og eksportér igen for at få formlerne med.")


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
    section, name = key.split(".")
    return getattr({"meta": calc.meta, "settings": s, "intervention": iv}[section], name)


def _year_headers(ws: Worksheet, f: Formats, row: int, data: InputData) -> None:
    start_row = L.FIELD_ROW["settings.start_year"]
    start = f"$B${start_row + 1}"
    first = data.calc.settings.start_year if data.calc else None
    for k in range(data.n_years):
        cached = first + k if first is not None else f"År {k + 1}"
        ws.write_formula(row, L.YEAR_COL0 + k, f'=IF({start}="","År {k + 1}",{start}+{k})',
                         f.year, cached)


def _cost_line(ws: Worksheet, f: Formats, row: int, line, n_years: int) -> None:
    if line is None:
        values = [None] * len(L.COST_COLUMNS)
        amounts: list = []
    else:
        payer = line.payer
        single = len(payer) == 1 and next(iter(payer.values())) == 1.0
        shares = [None if single else payer.get(p) for p in L.PAYERS]
        values = [line.name, L.COST_TYPES[line.type], next(iter(payer)) if single else L.SHARED,
                  *shares, line.price_year, line.amount]
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


def write_forudsaetninger(wb, f: Formats, data: InputData) -> Positions:
    ws = add_sheet(wb, L.FORUDSAETNINGER)
    pos = Positions(data.n_years)
    calc = data.calc
    sheet_head(ws, f, L.FORUDSAETNINGER, FORUDS_HELP, 7)
    for n, h in enumerate(L.FIELD_HEADERS):
        ws.write_string(L.HEADER_ROW, n, h, f.header)
    for fld in L.FIELDS:
        row = L.FIELD_ROW[fld.key]
        ws.write_string(row, 0, fld.label, f.bold)
        value = field_value(calc, fld) if calc is not None else _template_default(fld)
        fmt = f.in_rate if fld.kind == "rate" else f.for_kind(fld.kind)
        put(ws, row, L.FIELD_VALUE_COL, value, fmt)
        ws.write_string(row, L.FIELD_KEY_COL, fld.key, f.out_text)
        if fld.help:
            ws.write_string(row, L.FIELD_HELP_COL, fld.help, f.note)
        if fld.choices:
            validate_list(ws, row, row, L.FIELD_VALUE_COL, fld.choices, fld.label)
    # One set of widths serves the key/value block and the tables below it.
    for first, last, width in ((0, 0, 34), (1, 1, 26), (2, 2, 30), (3, 5, 13), (6, 6, 8),
                               (7, 7, 15), (L.YEAR_COL0, L.YEAR_COL0 + data.n_years - 1, 13)):
        ws.set_column(first, last, width)

    row = L.FIELD_ROW[L.FIELDS[-1].key] + 2
    _section(ws, f, row, L.PARTICIPANTS_MARKER, data)
    pos.participants_row = row + 2
    ws.write_string(pos.participants_row, 0, L.PARTICIPANTS_LABEL, f.bold)
    participants = calc.intervention.participants if calc else []
    for k in range(data.n_years):
        put(ws, pos.participants_row, L.YEAR_COL0 + k,
            participants[k] if k < len(participants) else None, f.in_number)

    row = pos.participants_row + 2
    for marker, lines, rows in ((L.COSTS_MARKER, calc.costs if calc else [], pos.cost_rows),
                                (L.SAVED_MARKER, calc.saved_costs if calc else [], pos.saved_rows)):
        header = _section(ws, f, row, marker, data)
        items = list(lines) + [None] * data.spare_rows
        for n, line in enumerate(items):
            _cost_line(ws, f, header + 1 + n, line, data.n_years)
            if line is not None:
                rows.append(header + 1 + n)
        last = header + max(len(items), 1) + 40
        validate_list(ws, header + 1, last, 1, tuple(L.COST_TYPES.values()), "Type")
        validate_list(ws, header + 1, last, 2, L.PAYER_CHOICES, "Betaler")
        row = header + len(items) + 2

    pos.index_header_row = _section(ws, f, row, L.INDEX_MARKER, data)
    origin = L.PRICE_ORIGINS["kb" if data.index_source == "kb" else "file"]
    index_rows = [(y, v, origin) for y, v in data.index] + [(None, None, None)] * data.spare_rows
    for n, (year, value, org) in enumerate(index_rows):
        r = pos.index_header_row + 1 + n
        put(ws, r, 0, year, f.in_year)
        put(ws, r, 1, value, f.in_number)
        put(ws, r, 2, org, f.in_text)
    pos.index_last_row = pos.index_header_row + max(len(index_rows), 1)
    validate_list(ws, pos.index_header_row + 1, pos.index_last_row + 40, 2,
                  tuple(L.PRICE_ORIGINS.values()), "Oprindelse")
    _uncertainty(ws, f, pos.index_last_row + 2, data)
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws)
    return pos


def _uncertainty(ws: Worksheet, f: Formats, row: int, data: InputData) -> None:
    """The optional uncertainty block: enabled, draws, seed, global ranges, line ranges."""
    header = _section(ws, f, row, L.UNCERTAINTY_MARKER, data)
    block = data.calc.uncertainty if data.calc is not None else None
    rows: list[tuple[str, object, object, object]] = [
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
    rows += [(None, None, None, f.in_number)] * data.spare_rows
    for n, (label, low, high, fmt) in enumerate(rows):
        r = header + 1 + n
        put(ws, r, 0, label, f.bold if n < 7 else f.in_text)
        put(ws, r, 1, low, fmt)
        put(ws, r, 2, high, None if n < 3 else fmt)
    validate_list(ws, header + 1, header + 1, 1, (L.YES, L.NO), L.UNC_ENABLED)


def _template_default(fld: L.Field):
    """The template shows the schema's defaults where there is one."""
    return {"settings.discount_rate": 0, "intervention.completion_rate": 1,
            "settings.consequence_start": L.CONSEQUENCE_START["completion_year"],
            "settings.price_index_source": L.INDEX_SOURCES["kb"],
            "intervention.course_years": 0}.get(fld.key)


def _status_label(status: str | None) -> str:
    return L.STATUS.get(status, status) if status else L.OWN_STATUS


def write_konsekvenser(wb, f: Formats, data: InputData, pos: Positions) -> None:
    ws = add_sheet(wb, L.KONSEKVENSER)
    sheet_head(ws, f, L.KONSEKVENSER, (
        "Ændring i forbrug pr. borger med succes, år for år efter succesen (År 0 = succesåret). "
        "Negativ = mindre forbrug. Oprindelse 'målgruppe' er vidensbasens standardprofil for "
        "målgruppen; vil du ændre den, så sæt Oprindelse til 'beregning' på alle rækker. "
        "Orange rækker bygger på illustrative priser."), 10)
    header_row(ws, f, L.HEADER_ROW, L.CONSEQUENCE_COLUMNS)
    y0 = L.CONSEQUENCE_YEAR_COL0
    for k in range(data.n_years):
        ws.write_string(L.HEADER_ROW, y0 + k, L.consequence_year_header(k), f.header)
    ws.set_column(y0, y0 + data.n_years - 1, 8)
    rows = list(data.consequences) + [None] * data.spare_rows
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
        for k in range(data.n_years):
            put(ws, r, y0 + k, c.deltas[k] if k < len(c.deltas) else None, cell)
        if c.item:
            pos.consequence_rows.append(r)
    last = L.FIRST_ROW + len(rows) + 40
    validate_list(ws, L.FIRST_ROW, last, 1, tuple(L.CONSEQUENCE_ORIGINS.values()), "Oprindelse")
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws, L.HEADER_ROW)


def write_priser(wb, f: Formats, data: InputData, pos: Positions) -> None:
    ws = add_sheet(wb, L.PRISER)
    sheet_head(ws, f, L.PRISER, (
        "Pris pr. enhed fordelt på kommune, region og stat. Art 'udgift': mindre forbrug sparer "
        "penge; 'indtægt': mere giver indtægt. Oprindelse 'vidensbase' er vidensbasens pris; sæt "
        "den til 'beregning' for at bruge din egen. Orange rækker er illustrative værdier, ikke "
        "offentliggjorte priser."), 11)
    header_row(ws, f, L.HEADER_ROW, L.PRICE_COLUMNS)
    rows: list[PriceRow | None] = list(data.prices) + [None] * data.spare_rows
    for n, p in enumerate(rows):
        r = L.FIRST_ROW + n
        illustrative = p is not None and p.status == "illustrative"
        if p is None:
            values = [None] * len(L.PRICE_COLUMNS)
        else:
            values = [p.id, p.name, p.unit, L.KINDS[p.kind], p.price_year, p.kommune, p.region,
                      p.stat, p.source_title, p.source_url, L.PRICE_ORIGINS[p.origin],
                      _status_label(p.status)]
            pos.price_rows.append(r)
        for c, col in enumerate(L.PRICE_COLUMNS):
            if col.kind == "output":
                fmt = f.illustrative if illustrative else f.out_text
            elif illustrative:
                fmt = f.in_illustrative_kr if col.kind == "money" else f.in_illustrative
            else:
                fmt = f.for_kind(col.kind)
            put(ws, r, c, values[c], fmt)
    pos.price_last_row = L.FIRST_ROW + max(len(rows), 1) - 1
    last = L.FIRST_ROW + len(rows) + 40
    validate_list(ws, L.FIRST_ROW, last, L.PRICE_COL["kind"], tuple(L.KINDS.values()), "Art")
    validate_list(ws, L.FIRST_ROW, last, L.PRICE_COL["origin"], tuple(L.PRICE_ORIGINS.values()),
                  "Oprindelse")
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws, L.HEADER_ROW)


def write_antagelser(wb, f: Formats, data: InputData) -> None:
    ws = add_sheet(wb, L.ANTAGELSER)
    sheet_head(ws, f, L.ANTAGELSER, (
        "Antagelseslog efter SØM's tjekliste. Skriv antagelsen og dens kilde for hvert emne; "
        "rækker uden antagelse og kilde tæller ikke med. 'Fra beregningen' viser, hvad tallene "
        "i beregningen siger om emnet."), 4)
    header_row(ws, f, L.HEADER_ROW, L.ASSUMPTION_COLUMNS)
    entries = list(data.calc.assumptions or []) if data.calc else []
    rows: list[tuple[str, str | None, str | None]] = [(a.topic, a.text, a.source) for a in entries]
    present = {a.topic for a in entries}
    rows += [(t, None, None) for t in L.TOPICS if t != "other" and t not in present]
    rows += [("other", None, None)] * max(1, data.spare_rows // 10)
    noted: set[str] = set()
    for n, (topic, text, source) in enumerate(rows):
        r = L.FIRST_ROW + n
        put(ws, r, 0, L.TOPICS[topic], f.in_text)
        put(ws, r, 1, text, f.in_wrap)
        put(ws, r, 2, source, f.in_wrap)
        put(ws, r, 3, L.TOPIC_QUESTIONS[topic], f.help)
        if topic not in noted:
            put(ws, r, 4, data.derived.get(topic), f.wrap)
            noted.add(topic)
    validate_list(ws, L.FIRST_ROW, L.FIRST_ROW + len(rows) + 40, 0, tuple(L.TOPICS.values()), "Emne")
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws, L.HEADER_ROW)
