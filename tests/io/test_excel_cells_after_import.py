"""Problems found after import (against the knowledge base) still name the workbook cell."""

from pathlib import Path

import openpyxl
import yaml

import som
from som.cli import main
from som.io.excel.export import export_workbook
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[2]


def _cell_holding(path: Path, value: str) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == value:
                    return ws.title, cell.coordinate
    raise AssertionError(f"{value!r} not in the workbook")


def test_unknown_target_group_names_its_cell(tmp_path, capsys):
    calc = som.load_calculation(ROOT / "examples" / "move.yaml")
    path = tmp_path / "move.xlsx"
    export_workbook(som.calculate(calc), path)
    sheet, coordinate = _cell_holding(path, "stofmisbrug_18_25")
    wb = openpyxl.load_workbook(path)
    wb[sheet][coordinate] = "ukendt_gruppe"
    wb.save(path)
    for command in ("run", "validate"):
        assert main([command, str(path)]) == 1
        err = capsys.readouterr().err
        assert f"{sheet}!{coordinate} (target_group): ukendt målgruppe 'ukendt_gruppe'" in err


def test_item_without_price_names_the_consequence_row(tmp_path, capsys):
    data = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))
    calc = calculation_from_data({**data, "consequences": data["consequences"][:1]})
    path = tmp_path / "x.xlsx"
    export_workbook(som.calculate(calc), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Konsekvenser"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "kontanthjaelp_uge")
    cell.value = "mangler_pris"
    wb.save(path)
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err
    assert (f"Konsekvenser!{cell.coordinate} (consequences[0].item): ingen pris for "
            "'mangler_pris'") in err
