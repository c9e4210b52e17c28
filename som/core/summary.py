"""Key figures from the arrays of one calculation (spec §2.6–2.10, §3).

Pure: takes a CoreOutput, returns plain Python numbers in the shape of spec §3.
"""

from __future__ import annotations

import numpy as np

from som.core.engine import PAYERS, CoreOutput, break_even_index


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else float(numerator / denominator)


def _year(index: int, start_year: int) -> int | None:
    return None if index < 0 else start_year + int(index)


def budget_period(net_py: np.ndarray, start_year: int, years: int) -> dict:
    """The first `years` years summed per payer (spec v2 §2.11)."""
    window = net_py[:, :years]
    out = {"years": [start_year, start_year + years - 1], "net": float(window.sum())}
    out.update({payer: float(window[p].sum()) for p, payer in enumerate(PAYERS)})
    return out


def budget_areas(out: CoreOutput, names: tuple[str, ...], start_year: int) -> list[dict]:
    """The kommune split on its committees, with the gain-sharing transfer (spec v2 §2.12).

    target_a = N_k · costs_a / C_k and transfer_a = target_a − net_a (positive: a receives);
    transfers are None where the kommune has no costs (C_k = 0). Empty when the output carries
    no split (a follow-up's realised figures are known per payer, not per line).
    """
    if out.area_costs is None:
        return []
    costs, saved, gains = out.area_costs, out.area_saved, out.area_gains  # [a, y]
    net = gains + saved - costs
    kommune_net, kommune_costs = float(net.sum()), float(costs.sum())
    rows = []
    for a, name in enumerate(names):
        area_costs, area_net = float(costs[a].sum()), float(net[a].sum())
        transfer = (None if kommune_costs == 0
                    else kommune_net * area_costs / kommune_costs - area_net)
        rows.append({
            "area": name,
            "costs": area_costs,
            "saved_costs": float(saved[a].sum()),
            "gains": float(gains[a].sum()),
            "net": area_net,
            "transfer": transfer,
            "by_year": [{"year": start_year + y, "net": float(v)} for y, v in enumerate(net[a])],
        })
    return rows


def summarise(out: CoreOutput, start_year: int, success_rate: float,
              budget_years: int | None = None, area_names: tuple[str, ...] = ("",)) -> dict:
    """Totals, by payer and by year (spec §3), budget period and budget areas (v2 §2.11–2.12).

    Figures unrounded; "none" is None.
    """
    costs_py, saved_py, gains_py = out.costs, out.saved_costs, out.gains
    net_py = gains_py + saved_py - costs_py  # R[p, y]
    net_y = net_py.sum(axis=0)
    cumulative_y = np.cumsum(net_y)
    cumulative_py = np.cumsum(net_py, axis=1)

    total_costs = float(costs_py.sum())
    total_saved = float(saved_py.sum())
    total_gains = float(gains_py.sum())
    total_net = float(net_py.sum())
    participants = float(out.starters.sum())
    total_successes = float(out.successes.sum())

    # §2.9: net is linear in r; only the gains of §2.5 scale with it (not those during the
    # course, §2.5b), so ΣG_success/r is the gain per unit of success rate.
    course_total = float(out.course_gains.sum())
    success_gains = float(out.success_gains.sum())
    if success_gains == 0 or success_rate == 0:
        break_even_rate = None
    else:
        break_even_rate = (total_costs - total_saved - course_total) / (success_gains / success_rate)

    totals = {
        "costs": total_costs,
        "saved_costs": total_saved,
        "gains": total_gains,
        "net": total_net,
        "net_present_value": float(np.dot(out.discount, net_y)),
        "participants": participants,
        "successes": total_successes,
        "net_per_participant": _ratio(total_net, participants),
        "net_per_success": _ratio(total_net, total_successes),
        "benefit_cost_ratio": _ratio(total_gains + total_saved, total_costs),
        "break_even_year": _year(int(break_even_index(cumulative_y)), start_year),
        "break_even_success_rate": break_even_rate,
    }
    payer_break_even = break_even_index(cumulative_py)
    # v2 §2.8: a payer with no flows at all has no break-even year.
    has_flows = np.any(costs_py != 0, axis=1) | np.any(saved_py != 0, axis=1) | np.any(
        gains_py != 0, axis=1)
    payer_break_even = np.where(has_flows, payer_break_even, -1)
    by_payer = {
        payer: {
            "costs": float(costs_py[p].sum()),
            "saved_costs": float(saved_py[p].sum()),
            "gains": float(gains_py[p].sum()),
            "net": float(net_py[p].sum()),
            "break_even_year": _year(int(payer_break_even[p]), start_year),
        }
        for p, payer in enumerate(PAYERS)
    }
    costs_y, saved_y, gains_y = costs_py.sum(axis=0), saved_py.sum(axis=0), gains_py.sum(axis=0)
    by_year = []
    for y in range(net_y.shape[0]):
        row = {
            "year": start_year + y,
            "costs": float(costs_y[y]),
            "saved_costs": float(saved_y[y]),
            "gains": float(gains_y[y]),
            "net": float(net_y[y]),
            "cumulative_net": float(cumulative_y[y]),
        }
        row.update({payer: float(net_py[p, y]) for p, payer in enumerate(PAYERS)})
        by_year.append(row)
    horizon = net_y.shape[0]
    years = min(4, horizon) if budget_years is None else budget_years
    return {"totals": totals, "by_payer": by_payer, "by_year": by_year,
            "budget_period": budget_period(net_py, start_year, years),
            "by_budget_area": budget_areas(out, area_names, start_year)}
