"""Checks of spec v2's inputs: committees (udvalg) on lines and prices, the committee map, the
consequence areas, consequences during the course, and the Udvalg sheet's list of committees."""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.checks_tables import NOT_NUMBER, _at, _Builder, _value
from som.io.excel.geometry import Geometry, Table, not_number, q

BLANK_COMMITTEE = q("– udvalgets navn må ikke være tomt (kun mellemrum); slet cellen eller "
                    "skriv navnet")


def v2_checks(b: _Builder, geo: Geometry, udvalg: dict | None) -> None:
    for prefix, name in (("_C", L.TBL_COSTS), ("_S", L.TBL_SAVED)):
        t = geo[name]
        col = L.COST_COL["budget_area"]
        bud = t.col(col)
        b.rows(f"Udvalg på linjerne ({name})", t,
               f"{prefix}_LINES*({bud}<>\"\")*(TRIM({bud})=\"\")", col, BLANK_COMMITTEE)
    _map(b, geo)
    prices = geo[L.TBL_PRICES]
    c = L.PRICE_COL
    bud, area = prices.col(c["budget_area"]), prices.col(c["area"])
    b.rows("Priser: udvalg", prices, f"_P_LINES*({bud}<>\"\")*(TRIM({bud})=\"\")",
           c["budget_area"], BLANK_COMMITTEE)
    used = "((MMULT(TRANSPOSE(_K_MATCH),_K_ROWS)+MMULT(TRANSPOSE(_F_MATCH),_F_ROWS))>0)"
    known = f"MMULT(--EXACT({area},TRANSPOSE({L.KB_AREA_IDS})),ROW({L.KB_AREA_IDS})^0)"
    bad = f"_P_LINES*{used}*({area}<>\"\")*(COUNTA({L.KB_AREA_IDS})>0)*({known}=0)"
    b.rows("Priser: konsekvensområde", prices, bad, c["area"],
           f'"(\'"&{_value(prices, bad, c["area"])}&"\') er ikke et konsekvensområde i '
           'vidensbasen"')
    cons = geo[L.TBL_CONSEQUENCES]
    if cons.n_course:
        block = cons.courses()
        b.cells("Forløb: tal (TBL_CONSEQUENCES)", cons, f"_K_LINES*{not_number(block)}", block,
                q(NOT_NUMBER))
        if cons.n_course > 1:
            before = cons.block(cons.course_col0, cons.n_course - 1)
            after = cons.block(cons.course_col0 + 1, cons.n_course - 1)
            b.cells("Forløb: huller (TBL_CONSEQUENCES)", cons,
                    f"_K_LINES*({before}=\"\")*({after}<>\"\")", before, q(
                        "er tom midt i rækken – udfyld den (fx med 0) eller slet tallene efter den"))
    if udvalg is not None:
        _committees(b, geo, udvalg)


def _map(b: _Builder, geo: Geometry) -> None:
    t = geo[L.TBL_BUDGET_AREAS]
    lines = b.lines("_M", t, 0, 2)
    area, committee = t.col(0), t.col(1)
    b.rows("Udvalg: område og udvalg udfyldt", t,
           f"{lines}*(({area}=\"\")+(TRIM({committee})=\"\"))", 0,
           q("– udfyld både konsekvensområde og udvalg"))
    same = (f"EXACT({area},TRANSPOSE({area}))*(ROW({t.name})>TRANSPOSE(ROW({t.name})))*"
            f"TRANSPOSE({lines})")
    b.rows("Udvalg: hvert område én gang", t,
           f"{lines}*({area}<>\"\")*(MMULT(--({same}),ROW({t.name})^0)>0)", 0,
           q("– konsekvensområdet står to gange"))
    kb = f"MMULT(--EXACT({area},TRANSPOSE({L.KB_AREA_IDS})),ROW({L.KB_AREA_IDS})^0)"
    own = (f"MMULT(--EXACT({area},TRANSPOSE({geo[L.TBL_PRICES].col(L.PRICE_COL['area'])}))*"
           "TRANSPOSE(_P_ROWS),_P_ROWS)")
    bad = (f"{lines}*({area}<>\"\")*IF(COUNTA({L.KB_AREA_IDS})>0,{kb}=0,{own}=0)")
    b.rows("Udvalg: kendt konsekvensområde", t, bad, 0,
           f'"(\'"&{_value(t, bad, 0)}&"\') er ikke et kendt konsekvensområde (vidensbasens, eller '
           'en pris\'s Område)"')
    src = L.FIELD_NAMES["settings.budget_areas_source"]
    b.add("Udvalg fra vidensbasen uden tabel", t, _at(
        t.sheet, f"MIN(ROW({t.name}))+1", "1", q(
            " – tabellen Udvalg bruges kun, når 'Udvalg fra' er 'beregningen'"),
        f"NOT(AND(LOWER(TRIM({src}))={q(L.BUDGET_SOURCES[1])},SUM({lines})>0))"))


def _committees(b: _Builder, geo: Geometry, udvalg: dict) -> None:
    """Every committee the calculation uses is on the Udvalg sheet once (spec §2.12: the
    committees' nets add up to the kommune's net). The rows after the exported committees list
    new ones by themselves, so these fire only when a name is typed twice or the rows run out;
    each names the cell the committee was typed in."""
    from som.io.excel.kontrol import Check
    from som.io.excel.udvalg import UNASSIGNED, _member, listed

    first, last = udvalg["first"] + 1, udvalg["last"] + 1
    sheet = f"'{L.UDVALG}'!"
    names = f"{sheet}$A${first}:$A${last}"
    t = Table("_UDV_NAMES", L.UDVALG, udvalg["first"] - 1, udvalg["last"] + 1, 1)
    b.names[t.name] = f"{sheet}$A${first - 1}:$A${last + 1}"
    twice = (f"({t.col(0)}<>\"\")*{t.data}*(MMULT(--EXACT({t.col(0)},TRANSPOSE({names}))*"
             f"(ROW({t.name})>TRANSPOSE(ROW({names}))),ROW({names})^0)>0)")
    b.rows("Udvalg: hvert udvalg én gang", t, twice, 0,
           q(f"– udvalget står to gange på arket {L.UDVALG}; slet den ene række"))
    full = (f" står ikke på arket {L.UDVALG}, og der er ikke flere rækker til nye udvalg dér – "
            "skriv det over et udvalg, som ikke bruges mere, eller gem og lav en ny arbejdsbog med "
            "rækker nok: som export DENNE.xlsx NY.xlsx")
    for (prefix, comm), name, col in ((("_C", "_C_COMM"), L.TBL_COSTS, L.COST_COL["budget_area"]),
                                      (("_S", "_S_COMM"), L.TBL_SAVED, L.COST_COL["budget_area"]),
                                      (("_U_P", "_P_BUD"), L.TBL_PRICES,
                                       L.PRICE_COL["budget_area"]),
                                      (("_U_M", "_M_COMM"), L.TBL_BUDGET_AREAS, 1)):
        table = geo[name]
        used = {"_C": "_C_LINES", "_S": "_S_LINES", "_U_P": '_U_P*(_P_BUD<>"")'}.get(prefix,
                                                                                     prefix)
        bad = f"{used}*(1-{listed(comm, names)})"
        value = f"INDEX({comm},MIN(IF({bad},ROW({table.name})))-MIN(ROW({table.name}))+1)"
        b.rows(f"Udvalg på arket Udvalg ({name})", table, bad, col,
               f'"– udvalget \'"&{value}&"\'{full}"')
    own, _ = _member(UNASSIGNED)
    cons = geo[L.TBL_CONSEQUENCES]
    b.rows("Udvalg på arket Udvalg (Ikke fordelt)", cons,
           f"_K_ROWS*{own}*(1-{listed(UNASSIGNED, names)})", 0,
           q(f"– posten har intet udvalg ('{L.UNASSIGNED}'), og '{L.UNASSIGNED}'{full}"))
    c0, c1 = udvalg["years"]
    total = "+".join(
        f'IF({sheet}$A${r + 1}<>"",SUM({sheet}${c0}${net + 1}:${c1}${net + 1}),0)'
        for r, net in zip(range(udvalg["first"], udvalg["last"] + 1), udvalg["net_rows"],
                          strict=True))
    formula = (f'IF(ABS({total}-_NET_KOMMUNE)>0.01,"Kontrol: {L.UDVALG}!A{first}:A{last} – '
               "udvalgenes nettoresultater giver ikke kommunens nettoresultat: et udvalg, som "
               "beregningen bruger (fra vidensbasen), mangler på arket, og der er ikke flere "
               'rækker til det – gem og lav en ny arbejdsbog: som export DENNE.xlsx NY.xlsx","")')
    b.checks.append(Check("Udvalg: alle udvalg på arket", L.UDVALG, formula, array=True))
