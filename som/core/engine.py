"""The SØM arithmetic (spec §2) on whole arrays.

Pure numpy: arrays in, arrays out. No I/O, no pydantic, no UI. Axis names used in the
shapes below:

    y  year index 0..H-1 (calendar year start_year + y)
    c  cohort: the year index in which a group of citizens succeeds
    k  years since success
    i  consequence item
    l  cost line
    p  payer, in the order PAYERS
    ... optional leading axes (e.g. Monte Carlo draws); every function broadcasts over them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PAYERS: tuple[str, ...] = ("kommune", "region", "stat")


@dataclass(frozen=True)
class CostLines:
    """Cost lines (spec §2.4), already price-adjusted to the calculation's price year.

    fixed[l, y]      startup/operating amounts by year (0 past the list; 0 for per-participant lines)
    per_participant[l]  amount per starter (0 for startup/operating lines)
    share[l, p]      payer shares (rows sum to 1)
    """

    fixed: np.ndarray
    per_participant: np.ndarray
    share: np.ndarray

    @staticmethod
    def empty(horizon: int) -> CostLines:
        return CostLines(np.zeros((0, horizon)), np.zeros(0), np.zeros((0, len(PAYERS))))


@dataclass(frozen=True)
class CoreInput:
    """Everything the arithmetic needs, as arrays. Built by `som.build` from a Calculation."""

    start_year: int
    starters: np.ndarray  # N[y]
    course_years: int
    completion_rate: float
    success_rate: float  # r, net of baseline
    costs: CostLines
    saved_costs: CostLines
    delta: np.ndarray  # d[i, k], k = 0..H-1, zero-padded past each item's list
    price: np.ndarray  # P[i, p], price-adjusted, >= 0 means the item's own sign convention
    sign: np.ndarray  # sigma[i]: -1 expenditure, +1 revenue
    offset: int  # o: 0 completion_year, 1 year_after
    discount_rates: np.ndarray  # r_y, y = 0..H-1 (r_0 is unused: D[0] = 1)

    @property
    def horizon(self) -> int:
        return int(self.starters.shape[-1])


def successes(starters, course_years: int, completion_rate, success_rate):
    """S[..., c] = N[c - course_years] · completion_rate · r (spec §2.2).

    >>> successes(np.array([50.0, 50.0, 0.0]), 1, 1.0, 0.25).tolist()
    [0.0, 12.5, 12.5]
    """
    n = np.asarray(starters, dtype=float)
    horizon = n.shape[-1]
    shifted = np.zeros_like(n)
    if course_years < horizon:
        shifted[..., course_years:] = n[..., : horizon - course_years]
    rate = np.asarray(completion_rate, dtype=float) * np.asarray(success_rate, dtype=float)
    return shifted * rate[..., None] if rate.ndim else shifted * rate


def line_amounts(lines: CostLines, starters) -> np.ndarray:
    """Amount of each line by year, A[..., l, y] (spec §2.4): fixed + per-participant · N[y]."""
    n = np.asarray(starters, dtype=float)
    return lines.fixed + lines.per_participant[:, None] * n[..., None, :]


def payer_totals(lines: CostLines, starters) -> np.ndarray:
    """C[..., p, y] = Σ_l A[l, y] · share[l, p] (spec §2.4)."""
    return np.einsum("...ly,lp->...py", line_amounts(lines, starters), lines.share)


def lag_kernel(delta: np.ndarray, offset: int) -> np.ndarray:
    """K[i, c, y] = d[i, y - c - o] where 0 <= y - c - o < H, else 0 (spec §2.5).

    Consequences past the horizon fall outside y < H and are therefore not counted.
    """
    n_items, horizon = delta.shape
    lag = np.arange(horizon)[None, :] - np.arange(horizon)[:, None] - offset  # [c, y]
    valid = (lag >= 0) & (lag < horizon)
    kernel = delta[:, np.clip(lag, 0, horizon - 1)]  # [i, c, y]
    return np.where(valid[None, :, :], kernel, 0.0)


def item_gains(success_by_cohort, kernel, price, sign) -> np.ndarray:
    """G[..., i, p, y] = σ_i · Σ_c S[c] · d[i, y − c − o] · P[i, p] (spec §2.5)."""
    units = np.einsum("...c,icy->...iy", success_by_cohort, kernel)  # change in use [..., i, y]
    signed_price = np.asarray(price) * np.asarray(sign)[:, None]  # [..., i, p]
    return units[..., :, None, :] * signed_price[..., :, :, None]


def discount_factors(rates: np.ndarray) -> np.ndarray:
    """D[0] = 1, D[y] = D[y−1] / (1 + r_y) (spec §2.7).

    >>> discount_factors(np.array([0.0, 0.5, 1.0])).tolist()
    [1.0, 0.6666666666666666, 0.3333333333333333]
    """
    growth = 1.0 + np.asarray(rates, dtype=float)
    growth[..., 0] = 1.0
    return 1.0 / np.cumprod(growth, axis=-1)


def finansministeriet_rates(horizon: int) -> np.ndarray:
    """r_y: 3.5 % for y ≤ 35, 2.5 % for 36 ≤ y ≤ 70, 1.5 % after (spec §2.7)."""
    y = np.arange(horizon)
    return np.select([y <= 35, y <= 70], [0.035, 0.025], 0.015)


# Half an øre: cumulative sums within this of zero count as zero (float noise, not money).
BREAK_EVEN_TOLERANCE = 0.005


def break_even_index(cumulative: np.ndarray) -> np.ndarray:
    """First year index from which cumulative net stays ≥ 0 to the horizon; −1 for none (§2.8).

    Works on [..., y]; returns [...] integers.

    >>> break_even_index(np.array([-3.0, 1.0, -1.0, 2.0, 4.0])).item()
    3
    >>> break_even_index(np.array([1.0, -1.0])).item()
    -1
    """
    negative = cumulative < -BREAK_EVEN_TOLERANCE
    horizon = cumulative.shape[-1]
    years = np.arange(horizon)
    last_negative = np.max(np.where(negative, years, -1), axis=-1)
    return np.where(last_negative == horizon - 1, -1, last_negative + 1)


@dataclass(frozen=True)
class CoreOutput:
    """Arrays of one calculation (undiscounted unless named otherwise)."""

    starters: np.ndarray  # N[y]
    successes: np.ndarray  # S[y]
    costs: np.ndarray  # C[p, y]
    saved_costs: np.ndarray  # B[p, y]
    gains_by_item: np.ndarray  # G[i, p, y]
    discount: np.ndarray  # D[y]

    @property
    def gains(self) -> np.ndarray:
        """G[p, y] summed over items."""
        return self.gains_by_item.sum(axis=-3)

    @property
    def net(self) -> np.ndarray:
        """R[p, y] = G + B − C (spec §2.6)."""
        return self.gains + self.saved_costs - self.costs


def compute(inp: CoreInput) -> CoreOutput:
    """Run spec §2.1–2.7 on one calculation."""
    s = successes(inp.starters, inp.course_years, inp.completion_rate, inp.success_rate)
    kernel = lag_kernel(inp.delta, inp.offset)
    return CoreOutput(
        starters=np.asarray(inp.starters, dtype=float),
        successes=s,
        costs=payer_totals(inp.costs, inp.starters),
        saved_costs=payer_totals(inp.saved_costs, inp.starters),
        gains_by_item=item_gains(s, kernel, inp.price, inp.sign),
        discount=discount_factors(inp.discount_rates),
    )
