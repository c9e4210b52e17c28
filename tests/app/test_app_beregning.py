"""Beregning page golden paths: widget changes -> shown key figures = som.calculate on the same input.

Oracles: hand calculations from the spec's worked example (calculation.md §4: one success is worth
311,000 kr, 37.5 successes, costs 2,275,000 kr, net 9,387,500 kr) and som.calculate on a
Calculation the test builds itself from the example's plain data.
"""

import pytest
from apphelp import (
    edit_table,
    errors,
    expected,
    field_text,
    find,
    metric,
    npv_label,
    parse_danish,
    start,
    step,
    type_in,
)

from som import fmt


def assert_shows(at, result, hand_net=None):
    """The four headline metrics equal the expected result (text and parsed value)."""
    t = result.totals
    assert metric(at, "Nettoresultat") == fmt.kr(t["net"])
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(t["net"], abs=0.5)
    assert parse_danish(metric(at, npv_label(result))) == pytest.approx(t["net_present_value"],
                                                                         abs=0.5)
    assert metric(at, "Tilbagebetalingsår") == fmt.year(t["break_even_year"])
    assert parse_danish(metric(at, "Afkast pr. krone")) == pytest.approx(t["benefit_cost_ratio"], abs=0.005)
    if hand_net is not None:
        assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(hand_net, abs=0.5)


def test_first_screen_answers_with_the_example():
    at = start()
    assert not errors(at)
    assert metric(at, "Nettoresultat") == "9.387.500 kr."  # spec §4
    assert metric(at, "Tilbagebetalingsår") == "2026"
    assert metric(at, "Afkast pr. krone") == "5,13 kr."  # 11,662,500 / 2,275,000


def test_more_participants_in_first_year(example):
    at = start()
    type_in(at, "Deltagere 2025", "80")
    example["intervention"]["participants"] = [80, 50, 50]
    # 30 more starters: 7.5 more successes × 311,000 kr, 30 × 1,500 kr more gift cards.
    assert_shows(at, expected(example), hand_net=9_387_500 + 7.5 * 311_000 - 30 * 1_500)


def test_net_success_rate(example):
    at = start()
    type_in(at, "Succesrate netto (%)", "30")
    example["intervention"]["success_rate"] = 0.30
    assert_shows(at, expected(example), hand_net=11_662_500 * 0.30 / 0.25 - 2_275_000)


def test_success_rates_with_and_without(example):
    at = start()
    find(at, "radio", "Hvordan vil du angive effekten?").set_value("Succesrate med og uden indsats").run()
    type_in(at, "Succesrate med indsatsen (%)", "40")
    type_in(at, "Succesrate uden indsatsen (%)", "10")
    del example["intervention"]["success_rate"]
    example["intervention"].update(success_rate_intervention=0.40, success_rate_baseline=0.10)
    assert_shows(at, expected(example), hand_net=11_662_500 * 0.30 / 0.25 - 2_275_000)


def test_completion_rate_and_course_length(example):
    at = start()
    type_in(at, "Gennemførelsesandel (%)", "80")
    type_in(at, "Forløbets længde (hele år fra start til afslutning)", "1")
    example["intervention"].update(completion_rate=0.8, course_years=1)
    result = expected(example)
    # Successes move one year later (0.8 × 12.5 = 10 per cohort); all profiles still end by 2032.
    assert result.totals["successes"] == pytest.approx(30.0)
    assert_shows(at, result, hand_net=30 * 311_000 - 2_275_000)


def test_operating_cost_edited_in_table(example):
    at = start()
    edit_table(at, "costs", edited_rows={1: {"2026": "700.000"}})
    assert not errors(at)
    example["costs"][1]["amounts"] = [600_000, 700_000, 600_000]
    assert_shows(at, expected(example), hand_net=9_387_500 - 100_000)


def test_cost_line_added_with_shared_payers(example):
    at = start()
    row = {"Navn": "Supervision", "Type": "Drift", "Kommune %": "50", "Region %": "0",
           "Stat %": "50 %", "2025": "100.000", "2026": "100000"}
    edit_table(at, "costs", added_rows=[row])
    assert not errors(at)
    example["costs"].append({"name": "Supervision", "type": "operating",
                             "payer": {"kommune": 0.5, "stat": 0.5}, "amounts": [100_000, 100_000]})
    result = expected(example)
    assert result.by_payer["stat"]["costs"] == pytest.approx(100_000)
    assert_shows(at, result, hand_net=9_387_500 - 200_000)


def test_saved_costs_added(example):
    at = start()
    row = {"Navn": "Anbringelse undgået", "Type": "Pr. deltager", "Kommune %": "100",
           "Region %": None, "Stat %": None, "Pr. deltager (kr.)": "2.000"}
    edit_table(at, "saved_costs", added_rows=[row])
    assert not errors(at)
    example["saved_costs"] = [{"name": "Anbringelse undgået", "type": "per_participant",
                               "payer": "kommune", "amount": 2_000}]
    assert_shows(at, expected(example), hand_net=9_387_500 + 150 * 2_000)


def test_consequence_edited(example):
    at = start()
    edit_table(at, "consequences", edited_rows={0: {"År 0": "-20"}})
    assert not errors(at)
    example["consequences"][0]["delta_per_success"][0] = -20
    # 10 more weeks of kontanthjælp saved per success in its first year, at 3,000 kr a week.
    assert_shows(at, expected(example), hand_net=9_387_500 + 37.5 * 10 * 3_000)


def test_local_price_edited(example):
    at = start()
    edit_table(at, "prices", edited_rows={0: {"Kommune": "1.300"}})
    assert not errors(at)
    example["prices"]["kontanthjaelp_uge"]["kommune"] = 1_300
    # 52 weeks saved per success (10+12+12+10+8), 100 kr more each for the kommune.
    result = expected(example)
    assert result.by_payer["kommune"]["gains"] == pytest.approx(4_897_500 + 37.5 * 52 * 100)
    assert_shows(at, result, hand_net=9_387_500 + 37.5 * 52 * 100)


def test_shorter_horizon_cuts_consequences(example):
    at = start()
    type_in(at, "Tidshorisont (år)", "6")
    assert not errors(at)
    example["settings"]["horizon_years"] = 6
    # 2025–2030: cohorts 2025 and 2026 get all five years (311,000 kr), cohort 2027 only four
    # (50+66+71+65 thousand kr); the 2031 year of its profile falls past the horizon.
    hand = 12.5 * (311_000 + 311_000 + 252_000) - 2_275_000
    assert_shows(at, expected(example), hand_net=hand)


def test_horizon_shorter_than_a_profile_is_cut_not_refused(example):
    """Spec v2 §1/§2.5: a 5-year profile in a 3-year horizon is cut at the horizon."""
    at = start()
    type_in(at, "Tidshorisont (år)", "3")
    assert not errors(at)
    example["settings"]["horizon_years"] = 3
    # By hand: cohort 2025 gets years 0-2 (50+66+71 thousand kr), 2026 years 0-1, 2027 year 0;
    # costs 250,000 + 3 × 600,000 + 150 × 1,500.
    hand = 12.5 * (187_000 + 116_000 + 50_000) - 2_275_000
    assert_shows(at, expected(example), hand_net=hand)


def test_fixed_discount_rate(example):
    at = start()
    find(at, "radio", "Diskontering (kun nutidsværdien)").set_value("Fast rente").run()
    type_in(at, "Diskonteringsrente (%)", "4")
    example["settings"]["discount_rate"] = 0.04
    result = expected(example)
    hand_npv = sum(r["net"] / 1.04 ** n for n, r in enumerate(result.by_year))
    assert parse_danish(metric(at, "Nutidsværdi")) == pytest.approx(hand_npv, abs=0.5)
    assert_shows(at, result, hand_net=9_387_500)


def test_bad_payer_shares_name_the_field():
    at = start()
    edit_table(at, "costs", edited_rows={0: {"Region %": "20"}})
    shown = " ".join(errors(at))
    assert "Omkostninger, linje 1, betaler: andelene skal summere til 100 %, men summerer til " \
        "120 %" in shown
    assert "costs[0]" not in shown  # no internal key paths in front of a user
    assert not at.exception
    assert not [m for m in at.metric if m.label == "Nettoresultat"]


def test_participant_years_beyond_horizon_name_the_field():
    at = start()
    type_in(at, "Antal år med optag", "12")
    shown = " ".join(errors(at))
    assert "deltagere pr. år" in shown and "horisonten er 10 år" in shown
    assert not at.exception


def test_blank_consequence_row_is_reported_not_dropped():
    at = start()
    edit_table(at, "consequences", added_rows=[{"År 0": "5"}])
    shown = " ".join(errors(at))
    assert "Konsekvenser, linje 3, post" in shown
    assert not at.exception


def test_edits_survive_a_visit_to_another_page(example):
    at = start()
    edit_table(at, "costs", edited_rows={1: {"2026": "700.000"}})
    at.switch_page("sider/resultat.py").run()
    at.switch_page("sider/beregning.py").run()
    step(at, "3 Omkostninger")
    costs = next(d for d in at.data_editor if d.key.startswith("costs__")).value
    assert costs.loc[1, "2026"] == "700.000"  # the table shows the earlier edit
    edit_table(at, "costs", edited_rows={1: {"2027": "500.000"}})  # and a second edit keeps it
    example["costs"][1]["amounts"] = [600_000, 700_000, 500_000]
    assert_shows(at, expected(example), hand_net=9_387_500 - 100_000 + 100_000)


def test_a_changed_number_is_still_shown_after_another_page(example):
    at = start()
    type_in(at, "Deltagere 2025", "80")
    at.switch_page("sider/vidensdatabase.py").run()
    at.switch_page("sider/beregning.py").run()
    assert field_text(at, "Deltagere 2025") == "80"
    example["intervention"]["participants"] = [80, 50, 50]
    assert_shows(at, expected(example))
