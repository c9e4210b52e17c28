"""`som store ...` end to end through som.cli.main: Danish output, exit codes, no tracebacks."""

from __future__ import annotations

import pytest

import som
from som.cli import main


def run(argv: list[str]) -> int:
    """main(argv), counting argparse's usage exit (SystemExit 2) as a return code."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


@pytest.fixture
def env_db(db_path, monkeypatch):
    monkeypatch.setenv("SOM_DB", str(db_path))
    return db_path


@pytest.fixture
def two_versions(env_db, spec_example_path, tmp_path, capsys):
    assert main(["store", "save", str(spec_example_path), "--no-kb", "--author", "Anne",
                 "--tag", "unge", "--tag", "rusmidler"]) == 0
    text = spec_example_path.read_text(encoding="utf-8").replace("success_rate: 0.25",
                                                                 "success_rate: 0.30")
    second = tmp_path / "v2.yaml"
    second.write_text(text, encoding="utf-8")
    assert main(["store", "save", str(second), "--no-kb", "--id", "1", "--note", "højere"]) == 0
    capsys.readouterr()
    return env_db


def test_save_prints_reference_and_danish_net(env_db, spec_example_path, capsys):
    assert main(["store", "save", str(spec_example_path), "--no-kb"]) == 0
    out = capsys.readouterr().out
    assert "beregning 1, version 1 (1@1)" in out
    assert "9.387.500 kr." in out


def test_list_search_show_history(two_versions, capsys):
    assert main(["store", "list"]) == 0
    out = capsys.readouterr().out
    assert "MOVE" in out and "11.720.000 kr." in out and "unge, rusmidler" in out
    assert main(["store", "list", "--search", "findes-ikke"]) == 0
    assert "Ingen gemte beregninger fundet." in capsys.readouterr().out
    assert main(["store", "show", "1@1"]) == 0
    out = capsys.readouterr().out
    assert "version 1" in out and "9.387.500 kr." in out and "af Anne" in out
    assert main(["store", "show", "1", "--yaml"]) == 0
    shown = capsys.readouterr().out
    assert som.io.files.calculation_from_data(som.io.files.parse_yaml(shown)) \
        .intervention.success_rate == 0.30
    assert main(["store", "history", "1"]) == 0
    out = capsys.readouterr().out
    assert "højere" in out and out.count("2026") >= 2


def test_diff(two_versions, capsys):
    assert main(["store", "diff", "1", "1", "2"]) == 0
    out = capsys.readouterr().out
    assert "intervention.success_rate" in out and "0,25" in out and "0,3" in out
    # 7.5 more successes at 311,000 kr each (spec §4)
    assert "2.332.500 kr." in out


def test_export_and_reload(two_versions, tmp_path, capsys):
    out = tmp_path / "ud.yaml"
    assert main(["store", "export", "1@1", str(out)]) == 0
    assert "1@1" in capsys.readouterr().out
    assert som.calculate(som.load_calculation(out), kb=None).totals["net"] == pytest.approx(
        9_387_500, abs=0.005)


def test_followup_add_and_show(two_versions, capsys):
    assert main(["store", "followup", "add", "1", "--year", "2025", "--participants", "40",
                 "--successes", "12", "--costs", "900000"]) == 0
    assert "Opfølgning for 2025 registreret" in capsys.readouterr().out
    assert main(["store", "followup", "show", "1"]) == 0
    out = capsys.readouterr().out
    # v2 (r = 0.30): cohort 2025 has 12 instead of 15 net successes; costs 900,000 not 925,000.
    realised = 11_720_000 - 3 * 311_000 + 25_000
    assert som.fmt.kr(realised) in out and "Realiseret grundlag" in out


@pytest.mark.parametrize(("argv", "message", "code"), [
    (["store", "show", "7"], "beregning 7 findes ikke", 1),
    (["store", "show", "1@9"], "har ingen version 9", 1),
    (["store", "show", "x@1"], "forventede ID eller ID@VERSION", 1),
    (["store", "diff", "1", "1", "5"], "har ingen version 5", 1),
    (["store", "followup", "add", "1", "--year", "2050", "--costs", "5"], "uden for", 1),
    (["store", "followup", "add", "1", "--year", "2025", "--costs", "900.000"], "tvetydigt", 2),
    (["store", "followup", "add", "1", "--year", "2025", "--costs", "-3"], "ikke-negativt", 2),
    (["store", "export", "1", "ud.pdf"], ".yaml, .json eller .xlsx", 1),
])
def test_errors_are_one_danish_line(two_versions, argv, message, code, capsys, monkeypatch,
                                    tmp_path):
    monkeypatch.chdir(tmp_path)
    assert run(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_file_is_not_saved(env_db, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("som_version: 1\nmeta: {title: x}\n", encoding="utf-8")
    assert main(["store", "save", str(bad), "--no-kb"]) == 1
    assert "mangler" in capsys.readouterr().err
    assert main(["store", "check"]) == 0
    assert "0 beregninger, 0 versioner" in capsys.readouterr().out


def test_check_and_decimal_comma(two_versions, capsys):
    assert main(["store", "followup", "add", "1", "--year", "2026", "--participants", "12,5"]) == 0
    from som.store import Library

    with Library(two_versions) as lib:
        assert lib.followups(1)[0].participants == 12.5
    assert main(["store", "check"]) == 0
    assert "1 beregninger, 2 versioner" in capsys.readouterr().out


def test_store_without_action_prints_help(env_db, capsys):
    assert main(["store"]) == 2
    assert "save" in capsys.readouterr().out
