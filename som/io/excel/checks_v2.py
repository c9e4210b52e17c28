"""Checks of spec v2's inputs: committees (udvalg) on lines and prices, the committee map, the
consequence areas, consequences during the course, and the Udvalg sheet's list of committees."""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.checks_tables import NOT_NUMBER, _at, _Builder, _value
from som.io.excel.geometry import Geometry, not_number, q

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
    """Every committee the calculation uses is on the Udvalg sheet once: the listed committees'
    nets add up to the kommune's net (spec §2.12: Σ_a net_a = kommune net). Read from the
    sheet's unguarded year rows (the table itself waits for INPUT_OK)."""
    from som.io.excel.kontrol import Check

    first, last = udvalg["first"] + 1, udvalg["last"] + 1
    names = f"'{L.UDVALG}'!$A${first}:$A${last}"
    sheet = f"'{L.UDVALG}'!"
    c0, c1 = udvalg["years"]
    total = "+".join(
        f'IF({sheet}$A${r + 1}<>"",SUM({sheet}${c0}${net + 1}:${c1}${net + 1}),0)'
        for r, net in zip(range(udvalg["first"], udvalg["last"] + 1), udvalg["net_rows"],
                          strict=True))
    dup = f"SUMPRODUCT(({names}<>\"\")*(COUNTIF({names},{names})>1))"
    formula = (f'IF(OR({dup}>0,ABS({total}-_NET_KOMMUNE)>0.01),"Kontrol: {L.UDVALG}!A"&'
               f'ROW({sheet}$A${first})&" – et udvalg, som beregningen bruger, står ikke på '
               'arket Udvalg (eller står to gange); skriv dets navn i en tom blå række","")')
    b.checks.append(Check("Udvalg: alle udvalg på arket", L.UDVALG, formula, array=True))
