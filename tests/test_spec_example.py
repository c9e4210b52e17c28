"""The spec's worked example (calculation.md §4). Oracle: spec (hand-checked figures there)."""

import pytest

import som

EXPECTED_TOTALS = {
    "costs": 2_275_000.0,
    "saved_costs": 0.0,
    "gains": 11_662_500.0,
    "net": 9_387_500.0,
    "net_present_value": 9_387_500.0,  # discount_rate 0
    "participants": 150.0,
    "successes": 37.5,
    "net_per_participant": 9_387_500.0 / 150,
    "net_per_success": 9_387_500.0 / 37.5,
    "benefit_cost_ratio": 11_662_500.0 / 2_275_000.0,
    "break_even_year": 2026,
    "break_even_success_rate": 2_275_000.0 / (11_662_500.0 / 0.25),
}


@pytest.fixture
def result(spec_example_path):
    return som.calculate(som.load_calculation(spec_example_path), kb=None)


@pytest.mark.parametrize("key", sorted(EXPECTED_TOTALS))
def test_totals_to_the_ore(result, key):
    assert result.totals[key] == pytest.approx(EXPECTED_TOTALS[key], abs=0.005)


def test_by_payer(result):
    bp = result.by_payer
    assert bp["kommune"]["gains"] == pytest.approx(37.5 * (52 * 1200 + 62 * 1100), abs=0.005)
    assert bp["kommune"]["net"] == pytest.approx(2_622_500.0, abs=0.005)
    assert bp["kommune"]["break_even_year"] == 2028
    assert bp["stat"]["gains"] == pytest.approx(6_765_000.0, abs=0.005)
    assert bp["stat"]["net"] == pytest.approx(6_765_000.0, abs=0.005)
    assert bp["region"] == {"costs": 0.0, "saved_costs": 0.0, "gains": 0.0, "net": 0.0,
                            "break_even_year": 2025}


def test_first_two_years(result):
    y0, y1 = result.by_year[0], result.by_year[1]
    assert (y0["year"], y0["gains"], y0["costs"], y0["net"]) == (2025, 625_000, 925_000, -300_000)
    assert y1["cumulative_net"] == pytest.approx(-300_000 + (1_450_000 - 675_000), abs=0.005)


def test_one_success_profile_is_worth_311000(result):
    # 12.5 successes per cohort; the 2025 cohort alone gives 50,000 in 2025 (spec §4).
    assert result.by_year[0]["gains"] == pytest.approx(12.5 * 50_000, abs=0.005)
    assert sum(r["gains"] for r in result.by_year) == pytest.approx(37.5 * 311_000, abs=0.005)


def test_selftest_command():
    from som.cli import main

    assert main(["selftest"]) == 0
