"""A calculation file's `intervention.effect` block (issue 14): resolved to the two success rates,
shown in provenance, its interval the success-rate range, and one Danish error naming the key.

Oracle: the same file with the two rates written by hand (from the hand table in
test_effect_convert.py) must give identical figures.
"""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import som
from som.cli import main
from som.errors import InputError
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[2]
MOVE = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))


def with_effect(effect: dict, **extra) -> dict:
    data = copy.deepcopy(MOVE)
    iv = data["intervention"]
    for key in ("success_rate", "success_rate_intervention", "success_rate_baseline"):
        iv.pop(key, None)
    iv["effect"] = effect
    data.update(extra)
    return data


def calc(data: dict) -> som.Calculation:
    return calculation_from_data(data, "test")


def test_effect_gives_the_same_figures_as_the_rates_by_hand():
    effect = calc(with_effect({"measure": "odds_ratio", "value": 2.0, "control_rate": 0.25}))
    by_hand = copy.deepcopy(MOVE)
    by_hand["intervention"].pop("success_rate", None)
    by_hand["intervention"].update(success_rate_intervention=0.4, success_rate_baseline=0.25)
    a, b = som.calculate(effect), som.calculate(calc(by_hand))
    assert a.totals == pytest.approx(b.totals, rel=1e-12)
    assert a.by_payer == b.by_payer
    assert a.calculation.intervention.success_rate_intervention == pytest.approx(0.4)
    entry = a.provenance["effect"]
    assert entry["success_rate_intervention"] == pytest.approx(0.4)
    assert entry["net_success_rate"] == pytest.approx(0.15)
    assert entry["formula"] == "p1 = OR·p0 / (1 − p0 + OR·p0)"
    assert "40 %" in entry["notes"][0] and "OR = 2" in entry["notes"][0]
    assert entry["notes"][0] in a.notes  # spec v2 notes: the conversion in a Danish sentence
    # the hash is of what the user wrote, not of the resolved copy
    assert a.provenance["input_hash"] == som.api.input_hash(effect)


def test_interval_becomes_the_success_rate_range_unless_the_file_sets_one():
    effect = {"measure": "cohens_d", "value": 0.45, "ci": [0.2, 0.7], "control_rate": 0.3}
    result = som.calculate(calc(with_effect(effect)))
    rng = result.calculation.uncertainty.success_rate
    assert (rng.low, rng.high) == pytest.approx((0.372817 - 0.3, 0.569696 - 0.3), abs=5e-7)
    assert result.provenance["effect"]["uncertainty_range"] == "ci"
    tornado = som.analyse_uncertainty(result.calculation, draws=200)["tornado"]
    assert tornado[0]["input"] == "success_rate"
    assert tornado[0]["low"] == pytest.approx(rng.low)

    own = with_effect(effect, uncertainty={"success_rate": {"low": 0.1, "high": 0.2}})
    result = som.calculate(calc(own))
    assert result.calculation.uncertainty.success_rate.low == 0.1
    assert result.provenance["effect"]["uncertainty_range"] == "file"
    assert "ikke brugt" in result.provenance["effect"]["notes"][1]


def test_study_is_in_provenance_with_its_evidence_level():
    effect = {"measure": "cohens_d", "value": 0.45, "control_rate": 0.3,
              "study": "cool_kids_rct_2016"}
    result = som.calculate(calc(with_effect(effect)))
    study = result.provenance["effect"]["study"]
    assert study["evidence_level"] == 1
    assert {"kind": "effect_study", "id": "cool_kids_rct_2016"}.items() <= \
        result.provenance["records_used"][-1].items()
    # MOVE's target group is not the study's: the notes say so
    assert any("gælder målgruppen angst_depression_6_13" in n
               for n in result.provenance["effect"]["notes"])


def test_resolved_calculation_round_trips():
    effect = {"measure": "nnt", "value": 5, "ci": [3, 10], "control_rate": 0.3}
    result = som.calculate(calc(with_effect(effect)))
    again = som.calculate(calc(result.calculation.to_data()))
    assert again.totals == result.totals


@pytest.mark.parametrize(("effect", "extra_iv", "where", "text"), [
    ({"measure": "odds_ratio", "value": 0, "control_rate": 0.3}, {},
     "intervention.effect.value", "større end 0"),
    ({"measure": "cohens_d", "value": 0.4, "control_rate": 1.2}, {},
     "intervention.effect.control_rate", "mellem 0 og 1"),
    ({"measure": "cohens_d", "value": 0.4, "ci": [0.5, 0.9], "control_rate": 0.3}, {},
     "intervention.effect.ci", "indeholder ikke effekten 0,4"),
    ({"measure": "cohens_d", "value": 0.3, "ci": [-0.1, 0.7], "control_rate": 0.3}, {},
     "intervention.effect.ci", "angiv uncertainty.success_rate selv"),
    ({"measure": "cohens_d", "value": -0.3, "control_rate": 0.3}, {},
     "intervention.effect.value", "færre succeser med indsatsen"),
    ({"measure": "cohens_d", "value": 0.4, "control_rate": 0.3, "study": "findes_ikke"}, {},
     "intervention.effect.study", "ukendt effektstudie"),
    ({"measure": "risk_ratio", "value": 1.5, "control_rate": 0.3},
     {"success_rate_intervention": 0.5, "success_rate_baseline": 0.3},
     "intervention.success_rate_intervention", "passer ikke med effect"),
])
def test_impossible_effect_one_message_naming_the_key(effect, extra_iv, where, text):
    data = with_effect(effect)
    data["intervention"].update(extra_iv)
    with pytest.raises(InputError) as exc:
        som.calculate(calc(data))
    assert len(exc.value.problems) == 1
    assert exc.value.problems[0].where == where
    assert text in exc.value.problems[0].message
    with pytest.raises(InputError):  # `som validate` finds the same
        som.check(calc(data))


@pytest.mark.parametrize(("iv", "text"), [
    ({"success_rate": 0.2}, "slet success_rate-nøglerne"),
    ({"success_rate_baseline": 0.2}, "slet success_rate-nøglerne"),
])
def test_effect_beside_a_success_rate_is_refused_by_the_schema(iv, text):
    data = with_effect({"measure": "cohens_d", "value": 0.4, "control_rate": 0.3})
    data["intervention"].update(iv)
    with pytest.raises(InputError) as exc:
        calc(data)
    assert exc.value.problems[0].where == "intervention"
    assert text in exc.value.problems[0].message


def test_cli_run_bad_effect_prints_one_danish_line(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(with_effect({"measure": "odds_ratio", "value": -1,
                                                "control_rate": 0.3}), allow_unicode=True))
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "intervention.effect.value" in err and "Traceback" not in err


def test_cli_effekt_prints_the_rates(capsys):
    assert main(["effekt", "--measure", "cohens_d", "--value", "0.45", "--control-rate",
                 "0,30"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Succesrate med indsats 47,03 %" in out
    assert "Succesrate uden indsats 30 %" in out
    assert "Nettosuccesrate 17,03 procentpoint" in out


def test_cli_effekt_refuses_with_the_option_named(capsys):
    assert main(["effekt", "--measure", "risk_ratio", "--value", "4", "--control-rate",
                 "0.3"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fejl: --value: RR = 4") and err.count("\n") == 1


def test_cli_effekt_a_control_rate_typed_as_percent_is_answered_with_the_share(capsys):
    assert main(["effekt", "--measure", "odds_ratio", "--value", "2", "--control-rate",
                 "30"]) == 1
    assert capsys.readouterr().err == (
        "Fejl: --control-rate: succesraten uden indsats skal ligge mellem 0 og 1 (begge "
        "udelukket), fik 30; en andel skrives som decimaltal: 30 % er 0,3\n")


def test_som_run_without_effect_block_does_not_import_scipy():
    """Start-up: scipy (and the memo's docx/matplotlib) load only when needed (RULES.md)."""
    code = ("import sys; from som.cli import main; main(['run', 'examples/move.yaml', "
            "'--format', 'json']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'scipy', 'matplotlib', 'docx', 'pandas'}), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip() == "[]"
