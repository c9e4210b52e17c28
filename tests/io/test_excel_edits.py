"""One answer or a visible alarm (issue 12 §1): edits made in LibreOffice itself.

Each case edits the exported spec example through UNO the way a person does (typing text or
numbers, clearing a cell, inserting and deleting rows, which moves references and grows ranges
exactly as in the program), recalculates, saves, and then runs the engine on the saved file.
The workbook must either show exactly the engine's figures, or show the check's message on
Forside, on Resultat and in every result name instead of a number; a file the engine refuses
must never show a number. Oracles: the engine on the same file, and for the issue's own table
the figures it lists (9.387.500 kr., 9.087.500 kr., 8.650.000 kr.).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sheet_helpers import chart_titles
from sheet_helpers import section_rows as _rows
from sheet_helpers import typed_line as _line

import som
from som.io.excel import layout as L
from som.io.excel.export import export_workbook

pytestmark = pytest.mark.slow
MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"
F, K, P, A = L.FORUDSAETNINGER, L.KONSEKVENSER, L.PRISER, L.ANTAGELSER
NAMES = [*L.RESULT_NAMES, L.INPUT_OK, L.FIRST_PROBLEM]
CHECK_LINE, NET_CELL = f"{L.FORSIDE}!A4", f"{L.FORSIDE}!B8"

ENGINE, ALARM, EITHER = "engine", "alarm", "either"


def _field(key: str) -> str:
    return L.a1(L.FIELD_ROW[key], L.FIELD_VALUE_COL)


def cases(r: dict[str, int]) -> dict[str, tuple[list, str, float | None]]:
    """name -> (edits, expected outcome, the issue's net figure when it gives one)."""
    costs = r[f"{F}:{L.COSTS_MARKER}"] + 1  # header row of the costs table
    saved = r[f"{F}:{L.SAVED_MARKER}"] + 1
    index = r[f"{F}:{L.INDEX_MARKER}"] + 1
    unc = r[f"{F}:{L.UNCERTAINTY_MARKER}"] + 1
    part = r[f"{F}:{L.PARTICIPANTS_MARKER}"] + 2  # the participants row
    price_end, cons_end = r[f"{P}:{L.END_MARKER}"], r[f"{K}:{L.END_MARKER}"]
    budget = r[f"{F}:{L.BUDGET_MARKER}"] + 1  # header of the committee map
    course0 = L.col_name(L.CONSEQUENCE_YEAR_COL0 + 10)  # 'Forløb år 0' (10 years since success)
    sr, horizon = _field("intervention.success_rate"), _field("settings.horizon_years")
    return {
        # --- the table ---------------------------------------------------------------
        "payer_with_trailing_space": ([["text", F, f"C{costs + 2}", "kommune "]], ENGINE, 9_387_500),
        "kind_with_trailing_space": ([["text", P, "D5", "udgift "]], ENGINE, 9_387_500),
        "completion_rate_blank": ([["clear", F, _field("intervention.completion_rate")]], ENGINE,
                                  9_387_500),
        "success_rate_as_text": ([["text", F, sr, "26 %"]], ALARM, None),
        "success_rate_25": ([["value", F, sr, 25]], ALARM, None),
        "line_below_the_lines": (_line(costs + 4, "Ekstra", "drift", "kommune", [300_000]), ENGINE,
                                 9_087_500),
        "horizon_10_to_6": ([["value", F, horizon, 6]], ENGINE, 8_650_000),
        # --- more of the same kind -------------------------------------------------------------
        "payer_in_capitals": ([["text", F, f"C{costs + 2}", "KOMMUNE"]], ENGINE, 9_387_500),
        "line_in_the_row_above_the_next_section": (
            _line(saved - 2, "Ekstra", "opstart", "stat", [10_000]), ENGINE, None),
        "price_below_the_end_of_priser": ([["text", P, f"A{price_end + 1}", "glemt"]], ALARM, None),
        "price_id_in_other_case": ([["text", P, "A5", "Kontanthjaelp_uge"]], ALARM, None),
        "participants_as_text": ([["text", F, f"J{part}", "50 personer"]], ALARM, None),
        "amount_as_a_formula": ([["formula", F, f"J{costs + 2}", "=500000+100000"]], ENGINE, None),
        "horizon_beyond_the_year_columns": ([["value", F, horizon, 12]], ALARM, None),
        "horizon_shorter_than_the_participants": ([["value", F, horizon, 2]], ALARM, None),
        "unknown_payer": ([["text", F, f"C{costs + 1}", "komune"]], ALARM, None),
        "shares_not_summing_to_one": ([["text", F, f"C{costs + 1}", "fordelt"],
                                       ["value", F, f"D{costs + 1}", 0.5],
                                       ["value", F, f"F{costs + 1}", 0.4]], ALARM, None),
        "baseline_above_intervention": ([["clear", F, sr],
                                         ["value", F, _field("intervention.success_rate_intervention"), 0.1],
                                         ["value", F, _field("intervention.success_rate_baseline"), 0.3]],
                                        ALARM, None),
        "price_year_missing_from_index": ([["value", P, "E5", 2019]], ALARM, None),
        "discount_finansministeriet_with_spaces": (
            [["text", F, _field("settings.discount_rate"), " Finansministeriet "]], ENGINE, None),
        # --- inserting and deleting rows in every table -----------------------------------------
        "costs_insert_inside": ([["insert", F, costs + 2, 1],
                                 *_line(costs + 2, "Indsat", "drift", "region", [1_000, 2_000])],
                                ENGINE, None),
        "costs_insert_under_the_header": ([["insert", F, costs + 1, 1],
                                           *_line(costs + 1, "Øverst", "opstart", "kommune", [5])],
                                          ENGINE, None),
        "costs_delete_a_line": ([["delete", F, costs + 2, 1]], ENGINE, None),
        "saved_insert_and_type": ([["insert", F, saved + 1, 1],
                                   *_line(saved + 1, "Sparet", "drift", "kommune", [50_000])],
                                  ENGINE, None),
        "saved_delete_a_spare_row": ([["delete", F, saved + 1, 1]], ENGINE, None),
        "participants_insert_a_row": ([["insert", F, part, 1]], ENGINE, None),
        "participants_delete_the_row": ([["delete", F, part, 1]], ALARM, None),
        "index_insert_and_type": ([["insert", F, index + 2, 1], ["value", F, f"A{index + 2}", 2022],
                                   ["value", F, f"B{index + 2}", 98.0]], ENGINE, None),
        "index_delete_a_year": ([["delete", F, index + 1, 1]], ENGINE, None),
        "uncertainty_range_without_the_switch": (
            [["insert", F, unc + 8, 1], ["text", F, f"A{unc + 8}", "costs[0]"],
             ["value", F, f"B{unc + 8}", 0.8], ["value", F, f"C{unc + 8}", 1.2]], ALARM, None),
        "uncertainty_switched_on_with_a_range": (
            [["text", F, f"B{unc + 1}", "ja"], ["insert", F, unc + 8, 1],
             ["text", F, f"A{unc + 8}", "costs[1]"], ["value", F, f"B{unc + 8}", 0.8],
             ["value", F, f"C{unc + 8}", 1.2]], ENGINE, None),
        "uncertainty_delete_a_row": ([["delete", F, unc + 9, 1]], ENGINE, None),
        "consequences_insert_and_type": ([["insert", K, 6, 1], ["text", K, "A6", "kontanthjaelp_uge"],
                                          ["text", K, "B6", "beregning"], ["value", K, "E6", -1],
                                          ["value", K, "F6", -2]], ENGINE, None),
        "consequences_delete_a_row": ([["delete", K, 5, 1]], ENGINE, None),
        "consequences_type_above_the_end": ([["text", K, f"A{cons_end - 1}", "skat_beskaeftiget_uge"],
                                             ["value", K, f"E{cons_end - 1}", 1]], ENGINE, None),
        "prices_insert_an_unused_price": ([["insert", P, 6, 1], ["text", P, "A6", "ny_pris"],
                                           ["text", P, "D6", "indtægt"], ["value", P, "F6", 10]],
                                          ENGINE, None),
        "prices_delete_a_used_price": ([["delete", P, 5, 1]], ALARM, None),
        "assumptions_insert_and_type": ([["insert", A, 6, 1], ["text", A, "A6", "Dødvægt"],
                                         ["text", A, "B6", "Fra et forsøg"]], ENGINE, None),
        "assumptions_source_without_text": ([["text", A, "C5", "en kilde"]], ALARM, None),
        "assumptions_delete_a_row": ([["delete", A, 6, 1]], ENGINE, None),
        "fields_insert_a_row_in_the_block": ([["insert", F, 10, 1]], ENGINE, None),
        "fields_delete_a_field_row": ([["delete", F, 8, 1]], ALARM, None),
        # --- spec v2 -----------------------------------------------------------------------------
        "committee_on_a_line_not_on_udvalg": ([["text", F, f"I{costs + 2}", "Socialudvalget"]],
                                              ENGINE, None),  # the sheet lists it by itself
        "committee_on_a_line_and_on_udvalg": ([["text", F, f"I{costs + 2}", "Socialudvalget"],
                                               ["text", L.UDVALG, "A6", "Socialudvalget"]],
                                              ENGINE, None),
        "during_course_typed": ([["value", K, f"{course0}5", -4]], ENGINE, None),
        "budget_period_2": ([["value", F, _field("settings.budget_period_years"), 2]], ENGINE, None),
        "budget_period_beyond_horizon": ([["value", F, _field("settings.budget_period_years"), 11]],
                                         ALARM, None),
        "committee_map_with_an_unknown_area": ([["text", F, f"A{budget + 1}", "ukendt_omraade"],
                                                ["text", F, f"B{budget + 1}", "Socialudvalget"]],
                                               ALARM, None),
        "insert_above_the_headers": ([["insert", F, 3, 1], ["insert", K, 2, 2], ["insert", P, 3, 1]],
                                     ENGINE, None),
    }


@pytest.fixture(scope="module")
def edited(tmp_path_factory, libreoffice_edit):
    folder = tmp_path_factory.mktemp("edits")
    base = folder / "move.xlsx"
    export_workbook(som.calculate(som.load_calculation(MOVE), kb=None), base)
    table = cases(_rows(base))
    jobs = [{"in": str(base), "out": str(folder / f"{name}.xlsx"), "edits": edits,
             "read": NAMES, "cells": [CHECK_LINE, NET_CELL]}
            for name, (edits, _, _) in table.items()]
    index = _rows(base)[f"{F}:{L.INDEX_MARKER}"] + 5  # the first spare row of the price index
    titles = [f"{L.FORSIDE}!{c}" for c in chart_titles(base)]
    jobs.append({"in": str(base), "out": str(folder / "titles.xlsx"), "read": NAMES,
                 "cells": titles, "edits": [
                     ["value", F, _field("settings.start_year"), 2030],
                     ["value", F, f"A{index}", 2026], ["value", F, f"B{index}", 106.1],
                     ["value", F, _field("settings.price_year"), 2026],
                     ["value", F, _field("settings.horizon_years"), 8]]})
    results = libreoffice_edit(jobs)
    out = {name: (table[name], Path(job["out"]), results[job["out"]])
           for name, job in zip(table, jobs, strict=False)}
    out["titles"] = (titles, Path(jobs[-1]["out"]), results[jobs[-1]["out"]])
    return out


def _engine(path: Path):
    try:
        return som.api.calculate_file(path, kb=None), None
    except som.InputError as exc:
        return None, exc


def _engine_figures(result) -> dict[str, float]:
    t, bp = result.totals, result.by_payer
    return {"NET_TOTAL": t["net"], "NPV_TOTAL": t["net_present_value"], "COSTS_TOTAL": t["costs"],
            "GAINS_TOTAL": t["gains"], "SAVED_TOTAL": t["saved_costs"],
            "NET_KOMMUNE": bp["kommune"]["net"], "NET_REGION": bp["region"]["net"],
            "NET_STAT": bp["stat"]["net"]}


CASES = list(cases(defaultdict(lambda: 40)))


@pytest.mark.parametrize("name", CASES)
def test_engine_figures_or_a_visible_alarm(edited, name):
    (_, expected, net), path, seen = edited[name]
    names, cells = seen["names"], seen["cells"]
    result, error = _engine(path)
    ok = names[L.INPUT_OK]
    assert ok in (True, False, 1.0, 0.0), names
    if ok:
        assert result is not None, f"the workbook shows figures, the engine refuses: {error}"
        for key, want in _engine_figures(result).items():
            assert isinstance(names[key], float), (key, names[key])
            assert names[key] == pytest.approx(want, abs=0.01), key
        assert cells[NET_CELL] == pytest.approx(result.totals["net"], abs=0.01)
        assert cells[CHECK_LINE].startswith("✓")
    else:
        problem = names[L.FIRST_PROBLEM]
        assert isinstance(problem, str) and problem.startswith("Kontrol: "), problem
        for key in L.RESULT_NAMES:  # never a number while a check fails
            assert not isinstance(names[key], float), (key, names[key])
        assert names["NET_TOTAL"] == problem and cells[CHECK_LINE] == problem
        assert problem.startswith(cells[NET_CELL]) and cells[NET_CELL].startswith("Kontrol: ")
    if expected == ENGINE:
        assert ok and result is not None, (names[L.FIRST_PROBLEM], error)
    elif expected == ALARM:
        assert not ok, "expected a visible alarm"
    if net is not None:
        assert names["NET_TOTAL"] == pytest.approx(net, abs=0.01)


def test_chart_titles_follow_the_inputs(edited):
    """Period, price level and payback year in the charts' titles are live formulas."""
    titles, path, seen = edited["titles"]
    result = som.api.calculate_file(path, kb=None)
    bars, line = (seen["cells"][ref] for ref in titles)
    assert bars == "Nettoresultat pr. år og betaler, 2030–2037 (prisniveau 2026)"
    assert line == ("Kumuleret nettoresultat – tilbagebetalingsår: "
                    f"{result.totals['break_even_year']}")
    assert result.totals["break_even_year"] == 2031


def test_the_alarm_names_the_cell_that_is_wrong(edited):
    sr = f"{F}!{_field('intervention.success_rate')}"
    for name in ("success_rate_as_text", "success_rate_25"):
        problem = edited[name][2]["names"][L.FIRST_PROBLEM]
        assert problem.startswith(f"Kontrol: {sr} "), problem
    assert "andel" in edited["success_rate_25"][2]["names"][L.FIRST_PROBLEM]
    problem = edited["unknown_payer"][2]["names"][L.FIRST_PROBLEM]
    assert "'komune'" in problem and problem.startswith(f"Kontrol: {F}!C"), problem


def test_the_edited_files_import_as_the_engine_reads_them(edited):
    """Rows inserted by LibreOffice (and its empty last row) do not stop the importer."""
    for name in ("costs_insert_inside", "costs_delete_a_line", "consequences_delete_a_row",
                 "insert_above_the_headers", "fields_insert_a_row_in_the_block"):
        assert som.load_calculation(edited[name][1]).meta.title.startswith("MOVE")


def test_som_run_warns_exactly_when_the_saved_workbook_differs(edited):
    """Reconciliation (issue 12 §2) on files LibreOffice saved: silent when the workbook shows
    the engine's figures, a warning when it shows an alarm for a file the engine computes."""
    from som.io.excel.reconcile import warning_for

    warned = 0
    for name, (_, path, seen) in edited.items():
        result, _ = _engine(path)
        if result is None:
            continue
        warning = warning_for(path, result)
        if seen["names"][L.INPUT_OK]:
            assert warning is None, (name, warning)
        else:
            assert warning and seen["names"][L.FIRST_PROBLEM] in warning, name
            warned += 1
    assert warned >= 1  # e.g. a horizon beyond the workbook's year columns
