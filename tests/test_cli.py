"""The command line: run, validate, batch, --version (issue 1)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

import som
from som.cli import main

ROOT = Path(__file__).resolve().parents[1]
MOVE = ROOT / "examples" / "move.yaml"


def test_run_json_has_spec_v2_keys(capsys):
    assert main(["run", str(MOVE), "--format", "json", "--no-kb"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"totals", "by_payer", "by_year", "provenance", "budget_period", "by_budget_area",
            "notes"} <= set(out)
    assert set(out["by_payer"]) == {"kommune", "region", "stat"}
    assert out["by_year"][0].keys() >= {"year", "costs", "saved_costs", "gains", "net",
                                        "cumulative_net", "kommune", "region", "stat"}
    assert len(out["provenance"]["input_hash"]) == 64


def test_run_table_is_danish(capsys):
    assert main(["run", str(MOVE), "--no-kb"]) == 0
    out = capsys.readouterr().out
    assert "Nettoresultat" in out and "9.387.500 kr." in out and "Tilbagebetalingsår" in out


@pytest.mark.parametrize("start, payback, said", [
    ("completion_year", "2026", "regnes fra samme år, som deltageren afslutter forløbet"),
    ("year_after", "2028", "regnes først fra året efter, at deltageren har afsluttet forløbet"),
])
def test_run_table_says_what_the_payback_year_assumes(tmp_path, capsys, start, payback, said):
    data = yaml.safe_load(MOVE.read_text(encoding="utf-8"))
    data["settings"]["consequence_start"] = start
    path = tmp_path / "move.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["run", str(path), "--no-kb"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[lines.index("Nøgletal") + 10].split() == ["Tilbagebetalingsår", payback]
    assert f"Tilbagebetalingsåret forudsætter, at konsekvenserne af en succes {said}" in "\n".join(
        lines)


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"som {som.__version__}\n"


def test_version_and_run_import_only_what_they_need():
    """Issue 11.6: `som --version` imports no pydantic; `som run` no pandas, openpyxl, plotly,
    scipy or the store (checked in a fresh interpreter)."""
    import subprocess
    import sys

    probe = ("import sys; from som.cli import main; main({argv}); "
             "print(sorted(m for m in {heavy} if m in sys.modules))")
    heavy = ["pydantic", "pandas", "openpyxl", "xlsxwriter", "plotly", "scipy", "som.store",
             "matplotlib", "docx", "streamlit"]
    version = subprocess.run([sys.executable, "-c", probe.format(argv=["--version"], heavy=heavy)],
                             capture_output=True, text=True, check=True)
    assert version.stdout.splitlines()[-1] == "[]"
    run = subprocess.run([sys.executable, "-c", probe.format(
        argv=["run", str(MOVE), "--format", "json"], heavy=heavy[1:])],
        capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "[]"


def test_every_subcommand_is_in_the_command_map():
    import argparse

    from som.cli import COMMANDS, build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(COMMANDS)


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["regn"])
    assert exit_info.value.code == 2
    assert "fejl i kommandoen" in capsys.readouterr().err


def test_validate_many_reports_each(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("som_version: 1\n", encoding="utf-8")
    assert main(["validate", str(MOVE), str(bad), "--no-kb"]) == 1
    captured = capsys.readouterr()
    assert f"OK   {MOVE}" in captured.out
    assert "bad.yaml" in captured.err and "meta: mangler" in captured.err


def _batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "calcs"
    folder.mkdir()
    data = yaml.safe_load(MOVE.read_text(encoding="utf-8"))
    for n, participants in enumerate([[50, 50, 50], [100, 100, 100]]):
        data["intervention"]["participants"] = participants
        data["meta"]["title"] = f"=HYPERLINK(\"http://x\") {n}" if n else "MOVE"
        (folder / f"calc_{n}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (folder / "broken.yaml").write_text("som_version: 1\nmeta: {title: x}\n", encoding="utf-8")
    return folder


def test_batch_continues_past_bad_files_and_fails_at_the_end(tmp_path, capsys):
    folder = _batch_folder(tmp_path)
    out = tmp_path / "summary.csv"
    assert main(["batch", str(folder), "--out", str(out), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "settings: mangler" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["fejl", "ok", "ok"]
    assert float(rows[1]["net"]) == pytest.approx(9_387_500, abs=0.005)
    # Doubling participants doubles gains (11,662,500) and the per-participant costs (225,000).
    assert float(rows[2]["net"]) == pytest.approx(2 * 11_662_500 - (2_050_000 + 450_000), abs=0.005)
    assert rows[2]["title"].startswith("'="), "a formula-like title is defused in CSV"


def test_batch_xlsx_writes_text_never_formulas(tmp_path):
    folder = _batch_folder(tmp_path)
    out = tmp_path / "summary.xlsx"
    assert main(["batch", str(folder), "--out", str(out), "--no-kb", "--workers", "2"]) == 1
    ws = openpyxl.load_workbook(out)["Oversigt"]
    assert ws["A1"].value == "Fil" and ws["D1"].value == "Nettoresultat (kr.)"
    titles = [ws.cell(row=r, column=2) for r in range(2, 5)]
    formula_cell = next(c for c in titles if c.value and "HYPERLINK" in c.value)
    assert formula_cell.data_type == "s", "text starting with '=' must be stored as text"
    assert ws["D3"].value == pytest.approx(9_387_500, abs=0.005)


def test_batch_rejects_unknown_output_type(tmp_path, capsys):
    assert main(["batch", str(MOVE), "--out", str(tmp_path / "x.txt"), "--no-kb"]) == 2
    assert "--out skal ende på .csv eller .xlsx" in capsys.readouterr().err


def test_batch_missing_path_is_reported(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["batch", str(MOVE), str(tmp_path / "nope"), "--out", str(out), "--no-kb"]) == 1
    assert "nope: findes ikke" in capsys.readouterr().err
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1


def test_console_script_runs_without_traceback(tmp_path):
    """The installed `som` entry point, as a user runs it."""
    som_bin = Path(sys.executable).with_name("som")
    bad = tmp_path / "bad.yaml"
    bad.write_text("intervention: [\n", encoding="utf-8")
    proc = subprocess.run([str(som_bin), "run", str(bad), "--no-kb"], capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert "ugyldig YAML" in proc.stderr and "Traceback" not in proc.stderr


def test_batch_progress_bar_on_request(tmp_path, capsys):
    folder = _batch_folder(tmp_path)
    assert main(["batch", str(folder), "--out", str(tmp_path / "s.csv"), "--no-kb",
                 "--progress"]) == 1
    assert "3/3" in capsys.readouterr().err


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments",
                    "show this help", "show program", "version number", "and exit", "default:")


def _all_parsers(parser):
    import argparse

    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _all_parsers(child)


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"]])
def test_help_is_danish(argv, capsys):
    """`som --help` and `som run --help` as a person reads them: argparse's own headings and
    phrases in Danish too."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("brug: som") and "tilvalg:" in out and "vis denne hjælp" in out
    assert not [w for w in ARGPARSE_ENGLISH if w in out.lower()], out


def test_every_help_page_and_usage_error_is_danish(capsys):
    from som.cli import build_parser

    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > 20  # every command and subcommand
    for parser in parsers:
        text = parser.format_help()
        assert not [w for w in ARGPARSE_ENGLISH if w in text.lower()], (parser.prog, text)
    import argparse

    unexplained = [(parser.prog, a.metavar or a.dest) for parser in parsers for a in parser._actions
                   if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
                   and not a.help]
    assert unexplained == [], "every argument a person types says what it is"
    with pytest.raises(SystemExit):
        main(["effekt", "--ci", "1"])  # a plural argparse message (ngettext)
    assert "argumentet --ci: forventede 2 værdier" in capsys.readouterr().err
