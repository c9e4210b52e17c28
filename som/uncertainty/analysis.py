"""Uncertainty and decision support (issue 5): Monte Carlo, tornado, switching values.

    >>> calc = som.load_calculation("examples/move_usikkerhed.yaml")       # doctest: +SKIP
    >>> som.simulate(calc, draws=10_000, seed=1, kb=None).to_dict()["p_net_positive"]  # doctest: +SKIP

The arithmetic is in `som.core.uncertainty` (pure numpy); this module turns a Calculation into
its inputs (via `som.calculate`, so every check and the knowledge base apply) and its results into
plain data. The same seed gives identical numbers (numpy's default_rng, PCG64).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from som import bounds
from som.api import BUNDLED, calculate
from som.core import uncertainty as core
from som.errors import InputError, Problem
from som.result import Result
from som.schema import Calculation
from som.uncertainty.schema import MAX_DRAWS
from som.uncertainty.spec import Source, Spec, resolve

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0


@dataclass(frozen=True)
class Prepared:
    """Everything needed to draw: the central result, the sources and the linear pieces."""

    result: Result
    spec: Spec
    lin: core.LinearNet

    @property
    def start_year(self) -> int:
        return self.result.built.core.start_year


def prepare(result: Result) -> Prepared:
    """Sources and linear pieces for an already calculated result (InputError if the block is bad)."""
    spec = resolve(result.calculation, result.built)
    lin = core.linear_net(result.built.core, result.arrays.discount, result.summary)
    return Prepared(result, spec, lin)


def _settings(calc: Calculation, draws, seed) -> tuple[int, int]:
    """Draws and seed: the caller's, else the file's uncertainty block, else the defaults."""
    block = calc.uncertainty
    if draws is None:
        draws = block.draws if block and block.draws is not None else DEFAULT_DRAWS
    if seed is None:
        seed = block.seed if block and block.seed is not None else DEFAULT_SEED
    problems = []
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or not \
            1 <= draws <= MAX_DRAWS:
        problems.append(Problem("draws", f"antal trækninger skal være et heltal mellem 1 og "
                                         f"{MAX_DRAWS:,}".replace(",", ".") + f", fik {draws!r}"))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or \
            not 0 <= seed <= bounds.MAX_SEED:
        problems.append(Problem("seed", f"frøet (seed) skal være et heltal mellem 0 og "
                                        f"{bounds.MAX_SEED:,}".replace(",", ".") + f", fik {seed!r}"))
    if problems:
        raise InputError(problems)
    return int(draws), int(seed)


@dataclass
class Simulation:
    """Monte Carlo draws of one calculation. Arrays are per draw; `to_dict()` gives the summary."""

    draws: int
    seed: int
    start_year: int
    sources: list[Source]
    factors: np.ndarray  # X[d, s]: the drawn value of every source (a rate or a factor)
    figures: core.Draws
    _summary: dict = field(repr=False)

    @property
    def net_draws(self) -> np.ndarray:
        """Total net over the horizon, one per draw (for histograms)."""
        return self.figures.net

    @property
    def npv_draws(self) -> np.ndarray:
        return self.figures.npv

    @property
    def cumulative_draws(self) -> np.ndarray:
        """Cumulative net [draw, year] (for fan charts)."""
        return self.figures.cumulative

    @property
    def payback_years(self) -> list[int | None]:
        return [None if i < 0 else self.start_year + int(i) for i in self.figures.payback]

    @property
    def years(self) -> list[int]:
        return [self.start_year + y for y in range(self.figures.cumulative.shape[1])]

    def to_dict(self) -> dict:
        """The `uncertainty` block of `som run --format json`."""
        return {"draws": self.draws, "seed": self.seed, **self._summary}


def simulate_prepared(prep: Prepared, draws: int, seed: int) -> Simulation:
    """All draws in one vectorised pass (no per-draw Python loop), bounded in memory."""
    bounds.check_draws(draws, bounds.draw_columns(prep.result.built, len(prep.spec.sources)))
    sources = prep.spec.arrays
    rng = np.random.default_rng(seed)
    x = core.draw_sources(rng, sources, draws)
    dev = core.deviations(prep.lin, prep.spec.mapping, x)
    figures = core.figures(prep.lin, dev)
    summary = core.summarise_draws(prep.lin, dev, figures, prep.start_year)
    return Simulation(draws, seed, prep.start_year, prep.spec.sources, x, figures, summary)


def tornado_prepared(prep: Prepared) -> list[dict]:
    """One-way swings of the total net, largest first (inputs with a range in the file)."""
    which = prep.spec.uncertain
    net_low, net_high = core.tornado_nets(prep.lin, prep.spec.mapping, prep.spec.arrays, which)
    rows = []
    for j, n in enumerate(which):
        s = prep.spec.sources[n]
        rows.append({"input": s.key, "label": s.label, "low": s.low, "central": s.mode,
                     "high": s.high, "net_low": float(net_low[j]), "net_high": float(net_high[j]),
                     "swing": float(abs(net_high[j] - net_low[j]))})
    return sorted(rows, key=lambda row: -row["swing"])


def switching_prepared(prep: Prepared) -> dict:
    return core.switching_values(prep.lin)


def analyse_result(result: Result, draws: int | None = None, seed: int | None = None) -> dict:
    """{"uncertainty", "tornado", "switching_values"} for an already calculated result."""
    draws, seed = _settings(result.calculation, draws, seed)
    prep = prepare(result)
    return {"uncertainty": simulate_prepared(prep, draws, seed).to_dict(),
            "tornado": tornado_prepared(prep),
            "switching_values": switching_prepared(prep)}


def _prepare(calc: Calculation, kb, overlays, base_dir) -> Prepared:
    return prepare(calculate(calc, kb=kb, overlays=overlays, base_dir=base_dir))


def simulate(calc: Calculation, draws: int | None = None, seed: int | None = None, kb=BUNDLED,
             overlays=(), base_dir=None) -> Simulation:
    """Monte Carlo of `calc` over its uncertainty block (zero-width where it has none).

    `draws`/`seed` default to the block's, else 10,000 draws and seed 0.
    """
    draws, seed = _settings(calc, draws, seed)
    return simulate_prepared(_prepare(calc, kb, overlays, base_dir), draws, seed)


def tornado(calc: Calculation, kb=BUNDLED, overlays=(), base_dir=None) -> list[dict]:
    """Net at each uncertain input's low and high, the others central; largest swing first."""
    return tornado_prepared(_prepare(calc, kb, overlays, base_dir))


def switching_values(calc: Calculation, kb=BUNDLED, overlays=(), base_dir=None) -> dict:
    """The success rate, cost factor and consequence factor at which the total net is 0."""
    return switching_prepared(_prepare(calc, kb, overlays, base_dir))


def analyse_uncertainty(calc: Calculation, draws: int | None = None, seed: int | None = None, kb=BUNDLED,
            overlays=(), base_dir=None) -> dict:
    """Monte Carlo, tornado and switching values together (one build of the calculation)."""
    return analyse_result(calculate(calc, kb=kb, overlays=overlays, base_dir=base_dir), draws, seed)
