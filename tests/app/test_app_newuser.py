"""What a municipal economist tripped over as a new user (AppTest).

Oracles: som.calculate on data the test writes itself (apphelp.expected), the example file read
with PyYAML, and hand arithmetic.
"""

import copy

import pytest
from apphelp import (
    edit_table,
    errors,
    example_data,
    expected,
    field_text,
    find,
    kb,
    metric,
    parse_danish,
    refusals,
    start,
    step,
    type_in,
)

from som import fmt
from som.views import newcalc

EXAMPLE_NET = "9.387.500 kr."
SHARE_HINT = "Skriv procent: 25 for 25 %. Mener du 0,25 %, så skriv '0,25 %'"


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


# --- 1. A share typed in a percent field is never read as a percentage in silence ---------------

def test_a_share_typed_in_a_percent_field_is_refused_with_what_to_type():
    at = start()
    type_in(at, "Succesrate netto (%)", "0,25")
    assert metric(at, "Nettoresultat") == EXAMPLE_NET  # not computed from 0,25 %
    notes = refusals(at)
    assert len(notes) == 1 and SHARE_HINT in notes[0], notes
    assert at.session_state["calc_data"]["intervention"]["success_rate"] == 0.25

    type_in(at, "Succesrate netto (%)", "0,25 %")  # with its sign it is what was meant
    assert not refusals(at)
    assert "= 0,25 %" in captions(at)
    data = example_data()
    data["intervention"]["success_rate"] = 0.0025
    assert metric(at, "Nettoresultat") == fmt.kr(expected(data).totals["net"])


def test_every_percent_field_says_what_it_understood():
    at = start()
    type_in(at, "Succesrate netto (%)", "25")
    assert "= 25 %" in captions(at)  # said back even in its plain form
    type_in(at, "Gennemførelsesandel (%)", "87,5")
    assert "= 87,5 %" in captions(at)
    type_in(at, "Deltagere 2025", "80")
    assert "= 80" not in captions(at)  # other fields: only when the form differs


def test_a_share_typed_in_a_percent_cell_is_refused_and_a_typed_percent_said_back():
    at = start()
    before = copy.deepcopy(at.session_state["calc_data"])
    edit_table(at, "costs", edited_rows={1: {"Kommune %": "0,5", "Stat %": "0,5"}})
    notes = refusals(at)
    assert any("Linje 2, Kommune %" in n and "Skriv procent: 50 for 50 %" in n for n in notes)
    assert at.session_state["calc_data"] == before
    assert metric(at, "Nettoresultat") == EXAMPLE_NET

    edit_table(at, "costs", edited_rows={1: {"Kommune %": "50", "Stat %": "50"}})
    assert not refusals(at) and not errors(at)
    said = " ".join(captions(at))
    assert "Linje 2, Kommune % = 50 %" in said and "Linje 2, Stat % = 50 %" in said
    data = example_data()
    data["costs"][1]["payer"] = {"kommune": 0.5, "stat": 0.5}
    assert metric(at, "Kommunens nettoresultat") == fmt.kr(
        expected(data).by_payer["kommune"]["net"])


def test_a_stored_percentage_below_one_is_shown_with_its_sign_and_kept():
    data = example_data()
    data["settings"]["discount_rate"] = 0.005
    at = start(data=data)
    assert find(at, "text_input", "Diskonteringsrente (%)").value == "0,5 %"
    assert "= 0,5 %" in captions(at)
    assert not refusals(at)


# --- 2. The checklist counts what it keeps, in Danish ----------------------------------------

def page_text(at) -> str:
    return " ".join(e.value for kind in ("caption", "markdown", "warning", "success")
                    for e in getattr(at, kind))


def test_an_empty_checklist_topic_says_nothing_about_more_entries():
    at = start("sider/tjekliste.py")
    text = page_text(at)
    assert "(-1" not in text and "yderligere" not in text and "mere om emnet" not in text
    assert "SØMs tjekliste" in text and "SØM's" not in text


def test_a_second_entry_for_a_topic_is_counted_and_kept():
    data = example_data()
    data["assumptions"] = [{"topic": "deadweight", "text": "Kontrolgruppen"},
                           {"topic": "deadweight", "text": "Registerdata", "source": "DST"},
                           {"topic": "deadweight", "text": "Tredje"}]
    at = start("sider/tjekliste.py", data=data)
    notes = [c.value for c in at.caption if "mere om emnet" in c.value]
    assert notes == [next(c.value for c in at.caption if c.value.startswith("Hvor mange"))]
    assert notes[0].endswith("Beregningen har 2 forudsætninger mere om emnet; de bevares.")
    at.button[0].click().run()  # saved unchanged: the two extra entries are still there
    assert at.session_state["calc_data"]["assumptions"] == data["assumptions"]

def test_switching_the_effect_off_keeps_the_rates_as_the_conversion_showed_them(example):
    """OR 1,5 on 19 % gives 26,027397… % (p1 = 1,5·0,19/(1 − 0,19 + 1,5·0,19) = 0,285/1,095 by
    hand); switched off, the field holds the 26,03 % the conversion showed, not 26,02739726027397."""
    at = start(data=example)
    find(at, "toggle", "Beregn succesraten ud fra en effektstørrelse fra et studie").set_value(
        True).run()
    find(at, "selectbox", "Effektmål").set_value("odds_ratio").run()
    type_in(at, "Effekt (studiets estimat)", "1,5")
    type_in(at, "Succesrate uden indsats (%)", "19")
    shown = " ".join(m.value for m in at.markdown)
    assert fmt.percent(0.285 / 1.095, 2) == "26,03 %" and "26,03 %" in shown
    find(at, "toggle", "Beregn succesraten ud fra en effektstørrelse fra et studie").set_value(
        False).run()
    assert find(at, "text_input", "Succesrate med indsatsen (%)").value == "26,03"
    assert find(at, "text_input", "Succesrate uden indsatsen (%)").value == "19"
    assert "= 26,03 %" in captions(at)
    iv = at.session_state["calc_data"]["intervention"]
    assert (iv["success_rate_intervention"], iv["success_rate_baseline"]) == (0.2603, 0.19)
    assert not errors(at), errors(at)


# --- 3. A download's file is there when the browser asks for it --------------------------------

def test_no_download_button_both_reruns_and_makes_its_file_on_click():
    """A click on a download button with a callable asks the server for the file while the
    click's rerun registers a new callable and drops the old one: 'Deferred file … not found',
    and nothing downloads (the Excel button after YAML and JSON). So a button whose file is made
    on click must not rerun, and the Excel result is made when the page is drawn.
    The real browser test is tests/e2e/test_e2e_app.py::test_three_downloads_in_a_row_all_arrive.
    """
    seen = {}
    for page in ("sider/import_eksport.py", "sider/resultat.py", "sider/sammenlign.py"):
        at = start(page)
        for button in at.get("download_button"):
            proto = button.proto
            deferred = proto.HasField("deferred_file_id")
            seen[proto.label] = deferred
            assert not (deferred and not proto.ignore_rerun), proto.label
    assert seen["Hent som Excel"] is False
    assert seen["Hent notat (Word)"] is True  # made on click, without a rerun


def test_the_payback_year_says_when_consequences_start(example):
    """Beside the payback year: which consequence start it assumes; switching the setting
    changes both the sentence and the year (oracle: som.calculate on data the test writes)."""
    at = start(data=example)
    said = " ".join(captions(at))
    assert "Tilbagebetalingsåret forudsætter, at konsekvenserne af en succes regnes fra samme år, " \
           "som deltageren afslutter forløbet" in said
    assert metric(at, "Tilbagebetalingsår") == fmt.year(expected(example).totals["break_even_year"])
    find(at, "radio", "Konsekvenserne begynder").set_value("year_after").run()
    later = copy.deepcopy(example)
    later["settings"]["consequence_start"] = "year_after"
    assert metric(at, "Tilbagebetalingsår") == fmt.year(expected(later).totals["break_even_year"])
    assert "regnes først fra året efter, at deltageren har afsluttet forløbet" in " ".join(
        captions(at))


# --- 7. The effect mode chosen before any rate is typed is the one shown and stored -------------

MODE, PAIR, NET = "Hvordan vil du angive effekten?", "Succesrate med og uden indsats", \
    "Nettosuccesrate"


def test_rate_pair_chosen_on_a_new_calculation_shows_its_fields_and_sticks():
    """Trial 2: on a new calculation from a target group (no rate yet) the radio showed "med og
    uden" but the net field stayed, so "40" became a 40 % NET rate; a step away reverted it."""
    data = newcalc.from_target_group("Prøve", 2026, kb(), "adhd_18_65")
    at = start("sider/beregning.py", data)
    step(at, "4 Effekt")
    find(at, "radio", MODE).set_value(PAIR).run()
    labels = [w.label for w in at.text_input]
    assert "Succesrate netto (%)" not in labels
    assert {"Succesrate med indsatsen (%)", "Succesrate uden indsatsen (%)"} <= set(labels)

    step(at, "2 Indsats og deltagere")
    step(at, "4 Effekt")
    assert find(at, "radio", MODE).value == PAIR  # the choice sticks across steps
    type_in(at, "Succesrate med indsatsen (%)", "40")
    assert find(at, "radio", MODE).value == PAIR
    type_in(at, "Succesrate uden indsatsen (%)", "15")
    iv = at.session_state["calc_data"]["intervention"]
    assert "success_rate" not in iv
    assert (iv["success_rate_intervention"], iv["success_rate_baseline"]) == (0.4, 0.15)

    find(at, "radio", MODE).set_value(NET).run()  # back: the net rate is with − without
    assert at.session_state["calc_data"]["intervention"]["success_rate"] == 0.25
    assert field_text(at, "Succesrate netto (%)") == "25"


def test_baseline_typed_first_keeps_the_pair_fields():
    at = start("sider/beregning.py", newcalc.blank("Prøve", 2026, kb()))
    step(at, "4 Effekt")
    find(at, "radio", MODE).set_value(PAIR).run()
    type_in(at, "Succesrate uden indsatsen (%)", "15")
    assert find(at, "radio", MODE).value == PAIR
    assert "Succesrate med indsatsen (%)" in [w.label for w in at.text_input]
    assert at.session_state["calc_data"]["intervention"]["success_rate_baseline"] == 0.15


# --- 8. A new calculation is discounted; an undiscounted one does not say "Nutidsværdi" -------

def test_new_calculations_use_finansministeriets_rate_and_show_a_real_present_value():
    for data in (newcalc.blank("Prøve", 2026, kb()),
                 newcalc.from_target_group("Prøve", 2026, kb(), "adhd_18_65")):
        assert data["settings"]["discount_rate"] == "finansministeriet"
    data = newcalc.from_target_group("Prøve", 2026, kb(), "adhd_18_65")
    at = start("sider/beregning.py", data)
    assert find(at, "radio", "Diskontering (kun nutidsværdien)").value == \
        "Finansministeriets rente"
    type_in(at, "Deltagere 2026", "20")
    type_in(at, "Succesrate netto (%)", "30")
    data["intervention"].update(participants=[20], success_rate=0.3)
    result = expected(data)
    # By hand: Finansministeriets 3,5 % in the first 36 years, from the start year.
    hand = sum(r["net"] / 1.035 ** n for n, r in enumerate(result.by_year))
    assert parse_danish(metric(at, "Nutidsværdi")) == pytest.approx(hand, abs=0.5)
    assert hand != pytest.approx(result.totals["net"], abs=1)


def test_an_undiscounted_present_value_says_so():
    at = start()  # the example: discount_rate 0.0 (examples/move.yaml)
    tiles = {m.label: m for m in at.metric}
    assert "Nutidsværdi" not in tiles
    tile = tiles["Nutidsværdi (ikke diskonteret)"]
    assert tile.value == EXAMPLE_NET == metric(at, "Nettoresultat")
    assert "diskonteres ikke" in tile.help

    find(at, "radio", "Diskontering (kun nutidsværdien)").set_value("Finansministeriets rente").run()
    assert "Nutidsværdi (ikke diskonteret)" not in [m.label for m in at.metric]
    assert parse_danish(metric(at, "Nutidsværdi")) < parse_danish(EXAMPLE_NET)
