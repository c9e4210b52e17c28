"""Tornado and switching values (issue 5). Oracles: hand calculations on the spec example
(net = 46,650,000·r − 2,275,000; gains 11,662,500; costs 2,275,000) and re-running the file with
the input moved, as an ordinary calculation."""

import pytest
from hypothesis import HealthCheck, given, reject, settings
from unc_helpers import MOVE, MOVE_UNC, calculations, close, load, rerun_draw, run, with_block

import som

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MOVE_NET = 9_387_500.0


def test_tornado_on_the_spec_example_by_hand():
    block = {"success_rate": {"low": 0.15, "high": 0.35}, "costs": {"low": 0.9, "high": 1.3},
             "prices": {"low": 0.95, "high": 1.05}}
    rows = som.tornado(load(with_block(MOVE, block)), kb=None)
    by_key = {r["input"]: r for r in rows}
    assert [r["input"] for r in rows] == ["success_rate", "prices", "costs"]  # by swing
    assert by_key["success_rate"]["net_low"] == pytest.approx(46_650_000 * 0.15 - 2_275_000, abs=1e-6)
    assert by_key["success_rate"]["net_high"] == pytest.approx(46_650_000 * 0.35 - 2_275_000, abs=1e-6)
    assert by_key["success_rate"]["swing"] == pytest.approx(9_330_000, abs=1e-6)
    assert by_key["costs"]["net_low"] == pytest.approx(11_662_500 - 0.9 * 2_275_000, abs=1e-6)
    assert by_key["costs"]["net_high"] == pytest.approx(11_662_500 - 1.3 * 2_275_000, abs=1e-6)
    assert by_key["prices"]["swing"] == pytest.approx(0.1 * 11_662_500, abs=1e-6)
    assert by_key["success_rate"]["label"] == "Succesrate (netto)"


def test_line_ranges_replace_the_global_factor_in_the_tornado():
    rows = {r["input"]: r for r in som.tornado(load(MOVE_UNC), kb=None)}
    # costs[1] (therapists, 1,800,000) has its own range; the global costs factor moves the rest.
    assert rows["costs[1]"]["swing"] == pytest.approx(0.6 * 1_800_000, abs=1e-6)
    assert rows["costs"]["swing"] == pytest.approx(0.4 * (2_275_000 - 1_800_000), abs=1e-6)
    assert rows["costs"]["label"] == "Omkostninger (øvrige linjer)"
    assert rows["costs[1]"]["label"] == "Omkostning: Behandlere"
    # tax: 37.5 successes × 62 weeks × 2,500 kr. = 5,812,500 kr. of the gains
    assert rows["consequences.skat_beskaeftiget_uge"]["swing"] == pytest.approx(0.7 * 5_812_500,
                                                                                abs=1e-6)


def _check_tornado_by_reruns(data):
    own_lines = {line["target"]: 1.0 for line in data["uncertainty"].get("lines", [])}
    central = run(data).totals  # the tornado works from the central figures: float noise scales
    central_scale = abs(central["gains"]) + central["costs"] + central["saved_costs"]  # with them
    for row in som.tornado(load(data), kb=None):
        for end in ("low", "high"):  # this input moved; every other one (own lines too) central
            oracle = rerun_draw(data, own_lines | {row["input"]: row[end]}).totals
            scale = max(central_scale,
                        abs(oracle["gains"]) + oracle["costs"] + oracle["saved_costs"])
            assert close(row[f"net_{end}"], oracle["net"], scale), (row, end)
        assert row["swing"] == abs(row["net_high"] - row["net_low"])


def test_tornado_swing_equals_two_deterministic_runs():
    _check_tornado_by_reruns(MOVE_UNC)


@PROPERTY
@given(calculations())
def test_tornado_swing_equals_two_deterministic_runs_for_any_calculation(data):
    _check_tornado_by_reruns(data)
    rows = som.tornado(load(data), kb=None)
    assert [r["swing"] for r in rows] == sorted((r["swing"] for r in rows), reverse=True)


def test_no_block_no_tornado():
    assert som.tornado(load(MOVE), kb=None) == []


def test_switching_values_on_the_spec_example_by_hand():
    sv = som.switching_values(load(MOVE), kb=None)
    assert sv["success_rate"] == pytest.approx(2_275_000 / 46_650_000, rel=1e-12)
    assert sv["cost_factor"] == pytest.approx(11_662_500 / 2_275_000, rel=1e-12)
    assert sv["consequence_factor"] == pytest.approx(2_275_000 / 11_662_500, rel=1e-12)
    spec = run(MOVE).totals["break_even_success_rate"]  # spec §2.9, computed by the engine
    assert sv["success_rate"] == pytest.approx(spec, rel=1e-12)


def _rerun(data, values):
    """The oracle re-run; a scaled file outside the documented input bounds (som.bounds: below the
    smallest non-zero number or above a maximum) cannot be written as a file, so hypothesis drops
    that example. Any other refusal fails the test."""
    try:
        return rerun_draw(data, values)
    except som.InputError as exc:
        bound = ("mindst 0,000001", "må højst være", "skal være mindst -")
        if not all(any(b in p.message for b in bound) for p in exc.problems):
            raise
        reject()


def _check_switching_by_reruns(data):
    sv = som.switching_values(load(data), kb=None)
    base = run(data).totals
    scale = abs(base["gains"]) + base["costs"] + base["saved_costs"]
    if sv["success_rate"] is not None and 0 <= sv["success_rate"] <= 1:
        assert close(_rerun(data, {"success_rate": sv["success_rate"]}).totals["net"], 0.0, scale)
    # (factors beyond 1e6 cannot be re-run: the scaled file would overflow to inf)
    if sv["cost_factor"] is not None and 0 <= sv["cost_factor"] < 1e6:
        lines = {f"costs[{n}]": sv["cost_factor"] for n in range(len(data["costs"]))}
        assert close(_rerun(data, lines).totals["net"], 0.0, scale * max(1, sv["cost_factor"]))
    if sv["consequence_factor"] is not None and 0 <= sv["consequence_factor"] < 1e6:
        for key in ("consequences", "prices"):  # both scale the gains alike
            assert close(_rerun(data, {key: sv["consequence_factor"]}).totals["net"], 0.0,
                         scale * max(1, sv["consequence_factor"]))
    return sv


def test_switching_values_zero_the_net_when_rerun():
    sv = _check_switching_by_reruns(MOVE_UNC)
    assert None not in sv.values()


@PROPERTY
@given(calculations(with_uncertainty=False))
def test_switching_values_zero_the_net_for_any_calculation(data):
    sv = _check_switching_by_reruns(data)
    spec = run(data).totals["break_even_success_rate"]
    if spec is not None:
        assert sv["success_rate"] == pytest.approx(spec, rel=1e-9, abs=1e-12)


def test_switching_values_are_none_where_the_input_does_not_move_the_net():
    data = with_block(MOVE, None)
    data["intervention"]["success_rate"] = 0.0
    data["costs"] = []
    sv = som.switching_values(load(data), kb=None)
    assert sv["cost_factor"] is None and sv["consequence_factor"] is None
    # with r = 0 the gain per unit rate is still known: the break-even rate is 0 (no costs)
    assert sv["success_rate"] == 0.0


def test_analysis_shares_one_calculation():
    out = som.analyse_uncertainty(load(MOVE_UNC), draws=200, seed=3, kb=None)
    assert set(out) == {"uncertainty", "tornado", "switching_values"}
    assert out["tornado"] == som.tornado(load(MOVE_UNC), kb=None)
    assert out["uncertainty"] == som.simulate(load(MOVE_UNC), draws=200, seed=3, kb=None).to_dict()
