"""The Udvalg sheet: the kommune's net by committee (udvalg) and the gain-sharing proposal,
spec v2 §2.12, as live formulas.

One row per committee. Every line and every consequence item belongs to one committee: a cost
line by its Udvalg (blank: 'Ikke fordelt'), an item by its price's Udvalg, else by the committee
its consequence area is mapped to (the table Udvalg on Forudsætninger, or the knowledge base's
overlay map), else 'Ikke fordelt' (som.build). The export types the engine's committees; the
rows after them are formulas that list, one per row, every further committee the inputs use
(a committee typed on a new line, price or map row, and 'Ikke fordelt' when a line or item has
none), so a plain edit is counted on the sheet exactly as the engine counts it. Only the
kommune's part is split. The transfer proposal: target = the kommune's net × the committee's
share of the kommune's costs; transfer = target − the committee's net (positive: it receives).
The rows below the table compute it year by year.
"""

from __future__ import annotations

import numpy as np

from som.io.excel import layout as L
from som.io.excel.formulas import YC, Calc
from som.io.excel.geometry import Geometry, num0, q
from som.io.excel.outputs import DASH, guard
from som.io.excel.sheets import Formats, print_setup, put
from som.report import TRANSFER

HEADS = ("Udvalg", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto", TRANSFER,
         "Netto i budgetperioden")
FIRST = 4  # first committee row (0-based)
UNASSIGNED = q(L.UNASSIGNED)


def define_map_helpers(geo: Geometry) -> dict[str, str]:
    """Named pieces that do not depend on the committee: which map applies and which map entry
    each price row's (and knowledge-base price's) consequence area hits."""
    m, o, c = geo[L.TBL_BUDGET_AREAS], geo[L.KB_BUDGET_MAP], L.PRICE_COL
    src = L.FIELD_NAMES["settings.budget_areas_source"]
    names = {
        "_M_ROWS": f"{m.data}*{m.filled(0, 2)}", "_M_AREAS": m.col(0),
        "_M_COMM": f"TRIM({m.col(1)})",
        "_O_ROWS": o.data, "_O_AREAS": o.col(0), "_O_COMM": f"TRIM({o.col(1)})",
        "_MAPF_ON": (f"((LOWER(TRIM({src}))={q(L.BUDGET_SOURCES[0])})+({src}=\"\")*"
                     "(SUM(_M_ROWS)>0)>0)*1"),
    }
    p, b = geo[L.TBL_PRICES], geo[L.KB_PRICES]
    names["_B_AREA"] = b.col(c["area"])
    names["_B_BUD"] = f"TRIM({b.col(c['budget_area'])})"
    names["_P_BUD"] = f"TRIM({p.col(c['budget_area'])})"
    own_area = p.col(c["area"])
    same_kb = "--EXACT(_P_IDS,TRANSPOSE(_B_IDS))*TRANSPOSE(_B_ROWS)"
    for tag, rows, areas in (("F", "_M_ROWS", "_M_AREAS"), ("O", "_O_ROWS", "_O_AREAS")):
        hit = f"EXACT(_B_AREA,TRANSPOSE({areas}))*TRANSPOSE({rows})"
        names[f"_B_AREAX_{tag}"] = f"--({hit})"
        names[f"_P_AREAX_{tag}"] = (f"IF({own_area}<>\"\",--EXACT({own_area},TRANSPOSE({areas}))*"
                                    f"TRANSPOSE({rows}),MMULT({same_kb},_B_AREAX_{tag}))")
    for prefix in ("_P", "_B"):
        names[f"{prefix}_HASMAP"] = (f"_MAPF_ON*MMULT({prefix}_AREAX_F,_M_ROWS)+(1-_MAPF_ON)*"
                                     f"MMULT({prefix}_AREAX_O,_O_ROWS)")
    names.update(_used_helpers(geo))
    return names


def _used_helpers(geo: Geometry) -> dict[str, str]:
    """Where the committees the calculation uses come from (arrays over each source's rows):
    every line's committee (`_C_COMM`, `_S_COMM`; blank is 'Ikke fordelt'), the price rows an
    item uses (`_U_P` on Priser, `_U_B` in the knowledge base), the map rows such a price
    without its own Udvalg falls to (`_U_M` the table Udvalg, `_U_O` an overlay's map), and
    whether anything is 'Ikke fordelt' (`_UN_USED`, a number > 0 when it is)."""
    names = {}
    for prefix, name in (("_C", L.TBL_COSTS), ("_S", L.TBL_SAVED)):
        bud = f"TRIM({geo[name].col(L.COST_COL['budget_area'])})"
        names[f"{prefix}_COMM"] = f'IF({bud}="",{UNASSIGNED},{bud})'
    names["_U_P"] = ("((MMULT(TRANSPOSE(_K_MATCH),_K_ROWS)+MMULT(TRANSPOSE(_F_MATCH),_F_ROWS))"
                     ">0)")
    names["_U_B"] = ("((MMULT(TRANSPOSE(_K_KB),_K_ROWS*(_K_FOUND=0))+"
                     "MMULT(TRANSPOSE(_F_KB),_F_ROWS*(_F_FOUND=0)))>0)")
    for tag, on, rows in (("F", "_MAPF_ON", "_M_ROWS"), ("O", "(1-_MAPF_ON)", "_O_ROWS")):
        names[f"_U_{'M' if tag == 'F' else 'O'}"] = (
            f'{on}*((MMULT(TRANSPOSE(_P_AREAX_{tag}),_U_P*(_P_BUD=""))+'
            f'MMULT(TRANSPOSE(_B_AREAX_{tag}),_U_B*(_B_BUD="")))>0)*{rows}')
    own, profile = _member(UNASSIGNED)
    names["_UN_USED"] = (f"SUM(_C_LINES*EXACT(_C_COMM,{UNASSIGNED}))+"
                         f"SUM(_S_LINES*EXACT(_S_COMM,{UNASSIGNED}))+"
                         f"SUM(_K_ROWS*{own})+SUM(_F_ROWS*{profile})")
    return names


# Every committee the inputs can name, in the engine's order of sources: (the committee of each
# row, 1 where the row uses it).
SOURCES = (("_C_COMM", "_C_LINES"), ("_S_COMM", "_S_LINES"), ("_P_BUD", '_U_P*(_P_BUD<>"")'),
           ("_B_BUD", '_U_B*(_B_BUD<>"")'), ("_M_COMM", "_U_M"), ("_O_COMM", "_U_O"))


def listed(x: str, names: str) -> str:
    """1 where the committee x (an array) is one of `names` (a range), exactly."""
    return f"(MMULT(--EXACT({x},TRANSPOSE({names})),ROW({names})^0)>0)"


def next_committee(above: str | None) -> str:
    """The first committee the inputs use that is not in the range `above` (None: no rows
    above), 'Ikke fordelt' last, or "" when there is none left (an array formula)."""
    def new(x: str) -> str:
        return f"(1-{listed(x, above)})" if above else "1"

    expr = f'IF(_UN_USED*{new(UNASSIGNED)}>0,{UNASSIGNED},"")'
    for values, used in reversed(SOURCES):
        keep = f"{used}*(1-EXACT({values},{UNASSIGNED}))*{new(values)}"
        expr = f"IFERROR(INDEX({values},MATCH(1,{keep},0)),{expr})"
    return expr


def _member(committee: str) -> tuple[str, str]:
    """(own rows, profile rows): 1 where a consequence row's item belongs to `committee`."""
    mf = f"EXACT(_M_COMM,{committee})*_M_ROWS"
    mo = f"EXACT(_O_COMM,{committee})*_O_ROWS"

    def price_in(prefix: str) -> str:
        hit = (f"_MAPF_ON*MMULT({prefix}_AREAX_F,{mf})+(1-_MAPF_ON)*"
               f"MMULT({prefix}_AREAX_O,{mo})")
        return (f"(IF({prefix}_BUD<>\"\",EXACT({prefix}_BUD,{committee}),IF({prefix}_HASMAP>0,"
                f"({hit})>0,EXACT({committee},{UNASSIGNED})))*1)")

    p_in, b_in = price_in("_P"), price_in("_B")
    return tuple(f"(MMULT({r}_MATCH,{p_in})+({r}_FOUND=0)*MMULT({r}_KB,{b_in}))"
                 for r in ("_K", "_F"))


def _cached(result, committees: list[str], n: int) -> dict[str, dict]:
    """The engine's figures per committee (by name): totals, transfer, by-year rows and the
    value rows, for the cached values of the formulas."""
    if result is None:
        return {}
    core, arrays = result.built.core, result.arrays
    names = list(core.areas.names) if core.areas is not None else []
    out = {a["area"]: dict(a) for a in result.summary.get("by_budget_area") or []}
    kommune = L.PAYERS.index("kommune")
    signed = core.price[:, kommune] * core.sign
    for a, name in enumerate(names):
        items = core.areas.item == a
        pad = lambda v: np.pad(v, (0, max(0, n - len(v))))[:n]  # noqa: E731
        out.setdefault(name, {}).update(
            costs_y=pad(arrays.area_costs[a]), saved_y=pad(arrays.area_saved[a]),
            gains_y=pad(arrays.area_gains[a]),
            unit_y=pad((core.delta[items] * signed[items, None]).sum(axis=0)),
            course_y=pad((core.course[items] * signed[items, None]).sum(axis=0)))
    return out


def write_udvalg(wb, ws, f: Formats, result, out: Calc, geo: Geometry, committees: list[str],
                 spare: int) -> dict:
    """The committee table and, below it, the year-by-year rows it sums. Returns where the
    table is (for Forside and the Kontrol check)."""
    n = out.n_years
    areas = _cached(result, committees, n)
    ws.write_string(0, 0, "Udvalg", f.title)
    ws.merge_range(1, 0, 1, 8, (
        "Kommunens nettoresultat fordelt på udvalg: hvem betaler, og hvem får gevinsten. "
        f"{TRANSFER} = kommunens nettoresultat × udvalgets andel af kommunens omkostninger − "
        "udvalgets nettoresultat (positivt: udvalget modtager). Et nyt udvalg på en linje, en "
        f"pris eller i tabellen Udvalg – og '{L.UNASSIGNED}' for det, der ikke har et udvalg – "
        "kommer selv med i rækkerne under de blå."), f.help)
    ws.set_row(1, 45)
    ws.set_row(L.HEADER_ROW, 30)
    for c, head in enumerate(HEADS):
        ws.write_string(L.HEADER_ROW, c, head, f.header_num if c else f.header)
    for y in range(n):
        ws.write_formula(L.HEADER_ROW, len(HEADS) + y, "=" + out.year_cell("year", y), f.year,
                         result.years[y] if result else f"År {y + 1}")
    names = list(committees) + [None] * spare
    helper = FIRST + len(names) + 22  # below the table and its chart
    ws.write_string(helper - 1, 0, "Beregning pr. udvalg (kommunens del, kr.)", f.subtitle)
    for y in range(n):
        ws.write_formula(helper - 1, YC + y, "=" + out.year_cell("year", y), f.year,
                         result.years[y] if result else f"År {y + 1}")
    bp = result.summary["budget_period"] if result else None
    bp_years = bp["years"][1] - bp["years"][0] + 1 if bp else 0
    net_rows = []
    for i, name in enumerate(names):
        r = FIRST + i
        if name is None:  # the next committee the inputs use that is not listed above
            above = f"$A${FIRST + 1}:$A${r}" if r > FIRST else None
            ws.write_array_formula(r, 0, r, 0, "{=" + next_committee(above) + "}", f.out_text, "")
        else:
            put(ws, r, 0, name, f.in_text)
        cached = areas.get(name, {}) if name else {}
        rows = _helper_rows(ws, f, out, geo, f"$A${r + 1}", helper + i * 7, cached, n)
        _table_row(ws, f, out, r, rows, cached, n, bp_years)
        net_rows.append(rows["net"])
    total = FIRST + len(names)
    ws.write_string(total, 0, "I alt (kommunen)", f.bold)
    for c, key in enumerate(("costs", "saved_costs", "gains", "net"), start=1):
        col = L.col_name(c)
        ws.write_formula(total, c, guard(f"SUM({col}{FIRST + 1}:{col}{total})"), f.kr_bold,
                         float(sum(a.get(key, 0.0) for a in areas.values())))
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(HEADS) - 1, 16)
    ws.set_column(len(HEADS), len(HEADS) + n - 1, 13)
    ws.freeze_panes(L.HEADER_ROW + 1, 1)
    print_setup(ws, L.HEADER_ROW, repeat_col=True)
    _chart(wb, ws, total)
    return {"first": FIRST, "last": total - 1, "total": total, "names": names,
            "cached": areas, "net_rows": net_rows,
            "years": (L.col_name(YC), L.col_name(YC + n - 1))}


def _table_row(ws, f: Formats, out: Calc, r: int, rows: dict, cached: dict, n: int,
               bp_years: int) -> None:
    def span(key: str) -> str:
        return f"${L.col_name(YC)}${rows[key] + 1}:${L.col_name(YC + n - 1)}${rows[key] + 1}"

    blank = f'IF(A{r + 1}="",""'
    for c, key in enumerate(("costs", "saved", "gains", "net"), start=1):
        value = cached.get({"saved": "saved_costs"}.get(key, key), "")
        ws.write_formula(r, c, f"={blank},{guard(f'SUM({span(key)})')[1:]})", f.kr, value)
    kommune_costs, kommune_net = out.cell("costs_kommune"), out.cell("net_kommune")
    transfer = (f'IF({kommune_costs}=0,"{DASH}",{kommune_net}*B{r + 1}/{kommune_costs}'
                f"-E{r + 1})")
    ws.write_formula(r, 5, f"={blank},{guard(transfer)[1:]})", f.kr,
                     (DASH if cached.get("transfer") is None else cached["transfer"])
                     if "net" in cached else "")
    by_year = [y["net"] for y in cached.get("by_year", [])]
    in_period = guard(f"SUMPRODUCT({span('net')},{out.span('period')})")[1:]
    ws.write_formula(r, 6, f"={blank},{in_period})", f.kr,
                     sum(by_year[:bp_years]) if by_year else "")
    for y in range(n):
        cell = guard(f"{L.col_name(YC + y)}{rows['net'] + 1}")[1:]
        ws.write_formula(r, len(HEADS) + y, f"={blank},{cell})", f.kr,
                         by_year[y] if y < len(by_year) else "")


def _helper_rows(ws, f: Formats, out: Calc, geo: Geometry, committee: str, row: int,
                 cached: dict, n: int) -> dict:
    """Seven rows for one committee: costs, saved costs, one success's value k years after,
    one starter's value k years after starting, gains, net (the kommune's part, by year)."""
    cons, prof = geo[L.TBL_CONSEQUENCES], geo[L.KB_PROFILES]
    own, profile = _member(committee)
    B = lambda name, c: f"'{L.BEREGNING}'!{c}${out.rows[name] + 1}"  # noqa: E731
    mask = lambda c: f"{B('mask', c)}=1"  # noqa: E731
    zeros = np.zeros(n)
    rows: dict[str, int] = {}
    for key, prefix, name, label in (("costs", "_C", L.TBL_COSTS, "omkostninger"),
                                     ("saved", "_S", L.TBL_SAVED, "sparede udgifter")):
        t = geo[name]
        weight = f"{prefix}_KOMMUNE*EXACT({prefix}_COMM,{committee})"
        _row(ws, f, row, committee, label, lambda y, c, t=t, prefix=prefix, weight=weight: (
            f"=IF({mask(c)},SUM(IF({weight}<>0,{weight}*IF({prefix}_PP,{prefix}_AMOUNT*"
            f"{B('starters', c)},{num0(t.year(y))}),0)),0)"), cached.get(f"{key}_y", zeros), n)
        rows[key] = row
        row += 1
    for key, label, block in (("unit", "én succes, k år efter", "year"),
                              ("course", "én startende, k år efter start", "course")):
        def formula(y: int, c: str, block: str = block) -> str:
            parts = []
            for t, rows_name, weights, member in ((cons, "_K_ROWS", "_W_KOMMUNE", own),
                                                  (prof, "_F_ROWS", "_WF_KOMMUNE", profile)):
                if y < (t.n_years if block == "year" else t.n_course):
                    col = t.year(y) if block == "year" else t.course(y)
                    parts.append(f"SUM(IF({rows_name},{member}*{weights}*{num0(col)},0))")
            return f"=IF({mask(c)},{'+'.join(parts) or '0'},0)"

        _row(ws, f, row, committee, label, formula, cached.get(f"{key}_y", zeros), n)
        rows[key] = row
        row += 1
    col = lambda k: L.col_name(YC + k)  # noqa: E731
    _row(ws, f, row, committee, "gevinster", lambda y, c: (
        f"=IF({mask(c)}," + "+".join(
            [f"{B('shifted', col(k))}*{col(y - k)}{rows['unit'] + 1}" for k in range(y + 1)]
            + [f"{B('starters', col(k))}*{col(y - k)}{rows['course'] + 1}"
               for k in range(y + 1)]) + ",0)"), cached.get("gains_y", zeros), n, array=False)
    rows["gains"] = row
    net = np.array(cached.get("gains_y", zeros)) + cached.get("saved_y", zeros) - \
        cached.get("costs_y", zeros)
    _row(ws, f, row + 1, committee, "netto", lambda y, c: (
        f"={c}{rows['gains'] + 1}+{c}{rows['saved'] + 1}-{c}{rows['costs'] + 1}"), net, n,
        array=False)
    rows["net"] = row + 1
    return rows


def _row(ws, f: Formats, row: int, committee: str, label: str, make, values, n: int,
         array: bool = True) -> None:
    ws.write_formula(row, 0, f'=IF({committee}="","",{committee}&": {label}")', f.out_text, "")
    for y in range(n):
        formula, value = make(y, L.col_name(YC + y)), float(values[y])
        if array:
            ws.write_array_formula(row, YC + y, row, YC + y, "{" + formula + "}", f.kr, value)
        else:
            ws.write_formula(row, YC + y, formula, f.kr, value)


def _chart(wb, ws, total: int) -> None:
    """Who pays, who gains: each committee's costs against its saved costs and gains."""
    name = ws.get_name()
    chart = wb.add_chart({"type": "bar"})
    cats = [name, FIRST, 0, total - 1, 0]
    for col, label, color in ((1, "Betaler: omkostninger", "#C55A11"),
                              (2, "Får: sparede udgifter", "#9BC2E6"),
                              (3, "Får: gevinster", "#1F4E79")):
        chart.add_series({"name": label, "categories": cats,
                          "values": [name, FIRST, col, total - 1, col], "fill": {"color": color}})
    chart.set_title({"name": "Hvem betaler, og hvem får gevinsten (kommunens udvalg)",
                     "name_font": {"size": 10}})
    chart.set_x_axis({"num_format": '#,##0 "kr."'})
    chart.set_y_axis({"reverse": True, "label_position": "low"})
    chart.set_legend({"position": "bottom"})
    chart.show_na_as_empty_cell()
    chart.set_size({"width": 720, "height": 300})
    ws.insert_chart(total + 2, 0, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
