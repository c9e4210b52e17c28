"""Follow-up: forecast vs realised. Oracle: hand calculations on the spec example (§4), where
one net success is worth 50,000, 66,000, 71,000, 65,000, 59,000 kr in years 0..4 after success
(311,000 kr in all) and every cost is the kommune's."""

from __future__ import annotations

import pytest
from store_helpers import SPEC_NET, VALUE_PER_SUCCESS, variant

from som.errors import InputError
from som.store import followup_for, save_calculation

PROFILE = (50_000, 66_000, 71_000, 65_000, 59_000)


def _report(lib, calc, rows):
    save_calculation(lib, calc, kb=None)
    for year, values in rows:
        lib.add_followup(1, year, **values)
    return followup_for(lib, 1)


def test_realised_starters_successes_and_costs(lib, move):
    rep = _report(lib, move, [(2025, {"participants": 40, "successes": 8, "costs": 900_000})])
    t = rep.realised["totals"]
    # Cohort 2025: 8 net successes instead of 12.5; 2025 costs 900,000 instead of 925,000.
    assert t["net"] == pytest.approx(SPEC_NET - 4.5 * VALUE_PER_SUCCESS + 25_000, abs=0.005)
    assert t["net"] == pytest.approx(8_013_000, abs=0.005)
    assert t["participants"] == 140 and t["successes"] == pytest.approx(33, abs=1e-9)
    y = {r["year"]: r for r in rep.realised["by_year"]}
    assert y[2025]["net"] == pytest.approx(8 * 50_000 - 900_000, abs=0.005)
    # 2026: 8·66,000 + 12.5·50,000 − 675,000 = 478,000 → cumulative −22,000 (< 0);
    # 2027: 8·71,000 + 12.5·(66,000 + 50,000) − 675,000 = 1,343,000 → pays back in 2027.
    assert y[2026]["cumulative_net"] == pytest.approx(-22_000, abs=0.005)
    assert t["break_even_year"] == 2027
    assert rep.forecast.totals["break_even_year"] == 2026
    assert rep.realised["by_payer"]["kommune"]["costs"] == pytest.approx(2_250_000, abs=0.005)
    assert rep.cohort_rates[:3] == pytest.approx([0.2, 0.25, 0.25])
    assert t["break_even_success_rate"] is None  # cohorts differ: not defined
    row = rep.rows[0]
    assert (row["participants_forecast"], row["participants_realised"]) == (50, 40)
    assert (row["successes_forecast"], row["successes_realised"]) == (12.5, 8)
    assert (row["costs_forecast"], row["costs_realised"], row["costs_basis"]) == (
        925_000, 900_000, 900_000)
    assert row["recorded"] and not rep.rows[1]["recorded"]
    assert rep.forecast.totals["net"] == pytest.approx(SPEC_NET, abs=0.005)


def test_successes_are_gross_when_the_file_states_a_baseline(lib, move):
    calc = variant(move, intervention={"name": "MOVE", "participants": [50, 50, 50],
                                       "success_rate_intervention": 0.35,
                                       "success_rate_baseline": 0.10})
    rep = _report(lib, calc, [(2026, {"participants": 60, "successes": 24})])
    # 24 of 60 succeed (40 %), 10 % would anyway: 18 net successes instead of 12.5;
    # 10 more participants cost 10 · 1,500 kr.
    assert rep.cohort_rates[1] == pytest.approx(0.30)
    assert rep.rows[1]["successes_basis"] == pytest.approx(18)
    expected = SPEC_NET + 5.5 * VALUE_PER_SUCCESS - 10 * 1500
    assert rep.realised["totals"]["net"] == pytest.approx(expected, abs=0.005)
    assert rep.realised["totals"]["net"] == pytest.approx(11_083_000, abs=0.005)


def test_participants_only_keep_the_forecast_rate(lib, move):
    rep = _report(lib, move, [(2026, {"participants": 80})])
    t = rep.realised["totals"]
    # 30 more starters at r = 0.25: 7.5 more successes, 30 more gift cards.
    assert t["net"] == pytest.approx(SPEC_NET + 7.5 * VALUE_PER_SUCCESS - 30 * 1500, abs=0.005)
    # The same rate for every cohort: the break-even success rate is defined (spec §2.9).
    assert t["break_even_success_rate"] == pytest.approx(
        (2_275_000 + 30 * 1500) / (45 * VALUE_PER_SUCCESS / 0.25))
    assert rep.notes == []


def test_realised_costs_follow_the_years_payer_split(lib, move):
    shared = {"name": "Fælles drift", "type": "operating", "payer": {"kommune": 0.5, "stat": 0.5},
              "amounts": [100_000]}
    calc = variant(move, costs=[*move.to_data()["costs"], shared])
    # 2025 forecast: kommune 975,000, stat 50,000. 2030 has no forecast costs: all years' split
    # (kommune 2,325,000 : stat 50,000) applies.
    rep = _report(lib, calc, [(2025, {"costs": 2_050_000}), (2030, {"costs": 10_000})])
    stat = rep.realised["by_payer"]["stat"]
    assert stat["costs"] == pytest.approx(100_000 + 10_000 * 50_000 / 2_375_000, abs=0.005)
    kommune = rep.realised["by_payer"]["kommune"]
    assert kommune["costs"] == pytest.approx(
        2_325_000 - 975_000 + 1_950_000 + 10_000 * 2_325_000 / 2_375_000, abs=0.005)
    assert rep.realised["totals"]["net"] == pytest.approx(
        SPEC_NET - 100_000 - (2_050_000 - 1_025_000) - 10_000, abs=0.005)


def test_realised_costs_without_any_forecast_costs_are_the_kommunes(lib, move):
    rep = _report(lib, variant(move, costs=[]), [(2027, {"costs": 1_000})])
    assert rep.realised["by_payer"]["kommune"]["costs"] == 1_000
    assert rep.realised["by_payer"]["stat"]["costs"] == 0


def test_course_years_shift_the_realised_cohort(lib, move):
    calc = variant(move, **{"intervention.course_years": 1})
    rep = _report(lib, calc, [(2025, {"successes": 5})])
    y = {r["year"]: r for r in rep.realised["by_year"]}
    assert y[2025]["gains"] == 0  # the 2025 starters complete and succeed in 2026
    assert y[2026]["gains"] == pytest.approx(5 * PROFILE[0], abs=0.005)
    assert rep.realised["totals"]["net"] - rep.forecast.totals["net"] == pytest.approx(
        (5 - 12.5) * VALUE_PER_SUCCESS, abs=0.005)


def test_a_later_row_corrects_an_earlier_one(lib, move):
    save_calculation(lib, move, kb=None)
    lib.add_followup(1, 2025, participants=40)
    lib.add_followup(1, 2025, costs=900_000)
    lib.add_followup(1, 2025, participants=45, note="rettet")
    assert len(lib.followups(1)) == 3  # nothing overwritten
    rep = followup_for(lib, 1)
    assert rep.recorded["participants"] == {2025: 45} and rep.recorded["costs"] == {2025: 900_000}


def test_followup_uses_the_version_asked_for(lib, move):
    save_calculation(lib, move, kb=None)
    lib.add_followup(1, 2025, participants=40)
    save_calculation(lib, variant(move, **{"intervention.success_rate": 0.5}), calculation_id=1,
                     kb=None)
    assert lib.followups(1)[0].version == 1
    v1, v2 = followup_for(lib, 1, 1), followup_for(lib, 1)
    assert v1.realised["totals"]["net"] == pytest.approx(
        SPEC_NET - 2.5 * VALUE_PER_SUCCESS + 10 * 1500, abs=0.005)
    assert v2.forecast.totals["net"] == pytest.approx(SPEC_NET + 37.5 * VALUE_PER_SUCCESS, abs=0.005)


@pytest.mark.parametrize(("year", "values", "message"), [
    (2040, {"costs": 1}, "uden for beregningens horisont 2025–2034"),
    (2024, {"costs": 1}, "uden for beregningens horisont"),
    (2025, {}, "angiv mindst én"),
    (2025, {"costs": -5.0}, "må ikke være negativ"),
    (2025, {"participants": float("nan")}, "endeligt tal"),
    (2025, {"successes": 60}, "60 succeser, men kun 50 deltagere"),
    (2030, {"successes": 3}, "succeser, men kun 0 deltagere"),
])
def test_bad_followup_is_refused_and_not_stored(lib, move, year, values, message):
    save_calculation(lib, move, kb=None)
    with pytest.raises(InputError, match=message):
        lib.add_followup(1, year, **values)
    assert lib.followups(1) == []


def test_successes_checked_against_realised_starters(lib, move):
    save_calculation(lib, move, kb=None)
    lib.add_followup(1, 2025, participants=10)
    with pytest.raises(InputError, match="12 succeser, men kun 10 deltagere"):
        lib.add_followup(1, 2025, successes=12)
    lib.add_followup(1, 2028, participants=4)  # a cohort the forecast did not have
    lib.add_followup(1, 2028, successes=1)
    rep = followup_for(lib, 1)
    assert rep.realised["totals"]["net"] == pytest.approx(
        SPEC_NET - 40 * 0.25 * VALUE_PER_SUCCESS + 40 * 1500 + VALUE_PER_SUCCESS - 4 * 1500,
        abs=0.005)


def test_records_outside_a_shorter_later_version_are_reported(lib, move):
    save_calculation(lib, move, kb=None)
    lib.add_followup(1, 2033, costs=5)
    save_calculation(lib, variant(move, **{"settings.horizon_years": 6}), calculation_id=1,
                     kb=None)
    with pytest.raises(InputError, match="opfølgning 2033: året ligger uden for"):
        followup_for(lib, 1)


def test_fewer_successes_than_the_baseline_is_a_negative_effect_not_clipped(lib, move):
    calc = variant(move, intervention={"name": "MOVE", "participants": [50, 50, 50],
                                       "success_rate_intervention": 0.35,
                                       "success_rate_baseline": 0.10})
    rep = _report(lib, calc, [(2025, {"successes": 2})])
    # 2 of 50 (4 %) against a 10 % baseline: 3 net successes fewer than none at all.
    assert rep.cohort_rates[0] == pytest.approx(-0.06)
    assert rep.realised["totals"]["net"] == pytest.approx(
        SPEC_NET + (-3 - 12.5) * VALUE_PER_SUCCESS, abs=0.005)
    assert any("negativ nettoeffekt" in n for n in rep.notes)


def test_baseline_from_an_effect_block_is_subtracted_too(lib, move):
    """Issue 14: an `effect` block resolves to the two rates; the follow-up must use its
    baseline (the control rate), exactly as for the same rates written out."""
    calc = variant(move, intervention={"name": "MOVE", "participants": [50, 50, 50],
                                       "effect": {"measure": "risk_difference", "value": 0.25,
                                                  "control_rate": 0.10}})
    rep = _report(lib, calc, [(2026, {"participants": 60, "successes": 24})])
    assert rep.cohort_rates[1] == pytest.approx(0.30)  # 24/60 − 0.10, as in the test above
    assert rep.realised["totals"]["net"] == pytest.approx(SPEC_NET + 5.5 * VALUE_PER_SUCCESS
                                                          - 10 * 1500, abs=0.005)
