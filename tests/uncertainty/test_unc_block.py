"""The `uncertainty:` block: bad ranges give one clear Danish message naming the key, through
`som run` and `som validate`, never a traceback; a good block round-trips through YAML/JSON."""

import json

import pytest
import yaml
from unc_helpers import MOVE, MOVE_UNC, load, with_block

import som
from som.cli import main
from som.io.files import calculation_from_data, dump_json, dump_yaml, parse_yaml

LINE = {"target": "costs[1]", "low": 0.9, "high": 1.2}

# (case id, uncertainty block, expected fragments of the message)
CASES = [
    ("rate_low_above_high", {"success_rate": {"low": 0.4, "high": 0.2}},
     ["uncertainty.success_rate: low (0,4) er større end high (0,2)"]),
    ("rate_above_1", {"success_rate": {"low": 0.1, "high": 1.5}},
     ["uncertainty.success_rate.high: må højst være 1", "1.5"]),
    ("rate_negative", {"success_rate": {"low": -0.1, "high": 0.3}},
     ["uncertainty.success_rate.low: skal være mindst 0", "-0.1"]),
    ("rate_range_misses_central", {"success_rate": {"low": 0.3, "high": 0.4}},
     ["uncertainty.success_rate: intervallet [0,3; 0,4] skal indeholde filens (netto)succesrate 0,25"]),
    ("factor_low_above_high", {"costs": {"low": 1.3, "high": 0.9}},
     ["uncertainty.costs: low (1,3) er større end high (0,9)"]),
    ("negative_factor", {"prices": {"low": -0.5, "high": 1.2}},
     ["uncertainty.prices.low: skal være mindst 0", "-0.5"]),
    ("factor_range_misses_1", {"consequences": {"low": 1.1, "high": 1.3}},
     ["uncertainty.consequences: intervallet [1,1; 1,3] skal indeholde 1"]),
    ("factor_text", {"costs": {"low": "lav", "high": 1.2}},
     ["uncertainty.costs.low: skal være et tal", "'lav'"]),
    ("factor_missing_high", {"costs": {"low": 0.9}}, ["uncertainty.costs.high: mangler"]),
    ("unknown_block_key", {"sucess_rate": {"low": 0.1, "high": 0.3}},
     ["uncertainty.sucess_rate: ukendt nøgle"]),
    ("unknown_target_form", {"lines": [dict(LINE, target="omkostninger[1]")]},
     ["uncertainty.lines[0].target: ukendt mål 'omkostninger[1]'"]),
    ("unknown_item", {"lines": [dict(LINE, target="prices.tandlaege")]},
     ["uncertainty.lines[0].target: ukendt post 'tandlaege'", "kontanthjaelp_uge"]),
    ("cost_line_out_of_range", {"lines": [dict(LINE, target="costs[5]")]},
     ["uncertainty.lines[0].target: costs[5] findes ikke: filen har 3 omkostningslinjer"]),
    ("saved_line_out_of_range", {"lines": [dict(LINE, target="saved_costs[0]")]},
     ["uncertainty.lines[0].target: saved_costs[0] findes ikke: filen har 0"]),
    ("duplicate_target", {"lines": [LINE, dict(LINE, low=0.5)]},
     ["uncertainty.lines[1].target: costs[1] har allerede et interval i uncertainty.lines[0]"]),
    ("negative_line_factor", {"lines": [dict(LINE, low=-1)]},
     ["uncertainty.lines[0].low: skal være mindst 0"]),
    ("line_low_above_high", {"lines": [dict(LINE, low=1.5, high=1.2)]},
     ["uncertainty.lines[0]: low (1,5) er større end high (1,2)"]),
    ("draws_zero", {"draws": 0}, ["uncertainty.draws: skal være mindst 1"]),
    ("draws_too_many", {"draws": 10**7}, ["uncertainty.draws: må højst være 100.000"]),
    ("seed_negative", {"seed": -3}, ["uncertainty.seed: skal være mindst 0"]),
    ("block_not_a_block", [0.1, 0.3], ["uncertainty: skal være en blok"]),
]


@pytest.mark.parametrize("case_id, block, expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_range_gives_clear_danish_error(tmp_path, capsys, case_id, block, expected, command):
    path = tmp_path / "calc.yaml"
    path.write_text(yaml.safe_dump(with_block(MOVE, block), allow_unicode=True), encoding="utf-8")
    code = main([command, str(path), "--no-kb"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err and "Intern fejl" not in err
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert out.strip() == ""


def test_all_block_problems_at_once():
    block = {"lines": [dict(LINE, target="costs[9]"), dict(LINE, target="prices.x")],
             "success_rate": {"low": 0.5, "high": 0.6}}
    with pytest.raises(som.InputError) as info:
        som.check(load(with_block(MOVE, block)), kb=None)
    assert [p.where for p in info.value.problems] == [
        "uncertainty.success_rate", "uncertainty.lines[0].target", "uncertainty.lines[1].target"]


def test_api_refuses_bad_draws_and_seed_in_danish():
    with pytest.raises(som.InputError) as info:
        som.simulate(load(MOVE), draws=0, seed=-1, kb=None)
    text = str(info.value)
    assert "draws: antal trækninger skal være et heltal mellem 1 og 100.000, fik 0" in text
    assert "seed: frøet (seed) skal være et heltal mellem 0 og 4.294.967.295, fik -1" in text


def test_baseline_form_uses_the_net_rate_as_mode():
    data = with_block(MOVE, {"success_rate": {"low": 0.2, "high": 0.3}})
    inter = data["intervention"]
    del inter["success_rate"]
    inter.update(success_rate_intervention=0.35, success_rate_baseline=0.10)  # net 0.25
    som.check(load(data), kb=None)
    data["uncertainty"]["success_rate"] = {"low": 0.3, "high": 0.35}  # the gross rate: refused
    with pytest.raises(som.InputError, match="netto"):
        som.check(load(data), kb=None)


def test_block_round_trips_through_yaml_and_json():
    calc = load(MOVE_UNC)
    assert calculation_from_data(parse_yaml(dump_yaml(calc))) == calc
    assert calculation_from_data(json.loads(dump_json(calc))) == calc
    assert calc.to_data()["uncertainty"]["lines"][0] == {"target": "costs[1]", "low": 0.9, "high": 1.5}


def test_file_without_block_is_unchanged():
    assert "uncertainty" not in load(MOVE).to_data()
