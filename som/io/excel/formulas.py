"""The Beregning sheet: spec §2 as live spreadsheet formulas over the input tables.

Columns: A label, B the total over the years (or a parameter), C... one column per year. Every
table is read whole through its defined name and the helper names of `som.io.excel.names`, so
lines typed in spare rows or in inserted rows count, a changed horizon is honoured (years from
the horizon on count nothing) and text is compared as the importer compares it. Every formula
cell also carries the engine's value as its cached result (zeros in the blank template), so a
viewer that does not recalculate shows the engine's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from som.io.excel import layout as L
from som.io.excel.geometry import num0
from som.io.excel.names import PAYER_SUFFIX, define_helpers
from som.io.excel.sheets import Formats, print_setup

YC = 2  # first year column (C)
PARAM_ROW0 = 3
HEADER = PARAM_ROW0 + 11
NEGATIVE_TOLERANCE = 0.005  # = som.core.engine.BREAK_EVEN_TOLERANCE
FM_STEPS = ((0, 35, 0.035), (36, 70, 0.025), (71, None, 0.015))  # spec §2.7


@dataclass
class Calc:
    """Rows of the Beregning sheet that other sheets (Resultat, Forside, names) refer to."""

    n_years: int
    rows: dict[str, int] = field(default_factory=dict)
    cached_titles: dict[str, str] = field(default_factory=dict)

    def cell(self, name: str, col: int = 1) -> str:
        """Absolute reference to a named row's column (default B, the total)."""
        return L.ref(L.BEREGNING, self.rows[name], col)

    def year_cell(self, name: str, y: int) -> str:
        return L.ref(L.BEREGNING, self.rows[name], YC + y)

    def span(self, name: str, count: int | None = None) -> str:
        """The row's year columns (the first `count` of them)."""
        row = self.rows[name] + 1
        last = YC + (self.n_years if count is None else count) - 1
        return f"'{L.BEREGNING}'!${L.col_name(YC)}${row}:${L.col_name(last)}${row}"


@dataclass
class Values:
    """The engine's arrays as the cached values of the formulas (zeros for the template)."""

    n: int
    starters: np.ndarray
    successes: np.ndarray
    shifted: np.ndarray
    costs: np.ndarray  # [p, y]
    saved: np.ndarray
    unit: np.ndarray  # [p, k]: value of one success k years after it
    course: np.ndarray  # [p, k]: value of one starter k years after starting (spec v2 §2.5b)
    gains: np.ndarray
    discount: np.ndarray
    rates: np.ndarray
    params: dict

    @staticmethod
    def of(result, n: int) -> Values:
        if result is None:
            z, z3 = np.zeros(n), np.zeros((3, n))
            return Values(n, z, z, z, z3, z3, z3, z3, z3, np.ones(n), z,
                          {"_R": 0, "_COMPLETION": 1, "_COURSE": 0, "_OFFSET": 0, "_PY": 0,
                           "_START": 0, "_DISCOUNT": 0, "_FM": 0, "_H": 0, "_BP": 0})
        core, a, calc = result.built.core, result.arrays, result.calculation
        s = calc.settings
        shifted = np.concatenate([np.zeros(core.offset), a.successes])[:n]
        signed = core.price * core.sign[:, None]
        unit = np.einsum("ik,ip->pk", core.delta, signed)
        course = np.einsum("ik,ip->pk", core.course, signed)
        fm = s.discount_rate == L.FINANSMINISTERIET
        return Values(n, a.starters, a.successes, shifted, a.costs, a.saved_costs, unit, course,
                      a.gains, a.discount, core.discount_rates,
                      {"_R": calc.intervention.net_success_rate,
                       "_COMPLETION": calc.intervention.completion_rate,
                       "_COURSE": calc.intervention.course_years, "_OFFSET": core.offset,
                       "_PY": s.price_year, "_START": s.start_year,
                       "_DISCOUNT": 0.0 if fm else float(s.discount_rate), "_FM": int(fm),
                       "_H": s.horizon_years, "_BP": s.budget_period})


class _Writer:
    def __init__(self, ws, f: Formats, n: int, out: Calc):
        self.ws, self.f, self.n, self.out = ws, f, n, out
        self.row = HEADER + 4

    def col(self, y: int) -> str:
        return L.col_name(YC + y)

    def years(self, row: int) -> str:
        return f"${self.col(0)}${row + 1}:${self.col(self.n - 1)}${row + 1}"

    def add(self, key: str, label: str, make, values, fmt=None, total: bool = True,
            array: bool = False, bold: bool = False) -> int:
        """One row: make(y, col) -> formula for year y; values[y] the cached results."""
        row, ws = self.row, self.ws
        fmt = fmt or (self.f.kr_bold if bold else self.f.kr)
        ws.write_string(row, 0, label, self.f.bold if bold else self.f.text)
        for y in range(self.n):
            formula, value = make(y, self.col(y)), float(values[y])
            if array:
                cell = L.a1(row, YC + y)
                ws.write_array_formula(f"{cell}:{cell}", "{" + formula + "}", fmt, value)
            else:
                ws.write_formula(row, YC + y, formula, fmt, value)
        if total:
            ws.write_formula(row, 1, f"=SUM({self.years(row)})", fmt, float(np.sum(values)))
        self.out.rows[key] = row
        self.row += 1
        return row

    def subtitle(self, text: str) -> None:
        self.row += 1
        self.ws.write_string(self.row, 0, text, self.f.subtitle)
        self.row += 1


def write_beregning(wb, ws, f: Formats, result, geo, steps=()) -> Calc:
    """Beregning; `steps`: the knowledge base's 'finansministeriet' discount schedule
    [(first y, last y or None, rate)] (som.build uses it when a knowledge base is loaded)."""
    n = geo.n_years
    v = Values.of(result, n)
    out = Calc(n)
    w = _Writer(ws, f, n, out)
    ws.write_string(0, 0, "Beregning", f.title)
    ws.merge_range(1, 0, 1, 8, (
        "Alle tal her er formler over tabellerne på Forudsætninger, Konsekvenser og Priser: "
        "hver tabel læses hel, også linjer i tomme eller indsatte rækker. "
        "Ændrer du et input, regnes alt om. Beløb i kr. i prisniveauet."), f.help)
    ws.set_row(1, 32)
    _parameters(wb, ws, f, v)
    define_helpers(wb, geo)

    ws.write_string(HEADER, 0, "Størrelse", f.header)
    ws.write_string(HEADER, 1, "I alt", f.header)
    index, mask, period = HEADER + 1, HEADER + 2, HEADER + 3
    out.rows.update(year=HEADER, index=index, mask=mask, period=period)
    h, bp = v.params["_H"], v.params["_BP"]
    for y in range(n):
        ws.write_formula(HEADER, YC + y, f'=IF(IN_START_YEAR="","År {y + 1}",_START+{y})', f.year,
                         v.params["_START"] + y if result is not None else f"År {y + 1}")
        ws.write_number(index, YC + y, y, f.plain_year)
        ws.write_formula(mask, YC + y, f"=IF({w.col(y)}${index + 1}<_H,1,0)", f.plain_year,
                         1 if y < h else 0)
        ws.write_formula(period, YC + y, f"=IF({w.col(y)}${index + 1}<_BP,1,0)", f.plain_year,
                         1 if y < bp else 0)
    ws.write_string(index, 0, "Årsindeks y")
    ws.write_string(mask, 0, "I tidshorisonten (1 = ja)")
    ws.write_string(period, 0, "I budgetperioden (1 = ja)")
    y_ = lambda col: f"{col}${index + 1}"  # noqa: E731
    m_ = lambda col: f"{col}${mask + 1}=1"  # noqa: E731

    part = geo[L.TBL_PARTICIPANTS]
    label = f"LOWER(TRIM({part.col(0)}))=\"{L.PARTICIPANTS_LABEL.lower()}\""
    starters = w.add("starters", "Startende deltagere N", lambda y, c: (
        f"=IF({m_(c)},SUM(IF({label},IF(ISNUMBER({part.year(y)}),{part.year(y)},0),0)),0)"),
        v.starters, f.number, array=True)
    n_span = w.years(starters)
    successes = w.add("successes", "Succeser S", lambda y, c: (
        f"=IF(AND({m_(c)},{y_(c)}-_COURSE>=0),INDEX({n_span},1,{y_(c)}-_COURSE+1),0)"
        "*_COMPLETION*_R"), v.successes, f.number)
    s_span = w.years(successes)
    shifted = w.add("shifted", "Succeser forskudt med o", lambda y, c: (
        f"=IF(AND({m_(c)},{y_(c)}-_OFFSET>=0),INDEX({s_span},1,{y_(c)}-_OFFSET+1),0)"),
        v.shifted, f.number)
    ss_span = w.years(shifted)
    for key, label, span, values in (
            ("reach", "Succeser, der når k år efter succes (til konsekvenser pr. post)", ss_span,
             v.shifted),
            ("reach_course", "Startende, der når k år efter start (til forløbet pr. post)",
             n_span, v.starters)):
        cached = np.array([values[: max(0, h - k)].sum() if k < h else 0.0 for k in range(n)])
        w.add(key, label, lambda y, c, span=span: (
            f"=IF({m_(c)},SUMIF(${L.col_name(YC)}${index + 1}:${L.col_name(YC + n - 1)}"
            f"${index + 1},\"<=\"&(_H-1-{y_(c)}),{span}),0)"), cached, f.number, total=False)

    for key, title, prefix, name, values in (
            ("costs", "Omkostninger", "_C", L.TBL_COSTS, v.costs),
            ("saved", "Sparede udgifter", "_S", L.TBL_SAVED, v.saved)):
        w.subtitle(f"{title}: hver linje × prisfaktor × betalerens andel")
        t = geo[name]
        for p, payer in enumerate(L.PAYERS):
            share = f"{prefix}_{PAYER_SUFFIX[payer]}"
            w.add(f"{key}_{payer}", f"{title} – {payer}", lambda y, c, share=share, t=t, prefix=prefix: (
                f"=IF({m_(c)},SUM(IF({share}<>0,{share}*IF({prefix}_PP,{prefix}_AMOUNT*{c}${starters + 1},"
                f"IF(ISNUMBER({t.year(y)}),{t.year(y)},0)),0)),0)"), values[p], array=True)
        _total(w, key, f"{title} i alt", values)

    w.subtitle("Konsekvenser: værdi af én succes k år efter succesen (kr.)")
    cons, prof = geo[L.TBL_CONSEQUENCES], geo[L.KB_PROFILES]
    for p, payer in enumerate(L.PAYERS):
        sx = PAYER_SUFFIX[payer]
        w.add(f"unit_{payer}", f"Én succes, k år efter – {payer}", lambda y, c, sx=sx: (
            f"=IF({m_(c)},SUM(IF(_K_ROWS,_W_{sx}*IF(ISNUMBER({cons.year(y)}),{cons.year(y)},0),0))"
            f"+SUM(IF(_F_ROWS,_WF_{sx}*IF(ISNUMBER({prof.year(y)}),{prof.year(y)},0),0)),0)"),
            v.unit[p], array=True)
    w.subtitle("Under forløbet: værdi af én startende k år efter start (kr.)")
    for p, payer in enumerate(L.PAYERS):
        sx = PAYER_SUFFIX[payer]

        def course(y: int, c: str, sx: str = sx) -> str:
            parts = []
            if y < cons.n_course:
                parts.append(f"SUM(IF(_K_ROWS,_W_{sx}*{num0(cons.course(y))},0))")
            if y < prof.n_course:
                parts.append(f"SUM(IF(_F_ROWS,_WF_{sx}*{num0(prof.course(y))},0))")
            return f"=IF({m_(c)},{'+'.join(parts) or '0'},0)"

        w.add(f"course_{payer}", f"Én startende, k år efter start – {payer}", course,
              v.course[p], array=True)
    w.subtitle("Gevinster: Σ_c succeser(c) × værdi(y − c) + Σ_s startende(s) × "
               "forløb(y − s)")
    for p, payer in enumerate(L.PAYERS):
        unit, course_row = out.rows[f"unit_{payer}"] + 1, out.rows[f"course_{payer}"] + 1
        w.add(f"gains_{payer}", f"Gevinster – {payer}", lambda y, c, unit=unit, cr=course_row: (
            f"=IF({m_(c)}," + "+".join(
                [f"{w.col(k)}${shifted + 1}*{w.col(y - k)}${unit}" for k in range(y + 1)]
                + [f"{w.col(k)}${starters + 1}*{w.col(y - k)}${cr}" for k in range(y + 1)])
            + ",0)"), v.gains[p])
    _total(w, "gains", "Gevinster i alt", v.gains)
    from som.io.excel.formulas_net import write_results

    write_results(w, v, y_, m_, steps)
    ws.set_column(0, 0, 52)
    ws.set_column(1, 1, 15)
    ws.set_column(YC, YC + n - 1, 13)
    ws.freeze_panes(HEADER + 1, 2)
    print_setup(ws, HEADER, repeat_col=True)
    return out


def _parameters(wb, ws, f: Formats, v: Values) -> None:
    rows = [
        ("_R", "Succesrate r (netto for dødvægt)", "=IF(ISNUMBER(IN_SUCCESS_RATE),IN_SUCCESS_RATE,"
         "N(IN_SUCCESS_RATE_INTERVENTION)-N(IN_SUCCESS_RATE_BASELINE))", f.percent),
        ("_COMPLETION", "Gennemførelsesrate (tom = 100 %)",
         '=IF(IN_COMPLETION_RATE="",1,N(IN_COMPLETION_RATE))', f.percent),
        ("_COURSE", "Forløbets længde (år)", "=N(IN_COURSE_YEARS)", None),
        ("_OFFSET", "Forskydning o (0: afslutningsåret, 1: året efter)",
         f'=IF(LOWER(TRIM(IN_CONSEQUENCE_START))="{L.CONSEQUENCE_START["year_after"]}",1,0)', None),
        ("_PY", "Prisniveau (år)", "=N(IN_PRICE_YEAR)", f.plain_year),
        ("_START", "Startår", "=N(IN_START_YEAR)", f.plain_year),
        ("_DISCOUNT", "Diskonteringsrente (fast)", "=N(IN_DISCOUNT_RATE)", f.percent),
        ("_FM", "Finansministeriets satser (1 = ja)",
         f'=IF(LOWER(TRIM(IN_DISCOUNT_RATE))="{L.FINANSMINISTERIET}",1,0)', None),
        ("_H", "Tidshorisont H (år)", "=N(IN_HORIZON)", None),
        ("_BP", "Budgetperiode (år; tom = 4, højst H)",
         '=IF(IN_BUDGET_PERIOD="",MIN(4,_H),N(IN_BUDGET_PERIOD))', None),
    ]
    ws.write_string(PARAM_ROW0 - 1, 0, "Parametre (fra Forudsætninger)", f.subtitle)
    for n, (name, label, formula, fmt) in enumerate(rows):
        row = PARAM_ROW0 + n
        ws.write_string(row, 0, label)
        ws.write_formula(row, 1, formula, fmt, v.params[name])
        wb.define_name(name, "=" + L.ref(L.BEREGNING, row, 1))


def _total(w: _Writer, key: str, label: str, values: np.ndarray) -> int:
    first = w.out.rows[f"{key}_{L.PAYERS[0]}"] + 1
    return w.add(key, label, lambda y, c: f"=SUM({c}{first}:{c}{first + 2})", values.sum(axis=0),
                 bold=True)
