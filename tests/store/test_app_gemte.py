"""The 'Gemte beregninger' page under streamlit's AppTest, with SOM_DB in tmp_path.

The figures the page shows are compared with the library's own figures and with hand
arithmetic on the spec example (§4). The page uses the app's session convention (app/state.py:
current_calculation, set_calculation, show_errors; the calculation lives in
session_state["calc_data"]).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import SPEC_NET, variant

from som import fmt
from som.store import Library, followup_for, save_calculation

AppTest = pytest.importorskip("streamlit.testing.v1").AppTest
PAGE = Path(__file__).resolve().parents[2] / "app" / "sider" / "gemte.py"
CALC_KEY = "calc_data"


@pytest.fixture(autouse=True)
def _repo_on_path(monkeypatch):
    """The page imports `app.state` as the app's pages do (streamlit_app.py puts ROOT first)."""
    monkeypatch.syspath_prepend(str(PAGE.parents[2]))


@pytest.fixture
def stocked(db_path, monkeypatch, move):
    monkeypatch.setenv("SOM_DB", str(db_path))
    with Library(db_path) as lib:
        save_calculation(lib, move, kb=None, author="Anne", tags=["unge"])
        save_calculation(lib, variant(move, **{"intervention.success_rate": 0.30}),
                         calculation_id=1, kb=None, note="højere")
        save_calculation(lib, variant(move, **{"meta.title": "Bostøtte"}), kb=None)
    return db_path


def _run(data: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    if data is not None:
        at.session_state[CALC_KEY] = data
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cells(at: AppTest) -> list[str]:
    return [str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()]


def test_empty_library(db_path, monkeypatch):
    monkeypatch.setenv("SOM_DB", str(db_path))
    at = _run()
    assert "Biblioteket er tomt endnu." in [i.value for i in at.info]


def test_list_shows_the_stored_figures(stocked):
    at = _run()
    listing = at.dataframe[0].value
    assert list(listing["ID"]) == [1, 2]
    # Calculation 1's latest version: 45 successes × 311,000 − 2,275,000 (spec §4 arithmetic).
    assert listing.loc[0, "Nettoresultat"] == fmt.kr(45 * 311_000 - 2_275_000)
    assert listing.loc[0, "Versioner"] == 2 and listing.loc[0, "Tags"] == "unge"
    assert listing.loc[1, "Nettoresultat"] == fmt.kr(SPEC_NET)


def test_search(stocked):
    at = _run()
    at.text_input(key="gemte_search").input("bostøtte").run()
    assert list(at.dataframe[0].value["ID"]) == [2]
    at.text_input(key="gemte_search").input("findes ikke").run()
    assert "Ingen gemte beregninger fundet." in [i.value for i in at.info]


def test_open_a_version_as_the_current_calculation(stocked):
    at = _run()
    at.selectbox(key="gemte_version").select(1).run()
    at.button(key="gemte_open").click().run()
    assert not at.exception
    with Library(stocked) as lib:
        assert at.session_state[CALC_KEY] == lib.get(1, 1).calculation.to_data()
    assert at.session_state["gemte_opened_id"] == 1


def test_diff_tab_shows_the_change_in_net(stocked):
    at = _run()
    cells = _cells(at)
    assert fmt.kr(7.5 * 311_000) in cells  # 0.25 -> 0.30: 7.5 more successes (spec §4)
    assert "intervention.success_rate" in cells


def test_save_the_current_calculation_as_a_new_version(stocked, move):
    data = variant(move, **{"intervention.participants": [60, 50, 50]}).to_data()
    at = _run(data)
    at.session_state["gemte_opened_id"] = 1
    at.run()
    at.text_input(key="gemte_author").input("Bo")
    at.text_input(key="gemte_tags").input("unge, opfølgning")
    at.button(key="gemte_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Library(stocked) as lib:
        info = lib.info(1)
        assert (info.version, info.author, info.tags) == (3, "Bo", ("unge", "opfølgning"))
        assert lib.get(1).calculation.to_data() == data
        # 10 more starters at r = 0.25: +2.5 successes, +10 gift cards
        assert info.net == pytest.approx(SPEC_NET + 2.5 * 311_000 - 10 * 1500, abs=0.005)


def test_followup_form_table_and_chart(stocked):
    at = _run()
    assert "Ingen realiserede tal registreret endnu." in [i.value for i in at.info]
    at.selectbox(key="gemte_fu_year").select(2025)
    at.text_input(key="gemte_fu_participants").input("40")
    at.text_input(key="gemte_fu_costs").input("900.000")  # Danish, as typed
    at.button(key="gemte_fu_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Library(stocked) as lib:
        [row] = lib.followups(1)
        assert (row.year, row.participants, row.successes, row.costs) == (2025, 40, None, 900_000)
        report = followup_for(lib, 1)
    # v2 (r = 0.30): 10 fewer starters → 3 fewer successes; costs 900,000 instead of 925,000.
    expected = 45 * 311_000 - 2_275_000 - 3 * 311_000 + 25_000
    assert report.realised["totals"]["net"] == pytest.approx(expected, abs=0.005)
    shown = {m.label: m for m in at.metric}
    assert shown["Nettoresultat"].value == fmt.kr(expected)
    assert shown["Nettoresultat"].delta == fmt.kr(-3 * 311_000 + 25_000)
    assert len(at.get("plotly_chart")) == 1


def test_followup_text_that_is_not_a_number_is_refused(stocked):
    at = _run()
    at.text_input(key="gemte_fu_costs").input("900,000.5")
    at.button(key="gemte_fu_save").click().run()
    assert any("Årets omkostninger" in e.value and "tvetydigt" in e.value for e in at.error)
    with Library(stocked) as lib:
        assert lib.followups(1) == []


def test_bad_followup_is_shown_not_raised(stocked):
    at = _run()
    at.text_input(key="gemte_fu_successes").input("99")
    at.button(key="gemte_fu_save").click().run()
    assert not at.exception
    assert any("99 succeser, men kun 50 deltagere" in e.value for e in at.error)
