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


def add_uncertainty_sheet(workbook, uncertainty: dict, sheet=None) -> None:
    """Fill the sheet "Usikkerhed" (added here unless given): percentiles, payback
    distribution, tornado, switching values."""
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
    for r in unc["by_year"]:
        w.cells([r["year"], r["p5"], r["p50"], r["p95"]], ["int", "kr", "kr", "kr"])

    w.section("Tilbagebetalingsår", ["År", "Andel af trækningerne"])
    for year, share in unc["payback_year_distribution"].items():
        w.cells(["Ingen inden for horisonten" if year == "none" else int(year), share],
                ["int", "pct"])

    w.section("Følsomhed (tornado): nettoresultat med ét input ad gangen ved lav og høj værdi",
              ["Input", "Lav", "Central", "Høj", "Netto ved lav (kr.)", "Netto ved høj (kr.)",
               "Udsving (kr.)"])
    if not tornado:
        w.cells(["Filen angiver ingen usikkerhedsintervaller"])
    for r in tornado:
        kind = "rate" if r["input"] == "success_rate" else "factor"
        w.cells([r["label"], r["low"], r["central"], r["high"], r["net_low"], r["net_high"],
                 r["swing"]], ["text", kind, kind, kind, "kr", "kr", "kr"])

    if switching is not None:
        w.section("Nulpunktsværdier: hvor nettoresultatet bliver 0 (én ting ad gangen)",
                  ["Input", "Værdi"])
        w.cells(["Succesrate (netto), hvor nettoresultatet er 0", switching["success_rate"]],
                ["text", "rate"])
        w.cells(["Faktor på alle omkostninger", switching["cost_factor"]], ["text", "factor"])
        w.cells(["Faktor på alle konsekvenser (eller priser)", switching["consequence_factor"]],
                ["text", "factor"])
    w.ws.set_column(0, 0, 52)
    w.ws.set_column(1, 6, 17)
