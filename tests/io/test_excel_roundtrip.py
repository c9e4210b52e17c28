"""import(export(calc)) == calc for any valid calculation (oracle: the calculation itself).

The property runs the real export (all sheets, formulas, charts) into memory and the real
importer on the bytes, for 500 generated calculations covering every schema option
(SOM_ROUND_TRIP_EXAMPLES=5000 runs more; the workbook's checks and array formulas made one
export about eight times the work it was, so the default went down from 1,000).
"""

from __future__ import annotations

import copy
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import calculations, simple_calculation_files

import som
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation
from som.io.files import calculation_from_data

ROUND_TRIP = settings(max_examples=int(os.environ.get("SOM_ROUND_TRIP_EXAMPLES", "500")),
                      deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def round_trip(calc: som.Calculation) -> som.Calculation:
    buffer = io.BytesIO()
    export_workbook(som.calculate(calc, kb=None), buffer)
    return load_workbook_calculation(buffer.getvalue())


@ROUND_TRIP
@given(calculations())
def test_import_of_export_is_the_same_calculation(calc):
    back = round_trip(calc)
    assert back == calc
    assert back.to_data() == calc.to_data()


@settings(max_examples=int(os.environ.get("SOM_ROUND_TRIP_EXAMPLES", "500")) // 5,
          deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(simple_calculation_files(v2=True))
def test_spec_v2_keys_round_trip(data):
    """during_course (also without delta_per_success, and past the horizon), budget_area on
    lines and prices, price areas, settings.budget_areas (empty too) and budget_period_years."""
    calc = som.Calculation.model_validate(data)
    back = round_trip(calc)
    assert back == calc
    assert back.to_data() == calc.to_data()


def test_spec_example_round_trips_and_runs_the_same(spec_example_path, tmp_path):
    calc = som.load_calculation(spec_example_path)
    path = tmp_path / "move.xlsx"
    export_workbook(som.calculate(calc, kb=None), path)
    back = som.load_calculation(path)  # dispatches .xlsx to the importer
    assert back == calc
    assert som.calculate(back, kb=None).to_dict() == som.calculate(calc, kb=None).to_dict()
    assert som.calculate(back, kb=None).totals["net"] == pytest.approx(9_387_500.0, abs=0.005)


def test_longest_horizon_round_trips():
    calc = som.Calculation.model_validate({
        "som_version": 1, "meta": {"title": "50 år"},
        "settings": {"start_year": 2025, "horizon_years": 50, "price_year": 2025,
                     "discount_rate": "finansministeriet"},
        "intervention": {"name": "x", "participants": [float(n) for n in range(50)],
                         "success_rate": 0.1 + 0.2},
        "costs": [{"name": "drift", "type": "operating", "payer": "kommune",
                   "amounts": [1 / 3] * 50}],
        "consequences": [{"item": "a", "delta_per_success": [-(n ** 0.5) for n in range(50)]}],
        "prices": {"a": {"kind": "expenditure", "kommune": 1e-3 + 1e5}},
    })
    assert round_trip(calc) == calc


@pytest.mark.parametrize("target", ["bytesio", "path", "str"])
def test_export_targets(tmp_path, target, spec_example_path):
    result = som.calculate(som.load_calculation(spec_example_path), kb=None)
    if target == "bytesio":
        buffer = io.BytesIO()
        export_workbook(result, buffer)
        source = buffer
        buffer.seek(0)
    else:
        path = tmp_path / "out.xlsx"
        export_workbook(result, path if target == "path" else str(path))
        source = path if target == "path" else str(path)
    assert load_workbook_calculation(source) == result.calculation


EFFECT_FILE = {
    "som_version": 1, "meta": {"title": "Effekt"},
    "settings": {"start_year": 2025, "horizon_years": 5, "price_year": 2025},
    "intervention": {"name": "Cool Kids", "participants": [40, 40]},
    "costs": [{"name": "Drift", "type": "operating", "payer": "kommune", "amounts": [1000]}],
    "consequences": [{"item": "a", "delta_per_success": [-1, -1]}],
    "prices": {"a": {"kind": "expenditure", "kommune": 100, "stat": 50}},
}
EFFECTS = {
    "cohens_d_with_ci": {"measure": "cohens_d", "value": 0.45, "ci": [0.2, 0.7],
                         "control_rate": 0.3},
    "hedges_g": {"measure": "hedges_g", "value": 0.3, "control_rate": 0.25},
    "odds_ratio_with_ci": {"measure": "odds_ratio", "value": 1.8, "ci": [1.2, 2.7],
                           "control_rate": 0.2},
    "risk_ratio": {"measure": "risk_ratio", "value": 1.5, "control_rate": 0.3},
    "risk_difference": {"measure": "risk_difference", "value": 0.12, "control_rate": 0.4},
    "nnt_with_a_study": {"measure": "nnt", "value": 6, "control_rate": 0.2,
                         "study": "cool_kids_rct_2016"},
}


def _effect_file(name: str, **uncertainty) -> dict:
    data = copy.deepcopy(EFFECT_FILE)
    data["intervention"]["effect"] = EFFECTS[name]
    if uncertainty:
        data["uncertainty"] = uncertainty
    return data


def _exported(calc: som.Calculation, kb) -> bytes:
    buffer = io.BytesIO()
    export_workbook(som.calculate(calc, kb=kb), buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, uncertainty", [
    *((name, {}) for name in EFFECTS),
    ("cohens_d_with_ci", {"success_rate": {"low": 0.05, "high": 0.2}}),  # the file's range wins
    ("odds_ratio_with_ci", {"costs": {"low": 0.9, "high": 1.2}, "seed": 0, "draws": 200}),
])
def test_the_effect_block_survives_export_and_import(name, uncertainty):
    """intervention.effect (docs/effect.md) comes back as written: the sheets compute with the
    rates it resolves to, the import gives the effect back instead of them (and drops the
    uncertainty range its interval gave), and the calculation gives the same result."""
    calc = calculation_from_data(_effect_file(name, **uncertainty))
    kb = som.api.BUNDLED if EFFECTS[name].get("study") else None
    back = load_workbook_calculation(_exported(calc, kb))
    assert back.to_data() == calc.to_data()
    assert back == calc
    assert som.calculate(back, kb=kb).to_dict() == som.calculate(calc, kb=kb).to_dict()


def test_rates_typed_over_the_effect_are_the_calculation():
    """A person who types another success rate in the workbook chose that rate: the import
    returns the typed rates (the workbook's figures), not an effect they no longer equal, and
    says in the assumptions log which effect they replace."""
    from sheet_helpers import edit_bytes

    from som.io.excel import layout as L

    calc = calculation_from_data(_effect_file("cohens_d_with_ci"))
    row = L.FIELD_ROW["intervention.success_rate_intervention"] + 1

    def type_rate(wb):
        wb[L.FORUDSAETNINGER].cell(row, L.FIELD_VALUE_COL + 1).value = 0.5

    back = load_workbook_calculation(edit_bytes(_exported(calc, None), type_rate))
    assert back.intervention.effect is None
    assert (back.intervention.success_rate_intervention, back.intervention.success_rate_baseline
            ) == (0.5, 0.3)
    # ... and the effect they replaced is not lost: one line in the assumptions log says which
    # (written out here, not by the code's own formatter), and a second round trip keeps it once.
    said = ("Succesraterne er skrevet i arbejdsbogen og erstatter effekten fra den eksporterede "
            "beregning: Cohens d = 0,45 (95 %-interval 0,2 til 0,7), succesrate uden indsats "
            "30 %.")
    assert [(a.topic, a.text, a.source) for a in back.assumptions] == [
        ("success_measure", said, "arbejdsbogen")]
    again = load_workbook_calculation(_exported(back, None))
    assert again.to_data() == back.to_data()
