"""Forside: the page a committee reads. One A4 landscape page.

Top: title, the facts (as formulas on the inputs), the check line (green when every check on
Kontrol passes, red with the first problem otherwise) and the illustrative-values warning. Then
the key figures for the total and for the kommune side by side, the per-payer table, and two
charts side by side whose titles are formulas. Every figure is a Resultat cell (guarded).
"""

from __future__ import annotations

import numpy as np

from som.io.excel import layout as L
from som.io.excel.formulas import Calc
from som.io.excel.outputs import (
    DASH,
    NONE_TEXT,
    PAYER_HEADS,
    guard,
    payer_break_even,
    payer_year_value,
    ratio,
)
from som.io.excel.sheets import Formats
from som.report import TRANSFER

# Column widths (characters): key figures A-C, a gap, the payer and committee tables E-K.
WIDTHS = (31, 20, 17, 2, 22, 14, 14, 14, 14, 15, 16)
CHART_ROW_HEIGHT = 20  # pixels per default row
CHART_HEIGHT = 320
OK_TEXT = ("✓ Alle kontroller er i orden: tallene er arbejdsbogens egne formler og er de samme, "
           "som 'som run' giver for filen.")


def pixels(first: int, last: int) -> int:
    """Width in pixels of columns first..last (Excel: 7 px per character + 5)."""
    return sum(int(WIDTHS[c] * 7 + 5) for c in range(first, last + 1))


def chart_anchors() -> list[tuple[int, int]]:
    """(first column, width in pixels) of the two charts: left under the key figures, right
    under the payer table, with a gap column between, so they never overlap."""
    return [(0, pixels(0, 2) - 8), (4, pixels(4, len(WIDTHS) - 1) - 8)]


def write_forside(wb, ws, f: Formats, result, out: Calc, refs: dict[str, str]) -> None:
    calc = result.calculation if result else None
    t = result.totals if result else {}
    ws.write_formula(0, 0, '=IF(IN_TITLE="","(titlen mangler)",IN_TITLE)', f.title,
                     calc.meta.title if calc else "(titlen mangler)")
    org = L.ref(L.FORUDSAETNINGER, L.FIELD_ROW["meta.organisation"], L.FIELD_VALUE_COL)
    ws.write_formula(1, 0, f'=IF({org}="","",{org})', f.subtitle,
                     calc.meta.organisation if calc else "")
    author = L.ref(L.FORUDSAETNINGER, L.FIELD_ROW["meta.author"], L.FIELD_VALUE_COL)
    facts = ('=IF(OR(IN_INTERVENTION="",IN_PRICE_YEAR="",IN_START_YEAR="",IN_HORIZON=""),'
             '"Udfyld indsats, startår, tidshorisont og prisniveau på Forudsætninger",'
             '"Indsats: "&IN_INTERVENTION&" · Prisniveau "&IN_PRICE_YEAR&" · "&IN_START_YEAR&"–"'
             f'&(IN_START_YEAR+IN_HORIZON-1)&IF({author}="",""," · Udarbejdet af "&{author}))')
    ws.write_formula(2, 0, facts, f.note, _facts(calc) or
                     "Udfyld indsats, startår, tidshorisont og prisniveau på Forudsætninger")
    ws.merge_range(3, 0, 3, len(WIDTHS) - 1, "", f.ok_text)
    ws.write_formula(3, 0, f'=IF({L.INPUT_OK},"{OK_TEXT}",{L.FIRST_PROBLEM})', f.ok_text, OK_TEXT)
    ws.conditional_format(3, 0, 3, 0, {"type": "formula", "criteria": f"=NOT({L.INPUT_OK})",
                                       "format": f.alarm_fill})
    ws.set_row(3, 32)
    illustrative = (result.provenance.get("illustrative") or []) if result else []
    if illustrative:
        text = ("Bemærk: beregningen bruger " + (f"{len(illustrative)} illustrative værdier"
                if len(illustrative) > 1 else "en illustrativ værdi") +
                " fra vidensbasen (" + ", ".join(illustrative[:6]) +
                (" m.fl." if len(illustrative) > 6 else "") + "). Det er eksempler, ikke "
                "offentliggjorte priser: erstat dem med egne eller offentliggjorte tal, før "
                "resultatet bruges til en beslutning. De er orange på Priser, Konsekvenser og Kilder.")
        ws.merge_range(4, 0, 4, len(WIDTHS) - 1, text, f.warning)
        ws.set_row(4, 48)

    row = 6
    ws.set_row(row, 30)
    for c, head in enumerate(("Nøgletal", "I alt", "Kommune")):
        ws.write_string(row, c, head, f.header_num if c else f.header)
    kommune = result.by_payer["kommune"] if result else {}
    figures = [
        ("Nettoresultat", refs["Nettoresultat"], refs["net_kommune"], t.get("net"),
         kommune.get("net"), f.kr_bold),
        ("Netto i budgetperioden", refs["Nettoresultat i budgetperioden"],
         guard(out.cell("bp_kommune")), result.summary["budget_period"]["net"] if result else 0,
         result.summary["budget_period"]["kommune"] if result else 0, f.kr),
        ("Nutidsværdi (diskonteret)", refs["Nutidsværdi (diskonteret)"],
         guard(f"SUMPRODUCT({out.span('discount')},{out.span('net_kommune')})"),
         t.get("net_present_value"), _kommune_npv(result), f.kr),
        ("Tilbagebetalingsår", refs["Tilbagebetalingsår"], guard(payer_break_even(out, "kommune")),
         t.get("break_even_year"), payer_year_value(kommune) if result else None, f.plain_year),
        ("Omkostninger", refs["Omkostninger"], guard(out.cell("costs_kommune")), t.get("costs"),
         kommune.get("costs"), f.kr),
        ("Gevinster og sparede udgifter",
         guard(f"{out.cell('gains')}+{out.cell('saved')}"),
         guard(f"{out.cell('gains_kommune')}+{out.cell('saved_kommune')}"),
         t.get("gains", 0) + t.get("saved_costs", 0) if result else 0,
         kommune.get("gains", 0) + kommune.get("saved_costs", 0) if result else 0, f.kr),
        ("Afkast pr. krone", refs["Afkast pr. krone"],
         guard(ratio(f"({out.cell('gains_kommune')}+{out.cell('saved_kommune')})",
                     out.cell("costs_kommune"))),
         t.get("benefit_cost_ratio"), _kommune_ratio(kommune) if result else None, f.number),
    ]
    short = f'"Kontrol: "&MID({L.FIRST_PROBLEM},10,FIND(" ",{L.FIRST_PROBLEM}&" ",10)-10)'
    figures[0] = (figures[0][0], f"=IF({L.INPUT_OK},{refs['Nettoresultat']},{short})",
                  *figures[0][2:])
    ws.set_row(row + 1, 30)
    for n, (label, total, kom, t_value, k_value, fmt) in enumerate(figures):
        r = row + 1 + n
        ws.write_string(r, 0, label, f.bold if n == 0 else f.text)
        if label == "Netto i budgetperioden":
            ws.write_formula(r, 0, f'=IF({L.INPUT_OK},"{label} "&_START&"–"&(_START+_BP-1),'
                                   f'"{label}")', f.text,
                             label + (" {}–{}".format(*result.summary["budget_period"]["years"])
                                      if result else ""))
        year = label == "Tilbagebetalingsår"
        for c, (source, value) in enumerate(((total, t_value), (kom, k_value)), start=1):
            if source is None:
                ws.write_string(r, c, DASH, f.dash)
                continue
            formula = source if source.startswith("=") else f"={source}"
            cached = (NONE_TEXT if value is None else value) if year else (
                DASH if value is None else value)
            fmt_here = f.key_figure if (n, c) == (0, 1) else fmt  # the net: a number or the check
            ws.write_formula(r, c, formula, fmt_here, cached if result else "")
    _payer_table(ws, f, result, refs, row)
    end = _committee_table(ws, f, result, refs["udvalg"], row + 5)
    chart_row = max(row + len(figures) + 3, end + 2)
    _charts(wb, ws, f, out, chart_row)
    if result is not None:
        prov = result.provenance
        stamp = (f"Beregnet med som {prov.get('som_version', '')} · vidensbase "
                 f"{(prov.get('kb_fingerprint') or 'ingen')[:12]} · input "
                 f"{prov.get('input_hash', '')[:12]} · Kontrol, Beregning og Kilder viser, "
                 "hvordan tallene er fundet.")
    else:
        from som import __version__

        stamp = (f"Skabelon fra som {__version__}: tallene regnes i arbejdsbogen; 'som run' "
                 "giver de samme. Kontrol og Beregning viser, hvordan.")
    ws.write_string(chart_row + CHART_HEIGHT // CHART_ROW_HEIGHT + 3, 0, stamp, f.note)
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.activate()


def _kommune_npv(result) -> float | None:
    """The kommune's net present value: spec §2.7's definition on the kommune's net by year
    (the engine reports it for the total only)."""
    if result is None:
        return None
    net = [row["kommune"] for row in result.by_year]
    return float(np.dot(result.arrays.discount[:len(net)], net))


def _kommune_ratio(kommune: dict) -> float | None:
    """The kommune's benefit-cost ratio: spec §2.10's (ΣG + ΣB) / ΣC on the kommune's part
    (none where the kommune has no costs)."""
    costs = kommune["costs"]
    return (kommune["gains"] + kommune["saved_costs"]) / costs if costs else None


def _facts(calc) -> str:
    if calc is None:
        return ""
    s = calc.settings
    text = (f"Indsats: {calc.intervention.name} · Prisniveau {s.price_year} · {s.start_year}–"
            f"{s.start_year + s.horizon_years - 1}")
    return text + (f" · Udarbejdet af {calc.meta.author}" if calc.meta.author else "")


def _payer_table(ws, f: Formats, result, refs: dict[str, str], row: int) -> None:
    """The Resultat payer table, side by side with the key figures (columns E-K)."""
    for c, head in enumerate(PAYER_HEADS):
        ws.write_string(row, 4 + c, head, f.header_num if c else f.header)
    src = refs["payer_header"]
    for n, payer in enumerate(L.PAYERS):
        b = result.by_payer[payer] if result else {}
        ws.write_string(row + 1 + n, 4, payer.capitalize(), f.text)
        for c in range(1, len(PAYER_HEADS)):
            key = ("costs", "saved_costs", "gains", "net", "bp", "break_even_year")[c - 1]
            value = result.summary["budget_period"][payer] if key == "bp" and result else \
                b.get(key)
            cached = payer_year_value(b) if key == "break_even_year" and result else value
            ws.write_formula(row + 1 + n, 4 + c, "=" + L.ref(L.RESULTAT, src + 1 + n, c),
                             f.plain_year if key == "break_even_year" else f.kr,
                             cached if result else "")


def _committee_table(ws, f: Formats, result, table: dict, row: int) -> int:
    """The committee (udvalg) view: each committee's costs, gains and saved costs, net and the
    proposed transfer, from the Udvalg sheet. Returns the row after it."""
    heads = ("Udvalg (kommunen)", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto",
             TRANSFER)
    ws.set_row(row, 30)
    for c, head in enumerate(heads):
        ws.write_string(row, 4 + c, head, f.header_num if c else f.header)
    rows = range(table["first"], table["last"] + 1)
    for n, (src, name) in enumerate(zip(rows, table["names"], strict=True)):
        r = row + 1 + n
        area = table["cached"].get(name, {}) if name else {}
        for c in range(len(heads)):
            ref = L.ref(L.UDVALG, src, c)
            key = ("area", "costs", "saved_costs", "gains", "net", "transfer")[c]
            cached = area.get(key, "") if area else ""
            ws.write_formula(r, 4 + c, f'=IF({ref}="","",{ref})', f.kr if c else f.text,
                             DASH if cached is None else cached)
    ws.write_string(row + len(rows) + 1, 4, "Overførsel: positivt = udvalget modtager, så de, "
                    "der investerer, får gevinsten.", f.note)
    return row + len(rows) + 2


def _charts(wb, ws, f: Formats, out: Calc, row: int) -> None:
    """Two charts side by side. Their titles are formula cells right above them (period,
    price level and payback year follow the inputs): a title linked inside a chart is not
    recalculated by LibreOffice, which would show a stale payback year."""
    years = out.span("year")
    (c1, w1), (c2, w2) = chart_anchors()
    for col, key in ((c1, "title_net"), (c2, "title_cum")):
        source = out.cell(key, 0)
        ws.write_formula(row, col, f"={source}", f.subtitle, out.cached_titles.get(key, ""))
    row += 1
    bars = wb.add_chart({"type": "column"})
    for payer, color in zip(L.PAYERS, ("#1F4E79", "#9BC2E6", "#C55A11"), strict=True):
        bars.add_series({"name": payer.capitalize(), "categories": "=" + years,
                         "values": "=" + out.span("chart_" + payer), "fill": {"color": color}})
    bars.set_title({"none": True})
    bars.set_x_axis({"label_position": "low", "num_format": "0"})
    bars.set_y_axis({"num_format": '#,##0 "kr."'})
    bars.set_legend({"position": "bottom"})
    bars.show_na_as_empty_cell()
    bars.set_size({"width": w1, "height": CHART_HEIGHT})
    ws.insert_chart(row, c1, bars, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    line = wb.add_chart({"type": "line"})
    line.add_series({"name": "Kumuleret netto", "categories": "=" + years,
                     "values": "=" + out.span("chart_cum"),
                     "line": {"color": "#1F4E79", "width": 2.25}, "marker": {"type": "circle"}})
    line.set_title({"none": True})
    line.set_x_axis({"label_position": "low", "num_format": "0"})
    line.set_y_axis({"num_format": '#,##0 "kr."'})
    line.set_legend({"none": True})
    line.show_blanks_as("gap")
    line.show_na_as_empty_cell()
    line.set_size({"width": w2, "height": CHART_HEIGHT})
    ws.insert_chart(row, c2, line, {"x_offset": 2, "y_offset": 4, "object_position": 3})
