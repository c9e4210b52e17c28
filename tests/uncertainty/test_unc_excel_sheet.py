"""The "Usikkerhed" sheet (issue 5): written on a fresh xlsxwriter workbook, read back with openpyxl.
Oracle: the analysis dict it was given (every number must arrive unchanged, as a value, never a
formula), plus the hand switching values of the spec example."""

import copy

import openpyxl
import pytest
import xlsxwriter
from unc_helpers import MOVE_UNC, load

import som
from som.io.excel.uncertainty import SHEET, add_uncertainty_sheet


@pytest.fixture(scope="module")
def analysis():
    return som.analyse_uncertainty(load(MOVE_UNC), draws=500, seed=3, kb=None)


def _write(tmp_path, payload, options=None):
    path = tmp_path / "u.xlsx"
    wb = xlsxwriter.Workbook(str(path), options or {})
    wb.add_worksheet("Resultat")  # the exporter's own sheets come first
    add_uncertainty_sheet(wb, payload)
    wb.close()
    return openpyxl.load_workbook(path)


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def same(values):
    """xlsxwriter stores 16 significant digits (Excel shows 15): equal to that precision."""
    return pytest.approx(values, rel=1e-15, abs=1e-9)


def _find(rows, label):
    for n, row in enumerate(rows):
        if row and row[0] == label:
            return n, row
    raise AssertionError(f"{label!r} not in sheet")


def test_sheet_holds_the_analysis_numbers(tmp_path, analysis):
    wb = _write(tmp_path, analysis)
    assert wb.sheetnames == ["Resultat", SHEET]
    ws = wb[SHEET]
    rows = _rows(ws)
    unc = analysis["uncertainty"]
    assert _find(rows, "Monte Carlo-trækninger")[1][1] == 500
    assert _find(rows, "Frø (samme frø giver samme tal)")[1][1] == 3
    assert _find(rows, "Sandsynlighed for positivt nettoresultat")[1][1] == unc["p_net_positive"]
    net = _find(rows, "Nettoresultat")[1]
    assert net[1:5] == same([unc["net"][k] for k in ("mean", "p5", "p50", "p95")])
    npv = _find(rows, "Nutidsværdi (diskonteret)")[1]
    assert npv[1:5] == same([unc["net_present_value"][k] for k in ("mean", "p5", "p50", "p95")])
    assert _find(rows, "Nettoresultat, kommune")[1][3] == same(unc["by_payer"]["kommune"]["p50"])

    start, _ = _find(rows, "År")
    for offset, year_row in enumerate(unc["by_year"], start=1):
        assert rows[start + offset][:4] == same([year_row["year"], year_row["p5"],
                                                 year_row["p50"], year_row["p95"]])
    payback, _ = _find(rows, "Tilbagebetalingsår")
    shares = {r[0]: r[1] for r in rows[payback + 2: payback + 2 + len(unc["payback_year_distribution"])]}
    assert shares["Ingen inden for horisonten"] == same(unc["payback_year_distribution"]["none"])
    assert shares[2026] == same(unc["payback_year_distribution"]["2026"])

    for t in analysis["tornado"]:
        row = _find(rows, t["label"])[1]
        assert row[1:7] == same([t["low"], t["central"], t["high"], t["net_low"], t["net_high"],
                                 t["swing"]])
    sv = analysis["switching_values"]
    rate = _find(rows, "Succesrate (netto), hvor nettoresultatet er 0")[1][1]
    assert rate == pytest.approx(2_275_000 / 46_650_000)  # hand: spec §4
    assert _find(rows, "Faktor på alle omkostninger")[1][1] == same(sv["cost_factor"])
    assert _find(rows, "Faktor på alle konsekvenser (eller priser)")[1][1] == same(
        sv["consequence_factor"])


def test_no_formulas_and_danish_money_formats(tmp_path, analysis):
    ws = _write(tmp_path, analysis)[SHEET]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    net = next(r for r in ws.iter_rows() if r[0].value == "Nettoresultat")
    assert net[1].number_format == '#,##0 "kr."'
    p = next(r for r in ws.iter_rows() if r[0].value == "Sandsynlighed for positivt nettoresultat")
    assert "%" in p[1].number_format


def test_text_that_looks_like_a_formula_stays_text(tmp_path, analysis):
    evil = copy.deepcopy(analysis)
    evil["tornado"][0]["label"] = '=HYPERLINK("http://x","klik")'
    evil["tornado"][1]["label"] = "+1+1"
    # the exporter's workbook may convert strings to formulas by default: the sheet must not
    ws = _write(tmp_path, evil, {"strings_to_formulas": True})[SHEET]
    values = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert values['=HYPERLINK("http://x","klik")'] == "s"
    assert values["+1+1"] == "s"


def test_accepts_the_bare_uncertainty_block(tmp_path, analysis):
    bare = dict(analysis["uncertainty"])
    rows = _rows(_write(tmp_path, bare)[SHEET])
    assert _find(rows, "Filen angiver ingen usikkerhedsintervaller")
    assert not any(r[0] == "Nulpunktsværdier: hvor nettoresultatet bliver 0 (én ting ad gangen)"
                   for r in rows)


def test_none_switching_values_are_a_dash(tmp_path, analysis):
    payload = copy.deepcopy(analysis)
    payload["switching_values"]["cost_factor"] = None
    rows = _rows(_write(tmp_path, payload)[SHEET])
    assert _find(rows, "Faktor på alle omkostninger")[1][1] == "–"
