"""som.views without a browser: table <-> data round trips, labels, uploads, result views."""

import copy

import pytest
from apphelp import EXAMPLE, example_data, kb
from hypothesis import given, settings
from hypothesis import strategies as st

import som
from som import views
from som.errors import InputError
from som.io.files import MAX_FILE_BYTES, calculation_from_data

money = st.floats(min_value=0, max_value=1e8, allow_nan=False).map(lambda x: round(x, 2))
share = st.integers(min_value=1, max_value=99).map(lambda n: n / 100)


@st.composite
def cost_lines(draw, horizon=10):
    lines = []
    for n in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["startup", "operating", "per_participant"]))
        if draw(st.booleans()):
            payer = {draw(st.sampled_from(["kommune", "region", "stat"])): 1.0}
        else:
            a = draw(share)
            payer = {"kommune": a, "stat": round(1 - a, 2)}
        line = {"name": f"Linje {n}", "type": kind, "payer": payer}
        if kind == "per_participant":
            line["amount"] = draw(money)
        else:
            line["amounts"] = draw(st.lists(money, max_size=horizon))
        if draw(st.booleans()):
            line["price_year"] = 2025
        lines.append(line)
    return lines


def _with(data, **changes):
    out = copy.deepcopy(data)
    out.update(changes)
    return calculation_from_data(out)


@settings(max_examples=60, deadline=None)
@given(lines=cost_lines())
def test_cost_table_round_trip_keeps_the_calculation(lines):
    data = example_data()
    before = _with(data, costs=lines)
    normal = before.to_data()["costs"]
    rows = views.cost_rows(normal, 2025, 10)
    assert all(isinstance(v, str) or v is None for r in rows for v in r.values())  # text cells
    back, cells = views.cost_lines_from_rows(rows)
    assert not cells.refusals and not cells.understood
    assert _with(data, costs=back) == before


def test_new_cost_rows_in_percent_become_shares():
    rows = [{"Navn": "Ny", "Type": "Drift", "Kommune %": "33,3", "Region %": None,
             "Stat %": "66,7 %", "2025": "10", "2026": None, "2027": "5,0"}]
    (line,), cells = views.cost_lines_from_rows(rows)
    assert line == {"name": "Ny", "type": "operating", "payer": {"kommune": 0.333, "stat": 0.667},
                    "amounts": [10.0, 0.0, 5.0]}
    assert cells.understood == ["Linje 1, Stat % = 66,7 %", "Linje 1, 2027 = 5 kr."]


def test_refused_cells_are_named_by_line_and_column():
    rows = [{"Navn": "Ny", "Type": "Drift", "Kommune %": "100", "2025": "300,000.5",
             "2026": "12a"}]
    _, cells = views.cost_lines_from_rows(rows)
    assert [r.split(":")[0] for r in cells.refusals] == ["Linje 1, 2025", "Linje 1, 2026"]


def test_amount_in_a_column_the_type_does_not_use_is_passed_on_for_the_schema():
    rows = [{"Navn": "X", "Type": "Pr. deltager", "Kommune %": "100", "Pr. deltager (kr.)": "5",
             "2025": "7"}]
    (line,), _ = views.cost_lines_from_rows(rows)
    assert line["amounts"] == [7.0] and line["amount"] == 5.0  # not silently dropped
    with pytest.raises(InputError, match="bruger 'amount', ikke 'amounts'"):
        _with(example_data(), costs=[line])


def test_cost_table_keeps_amounts_beyond_the_horizon():
    line = {"name": "Lang", "type": "operating", "payer": {"kommune": 1.0}, "amounts": [1.0] * 12}
    rows = views.cost_rows([line], 2025, 10)
    assert "2036" in rows[0]
    assert views.cost_lines_from_rows(rows)[0][0]["amounts"] == [1.0] * 12


@settings(max_examples=60, deadline=None)
@given(deltas=st.lists(st.lists(st.floats(-60, 60, allow_nan=False).map(lambda x: round(x, 1)),
                                min_size=1, max_size=10), min_size=1, max_size=2))
def test_consequence_table_round_trip(deltas):
    data = example_data()
    items = ["kontanthjaelp_uge", "skat_beskaeftiget_uge"]
    consequences = [{"item": i, "delta_per_success": d} for i, d in zip(items, deltas, strict=False)]
    before = _with(data, consequences=consequences)
    normal = before.to_data()
    choices = views.item_choices(normal, None)
    rows = views.consequence_rows(normal["consequences"], choices, 10)
    back, cells = views.consequences_from_rows(rows, choices)
    assert not cells.refusals
    assert _with(data, consequences=back) == before


def test_unchanged_price_rows_leave_prices_alone_and_an_edit_becomes_local():
    from som.views.editing import price_text_rows

    data = example_data()
    rows = price_text_rows(views.price_rows(data, None))
    assert views.prices_from_rows(rows, rows, data["prices"])[0] == data["prices"]
    edited = copy.deepcopy(rows)
    edited[1]["Stat"] = "1.500"
    prices, _ = views.prices_from_rows(edited, rows, data["prices"])
    assert prices["skat_beskaeftiget_uge"]["stat"] == 1500.0
    assert prices["kontanthjaelp_uge"] == data["prices"]["kontanthjaelp_uge"]


def test_consequence_years_are_numbered_as_in_excel():
    from som.io.excel.layout import consequence_year_header
    from som.views.editing import lag_columns

    assert lag_columns(3) == [consequence_year_header(k) for k in range(3)] == ["År 0", "År 1",
                                                                                 "År 2"]


@pytest.mark.parametrize("where, expected", [
    ("costs[1].payer", "Omkostninger, linje 2, betaler (costs[1].payer)"),
    ("saved_costs[0].amounts[3]", "Sparede udgifter, linje 1, beløb pr. år, år nr. 4 "
                                  "(saved_costs[0].amounts[3])"),
    ("settings.horizon_years", "Indstillinger, tidshorisont (år) (settings.horizon_years)"),
    ("prices.kontanthjaelp_uge.kind", "Priser, kontanthjaelp_uge, art (prices.kontanthjaelp_uge.kind)"),
    ("linje 4, kolonne 1", "linje 4, kolonne 1"),
    ("", ""),
])
def test_describe_where(where, expected):
    assert views.describe_where(where) == expected


def test_upload_yaml_and_json_bytes():
    text = EXAMPLE.read_text(encoding="utf-8")
    calc = som.load_calculation(EXAMPLE)
    assert views.calculation_from_upload("a.yaml", text.encode()) == calc
    assert views.calculation_from_upload("a.json", som.io.files.dump_json(calc).encode()) == calc
    assert views.calculation_from_upload("a.yml", b"\xef\xbb\xbf" + text.encode()) == calc  # BOM


@pytest.mark.parametrize("name, content, message", [
    ("a.yaml", b"#" * (MAX_FILE_BYTES + 1), "for stor"),
    ("a.txt", b"x", "ukendt filtype"),
    ("a.yaml", "æ".encode("latin-1"), "ikke UTF-8"),
    ("a.yaml", b"- 1\n- 2\n", "blok med nøgler"),
    ("a.json", b'{"a": 1, "a": 2}', "står to gange"),
])
def test_upload_problems_are_danish_input_errors(name, content, message):
    with pytest.raises(InputError, match=message):
        views.calculation_from_upload(name, content)


def test_key_figures_are_the_results_numbers_in_danish():
    result = som.calculate(som.load_calculation(EXAMPLE), kb=None)
    figures = views.key_figures(result)
    assert figures["net"].text == "9.387.500 kr." and figures["net"].value == result.totals["net"]
    assert figures["break_even_year"].text == "2026"
    assert figures["benefit_cost_ratio"].text == "5,13 kr."
    assert figures["break_even_success_rate"].text == "4,9 %"


def test_area_gains_add_up_to_the_payer_totals():
    result = som.calculate(som.load_calculation(EXAMPLE), kb=kb())
    rows = views.area_gains(result, kb())
    for payer, label in (("kommune", "Kommune"), ("stat", "Stat")):
        assert sum(r[label] for r in rows) == pytest.approx(result.by_payer[payer]["gains"])


def test_effective_consequences_mirror_the_build():
    data = example_data()
    consequences, origin = views.effective_consequences(data, None)
    assert origin == "file" and consequences == data["consequences"]
    base = kb()
    del data["consequences"]
    consequences, origin = views.effective_consequences(data, base)
    if base is None or data["target_group"] not in base.profiles:
        assert origin == "none" and consequences == []
        return
    del data["prices"], data["settings"]["price_index"]
    built = som.calculate(calculation_from_data(data), kb=base).built
    assert origin == "profile"
    assert [c["item"] for c in consequences] == [i.id for i in built.items]


def test_no_knowledge_base_views_are_empty_not_errors():
    assert views.target_group_rows(None) == [] and views.effect_rows(None) == []
    assert views.kb_price_rows(None) == [] and views.profile_rows(None) == []
    assert views.target_group_choices(None) == {} and views.default_profile(None, "x") is None

