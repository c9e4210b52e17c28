"""`som run x.xlsx` and `som import` compare the workbook's saved key figures with the engine's
and warn (issue 12 §2). Oracle: the spec example's figures (9.387.500 kr.) and saved values
written into the file by hand, as a spreadsheet that did not recalculate would leave them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import som
from som.cli import main
from som.io.excel import layout as L
from som.io.excel.export import export_workbook
from som.io.excel.reconcile import saved_figures

MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"


@pytest.fixture(scope="module")
def exported() -> bytes:
    buffer = io.BytesIO()
    export_workbook(som.calculate(som.load_calculation(MOVE), kb=None), buffer)
    return buffer.getvalue()


def _saved(raw: bytes, name: str, value: str, kind: str | None = None) -> bytes:
    """Replace the saved value of the cell a defined name points to."""
    wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    (sheet, cell), = list(wb.defined_names[name].destinations)
    part = f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
    cell = cell.replace("$", "")
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                pattern = rf'(<c r="{cell}"[^>]*?)( t="\w+")?(>.*?<v>)[^<]*(</v>)'
                type_attr = f' t="{kind}"' if kind else r"\g<2>"
                data, n = re.subn(pattern.encode(),
                                  rf"\g<1>{type_attr}\g<3>{value}\g<4>".encode(), data)
                assert n == 1, (name, cell)
            z.writestr(info.filename, data)
    return out.getvalue()


def _run(tmp_path, raw: bytes, capsys, *command) -> tuple[int, str]:
    path = tmp_path / "book.xlsx"
    path.write_bytes(raw)
    code = main([*command, str(path), *(["--no-kb"] if command[0] == "run" else
                                        [str(tmp_path / "out.yaml"), "--no-kb"])])
    return code, capsys.readouterr().err


def test_a_fresh_export_agrees(exported, tmp_path, capsys):
    assert saved_figures(exported)["NET_TOTAL"] == pytest.approx(9_387_500)
    assert _run(tmp_path, exported, capsys, "run") == (0, "")


def test_stale_saved_figures_are_a_warning_with_both_numbers(exported, tmp_path, capsys):
    stale = _saved(exported, "NET_TOTAL", "1234567")
    for command in ("run", "import"):
        code, err = _run(tmp_path, stale, capsys, command)
        assert code == 0
        assert err.startswith("Advarsel: arbejdsbogen viser nettoresultatet 1.234.567 kr., men "
                              "som regner 9.387.500 kr."), err
        assert "første tal, der afviger" in err and "Traceback" not in err


def test_the_first_differing_figure_is_named(exported, tmp_path, capsys):
    stale = _saved(exported, "NET_STAT", "5")
    code, err = _run(tmp_path, stale, capsys, "run")
    assert code == 0 and "statens nettoresultat 5 kr., men som regner 6.765.000 kr." in err


def test_a_saved_alarm_is_a_warning_too(exported, tmp_path, capsys):
    alarm = "Kontrol: Forudsætninger!B26 er ikke et tal"
    raw = _saved(_saved(exported, L.INPUT_OK, "0", "b"), L.FIRST_PROBLEM, alarm, "str")
    code, err = _run(tmp_path, raw, capsys, "run")
    assert code == 0 and alarm in err and "9.387.500 kr." in err


def test_no_saved_figures_nothing_to_compare(exported, tmp_path, capsys):
    wb = openpyxl.load_workbook(io.BytesIO(exported))  # openpyxl keeps no saved values
    wb[L.FORUDSAETNINGER]["B6"] = "Anden Kommune"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert saved_figures(buffer.getvalue()) == {}
    assert _run(tmp_path, buffer.getvalue(), capsys, "run") == (0, "")
