"""Beregning with the knowledge base: default profiles, effect studies, prices from the base.

Skipped while som.kb is not installed. Oracle: som.calculate (with the same knowledge base) on a
Calculation the test builds from plain data, and the knowledge base's own records.
"""

import pytest
from apphelp import edit_table, errors, expected, find, kb, metric, parse_danish, start, step

from som import fmt, views

BASE = kb()
pytestmark = pytest.mark.skipif(BASE is None, reason="needs the knowledge base (som.kb)")


def _group_with(predicate):
    for tg in sorted(BASE.target_groups) if BASE else []:
        if predicate(tg):
            return tg
    pytest.skip("no target group in the knowledge base fits this test")


def _profile_calc(tg: str) -> dict:
    """A calculation that names a KB target group and brings no consequences or prices."""
    return {
        "som_version": 1,
        "meta": {"title": f"Profil {tg}"},
        "settings": {"start_year": 2025, "horizon_years": 10, "price_year": 2025},
        "target_group": tg,
        "intervention": {"name": "Indsats", "participants": [40, 40], "success_rate": 0.2},
        "costs": [{"name": "Drift", "type": "operating", "payer": "kommune",
                   "amounts": [500_000, 500_000]}],
    }


def _shows(at, data):
    result = expected(data)
    assert not errors(at)
    assert metric(at, "Nettoresultat") == fmt.kr(result.totals["net"])
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(result.totals["net"], abs=0.5)
    return result


def test_default_profile_of_the_target_group_is_used_and_shown():
    tg = _group_with(lambda g: g in BASE.profiles)
    data = _profile_calc(tg)
    at = start(data=data)
    result = _shows(at, data)
    assert result.provenance["consequence_source"] == f"target_group:{tg}"
    step(at, "5 Konsekvenser")
    assert any(BASE.profiles[tg].id in i.value for i in at.info)
    table = at.data_editor[[d.key.split("__")[0] for d in at.data_editor].index("consequences")].value
    assert len(table) == len(BASE.profiles[tg].consequences)


def test_editing_the_default_profile_makes_it_the_calculations_own():
    tg = _group_with(lambda g: g in BASE.profiles)
    data = _profile_calc(tg)
    at = start(data=data)
    first = BASE.profiles[tg].consequences[0]
    edit_table(at, "consequences", edited_rows={0: {"År 0": fmt.exact(first.delta_per_success[0] * 2)}})
    own = [{"item": c.item, "delta_per_success": list(c.delta_per_success)}
           for c in BASE.profiles[tg].consequences]
    own[0]["delta_per_success"][0] *= 2
    data["consequences"] = own
    _shows(at, data)
    assert at.session_state["calc_data"]["consequences"] == own


def test_choosing_another_target_group_switches_the_profile():
    groups = [g for g in sorted(BASE.profiles)]
    if len(groups) < 2:
        pytest.skip("needs two profiles")
    data = _profile_calc(groups[0])
    at = start(data=data)
    find(at, "selectbox", "Vælg målgruppe").set_value(groups[1]).run()
    at.button(key="tg_adopt").click().run()  # the app asks: adopt the new group's profile
    data["target_group"] = groups[1]
    _shows(at, data)


def test_effect_study_rates_can_be_used():
    def has_pair(tg):
        return any(s.target_group == tg and s.success_rate_intervention is not None
                   and s.success_rate_baseline is not None
                   and s.success_rate_baseline <= s.success_rate_intervention
                   for s in BASE.effect_studies.values()) and tg in BASE.profiles

    tg = _group_with(has_pair)
    study = next(r for r in views.effect_rows(BASE, tg)
                 if r["Succesrate med indsats"] is not None and r["Succesrate uden indsats"] is not None)
    data = _profile_calc(tg)
    at = start(data=data)
    step(at, "4 Effekt")
    button = [b for b in at.button if b.label.startswith("Brug studiets succesrater")][0]
    button.click().run()
    del data["intervention"]["success_rate"]
    data["intervention"].update(success_rate_intervention=study["Succesrate med indsats"],
                                success_rate_baseline=study["Succesrate uden indsats"])
    _shows(at, data)
    assert find(at, "radio", "Hvordan vil du angive effekten?").value == "Succesrate med og uden indsats"


def test_local_price_overrides_the_knowledge_base_and_can_be_undone():
    tg = _group_with(lambda g: g in BASE.profiles)
    data = _profile_calc(tg)
    at = start(data=data)
    item = BASE.profiles[tg].consequences[0].item
    rec = BASE.prices[item]
    edit_table(at, "prices", edited_rows={0: {"Kommune": fmt.exact(rec.kommune + 100.0)}})
    data["prices"] = {item: {"name": rec.name, "unit": rec.unit, "kind": rec.kind,
                             "price_year": rec.price_year, "kommune": rec.kommune + 100.0,
                             "region": rec.region, "stat": rec.stat}}
    _shows(at, data)
    [b for b in at.button if b.label.startswith("Brug vidensbasens priser")][0].click().run()
    del data["prices"]
    _shows(at, data)
