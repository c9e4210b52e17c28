"""Diff of two versions and export round-trips. Oracles: hand-written data, spec §4 figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from store_helpers import SPEC_NET, VALUE_PER_SUCCESS, variant

import som
from som.errors import InputError
from som.store import diff_versions, export_version, key_path_changes, save_calculation


def test_key_path_changes_by_hand():
    before = {"meta": {"title": "A"}, "costs": [{"amounts": [1, 2]}, {"amount": 5}],
              "prices": {"x": {"kommune": 10}}}
    after = {"meta": {"title": "B"}, "costs": [{"amounts": [1, 2, 3]}],
             "prices": {"x": {"kommune": 10}, "y": {"stat": 7}}}
    got = [(c.path, c.before, c.after, c.kind) for c in key_path_changes(before, after)]
    assert got == [
        ("meta.title", "A", "B", "ændret"),
        ("costs[0].amounts[2]", None, 3, "tilføjet"),
        ("prices.y.stat", None, 7, "tilføjet"),
        ("costs[1].amount", 5, None, "fjernet"),
    ]
    assert key_path_changes(before, before) == []


def test_diff_of_two_versions(lib, move):
    save_calculation(lib, move, kb=None)
    changed = variant(move, **{"intervention.success_rate": 0.30,
                               "intervention.participants": [50, 50, 50, 20]})
    save_calculation(lib, changed, calculation_id=1, kb=None)
    d = diff_versions(lib, 1, 1, 2)
    assert [(c.path, c.before, c.after) for c in d.changes] == [
        ("intervention.participants[3]", None, 20.0),
        ("intervention.success_rate", 0.25, 0.30),
    ]
    # Hand: successes 150·0.25 = 37.5 -> 170·0.30 = 51; each worth 311,000 kr (all within the
    # horizon: the 2028 cohort's profile runs 2028-2032); 20 more gift cards at 1,500 kr.
    gains_change = (51 - 37.5) * VALUE_PER_SUCCESS
    assert d.figure("gains").delta == pytest.approx(gains_change, abs=0.005)
    assert d.figure("costs").delta == pytest.approx(20 * 1500, abs=0.005)
    assert d.figure("net").delta == pytest.approx(gains_change - 20 * 1500, abs=0.005)
    assert d.figure("net").before == pytest.approx(SPEC_NET, abs=0.005)
    assert d.figure("net_present_value").delta == pytest.approx(d.figure("net").delta, abs=0.005)
    assert d.figure("break_even_year").delta == 0
    assert d.same_knowledge_base
    assert diff_versions(lib, 1, 2, 2).changes == []


def test_yaml_export_round_trip(lib, move, tmp_path):
    save_calculation(lib, move, kb=None, author="Anne")
    save_calculation(lib, variant(move, **{"intervention.success_rate": 0.3}), calculation_id=1,
                     kb=None)
    out = tmp_path / "v1.yaml"
    assert export_version(lib, 1, 1, out) == []
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Eksporteret fra som-biblioteket: beregning 1, version 1")
    loaded = som.load_calculation(out)
    assert loaded == move
    assert som.calculate(loaded, kb=None).to_dict() == som.calculate(move, kb=None).to_dict()
    assert lib.get(1, 1).result["totals"] == som.calculate(loaded, kb=None).totals
    json_out = tmp_path / "v2.json"
    export_version(lib, 1, None, json_out)  # latest
    assert som.load_calculation(json_out) == lib.get(1, 2).calculation


def test_export_refuses_unknown_suffix(lib, move, tmp_path):
    save_calculation(lib, move, kb=None)
    with pytest.raises(InputError, match=r"\.yaml, \.json eller \.xlsx"):
        export_version(lib, 1, None, tmp_path / "x.pdf")


def test_xlsx_export_without_exporter_says_so(lib, move, tmp_path, monkeypatch):
    """An installation without the Excel module: a Danish message, no file, no traceback."""
    monkeypatch.setitem(sys.modules, "som.io.excel.export", None)  # import now raises
    save_calculation(lib, move, kb=None)
    with pytest.raises(InputError, match="Excel-eksport er ikke tilgængelig"):
        export_version(lib, 1, None, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.skipif(importlib.util.find_spec("som.io.excel.export") is None,
                    reason="som.io.excel.export is written on another branch")
def test_xlsx_export_writes_a_workbook_that_loads_back(lib, move, tmp_path):
    save_calculation(lib, move, kb=None)
    out = tmp_path / "x.xlsx"
    export_version(lib, 1, None, out)
    assert out.stat().st_size > 0
    back = som.load_calculation(out)  # exact round-trip is the Excel module's own test
    assert back.meta.title == move.meta.title
    assert som.calculate(back, kb=None).totals["net"] == pytest.approx(SPEC_NET, abs=0.005)


def test_xlsx_export_of_a_version_saved_with_an_overlay(lib, tmp_path):
    """The workbook is made with the same loaded knowledge base as the version's result."""
    root = Path(__file__).resolve().parents[2] / "examples"
    calc = som.load_calculation(root / "cti_hjemloese.yaml")
    info = save_calculation(lib, calc, overlays=[root / "kb_overlay_eksempel"],
                            base_dir=root)
    out = tmp_path / "cti.xlsx"
    assert export_version(lib, 1, None, out) == []  # same knowledge base: no note
    back = som.load_calculation(out)
    assert som.calculate(back, overlays=[root / "kb_overlay_eksempel"],
                         base_dir=root).totals["net"] == pytest.approx(info.net, abs=0.005)
