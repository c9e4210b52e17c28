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


def summarise(out: CoreOutput, start_year: int, success_rate: float) -> dict:
    """Totals, by payer and by year (spec §3). Figures unrounded; "none" is None."""
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

    # §2.9: net is linear in r, so ΣG/r is the gain per unit of success rate.
    if total_gains == 0 or success_rate == 0:
        break_even_rate = None
    else:
        break_even_rate = (total_costs - total_saved) / (total_gains / success_rate)

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
    return {"totals": totals, "by_payer": by_payer, "by_year": by_year}
