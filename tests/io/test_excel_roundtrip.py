"""import(export(calc)) == calc for any valid calculation (oracle: the calculation itself).

The property runs the real export (all sheets, formulas, charts) into memory and the real
importer on the bytes, for 500 generated calculations covering every schema option
(SOM_ROUND_TRIP_EXAMPLES=5000 runs more; the workbook's checks and array formulas made one
export about eight times the work it was, so the default went down from 1,000).
"""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import calculations, simple_calculation_files

import som
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation

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
