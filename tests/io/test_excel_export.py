"""The exported workbook as a reader sees it, opened with openpyxl (oracle: the declared
layout and the spec's figures), plus knowledge-base rows and the uncertainty hook."""

from __future__ import annotations

import io
import re
import sys
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fakekb import fake_kb, kb_calculation
from sheet_helpers import chart_titles

import som
from som.io.excel import layout as L
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation
from som.io.excel.layout import RESULT_NAMES as NAMES
from som.io.excel.sheets import ILLUSTRATIVE_FILL

MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"


@pytest.fixture(scope="module")
def move_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "move.xlsx"
    export_workbook(som.calculate(som.load_calculation(MOVE), kb=None), path)
    return path


def test_sheets_in_order_and_hidden_control_sheet(move_book):
    wb = openpyxl.load_workbook(move_book)
    assert wb.sheetnames == [*L.EXPORT_SHEETS, L.LISTER, L.HIDDEN]
    assert wb[L.HIDDEN].sheet_state == "veryHidden"
    assert wb[L.LISTER].sheet_state == "hidden"
    assert wb.active.title == L.FORSIDE


def test_defined_names_point_at_formulas_with_cached_engine_values(move_book):
    formulas = openpyxl.load_workbook(move_book)
    cached = openpyxl.load_workbook(move_book, data_only=True)
    expected = {"NET_TOTAL": 9_387_500, "NPV_TOTAL": 9_387_500, "COSTS_TOTAL": 2_275_000,
                "GAINS_TOTAL": 11_662_500, "SAVED_TOTAL": 0, "NET_KOMMUNE": 2_622_500,
                "NET_REGION": 0, "NET_STAT": 6_765_000, "NET_BUDGET_PERIOD": 4_662_500}  # §4
    assert set(NAMES) == set(expected)
    for name, want in expected.items():
        (sheet, cell), = list(formulas.defined_names[name].destinations)
        assert sheet == L.RESULTAT
        formula = str(formulas[sheet][cell.replace("$", "")].value)
        assert formula.startswith(f"=IF({L.INPUT_OK},'{L.BEREGNING}'!"), formula  # guarded
        assert cached[sheet][cell.replace("$", "")].value == pytest.approx(want, abs=0.005)
    (sheet, cell), = list(formulas.defined_names[L.INPUT_OK].destinations)
    assert cached[sheet][cell.replace("$", "")].value is True


def test_forside_key_figures_and_charts(move_book):
    wb = openpyxl.load_workbook(move_book, data_only=True)
    ws = wb[L.FORSIDE]
    figures = {r[0]: r[1:3] for r in ws.iter_rows(min_row=8, max_row=14, max_col=3,
                                                   values_only=True)}
    assert figures["Netto i budgetperioden 2025–2028"] == pytest.approx((4_662_500, 627_500))
    assert figures["Nettoresultat"] == pytest.approx((9_387_500, 2_622_500))  # total, kommune
    assert figures["Tilbagebetalingsår"] == (2026, 2028)  # spec §4
    assert figures["Afkast pr. krone"][0] == pytest.approx(11_662_500 / 2_275_000)
    assert ws["A4"].value.startswith("✓ Alle kontroller er i orden")
    with zipfile.ZipFile(move_book) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 3  # two on Forside, who pays / who gains on Udvalg
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml
    assert "Beregning" in xml  # the series: guarded rows on Beregning
    titles = chart_titles(move_book)  # formula cells above the charts
    assert [ws[c].value for c in titles] == [
        "Nettoresultat pr. år og betaler, 2025–2034 (prisniveau 2025)",
        "Kumuleret nettoresultat – tilbagebetalingsår: 2026"]
    formulas = openpyxl.load_workbook(move_book)[L.FORSIDE]
    assert all(str(formulas[c].value).startswith("=") for c in titles)



def test_number_formats_are_danish_kroner(move_book):
    wb = openpyxl.load_workbook(move_book)
    (sheet, cell), = list(wb.defined_names["NET_TOTAL"].destinations)
    fmt = wb[sheet][cell.replace("$", "")].number_format
    assert "#,##0" in fmt and '"kr."' in fmt  # shown as 9.387.500 kr. in a Danish locale
    assert wb[L.PRISER]["F5"].number_format == fmt
    assert wb[L.FORUDSAETNINGER].freeze_panes == "B5"
    assert wb[L.BEREGNING].freeze_panes is not None
    for name in L.EXPORT_SHEETS:
        setup = wb[name].page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, name


def test_input_values_are_plain_values_and_kept_exact(move_book):
    ws = openpyxl.load_workbook(move_book)[L.FORUDSAETNINGER]
    assert ws["B5"].value == "MOVE – struktureret rusmiddelbehandling til unge"
    assert ws["B10"].value == 2025 and ws["B10"].data_type == "n"
    part = L.FIELD_ROW[L.FIELDS[-1].key] + 5
    assert [ws.cell(part, L.YEAR_COL0 + 1 + k).value for k in range(4)] == [50, 50, 50, None]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    calc = som.Calculation.model_validate({
        "som_version": 1, "meta": {"title": "=1+1", "organisation": "@SUM(A1)",
                                   "author": "-2", "description": "+cmd|' /C calc'!A0"},
        "settings": {"start_year": 2025, "horizon_years": 2, "price_year": 2025},
        "intervention": {"name": "=HYPERLINK(\"http://evil\")", "participants": [1],
                         "success_rate": 0.5},
        "costs": [{"name": "=A1", "type": "operating", "payer": "kommune", "amounts": [1]}],
        "consequences": [{"item": "=x", "delta_per_success": [-1]}],
        "prices": {"=x": {"kind": "expenditure", "kommune": 5, "name": "-5"}},
    })
    path = tmp_path / "evil.xlsx"
    export_workbook(som.calculate(calc, kb=None), path)
    wb = openpyxl.load_workbook(path)
    for sheet, cell in [(L.FORUDSAETNINGER, "B5"), (L.FORUDSAETNINGER, "B6"),
                        (L.FORUDSAETNINGER, "B7"), (L.FORUDSAETNINGER, "B23"),
                        (L.KONSEKVENSER, "A5"), (L.PRISER, "A5"), (L.PRISER, "B5")]:
        assert wb[sheet][cell].data_type == "s", (sheet, cell, wb[sheet][cell].value)
    with zipfile.ZipFile(path) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if "worksheets/sheet" in n)
    formulas = re.findall(r"<f[^>]*>([^<]*)</f>", sheets)
    assert formulas and not any(f in ("1+1", "A1", "x") or "HYPERLINK" in f or "SUM(A1)" in f
                                for f in formulas)
    assert "IN_TITLE" in wb[L.FORSIDE]["A1"].value  # shows the title cell, never evaluates it
    assert load_workbook_calculation(path) == calc


@pytest.mark.parametrize("bad, where", [
    ({"meta": {"title": "a\rb"}}, "meta.title"),
    ({"meta": {"title": "x", "description": "x" * 40_000}}, "meta.description"),
    ({"meta": {"title": "_x0041_"}}, "meta.title"),
])
def test_text_excel_cannot_hold_is_refused_not_altered(bad, where):
    data = som.load_calculation(MOVE).to_data()
    data.update(bad)
    calc = som.Calculation.model_validate(data)
    with pytest.raises(som.InputError) as info:
        export_workbook(som.calculate(calc, kb=None), io.BytesIO())
    assert info.value.problems[0].where == where


def test_uncertainty_sheet_hook_is_called_only_when_given(monkeypatch):
    calls = []
    module = types.ModuleType("som.io.excel.uncertainty")
    module.add_uncertainty_sheet = lambda wb, unc, sheet, central: calls.append(unc)
    monkeypatch.setitem(sys.modules, "som.io.excel.uncertainty", module)
    result = som.calculate(som.load_calculation(MOVE), kb=None)
    export_workbook(result, io.BytesIO())
    assert calls == []
    buffer = io.BytesIO()
    export_workbook(result, buffer, uncertainty={"draws": 10})
    assert calls == [{"draws": 10}]
    assert "Usikkerhed" in openpyxl.load_workbook(buffer).sheetnames


# --- knowledge-base rows ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kb_book(tmp_path_factory):
    kb = fake_kb()
    path = tmp_path_factory.mktemp("kb") / "kb.xlsx"
    export_workbook(som.calculate(kb_calculation(), kb=kb), path, kb=kb)
    return path


def test_knowledge_base_rows_are_shown_marked_and_not_imported(kb_book):
    wb = openpyxl.load_workbook(kb_book)
    prices = {r[0].value: r for r in wb[L.PRISER].iter_rows(min_row=5)
              if r[0].value and r[0].value != L.END_MARKER}
    assert set(prices) == {"kb_kontanthjaelp", "kb_skat"}
    skat = prices["kb_skat"]
    assert skat[L.PRICE_COL["origin"]].value == "vidensbase"
    assert skat[L.PRICE_COL["status"]].value == "illustrativ"
    assert skat[0].fill.fgColor.rgb.endswith(ILLUSTRATIVE_FILL[1:])
    assert not prices["kb_kontanthjaelp"][0].fill.fgColor.rgb.endswith(ILLUSTRATIVE_FILL[1:])
    cons = [r for r in wb[L.KONSEKVENSER].iter_rows(min_row=5, values_only=True)
            if r[0] and r[0] != L.END_MARKER]
    assert [(r[0], r[1]) for r in cons] == [("kb_kontanthjaelp", "målgruppe"),
                                            ("kb_skat", "målgruppe")]
    kilder = [r for r in wb[L.KILDER].iter_rows() if r[1].value == "kb_skat"]
    assert kilder and kilder[0][0].fill.fgColor.rgb.endswith(ILLUSTRATIVE_FILL[1:])
    assert load_workbook_calculation(kb_book) == kb_calculation()


def _edited(path, tmp_path, changes):
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in changes.items():
        wb[sheet][cell] = value
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def test_edited_knowledge_base_price_must_be_marked_own(kb_book, tmp_path):
    bad = _edited(kb_book, tmp_path, {(L.PRISER, "F5"): 999})
    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(bad)
    assert "Priser!F5" in str(info.value) and "'beregning'" in str(info.value)
    origin = L.a1(4, L.PRICE_COL["origin"])
    good = _edited(kb_book, tmp_path, {(L.PRISER, "F5"): 999, (L.PRISER, origin): "beregning"})
    calc = load_workbook_calculation(good)
    assert calc.prices["kb_kontanthjaelp"].kommune == 999
    assert calc.prices["kb_kontanthjaelp"].price_year == 2023


def test_edited_profile_and_index_are_errors_until_made_own(kb_book, tmp_path):
    bad = _edited(kb_book, tmp_path, {(L.KONSEKVENSER, "E5"): -11})
    with pytest.raises(som.InputError, match="Konsekvenser!B5"):
        load_workbook_calculation(bad)
    mixed = _edited(kb_book, tmp_path, {(L.KONSEKVENSER, "B5"): "beregning"})
    with pytest.raises(som.InputError, match="bland ikke"):
        load_workbook_calculation(mixed)
    own = _edited(kb_book, tmp_path, {(L.KONSEKVENSER, "B5"): "beregning",
                                      (L.KONSEKVENSER, "B6"): "beregning"})
    assert [c.item for c in load_workbook_calculation(own).consequences] == ["kb_kontanthjaelp",
                                                                              "kb_skat"]
    ws = openpyxl.load_workbook(kb_book)[L.FORUDSAETNINGER]
    index_row = next(r[0].row for r in ws.iter_rows() if r[0].value == L.INDEX_MARKER) + 2
    field = L.a1(L.FIELD_ROW["settings.price_index_source"], 1)
    bad = _edited(kb_book, tmp_path, {(L.FORUDSAETNINGER, f"B{index_row}"): 90.0})
    with pytest.raises(som.InputError, match=f"Forudsætninger!B{index_row}"):
        load_workbook_calculation(bad)
    own = _edited(kb_book, tmp_path, {(L.FORUDSAETNINGER, f"B{index_row}"): 90.0,
                                      (L.FORUDSAETNINGER, field): "beregningen"})
    assert load_workbook_calculation(own).settings.price_index[2022] == 90.0


def test_export_without_the_knowledge_base_it_was_calculated_with_is_refused():
    result = som.calculate(kb_calculation(), kb=fake_kb())
    with pytest.raises(som.InputError, match="anden vidensbase"):
        export_workbook(result, io.BytesIO())


def test_real_uncertainty_sheet_and_the_block_round_trips():
    """With issue 5 merged: the analysis sheet is added, and the file's own uncertainty block
    (ranges, line ranges, draws, seed) is kept on Forudsætninger and read back."""
    data = som.load_calculation(MOVE).to_data()
    data["uncertainty"] = {"success_rate": {"low": 0.15, "high": 0.3},
                           "lines": [{"target": "costs[1]", "low": 0.8, "high": 1.5}],
                           "draws": 200, "seed": 3}
    calc = som.Calculation.model_validate(data)
    result = som.calculate(calc, kb=None)
    buffer = io.BytesIO()
    from som.uncertainty.analysis import analyse_result

    export_workbook(result, buffer, uncertainty=analyse_result(result))
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert "Usikkerhed" in wb.sheetnames
    assert load_workbook_calculation(buffer.getvalue()) == calc


def test_uncertainty_ranges_without_the_switch_are_an_error(tmp_path):
    result = som.calculate(som.load_calculation(MOVE), kb=None)
    path = tmp_path / "u.xlsx"
    export_workbook(result, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.FORUDSAETNINGER]
    marker = next(r[0].row for r in ws.iter_rows() if r[0].value == L.UNCERTAINTY_MARKER)
    ws.cell(marker + 6, 2, 0.8)  # Omkostninger (faktor), Lav
    ws.cell(marker + 6, 3, 1.2)
    wb.save(path)
    with pytest.raises(som.InputError, match=f"Forudsætninger!B{marker + 2}: 'Usikkerhedsanalyse'"):
        load_workbook_calculation(path)
    ws.cell(marker + 2, 2, "ja")
    wb.save(path)
    assert load_workbook_calculation(path).uncertainty.costs.high == 1.2


def test_som_export_with_draws_adds_the_uncertainty_sheet_with_charts(tmp_path, capsys):
    from som.cli import main
    from som.io.files import dump_yaml

    data = som.load_calculation(MOVE).to_data()
    data["uncertainty"] = {"success_rate": {"low": 0.15, "high": 0.3},
                           "costs": {"low": 0.8, "high": 1.3}}
    calc = som.Calculation.model_validate(data)
    source = tmp_path / "move.yaml"
    source.write_text(dump_yaml(calc), encoding="utf-8")
    out = tmp_path / "move.xlsx"
    assert main(["export", str(source), str(out), "--no-kb", "--draws", "300", "--seed", "7"]) == 0
    assert "med arket Usikkerhed" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    ws = wb["Usikkerhed"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    values = [r for r in ws.iter_rows(values_only=True) if r[0] == "Monte Carlo-trækninger"]
    assert values == [("Monte Carlo-trækninger", 300, *[None] * (len(values[0]) - 2))]
    with zipfile.ZipFile(out) as z:
        drawing = next(n for n in z.namelist() if n.startswith("xl/drawings/drawing")
                       and n.endswith(".xml") and "Usikkerhed" in _sheet_of(z, n))
        rels = z.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels").decode()
        charts = [z.read("xl/charts/" + c).decode() for c in re.findall(r"charts/(chart\d+\.xml)",
                                                                        rels)]
    assert any("<c:lineChart>" in c and "95 %-fraktil" in c for c in charts)  # the fan
    assert any("<c:barChart>" in c and '<c:barDir val="bar"/>' in c for c in charts)  # tornado
    assert load_workbook_calculation(out) == calc


def _sheet_of(z: zipfile.ZipFile, drawing: str) -> str:
    """The title of the sheet a drawing part belongs to."""
    book = z.read("xl/workbook.xml").decode()
    titles = re.findall(r'<sheet name="([^"]+)"', book)
    for n, title in enumerate(titles, start=1):
        rels = f"xl/worksheets/_rels/sheet{n}.xml.rels"
        if rels in z.namelist() and drawing.split("/")[-1] in z.read(rels).decode():
            return title
    return ""


def test_the_app_download_carries_the_uncertainty_sheet_when_the_file_asks():
    from som.views.files import workbook_bytes

    data = som.load_calculation(MOVE).to_data()
    data["uncertainty"] = {"success_rate": {"low": 0.15, "high": 0.3}, "draws": 200, "seed": 1}
    result = som.calculate(som.Calculation.model_validate(data), kb=None)
    raw = workbook_bytes(result)
    assert "Usikkerhed" in openpyxl.load_workbook(io.BytesIO(raw)).sheetnames
    plain = workbook_bytes(som.calculate(som.load_calculation(MOVE), kb=None))
    assert "Usikkerhed" not in openpyxl.load_workbook(io.BytesIO(plain)).sheetnames


def test_sheet_text_does_not_point_at_the_spec_or_the_docs(tmp_path):
    """Users have the workbook, not the specification or docs/: no '§', 'spec' or 'docs/' in any
    cell's text, typed or inside a formula, on any sheet (v2 keys and a knowledge base too)."""
    path = tmp_path / "full.xlsx"
    export_workbook(som.calculate(kb_calculation(), kb=fake_kb()), path, kb=fake_kb())
    wb = openpyxl.load_workbook(path)
    found = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and re.search(r"§|\bspec|docs/", c.value, re.I)]
    assert not found, found[:5]
