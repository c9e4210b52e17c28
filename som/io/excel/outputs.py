"""Resultat (the figures, guarded by the checks) and Kilder (provenance, in Danish).

Every figure on Resultat is a formula on Beregning behind `IF(INPUT_OK, ...)`: while a check on
the Kontrol sheet fails, the net result shows that check's message and every other figure a
dash, never a number the engine would not give. The result names (NET_TOTAL, ...) point here.
"""

from __future__ import annotations

from som.io.excel import layout as L
from som.io.excel.formulas import Calc
from som.io.excel.geometry import num0
from som.io.excel.names import PAYER_SUFFIX
from som.io.excel.sheets import Formats, print_setup, put

NONE_TEXT = "ingen"
PAYER_HEADS = ("Betaler", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto",
               "Netto i budgetperioden", "Tilbagebetalingsår")
DASH = "–"
RECORD_KINDS = {"target_group": "målgruppe", "price": "pris",
                "consequence_profile": "konsekvensprofil", "effect_study": "effektstudie",
                "price_index": "prisindeks"}
RECORD_ORIGINS = {"base": "vidensbasen", "overlay": "kommunens tillæg"}


def guard(formula: str, message: bool = False) -> str:
    """The figure while every check passes; else the first problem (or a dash)."""
    return f'=IF({L.INPUT_OK},{formula},{L.FIRST_PROBLEM if message else chr(34) + DASH + chr(34)})'


def _break_even_rate(out: Calc) -> str:
    """Spec §2.9 (v2): (ΣC − ΣB − ΣG_course) / (ΣG_success / r); the during-course gains are
    the course rows (value per starter by years since starting) × the starters reaching them."""
    course = "+".join(out.span(f"course_{p}") for p in L.PAYERS)
    g_course = f"SUMPRODUCT(({course})*{out.span('reach_course')})"
    g_success = f"({out.cell('gains')}-{g_course})"
    return (f'IF(OR({g_success}=0,_R=0),"{DASH}",({out.cell("costs")}-{out.cell("saved")}'
            f"-{g_course})/({g_success}/_R))")


def ratio(numerator: str, denominator: str) -> str:
    return f'IF({denominator}=0,"{DASH}",{numerator}/{denominator})'


def break_even(out: Calc, key: str) -> str:
    """First year from which cumulative net stays >= 0 (spec §2.8), from the helper row."""
    last = out.cell("last_negative_" + key)
    return f'IF({last}=_H-1,"{NONE_TEXT}",_START+{last}+1)'


def payer_break_even(out: Calc, payer: str) -> str:
    """Spec v2 §2.8: a payer with no flows at all has no break-even year ("–"); costs and saved
    costs are never negative, gains can be, hence ABS over the years."""
    no_flows = (f'AND({out.cell("costs_" + payer)}=0,{out.cell("saved_" + payer)}=0,'
                f'SUMPRODUCT(ABS({out.span("gains_" + payer)}))=0)')
    return f'IF({no_flows},"{DASH}",{break_even(out, "cum_" + payer)})'


def payer_year_value(figures: dict) -> int | str:
    if figures["break_even_year"] is None and not any(
            figures[k] for k in ("costs", "saved_costs", "gains")):
        return DASH
    return _year_value(figures["break_even_year"])


def _year_value(value: int | None) -> int | str:
    return NONE_TEXT if value is None else value


def _cached(value):
    return DASH if value is None else value


def write_resultat(wb, ws, f: Formats, result, out: Calc, geo) -> dict[str, str]:
    """Totals, by payer, by year and by item. Returns cell references Forside uses."""
    ws.write_string(0, 0, "Resultat", f.title)
    ws.write_string(1, 0, "Alle beløb i kr. i prisniveauet, ikke diskonteret (undtagen "
                          "nutidsværdien). Står der en kontrolbesked, så ret inputtet, den nævner.",
                    f.note)
    t = result.totals if result else {}
    B = out.cell
    rows = [
        ("Omkostninger", "COSTS_TOTAL", B("costs"), "costs", f.kr),
        ("Sparede udgifter", "SAVED_TOTAL", B("saved"), "saved_costs", f.kr),
        ("Gevinster (konsekvenser)", "GAINS_TOTAL", B("gains"), "gains", f.kr),
        ("Nettoresultat", "NET_TOTAL", B("net"), "net", f.kr_bold),
        ("Nettoresultat i budgetperioden", "NET_BUDGET_PERIOD", B("bp"), "budget_period", f.kr),
        ("Nutidsværdi (diskonteret)", "NPV_TOTAL", B("npv"), "net_present_value", f.kr),
        ("Deltagere", None, B("starters"), "participants", f.number),
        ("Succeser", None, B("successes"), "successes", f.number),
        ("Netto pr. deltager", None, ratio(B("net"), B("starters")), "net_per_participant", f.kr),
        ("Netto pr. succes", None, ratio(B("net"), B("successes")), "net_per_success", f.kr),
        ("Afkast pr. krone", None, ratio(f"({B('gains')}+{B('saved')})", B("costs")),
         "benefit_cost_ratio", f.number),
        ("Tilbagebetalingsår", None, break_even(out, "cum"), "break_even_year", f.plain_year),
        ("Kritisk succesrate", None, _break_even_rate(out), "break_even_success_rate",
         f.percent),
    ]
    ws.write_string(3, 0, "Nøgletal", f.header)
    ws.write_string(3, 1, "Værdi", f.header)
    refs: dict[str, str] = {}
    for n, (label, name, formula, key, cell_fmt) in enumerate(rows):
        row = 4 + n
        ws.write_string(row, 0, label, f.bold if name == "NET_TOTAL" else f.text)
        value = t.get(key) if result else 0
        if key == "break_even_year":
            value = _year_value(value) if result else NONE_TEXT
        elif key == "budget_period":
            value = result.summary["budget_period"]["net"] if result else 0
            ws.write_formula(row, 2, '=_START&"–"&(_START+_BP-1)', f.note,
                             "{}–{}".format(*result.summary["budget_period"]["years"])
                             if result else "")
        ws.write_formula(row, 1, guard(formula, message=name == "NET_TOTAL"), cell_fmt,
                         _cached(value))
        refs[label] = L.ref(L.RESULTAT, row, 1)
        if name:
            wb.define_name(name, "=" + refs[label])

    row = 4 + len(rows) + 1
    refs["payer_header"] = row
    heads = PAYER_HEADS
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    for n, payer in enumerate(L.PAYERS):
        r, b = row + 1 + n, (result.by_payer[payer] if result else {})
        ws.write_string(r, 0, payer.capitalize())
        for c, key in enumerate(("costs", "saved", "gains", "net")):
            value = b.get({"saved": "saved_costs"}.get(key, key), 0)
            ws.write_formula(r, 1 + c, guard(out.cell(f"{key}_{payer}")), f.kr, value)
        bp = result.summary["budget_period"][payer] if result else 0
        ws.write_formula(r, 5, guard(out.cell(f"bp_{payer}")), f.kr, bp)
        ws.write_formula(r, 6, guard(payer_break_even(out, payer)), f.plain_year,
                         payer_year_value(b) if result else DASH)
        refs[f"net_{payer}"] = L.ref(L.RESULTAT, r, 4)
        wb.define_name(f"NET_{PAYER_SUFFIX[payer]}", "=" + refs[f"net_{payer}"])

    row += 5
    refs["year_header"] = row
    heads = ("År", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto", "Kumuleret netto",
             "Kommune", "Region", "Stat")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    keys = ("costs", "saved", "gains", "net", "cum", "net_kommune", "net_region", "net_stat")
    values = ("costs", "saved_costs", "gains", "net", "cumulative_net", "kommune", "region", "stat")
    by_year = result.by_year if result else []
    for y in range(out.n_years):
        r = row + 1 + y
        shown = f"{out.year_cell('mask', y)}=1"
        ws.write_formula(r, 0, f'=IF({shown},{out.year_cell("year", y)},"")', f.plain_year,
                         by_year[y]["year"] if y < len(by_year) else "")
        for c, (key, value) in enumerate(zip(keys, values, strict=True)):
            cached = by_year[y][value] if y < len(by_year) else ""
            ws.write_formula(r, 1 + c, f'=IF({shown},{guard(out.year_cell(key, y))[1:]},"")',
                             f.kr, cached)
    if result is not None:
        _by_item(ws, f, result, out, geo, row + out.n_years + 2)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 8, 17)
    ws.freeze_panes(4, 1)
    print_setup(ws)
    return refs


def _by_item(ws, f: Formats, result, out: Calc, geo, row: int) -> None:
    """Gains per consequence item and payer: the item's rows × the successes that reach each
    year after success (Beregning's 'reach' row) × its signed price."""
    heads = ("Konsekvens", "Navn", "Kommune", "Region", "Stat", "I alt")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    cons, prof = geo[L.TBL_CONSEQUENCES], geo[L.KB_PROFILES]
    n = out.n_years

    def part(t, rows: str, weights: str, ident: str) -> str:
        """Σ over the item's rows: weight × (years since success · reach + course · reach)."""
        years = num0(t.block(t.year_col0, min(n, t.n_years)))
        terms = [f"MMULT({years},TRANSPOSE({out.span('reach', min(n, t.n_years))}))"]
        if t.n_course:
            m = min(n, t.n_course)
            terms.append(f"MMULT({num0(t.block(t.course_col0, m))},"
                         f"TRANSPOSE({out.span('reach_course', m)}))")
        return f"SUM(IF({rows}*EXACT({rows[:2]}_ITEMS,{ident}),{weights}*({'+'.join(terms)}),0))"

    for i, item in enumerate(result.by_item()):
        r = row + 1 + i
        ident = '"' + item["item"].replace('"', '""') + '"'
        ws.write_string(r, 0, item["item"])
        put(ws, r, 1, item["name"])
        for p, payer in enumerate(L.PAYERS):
            sx = PAYER_SUFFIX[payer]
            formula = (part(cons, "_K_ROWS", f"_W_{sx}", ident) + "+"
                       + part(prof, "_F_ROWS", f"_WF_{sx}", ident))
            cell = L.a1(r, 2 + p)
            ws.write_array_formula(f"{cell}:{cell}", "{" + guard(formula) + "}", f.kr, item[payer])
        ws.write_formula(r, 5, guard(f"SUM(C{r + 1}:E{r + 1})"), f.kr, item["total"])


def write_kilder(ws, f: Formats, result, inline_sources: list[tuple[str, str, str]]) -> None:
    prov = result.provenance
    ws.write_string(0, 0, "Kilder", f.title)
    ws.write_string(1, 0, "Vidensbasens poster brugt i beregningen, med status og kilde. Orange = "
                    "illustrativ værdi (ikke en offentliggjort pris).", f.note)
    source = prov.get("consequence_source") or "file"
    about = [("som-version", prov.get("som_version")), ("Vidensbase", prov.get("kb_version")),
             ("Vidensbasens fingeraftryk", prov.get("kb_fingerprint")),
             ("Input-hash (SHA-256)", prov.get("input_hash")),
             ("Konsekvenser fra", "beregningen" if source == "file" else
              f"målgruppens standardprofil ({source.split(':', 1)[-1]})")]
    for n, (label, value) in enumerate(about):
        ws.write_string(3 + n, 0, label, f.bold)
        put(ws, 3 + n, 1, str(value) if value is not None else "ingen")
    row = 3 + len(about) + 1
    heads = ("Type", "Id", "Status", "Prisår", "Kilde (link)", "Oprindelse")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    for n, rec in enumerate(prov.get("records_used") or []):
        r = row + 1 + n
        cell = f.illustrative if rec.get("status") == "illustrative" else f.text
        values = (RECORD_KINDS.get(rec.get("kind"), rec.get("kind")), rec.get("id"),
                  L.STATUS.get(rec.get("status"), rec.get("status")), rec.get("price_year"),
                  rec.get("source_url"), RECORD_ORIGINS.get(rec.get("origin"), rec.get("origin")))
        for c, value in enumerate(values):
            put(ws, r, c, value if value is None or isinstance(value, int | float) else str(value),
                cell)
    row += len(prov.get("records_used") or []) + 2
    ws.write_string(row, 0, "Beregningens egne priser", f.subtitle)
    for c, h in enumerate(("Id", "Kilde (titel)", "Kilde (link)")):
        ws.write_string(row + 1, c, h, f.header)
    for n, (item, title, url) in enumerate(inline_sources):
        put(ws, row + 2 + n, 0, item)
        put(ws, row + 2 + n, 1, title or None)
        put(ws, row + 2 + n, 2, url or None)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 5, 18)
    print_setup(ws)
