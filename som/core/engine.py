"""The SØM arithmetic (spec §2) on whole arrays.

Pure numpy: arrays in, arrays out. No I/O, no pydantic, no UI. Axis names used in the
shapes below:

    y  year index 0..H-1 (calendar year start_year + y)
    c  cohort: the year index in which a group of citizens succeeds (or, for consequences
       during the course, starts)
    k  years since success (or since starting)
    i  consequence item
    l  cost line
    p  payer, in the order PAYERS
    a  budget area (udvalg) of the kommune, in the order CoreInput.area_names
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
class Areas:
    """The kommune's budget areas (spec v2 §2.12): names, and the area index of every line/item.

    cost[l], saved[m], item[i]  index into `names` of cost line l, saved-cost line m, item i
    """

    names: tuple[str, ...]
    cost: np.ndarray
    saved: np.ndarray
    item: np.ndarray

    @staticmethod
    def single(name: str, lines: int, saved: int, items: int) -> Areas:
        """Everything in one area."""
        return Areas((name,), np.zeros(lines, int), np.zeros(saved, int), np.zeros(items, int))


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
    delta: np.ndarray  # d[i, k], k = 0..H-1, zero-padded past each item's list, cut at H
    price: np.ndarray  # P[i, p], price-adjusted, >= 0 means the item's own sign convention
    sign: np.ndarray  # sigma[i]: -1 expenditure, +1 revenue
    offset: int  # o: 0 completion_year, 1 year_after
    discount_rates: np.ndarray  # r_y, y = 0..H-1 (r_0 is unused: D[0] = 1)
    course_delta: np.ndarray | None = None  # e[i, k] per starter (v2 §2.5b), like delta
    areas: Areas | None = None  # the kommune's budget areas (v2 §2.12); None: one area
    budget_period: int | None = None  # years in the budget period (v2 §2.11); None: min(4, H)

    @property
    def horizon(self) -> int:
        return int(self.starters.shape[-1])

    @property
    def course(self) -> np.ndarray:
        """e[i, k], zeros when the calculation has no consequences during the course."""
        return self.delta * 0.0 if self.course_delta is None else self.course_delta


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


def course_gains(starters, course_delta, price, sign) -> np.ndarray:
    """G[..., i, p, y] = σ_i · Σ_s N[s] · e[i, y − s] · P[i, p] (spec v2 §2.5b).

    The same lag arithmetic as §2.5 with the starters of year s as the cohort and no offset.
    """
    return item_gains(starters, lag_kernel(course_delta, 0), price, sign)


def area_totals(amounts, area: np.ndarray, n_areas: int) -> np.ndarray:
    """X[..., a, y] = Σ_n [area[n] = a] · amounts[..., n, y] (spec v2 §2.12)."""
    onehot = (np.arange(n_areas)[:, None] == np.asarray(area)[None, :]).astype(float)  # [a, n]
    return np.einsum("an,...ny->...ay", onehot, amounts)


def discount_factors(rates: np.ndarray) -> np.ndarray:
    """D[0] = 1, D[y] = D[y−1] / (1 + r_y) (spec §2.7).

    >>> discount_factors(np.array([0.0, 0.5, 1.0])).tolist()
    [1.0, 0.6666666666666666, 0.3333333333333333]
    """
    growth = 1.0 + np.asarray(rates, dtype=float)
    growth[..., 0] = 1.0
    return 1.0 / np.cumprod(growth, axis=-1)


# Spec §2.7's "finansministeriet" schedule: (first year index, last or None, rate).
FINANSMINISTERIET_STEPS = ((0, 35, 0.035), (36, 70, 0.025), (71, None, 0.015))


def schedule_rates(steps, horizon: int) -> np.ndarray:
    """r_y of a stepped schedule [(first, last or None, rate), ...] for y = 0..H-1.

    >>> schedule_rates(FINANSMINISTERIET_STEPS, 73)[[0, 35, 36, 70, 71, 72]].tolist()
    [0.035, 0.035, 0.025, 0.025, 0.015, 0.015]
    """
    y = np.arange(horizon)
    rates = np.full(horizon, np.nan)
    for first, last, rate in steps:
        rates[(y >= first) & ((y <= last) if last is not None else True)] = rate
    if np.isnan(rates).any():
        raise ValueError("the discount schedule does not cover every year")
    return rates


def finansministeriet_rates(horizon: int) -> np.ndarray:
    """r_y: 3.5 % for y ≤ 35, 2.5 % for 36 ≤ y ≤ 70, 1.5 % after (spec §2.7)."""
    return schedule_rates(FINANSMINISTERIET_STEPS, horizon)


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
    """Arrays of one calculation (undiscounted unless named otherwise).

    `gains_by_item` holds every consequence gain (§2.5 and v2 §2.5b); `course_gains_by_item` is
    the during-course part of it, which does not scale with the success rate (§2.9).
    """

    starters: np.ndarray  # N[y]
    successes: np.ndarray  # S[y]
    costs: np.ndarray  # C[p, y]
    saved_costs: np.ndarray  # B[p, y]
    gains_by_item: np.ndarray  # G[i, p, y]
    discount: np.ndarray  # D[y]
    course_gains_by_item: np.ndarray | None = None  # G_course[i, p, y]; None: all zero
    # G_success[i, p, y] (§2.5) kept apart, so §2.9 needs no subtraction; None: = gains_by_item
    success_gains_by_item: np.ndarray | None = None
    area_costs: np.ndarray | None = None  # kommune costs by budget area [a, y]
    area_saved: np.ndarray | None = None  # kommune saved costs by budget area [a, y]
    area_gains: np.ndarray | None = None  # kommune gains by budget area [a, y]

    @property
    def gains(self) -> np.ndarray:
        """G[p, y] summed over items."""
        return self.gains_by_item.sum(axis=-3)

    @property
    def course_gains(self) -> np.ndarray:
        """G_course[p, y]: the during-course part of `gains` (zeros if none)."""
        if self.course_gains_by_item is None:
            return np.zeros_like(self.costs)
        return self.course_gains_by_item.sum(axis=-3)

    @property
    def success_gains(self) -> np.ndarray:
        """G_success[p, y]: the part of `gains` proportional to the success rate (§2.5)."""
        by_item = self.gains_by_item if self.success_gains_by_item is None else \
            self.success_gains_by_item
        return by_item.sum(axis=-3)

    @property
    def net(self) -> np.ndarray:
        """R[p, y] = G + B − C (spec §2.6)."""
        return self.gains + self.saved_costs - self.costs


KOMMUNE = PAYERS.index("kommune")


def kommune_lines(lines: CostLines, starters) -> np.ndarray:
    """The kommune's part of each line by year, A[..., l, y] · share[l, kommune] (§2.4)."""
    return line_amounts(lines, starters) * lines.share[:, KOMMUNE][:, None]


def compute(inp: CoreInput) -> CoreOutput:
    """Run spec §2.1–2.7 (and v2 §2.5b, §2.12) on one calculation."""
    s = successes(inp.starters, inp.course_years, inp.completion_rate, inp.success_rate)
    kernel = lag_kernel(inp.delta, inp.offset)
    success = gains = item_gains(s, kernel, inp.price, inp.sign)
    course = None
    if inp.course_delta is not None and np.any(inp.course_delta):
        course = course_gains(inp.starters, inp.course_delta, inp.price, inp.sign)
        gains = success + course
    areas = inp.areas or Areas.single("", len(inp.costs.per_participant),
                                      len(inp.saved_costs.per_participant), inp.delta.shape[0])
    n = len(areas.names)
    return CoreOutput(
        starters=np.asarray(inp.starters, dtype=float),
        successes=s,
        costs=payer_totals(inp.costs, inp.starters),
        saved_costs=payer_totals(inp.saved_costs, inp.starters),
        gains_by_item=gains,
        discount=discount_factors(inp.discount_rates),
        course_gains_by_item=course,
        success_gains_by_item=None if course is None else success,
        area_costs=area_totals(kommune_lines(inp.costs, inp.starters), areas.cost, n),
        area_saved=area_totals(kommune_lines(inp.saved_costs, inp.starters), areas.saved, n),
        area_gains=area_totals(gains[..., KOMMUNE, :], areas.item, n),
    )
