"""The presentation sheets: Forside (key figures and charts), Resultat and Kilder.

Every figure on Forside and Resultat is a formula on the Beregning sheet (cached with the
engine's value), so the whole workbook moves together when an input changes.
"""

from __future__ import annotations

from som import fmt
from som.io.excel import layout as L
from som.io.excel.formulas import NEGATIVE_TOLERANCE, PARAM_ROWS, YC, Calc  # noqa: F401
from som.io.excel.sheets import Formats, print_setup, put

NONE_TEXT = "ingen"
DASH = "–"
RECORD_KINDS = {"target_group": "målgruppe", "price": "pris",
                "consequence_profile": "konsekvensprofil", "effect_study": "effektstudie",
                "price_index": "prisindeks"}


def _ratio(numerator: str, denominator: str) -> str:
    return f'IF({denominator}=0,"{DASH}",{numerator}/{denominator})'


def break_even_formula(out: Calc, key: str) -> str:
    """First year from which cumulative net stays >= 0 (spec §2.8), from the helper row."""
    last = out.cell("last_negative_" + key)
    final = out.year_cell("index", out.n_years - 1) if "index" in out.rows else str(out.n_years - 1)
    start = L.ref(L.BEREGNING, PARAM_ROWS["start"], 1)
    return f'=IF({last}={final},"{NONE_TEXT}",{start}+{last}+1)'


def _year_value(value: int | None) -> int | str:
    return NONE_TEXT if value is None else value


def payer_break_even_formula(out: Calc, payer: str) -> str:
    """Spec v2 §2.8: a payer with no flows at all has no break-even year ("–"); costs and saved
    costs are never negative, gains can be, hence ABS over the years."""
    no_flows = (f'AND({out.cell("costs_" + payer)}=0,{out.cell("saved_" + payer)}=0,'
                f'SUMPRODUCT(ABS({out.span("gains_" + payer)}))=0)')
    return f'=IF({no_flows},"{DASH}",{break_even_formula(out, "cum_" + payer)[1:]})'


def _payer_year_value(figures: dict) -> int | str:
    if figures["break_even_year"] is None and not any(
            figures[k] for k in ("costs", "saved_costs", "gains")):
        return DASH
    return _year_value(figures["break_even_year"])


def write_resultat(ws, f: Formats, result, out: Calc) -> dict[str, str]:
    """Totals, by payer, by year and by item. Returns cell references Forside uses."""
    t, R = result.totals, out.rows
    r_cell = L.ref(L.BEREGNING, PARAM_ROWS["r"], 1)
    ws.write_string(0, 0, "Resultat", f.title)
    ws.write_string(1, 0, "Alle beløb i kr. i prisniveauet, ikke diskonteret (undtagen nutidsværdien).",
                    f.note)
    ws.write_string(3, 0, "Nøgletal", f.header)
    ws.write_string(3, 1, "Værdi", f.header)
    rows = [
        ("Omkostninger", "=COSTS_TOTAL", t["costs"], f.kr),
        ("Sparede udgifter", "=SAVED_TOTAL", t["saved_costs"], f.kr),
        ("Gevinster (konsekvenser)", "=GAINS_TOTAL", t["gains"], f.kr),
        ("Nettoresultat", "=NET_TOTAL", t["net"], f.kr_bold),
        ("Nutidsværdi (diskonteret)", "=NPV_TOTAL", t["net_present_value"], f.kr),
        ("Deltagere", "=" + out.cell("starters"), t["participants"], f.number),
        ("Succeser", "=" + out.cell("successes"), t["successes"], f.number),
        ("Netto pr. deltager", "=" + _ratio("NET_TOTAL", out.cell("starters")),
         t["net_per_participant"], f.kr),
        ("Netto pr. succes", "=" + _ratio("NET_TOTAL", out.cell("successes")),
         t["net_per_success"], f.kr),
        ("Afkast pr. krone", "=" + _ratio("(GAINS_TOTAL+SAVED_TOTAL)", "COSTS_TOTAL"),
         t["benefit_cost_ratio"], f.number),
        ("Tilbagebetalingsår", break_even_formula(out, "cum"), _year_value(t["break_even_year"]),
         f.plain_year),
        ("Break-even succesrate", f'=IF(OR(GAINS_TOTAL=0,{r_cell}=0),"{DASH}",'
         f"(COSTS_TOTAL-SAVED_TOTAL)/(GAINS_TOTAL/{r_cell}))", t["break_even_success_rate"],
         f.percent),
    ]
    refs = {}
    for n, (label, formula, value, cell_fmt) in enumerate(rows):
        row = 4 + n
        ws.write_string(row, 0, label, f.bold if label == "Nettoresultat" else f.text)
        ws.write_formula(row, 1, formula, cell_fmt, DASH if value is None else value)
        refs[label] = L.ref(L.RESULTAT, row, 1)

    row = 4 + len(rows) + 1
    heads = ("Betaler", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto", "Tilbagebetalingsår")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    for n, payer in enumerate(L.PAYERS):
        r, b = row + 1 + n, result.by_payer[payer]
        ws.write_string(r, 0, payer.capitalize())
        for c, (key, value) in enumerate((("costs_", b["costs"]), ("saved_", b["saved_costs"]),
                                          ("gains_", b["gains"]), ("net_", b["net"]))):
            ws.write_formula(r, 1 + c, "=" + out.cell(key + payer), f.kr, value)
        ws.write_formula(r, 5, payer_break_even_formula(out, payer), f.plain_year,
                         _payer_year_value(b))

    row += 5
    heads = ("År", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto", "Kumuleret netto",
             "Kommune", "Region", "Stat")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    keys = ("costs", "saved", "gains", "net", "cum", "net_kommune", "net_region", "net_stat")
    values = ("costs", "saved_costs", "gains", "net", "cumulative_net", "kommune", "region", "stat")
    for y, by in enumerate(result.by_year):
        r = row + 1 + y
        ws.write_formula(r, 0, "=" + L.ref(L.BEREGNING, out.year_row, YC + y), f.plain_year,
                         by["year"])
        for c, (key, value) in enumerate(zip(keys, values, strict=True)):
            ws.write_formula(r, 1 + c, "=" + out.year_cell(key, y), f.kr, by[value])

    row += len(result.by_year) + 2
    heads = ("Konsekvens", "Navn", "Kommune", "Region", "Stat", "I alt")
    for c, h in enumerate(heads):
        ws.write_string(row, c, h, f.header)
    for n, item in enumerate(result.by_item()):
        r, src = row + 1 + n, R["item_first"] + n
        ws.write_string(r, 0, item["item"])
        put(ws, r, 1, item["name"])
        for p, payer in enumerate(L.PAYERS):
            ws.write_formula(r, 2 + p, f"={L.ref(L.BEREGNING, src, 5)}*"
                             f"{L.ref(L.BEREGNING, src, 2 + p)}", f.kr, item[payer])
        ws.write_formula(r, 5, f"=SUM(C{r + 1}:E{r + 1})", f.kr, item["total"])
    ws.set_column(0, 0, 28)
    ws.set_column(1, 8, 17)
    ws.freeze_panes(4, 1)
    print_setup(ws)
    return refs


def write_forside(wb, ws, f: Formats, result, out: Calc, refs: dict[str, str]) -> None:
    calc, t = result.calculation, result.totals
    s = calc.settings
    ws.write_string(0, 0, calc.meta.title, f.title)
    put(ws, 1, 0, calc.meta.organisation or None, f.subtitle)
    last = s.start_year + s.horizon_years - 1
    facts = [f"Indsats: {calc.intervention.name}", f"Prisniveau {s.price_year}",
             f"{s.start_year}–{last}"]
    if calc.meta.author:
        facts.append(f"Udarbejdet af {calc.meta.author}")
    ws.write_string(2, 0, " · ".join(facts), f.note)
    ws.write_string(4, 0, "Nøgletal", f.header)
    ws.write_string(4, 1, "", f.header)
    key_figures = [
        ("Nettoresultat", refs["Nettoresultat"], t["net"], f.kr_bold),
        ("Nutidsværdi (diskonteret)", refs["Nutidsværdi (diskonteret)"], t["net_present_value"], f.kr),
        ("Tilbagebetalingsår", refs["Tilbagebetalingsår"], _year_value(t["break_even_year"]),
         f.plain_year),
        ("Afkast pr. krone", refs["Afkast pr. krone"], t["benefit_cost_ratio"], f.number),
        ("Omkostninger", refs["Omkostninger"], t["costs"], f.kr),
        ("Gevinster og sparede udgifter", "(GAINS_TOTAL+SAVED_TOTAL)", t["gains"] + t["saved_costs"],
         f.kr),
    ]
    for n, (label, source, value, cell_fmt) in enumerate(key_figures):
        ws.write_string(5 + n, 0, label, f.bold if n == 0 else f.text)
        ws.write_formula(5 + n, 1, f"={source}", cell_fmt, DASH if value is None else value)
    row = 5 + len(key_figures) + 1
    illustrative = result.provenance.get("illustrative") or []
    if illustrative:
        ws.write_string(row, 0, (f"OBS: {len(illustrative)} værdi(er) fra vidensbasen er "
                                 "illustrative, ikke offentliggjorte priser (orange på Priser, "
                                 "Konsekvenser og Kilder): " + ", ".join(illustrative)), f.note)
    be = t["break_even_year"]
    title_row = row + 1
    ws.write_formula(title_row, 0, f'="Kumuleret nettoresultat – tilbagebetalingsår: "&'
                     f'{refs["Tilbagebetalingsår"]}', f.out_text,
                     f"Kumuleret nettoresultat – tilbagebetalingsår: {fmt.year(be)}")
    prov = result.provenance
    stamp = (f"Beregnet med som {prov.get('som_version')} · vidensbase "
             f"{(prov.get('kb_fingerprint') or 'ingen')[:12]} · input {prov.get('input_hash', '')[:12]}")
    ws.write_string(row + 38, 0, stamp, f.note)

    years = f"='{L.BEREGNING}'!${L.col_name(YC)}${out.year_row + 1}:" \
            f"${L.col_name(YC + out.n_years - 1)}${out.year_row + 1}"
    chart = wb.add_chart({"type": "column"})
    for payer, color in zip(L.PAYERS, ("#1F4E79", "#9BC2E6", "#C55A11"), strict=True):
        chart.add_series({"name": payer.capitalize(), "categories": years,
                          "values": "=" + out.span("net_" + payer), "fill": {"color": color}})
    chart.set_title({"name": "Nettoresultat pr. år og betaler"})
    chart.set_x_axis({"label_position": "low"})
    chart.set_y_axis({"num_format": '#,##0 "kr."', "name": "kr."})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 330})
    ws.insert_chart(row + 2, 0, chart)
    line = wb.add_chart({"type": "line"})
    line.add_series({"name": "Kumuleret netto", "categories": years, "values": "=" + out.span("cum"),
                     "line": {"color": "#1F4E79", "width": 2.25}, "marker": {"type": "circle"}})
    line.set_title({"name": f"='{L.FORSIDE}'!$A${title_row + 1}"})
    line.set_x_axis({"label_position": "low"})
    line.set_y_axis({"num_format": '#,##0 "kr."', "name": "kr."})
    line.set_legend({"none": True})
    line.set_size({"width": 620, "height": 330})
    ws.insert_chart(row + 2, 4, line)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 10, 12)
    print_setup(ws)
    ws.activate()


def write_kilder(ws, f: Formats, result, inline_sources: list[tuple[str, str, str]]) -> None:
    prov = result.provenance
    ws.write_string(0, 0, "Kilder", f.title)
    ws.write_string(1, 0, "Vidensbasens poster brugt i beregningen, med status og kilde. Orange = "
                    "illustrativ værdi (ikke en offentliggjort pris).", f.note)
    about = [("som-version", prov.get("som_version")), ("Vidensbase", prov.get("kb_version")),
             ("Vidensbasens fingeraftryk", prov.get("kb_fingerprint")),
             ("Input-hash (SHA-256)", prov.get("input_hash")),
             ("Konsekvenser fra", prov.get("consequence_source"))]
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
                  rec.get("source_url"), rec.get("origin"))
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
