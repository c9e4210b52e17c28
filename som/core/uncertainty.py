"""Monte Carlo, tornado and switching values on whole arrays (issue 5).

Pure numpy: no I/O, no pydantic. Axis names as in `som.core.engine`, plus

    d  draw (one Monte Carlo trial, or one tornado scenario)
    s  source: one independent triangular random input
    k  column of a linear piece: the H years first, then the 3 payers

Why it is fast: the net is multilinear in what is drawn. Success rate r, a consequence factor
u[i] and a price factor v[i] enter item i's gains only as the product r·u[i]·v[i] (spec §2.2 and
§2.5 are products), and a cost factor f[l] scales line l's amounts (§2.4). So

    R[d, p, y] = R0[p, y] + Σ_i (r[d]·u[d, i]·v[d, i] − r0) · g1[i, p, y]
                          + Σ_i (u[d, i]·v[d, i] − 1) · gc[i, p, y]
                          + Σ_m (b[d, m] − 1) · B0[m, p, y] − Σ_l (f[d, l] − 1) · C0[l, p, y]

with g1 the gains of item i per unit success rate, gc its gains during the course (spec v2
§2.5b: per starter, so not scaled by r) and C0/B0 each line's payer totals, all made
once by the engine's own functions. Each draw then costs one small matrix product instead of a
draws × items × payers × years array, and a draw at the central values adds exactly 0.0 to the
deterministic figures, so a zero-width range reproduces them bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som.core.engine import (
    PAYERS,
    CoreInput,
    CostLines,
    break_even_index,
    course_gains,
    item_gains,
    lag_kernel,
    line_amounts,
    successes,
)

PERCENTILES = (5.0, 50.0, 95.0)


def triangular_inverse(u, low, mode, high):
    """Inverse CDF of triangular(low, mode, high) at u in [0, 1).

    Returns `mode` exactly when low == mode == high (numpy's own sampler refuses zero width).

    >>> triangular_inverse(np.array([0.0, 0.5, 0.875]), 0.0, 0.5, 1.0).tolist()
    [0.0, 0.5, 0.75]
    >>> triangular_inverse(np.array([0.3]), 0.25, 0.25, 0.25).tolist()
    [0.25]
    """
    u = np.asarray(u, dtype=float)
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    width, left, right = high - low, mode - low, high - mode
    mode_cdf = np.divide(left, width, out=np.zeros(np.broadcast(left, width).shape), where=width > 0)
    below = low + np.sqrt(u * width * left)
    above = high - np.sqrt((1.0 - u) * width * right)
    return np.where(u < mode_cdf, below, above)


@dataclass(frozen=True)
class Sources:
    """The independent random inputs, each triangular(low[s], mode[s], high[s])."""

    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray

    @property
    def count(self) -> int:
        return int(self.mode.shape[0])


@dataclass(frozen=True)
class Mapping:
    """Which source drives each quantity (indices into the source axis).

    rate            the net success rate (an absolute rate, not a factor)
    cost[l]         factor on cost line l;  saved[m]  factor on saved-cost line m
    consequence[i]  factor on item i's delta_per_success;  price[i]  factor on its price
    """

    rate: int
    cost: np.ndarray
    saved: np.ndarray
    consequence: np.ndarray
    price: np.ndarray


@dataclass(frozen=True)
class LinearNet:
    """The central figures and the linear pieces around them (see the module docstring).

    Central figures come from `som.core.summary.summarise` itself, so that deviations of exactly
    zero give its numbers unchanged.
    """

    rate0: float
    unit_gains: np.ndarray  # g1[i, k]: gains of item i at success rate 1, by year then payer
    course: np.ndarray  # gc[i, k]: gains of item i during the course (spec v2 §2.5b)
    cost: np.ndarray  # C0[l, k]
    saved: np.ndarray  # B0[m, k]
    discount: np.ndarray  # D[y]
    total0: float  # Σ R0
    npv0: float  # Σ_y D[y] · Σ_p R0[p, y]
    cumulative0: np.ndarray  # cumulative central net [y]
    payer0: np.ndarray  # central net by payer [p]
    costs0: float  # Σ C0
    saved0: float  # Σ B0
    gains0: float  # Σ G0

    @property
    def horizon(self) -> int:
        return int(self.discount.shape[0])


def _by_year_then_payer(amounts: np.ndarray) -> np.ndarray:
    """[n, p, y] -> [n, k]: totals by year (k < H) followed by totals by payer."""
    return np.concatenate([amounts.sum(axis=-2), amounts.sum(axis=-1)], axis=-1)


def _line_pieces(lines: CostLines, starters: np.ndarray) -> np.ndarray:
    """C0[l, p, y] = A[l, y] · share[l, p] (spec §2.4), as [l, k]."""
    per_line = line_amounts(lines, starters)[:, None, :] * lines.share[:, :, None]
    return _by_year_then_payer(per_line)


def linear_net(inp: CoreInput, discount: np.ndarray, summary: dict) -> LinearNet:
    """Pieces of the net for `inp`, with central figures taken from its `summary` (spec §3)."""
    unit_successes = successes(inp.starters, inp.course_years, inp.completion_rate, 1.0)
    unit = item_gains(unit_successes, lag_kernel(inp.delta, inp.offset), inp.price, inp.sign)
    course = course_gains(inp.starters, inp.course, inp.price, inp.sign)
    totals = summary["totals"]
    return LinearNet(
        rate0=float(inp.success_rate),
        unit_gains=_by_year_then_payer(unit),
        course=_by_year_then_payer(course),
        cost=_line_pieces(inp.costs, inp.starters),
        saved=_line_pieces(inp.saved_costs, inp.starters),
        discount=np.asarray(discount, dtype=float),
        total0=totals["net"],
        npv0=totals["net_present_value"],
        cumulative0=np.array([row["cumulative_net"] for row in summary["by_year"]]),
        payer0=np.array([summary["by_payer"][p]["net"] for p in PAYERS]),
        costs0=totals["costs"],
        saved0=totals["saved_costs"],
        gains0=totals["gains"],
    )


def draw_sources(rng: np.random.Generator, sources: Sources, draws: int) -> np.ndarray:
    """X[d, s]: `draws` independent triangular draws of every source.

    Uniforms are taken source by source (rng.random((s, d))), so adding a range at the end of the
    list leaves the draws of the earlier sources unchanged for the same seed.
    """
    u = rng.random((sources.count, draws)).T
    return triangular_inverse(u, sources.low, sources.mode, sources.high)


def deviations(lin: LinearNet, mapping: Mapping, x: np.ndarray) -> np.ndarray:
    """Net minus central net, [d, k] (years then payers), for source values X[d, s]."""
    item_factor = x[:, mapping.consequence] * x[:, mapping.price]
    dev = _product(x[:, [mapping.rate]] * item_factor - lin.rate0, lin.unit_gains)
    if np.any(lin.course):
        dev += _product(item_factor - 1.0, lin.course)
    if lin.cost.shape[0]:
        dev -= _product(x[:, mapping.cost] - 1.0, lin.cost)
    if lin.saved.shape[0]:
        dev += _product(x[:, mapping.saved] - 1.0, lin.saved)
    return dev


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a[d, n] @ b[n, k] without BLAS: these products are tiny (n ≈ 20) and a threaded BLAS on a
    busy 2-core machine was measured at 0.1–8 ms for them; numpy's own loop takes ~1 ms, steadily."""
    return np.einsum("dn,nk->dk", a, b)


@dataclass(frozen=True)
class Draws:
    """Per-draw figures: net[d], npv[d], cumulative[d, y], payer[d, p], payback[d] (−1: none)."""

    net: np.ndarray
    npv: np.ndarray
    cumulative: np.ndarray
    payer: np.ndarray
    payback: np.ndarray


def figures(lin: LinearNet, dev: np.ndarray) -> Draws:
    """Central figures + deviations -> per-draw net, NPV, cumulative net and payback (§2.6–2.8)."""
    h = lin.horizon
    dev_year, dev_payer = dev[:, :h], dev[:, h:]
    cumulative = lin.cumulative0 + np.cumsum(dev_year, axis=1)
    return Draws(
        net=lin.total0 + dev_year.sum(axis=1),
        npv=lin.npv0 + np.einsum("dy,y->d", dev_year, lin.discount),
        cumulative=cumulative,
        payer=lin.payer0 + dev_payer,
        payback=break_even_index(cumulative),
    )


def percentiles(values: np.ndarray, qs=PERCENTILES) -> np.ndarray:
    """Percentiles along axis 0 by numpy's default "linear" method, [q, ...].

    Written out (partition + interpolation) because np.percentile imports numpy.ma, which
    costs ~35 ms of start-up in every `som run --draws`.

    >>> percentiles(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), (0, 25, 50, 90)).tolist()
    [1.0, 2.0, 3.0, 4.6]
    """
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    position = np.asarray(qs, dtype=float) / 100.0 * (n - 1)
    lower = np.floor(position).astype(int)
    upper = np.minimum(lower + 1, n - 1)
    kth = sorted({int(k) for k in (*lower, *upper)})  # (np.unique would import numpy.ma too)
    ordered = np.partition(values, kth, axis=0)
    weight = (position - lower).reshape((-1,) + (1,) * (values.ndim - 1))
    low, high = ordered[lower], ordered[upper]
    return low + (high - low) * weight


def distribution(values: np.ndarray, central: float, deviation: np.ndarray) -> dict:
    """Mean and 5/50/95 % percentiles (numpy's linear method). The mean is central + mean(dev)
    so that all-zero deviations give the central value exactly."""
    p5, p50, p95 = percentiles(values)
    return {"mean": float(central + deviation.mean()), "p5": float(p5), "p50": float(p50),
            "p95": float(p95)}


def summarise_draws(lin: LinearNet, dev: np.ndarray, draws: Draws, start_year: int) -> dict:
    """The `uncertainty` figures of `som run --format json` (without draws/seed)."""
    h = lin.horizon
    dev_total = dev[:, :h].sum(axis=1)
    low, mid, high = percentiles(draws.cumulative)
    counts = np.bincount(draws.payback + 1, minlength=h + 1) / draws.net.shape[0]
    payback = {str(start_year + y): float(counts[y + 1]) for y in range(h)}
    payback["none"] = float(counts[0])
    by_payer = {}
    for p, payer in enumerate(PAYERS):
        by_payer[payer] = {"p_net_positive": float(np.mean(draws.payer[:, p] > 0)),
                           **distribution(draws.payer[:, p], lin.payer0[p], dev[:, h + p])}
    return {
        "p_net_positive": float(np.mean(draws.net > 0)),
        "net": distribution(draws.net, lin.total0, dev_total),
        "net_present_value": distribution(draws.npv, lin.npv0,
                                          np.einsum("dy,y->d", dev[:, :h], lin.discount)),
        "by_year": [{"year": start_year + y, "p5": float(low[y]), "p50": float(mid[y]),
                     "p95": float(high[y])} for y in range(h)],
        "payback_year_distribution": payback,
        "by_payer": by_payer,
    }


def one_way(sources: Sources, which: np.ndarray) -> np.ndarray:
    """X[2n, s]: every source at its mode except source which[j], at its low (row 2j) and its
    high (row 2j + 1): the scenarios of a tornado diagram."""
    x = np.tile(sources.mode, (2 * len(which), 1))
    rows = np.arange(len(which))
    x[2 * rows, which] = sources.low[which]
    x[2 * rows + 1, which] = sources.high[which]
    return x


def tornado_nets(lin: LinearNet, mapping: Mapping, sources: Sources,
                 which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Total net with source which[j] at its low and at its high, the others central."""
    if len(which) == 0:
        return np.zeros(0), np.zeros(0)
    dev = deviations(lin, mapping, one_way(sources, which))
    net = lin.total0 + dev[:, : lin.horizon].sum(axis=1)
    return net[0::2], net[1::2]


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else float(numerator / denominator)


def switching_values(lin: LinearNet) -> dict:
    """Where the total net reaches 0 with one input changed, all else central.

    Net is linear in each (spec §2.6): R = r·ΣG1 + ΣGc + ΣB − ΣC for the success rate r (the
    gains during the course, Gc, do not depend on r); R = ΣG + ΣB −
    k·ΣC for a factor k on every cost line; R = k·ΣG + ΣB − ΣC for a factor k on every consequence
    (equally on every price: both scale the gains). None where the input does not move the net.
    Values are not clipped: a rate above 1 or a negative factor means the net cannot reach 0.
    """
    unit_total = float(lin.unit_gains[:, : lin.horizon].sum())
    course_total = float(lin.course[:, : lin.horizon].sum())
    return {
        "success_rate": _ratio(lin.costs0 - lin.saved0 - course_total, unit_total),
        "cost_factor": _ratio(lin.gains0 + lin.saved0, lin.costs0),
        "consequence_factor": _ratio(lin.costs0 - lin.saved0, lin.gains0),
    }
