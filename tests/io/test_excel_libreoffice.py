"""The workbook's formulas compute the engine's figures (oracle: LibreOffice recalculation).

All workbooks are recalculated in ONE soffice call (module fixture, ~2-4 s): the spec example,
hand-made calculations that use every formula path, 20 generated calculations, and workbooks
whose inputs were changed with openpyxl (which drops every cached value, so only a real
recalculation can produce the expected numbers: the formulas are live).
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest
from fakekb import fake_kb, kb_calculation
from hypothesis import given, settings
from sheet_helpers import PROFILE
from strategies import calculations, simple_calculation_files

import som
from som.io.excel import layout as L
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation
from som.io.excel.layout import RESULT_NAMES as NAMES

pytestmark = pytest.mark.slow
KB = fake_kb()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MOVE = EXAMPLES / "move.yaml"  # the spec's example
BUNDLED = ["bundled_" + p.stem for p in sorted(EXAMPLES.glob("*.yaml"))] + ["bundled_profile"]
def _kb(case: str):
    if case == "with_kb":
        return KB
    return som.api.BUNDLED if case.startswith("bundled_") else None

FULL = {
    "som_version": 1,
    "meta": {"title": "Alle formelveje", "organisation": "Testkommune", "susi_phase": "modning"},
    "settings": {"start_year": 2024, "horizon_years": 12, "price_year": 2025,
                 "discount_rate": "finansministeriet", "consequence_start": "year_after",
                 "price_index": {2022: 97.5, 2023: 100.0, 2024: 101.7, 2025: 104.04}},
    "target_group": {"name": "Unge ledige", "area": "voksne", "success_criterion": "job"},
    "intervention": {"name": "Mentor", "participants": [40, 55.5, 60, 0, 20], "course_years": 1,
                     "completion_rate": 0.8, "success_rate_intervention": 0.45,
                     "success_rate_baseline": 0.15},
    "costs": [
        {"name": "Opstart", "type": "startup", "payer": {"kommune": 0.6, "stat": 0.4},
         "amounts": [300000], "price_year": 2023},
        {"name": "Drift", "type": "operating", "payer": "region",
         "amounts": [500000, 510000.25, 520000, 0, 100000], "price_year": 2024},
        {"name": "Pr. deltager", "type": "per_participant",
         "payer": {"kommune": 0.25, "region": 0.25, "stat": 0.5}, "amount": 2500.5},
    ],
    "saved_costs": [
        {"name": "Anbringelse undgået", "type": "operating", "payer": "kommune",
         "amounts": [0, 100000, 150000, 150000], "price_year": 2022},
        {"name": "Sparet sagsbehandling", "type": "per_participant", "payer": "stat",
         "amount": 300},
    ],
    "consequences": [
        {"item": "kontanthjaelp_uge", "delta_per_success": [-10, -12, -12, -10, -8, -4]},
        {"item": "skat_uge", "delta_per_success": [8, 12, 14, 14, 14, 14, 14, 14, 14, 14, 14]},
        {"item": "psykiatri_dag", "delta_per_success": [-1.5, -0.5]},
        {"item": "ubrugt_i_horisonten", "delta_per_success": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]},
    ],
    "prices": {
        "kontanthjaelp_uge": {"kind": "expenditure", "price_year": 2023, "kommune": 1200,
                              "stat": 1800, "name": "Kontanthjælp, uge", "unit": "uge"},
        "skat_uge": {"kind": "revenue", "kommune": 1100, "region": 12.5, "stat": 1400,
                     "source": {"title": "Egen beregning", "url": "https://example.org/skat"}},
        "psykiatri_dag": {"kind": "expenditure", "price_year": 2024, "region": 5400.75},
        "ubrugt_i_horisonten": {"kind": "revenue", "kommune": 1e6},
        "ikke_brugt": {"kind": "revenue", "kommune": 1},
    },
    "assumptions": [{"topic": "deadweight", "text": "Baseline fra kontrolgruppe", "source": "RCT"}],
}

NEVER_PAYS = {
    "som_version": 1, "meta": {"title": "=HYPERLINK(\"http://x\")"},
    "settings": {"start_year": 2030, "horizon_years": 4, "price_year": 2030, "discount_rate": 0.035},
    "intervention": {"name": "+dyr indsats", "participants": [10, 10], "success_rate": 0.05},
    "costs": [{"name": "-drift", "type": "operating", "payer": "kommune",
               "amounts": [1e6, 1e6, 1e6, 1e6]}],
    "consequences": [{"item": "@x", "delta_per_success": [-1]}],
    "prices": {"@x": {"kind": "expenditure", "kommune": 100}},
}


def _generated(n: int = 20, v2: bool = False) -> list[som.Calculation]:
    """`calculations()` (every schema option), or spec v2's keys (consequences during the
    course, vectors past the horizon, committees on lines and prices, a committee map, a budget
    period) from `simple_calculation_files(v2=True)`."""
    out: list[som.Calculation] = []
    strategy = simple_calculation_files(max_horizon=12, v2=True).map(
        som.Calculation.model_validate) if v2 else calculations(max_horizon=12)

    @settings(max_examples=n, database=None, derandomize=True, deadline=None)
    @given(strategy)
    def collect(calc):
        out.append(calc)

    collect()
    return out


def _name_value(wb, name: str):
    (sheet, cell), = list(wb.defined_names[name].destinations)
    return wb[sheet][cell.replace("$", "")].value


def _edit(path, changes: dict) -> None:
    """Change input cells with openpyxl (which writes no cached values at all)."""
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in changes.items():
        wb[sheet][cell] = value
    wb.save(path)


def _year_col(k: int) -> str:
    """Column letter of year index k on Forudsætninger."""
    return L.col_name(L.YEAR_COL0 + k)


def _field(key: str) -> tuple[str, str]:
    return "Forudsætninger", L.a1(L.FIELD_ROW[key], L.FIELD_VALUE_COL)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, libreoffice_recalc):
    folder = tmp_path_factory.mktemp("excel-lo")
    cases: dict[str, som.Calculation] = {
        "move": som.load_calculation(MOVE),
        "full": som.Calculation.model_validate(FULL),
        "never_pays": som.Calculation.model_validate(NEVER_PAYS),
    }
    for n, calc in enumerate(_generated(12)):
        cases[f"generated_{n:02d}"] = calc
    for n, calc in enumerate(_generated(8, v2=True)):
        cases[f"v2_{n:02d}"] = calc
    paths = {}
    for name, calc in cases.items():
        paths[name] = folder / f"{name}.xlsx"
        export_workbook(som.calculate(calc, kb=None), paths[name])
    cases["with_kb"] = kb_calculation()
    paths["with_kb"] = folder / "with_kb.xlsx"
    export_workbook(som.calculate(cases["with_kb"], kb=KB), paths["with_kb"], kb=KB)
    # The bundled knowledge base: every shipped example, and a target group's default profile
    # with prices from other price years (the knowledge base's own index).
    for example in sorted(EXAMPLES.glob("*.yaml")):
        name = f"bundled_{example.stem}"
        cases[name] = som.load_calculation(example)
        paths[name] = folder / f"{name}.xlsx"
        export_workbook(som.calculate(cases[name], base_dir=EXAMPLES), paths[name])
    cases["bundled_profile"] = som.Calculation.model_validate(PROFILE)
    paths["bundled_profile"] = folder / "bundled_profile.xlsx"
    export_workbook(som.calculate(cases["bundled_profile"]), paths["bundled_profile"])

    # Live formulas: change inputs in the exported workbook, recalculate, compare with the
    # engine on the same change made to the calculation.
    move = cases["move"].to_data()
    edited = copy.deepcopy(move)
    edited["intervention"]["participants"] = [50, 80, 50]
    edited["intervention"]["success_rate"] = 0.3
    edited["prices"]["kontanthjaelp_uge"]["kommune"] = 1500
    edited["costs"][1]["amounts"][2] = 450000
    cases["move_edited"] = som.Calculation.model_validate(edited)
    paths["move_edited"] = folder / "move_edited.xlsx"
    export_workbook(som.calculate(cases["move"], kb=None), paths["move_edited"])
    part = L.FIELD_ROW[L.FIELDS[-1].key] + 5  # 1-based row of the participants
    participants, behandlere = f"{_year_col(1)}{part}", f"{_year_col(2)}{part + 5}"
    _edit(paths["move_edited"], {("Forudsætninger", participants): 80,
                                 _field("intervention.success_rate"): 0.3, ("Priser", "F5"): 1500,
                                 ("Forudsætninger", behandlere): 450000})

    full = cases["full"].to_data()
    full_edited = copy.deepcopy(full)
    full_edited["settings"]["start_year"] = 2026
    full_edited["settings"]["consequence_start"] = "completion_year"
    full_edited["settings"]["discount_rate"] = 0.02
    full_edited["intervention"]["course_years"] = 0
    cases["full_edited"] = som.Calculation.model_validate(full_edited)
    paths["full_edited"] = folder / "full_edited.xlsx"
    export_workbook(som.calculate(cases["full"], kb=None), paths["full_edited"])
    _edit(paths["full_edited"], {_field("settings.start_year"): 2026,
                                 _field("settings.consequence_start"): "afslutningsåret",
                                 _field("settings.discount_rate"): 0.02,
                                 _field("intervention.course_years"): 0})

    names = list(paths)
    out = libreoffice_recalc([paths[n] for n in names])
    return {n: (cases[n], o) for n, o in zip(names, out, strict=True)}


CASES = ["move", "full", "never_pays", "move_edited", "full_edited", "with_kb", *BUNDLED] + [
    f"generated_{n:02d}" for n in range(12)] + [f"v2_{n:02d}" for n in range(8)]


@pytest.mark.parametrize("case", CASES)
def test_defined_names_equal_the_engine(recalculated, case):
    calc, path = recalculated[case]
    result = som.calculate(calc, kb=_kb(case), base_dir=EXAMPLES)
    t, bp = result.totals, result.by_payer
    expected = {"NET_TOTAL": t["net"], "NPV_TOTAL": t["net_present_value"],
                "COSTS_TOTAL": t["costs"], "GAINS_TOTAL": t["gains"],
                "SAVED_TOTAL": t["saved_costs"], "NET_KOMMUNE": bp["kommune"]["net"],
                "NET_REGION": bp["region"]["net"], "NET_STAT": bp["stat"]["net"],
                "NET_BUDGET_PERIOD": result.summary["budget_period"]["net"]}
    assert set(expected) == set(NAMES)
    wb = openpyxl.load_workbook(path, data_only=True)
    for name, want in expected.items():
        got = _name_value(wb, name)
        assert isinstance(got, int | float), (name, got)
        assert got == pytest.approx(want, abs=0.01, rel=1e-12), name


@pytest.mark.parametrize("case", ["move", "full", "never_pays", "move_edited", "full_edited",
                                  "with_kb", *BUNDLED])
def test_result_sheet_by_year_and_break_even(recalculated, case):
    calc, path = recalculated[case]
    result = som.calculate(calc, kb=_kb(case), base_dir=EXAMPLES)
    ws = openpyxl.load_workbook(path, data_only=True)["Resultat"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, max_row=17, max_col=2, values_only=True)}
    want_year = result.totals["break_even_year"]
    assert rows["Tilbagebetalingsår"][1] == (want_year if want_year is not None else "ingen")
    assert rows["Netto pr. deltager"][1] == pytest.approx(result.totals["net_per_participant"])
    by_year = [r for r in ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True)
               if isinstance(r[0], int) and r[0] >= 1990 and isinstance(r[5], int | float)]
    assert [r[0] for r in by_year] == [y["year"] for y in result.by_year]
    for row, want in zip(by_year, result.by_year, strict=True):
        assert row[4] == pytest.approx(want["net"], abs=0.01)
        assert row[5] == pytest.approx(want["cumulative_net"], abs=0.01)
    items = {r[0]: r for r in ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True)}
    for item in result.by_item():
        row = items[item["item"]]
        assert row[2:6] == pytest.approx([item["kommune"], item["region"], item["stat"],
                                          item["total"]], abs=0.01), item["item"]
    payers = {r[0]: r for r in ws.iter_rows(min_row=18, max_row=22, values_only=True)}
    for payer in ("kommune", "region", "stat"):
        b = result.by_payer[payer]
        no_flows = not (b["costs"] or b["saved_costs"] or b["gains"])  # spec v2 §2.8: "–"
        want = b["break_even_year"] if b["break_even_year"] is not None else (
            "–" if no_flows else "ingen")
        assert payers[payer.capitalize()][6] == want
        assert payers[payer.capitalize()][5] == pytest.approx(
            result.summary["budget_period"][payer], abs=0.01)  # spec v2 §2.11
    rate = result.totals["break_even_success_rate"]
    assert rows["Kritisk succesrate"][1] == ("–" if rate is None else
                                             pytest.approx(rate, rel=1e-9, abs=1e-12))


@pytest.mark.parametrize("case", CASES)
def test_udvalg_sheet_is_the_engines_split_on_committees(recalculated, case):
    """Spec v2 §2.12: costs, saved costs, gains, net and the transfer proposal by committee, and
    the committee's net by year, as the engine's by_budget_area."""
    calc, path = recalculated[case]
    result = som.calculate(calc, kb=_kb(case), base_dir=EXAMPLES)
    ws = openpyxl.load_workbook(path, data_only=True)[L.UDVALG]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, max_row=40, values_only=True) if r[0]}
    areas = result.summary["by_budget_area"]
    assert areas
    for area in areas:
        row = rows[area["area"]]
        assert row[1:5] == pytest.approx([area["costs"], area["saved_costs"], area["gains"],
                                          area["net"]], abs=0.01), area["area"]
        assert row[5] == ("–" if area["transfer"] is None else
                          pytest.approx(area["transfer"], abs=0.01)), area["area"]
        years = [y["net"] for y in area["by_year"]]
        assert row[7:7 + len(years)] == pytest.approx(years, abs=0.01), area["area"]


def test_edited_workbooks_moved(recalculated):
    """The edits change the result, so equality above is not the unedited figure by accident."""
    before = som.calculate(recalculated["move"][0], kb=None).totals["net"]
    after = som.calculate(recalculated["move_edited"][0], kb=None).totals["net"]
    assert abs(after - before) > 1_000_000


@pytest.mark.parametrize("case", ["move", "full", "never_pays", "move_edited", "full_edited",
                                  "with_kb", *BUNDLED])
def test_a_workbook_saved_by_libreoffice_imports(recalculated, case):
    calc, path = recalculated[case]
    assert load_workbook_calculation(path) == calc


def _discount_factors(calc: som.Calculation, n: int) -> list[float]:
    """Spec §2.7 by hand: D[0] = 1, D[y] = D[y-1] / (1 + r_y)."""
    rate = calc.settings.discount_rate
    out = [1.0]
    for y in range(1, n):
        r = (0.035 if y <= 35 else 0.025 if y <= 70 else 0.015) if rate == "finansministeriet" \
            else float(rate)
        out.append(out[-1] / (1 + r))
    return out


@pytest.mark.parametrize("case", ["move", "full", "never_pays", "move_edited", "full_edited",
                                  "with_kb", *BUNDLED])
def test_forside_kommune_present_value_and_return_per_krone(recalculated, case):
    """Forside's Kommune column: the engine reports the present value and the return per krone
    for the total only, so the oracle is the spec's definitions (§2.7, §2.10) on the engine's
    kommune figures, with discount factors computed here by hand."""
    calc, path = recalculated[case]
    result = som.calculate(calc, kb=_kb(case), base_dir=EXAMPLES)
    d = _discount_factors(result.calculation, len(result.by_year))
    npv = {p: sum(f * y[p] for f, y in zip(d, result.by_year, strict=True)) for p in L.PAYERS}
    assert sum(npv.values()) == pytest.approx(result.totals["net_present_value"], abs=0.01)
    k = result.by_payer["kommune"]
    ws = openpyxl.load_workbook(path, data_only=True)[L.FORSIDE]
    rows = {r[0]: r for r in ws.iter_rows(min_row=8, max_row=14, max_col=3, values_only=True)}
    assert rows["Nutidsværdi (diskonteret)"][2] == pytest.approx(npv["kommune"], abs=0.01)
    assert rows["Afkast pr. krone"][2] == (
        "–" if k["costs"] == 0 else pytest.approx((k["gains"] + k["saved_costs"]) / k["costs"],
                                                  rel=1e-12))
