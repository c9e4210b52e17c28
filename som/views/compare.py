"""Scenarios side by side for people: one column per calculation, one row per key figure, with
each payer's own answer (issue 10, item 7). Figures come from Results and from som.compare's rows
(probabilities and percentiles for scenarios with ranges); nothing is calculated here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from som import fmt
from som.views.labels import PAYER_POSSESSIVE, PAYERS
from som.views.results import has_flows, payback_text


def _payer_net(payer: str) -> Callable[[Any, dict], str]:
    def show(result: Any, _row: dict) -> str:
        return fmt.kr(result.by_payer[payer]["net"]) if has_flows(result, payer) else fmt.DASH
    return show


def _period(result: Any, _row: dict) -> str:
    s = result.calculation.settings
    return f"{s.start_year}–{s.start_year + s.horizon_years - 1}"


def _payer_payback(payer: str) -> Callable[[Any, dict], str]:
    return lambda result, _row: payback_text(result, payer)


def _budget_period(result: Any, _row: dict) -> str:
    b = result.budget_period
    first, last = b["years"]
    return f"{fmt.kr(b['net'])} ({first}–{last})"


MEASURES: list[tuple[str, Callable[[Any, dict], str]]] = [
    ("Titel", lambda r, _: r.calculation.meta.title),
    ("Periode", _period),
    ("Nettoresultat i alt", lambda r, _: fmt.kr(r.totals["net"])),
    *[(f"{PAYER_POSSESSIVE[p]} nettoresultat", _payer_net(p)) for p in PAYERS],
    ("Nutidsværdi", lambda r, _: fmt.kr(r.totals["net_present_value"])),
    ("Netto i budgetperioden", _budget_period),
    ("Omkostninger", lambda r, _: fmt.kr(r.totals["costs"])),
    ("Sparede udgifter", lambda r, _: fmt.kr(r.totals["saved_costs"])),
    ("Gevinster", lambda r, _: fmt.kr(r.totals["gains"])),
    ("Tilbagebetalingsår", lambda r, _: fmt.year(r.totals["break_even_year"])),
    *[(f"{PAYER_POSSESSIVE[p]} tilbagebetalingsår", _payer_payback(p)) for p in PAYERS],
    ("Afkast pr. krone", lambda r, _: fmt.kr(r.totals["benefit_cost_ratio"], 2)),
    ("Kritisk succesrate", lambda r, _: fmt.percent(r.totals["break_even_success_rate"])),
    ("Sandsynlighed for positivt nettoresultat", lambda _, row: fmt.percent(row["p_net_positive"])),
    ("Netto, 5 %-fraktil", lambda _, row: fmt.kr(row["net_p5"])),
    ("Netto, median", lambda _, row: fmt.kr(row["net_p50"])),
    ("Netto, 95 %-fraktil", lambda _, row: fmt.kr(row["net_p95"])),
]


def comparison_rows(names: list[str], results: list[Any], rows: list[dict]) -> list[dict]:
    """[{'Nøgletal': label, name: text, ...}] for a table; `rows` are som.compare's rows (same
    order as `results`), for the probabilities and percentiles ('–' without ranges)."""
    out = []
    for label, show in MEASURES:
        line = {"Nøgletal": label}
        line.update({name: show(result, row) for name, result, row in zip(names, results, rows,
                                                                             strict=True)})
        out.append(line)
    return out
