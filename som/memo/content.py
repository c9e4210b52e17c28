"""What the committee memo says, page 1 (issue 14): the question, the answer for the kommune and
for the public sector in one sentence each, the key figures, the annual net by payer and the
committee view. Every figure is read from the Result (or the uncertainty analysis) and formatted
with som.fmt, exactly as the app and the text report show it.
"""

from __future__ import annotations

import datetime as dt

from som import fmt, report
from som.memo.blocks import Block, Heading, Image, PageBreak, Para, Table
from som.memo.sections import illustrative_caveat
from som.report import TRANSFER, payback
from som.views.results import npv_label

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")


def danish_date(day: dt.date) -> str:
    """1. december 2026."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def period(result) -> str:
    s = result.calculation.settings
    return f"{s.start_year}–{s.start_year + s.horizon_years - 1}"


def _has_flows(b: dict) -> bool:
    return any(b[k] != 0 for k in ("costs", "saved_costs", "gains"))


def answer(who: str, net: float, break_even: int | None, flows: bool, span: str) -> str:
    """One sentence: does it pay for `who` ('kommunen', 'den offentlige sektor samlet')?"""
    shown = fmt.kr(net)
    if not flows:
        return f"Indsatsen har hverken udgifter, sparede udgifter eller gevinster for {who}."
    if shown in ("0 kr.", "-0 kr."):
        return (f"Indsatsen går lige op for {who}: nettoresultatet er 0 kr. i {span}.")
    if net < 0:
        return (f"Nej – indsatsen betaler sig ikke for {who}: nettoresultatet er {shown} i {span}, "
                "og den tjenes ikke hjem i perioden.")
    paid = f"og den er tjent hjem i {break_even}" if break_even else "men den tjenes ikke hjem"
    return f"Ja – indsatsen betaler sig for {who}: nettoresultatet er {shown} i {span}, {paid}."


def _count(value: float) -> str:
    """150.0 -> '150', 37.5 -> '37,5' (people, as the app shows them)."""
    return fmt.number(value, 1).removesuffix(",0")


def key_figure_rows(result, analysis: dict | None) -> list[list[str]]:
    t, k = result.totals, result.by_payer["kommune"]
    span = period(result)
    rows = [[f"Nettoresultat, offentlig sektor i alt ({span})", fmt.kr(t["net"])],
            [f"Nettoresultat, kommunen ({span})", fmt.kr(k["net"])],
            ["Tilbagebetalingsår, offentlig sektor", payback(t)],
            ["Tilbagebetalingsår, kommunen", payback(k)]]
    budget = result.budget_period
    if budget:
        first, last = budget["years"]
        rows += [[f"Budgetperioden {first}–{last}, offentlig sektor i alt", fmt.kr(budget["net"])],
                 [f"Budgetperioden {first}–{last}, kommunen", fmt.kr(budget["kommune"])]]
    if analysis and analysis.get("tornado"):
        unc = analysis["uncertainty"]
        rows.append(["Sandsynlighed for positivt nettoresultat (offentlig sektor)",
                     fmt.percent(unc["p_net_positive"])])
    rows += [[f"{npv_label(result.calculation.settings.discount_rate)}, offentlig sektor",
              fmt.kr(t["net_present_value"])],
             ["Omkostninger i alt", fmt.kr(t["costs"])],
             ["Deltagere / succeser", f"{_count(t['participants'])} / {_count(t['successes'])}"]]
    return rows


def committee_table(result) -> Table | None:
    """The kommune's net by committee (udvalg, spec v2 §2.12) with the gain-sharing proposal."""
    areas = result.by_budget_area
    if not areas:
        return None
    rows = [[a["area"], fmt.kr(a["costs"]), fmt.kr(a["saved_costs"]), fmt.kr(a["gains"]),
             fmt.kr(a["net"]), fmt.kr(a["transfer"])] for a in areas]
    return Table(["Udvalg", "Omkostninger", "Sparede udgifter", "Gevinster", "Netto",
                  TRANSFER], rows, numeric=(1, 2, 3, 4, 5),
                 widths_cm=(3.6, 2.6, 2.6, 2.6, 2.6, 3.0))


TRANSFER_NOTE = report.TRANSFER_NOTE.replace("(-)", "(−)")  # a real minus in print


def first_page(result, analysis: dict | None, chart_png: bytes, today: dt.date) -> list[Block]:
    calc = result.calculation
    t, k = result.totals, result.by_payer["kommune"]
    span = period(result)
    meta = " · ".join(x for x in ("Notat", calc.meta.organisation, calc.meta.author,
                                  danish_date(today)) if x)
    blocks: list[Block] = [
        Heading(calc.meta.title, 0),
        Para(meta, small=True),
        Heading(f"Betaler {calc.intervention.name} sig for kommunen og for den offentlige sektor "
                f"i {span}?", 1),
        Para(answer("kommunen", k["net"], k["break_even_year"], _has_flows(k), span)),
        Para(answer("den offentlige sektor samlet (kommune, region og stat)", t["net"],
                    t["break_even_year"], any(_has_flows(b) for b in result.by_payer.values()),
                    span)),
        *illustrative_caveat(result),
        Heading("Nøgletal", 2),
        Table(["Nøgletal", "Værdi"], key_figure_rows(result, analysis), numeric=(1,),
              widths_cm=(11.0, 6.0)),
        Image(chart_png, 16.5, "Årligt nettoresultat pr. betaler (kr., udiskonteret)"),
    ]
    committee = committee_table(result)
    if committee is not None:
        blocks += [Heading("Udvalgenes andel af kommunens nettoresultat", 2), committee]
        if len(committee.rows) > 1 and result.by_budget_area[0]["transfer"] is not None:
            blocks.append(Para(TRANSFER_NOTE, small=True))
    blocks.append(PageBreak())
    return blocks
