"""Properties of the arithmetic that must hold for every valid calculation (hypothesis).

Oracles are the identities of spec §2 themselves: net = gains + saved − costs, payers sum to
totals, linearity in the success rate and in participants, and the break-even success rate.
"""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import simple_calculation_files

import som
from som.bounds import tiny
from som.io.files import calculation_from_data

PAYERS = ("kommune", "region", "stat")


def calculations():
    return simple_calculation_files(max_horizon=15, max_costs=4, max_saved=1)


def run(data):
    return som.calculate(calculation_from_data(data), kb=None)


def close(a, b, scale=1.0):
    return a == pytest.approx(b, rel=1e-9, abs=1e-6 * max(1.0, scale))


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(calculations())
def test_net_is_gains_plus_saved_minus_costs(data):
    t = run(data).totals
    assert close(t["net"], t["gains"] + t["saved_costs"] - t["costs"], abs(t["gains"]) + t["costs"])


@PROPERTY_SETTINGS
@given(calculations())
def test_payers_and_years_sum_to_totals(data):
    r = run(data)
    scale = abs(r.totals["gains"]) + r.totals["costs"]
    for key in ("costs", "saved_costs", "gains", "net"):
        assert close(sum(r.by_payer[p][key] for p in PAYERS), r.totals[key], scale)
        assert close(sum(row[key] for row in r.by_year), r.totals[key], scale)
    for row in r.by_year:
        assert close(sum(row[p] for p in PAYERS), row["net"], scale)
    assert close(r.by_year[-1]["cumulative_net"], r.totals["net"], scale)


@PROPERTY_SETTINGS
@given(calculations(), st.floats(0.01, 1))
def test_gains_linear_in_success_rate(data, new_rate):
    base = run(data).totals["gains"]
    changed = copy.deepcopy(data)
    old_rate = data["intervention"]["success_rate"]
    changed["intervention"]["success_rate"] = new_rate
    assert close(run(changed).totals["gains"], base * new_rate / old_rate, abs(base) / old_rate)


@PROPERTY_SETTINGS
@given(calculations())
def test_doubling_participants_doubles_gains_and_per_participant_costs(data):
    base = run(data)
    doubled = copy.deepcopy(data)
    doubled["intervention"]["participants"] = [2 * n for n in data["intervention"]["participants"]]
    for line in doubled["costs"] + doubled["saved_costs"]:  # keep only per-participant lines
        if line["type"] != "per_participant":
            line["amounts"] = [0.0]
    fixed_only = copy.deepcopy(doubled)
    fixed_only["intervention"]["participants"] = data["intervention"]["participants"]
    half, double = run(fixed_only).totals, run(doubled).totals
    assert close(double["gains"], 2 * base.totals["gains"], abs(base.totals["gains"]))
    assert close(double["costs"], 2 * half["costs"], half["costs"])


@PROPERTY_SETTINGS
@given(calculations())
def test_zero_success_rate_gives_no_gains(data):
    data["intervention"]["success_rate"] = 0.0
    r = run(data)
    assert r.totals["gains"] == 0.0
    assert r.totals["break_even_success_rate"] is None


@PROPERTY_SETTINGS
@given(calculations())
def test_break_even_success_rate_zeroes_the_net(data):
    r = run(data).totals
    rate = r["break_even_success_rate"]
    if rate is None or not 0 <= rate <= 1 or tiny(rate):
        return  # only a rate the schema accepts can be re-run (som.bounds: 0 or >= MIN_NONZERO)
    changed = copy.deepcopy(data)
    changed["intervention"]["success_rate"] = rate
    assert close(run(changed).totals["net"], 0.0, r["costs"] + abs(r["gains"]))


@PROPERTY_SETTINGS
@given(calculations())
def test_break_even_year_definition(data):
    """The break-even year is the first year from which cumulative net stays >= 0 (§2.8)."""
    r = run(data)
    cumulative = [row["cumulative_net"] for row in r.by_year]
    year = r.totals["break_even_year"]
    tol = 0.005
    if year is None:
        assert cumulative[-1] < -tol or any(c < -tol for c in cumulative)
    else:
        start = year - 2025
        assert all(c >= -tol for c in cumulative[start:])
        assert start == 0 or cumulative[start - 1] < -tol
