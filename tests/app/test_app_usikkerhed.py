"""Usikkerhed and Sammenlign without files (issue 10, item 7), under AppTest.

Oracles: som.simulate / som.tornado / som.compare / som.calculate on a calculation the test writes
itself (the ranges it typed, as factors and rates), hand arithmetic on the spec's worked example
(the switching value 2,275,000 / (11,662,500 / 0.25) = 4,88 %), and the library's own records.
"""

import copy
import json

import yaml
from apphelp import ROOT, errors, example_data, expected, find, kb, start, type_in, widget

import som
from som import fmt
from som.io.files import calculation_from_data

MOVE_UNC = yaml.safe_load((ROOT / "examples" / "move_usikkerhed.yaml").read_text(encoding="utf-8"))
PAGE = "sider/usikkerhed.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_ranges_typed_in_danish_give_the_simulation():
    at = start(PAGE)
    assert any("4,88 %" in m.value for m in at.markdown)  # switching value, spec §4 by hand
    assert not at.metric, "no draw statistics before any range"
    widget(at.toggle, "Regn med usikkerhed (intervaller)").set_value(True).run()
    type_in(at, "Succesrate (netto): lav (%)", "15")
    type_in(at, "Succesrate (netto): høj (%)", "35 %")
    type_in(at, "Omkostninger: lav (ændring i %)", "-10")
    type_in(at, "Omkostninger: høj (ændring i %)", "+30")
    type_in(at, "Antal trækninger", "2.000")
    type_in(at, "Frø (samme frø giver samme tal)", "7")
    assert not errors(at), errors(at)
    block = at.session_state["calc_data"]["uncertainty"]
    assert block == {"success_rate": {"low": 0.15, "high": 0.35}, "costs": {"low": 0.9, "high": 1.3},
                     "draws": 2000, "seed": 7}
    data = example_data()
    data["uncertainty"] = {"success_rate": {"low": 0.15, "high": 0.35},
                           "costs": {"low": 0.9, "high": 1.3}}
    unc = som.simulate(calculation_from_data(data), draws=2000, seed=7, kb=None).to_dict()
    shown = metrics(at)
    assert shown["Sandsynlighed for positivt nettoresultat"] == fmt.percent(unc["p_net_positive"])
    assert shown["Nettoresultat, median"] == fmt.kr(unc["net"]["p50"])
    assert shown["5 %-fraktil"] == fmt.kr(unc["net"]["p5"])
    assert shown["95 %-fraktil"] == fmt.kr(unc["net"]["p95"])
    assert len(charts(at)) == 4  # histogram, fan chart, payback, tornado
    rows = som.tornado(calculation_from_data(data), kb=None)
    table = at.dataframe[-1].value
    assert list(table["Udsving"]) == [fmt.kr(r["swing"]) for r in rows]


def test_a_range_for_one_line_and_the_block_from_a_file():
    at = start(PAGE, data=MOVE_UNC)
    unc = som.simulate(calculation_from_data(MOVE_UNC), draws=10_000, seed=1, kb=None).to_dict()
    assert metrics(at)["Nettoresultat, median"] == fmt.kr(unc["net"]["p50"])
    # the file's line ranges are shown as changes in percent: costs[1] 0.9–1.5 = −10 % to +50 %
    lines = next(d.value for d in at.data_editor if d.key.startswith("unc_lines__"))
    assert list(lines.iloc[0]) == ["Omkostning: Behandlere", "-10", "50"]


def test_bad_ranges_are_named_in_danish():
    at = start(PAGE)
    widget(at.toggle, "Regn med usikkerhed (intervaller)").set_value(True).run()
    type_in(at, "Omkostninger: lav (ændring i %)", "10")
    type_in(at, "Omkostninger: høj (ændring i %)", "30")
    shown = " ".join(errors(at))
    assert "Usikkerhed, omkostninger: intervallet +10 % til +30 % skal indeholde 0 %" in shown
    assert "uncertainty" not in shown
    type_in(at, "Omkostninger: lav (ændring i %)", "-10")
    type_in(at, "Succesrate (netto): lav (%)", "30")
    type_in(at, "Succesrate (netto): høj (%)", "40")
    shown = " ".join(errors(at))
    assert "intervallet 30 % til 40 % skal indeholde beregningens nettosuccesrate 25 %" in shown
    assert not at.exception


def test_switching_ranges_off_removes_the_block():
    at = start(PAGE, data=MOVE_UNC)
    widget(at.toggle, "Regn med usikkerhed (intervaller)").set_value(False).run()
    assert "uncertainty" not in at.session_state["calc_data"]
    assert not at.metric


def test_compare_examples_by_title_with_per_payer_rows():
    at = start("sider/sammenlign.py", data=MOVE_UNC)
    assert any("mindst to" in i.value for i in at.info)
    at.multiselect(key="compare_examples").select("cti_udvalg.yaml").run()
    type_in(at, "Antal trækninger (for beregninger med usikkerhed)", "800")
    assert not at.exception and not errors(at), errors(at)
    cti = yaml.safe_load((ROOT / "examples" / "cti_udvalg.yaml").read_text(encoding="utf-8"))
    table = at.dataframe[0].value
    names = list(table.columns[1:])
    assert names == [f"Aktuel: {MOVE_UNC['meta']['title']}", f"Eksempel: {cti['meta']['title']}"]
    by_label = {row["Nøgletal"]: row for _, row in table.iterrows()}
    for name, data in zip(names, (MOVE_UNC, cti), strict=True):
        result = expected(data)
        assert by_label["Nettoresultat i alt"][name] == fmt.kr(result.totals["net"])
        assert by_label["Kommunens nettoresultat"][name] == fmt.kr(result.by_payer["kommune"]["net"])
        assert by_label["Statens nettoresultat"][name] == fmt.kr(result.by_payer["stat"]["net"])
    assert by_label["Regionens nettoresultat"][names[0]] == "–"  # MOVE: no regional flows
    rows = som.compare([calculation_from_data(MOVE_UNC), calculation_from_data(cti)], names=names,
                       draws=800, seed=0, kb=kb())
    assert by_label["Netto, median"][names[0]] == fmt.kr(rows[0]["net_p50"])
    assert by_label["Netto, median"][names[1]] == "–"  # the CTI example has no ranges
    assert "Break-even" not in " ".join(table["Nøgletal"])


def test_compare_a_saved_calculation_by_title(tmp_path, monkeypatch):
    from som.store import Library, save_calculation

    monkeypatch.setenv("SOM_DB", str(tmp_path / "lib.sqlite3"))
    data = copy.deepcopy(example_data())
    data["meta"]["title"] = "MOVE med 30 %"
    data["intervention"]["success_rate"] = 0.30
    with Library() as lib:
        info = save_calculation(lib, calculation_from_data(data), kb=None)
    at = start("sider/sammenlign.py")
    at.multiselect(key="compare_saved").select(info.calculation_id).run()
    table = at.dataframe[0].value
    assert list(table.columns[1:]) == [f"Aktuel: {example_data()['meta']['title']}",
                                       "Gemt: MOVE med 30 %"]
    net = next(row for _, row in table.iterrows() if row["Nøgletal"] == "Nettoresultat i alt")
    assert net["Gemt: MOVE med 30 %"] == fmt.kr(11_662_500 * 0.30 / 0.25 - 2_275_000)  # by hand
    assert find(at, "text_input", "Frø").value == "0"


def test_the_effects_interval_is_shown_where_the_success_rate_range_is_typed():
    """An effect with a 95 % interval: the page says which success rates the interval gives and
    that it is the success-rate range (docs/effect.md's worked conversion: d = 0,45 [0,2; 0,7],
    30 % without -> 37,28–56,97 % with), draws with it, and says when typed ends replace it."""
    data = example_data()
    iv = data["intervention"]
    for key in ("success_rate", "success_rate_intervention", "success_rate_baseline"):
        iv.pop(key, None)
    iv["effect"] = {"measure": "cohens_d", "value": 0.45, "control_rate": 0.3, "ci": [0.2, 0.7]}
    at = start(PAGE, data)
    said = " ".join(c.value for c in at.caption)
    assert "37,28 %–56,97 %" in said and "7,28–26,97 procentpoint" in said
    assert "Slå usikkerhed til" in said
    widget(at.toggle, "Regn med usikkerhed (intervaller)").set_value(True).run()
    type_in(at, "Antal trækninger", "2.000")
    notes = [i.value for i in at.info]
    assert any("37,28 %–56,97 %" in n and "så længe" in n for n in notes), notes
    assert not errors(at), errors(at)
    data["uncertainty"] = {"draws": 2000}
    unc = som.simulate(calculation_from_data(data), draws=2000, seed=0, kb=kb()).to_dict()
    assert unc["net"]["p5"] < unc["net"]["p95"]  # the interval does make a spread
    assert metrics(at)["5 %-fraktil"] == fmt.kr(unc["net"]["p5"])
    assert any("succesrate fra effektens 95 %-interval" in c.value for c in at.caption)
    type_in(at, "Succesrate (netto): lav (%)", "5")
    type_in(at, "Succesrate (netto): høj (%)", "20")
    notes = [i.value for i in at.info]
    assert any("Du har selv angivet" in n for n in notes), notes
