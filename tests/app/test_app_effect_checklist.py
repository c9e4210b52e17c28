"""Issue 14 in the app: the effect step (effect size -> success rates, studies with their evidence
level), the checklist form, and the memo panel on the result page.

Oracles: the spec example by hand (one success is worth 311,000 kr over the horizon; costs
2,275,000 kr; 150 starters), the hand-calculated conversion (d 0.45 at 30 % -> 47.0346 %), and
som.calculate on data the test builds itself.
"""

import pytest
from apphelp import (
    errors,
    example_data,
    expected,
    find,
    metric,
    parse_danish,
    start,
    step,
    type_in,
    widget,
)

from som import fmt

TOGGLE = "Beregn succesraten ud fra en effektstørrelse fra et studie"


def effect_on(at):
    step(at, "4 Effekt")
    widget(at.toggle, TOGGLE).set_value(True).run()
    return at


def test_effect_size_sets_the_rates_and_the_key_figures():
    at = effect_on(start())
    widget(at.selectbox, "Effektmål").set_value("cohens_d").run()
    type_in(at, "Effekt (studiets estimat)", "0,45")  # typed as a Dane does
    type_in(at, "Succesrate uden indsats (%)", "30")
    assert not errors(at)
    effect = at.session_state["calc_data"]["intervention"]["effect"]
    assert effect == {"measure": "cohens_d", "value": 0.45, "control_rate": 0.3}
    data = example_data()
    data["intervention"].pop("success_rate")
    data["intervention"]["effect"] = effect
    result = expected(data)
    # by hand: p1 = Φ(Φ⁻¹(0.30) + 0.45) = 0.470346; 150 × 0.170346 successes × 311,000 kr
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(
        150 * 0.170346 * 311_000 - 2_275_000, abs=50)
    assert metric(at, "Nettoresultat") == fmt.kr(result.totals["net"])
    shown = " ".join(m.value for m in at.markdown)
    assert "**Succesrate med indsats:** 47,03 %" in shown
    assert "**Nettosuccesrate:** 17,03 procentpoint" in shown


def test_impossible_effect_names_the_field():
    at = effect_on(start())
    widget(at.selectbox, "Effektmål").set_value("odds_ratio").run()
    type_in(at, "Effekt (studiets estimat)", "-1")
    assert any("Indsats, effekt, værdi" in e and "OR (odds ratio) skal være større end 0" in e
               for e in errors(at))
    assert all("intervention.effect" not in e for e in errors(at))


def test_study_one_click_away_with_its_evidence_level():
    data = example_data()
    data["target_group"] = "angst_depression_6_13"
    at = effect_on(start(data=data))
    study = widget(at.selectbox, "Effektstudie bag effekten (vidensbasen)")
    assert study.options[1].endswith("(cool_kids_rct_2016)")  # the target group's study first
    assert "evidensniveau 1" in study.options[1]
    study.set_value("cool_kids_rct_2016").run()
    shown = " ".join(m.value for m in at.markdown)
    assert "**Evidensniveau 1 – metaanalyse eller randomiseret forsøg**" in shown
    [button] = [b for b in at.button if b.label.startswith("Brug studiets succesrate uden")]
    assert "5,7 %" in button.label
    button.click().run()
    effect = at.session_state["calc_data"]["intervention"]["effect"]
    assert effect["control_rate"] == 0.057 and effect["study"] == "cool_kids_rct_2016"
    assert find(at, "text_input", "Succesrate uden indsats (%)").value == "5,7"


def test_leaving_the_effect_keeps_its_rates():
    at = effect_on(start())
    type_in(at, "Effekt (studiets estimat)", "0,45")
    type_in(at, "Succesrate uden indsats (%)", "30")
    widget(at.toggle, TOGGLE).set_value(False).run()
    iv = at.session_state["calc_data"]["intervention"]
    assert "effect" not in iv
    # Φ(Φ⁻¹(0,30) + 0,45) = 0,470346…, kept as the conversion showed it: 47,03 %
    assert iv["success_rate_intervention"] == 0.4703
    assert find(at, "text_input", "Succesrate med indsatsen (%)").value == "47,03"
    assert iv["success_rate_baseline"] == pytest.approx(0.3)
    assert not errors(at)


def test_checklist_form_saves_the_assumptions_and_the_result_page_shows_the_rest():
    at = start("sider/tjekliste.py")
    assert any("7 af tjeklistens 7 emner er ikke udfyldt" in w.value for w in at.warning)
    widget(at.text_area, "Dødvægt: forudsætning").set_value("Kontrolgruppen i forsøget")
    widget(at.text_input, "Dødvægt: kilde").set_value("RCT 2017")
    widget(at.text_area, "Prisniveau: forudsætning").set_value("2025-priser")
    at.button[0].click().run()  # the form's submit button
    assert at.session_state["calc_data"]["assumptions"] == [
        {"topic": "deadweight", "text": "Kontrolgruppen i forsøget", "source": "RCT 2017"},
        {"topic": "price_level", "text": "2025-priser"}]
    assert any("5 af tjeklistens 7 emner er ikke udfyldt: Målgruppe, Succesmål, Omkostninger "
               "og sparede udgifter, Konsekvenser og tidshorisont og Lokale priser." in w.value
               for w in at.warning)
    at.switch_page("sider/resultat.py").run()
    assert any("5 af tjeklistens 7 emner er ikke udfyldt" in w.value for w in at.warning)
    labels = [b.label for b in at.get("download_button")]
    assert "Hent notat (Word)" in labels and "Hent notat (PDF)" in labels
