"""The "Usikkerhed" sheet of an exported workbook (issue 5).

`add_uncertainty_sheet(workbook, uncertainty)` is called by the Excel exporter with the output of
`som.analyse_uncertainty(...)` / `som run --format json` (a dict with "uncertainty", "tornado" and
"switching_values"), or with just the "uncertainty" block (then it may carry "tornado" and
"switching_values" itself). Values only, no formulas: every figure is one the engine computed, and
text is always written as text (a label starting with "=" stays a label).
"""

from __future__ import annotations

from som.core.engine import PAYERS
from som.io.tables import DKK_FORMAT

SHEET = "Usikkerhed"
PAYER_LABELS = {"kommune": "Kommune", "region": "Region", "stat": "Stat"}
PERCENT_FORMAT = "0.0 %"
FACTOR_FORMAT = "0.00"
RATE_FORMAT = "0.00 %"


def _parts(data: dict) -> tuple[dict, list, dict | None]:
    if "uncertainty" in data:
        return data["uncertainty"], data.get("tornado") or [], data.get("switching_values")
    return data, data.get("tornado") or [], data.get("switching_values")


class _Writer:
    """Row-by-row writer: numbers as numbers with a format, text always as text."""

    def __init__(self, workbook, sheet):
        self.ws, self.row = sheet, 0
        self.fmt = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "head": workbook.add_format({"bold": True, "bottom": 1}),
            "section": workbook.add_format({"bold": True}),
            "kr": workbook.add_format({"num_format": DKK_FORMAT}),
            "pct": workbook.add_format({"num_format": PERCENT_FORMAT}),
            "rate": workbook.add_format({"num_format": RATE_FORMAT}),
            "factor": workbook.add_format({"num_format": FACTOR_FORMAT}),
            "int": workbook.add_format({"num_format": "0"}),
            "text": None,
        }

    def cells(self, values, formats=(), style: str | None = None) -> None:
        for col, value in enumerate(values):
            kind = style or (formats[col] if col < len(formats) else "text")
            if value is None:
                self.ws.write_string(self.row, col, "–")
            elif isinstance(value, str):
                self.ws.write_string(self.row, col, value, self.fmt.get(kind) if style else None)
            else:
                self.ws.write_number(self.row, col, float(value), self.fmt[kind])
        self.row += 1

    def section(self, title: str, headers: list[str]) -> None:
        self.row += 1
        self.cells([title], style="section")
        self.cells(headers, style="head")


def add_uncertainty_sheet(workbook, uncertainty: dict, sheet=None,
                          central_net: float | None = None) -> None:
    """Fill the sheet "Usikkerhed" (added here unless given): percentiles, payback
    distribution, tornado, switching values, and two charts: the fan of cumulative net by year
    (5 %, median, 95 %) and the tornado (change in net at each input's low and high value,
    from `central_net`, the calculation's own net; without it, from the median)."""
    unc, tornado, switching = _parts(uncertainty)
    w = _Writer(workbook, sheet if sheet is not None else workbook.add_worksheet(SHEET))
    w.cells(["Usikkerhed og beslutningsstøtte"], style="title")
    w.cells(["Monte Carlo-trækninger", unc["draws"]], ["text", "int"])
    w.cells(["Frø (samme frø giver samme tal)", unc["seed"]], ["text", "int"])
    w.cells(["Sandsynlighed for positivt nettoresultat", unc["p_net_positive"]], ["text", "pct"])

    money = ["text", "kr", "kr", "kr", "kr"]
    w.section("Fordeling af resultatet (kr.)",
              ["Nøgletal", "Gennemsnit", "5 %-fraktil", "Median", "95 %-fraktil"])
    rows = [("Nettoresultat", unc["net"]), ("Nutidsværdi (diskonteret)", unc["net_present_value"])]
    rows += [(f"Nettoresultat, {PAYER_LABELS[p].lower()}", unc["by_payer"][p])
             for p in PAYERS if p in unc.get("by_payer", {})]
    for label, d in rows:
        w.cells([label, d["mean"], d["p5"], d["p50"], d["p95"]], money)
    if "by_payer" in unc:
        w.section("Sandsynlighed for positivt nettoresultat pr. betaler", ["Betaler", "Andel"])
        for p in PAYERS:
            w.cells([PAYER_LABELS[p], unc["by_payer"][p]["p_net_positive"]], ["text", "pct"])

    w.section("Akkumuleret nettoresultat pr. år (kr.)",
              ["År", "5 %-fraktil", "Median", "95 %-fraktil"])
    fan = (w.row, w.row + len(unc["by_year"]) - 1)
    for r in unc["by_year"]:
        w.cells([r["year"], r["p5"], r["p50"], r["p95"]], ["int", "kr", "kr", "kr"])

    w.section("Tilbagebetalingsår", ["År", "Andel af trækningerne"])
    for year, share in unc["payback_year_distribution"].items():
        w.cells(["Ingen inden for horisonten" if year == "none" else int(year), share],
                ["int", "pct"])

    w.section("Følsomhed (tornado): nettoresultat med ét input ad gangen ved lav og høj værdi",
              ["Input", "Lav", "Central", "Høj", "Netto ved lav (kr.)", "Netto ved høj (kr.)",
               "Udsving (kr.)", "Ændring ved lav (kr.)", "Ændring ved høj (kr.)"])
    if not tornado:
        w.cells(["Filen angiver ingen usikkerhedsintervaller"])
    center = central_net if central_net is not None else unc["net"]["p50"]
    bars = (w.row, w.row + len(tornado) - 1)
    for r in tornado:
        kind = "rate" if r["input"] == "success_rate" else "factor"
        w.cells([r["label"], r["low"], r["central"], r["high"], r["net_low"], r["net_high"],
                 r["swing"], r["net_low"] - center, r["net_high"] - center],
                ["text", kind, kind, kind, "kr", "kr", "kr", "kr", "kr"])

    if switching is not None:
        w.section("Nulpunktsværdier: hvor nettoresultatet bliver 0 (én ting ad gangen)",
                  ["Input", "Værdi"])
        w.cells(["Succesrate (netto), hvor nettoresultatet er 0", switching["success_rate"]],
                ["text", "rate"])
        w.cells(["Faktor på alle omkostninger", switching["cost_factor"]], ["text", "factor"])
        w.cells(["Faktor på alle konsekvenser (eller priser)", switching["consequence_factor"]],
                ["text", "factor"])
    w.ws.set_column(0, 0, 52)
    w.ws.set_column(1, 8, 17)
    _charts(workbook, w.ws, fan, bars if tornado else None, w.row + 1)
    w.ws.set_landscape()
    w.ws.set_paper(9)
    w.ws.fit_to_pages(1, 0)
    w.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _charts(workbook, ws, fan: tuple[int, int], bars: tuple[int, int] | None, row: int) -> None:
    """The fan (cumulative net by year: 5 %, median, 95 %) and the tornado, below the tables."""
    name = ws.get_name()

    def ref(col: int, rows: tuple[int, int]) -> list:
        return [name, rows[0], col, rows[1], col]

    line = workbook.add_chart({"type": "line"})
    for col, label, dash in ((1, "5 %-fraktil", "dash"), (2, "Median", "solid"),
                             (3, "95 %-fraktil", "dash")):
        line.add_series({"name": label, "categories": ref(0, fan), "values": ref(col, fan),
                         "line": {"color": "#1F4E79", "width": 2.25 if col == 2 else 1.25,
                                  "dash_type": dash}})
    line.set_title({"name": "Kumuleret nettoresultat pr. år: 90 % af trækningerne ligger mellem "
                            "de stiplede linjer", "name_font": {"size": 10}})
    line.set_y_axis({"num_format": '#,##0 "kr."'})
    line.set_x_axis({"label_position": "low"})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 560, "height": 320})
    ws.insert_chart(row, 0, line, {"x_offset": 4, "y_offset": 4, "object_position": 3})
    if bars is None:
        return
    tornado = workbook.add_chart({"type": "bar"})
    for col, label, color in ((7, "Ved lav værdi", "#C55A11"), (8, "Ved høj værdi", "#1F4E79")):
        tornado.add_series({"name": label, "categories": ref(0, bars), "values": ref(col, bars),
                            "fill": {"color": color}, "overlap": 100, "gap": 40})
    tornado.set_title({"name": "Tornado: ændring i nettoresultatet, ét input ad gangen",
                       "name_font": {"size": 10}})
    tornado.set_x_axis({"num_format": '#,##0 "kr."'})
    tornado.set_y_axis({"reverse": True, "label_position": "low"})  # largest swing on top
    tornado.set_legend({"position": "bottom"})
    tornado.set_size({"width": 620, "height": 320})
    ws.insert_chart(row, 3, tornado, {"x_offset": 60, "y_offset": 4, "object_position": 3})
