"""Documented bounds on every input, so that every figure `som` returns is finite and exact to
the øre, checked before anything is computed (docs/hostile.md has the table and the reasoning).

Two layers:

1. Each number in a file has a range (the constants below, used by `som.schema`, the uncertainty
   schema and the knowledge-base schema), so no arithmetic on inputs can overflow, and every
   non-zero number is at least MIN_NONZERO, so no ratio (net per success, benefit-cost ratio)
   divides by a denormal.
2. `check_built` bounds the sum of every flow the calculation will produce — every cost, saved
   cost and gain by line, payer and year, without sign — before computing it, and refuses more
   than MAX_FLOWS kr naming the line that contributes most. Every figure in the result is a sum
   of some of these flows (the NPV weighs them by discount factors ≤ 1), so none exceeds
   MAX_FLOWS, where a float64 holds an øre with room to spare for the rounding of ~450
   operations (2^-53 · 450 · 1e11 kr < 0.005 kr; tests/hostile/test_exact.py checks it against
   fractions.Fraction). `check_uncertainty` does the same for the highest Monte Carlo draw, and
   `check_draws` bounds draws × columns so a simulation stays within memory.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MAX_FLOWS = 1e11  # kr: every flow without sign, summed over lines, payers and years
MAX_AMOUNT = 1e11  # kr: one amount, per-participant amount or price
MAX_PARTICIPANTS = 1e7  # starters in one year (Denmark has 6 million inhabitants)
MAX_DELTA = 1e5  # units per success (or starter) and year, either sign
MIN_NONZERO = 1e-6  # any non-zero number is at least this (in absolute value)
MIN_INDEX, MAX_INDEX = 1e-3, 1e6  # price index values
MAX_FACTOR = 100.0  # uncertainty factors (low/high of costs, consequences, prices, lines)
MAX_HORIZON = 50  # years (spec §1)
MAX_VECTOR = 100  # values in a consequence vector (longer than any horizon: the rest is cut)
MAX_LINES = 200  # cost lines, saved-cost lines, consequence items (each)
MAX_PRICES = 500  # inline prices
MAX_ASSUMPTIONS = 500
MAX_UNCERTAINTY_LINES = 4 * MAX_LINES
MAX_OVERLAYS = 20
MAX_BUDGET_AREAS = 200  # entries of settings.budget_areas
MAX_NAME = 200  # characters of a committee (udvalg) name
MAX_COURSE_YEARS = 100
MAX_SEED = 2**32 - 1
MAX_DRAW_CELLS = 20_000_000  # draws × (sources + 2·items + lines + 2·(horizon + 3)): ~12 bytes each


def tiny(value: float) -> bool:
    """True for a non-zero number closer to 0 than MIN_NONZERO (1e-300, 5e-324, ...)."""
    return value != 0 and abs(value) < MIN_NONZERO


TINY_MESSAGE = "skal være 0 eller mindst 0,000001 (fik {value}); så små tal giver ingen mening her"


def _kr(value: float) -> str:
    from som import fmt

    return fmt.kr(value) if value < 1e15 else f"{value:.1e}".replace(".", ",") + " kr."


def _limit(value: float) -> str:
    return f"{value / 1e9:g}".replace(".", ",") + " mia. kr."


def _problem(where: str, message: str):
    from som.errors import InputError, Problem

    return InputError([Problem(where, message)])


def _item_keys(built: Any) -> list[str]:
    """Where each consequence item came from: consequences[n] or the target group's profile."""
    source = getattr(built, "consequence_source", "file")
    if source.startswith("target_group:"):
        group = source.split(":", 1)[1]
        return [f"target_group ({group}): {info.id}" for info in built.items]
    return [f"consequences[{n}] ({info.id})" for n, info in enumerate(built.items)]


def flow_pieces(built: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each line's and item's flows without sign, summed over payers and years, before computing
    them: costs[l], saved_costs[m], gains[i] per unit of net success rate (§2.5) and gains[i]
    during the course (v2 §2.5b). Whole consequence vectors count, also what falls past the
    horizon: the result's notes report that in kroner too."""
    from som.core.engine import successes

    core = built.core
    starters = np.asarray(core.starters, dtype=float)
    total = float(starters.sum())

    def lines(group) -> np.ndarray:
        return group.fixed.sum(axis=-1) + group.per_participant * total

    def whole(full, cut) -> np.ndarray:  # Σ_k |d[i, k]| over the whole vector
        vectors = full if full is not None else cut
        return np.zeros(len(built.items)) if vectors is None else np.abs(vectors).sum(axis=-1)

    unit = successes(starters, core.course_years, core.completion_rate, 1.0).sum()  # ΣS at r = 1
    price = np.asarray(core.price).sum(axis=-1)
    success = unit * whole(getattr(built, "delta_full", None), core.delta) * price
    course = total * whole(getattr(built, "course_full", None),
                           getattr(core, "course_delta", None)) * price
    return lines(core.costs), lines(core.saved_costs), success, course


def _refuse(terms: list[tuple[str, float]], limit: float, what: str) -> None:
    total = math.fsum(value for _, value in terms)
    if total <= limit:
        return
    where, largest = max(terms, key=lambda term: term[1])
    raise _problem(where, f"{what}: alle beløb i beregningen giver tilsammen {_kr(total)} "
                          f"(heraf {_kr(largest)} herfra); højst {_limit(limit)}, så hvert tal "
                          "kan regnes præcist til øren")


def check_built(built: Any) -> None:
    """InputError naming the largest contributor if the flows could exceed MAX_FLOWS."""
    costs, saved, success, course = flow_pieces(built)
    rate = float(built.core.success_rate)
    terms = [(f"costs[{n}]", float(v)) for n, v in enumerate(costs)]
    terms += [(f"saved_costs[{n}]", float(v)) for n, v in enumerate(saved)]
    terms += [(key, rate * float(g) + float(c))
              for key, g, c in zip(_item_keys(built), success, course, strict=True)]
    _refuse(terms, MAX_FLOWS, "beløbene er for store")


def check_uncertainty(built: Any, spec: Any) -> None:
    """The same bound for the highest Monte Carlo draw: every factor and the rate at its high."""
    costs, saved, success, course = flow_pieces(built)
    high = np.array([source.high for source in spec.sources])
    keys = [f"uncertainty ({source.key})" for source in spec.sources]
    m = spec.mapping
    terms = [(keys[m.cost[n]], high[m.cost[n]] * float(v)) for n, v in enumerate(costs)]
    terms += [(keys[m.saved[n]], high[m.saved[n]] * float(v)) for n, v in enumerate(saved)]
    for n, (g, c) in enumerate(zip(success, course, strict=True)):
        factor = high[m.consequence[n]] * high[m.price[n]]  # the rate scales §2.5 gains only
        driver = max((m.consequence[n], m.price[n], m.rate), key=lambda s: high[s])
        terms.append((keys[driver], float(factor * (high[m.rate] * g + c))))
    _refuse(terms, MAX_FLOWS, "med usikkerhedsintervallernes høje værdier er beløbene for store")


def draw_columns(built: Any, n_sources: int) -> int:
    """Columns of the largest per-draw arrays of a simulation (som.core.uncertainty)."""
    core = built.core
    return (n_sources + 2 * core.delta.shape[0] + core.costs.fixed.shape[0]
            + core.saved_costs.fixed.shape[0] + 2 * (core.horizon + 3))


def check_draws(draws: int, columns: int) -> None:
    """Refuse draws × columns above MAX_DRAW_CELLS (memory), saying how many draws would do."""
    if draws * columns <= MAX_DRAW_CELLS:
        return
    most = max(1, MAX_DRAW_CELLS // columns)
    raise _problem("draws", f"{draws:,} trækninger er for mange til en beregning af denne "
                            f"størrelse ({columns} kolonner pr. trækning); højst {most:,}"
                   .replace(",", "."))


def non_finite(figures: Any, path: str = "") -> str | None:
    """The key path of the first NaN or infinity in nested result data, or None."""
    stack = [(figures, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return where
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{n}]") for n, v in enumerate(value))
    return None


def check_finite(summary: dict) -> None:
    """Last line of defence: a result with a non-finite figure is refused, never returned.

    The C JSON encoder finds a NaN or infinity fastest (it refuses them with allow_nan=False);
    only then is the structure walked again to name the key."""
    import json

    try:
        json.dumps(summary, allow_nan=False)
        return
    except ValueError:
        where = non_finite(summary)
    if where is not None:
        raise _problem("", f"beregningen gav et ikke-endeligt tal ({where}); kontrollér de "
                           "største beløb og de mindste satser i filen")
