"""`som run --draws/--seed` and `som compare` (issue 5). Oracles: the API on the same input (the CLI
only delegates), the hand figures of the spec example, and files read back independently."""

import csv
import json

import openpyxl
import pytest
import yaml
from unc_helpers import MOVE, MOVE_UNC, ROOT, load, with_block

import som
from som.cli import main

EXAMPLE_UNC = ROOT / "examples" / "move_usikkerhed.yaml"
EXAMPLE = ROOT / "examples" / "move.yaml"


def run_json(capsys, *args) -> dict:
    assert main(["run", *map(str, args), "--no-kb", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_run_json_has_uncertainty_tornado_and_switching_values(capsys):
    out = run_json(capsys, EXAMPLE, "--draws", 500, "--seed", 4)
    assert out["totals"]["net"] == 9_387_500.0  # the deterministic figures are untouched
    unc = out["uncertainty"]
    assert set(unc) >= {"draws", "seed", "p_net_positive", "net", "net_present_value", "by_year",
                        "payback_year_distribution"}
    assert (unc["draws"], unc["seed"]) == (500, 4)
    assert set(unc["net"]) == {"mean", "p5", "p50", "p95"}
    assert [r["year"] for r in unc["by_year"]] == list(range(2025, 2035))
    assert list(unc["payback_year_distribution"]) == [str(y) for y in range(2025, 2035)] + ["none"]
    assert out["tornado"] == []  # no ranges in the file
    assert out["switching_values"]["success_rate"] == pytest.approx(2_275_000 / 46_650_000)


def test_run_json_equals_the_api(capsys):
    out = run_json(capsys, EXAMPLE_UNC, "--draws", 800, "--seed", 11)
    api = som.analyse_uncertainty(load(MOVE_UNC), draws=800, seed=11, kb=None)
    assert {k: out[k] for k in api} == json.loads(json.dumps(api))


def test_block_alone_switches_the_analysis_on_with_its_draws_and_seed(capsys):
    out = run_json(capsys, EXAMPLE_UNC)
    assert (out["uncertainty"]["draws"], out["uncertainty"]["seed"]) == (10_000, 1)
    assert [r["input"] for r in out["tornado"]][0] == "success_rate"


def test_no_block_no_draws_no_uncertainty(capsys):
    out = run_json(capsys, EXAMPLE)
    assert "uncertainty" not in out and "tornado" not in out


def test_same_seed_same_output_different_seed_different(capsys):
    a = run_json(capsys, EXAMPLE_UNC, "--draws", 300, "--seed", 5)["uncertainty"]
    b = run_json(capsys, EXAMPLE_UNC, "--draws", 300, "--seed", 5)["uncertainty"]
    c = run_json(capsys, EXAMPLE_UNC, "--draws", 300, "--seed", 6)["uncertainty"]
    assert a == b
    assert a["net"] != c["net"]


def test_table_has_a_danish_uncertainty_section(capsys):
    assert main(["run", str(EXAMPLE_UNC), "--no-kb", "--draws", "400"]) == 0
    text = capsys.readouterr().out
    unc = som.simulate(load(MOVE_UNC), draws=400, seed=1, kb=None).to_dict()
    assert "Usikkerhed (400 trækninger, frø 1)" in text
    assert "Sandsynlighed for positivt nettoresultat" in text
    assert som.fmt.kr(unc["net"]["p5"]) in text and som.fmt.kr(unc["net"]["p95"]) in text
    assert "Følsomhed (tornado)" in text and "Omkostning: Behandlere" in text
    assert ("Nettoresultatet er 0 ved en nettosuccesrate på 4,88 % (ud over dem, der ville have "
            "klaret sig uden indsatsen).") in text


@pytest.mark.parametrize("args, fragment", [
    (["--draws", "0"], "antal trækninger skal være mellem 1 og 100.000, fik 0"),
    (["--draws", "mange"], "antal trækninger skal være et heltal, fik 'mange'"),
    (["--seed", "-1"], "frøet skal være mellem 0 og 4.294.967.295, fik -1"),
])
def test_bad_options_are_danish_usage_errors(capsys, args, fragment):
    with pytest.raises(SystemExit) as info:
        main(["run", str(EXAMPLE), "--no-kb", *args])
    assert info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_seed_without_draws_or_block_is_refused(capsys):
    assert main(["run", str(EXAMPLE), "--no-kb", "--seed", "3"]) == 1
    assert "--seed: bruges kun sammen med --draws" in capsys.readouterr().err


# --- som compare -----------------------------------------------------------------------------------

def _variant(tmp_path, name, **changes):
    data = with_block(MOVE, {"success_rate": {"low": 0.1, "high": 0.3}})
    data["intervention"].update(changes)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, data


def test_compare_table_and_files(tmp_path, capsys):
    a, data_a = _variant(tmp_path, "lav", success_rate=0.2)
    b, data_b = _variant(tmp_path, "hoej", success_rate=0.25)
    out_csv, out_xlsx = tmp_path / "cmp.csv", tmp_path / "cmp.xlsx"
    args = ["compare", str(a), str(b), "--no-kb", "--draws", "600", "--seed", "2"]
    assert main([*args, "--out", str(out_csv)]) == 0
    text = capsys.readouterr().out
    assert main([*args, "--out", str(out_xlsx)]) == 0
    capsys.readouterr()
    expected = [som.calculate(load(d), kb=None).totals for d in (data_a, data_b)]
    sims = [som.simulate(load(d), draws=600, seed=2, kb=None).to_dict() for d in (data_a, data_b)]
    # net at r = 0.2: 46,650,000 · 0.2 − 2,275,000 = 7,055,000 (hand)
    assert expected[0]["net"] == pytest.approx(7_055_000, abs=1e-6)
    assert "Sammenligning af scenarier" in text and "lav" in text and "hoej" in text
    assert som.fmt.kr(7_055_000) in text and som.fmt.percent(sims[1]["p_net_positive"]) in text
    assert "600 trækninger, frø 2, samme tilfældige tal" in text

    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["lav", "hoej"]
    for row, t, u in zip(rows, expected, sims, strict=True):
        # CSV is for people too: kroner to the øre, no float noise (spec v2 §3)
        assert float(row["net"]) == round(t["net"], 2)
        assert float(row["p_net_positive"]) == pytest.approx(u["p_net_positive"], rel=1e-9)
        assert float(row["net_p95"]) == round(u["net"]["p95"], 2)
        assert int(row["break_even_year"]) == t["break_even_year"]

    ws = openpyxl.load_workbook(out_xlsx)["Sammenligning"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Scenarie", "Titel", "Nettoresultat (kr.)"]
    col = {h: n for n, h in enumerate(headers)}
    for r, (t, u) in enumerate(zip(expected, sims, strict=True), start=2):
        cells = [c for c in ws[r]]
        assert cells[col["Nettoresultat (kr.)"]].value == pytest.approx(t["net"])
        assert cells[col["Nettoresultat (kr.)"]].number_format.endswith('"kr."')
        assert cells[col["P(netto > 0) (%)"]].value == pytest.approx(100 * u["p_net_positive"])


def test_compare_api_without_ranges_has_no_probabilities():
    rows = som.compare([load(MOVE), load(MOVE)], names=["a", "b"], draws=100, kb=None)
    assert rows[0]["net"] == 9_387_500.0 and rows[0]["p_net_positive"] is None


def test_compare_needs_two_files(capsys):
    assert main(["compare", str(EXAMPLE), "--no-kb"]) == 2
    assert "mindst to filer" in capsys.readouterr().err


def test_compare_refuses_other_output_types(tmp_path, capsys):
    assert main(["compare", str(EXAMPLE), str(EXAMPLE_UNC), "--no-kb", "--out",
                 str(tmp_path / "x.pdf")]) == 2
    assert "--out skal ende på .csv eller .xlsx" in capsys.readouterr().err


def test_compare_names_the_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(with_block(MOVE, {"costs": {"low": 2, "high": 3}})),
                   encoding="utf-8")
    assert main(["compare", str(EXAMPLE), str(bad), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "uncertainty.costs" in err and "Traceback" not in err


def test_compare_uses_one_seed_for_all_scenarios(tmp_path, capsys):
    no_seed = with_block(MOVE, {"costs": {"low": 0.9, "high": 1.1}})
    rows = som.compare([load(MOVE), load(no_seed), load(MOVE_UNC)], names=["a", "b", "c"],
                       draws=100, kb=None)
    assert [r["seed"] for r in rows] == [None, 1, 1]  # the first block seed, for every scenario
    assert rows[0]["p_net_positive"] is None  # no ranges: no (misleading) probability
    assert main(["compare", str(EXAMPLE), str(EXAMPLE_UNC), "--no-kb", "--draws", "100"]) == 0
    out = capsys.readouterr().out
    assert "100 trækninger, frø 1." in out and "'–': scenariet har ingen usikkerhedsintervaller" in out


def test_compare_draws_without_any_ranges_is_refused(capsys):
    assert main(["compare", str(EXAMPLE), str(EXAMPLE), "--no-kb", "--draws", "100"]) == 1
    assert "--draws: ingen af filerne har usikkerhedsintervaller" in capsys.readouterr().err
