"""The Beregning sheet: spec §2 as live spreadsheet formulas over the input sheets.

Every formula cell also carries the engine's value as its cached result, so a viewer that does
not recalculate still shows the right numbers, and LibreOffice's recalculation (tests/io) checks
that the formulas compute what the engine computes. Columns: A label, B factor, C/D/E a weight per
payer (kommune, region, stat), F the total over the years, G... one column per year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from som.core.engine import lag_kernel
from som.io.excel import layout as L
from som.io.excel.sheets import Formats, InputData, Positions, add_sheet, print_setup

YC = 6  # first year column (G)
HEADER = 11
NAMES = ("NET_TOTAL", "NPV_TOTAL", "COSTS_TOTAL", "GAINS_TOTAL", "SAVED_TOTAL", "NET_KOMMUNE",
         "NET_REGION", "NET_STAT")
PAYER_LABEL = {"kommune": "kommune", "region": "region", "stat": "stat"}
PARAM_ROWS = {"r": 3, "completion": 4, "course": 5, "offset": 6, "price_year": 7, "start": 8,
              "discount": 9}
NEGATIVE_TOLERANCE = 0.005  # = som.core.engine.BREAK_EVEN_TOLERANCE


@dataclass
class Calc:
    """Rows of the Beregning sheet that other sheets (Resultat, Forside, names) refer to."""

    n_years: int
    year_row: int = HEADER
    index_row: int = HEADER + 1
    starters_row: int = 0
    successes_row: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def cell(self, name: str, col: int = 5) -> str:
        """Absolute reference to a named row's column (default F, the total)."""
        return L.ref(L.BEREGNING, self.rows[name], col)

    def year_cell(self, name: str, y: int) -> str:
        return L.ref(L.BEREGNING, self.rows[name], YC + y)

    def span(self, name: str) -> str:
        row = self.rows[name]
        return f"'{L.BEREGNING}'!${L.col_name(YC)}${row + 1}:${L.col_name(YC + self.n_years - 1)}${row + 1}"


def _fref(key: str) -> str:
    return L.ref(L.FORUDSAETNINGER, L.FIELD_ROW[key], L.FIELD_VALUE_COL)


class _Writer:
    def __init__(self, ws, f: Formats, n_years: int):
        self.ws, self.f, self.h = ws, f, n_years

    def c(self, row: int, col: int, absolute_row=False, absolute_col=False) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return xl_rowcol_to_cell(row, col, absolute_row, absolute_col)

    def years(self, row: int) -> str:
        """G{row}:P{row}, the year columns of a row (absolute)."""
        return f"${L.col_name(YC)}${row + 1}:${L.col_name(YC + self.h - 1)}${row + 1}"

    def label(self, row: int, text: str, fmt=None) -> None:
        self.ws.write_string(row, 0, text, fmt or self.f.text)

    def year_formulas(self, row: int, make, values, fmt=None, total: bool = True) -> None:
        """make(y, col_letter) -> formula for year y; values[y] the cached results."""
        for y in range(self.h):
            self.ws.write_formula(row, YC + y, make(y, L.col_name(YC + y)), fmt or self.f.kr,
                                  float(values[y]))
        if total:
            self.ws.write_formula(row, 5, f"=SUM({self.years(row)})", fmt or self.f.kr,
                                  float(np.sum(values)))


def _factor_formula(q: str, index_range: str) -> str:
    """× index[price_year] / index[q] (spec §2.3); 1 when q is blank or the price year."""
    py = f"$B${PARAM_ROWS['price_year'] + 1}"
    return (f"IF(OR({q}=\"\",{q}={py}),1,VLOOKUP({py},{index_range},2,0)/"
            f"VLOOKUP({q},{index_range},2,0))")


def _index_factor(q: int | None, data: InputData) -> float:
    py = data.calc.settings.price_year
    if q is None or q == py:
        return 1.0
    index = dict(data.index)
    return index[py] / index[q]


def write_beregning(wb, f: Formats, result, data: InputData, pos: Positions) -> Calc:
    calc, core, arrays = result.calculation, result.built.core, result.arrays
    h = data.n_years
    ws = add_sheet(wb, L.BEREGNING)
    w = _Writer(ws, f, h)
    out = Calc(h)
    out.rows["index"] = out.index_row
    ws.write_string(0, 0, "Beregning", f.title)
    ws.merge_range(1, 0, 1, 8, (
        "Alle tal her er formler, der henter input fra Forudsætninger, Konsekvenser og Priser "
        "(specifikationens §2). Ændrer du et input, regnes resultatet om. Beløb i kr. i "
        "prisniveauet; 'Faktor' er prisindeksfremskrivningen."), f.help)
    ws.set_row(1, 30)

    # Parameters (column B), each a formula on the input sheets.
    p = PARAM_ROWS
    iv, s = calc.intervention, calc.settings
    sr, sri, srb = (_fref(f"intervention.{k}") for k in
                    ("success_rate", "success_rate_intervention", "success_rate_baseline"))
    discount = s.discount_rate
    params = [
        ("r", "Succesrate r (netto for dødvægt)", f"=IF(ISNUMBER({sr}),{sr},{sri}-{srb})",
         iv.net_success_rate, f.percent),
        ("completion", "Gennemførelsesrate", f"={_fref('intervention.completion_rate')}",
         iv.completion_rate, f.percent),
        ("course", "Forløbets længde (år)", f"={_fref('intervention.course_years')}",
         iv.course_years, None),
        ("offset", "Forskydning (0: afslutningsåret, 1: året efter)",
         f"=IF({_fref('settings.consequence_start')}=\"{L.CONSEQUENCE_START['year_after']}\",1,0)",
         core.offset, None),
        ("price_year", "Prisniveau (år)", f"={_fref('settings.price_year')}", s.price_year,
         f.plain_year),
        ("start", "Startår", f"={_fref('settings.start_year')}", s.start_year, f.plain_year),
        ("discount", "Diskonteringsrente", f"={_fref('settings.discount_rate')}", discount, None),
    ]
    for key, text, formula, value, fmt in params:
        w.label(p[key], text)
        ws.write_formula(p[key], 1, formula, fmt, value)
    B = {k: f"$B${row + 1}" for k, row in p.items()}

    # Header: years (live from the start year) and the year index y.
    for n, text in enumerate(("Størrelse", "Faktor", "Kommune", "Region", "Stat", "I alt")):
        ws.write_string(HEADER, n, text, f.header)
    for y in range(h):
        ws.write_formula(HEADER, YC + y, f"={B['start']}+{y}", f.year, s.start_year + y)
        ws.write_number(out.index_row, YC + y, y, f.plain_year)
    w.label(out.index_row, "Årsindeks y")
    yi = lambda col: f"{col}${out.index_row + 1}"  # noqa: E731

    # §2.1-2.2: starters, successes per cohort, and successes shifted by the offset o.
    row = out.index_row + 1
    out.starters_row, out.successes_row = row, row + 1
    out.rows.update(starters=row, successes=row + 1, shifted=row + 2)
    w.label(row, "Startende deltagere N")
    w.year_formulas(row, lambda y, col: "=" + L.ref(L.FORUDSAETNINGER, pos.participants_row,
                                                    L.YEAR_COL0 + y, False),
                    arrays.starters, f.number)
    w.label(row + 1, "Succeser S (pr. kohorte)")
    n_span = w.years(row)
    w.year_formulas(row + 1, lambda y, col: (
        f"=IF({yi(col)}-{B['course']}>=0,INDEX({n_span},1,{yi(col)}-{B['course']}+1),0)"
        f"*({B['completion']}*{B['r']})"), arrays.successes, f.number)
    w.label(row + 2, "Succeser forskudt med o")
    s_span = w.years(row + 1)
    shifted = np.concatenate([np.zeros(core.offset), arrays.successes])[:h]
    w.year_formulas(row + 2, lambda y, col: (
        f"=IF({yi(col)}-{B['offset']}>=0,INDEX({s_span},1,{yi(col)}-{B['offset']}+1),0)"),
        shifted, f.number)
    row += 4

    index_range = (f"'{L.FORUDSAETNINGER}'!$A${pos.index_header_row + 1}:"
                   f"$B${pos.index_last_row + 1}")
    row = _cost_block(w, out, row, "costs", "Omkostninger", calc.costs, pos.cost_rows,
                      core.costs, arrays.costs, data, index_range, core.starters) + 1
    row = _cost_block(w, out, row, "saved", "Sparede udgifter", calc.saved_costs, pos.saved_rows,
                      core.saved_costs, arrays.saved_costs, data, index_range,
                      core.starters) + 1
    row = _consequence_block(w, out, row, result, data, pos, index_range, B) + 1
    _results_block(w, out, row, result, B, yi)

    for name, (key, col) in {
        "NET_TOTAL": ("net", 5), "NPV_TOTAL": ("npv", 5), "COSTS_TOTAL": ("costs", 5),
        "GAINS_TOTAL": ("gains", 5), "SAVED_TOTAL": ("saved", 5), "NET_KOMMUNE": ("net_kommune", 5),
        "NET_REGION": ("net_region", 5), "NET_STAT": ("net_stat", 5),
    }.items():
        wb.define_name(name, "=" + out.cell(key, col))
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 5, 14)
    ws.set_column(YC, YC + h - 1, 13)
    ws.freeze_panes(HEADER + 1, 1)
    print_setup(ws, HEADER)
    return out


def _payer_sums(w: _Writer, out: Calc, row: int, key: str, title: str, first: int, last: int,
                totals: np.ndarray) -> int:
    """Rows '<title> – kommune/region/stat' (SUMPRODUCT of lines × weights) and '<title> i alt'."""
    for n, payer in enumerate(L.PAYERS):
        weight = L.col_name(2 + n)
        w.label(row + n, f"{title} – {PAYER_LABEL[payer]}")
        if last < first:
            w.year_formulas(row + n, lambda y, col: "=0", totals[n])
        else:
            w.year_formulas(row + n, lambda y, col, weight=weight: (
                f"=SUMPRODUCT({col}${first + 1}:{col}${last + 1},"
                f"${weight}${first + 1}:${weight}${last + 1})"), totals[n])
        out.rows[f"{key}_{payer}"] = row + n
    w.label(row + 3, f"{title} i alt", w.f.bold)
    w.year_formulas(row + 3, lambda y, col: f"=SUM({col}{row + 1}:{col}{row + 3})",
                    totals.sum(axis=0), w.f.kr_bold)
    out.rows[key] = row + 3
    return row + 4


def _cost_block(w, out, row, key, title, lines, rows, core_lines, totals, data, index_range,
                starters):
    """§2.3-2.4: each line's amount by year (× factor) and its payer shares; sums by payer."""
    F = L.FORUDSAETNINGER
    w.ws.write_string(row, 0, f"{title} pr. linje (kr.)", w.f.subtitle)
    row += 1
    amounts = core_lines.fixed + core_lines.per_participant[:, None] * starters[None, :]
    first = row
    for n, (line, src) in enumerate(zip(lines, rows, strict=True)):
        r = row + n
        w.ws.write_formula(r, 0, "=" + L.ref(F, src, 0), w.f.text, line.name)
        q = L.ref(F, src, 6, False)
        w.ws.write_formula(r, 1, "=" + _factor_formula(q, index_range), w.f.factor,
                           _index_factor(line.price_year, data))
        payer_cell = L.ref(F, src, 2)
        for p, payer in enumerate(L.PAYERS):
            share = L.ref(F, src, 3 + p)
            w.ws.write_formula(r, 2 + p, f'=IF({payer_cell}="{L.SHARED}",{share},'
                               f'IF({payer_cell}="{payer}",1,0))', w.f.percent,
                               float(core_lines.share[n, p]))
        kind, amount = L.ref(F, src, 1), L.ref(F, src, 7)
        w.year_formulas(r, lambda y, col, src=src, kind=kind, amount=amount, r=r: (
            f'=IF({kind}="{L.COST_TYPES["per_participant"]}",{amount}*{col}${out.starters_row + 1},'
            f'{L.ref(F, src, L.YEAR_COL0 + y, False)})*$B{r + 1}'), amounts[n])
    return _payer_sums(w, out, row + len(lines), key, title, first, row + len(lines) - 1, totals)


def _consequence_block(w, out, row, result, data, pos, index_range, B) -> int:
    """§2.5: change in use per item and year, Σ_c S[c − o] · d[y − c]; gains = use × signed price."""
    core, arrays = result.built.core, result.arrays
    K, P = L.KONSEKVENSER, L.PRISER
    w.ws.write_string(row, 0, "Konsekvenser: ændring i forbrug (enheder)", w.f.subtitle)
    row += 1
    units = np.einsum("c,icy->iy", arrays.successes, lag_kernel(core.delta, core.offset))
    last_price = pos.price_last_row + 1
    first = out.rows["item_first"] = row
    shifted = out.rows["shifted"] + 1
    for n, (cons, src) in enumerate(zip(data.consequences, pos.consequence_rows, strict=True)):
        r = row + n
        w.ws.write_formula(r, 0, "=" + L.ref(K, src, 0), w.f.text, cons.item)
        match = f"MATCH($A{r + 1},'{P}'!$A${L.FIRST_ROW + 1}:$A${last_price},0)"

        def col_of(key: str, match: str = match) -> str:
            c = L.col_name(L.PRICE_COL[key])
            return f"INDEX('{P}'!${c}${L.FIRST_ROW + 1}:${c}${last_price},{match})"

        price = next(p for p in data.prices if p.id == cons.item)
        w.ws.write_formula(r, 1, "=" + _factor_formula(col_of("price_year"), index_range),
                           w.f.factor, _index_factor(price.price_year, data))
        for p, payer in enumerate(L.PAYERS):
            w.ws.write_formula(r, 2 + p, f'=IF({col_of("kind")}="{L.KINDS["expenditure"]}",-1,1)'
                               f"*{col_of(payer)}*$B{r + 1}", w.f.kr,
                               float(core.price[n, p] * core.sign[n]))

        def lag(y: int, col: str, src=src) -> str:
            terms = [f"{L.col_name(YC + c)}${shifted}*"
                     f"{L.ref(K, src, L.CONSEQUENCE_YEAR_COL0 + y - c, False)}" for c in range(y + 1)]
            return "=" + "+".join(terms)

        w.year_formulas(r, lag, units[n], w.f.number)
    return _payer_sums(w, out, row + len(data.consequences), "gains", "Gevinster", first,
                       row + len(data.consequences) - 1, arrays.gains)


def _results_block(w: _Writer, out: Calc, row: int, result, B, yi) -> None:
    """§2.6-2.8: net, cumulative net, discount factors, present value, break-even helpers."""
    a = result.arrays
    net = a.net
    w.ws.write_string(row, 0, "Resultat", w.f.subtitle)
    row += 1
    R = out.rows
    for n, payer in enumerate(L.PAYERS):
        w.label(row + n, f"Netto – {PAYER_LABEL[payer]}")
        w.year_formulas(row + n, lambda y, col, payer=payer: (
            f"={col}{R['gains_' + payer] + 1}+{col}{R['saved_' + payer] + 1}"
            f"-{col}{R['costs_' + payer] + 1}"), net[n])
        R[f"net_{payer}"] = row + n
    R["net"] = row + 3
    w.label(row + 3, "Netto i alt", w.f.bold)
    w.year_formulas(row + 3, lambda y, col: f"=SUM({col}{row + 1}:{col}{row + 3})",
                    net.sum(axis=0), w.f.kr_bold)
    row += 4
    for key, title, values in [("cum", "Kumuleret netto i alt", net.sum(axis=0))] + [
            (f"cum_{p}", f"Kumuleret netto – {p}", net[n]) for n, p in enumerate(L.PAYERS)]:
        src = R["net"] if key == "cum" else R["net_" + key[4:]]
        w.label(row, title)
        w.year_formulas(row, lambda y, col, src=src, row=row: (
            f"={col}{src + 1}" if y == 0 else
            f"={L.col_name(YC + y - 1)}{row + 1}+{col}{src + 1}"), np.cumsum(values), total=False)
        R[key] = row
        row += 1
    R["rate"], R["discount"], R["npv"] = row, row + 1, row + 2
    w.label(row, "Diskonteringsrente r_y")
    w.year_formulas(row, lambda y, col: (
        f'=IF({B["discount"]}="{L.FINANSMINISTERIET}",IF({yi(col)}<=35,0.035,'
        f'IF({yi(col)}<=70,0.025,0.015)),{B["discount"]})'),
        result.built.core.discount_rates, w.f.percent,
        total=False)
    w.label(row + 1, "Diskonteringsfaktor D")
    w.year_formulas(row + 1, lambda y, col: "=1" if y == 0 else
                    f"={L.col_name(YC + y - 1)}{row + 2}/(1+{col}{row + 1})", a.discount,
                    w.f.factor, total=False)
    w.label(row + 2, "Nutidsværdi af netto", w.f.bold)
    w.year_formulas(row + 2, lambda y, col: f"={col}{row + 2}*{col}{R['net'] + 1}",
                    a.discount * net.sum(axis=0), w.f.kr_bold)
    row += 4
    w.ws.write_string(row - 1, 0, "Tilbagebetaling: sidste år (y) med negativ kumuleret netto",
                      w.f.subtitle)
    for key in ("cum", *(f"cum_{p}" for p in L.PAYERS)):
        cum = R[key]
        values = np.cumsum(net.sum(axis=0) if key == "cum" else net[L.PAYERS.index(key[4:])])
        helper = np.where(values < -NEGATIVE_TOLERANCE, np.arange(w.h), -1)
        w.label(row, "Sidst negativ – " + ("i alt" if key == "cum" else key[4:]))
        w.year_formulas(row, lambda y, col, cum=cum: (
            f"=IF({col}{cum + 1}<-{NEGATIVE_TOLERANCE},{yi(col)},-1)"), helper, w.f.plain_year,
            total=False)
        w.ws.write_formula(row, 5, f"=MAX({w.years(row)})", w.f.plain_year, float(helper.max()))
        R["last_negative_" + key] = row
        row += 1
