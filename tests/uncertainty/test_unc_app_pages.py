"""The app pages usikkerhed.py and sammenlign.py (issue 5) under streamlit's AppTest. Oracle: the
numbers shown equal som.simulate / som.tornado / som.compare on the same input."""

import copy
import json

import pytest
from streamlit.testing.v1 import AppTest
from unc_helpers import MOVE, MOVE_UNC, ROOT, load, with_block

import som
from som import fmt
from som.compare import comparison_table

PAGES = ROOT / "app" / "sider"


def page(name: str, data: dict | None) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=30)
    if data is not None:
        at.session_state["calc_data"] = copy.deepcopy(data)
    return at.run()


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_uncertainty_page_shows_the_simulation():
    at = page("usikkerhed.py", MOVE_UNC)
    assert not at.exception
    unc = som.simulate(load(MOVE_UNC), draws=10_000, seed=1, kb=None).to_dict()  # the block's
    shown = {m.label: m.value for m in at.metric}
    assert shown["Sandsynlighed for positivt nettoresultat"] == fmt.percent(unc["p_net_positive"])
    assert shown["Nettoresultat, median"] == fmt.kr(unc["net"]["p50"])
    assert shown["5 %-fraktil"] == fmt.kr(unc["net"]["p5"])
    assert shown["95 %-fraktil"] == fmt.kr(unc["net"]["p95"])
    assert len(charts(at)) == 4  # histogram, fan chart, payback, tornado


def test_uncertainty_page_tornado_and_switching_values_equal_the_api():
    at = page("usikkerhed.py", MOVE_UNC)
    rows = som.tornado(load(MOVE_UNC), kb=None)
    table = at.dataframe[0].value
    assert list(table["Input"]) == [r["label"] for r in rows]
    assert list(table["Udsving"]) == [fmt.kr(r["swing"]) for r in rows]
    tornado = charts(at)[3]["data"]
    low = next(t for t in tornado if t["name"] == "Lav værdi")
    assert low["customdata"] == [fmt.kr(r["net_low"]) for r in reversed(rows)]
    text = " ".join(m.value for m in at.markdown)
    assert "Nettoresultatet er 0 ved en succesrate på 4,88 %." in text


def test_uncertainty_page_follows_the_draws_and_seed_inputs():
    at = page("usikkerhed.py", MOVE_UNC)
    at.number_input[0].set_value(500)
    at.number_input[1].set_value(9)
    at.run()
    unc = som.simulate(load(MOVE_UNC), draws=500, seed=9, kb=None).to_dict()
    assert {m.label: m.value for m in at.metric}["Nettoresultat, median"] == fmt.kr(unc["net"]["p50"])


def test_uncertainty_page_without_ranges_says_so():
    at = page("usikkerhed.py", MOVE)
    assert not at.exception
    assert any("ingen usikkerhedsintervaller" in i.value for i in at.info)
    assert not at.metric, "no draw statistics when nothing is drawn"
    # Switching value by hand (spec §4): r = 2,275,000 / (11,662,500 / 0.25) = 4,88 %.
    assert any("4,88 %" in m.value for m in at.markdown)


def test_uncertainty_page_shows_bad_ranges_as_danish_errors():
    at = page("usikkerhed.py", with_block(MOVE, {"lines": [{"target": "costs[9]", "low": 0.5,
                                                             "high": 1.5}]}))
    assert not at.exception
    assert any("uncertainty.lines[0].target: costs[9] findes ikke" in e.value for e in at.error)


def test_uncertainty_page_without_a_calculation():
    at = page("usikkerhed.py", None)
    assert not at.exception
    assert any("ingen beregning" in i.value for i in at.info)


def test_compare_page_equals_som_compare():
    at = page("sammenlign.py", MOVE_UNC)
    assert not at.exception
    assert any("mindst to scenarier" in i.value for i in at.info)
    at.multiselect[0].select("move.yaml").run()
    at.number_input[0].set_value(800).run()
    assert not at.exception
    rows = som.compare([load(MOVE_UNC), som.load_calculation(ROOT / "examples" / "move.yaml")],
                       names=[f"Aktuel: {MOVE_UNC['meta']['title']}", "move.yaml"], draws=800,
                       seed=0, kb=None)
    header, body = comparison_table(rows)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Nøgletal", *header[1:]]
    assert table.values.tolist() == body
    assert rows[0]["p_net_positive"] is not None and rows[1]["p_net_positive"] is None
    bars = charts(at)[0]["data"][0]
    assert bars["y"] == pytest.approx([r["net"] for r in rows])
