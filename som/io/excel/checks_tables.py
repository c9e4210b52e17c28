"""Checks of the tables (array formulas over each table's defined name).

A check is an array of 0/1 over the table's rows (or cells) that is 1 where the importer would
refuse the workbook; its message names the first such cell. Because the arrays cover the
table's whole name, rows a person inserts are checked like the exported ones. `_X_LINES` names
the lines the importer reads: rows between header and closing row with anything filled in.
"""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.geometry import Geometry, Table, not_choice, not_number, num0, ones, q
from som.io.excel.kontrol import Check

RIGHT = 20  # columns to the right of a table that must stay empty
BELOW = 5000  # rows below an end marker that must stay empty
NOT_NUMBER = "er ikke et tal – skriv tallet uden tekst (er cellen formateret som tekst?)"
NEGATIVE = "må ikke være negativ"


def _row_msg(t: Table, bad: str, col: int, msg: str) -> str:
    r = f"MIN(IF({bad},ROW({t.name})))"
    return (f'IF(SUM(IF({bad},1,0))=0,"","Kontrol: {t.sheet}!"&ADDRESS({r},{t.column_of(col)},4)'
            f'&" "&{msg})')


def _value(t: Table, bad: str, col: int) -> str:
    return f"INDEX({t.col(col)},MIN(IF({bad},ROW({t.name})))-MIN(ROW({t.name}))+1)"


def _cell_msg(sheet: str, bad: str, rows: str, block: str, msg: str) -> str:
    code = f"MIN(IF({bad},{rows}*100000+COLUMN({block})))"
    return (f'IF(SUM(IF({bad},1,0))=0,"","Kontrol: {sheet}!"&ADDRESS(INT({code}/100000),'
            f'MOD({code},100000),4)&" "&{msg})')


def _at(sheet: str, row: str, col: str, message: str, ok: str) -> str:
    """'' when `ok`, else 'Kontrol: sheet!<row,col> <message>'."""
    return f'IF({ok},"","Kontrol: {sheet}!"&ADDRESS({row},{col},4)&{message})'


def _count(block: str) -> str:
    """Filled cells per row of `block` (rows × 1)."""
    return f"MMULT(--({block}<>\"\"),{ones(block)})"


class _Builder:
    def __init__(self, geo: Geometry):
        self.geo, self.checks, self.names = geo, [], {}

    def add(self, title: str, t: Table, formula: str) -> None:
        self.checks.append(Check(title, t.sheet, formula, array=True))

    def rows(self, title: str, t: Table, bad: str, col: int, msg: str) -> None:
        self.add(title, t, _row_msg(t, bad, col, msg))

    def cells(self, title: str, t: Table, bad: str, block: str, msg: str) -> None:
        self.add(title, t, _cell_msg(t.sheet, bad, f"ROW({t.name})", block, msg))

    def lines(self, prefix: str, t: Table, first: int = 0, count: int | None = None) -> str:
        name = f"{prefix}_LINES"
        self.names[name] = f"{t.data}*{t.filled(first, count)}"
        return name

    def structure(self, t: Table, columns: tuple, marker_row: int | None, end: bool) -> None:
        """Headers as declared, the section marker right above, the closing row, nothing to
        the right of the table or below its end marker."""
        heads = "{" + ",".join(q(c.header) for c in columns) + "}"
        block = f"INDEX({t.name},1,1):INDEX({t.name},1,{len(columns)})"
        self.add(f"Overskrifter ({t.sheet}, {t.name})", t, _cell_msg(
            t.sheet, f"NOT(EXACT(TRIM({block}),{heads}))", f"ROW({block})", block,
            q("skal være tabellens overskrift – er en kolonne flyttet, indsat, slettet eller "
              "omdøbt? Fortryd ændringen")))
        if t.year_col0 is not None:
            years = f"INDEX({t.name},1,{t.year_col0 + 1}):INDEX({t.name},1,{t.year_col0 + t.n_years})"
            self.add(f"Årsoverskrifter ({t.name})", t, _cell_msg(
                t.sheet, f"({years}=\"\")", f"ROW({years})", years,
                q("er en tom årsoverskrift – fortryd sletningen")))
        if marker_row is not None:
            marker = L.ref(t.sheet, marker_row, 0)
            text = L.SECTION_BY_NAME[t.name]
            self.add(f"Afsnittet '{text}'", t, _at(
                t.sheet, f"ROW({marker})", "1",
                q(f" skal være afsnittet '{text}' med tabellens overskrift lige under – fortryd "
                  "ændringen"),
                f"AND(MIN(ROW({t.name}))-ROW({marker})=1,EXACT(TRIM({marker}),{q(text)}))"))
        if end:
            close = f"INDEX({t.name},ROWS({t.name}),1)"
            self.add(f"Slutningen af {t.name}", t, _at(
                t.sheet, f"MAX(ROW({t.name}))", "1",
                q(" skal være tabellens slutlinje – fortryd ændringen"),
                f"EXACT({close},{q(L.END_MARKER)})"))
            below = f"OFFSET({t.name},ROWS({t.name}),0,{BELOW},{t.n_cols + RIGHT})"
            self.add(f"Under {t.name}", t, _cell_msg(
                t.sheet, f"({below}<>\"\")", f"ROW({below})", below, q(L.BELOW_END)))
        right = f"OFFSET({t.name},0,{t.n_cols},ROWS({t.name}),{RIGHT})"
        self.add(f"Til højre for {t.name}", t, _cell_msg(
            t.sheet, f"({right}<>\"\")", f"ROW({right})", right,
            q("står i en kolonne uden overskrift – flyt værdien ind i tabellen eller slet den")))

    def years(self, t: Table, rows: str, negative: bool = True, horizon: bool = True) -> None:
        """The year cells of `rows`: numbers, not negative, no gap, inside the horizon."""
        block, n = t.years(), t.n_years
        self.cells(f"Tal under årene ({t.name})", t, f"{rows}*{not_number(block)}", block,
                   q(NOT_NUMBER))
        if negative:
            self.cells(f"Negative tal ({t.name})", t, f"{rows}*ISNUMBER({block})*({block}<0)",
                       block, q(NEGATIVE))
        if n > 1:
            before, after = t.block(t.year_col0, n - 1), t.block(t.year_col0 + 1, n - 1)
            self.cells(f"Huller i årene ({t.name})", t,
                       f"{rows}*({before}=\"\")*({after}<>\"\")", before, q(
                           "er tom midt i rækken – udfyld den (fx med 0) eller slet tallene efter den"))
        if horizon:
            position = f"(COLUMN({block})-{t.column_of(t.year_col0)}+1)"
            self.cells(f"Tidshorisonten ({t.name})", t,
                       f"{rows}*({block}<>\"\")*({position}>_H)", block,
                       '"ligger uden for tidshorisonten på "&_H&" år – ret tidshorisonten '
                       'eller slet tallet"')

    def year_number(self, title: str, t: Table, rows: str, col: int) -> None:
        y = t.col(col)
        self.rows(title, t, f"{rows}*({y}<>\"\")*IF(ISNUMBER({y}),({y}<>INT({y}))+({y}<1900)+"
                            f"({y}>2200),1)", col, q("skal være et helt årstal mellem 1900 og 2200"))

    def in_index(self, t: Table, rows: str, col: int) -> None:
        y = t.col(col)
        self.rows(f"Prisår i prisindekset ({t.name})", t,
                  f"{rows}*ISNUMBER({y})*({y}<>_PY)*((COUNTIF(_IX_YEARS,{y})=0)+"
                  f"(COUNTIF(_IX_YEARS,_PY)=0))", col,
                  q("– prisåret (eller prisniveauet) findes ikke i prisindekset på "
                    "Forudsætninger; tilføj året dér"))

    def choice(self, title: str, t: Table, rows: str, col: int, choices: tuple[str, ...],
               required: str | None = None) -> None:
        x = t.col(col)
        text = ", ".join(choices)
        if required:
            self.rows(f"{title} udfyldt", t, f"{rows}*({x}=\"\")", col, q(f"er tom – {required}"))
        self.rows(title, t, f"{rows}*{not_choice(x, choices)}", col,
                  f'"(\'"&{_value(t, f"{rows}*{not_choice(x, choices)}", col)}&"\') er ikke en '
                  f'tilladt værdi – vælg {text}"')


def table_checks(geo: Geometry, data, udvalg: dict | None = None
                 ) -> tuple[list[Check], dict[str, str]]:
    """All table checks and the helper names (`_X_LINES`) they use."""
    b = _Builder(geo)
    _participants(b, geo[L.TBL_PARTICIPANTS])
    for prefix, name in (("_C", L.TBL_COSTS), ("_S", L.TBL_SAVED)):
        _costs(b, prefix, geo[name])
    _index(b, geo[L.TBL_INDEX], data)
    from som.io.excel.checks_more import assumptions, consequences, prices, uncertainty

    uncertainty(b, geo[L.TBL_UNCERTAINTY])
    consequences(b, geo, data)
    prices(b, geo[L.TBL_PRICES])
    assumptions(b, geo[L.TBL_ASSUMPTIONS])
    from som.io.excel.checks_v2 import v2_checks

    v2_checks(b, geo, udvalg)
    for t in geo.tables.values():
        if t.sheet != L.LISTER:
            b.structure(t, _columns(t), geo.marker_rows.get(t.name), t.name in L.ENDED_TABLES)
    return b.checks, b.names


def _columns(t: Table) -> tuple:
    if t.sheet == L.FORUDSAETNINGER:
        return L.SECTION_COLUMNS[L.SECTION_BY_NAME[t.name]]
    return L.SHEET_COLUMNS[t.sheet]


def _participants(b: _Builder, t: Table) -> None:
    label = f"(LOWER(TRIM({t.col(0)}))={q(L.PARTICIPANTS_LABEL.lower())})"
    lines = b.lines("_D", t)
    b.rows("Rækker under Deltagere", t, f"{lines}*(1-{label})", 0, q(
        f"er en uventet række – afsnittet 'Deltagere' har kun rækken '{L.PARTICIPANTS_LABEL}'"))
    rows = f"{t.data}*{label}"
    before = f"MMULT(--(ROW({t.name})>=TRANSPOSE(ROW({t.name}))),{rows})"
    b.rows("Rækken Startende deltagere én gang", t, f"{rows}*({before}>1)", 0,
           q("står to gange – slet den ene række"))
    b.add("Rækken Startende deltagere findes", t, _at(
        t.sheet, f"MIN(ROW({t.name}))+1", "1",
        q(f" – rækken '{L.PARTICIPANTS_LABEL}' mangler; skriv den under overskriften"),
        f"SUM({rows})>0"))
    middle = t.block(1, L.YEAR_COL0 - 1)
    b.cells("Deltagere skrives under årene", t, f"{rows}*({middle}<>\"\")", middle,
            q("– deltagerne skrives under årene, ikke her"))
    b.years(t, rows)


def _costs(b: _Builder, prefix: str, t: Table) -> None:
    c = L.COST_COL
    lines = b.lines(prefix, t)
    what = "Omkostninger" if prefix == "_C" else "Sparede udgifter"
    b.rows(f"{what}: navn", t, f"{lines}*({t.col(c['name'])}=\"\")", c["name"],
           q("– linjen mangler et navn"))
    b.choice(f"{what}: type", t, lines, c["type"], tuple(L.COST_TYPES.values()),
             "vælg opstart, drift eller pr. deltager")
    b.choice(f"{what}: betaler", t, lines, c["payer"], L.PAYER_CHOICES,
             "vælg kommune, region, stat eller fordelt")
    shares = t.block(c["share.kommune"], 3)
    payer = f"{prefix}_PAYER"
    b.cells(f"{what}: andele er tal", t, f"{lines}*{not_number(shares)}", shares, q(NOT_NUMBER))
    b.cells(f"{what}: andele 0-100 %", t,
            f"{lines}*ISNUMBER({shares})*(({shares}<0)+({shares}>1))", shares,
            q("skal være en andel mellem 0 og 100 %"))
    shared = f"{lines}*({payer}={q(L.SHARED)})"
    b.rows(f"{what}: andele udfyldt", t, f"{shared}*({_count(shares)}=0)", c["payer"], q(
        f"– udfyld andelene for kommune, region og stat, når Betaler er '{L.SHARED}'"))
    total = f"MMULT({num0(shares)},{ones(shares)})"
    b.rows(f"{what}: andele summerer til 100 %", t,
           f"{shared}*({_count(shares)}>0)*(ABS({total}-1)>1E-9)", c["payer"],
           q("– andelene summerer ikke til 100 %"))
    single = "+".join(f"({payer}={q(p)})" for p in L.PAYERS)
    b.cells(f"{what}: andele kun ved fordelt", t, f"{lines}*({single})*({shares}<>\"\")", shares,
            q(f"– andele bruges kun, når Betaler er '{L.SHARED}'"))
    b.year_number(f"{what}: prisår", t, lines, c["price_year"])
    b.in_index(t, lines, c["price_year"])
    amount = t.col(c["amount"])
    pp = f"{prefix}_PP"
    b.rows(f"{what}: beløb pr. deltager udfyldt", t, f"{lines}*{pp}*({amount}=\"\")",
           c["amount"], q("er tom – udfyld 'Beløb pr. deltager'"))
    b.rows(f"{what}: beløb pr. deltager er et tal", t, f"{lines}*{not_number(amount)}",
           c["amount"], q(NOT_NUMBER))
    b.rows(f"{what}: beløb pr. deltager ikke negativt", t,
           f"{lines}*ISNUMBER({amount})*({amount}<0)", c["amount"], q(NEGATIVE))
    b.rows(f"{what}: pr. deltager uden årsbeløb", t, f"{lines}*{pp}*({_count(t.years())}>0)",
           t.year_col0, q("– en linje af typen 'pr. deltager' bruger 'Beløb pr. deltager', ikke "
                          "beløb under årene"))
    fixed = "+".join(f"({prefix}_TYPE={q(L.COST_TYPES[k])})" for k in ("startup", "operating"))
    b.rows(f"{what}: beløb pr. deltager kun ved pr. deltager", t,
           f"{lines}*({fixed})*({amount}<>\"\")", c["amount"], q(
               "– 'Beløb pr. deltager' bruges kun af typen 'pr. deltager'; skriv beløbene under "
               "årene"))
    b.years(t, lines)


def _index(b: _Builder, t: Table, data) -> None:
    lines = b.lines("_I", t, 0, 3)
    y, v = t.col(0), t.col(1)
    b.rows("Prisindeks: år og indeks udfyldt", t, f"{lines}*(({y}=\"\")+({v}=\"\"))",
           0, q("– udfyld både år og indeks"))
    b.year_number("Prisindeks: år", t, lines, 0)
    b.rows("Prisindeks: indeks", t, f"{lines}*({v}<>\"\")*IF(ISNUMBER({v}),{v}<=0,1)", 1,
           q("skal være et tal større end 0"))
    b.choice("Prisindeks: oprindelse", t, lines, 2, tuple(L.PRICE_ORIGINS.values()))
    same = (f"({y}=TRANSPOSE({y}))*(ROW({t.name})>TRANSPOSE(ROW({t.name})))*"
            f"TRANSPOSE({lines}*ISNUMBER({y}))")
    b.rows("Prisindeks: hvert år én gang", t,
           f"{lines}*ISNUMBER({y})*(MMULT({same},ROW({t.name})^0)>0)", 0,
           q("– året står to gange i prisindekset"))
    kb = b.geo[L.KB_INDEX]
    match = (f"({y}=TRANSPOSE({kb.col(0)}))*({v}=TRANSPOSE({kb.col(1)}))*TRANSPOSE({kb.data})")
    from_kb = f"({L.FIELD_NAMES['settings.price_index_source']}<>\"\")*" \
              f"(LOWER(TRIM({L.FIELD_NAMES['settings.price_index_source']}))=" \
              f"{q(L.INDEX_SOURCES['kb'])})"
    edited = q("– prisindekset er ændret i forhold til vidensbasen; sæt 'Prisindeks fra' til "
               "'beregningen' for at bruge dit eget")
    b.rows("Prisindeks fra vidensbasen uændret", t,
           f"{from_kb}*{lines}*(MMULT({match},ROW({kb.name})^0)=0)", 1, edited)
    b.add("Prisindeks fra vidensbasen komplet", t, _at(
        t.sheet, f"MIN(ROW({t.name}))+1", "1", edited,
        f"OR(NOT({from_kb}),SUM({lines})=SUM({kb.data}))"))
