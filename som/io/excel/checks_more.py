"""Checks of Usikkerhed, Konsekvenser, Priser and Antagelser (see checks_tables)."""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.checks_tables import NEGATIVE, NOT_NUMBER, _at, _Builder, _count, _value
from som.io.excel.geometry import Geometry, Table, not_choice, not_number, num0, ones, q
from som.io.excel.lists import PROFILE_COL0
from som.uncertainty.schema import MAX_DRAWS

UNC_FACTOR = q("skal indeholde 1 (Lav højst 1 og Høj mindst 1, fx 0,8 og 1,2) og ikke være negativ")


def uncertainty(b: _Builder, t: Table) -> None:
    lines = b.lines("_U", t, 0, 3)
    label, low, high = t.col(0), t.col(1), t.col(2)

    def is_label(text: str) -> str:
        return f"EXACT({label},{q(text)})"

    enabled, draws, seed = is_label(L.UNC_ENABLED), is_label(L.UNC_DRAWS), is_label(L.UNC_SEED)
    rate = is_label(L.UNC_RANGES["success_rate"])
    factors = "+".join(is_label(L.UNC_RANGES[k]) for k in ("costs", "consequences", "prices"))
    fixed = f"({enabled}+{draws}+{seed}+{rate}+{factors})"
    target = f"{lines}*(1-{fixed})"
    b.rows("Usikkerhed: størrelse udfyldt", t, f"{lines}*({label}=\"\")", 0,
           q("– udfyld størrelsen (fx costs[0] eller prices.<post>)"))
    b.rows("Usikkerhed: ja eller nej", t, f"{lines}*{enabled}*{not_choice(low, (L.YES, L.NO))}", 1,
           q("– skriv ja eller nej"))
    whole = f"IF(ISNUMBER({low}),({low}<>INT({low}))+({low}<0),1)"
    b.rows("Usikkerhed: trækninger og frø", t, f"{lines}*({draws}+{seed})*({low}<>\"\")*{whole}",
           1, q("skal være et helt tal (0 eller mere)"))
    b.rows("Usikkerhed: antal trækninger", t,
           f"{lines}*{draws}*ISNUMBER({low})*(({low}<1)+({low}>{MAX_DRAWS}))", 1,
           q(f"skal være mellem 1 og {MAX_DRAWS:,}".replace(",", ".")))
    b.rows("Usikkerhed: én værdi", t, f"{lines}*({draws}+{seed})*({high}<>\"\")", 2,
           q("– antal trækninger og frø har kun én værdi (i kolonnen Lav)"))
    ranges = f"{lines}*(1-{enabled}-{draws}-{seed})"
    pair = t.block(1, 2)
    b.cells("Usikkerhed: tal", t, f"{ranges}*{not_number(pair)}", pair, q(NOT_NUMBER))
    one = f"(({low}=\"\")+({high}=\"\")=1)"
    b.rows("Usikkerhed: Lav og Høj", t, f"{ranges}*({one}+{target}*({low}=\"\")*({high}=\"\"))",
           1, q("– udfyld både Lav og Høj"))
    both = f"ISNUMBER({low})*ISNUMBER({high})"
    b.rows("Usikkerhed: succesrate", t, (
        f"{lines}*{rate}*{both}*(({low}<0)+({high}>1)+({low}>{high})+({low}>_R)+({high}<_R))"), 1,
        q("– intervallet skal ligge mellem 0 og 100 % og indeholde succesraten (netto)"))
    b.rows("Usikkerhed: faktorer", t, (
        f"{lines}*(({factors})+{target})*{both}*(({low}<0)+({low}>1)+({high}<1))"), 1, UNC_FACTOR)
    _targets(b, t, target, label)
    filled = f"({lines}*(1-{enabled})*(({low}<>\"\")+({high}<>\"\")))"
    b.rows("Usikkerhed: slået til", t, (
        f"{lines}*{enabled}*({L.YES!r}<>LOWER(TRIM({low})))*(SUM(IF({filled},1,0))>0)"
        ).replace(repr(L.YES), q(L.YES)), 1,
        q(f"skal være '{L.YES}', når der står intervaller i afsnittet"))


def _targets(b: _Builder, t: Table, target: str, label: str) -> None:
    """costs[n] / saved_costs[n] with n < the number of lines; prices.<post> / consequences.<post>
    with a post the calculation has (its own consequence rows, or the target group's profile)."""
    def starts(prefix: str) -> str:
        return f"EXACT(LEFT({label},{len(prefix)}),{q(prefix)})"

    def number(prefix: str) -> str:
        part = f"MID({label},{len(prefix) + 1},LEN({label})-{len(prefix) + 1})"
        return f"IFERROR(--({part}),-1)"

    def line_ok(prefix: str, lines: str) -> str:
        n = number(prefix)
        return (f"{starts(prefix)}*(RIGHT({label},1)=\"]\")*({n}>=0)*({n}=INT({n}))*"
                f"({n}<SUM({lines}))")

    def item_ok(prefix: str) -> str:
        item = f"MID({label},{len(prefix) + 1},1000)"
        own = f"MMULT(--EXACT({item},TRANSPOSE(_K_ITEMS))*TRANSPOSE(_K_ROWS),_K_ROWS^0)"
        prof = f"MMULT(--EXACT({item},TRANSPOSE(_F_ITEMS))*TRANSPOSE(_F_ROWS),_F_ROWS^0)"
        return f"{starts(prefix)}*(LEFT({item},1)<>\" \")*(({own}+{prof})>0)"

    ok = (f"({line_ok('costs[', '_C_LINES')}+{line_ok('saved_costs[', '_S_LINES')}+"
          f"{item_ok('prices.')}+{item_ok('consequences.')})")
    b.rows("Usikkerhed: mål findes", t, f"{target}*({ok}=0)", 0, (
        f'"(\'"&{_value(t, f"{target}*({ok}=0)", 0)}&"\') findes ikke – skriv costs[0], '
        'saved_costs[0], prices.<post> eller consequences.<post> for en linje eller post, '
        'beregningen har"'))
    same = f"EXACT({label},TRANSPOSE({label}))*(ROW({t.name})>TRANSPOSE(ROW({t.name})))*TRANSPOSE({target})"
    b.rows("Usikkerhed: ét interval pr. mål", t,
           f"{target}*(MMULT(--({same}),ROW({t.name})^0)>0)", 0,
           q("– målet har allerede et interval længere oppe"))


def consequences(b: _Builder, geo: Geometry, data) -> None:
    t = geo[L.TBL_CONSEQUENCES]
    lines = b.lines("_K", t)
    item, origin = t.col(0), t.col(1)
    kb_rows = f"{lines}*(LOWER(TRIM({origin}))={q(L.CONSEQUENCE_ORIGINS['kb'])})"
    b.rows("Konsekvenser: id udfyldt", t, f"{lines}*({item}=\"\")", 0,
           q("– udfyld konsekvensens id"))
    b.choice("Konsekvenser: oprindelse", t, lines, 1, tuple(L.CONSEQUENCE_ORIGINS.values()))
    filled = _count(t.years()) + (f"+{_count(t.courses())}" if t.n_course else "")
    b.rows("Konsekvenser: mindst ét år", t, f"{lines}*(({filled})=0)", t.year_col0,
           q("– udfyld mindst ét år (pr. succes eller under forløbet)"))
    b.years(t, lines, negative=False, horizon=not L.CUT_CONSEQUENCES)
    b.rows("Konsekvenser: ikke blandet", t, f"(SUM(_K_ROWS)>0)*{kb_rows}", 1, q(
        "– bland ikke 'beregning' og 'målgruppe': egne konsekvenser erstatter målgruppens "
        "standardprofil; sæt alle rækker til 'beregning'"))
    _profile_rows(b, geo, t, kb_rows, data)
    price = q("– skriv prisen på arket Priser")
    no_price = "_K_ROWS*(_K_FOUND=0)*(MMULT(_K_KB,_B_ROWS)=0)"
    b.rows("Konsekvenser: pris findes", t, no_price, 0,
           f'"(\'"&{_value(t, no_price, 0)}&"\') har ingen pris "&{price}')
    kb_year = num0(geo[L.KB_PRICES].col(L.PRICE_COL["price_year"]))
    for rows, where in (("_K", None), ("_F", "profile")):
        year = f"MMULT({rows}_KB,{kb_year})"
        bad = (f"{rows}_ROWS*({rows}_FOUND=0)*({year}<>0)*({year}<>_PY)*"
               f"((COUNTIF(_IX_YEARS,{year})=0)+(COUNTIF(_IX_YEARS,_PY)=0))")
        if where is None:
            b.rows("Konsekvenser: vidensbasens prisår i prisindekset", t, bad, 0, q(
                "– vidensbasens pris har et prisår, som prisindekset ikke har; tilføj året "
                "under Prisindeks på Forudsætninger"))
        else:
            b.add("Målgruppens profil: prisår i prisindekset", t, _at_group(
                " – en pris i målgruppens standardprofil har et prisår, som prisindekset ikke "
                "har; tilføj året under Prisindeks", bad))
    b.add("Målgruppens profil: priser", t, _at_group(
        " – målgruppens standardprofil har en post uden pris; skriv prisen på arket Priser",
        "_F_ROWS*(_F_FOUND=0)*(MMULT(_F_KB,_B_ROWS)=0)"))
    if not L.CUT_CONSEQUENCES:
        prof = geo[L.KB_PROFILES]
        years = prof.block(PROFILE_COL0, prof.n_years)
        position = f"(COLUMN({years})-{prof.column_of(PROFILE_COL0)}+1)"
        b.add("Målgruppens profil: tidshorisont", t, _at_group(
            " – målgruppens standardprofil har flere år end tidshorisonten; forlæng den",
            f'_F_ROWS*({years}<>"")*({position}>_H)'))


def _at_group(message: str, bad: str) -> str:
    tg = L.FIELD_NAMES["target_group"]
    return _at(L.FORUDSAETNINGER, f"ROW({tg})", f"COLUMN({tg})", q(message), f"SUM({bad})=0")


def _profile_rows(b: _Builder, geo: Geometry, t: Table, kb_rows: str, data) -> None:
    """Rows marked 'målgruppe' must be the exported profile (the importer compares them with
    the control sheet): same items and values, as many rows (compared by a signature of the
    values: Σ d·√(k+2), Σ d²·√(k+2) and the count, computed alike on both sides)."""
    message = q("– målgruppens standardprofil er ændret; sæt Oprindelse til 'beregning' på alle "
                "rækker for at bruge dine egne tal")
    group = data.target_group
    if not group or not any(c.origin == "kb" for c in data.consequences):
        b.rows("Konsekvenser: målgruppe-rækker", t, kb_rows, 1, q(
            "– rækken er markeret 'målgruppe', men arbejdsbogen har ingen standardprofil at "
            "sammenligne med; sæt Oprindelse til 'beregning'"))
        return
    prof = geo[L.KB_PROFILES]
    n = t.n_years
    mine, theirs = t.years(), prof.block(PROFILE_COL0, n)

    def signature(block: str) -> list[str]:
        weights = f"TRANSPOSE(SQRT(COLUMN({block})-MIN(COLUMN({block}))+2))"
        return [f"MMULT({num0(block)},{weights})", f"MMULT({num0(block)}^2,{weights})",
                f"MMULT(--({block}<>\"\"),{ones(block)})"]

    rows = f"{prof.data}*EXACT({prof.col(0)},{q(group)})"
    match = f"EXACT({t.col(0)},TRANSPOSE({prof.col(1)}))*TRANSPOSE({rows})"
    for a, c in zip(signature(mine), signature(theirs), strict=True):
        match += f"*({a}=TRANSPOSE({c}))"
    b.rows("Konsekvenser: målgruppe-rækker uændrede", t,
           f"{kb_rows}*(MMULT({match},ROW({prof.name})^0)=0)", 1, message)
    b.add("Konsekvenser: alle målgruppe-rækker", t, (
        f'IF(OR(SUM({kb_rows})=0,SUM({kb_rows})=SUM({rows})),"","Kontrol: {t.sheet}!"&'
        f'ADDRESS(MIN(IF({kb_rows},ROW({t.name}))),2,4)&{message})'))


def prices(b: _Builder, t: Table) -> None:
    c = L.PRICE_COL
    lines = b.lines("_P", t)
    ident = t.col(c["id"])
    b.rows("Priser: id udfyldt", t, f"{lines}*({ident}=\"\")", c["id"], q("– udfyld prisens id"))
    same = (f"EXACT({ident},TRANSPOSE({ident}))*(ROW({t.name})>TRANSPOSE(ROW({t.name})))*"
            f"TRANSPOSE({lines}*({ident}<>\"\"))")
    dup = f"{lines}*({ident}<>\"\")*(MMULT(--({same}),ROW({t.name})^0)>0)"
    b.rows("Priser: hvert id én gang", t, dup, c["id"],
           f'"(\'"&{_value(t, dup, c["id"])}&"\') står to gange på arket – slet den ene række"')
    b.choice("Priser: art", t, lines, c["kind"], tuple(L.KINDS.values()), "vælg udgift eller indtægt")
    b.year_number("Priser: prisår", t, lines, c["price_year"])
    b.in_index(t, lines, c["price_year"])
    money = t.block(c["kommune"], 3)
    b.cells("Priser: beløb er tal", t, f"{lines}*{not_number(money)}", money, q(NOT_NUMBER))
    b.cells("Priser: beløb ikke negative", t, f"{lines}*ISNUMBER({money})*({money}<0)", money,
            q(NEGATIVE))
    b.choice("Priser: oprindelse", t, lines, c["origin"], tuple(L.PRICE_ORIGINS.values()))
    kb = b.geo[L.KB_PRICES]

    def eq_text(key: str) -> str:
        return f"EXACT({t.col(c[key])},TRANSPOSE({kb.col(c[key])}))"

    def eq_number(key: str) -> str:
        return f"({num0(t.col(c[key]))}=TRANSPOSE({num0(kb.col(c[key]))}))"

    match = "*".join([eq_text("id"), eq_text("name"), eq_text("unit"),
                      f"(LOWER(TRIM({t.col(c['kind'])}))=TRANSPOSE(LOWER(TRIM({kb.col(c['kind'])}))))",
                      f"({t.col(c['price_year'])}=TRANSPOSE({kb.col(c['price_year'])}))",
                      *(eq_number(p) for p in L.PAYERS), eq_text("source.title"),
                      eq_text("source.url"), f"TRANSPOSE({kb.data})"])
    from_kb = f"{lines}*(LOWER(TRIM({t.col(c['origin'])}))={q(L.PRICE_ORIGINS['kb'])})"
    b.rows("Priser: vidensbasens priser uændrede", t,
           f"{from_kb}*(MMULT(--({match}),ROW({kb.name})^0)=0)", c["kommune"], q(
               "– prisen er ændret i forhold til vidensbasen (eller findes ikke dér); sæt "
               "Oprindelse til 'beregning' for at bruge din egen"))


def assumptions(b: _Builder, t: Table) -> None:
    lines = b.lines("_A", t)
    topic, text, source = t.col(0), t.col(1), t.col(2)
    b.choice("Antagelser: emne", t, lines, 0, tuple(L.TOPICS.values()))
    b.rows("Antagelser: tekst", t, f"{lines}*({text}=\"\")*({source}<>\"\")", 1,
           q("– antagelsen mangler tekst (kilden står alene)"))
    b.rows("Antagelser: emne udfyldt", t, f"{lines}*({topic}=\"\")*({text}<>\"\")", 0,
           q("– vælg et emne for antagelsen"))
