"""The Udvalg sheet counts a person's edits as the engine does (spec v2 §2.12), in LibreOffice.

A calculation whose every line and item has a committee (udvalg) is exported, then edited in
LibreOffice itself (UNO): a new cost line with its Udvalg cell left blank, an existing line's
Udvalg cleared, a price's Udvalg cleared, a new committee typed on a line, a row inserted in the
cost table. The engine counts a line or item without a committee under 'Ikke fordelt', and a new
name as a committee of its own; the workbook must do the same with no alarm, and its Udvalg
sheet must show the engine's committees and figures to the øre (oracle: the engine on the saved
file). Edits the sheet cannot follow (more new committees than rows, a committee typed twice)
must show an alarm naming the cell.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sheet_helpers import section_rows, typed_line

import som
from som.io.excel import layout as L
from som.io.excel.export import export_workbook

pytestmark = pytest.mark.slow
F, P = L.FORUDSAETNINGER, L.PRISER
FIRST, ROWS = 5, 7  # the Udvalg sheet's first committee row (1-based); 4 committees + 3 spare
TABLE = [f"{L.UDVALG}!{c}{r}" for r in range(FIRST, FIRST + ROWS) for c in "ABCDEF"]

CALC = {
    "som_version": 1, "meta": {"title": "Alle udvalg"},
    "settings": {"start_year": 2030, "horizon_years": 3, "price_year": 2030,
                 "discount_rate": 0.0,
                 "budget_areas": {"indkomstoverfoersler": "Beskæftigelsesudvalget",
                                  "voksensocial": "Socialudvalget"}},
    "intervention": {"name": "Test", "participants": [10], "success_rate": 0.5},
    "costs": [
        {"name": "Socialrådgiver", "type": "operating", "payer": "kommune", "amounts": [6000],
         "budget_area": "Socialudvalget"},
        {"name": "Mentor", "type": "per_participant", "payer": {"kommune": 0.5, "stat": 0.5},
         "amount": 400, "budget_area": "Beskæftigelsesudvalget"},
        {"name": "IT", "type": "startup", "payer": "kommune", "amounts": [1000],
         "budget_area": "Økonomiudvalget"}],
    "saved_costs": [{"name": "Gammelt tilbud", "type": "operating", "payer": "kommune",
                     "amounts": [0, 500, 500], "budget_area": "Socialudvalget"}],
    "consequences": [{"item": "kontanthjaelp", "delta_per_success": [-2, -2, -2]},
                     {"item": "botilbud", "delta_per_success": [-1, -1]},
                     {"item": "skat", "delta_per_success": [4, 4, 4]}],
    "prices": {
        "kontanthjaelp": {"kind": "expenditure", "area": "indkomstoverfoersler", "kommune": 100,
                          "stat": 200},
        "botilbud": {"kind": "expenditure", "area": "voksensocial",
                     "budget_area": "Sundhedsudvalget", "kommune": 300},
        "skat": {"kind": "revenue", "area": "skat", "budget_area": "Økonomiudvalget",
                 "kommune": 50, "stat": 150}},
}


def cases(base: Path) -> dict[str, tuple[list, bool]]:
    """name -> (edits, whether the workbook must show figures rather than an alarm)."""
    costs = section_rows(base)[f"{F}:{L.COSTS_MARKER}"] + 1  # the cost table's header row
    spare = costs + 4  # the first blank cost row
    bud = L.col_name(L.COST_COL["budget_area"])
    prices = openpyxl.load_workbook(base, read_only=True)[P]
    skat = next(r[0].row for r in prices.iter_rows(max_col=1) if r[0].value == "skat")
    price_bud = L.col_name(L.PRICE_COL["budget_area"])
    new = [f"Udvalg {n}" for n in range(1, 5)]
    return {
        "new_line_without_udvalg": (typed_line(spare, "Supervision", "drift", "kommune",
                                               [40000, 40000]), True),
        "udvalg_cleared_on_a_line": ([["clear", F, f"{bud}{costs + 1}"]], True),
        "udvalg_cleared_on_a_price": ([["clear", P, f"{price_bud}{skat}"]], True),
        "new_committee_on_a_new_line": (
            [*typed_line(spare, "Kultur", "drift", "kommune", [700]),
             ["text", F, f"{bud}{spare}", "Kultur- og fritidsudvalget"]], True),
        "inserted_row_without_udvalg": (
            [["insert", F, costs + 2, 1],
             *typed_line(costs + 2, "Indsat", "opstart", "kommune", [2500])], True),
        "more_new_committees_than_rows": (
            [e for n, name in enumerate(new)
             for e in [*typed_line(spare + n, name, "drift", "kommune", [100]),
                       ["text", F, f"{bud}{spare + n}", name]]], False),
        "a_committee_typed_twice": ([["text", L.UDVALG, f"A{FIRST + 4}", "Socialudvalget"]],
                                    False),
    }


@pytest.fixture(scope="module")
def edited(tmp_path_factory, libreoffice_edit):
    folder = tmp_path_factory.mktemp("udvalg-edits")
    base = folder / "udvalg.xlsx"
    result = som.calculate(som.Calculation.model_validate(CALC), kb=None)
    assert "Ikke fordelt" not in [a["area"] for a in result.summary["by_budget_area"]]
    export_workbook(result, base)
    table = cases(base)
    jobs = [{"in": str(base), "out": str(folder / f"{name}.xlsx"), "edits": edits,
             "read": [L.INPUT_OK, L.FIRST_PROBLEM], "cells": TABLE}
            for name, (edits, _) in table.items()]
    seen = libreoffice_edit(jobs)
    return {name: (table[name][1], Path(job["out"]), seen[job["out"]])
            for name, job in zip(table, jobs, strict=True)}


@pytest.mark.parametrize("name", ["new_line_without_udvalg", "udvalg_cleared_on_a_line",
                                  "udvalg_cleared_on_a_price", "new_committee_on_a_new_line",
                                  "inserted_row_without_udvalg"])
def test_udvalg_sheet_counts_the_edit_as_the_engine(edited, name):
    _, path, seen = edited[name]
    assert seen["names"][L.INPUT_OK], seen["names"][L.FIRST_PROBLEM]
    result = som.api.calculate_file(path, kb=None)
    cells = seen["cells"]
    rows = [[cells[f"{L.UDVALG}!{c}{r}"] for c in "ABCDEF"] for r in range(FIRST, FIRST + ROWS)]
    shown = {row[0]: row for row in rows if row[0]}
    areas = result.summary["by_budget_area"]
    assert set(shown) == {a["area"] for a in areas}  # every committee once, no other
    for area in areas:
        row = shown[area["area"]]
        assert row[1:5] == pytest.approx([area["costs"], area["saved_costs"], area["gains"],
                                          area["net"]], abs=0.005), area["area"]
        assert row[5] == pytest.approx(area["transfer"], abs=0.005), area["area"]
    if name != "new_committee_on_a_new_line":
        assert shown[L.UNASSIGNED][4] != 0  # the edit did move money to 'Ikke fordelt'
    else:
        assert shown["Kultur- og fritidsudvalget"][1] == pytest.approx(700)


def test_edits_the_sheet_cannot_follow_show_an_alarm_naming_the_cell(edited):
    for name in ("more_new_committees_than_rows", "a_committee_typed_twice"):
        _, path, seen = edited[name]
        assert not seen["names"][L.INPUT_OK], name
        problem = seen["names"][L.FIRST_PROBLEM]
        if name == "a_committee_typed_twice":
            assert problem.startswith(f"Kontrol: {L.UDVALG}!A{FIRST + 4} "), problem
            assert "to gange" in problem
        else:
            costs = section_rows(path)[f"{F}:{L.COSTS_MARKER}"] + 1
            bud = L.col_name(L.COST_COL["budget_area"])
            assert problem.startswith(f"Kontrol: {F}!{bud}{costs + 7} "), problem  # the 4th
            assert "'Udvalg 4'" in problem and "ikke flere rækker" in problem
