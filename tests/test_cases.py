"""Hand-calculated cases, one YAML file each in tests/cases/ (runner in the OpenFisca style).

A case file has exactly: oracle (where the expected figures came from), description (the hand
calculation), calculation (a calculation file, spec §1) and expected (a subset of the spec §3
result: totals, by_payer, by_year keyed by calendar year; v2: budget_period, by_budget_area
keyed by committee name (its by_year keyed by calendar year), notes as fragments each of which
must appear in one note, or [] for none; optional tolerance in kr).
"""

from pathlib import Path

import pytest
import yaml

import som
from som.io.files import calculation_from_data

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
CASE_KEYS = {"oracle", "description", "calculation", "expected"}
ORACLES = {"hand", "spec", "libreoffice", "snapshot"}


def _compare(where: str, expected, actual, tol: float) -> list[str]:
    if expected is None or actual is None or isinstance(expected, bool):
        return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]
    if abs(actual - expected) > tol:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) == CASE_KEYS, f"case keys must be exactly {sorted(CASE_KEYS)}"
    assert case["oracle"] in ORACLES
    expected = dict(case["expected"])
    tol = expected.pop("tolerance", 0.005)  # half an øre
    assert set(expected) <= {"totals", "by_payer", "by_year", "budget_period", "by_budget_area",
                             "notes"}
    result = som.calculate(calculation_from_data(case["calculation"], str(path)), kb=None)
    errors: list[str] = []
    for key, value in expected.get("totals", {}).items():
        errors += _compare(f"totals.{key}", value, result.totals[key], tol)
    for payer, figures in expected.get("by_payer", {}).items():
        for key, value in figures.items():
            errors += _compare(f"by_payer.{payer}.{key}", value, result.by_payer[payer][key], tol)
    rows = {row["year"]: row for row in result.by_year}
    for year, figures in expected.get("by_year", {}).items():
        for key, value in figures.items():
            errors += _compare(f"by_year.{year}.{key}", value, rows[year][key], tol)
    for key, value in expected.get("budget_period", {}).items():
        if key == "years" and value != result.budget_period["years"]:
            errors.append(f"budget_period.years: {value} != {result.budget_period['years']}")
        elif key != "years":
            errors += _compare(f"budget_period.{key}", value, result.budget_period[key], tol)
    if "by_budget_area" in expected:
        areas = {row["area"]: row for row in result.by_budget_area}
        if list(expected["by_budget_area"]) != list(areas):
            errors.append(f"by_budget_area: areas {list(areas)}, expected "
                          f"{list(expected['by_budget_area'])} (in this order)")
        for area, figures in expected["by_budget_area"].items():
            for key, value in figures.items():
                if key == "by_year":
                    got = {r["year"]: r["net"] for r in areas.get(area, {}).get("by_year", [])}
                    for year, net in value.items():
                        errors += _compare(f"by_budget_area.{area}.{year}", net, got.get(year), tol)
                else:
                    errors += _compare(f"by_budget_area.{area}.{key}", value,
                                       areas.get(area, {}).get(key), tol)
    if "notes" in expected:
        if expected["notes"] == [] and result.notes:
            errors.append(f"notes: expected none, got {result.notes}")
        for fragment in expected["notes"]:
            if not any(fragment in note for note in result.notes):
                errors.append(f"notes: {fragment!r} in none of {result.notes}")
    assert not errors, "\n".join(errors)


def test_there_are_cases():
    assert len(CASES) >= 6
