"""Malformed calculation files: each gives exit code != 0 and one Danish message naming the key
and the offending value, never a traceback, nothing clipped or dropped (issue 1, spec §1)."""

import copy
import json
from pathlib import Path

import pytest
import yaml

from som.cli import main

BASE = yaml.safe_load((Path(__file__).resolve().parents[1] / "examples" / "move.yaml").read_text())
DELETE = object()


def mutate(path: str, value):
    """A copy of the example with the value at a dotted path (list index as [n]) replaced."""
    data = copy.deepcopy(BASE)
    parts = path.replace("[", ".[").split(".")
    node = data
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    key = int(last[1:-1]) if last.startswith("[") else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return data


# (case id, data or raw text, expected substrings of the message)
CASES = [
    ("missing_settings", mutate("settings", DELETE), ["settings: mangler"]),
    ("missing_title", mutate("meta.title", DELETE), ["meta.title: mangler"]),
    ("empty_title", mutate("meta.title", ""), ["meta.title: må ikke være tom"]),
    ("unknown_top_key", {**BASE, "costz": []}, ["costz: ukendt nøgle"]),
    ("typo_settings_key", mutate("settings.horizon_year", 10), ["settings.horizon_year: ukendt nøgle"]),
    ("text_success_rate", mutate("intervention.success_rate", "høj"),
     ["intervention.success_rate: skal være et tal", "'høj'"]),
    ("success_rate_above_1", mutate("intervention.success_rate", 1.5),
     ["intervention.success_rate: må højst være 1", "1.5"]),
    ("success_rate_negative", mutate("intervention.success_rate", -0.1),
     ["intervention.success_rate: skal være mindst 0", "-0.1"]),
    ("completion_rate_above_1", mutate("intervention.completion_rate", 2),
     ["intervention.completion_rate: må højst være 1"]),
    ("negative_participants", mutate("intervention.participants", [50, -5, 50]),
     ["intervention.participants[1]: skal være mindst 0", "-5"]),
    ("text_participants", mutate("intervention.participants", [50, "halvtreds"]),
     ["intervention.participants[1]: skal være et tal", "'halvtreds'"]),
    ("participants_not_list", mutate("intervention.participants", 50),
     ["intervention.participants: skal være en liste"]),
    ("unknown_payer", mutate("costs[0].payer", "kommunen"),
     ["costs[0].payer: ukendt betaler 'kommunen'"]),
    ("shares_not_summing", mutate("costs[1].payer", {"kommune": 0.5, "stat": 0.4}),
     ["costs[1].payer: andelene skal summere til 1", "0.9"]),
    ("share_unknown_payer", mutate("costs[1].payer", {"kommune": 0.5, "amt": 0.5}),
     ["costs[1].payer: ukendt betaler 'amt'"]),
    ("unknown_cost_type", mutate("costs[1].type", "monthly"),
     ["costs[1].type: ugyldig værdi 'monthly'", "startup, operating, per_participant"]),
    ("per_participant_with_amounts", mutate("costs[2].amounts", [1, 2]),
     ["costs[2]: en per_participant-linje bruger 'amount'"]),
    ("operating_without_amounts", mutate("costs[1].amounts", DELETE),
     ["costs[1]: en operating-linje skal have 'amounts'"]),
    ("negative_cost", mutate("costs[1].amounts", [600000, -1, 600000]),
     ["costs[1].amounts[1]: skal være mindst 0", "-1"]),
    ("amounts_longer_than_horizon", mutate("costs[1].amounts", [1] * 11),
     ["costs[1].amounts: har 11 år, men horisonten er 10 år"]),
    ("participants_longer_than_horizon", mutate("intervention.participants", [5] * 12),
     ["intervention.participants: har 12 år, men horisonten er 10 år"]),
    # Spec v2: a consequence vector longer than the horizon is cut, not refused (test_v2.py);
    # these are the v2 keys' bad values.
    ("budget_areas_unknown_area", mutate("settings.budget_areas", {"boligomraade": "Socialudvalget"}),
     ["settings.budget_areas.boligomraade: ukendt konsekvensområde 'boligomraade'"]),
    ("budget_areas_empty_committee",
     mutate("settings.budget_areas", {"indkomstoverfoersler": " "}),
     ["settings.budget_areas.indkomstoverfoersler: udvalgets navn må ikke være tomt"]),
    ("cost_line_empty_committee", mutate("costs[1].budget_area", ""),
     ["costs[1].budget_area: udvalgets navn må ikke være tomt"]),
    ("budget_period_longer_than_horizon", mutate("settings.budget_period_years", 11),
     ["settings.budget_period_years: budgetperioden (11 år) kan ikke være længere end "
      "horisonten (10 år)"]),
    ("budget_period_zero", mutate("settings.budget_period_years", 0),
     ["settings.budget_period_years: skal være mindst 1, fik 0"]),
    ("during_course_without_price",
     mutate("consequences", [{"item": "botilbud_doegn", "during_course": [-4]}]),
     ["consequences[0].item: ingen pris for 'botilbud_doegn'"]),
    ("consequence_without_vectors", mutate("consequences[0]", {"item": "kontanthjaelp_uge"}),
     ["consequences[0]: angiv delta_per_success (pr. succes) og/eller during_course"]),
    ("unknown_item_kind", mutate("prices.kontanthjaelp_uge.kind", "udgift"),
     ["prices.kontanthjaelp_uge.kind: ugyldig værdi 'udgift'", "expenditure, revenue"]),
    ("negative_price", mutate("prices.kontanthjaelp_uge.stat", -1800),
     ["prices.kontanthjaelp_uge.stat: skal være mindst 0"]),
    ("item_without_price", mutate("prices.skat_beskaeftiget_uge", DELETE),
     ["consequences[1].item: ingen pris for 'skat_beskaeftiget_uge'"]),
    ("price_year_not_in_index", mutate("prices.kontanthjaelp_uge.price_year", 2019),
     ["prices.kontanthjaelp_uge.price_year", "prisår 2019 findes ikke i prisindekset"]),
    ("cost_price_year_not_in_index", mutate("costs[0].price_year", 2021),
     ["costs[0].price_year: prisår 2021 findes ikke i prisindekset"]),
    ("horizon_zero", mutate("settings.horizon_years", 0),
     ["settings.horizon_years: skal være mindst 1", "0"]),
    ("horizon_too_long", mutate("settings.horizon_years", 51),
     ["settings.horizon_years: må højst være 50"]),
    ("horizon_text", mutate("settings.horizon_years", "ti"),
     ["settings.horizon_years: skal være et heltal", "'ti'"]),
    ("discount_text", mutate("settings.discount_rate", "høj"),
     ["settings.discount_rate: diskonteringsrente skal være et tal", "'høj'"]),
    ("discount_too_high", mutate("settings.discount_rate", 1.5),
     ["settings.discount_rate: diskonteringsrente skal ligge i [0, 1)"]),
    ("unknown_consequence_start", mutate("settings.consequence_start", "next_year"),
     ["settings.consequence_start: ugyldig værdi 'next_year'"]),
    ("wrong_som_version", mutate("som_version", 2), ["som_version: ugyldig værdi 2"]),
    ("both_success_rate_forms", mutate("intervention.success_rate_baseline", 0.1),
     ["intervention: angiv enten success_rate"]),
    ("baseline_above_intervention",
     mutate("intervention", {"name": "X", "participants": [1], "success_rate_intervention": 0.1,
                             "success_rate_baseline": 0.2}),
     ["success_rate_baseline (0.2) er større end success_rate_intervention (0.1)"]),
    ("no_success_rate", mutate("intervention.success_rate", DELETE),
     ["intervention: mangler success_rate"]),
    ("boolean_as_number", mutate("intervention.success_rate", True),
     ["intervention.success_rate: skal være et tal", "True"]),
    ("course_years_negative", mutate("intervention.course_years", -1),
     ["intervention.course_years: skal være mindst 0"]),
    ("index_value_zero", mutate("settings.price_index", {2023: 0, 2025: 104.04}),
     ["settings.price_index[2023]: skal være mindst 0,001, fik 0"]),
    ("unknown_susi_phase", mutate("meta.susi_phase", "pilot"),
     ["meta.susi_phase: ugyldig værdi 'pilot'"]),
    ("top_level_list", "- a\n- b\n", ["filen skal være en blok med nøgler"]),
    ("empty_file", "", ["filen skal være en blok med nøgler"]),
    ("broken_yaml", "som_version: 1\nmeta:\n  title: [x\nsettings: {}\n", ["ugyldig YAML", "linje"]),
    ("duplicate_key", "som_version: 1\nsom_version: 1\n", ["linje 2", "'som_version' står to gange"]),
    ("nan_value", "PATCH:intervention.success_rate: .nan", ["intervention.success_rate"]),
]


def _write(tmp_path: Path, payload, name="calc.yaml") -> Path:
    path = tmp_path / name
    if isinstance(payload, str) and payload.startswith("PATCH:"):
        key, value = payload[len("PATCH:"):].split(": ", 1)
        text = yaml.safe_dump(mutate(key, "__PLACEHOLDER__"), allow_unicode=True)
        path.write_text(text.replace("__PLACEHOLDER__", value), encoding="utf-8")
    elif isinstance(payload, str):
        path.write_text(payload, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(payload, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("case_id, payload, expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_file_gives_clear_danish_error(tmp_path, capsys, case_id, payload, expected, command):
    path = _write(tmp_path, payload)
    code = main([command, str(path), "--no-kb"])
    out, err = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in err and "Intern fejl" not in err
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert out.strip() == "", "nothing may be printed as a result"


def test_all_problems_reported_at_once(tmp_path, capsys):
    data = mutate("intervention.success_rate", 2)
    data["costs"][0]["payer"] = "amt"
    data["settings"]["horizon_years"] = 0
    code = main(["run", str(_write(tmp_path, data)), "--no-kb"])
    err = capsys.readouterr().err
    assert code != 0
    assert "3 fejl" in err
    for key in ("intervention.success_rate", "costs[0].payer", "settings.horizon_years"):
        assert key in err


def test_cross_field_problems_reported_together(tmp_path, capsys):
    data = mutate("costs[1].amounts", [1] * 11)
    data["intervention"]["participants"] = [1] * 11
    del data["prices"]["skat_beskaeftiget_uge"]
    main(["run", str(_write(tmp_path, data)), "--no-kb"])
    err = capsys.readouterr().err
    assert "3 fejl" in err


def test_missing_file(capsys):
    assert main(["run", "/nonexistent/calc.yaml", "--no-kb"]) != 0
    err = capsys.readouterr().err
    assert "filen kan ikke læses" in err and "Traceback" not in err


def test_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("titel: Kærlighed".encode("latin-1"))
    assert main(["run", str(path), "--no-kb"]) != 0
    assert "ikke UTF-8" in capsys.readouterr().err


def test_broken_json(tmp_path, capsys):
    path = tmp_path / "calc.json"
    path.write_text(json.dumps(BASE)[:-1] + ",}", encoding="utf-8")
    assert main(["run", str(path), "--no-kb"]) != 0
    assert "ugyldig JSON" in capsys.readouterr().err


def test_json_duplicate_key(tmp_path, capsys):
    path = tmp_path / "calc.json"
    path.write_text('{"som_version": 1, "som_version": 1}', encoding="utf-8")
    assert main(["run", str(path), "--no-kb"]) != 0
    assert "står to gange" in capsys.readouterr().err


def test_json_equals_yaml(tmp_path, capsys):
    """JSON with the same keys is equally valid (string keys of price_index included)."""
    path = tmp_path / "calc.json"
    path.write_text(json.dumps(BASE), encoding="utf-8")
    assert main(["run", str(path), "--no-kb", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["net"] == pytest.approx(9_387_500, abs=0.005)


def test_there_are_at_least_30_bad_files():
    assert len(CASES) >= 30


@pytest.mark.parametrize("path, value, shown", [
    ("costs[1].amounts", "[600.000, 600.000, 600.000]", "'600.000'"),
    ("costs[2].amount", "1.500", "'1.500'"),
    ("prices.kontanthjaelp_uge.stat", "1.800", "'1.800'"),
    ("intervention.participants", "[1.050, 50]", "'1.050'"),
])
def test_a_danish_thousands_dot_in_yaml_is_refused_not_read_as_a_decimal(tmp_path, capsys, path,
                                                                          value, shown):
    """YAML reads 600.000 as 600; a Dane means 600000. In kroner and people it is ambiguous and
    refused with the line and both readings (never a silent 1,000-fold error)."""
    code = main(["validate", str(_write(tmp_path, f"PATCH:{path}: {value}")), "--no-kb"])
    err = capsys.readouterr().err
    assert code == 1
    assert shown in err and "tvetydigt" in err and "linje" in err


def test_three_decimals_stand_where_they_are_ordinary(tmp_path, capsys):
    """A change in use of -1.264 weeks (or a rate of 0.035) is a decimal, not a grouping."""
    data = mutate("consequences[0].delta_per_success", [-1.264, -12, -12, -10, -8])
    assert main(["run", str(_write(tmp_path, data)), "--no-kb", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # kontanthjælp year 0 changes from -10 to -1.264 weeks: 37.5 successes... by hand per success
    # the first year's saving falls by (10 - 1.264) × 3,000 kr for each of the 37.5 successes.
    assert out["totals"]["net"] == pytest.approx(9_387_500 - 37.5 * 8.736 * 3000, abs=0.005)


@pytest.mark.parametrize("path, value, expected", [
    ("intervention.sucess_rate", 0.3, "intervention.sucess_rate: ukendt nøgle (stavefejl?) med "
                                      "værdien 0.3; mente du success_rate?"),
    ("settings.horizon", 5, "mente du horizon_years?"),
    ("costs[0].ammount", 5, "costs[0].ammount: ukendt nøgle (stavefejl?) med værdien 5; mente "
                            "du amount?"),
    ("prices.kontanthjaelp_uge.kommun", 1, "mente du kommune?"),
])
def test_a_misspelt_key_is_answered_with_the_key_that_block_knows(tmp_path, capsys, path, value,
                                                                   expected):
    data = mutate(path, value)
    assert main(["validate", str(_write(tmp_path, data)), "--no-kb"]) == 1
    assert expected in capsys.readouterr().err


def test_an_unknown_key_far_from_any_known_gets_no_guess(tmp_path, capsys):
    assert main(["validate", str(_write(tmp_path, mutate("intervention.zzz", 1))), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert "intervention.zzz: ukendt nøgle" in err and "mente du" not in err


def test_a_share_typed_as_percent_says_how_the_file_writes_it(tmp_path, capsys):
    assert main(["validate", str(_write(tmp_path, mutate("intervention.success_rate", 26))),
                 "--no-kb"]) == 1
    assert ("intervention.success_rate: må højst være 1, fik 26; en andel skrives som "
            "decimaltal: 26 % er 0.26") in capsys.readouterr().err


def test_every_thousands_dot_and_every_other_problem_is_said_at_once(tmp_path, capsys):
    """A file with two '600.000'-style amounts and a misspelt key: all three in one run, not one
    per attempt (the YAML reading stops at none of them)."""
    data = mutate("intervention.sucess_rate", 0.3)
    data["costs"][1]["amounts"] = "__PLACEHOLDER__"
    text = yaml.safe_dump(data, allow_unicode=True).replace("__PLACEHOLDER__",
                                                            "[600.000, 450.000, 1]")
    path = _write(tmp_path, text)
    assert main(["validate", str(path), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert "'600.000' er tvetydigt" in err and "'450.000' er tvetydigt" in err
    assert "intervention.sucess_rate: ukendt nøgle" in err and "3 fejl" in err


@pytest.mark.parametrize("path, text, hint", [
    ("costs[1].amounts", "['1.200.000', 1, 1]", "skriv 1200000"),
    ("intervention.success_rate", "'40 %'", "skriv 0.4"),
    ("intervention.success_rate", "'0,25'", "skriv 0.25"),
])
def test_a_danish_number_written_as_text_is_answered_with_how_the_file_writes_it(
        tmp_path, capsys, path, text, hint):
    assert main(["validate", str(_write(tmp_path, f"PATCH:{path}: {text}")), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert "skal være et tal" in err and hint in err
