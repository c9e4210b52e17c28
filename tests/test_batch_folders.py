"""`som batch` on folders as users keep them: calculations next to a knowledge-base overlay."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from som.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OVERLAY_PRICES = EXAMPLES / "kb_overlay_eksempel" / "prices.yaml"


def test_the_readme_batch_over_examples_calculates_every_example_and_names_the_skipped(
        tmp_path, capsys):
    out = tmp_path / "oversigt.csv"
    assert main(["batch", str(EXAMPLES), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"Springer over {OVERLAY_PRICES}: en videnbasefil" in captured.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    calculations = sorted(p for p in EXAMPLES.glob("*.yaml"))
    assert [r["file"] for r in rows] == [str(p) for p in calculations]
    assert all(r["status"] == "ok" for r in rows)
    assert "til Excel på dansk: brug --out oversigt.xlsx" in captured.out


def test_a_knowledge_base_file_named_on_the_command_line_is_still_tried(tmp_path, capsys):
    out = tmp_path / "o.csv"
    assert main(["batch", str(OVERLAY_PRICES), "--out", str(out)]) == 1
    assert "Springer over" not in capsys.readouterr().err
    assert [r["status"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["fejl"]


def test_xlsx_says_ingen_for_a_payback_that_never_comes(tmp_path):
    never = EXAMPLES / "dyr_indsats_uden_tilbagebetaling.yaml"
    out = tmp_path / "o.xlsx"
    assert main(["batch", str(never), str(EXAMPLES / "move.yaml"), "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Oversigt"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Tilbagebetalingsår") + 1
    kommune_col = headers.index("Kommunens tilbagebetalingsår") + 1
    assert ws.cell(row=2, column=col).value == "ingen"
    assert ws.cell(row=2, column=kommune_col).value == "ingen"
    assert isinstance(ws.cell(row=3, column=col).value, int | float)  # MOVE pays back
