"""Spec v2 in the app (AppTest): consequences during the course, the budget period, committees
(udvalg) with the gain-sharing proposal, and the result's notes.

Oracles: hand arithmetic on the spec's worked example (kontanthjælp 3,000 kr. a week: 1,200
kommune, 1,800 stat), som.calculate on a calculation the test writes itself, and the spec v2
example examples/cti_udvalg.yaml read with PyYAML.
"""

from pathlib import Path

import pytest
import yaml
from apphelp import (
    ROOT,
    edit_table,
    errors,
    example_data,
    expected,
    find,
    metric,
    parse_danish,
    start,
    type_in,
)

from som import fmt

CTI = yaml.safe_load((Path(ROOT) / "examples" / "cti_udvalg.yaml").read_text(encoding="utf-8"))


def test_consequences_during_the_course_are_editable(example):
    """MOVE with 4 fewer weeks of kontanthjælp for every starter in the year of starting."""
    at = start()
    edit_table(at, "during_course", added_rows=[{"Post": "Kontanthjælp, uge (kontanthjaelp_uge)",
                                                 "År 0": "-4"}])
    assert not errors(at), errors(at)
    # By hand: 150 starters × 4 weeks × 3,000 kr. = 1,800,000 kr. more gains (720,000 kommune).
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(9_387_500 + 1_800_000)
    assert parse_danish(metric(at, "Kommunens nettoresultat")) == pytest.approx(
        2_622_500 + 150 * 4 * 1_200)
    saved = at.session_state["calc_data"]["consequences"]
    assert saved[0] == {"item": "kontanthjaelp_uge", "delta_per_success": [-10, -12, -12, -10, -8],
                        "during_course": [-4.0]}
    example["consequences"][0]["during_course"] = [-4]
    assert metric(at, "Nettoresultat") == fmt.kr(expected(example).totals["net"])


def test_a_during_course_only_item_and_removing_it_again(example):
    at = start()
    row = {"Post": "Kontanthjælp, uge (kontanthjaelp_uge)", "År 0": "-1", "År 1": "-1"}
    edit_table(at, "during_course", added_rows=[row, {**row, "Post": "Skat af indkomst, uge i "
                                                             "beskæftigelse (skat_beskaeftiget_uge)",
                                                      "År 0": "2", "År 1": None}])
    assert not errors(at), errors(at)
    example["consequences"][0]["during_course"] = [-1, -1]
    example["consequences"][1]["during_course"] = [2]
    assert metric(at, "Nettoresultat") == fmt.kr(expected(example).totals["net"])
    edit_table(at, "during_course")  # the rows taken back out: the original figures
    assert metric(at, "Nettoresultat") == "9.387.500 kr."


def test_budget_period_headline_and_field():
    at = start()
    # Spec §4: 2025–2028 net 4,662,500 kr., kommune 627,500 kr.
    assert metric(at, "Netto i budgetperioden 2025–2028") == "4.662.500 kr."
    assert metric(at, "Kommunens netto i budgetperioden") == "627.500 kr."
    type_in(at, "Budgetperiode (år)", "2")
    # 2025–2026: −300,000 + 775,000 (spec §4 by hand).
    assert metric(at, "Netto i budgetperioden 2025–2026") == "475.000 kr."
    type_in(at, "Budgetperiode (år)", "")  # blank: back to the default of 4 years
    assert metric(at, "Netto i budgetperioden 2025–2028") == "4.662.500 kr."
    assert "budget_period_years" not in at.session_state["calc_data"]["settings"]


def test_budget_period_longer_than_the_horizon_names_the_field():
    at = start()
    type_in(at, "Budgetperiode (år)", "12")
    shown = " ".join(errors(at))
    assert "Indstillinger" in shown and "budget_period_years" not in shown


def test_committee_table_and_transfer_equal_the_engine():
    at = start("sider/resultat.py", data=CTI)
    result = expected(CTI)
    table = next(d.value for d in at.dataframe if "Forslag: overførsel" in d.value.columns)
    assert list(table["Udvalg"]) == [a["area"] for a in result.by_budget_area]
    for (_, row), area in zip(table.iterrows(), result.by_budget_area, strict=True):
        assert parse_danish(row["Netto i alt"]) == pytest.approx(area["net"], abs=0.5)
        assert parse_danish(row["Forslag: overførsel"]) == pytest.approx(area["transfer"], abs=0.5)
        for year in area["by_year"]:
            assert parse_danish(row[str(year["year"])]) == pytest.approx(year["net"], abs=0.5)
    # Σ net of the committees = the kommune's net; the transfers sum to 0 (spec v2 §2.12).
    assert sum(a["net"] for a in result.by_budget_area) == pytest.approx(
        result.by_payer["kommune"]["net"])
    assert sum(a["transfer"] for a in result.by_budget_area) == pytest.approx(0, abs=1e-6)
    assert not any("Udgiften ligger hos" in w.value for w in at.warning)  # both committees gain
    notes = " ".join(i.value for i in at.info)
    assert all(note in notes for note in result.notes) and result.notes


def test_committee_of_a_cost_line_and_of_a_consequence_area_are_editable():
    data = example_data()
    at = start(data=data)
    edit_table(at, "costs", edited_rows={1: {"Udvalg": "Socialudvalget"}})
    find(at, "text_input", "Beregningens titel")  # opens step 7
    edit_table(at, "budget_areas", edited_rows={0: {"Udvalg": "Beskæftigelsesudvalget"}})
    saved = at.session_state["calc_data"]
    assert saved["costs"][1]["budget_area"] == "Socialudvalget"
    area = next(iter(saved["settings"]["budget_areas"]))
    assert saved["settings"]["budget_areas"] == {area: "Beskæftigelsesudvalget"}
    result = expected(saved)
    names = [a["area"] for a in result.by_budget_area]
    assert "Socialudvalget" in names and "Beskæftigelsesudvalget" in names
    social = next(a for a in result.by_budget_area if a["area"] == "Socialudvalget")
    assert social["costs"] == pytest.approx(1_800_000)  # the three years of Behandlere
    assert social["net"] == pytest.approx(-1_800_000)
    at.switch_page("sider/resultat.py").run()
    sentence = next(w.value for w in at.warning if "Udgiften ligger hos" in w.value)
    assert "Socialudvalget (-1.800.000 kr.)" in sentence and "Beskæftigelsesudvalget" in sentence


def test_notes_say_what_the_horizon_leaves_out():
    data = example_data()
    data["settings"]["horizon_years"] = 3
    at = start("sider/resultat.py", data=data)
    result = expected(data)
    assert result.notes
    shown = " ".join(i.value for i in at.info)
    assert all(note in shown for note in result.notes)
