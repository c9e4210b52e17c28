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
    # v2 §2.8: the region has no flows at all, so it has no break-even year.
    assert bp["region"] == {"costs": 0.0, "saved_costs": 0.0, "gains": 0.0, "net": 0.0,
                            "break_even_year": None}


def test_budget_period(result):
    """Spec v2 §4: 2025–2028 net −300,000 + 775,000 + 1,662,500 + 2,525,000."""
    assert result.budget_period["years"] == [2025, 2028]
    assert result.budget_period["net"] == pytest.approx(4_662_500.0, abs=0.005)
    assert result.budget_period["kommune"] == pytest.approx(627_500.0, abs=0.005)
    assert result.budget_period["region"] == 0.0
    assert result.budget_period["stat"] == pytest.approx(4_035_000.0, abs=0.005)


def test_one_unassigned_budget_area_carries_the_kommune(result):
    """Spec v2 §4: no budget_area anywhere and no settings.budget_areas: one area "Ikke fordelt"
    with the whole kommune, transfer 0."""
    (area,) = result.by_budget_area
    assert area["area"] == "Ikke fordelt"
    assert area["net"] == pytest.approx(2_622_500.0, abs=0.005)
    assert area["transfer"] == pytest.approx(0.0, abs=0.005)
    assert sum(r["net"] for r in area["by_year"]) == pytest.approx(2_622_500.0, abs=0.005)


def test_everything_inside_the_horizon_gives_no_notes(result):
    assert result.notes == []


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
