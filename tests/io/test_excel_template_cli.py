"""The blank template (filled in as a user would, with openpyxl) and the CLI commands.
Oracle for the filled template: the spec's worked example (net 9,387,500 kr)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import som
from som.cli import main
from som.io.excel import layout as L
from som.io.excel.importer import load_workbook_calculation
from som.io.excel.template import write_template

MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"


def _template() -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_template(buffer)
    return openpyxl.load_workbook(buffer)


def _field(ws, key: str, value) -> None:
    ws.cell(L.FIELD_ROW[key] + 1, L.FIELD_VALUE_COL + 1, value)


def _row_below(ws, marker: str) -> int:
    """1-based row of the first data row of a Forudsætninger section."""
    return next(r[0].row for r in ws.iter_rows() if r[0].value == marker) + 2


def test_template_has_guidance_lists_and_all_year_columns():
    wb = _template()
    assert wb.sheetnames == [L.VEJLEDNING, L.FORSIDE, L.FORUDSAETNINGER, L.KONSEKVENSER, L.PRISER,
                             L.BEREGNING, L.RESULTAT, L.UDVALG, L.KONTROL, L.ANTAGELSER, L.LISTER,
                             L.HIDDEN]
    lists = {tuple(v.formula1.strip('"').split(",")) for name in L.INPUT_SHEETS
             for v in wb[name].data_validations.dataValidation if v.type == "list"}
    assert ("kommune", "region", "stat", "fordelt") in lists
    assert ("opstart", "drift", "pr. deltager") in lists
    assert ("udgift", "indtægt") in lists
    ws = wb[L.FORUDSAETNINGER]
    header = _row_below(ws, L.COSTS_MARKER) - 1
    years = [ws.cell(header, L.YEAR_COL0 + 1 + k).value for k in range(L.MAX_YEARS)]
    assert all(str(y).startswith("=IF(") for y in years)
    fill = ws.cell(L.FIELD_ROW["meta.title"] + 1, 2).fill.fgColor.rgb
    assert fill.endswith("DDEBF7")  # the blue input cells the instructions talk about


def test_blank_template_imports_with_named_missing_fields():
    buffer = io.BytesIO()
    _template().save(buffer)
    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(buffer.getvalue())
    where = {p.where for p in info.value.problems}
    assert f"{L.FORUDSAETNINGER}!B5" in where  # the title


def fill_spec_example(wb) -> None:
    """Type the spec's example (§4) into the blank template, as a newcomer would."""
    ws = wb[L.FORUDSAETNINGER]
    for key, value in {"meta.title": "MOVE", "settings.start_year": 2025,
                       "settings.horizon_years": 10, "settings.price_year": 2025,
                       "intervention.name": "MOVE", "intervention.success_rate": 0.25}.items():
        _field(ws, key, value)
    row = _row_below(ws, L.PARTICIPANTS_MARKER)
    for k in range(3):
        ws.cell(row, L.YEAR_COL0 + 1 + k, 50)
    row = _row_below(ws, L.COSTS_MARKER)
    ws.cell(row, 1, "Opstart"), ws.cell(row, 2, "opstart"), ws.cell(row, 3, "kommune")
    ws.cell(row, L.YEAR_COL0 + 1, 250000)
    # a blank line between filled lines is skipped, never ends the table
    ws.cell(row + 2, 1, "Behandlere"), ws.cell(row + 2, 2, "drift"), ws.cell(row + 2, 3, "kommune")
    for k in range(3):
        ws.cell(row + 2, L.YEAR_COL0 + 1 + k, 600000)
    ws.cell(row + 3, 1, "Gavekort"), ws.cell(row + 3, 2, "pr. deltager")
    ws.cell(row + 3, 3, "kommune"), ws.cell(row + 3, 8, 1500)
    cons = wb[L.KONSEKVENSER]
    for r, (item, deltas) in enumerate([("kontanthjaelp_uge", [-10, -12, -12, -10, -8]),
                                        ("skat_beskaeftiget_uge", [8, 12, 14, 14, 14])], start=5):
        cons.cell(r, 1, item)
        for k, d in enumerate(deltas):
            cons.cell(r, 5 + k, d)
    prices = wb[L.PRISER]
    for r, (pid, kind, k, s) in enumerate([("kontanthjaelp_uge", "udgift", 1200, 1800),
                                           ("skat_beskaeftiget_uge", "indtægt", 1100, 1400)], start=5):
        prices.cell(r, 1, pid), prices.cell(r, 4, kind), prices.cell(r, 6, k), prices.cell(r, 8, s)
    wb[L.ANTAGELSER].cell(5, 2, "Unge i behandling svarer til målgruppen")


def test_filled_template_gives_the_spec_example():
    wb = _template()
    fill_spec_example(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    calc = load_workbook_calculation(buffer.getvalue())
    assert calc.assumptions[0].topic == "target_group"
    assert calc.settings.budget_areas  # the knowledge base's committee map, offered and adopted
    t = som.calculate(calc).totals
    assert t["net"] == pytest.approx(9_387_500.0, abs=0.005)
    assert t["costs"] == pytest.approx(2_275_000.0, abs=0.005)
    assert t["break_even_year"] == 2026


def _value_of(wb, name: str):
    (sheet, cell), = list(wb.defined_names[name].destinations)
    return wb[sheet][cell.replace("$", "")].value


@pytest.mark.slow
def test_the_template_calculates_live_in_libreoffice(tmp_path, libreoffice_recalc):
    """Key figures in the template itself (issue 12 §7): blank, it shows what is missing; with
    the spec example typed in, the spec's figures; with only a knowledge-base target group and
    an item without a price row, the engine's figures from the knowledge base (Lister)."""
    paths = {}
    blank = _template()
    paths["blank"] = tmp_path / "blank.xlsx"
    blank.save(paths["blank"])
    filled = _template()
    fill_spec_example(filled)
    paths["spec"] = tmp_path / "spec.xlsx"
    filled.save(paths["spec"])
    profile = _template()
    ws = profile[L.FORUDSAETNINGER]
    for key, value in {"meta.title": "Profil", "settings.start_year": 2026,
                       "settings.horizon_years": 12, "settings.price_year": 2025,
                       "intervention.name": "Indsats", "target_group": "adhd_18_65",
                       "intervention.success_rate": 0.2,
                       "settings.discount_rate": "finansministeriet"}.items():
        _field(ws, key, value)
    row = _row_below(ws, L.PARTICIPANTS_MARKER)
    for k in range(3):
        ws.cell(row, L.YEAR_COL0 + 1 + k, 20)
    row = _row_below(ws, L.COSTS_MARKER)
    ws.cell(row, 1, "Drift"), ws.cell(row, 2, "drift"), ws.cell(row, 3, "kommune")
    ws.cell(row, 7, 2024)
    for k in range(3):
        ws.cell(row, L.YEAR_COL0 + 1 + k, 500000)
    paths["profile"] = tmp_path / "profile.xlsx"
    profile.save(paths["profile"])
    out = dict(zip(paths, libreoffice_recalc(list(paths.values())), strict=True))

    wb = openpyxl.load_workbook(out["blank"], data_only=True)
    assert _value_of(wb, "INPUT_OK") is False
    assert _value_of(wb, "NET_TOTAL") == (f"Kontrol: {L.FORUDSAETNINGER}!B5 er tom – skriv "
                                          "beregningens titel")
    for case in ("spec", "profile"):
        result = som.api.calculate_file(out[case])
        wb = openpyxl.load_workbook(out[case], data_only=True)
        assert _value_of(wb, "INPUT_OK") is True, _value_of(wb, "FIRST_PROBLEM")
        t, bp = result.totals, result.by_payer
        for name, want in {"NET_TOTAL": t["net"], "NPV_TOTAL": t["net_present_value"],
                           "COSTS_TOTAL": t["costs"], "GAINS_TOTAL": t["gains"],
                           "NET_KOMMUNE": bp["kommune"]["net"], "NET_STAT": bp["stat"]["net"]
                           }.items():
            assert _value_of(wb, name) == pytest.approx(want, abs=0.01), (case, name)
    assert som.api.calculate_file(out["spec"]).totals["net"] == pytest.approx(9_387_500.0)
    assert som.api.calculate_file(out["profile"]).provenance["consequence_source"] == \
        "target_group:adhd_18_65"


def test_cli_export_import_template(tmp_path, capsys):
    out = tmp_path / "move.xlsx"
    assert main(["export", str(MOVE), str(out), "--no-kb"]) == 0
    assert "9.387.500 kr." in capsys.readouterr().out
    back = tmp_path / "move.yaml"
    assert main(["import", str(out), str(back)]) == 0
    assert som.load_calculation(back) == som.load_calculation(MOVE)
    as_json = tmp_path / "move.json"
    assert main(["import", str(out), str(as_json)]) == 0
    assert som.load_calculation(as_json) == som.load_calculation(MOVE)
    assert main(["run", str(out), "--no-kb", "--format", "json"]) == 0
    assert '"net": 9387500.0' in capsys.readouterr().out
    template = tmp_path / "skabelon.xlsx"
    assert main(["template", str(template)]) == 0
    assert openpyxl.load_workbook(template).sheetnames[0] == L.VEJLEDNING


@pytest.mark.parametrize("argv", [["export", str(MOVE), "x.csv", "--no-kb"],
                                  ["import", "x.xlsx", "x.txt"], ["template", "x.xls"]])
def test_cli_refuses_wrong_suffix(argv, capsys):
    assert main(argv) == 2
    assert "skal ende på" in capsys.readouterr().err


def test_cli_missing_input_is_a_danish_error(tmp_path, capsys):
    assert main(["import", str(tmp_path / "findes_ikke.xlsx"), str(tmp_path / "x.yaml")]) == 1
    assert "kan ikke læses" in capsys.readouterr().err
