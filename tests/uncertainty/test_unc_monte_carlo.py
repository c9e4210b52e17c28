"""Monte Carlo (issue 5). Oracles: the deterministic engine (zero-width ranges, per-draw re-runs
of the file with the drawn values), the triangular distribution's own CDF, mean and variance
(hand formulas), and probabilities derived by hand for the spec example."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from unc_helpers import MOVE, MOVE_UNC, calculations, close, load, rerun_draw, run, with_block

import som
from som.core.uncertainty import triangular_inverse

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZERO_WIDTH = {"success_rate": {"low": 0.25, "high": 0.25}, "costs": {"low": 1, "high": 1},
              "consequences": {"low": 1, "high": 1}, "prices": {"low": 1, "high": 1},
              "lines": [{"target": "costs[1]", "low": 1, "high": 1},
                        {"target": "prices.kontanthjaelp_uge", "low": 1, "high": 1}]}


def simulate(data, draws=2000, seed=7):
    return som.simulate(load(data), draws=draws, seed=seed, kb=None)


def tri_mean_var(low, mode, high):
    """Mean and variance of triangular(low, mode, high) (standard formulas)."""
    mean = (low + mode + high) / 3
    var = (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18
    return mean, var


# --- zero width: exactly the deterministic run -------------------------------------------------

def _assert_exactly_central(data):
    central = run(data)
    sim = simulate(data, draws=500)
    u = sim.to_dict()
    t = central.totals
    assert np.all(sim.net_draws == t["net"])
    assert np.all(sim.npv_draws == t["net_present_value"])
    assert u["net"] == {"mean": t["net"], "p5": t["net"], "p50": t["net"], "p95": t["net"]}
    npv = t["net_present_value"]
    assert u["net_present_value"] == {"mean": npv, "p5": npv, "p50": npv, "p95": npv}
    for row, year in zip(u["by_year"], central.by_year, strict=True):
        assert row["p5"] == row["p50"] == row["p95"] == year["cumulative_net"]
    for payer, b in central.by_payer.items():
        assert u["by_payer"][payer]["mean"] == b["net"] == u["by_payer"][payer]["p50"]
    key = "none" if t["break_even_year"] is None else str(t["break_even_year"])
    assert u["payback_year_distribution"][key] == 1.0
    assert u["p_net_positive"] == (1.0 if t["net"] > 0 else 0.0)


def test_zero_width_ranges_reproduce_the_spec_example_exactly():
    data = with_block(MOVE, ZERO_WIDTH)
    _assert_exactly_central(data)
    assert simulate(data).to_dict()["net"]["mean"] == 9_387_500.0


def test_no_block_draws_are_the_central_result():
    _assert_exactly_central(with_block(MOVE, None))


@PROPERTY
@given(calculations(with_uncertainty=False))
def test_zero_width_is_exact_for_any_calculation(data):
    rate = data["intervention"]["success_rate"]
    block = {"success_rate": {"low": rate, "high": rate},
             **{k: {"low": 1.0, "high": 1.0} for k in ("costs", "consequences", "prices")},
             "lines": [{"target": f"consequences.{data['consequences'][0]['item']}",
                        "low": 1.0, "high": 1.0}]}
    _assert_exactly_central(with_block(data, block))


# --- every draw equals a plain calculation with the drawn values ---------------------------------

def _check_draws_against_reruns(data, draws=4):
    sim = som.simulate(load(data), draws=draws, seed=3, kb=None)
    keys = [s.key for s in sim.sources]
    for d in range(draws):
        values = {k: sim.factors[d, n] for n, k in enumerate(keys) if k != "saved_costs"}
        oracle = rerun_draw(data, values)
        t = oracle.totals
        scale = abs(t["gains"]) + t["costs"] + t["saved_costs"]
        assert close(sim.net_draws[d], t["net"], scale)
        assert close(sim.npv_draws[d], t["net_present_value"], scale)
        for y, row in enumerate(oracle.by_year):
            assert close(sim.cumulative_draws[d, y], row["cumulative_net"], scale)
        for p, payer in enumerate(("kommune", "region", "stat")):
            assert close(sim.figures.payer[d, p], oracle.by_payer[payer]["net"], scale)
        if not any(abs(row["cumulative_net"]) < 1e-6 * max(1, scale) + 0.005
                   for row in oracle.by_year):  # payback is a threshold: skip knife-edge cases
            assert sim.payback_years[d] == t["break_even_year"]


def test_each_draw_equals_rerunning_the_example_with_the_drawn_values():
    _check_draws_against_reruns(MOVE_UNC, draws=8)


@PROPERTY
@given(calculations())
def test_each_draw_equals_a_rerun_for_any_calculation(data):
    _check_draws_against_reruns(data)


# --- distributions ---------------------------------------------------------------------------------

def test_triangular_inverse_matches_the_cdf():
    low, mode, high = 0.2, 0.5, 1.4
    x = np.linspace(low, high, 25)
    cdf = np.where(x <= mode, (x - low) ** 2 / ((high - low) * (mode - low)),
                   1 - (high - x) ** 2 / ((high - low) * (high - mode)))
    assert triangular_inverse(cdf, low, mode, high) == pytest.approx(x, abs=1e-12)


def test_triangular_sample_has_the_analytic_mean_and_variance():
    rng = np.random.default_rng(11)
    n = 200_000
    x = triangular_inverse(rng.random(n), 0.5, 1.0, 2.0)
    mean, var = tri_mean_var(0.5, 1.0, 2.0)
    se = math.sqrt(var / n)
    assert abs(x.mean() - mean) < 4 * se
    assert x.var() == pytest.approx(var, rel=0.02)
    assert x.min() >= 0.5 and x.max() <= 2.0


def test_symmetric_ranges_have_the_deterministic_mean_within_sampling_error():
    """Symmetric triangular ranges have mean = central; the inputs are independent, so the mean of
    the product r·u·v is r0·1·1 and the expected net is the deterministic net. Tolerance: 4 standard
    errors of the mean (sd of the draws / sqrt(draws)); a fixed seed makes the test repeatable."""
    block = {"success_rate": {"low": 0.15, "high": 0.35}, "costs": {"low": 0.8, "high": 1.2},
             "consequences": {"low": 0.7, "high": 1.3}, "prices": {"low": 0.9, "high": 1.1},
             "lines": [{"target": "costs[1]", "low": 0.5, "high": 1.5}]}
    draws = 20_000
    sim = simulate(with_block(MOVE, block), draws=draws, seed=2024)
    se = sim.net_draws.std(ddof=1) / math.sqrt(draws)
    assert abs(sim.net_draws.mean() - 9_387_500.0) < 4 * se
    assert abs(sim.to_dict()["net"]["mean"] - 9_387_500.0) < 4 * se


def test_spread_of_a_linear_input_matches_the_hand_variance():
    """Only the cost factor varies: net = G − f·C, so sd(net) = C · sd(f) (hand formula)."""
    sim = simulate(with_block(MOVE, {"costs": {"low": 0.8, "high": 1.5}}), draws=20_000, seed=5)
    _, var = tri_mean_var(0.8, 1.0, 1.5)
    assert sim.net_draws.std() == pytest.approx(2_275_000 * math.sqrt(var), rel=0.03)


def test_probabilities_match_the_hand_derivation():
    """Spec example with r ~ triangular(0, 0.25, 0.5) and nothing else uncertain.

    Net = 46,650,000·r − 2,275,000 > 0 iff r > r* = 0.048767 → P = 1 − r*²/(0.5·0.25).
    Payback in 2025 iff 2025's net 2,500,000·r − 925,000 ≥ 0 (later years then stay positive),
    i.e. r ≥ 0.37 → P = (0.5 − 0.37)²/(0.5·0.25). Tolerance: 4 binomial standard errors."""
    draws = 20_000
    sim = simulate(with_block(MOVE, {"success_rate": {"low": 0.0, "high": 0.5}}), draws, seed=9)
    u = sim.to_dict()
    r_star = 2_275_000 / 46_650_000
    p_pos = 1 - r_star**2 / (0.5 * 0.25)
    p_2025 = (0.5 - 0.37) ** 2 / (0.5 * 0.25)
    for got, want in ((u["p_net_positive"], p_pos), (u["payback_year_distribution"]["2025"], p_2025),
                      (u["payback_year_distribution"]["none"], 1 - p_pos)):
        assert abs(got - want) < 4 * math.sqrt(want * (1 - want) / draws)
    assert sum(u["payback_year_distribution"].values()) == pytest.approx(1.0, abs=1e-12)


@PROPERTY
@given(calculations())
def test_percentiles_are_ordered(data):
    u = simulate(data, draws=300).to_dict()
    for block in (u["net"], u["net_present_value"], *u["by_payer"].values()):
        assert block["p5"] <= block["p50"] <= block["p95"]
    for row in u["by_year"]:
        assert row["p5"] <= row["p50"] <= row["p95"]
    assert 0.0 <= u["p_net_positive"] <= 1.0
    assert sum(u["payback_year_distribution"].values()) == pytest.approx(1.0, abs=1e-9)


# --- reproducibility -------------------------------------------------------------------------------

def test_same_seed_identical_different_seed_different():
    calc = load(MOVE_UNC)
    a = som.simulate(calc, draws=1000, seed=42, kb=None)
    b = som.simulate(calc, draws=1000, seed=42, kb=None)
    c = som.simulate(calc, draws=1000, seed=43, kb=None)
    assert a.to_dict() == b.to_dict()
    assert np.array_equal(a.net_draws, b.net_draws)
    assert a.to_dict()["net"] != c.to_dict()["net"]
    assert not np.array_equal(a.net_draws, c.net_draws)


def test_draws_and_seed_default_to_the_block_then_to_10000_and_0():
    sim = som.simulate(load(MOVE_UNC), kb=None)
    assert (sim.draws, sim.seed) == (MOVE_UNC["uncertainty"]["draws"], MOVE_UNC["uncertainty"]["seed"])
    sim = som.simulate(load(MOVE), kb=None)
    assert (sim.draws, sim.seed) == (10_000, 0)


def test_adding_a_line_range_keeps_the_earlier_draws():
    """Uniforms are taken source by source: a new range at the end of `lines` does not reshuffle
    the draws of the sources before it (useful when comparing variants of one file)."""
    base = {"success_rate": {"low": 0.1, "high": 0.4}, "costs": {"low": 0.9, "high": 1.2}}
    more = dict(base, lines=[{"target": "costs[2]", "low": 0.5, "high": 2.0}])
    a = som.simulate(load(with_block(MOVE, base)), draws=500, seed=1, kb=None)
    b = som.simulate(load(with_block(MOVE, more)), draws=500, seed=1, kb=None)
    assert np.array_equal(a.factors, b.factors[:, : a.factors.shape[1]])


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 10_001])
def test_percentiles_equal_numpys_linear_method(n):
    """Oracle: np.percentile (the core writes it out to keep numpy.ma out of `som run`)."""
    from som.core.uncertainty import percentiles

    values = np.random.default_rng(n).normal(size=(n, 3)) * 1e6
    qs = (0, 5, 37.5, 50, 95, 100)
    assert percentiles(values, qs) == pytest.approx(np.percentile(values, qs, axis=0), rel=1e-14)
    assert percentiles(values[:, 0], qs) == pytest.approx(np.percentile(values[:, 0], qs), rel=1e-14)
