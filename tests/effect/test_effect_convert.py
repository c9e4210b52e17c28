"""Effect size -> success rate (issue 14): hand-calculated table, hypothesis properties, and one
Danish error naming the key for every impossible input.

Oracles: the table's values were worked out by hand (normal quantiles/CDF from a printed table,
cross-checked with the standard library's statistics.NormalDist, which shares no code with scipy);
the properties restate the formulas' mathematical facts, not the code.
"""

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from som.effect.convert import (
    MEASURES,
    EffectError,
    check_interval,
    effect_scale,
    success_rate,
    success_rate_interval,
)

# (measure, value, p0, p1 by hand). Working:
#  d 0.45 at 0.30: Φ⁻¹(0.30) = −0.524401; −0.524401 + 0.45 = −0.074401; Φ(−0.074401) = 0.470346
#  g 0.50 at 0.10: Φ⁻¹(0.10) = −1.281552; −0.781552 → Φ = 0.217239
#  d 1.00 at 0.50: Φ(0 + 1) = 0.841345
#  d −0.30 at 0.40: Φ⁻¹(0.40) = −0.253347; −0.553347 → Φ = 0.290013 (a harmful effect)
#  OR 2 at 0.25: 2·0.25 / (0.75 + 0.5) = 0.4
#  OR 3.1 at 0.555: 1.7205 / (0.445 + 1.7205) = 1.7205 / 2.1655 = 0.794505
#  OR 0.5 at 0.5: 0.25 / 0.75 = 0.333333
#  RR 1.5 at 0.3: 0.45;  RR 2.5 at 0.4: 1.0 (the edge, allowed)
#  RD 0.12 at 0.465: 0.585;  RD −0.1 at 0.3: 0.2
#  NNT 5 at 0.3: 0.3 + 0.2 = 0.5;  NNT 8 at 0.53: 0.53 + 0.125 = 0.655;  NNT −10 at 0.3: 0.2
TABLE = [
    ("cohens_d", 0.45, 0.30, 0.470346),
    ("hedges_g", 0.50, 0.10, 0.217239),
    ("cohens_d", 1.00, 0.50, 0.841345),
    ("cohens_d", -0.30, 0.40, 0.290013),
    ("odds_ratio", 2.0, 0.25, 0.4),
    ("odds_ratio", 3.1, 0.555, 0.794505),
    ("odds_ratio", 0.5, 0.5, 0.333333),
    ("risk_ratio", 1.5, 0.3, 0.45),
    ("risk_ratio", 2.5, 0.4, 1.0),
    ("risk_difference", 0.12, 0.465, 0.585),
    ("risk_difference", -0.1, 0.3, 0.2),
    ("nnt", 5, 0.3, 0.5),
    ("nnt", 8, 0.53, 0.655),
    ("nnt", -10, 0.3, 0.2),
]


@pytest.mark.parametrize(("measure", "value", "p0", "p1"), TABLE)
def test_hand_calculated_table(measure, value, p0, p1):
    assert success_rate(measure, value, p0) == pytest.approx(p1, abs=5e-7)


def test_every_measure_is_in_the_table():
    assert {row[0] for row in TABLE} == set(MEASURES)


@pytest.mark.parametrize("p0", [0.01, 0.057, 0.3, 0.5, 0.93])
@pytest.mark.parametrize("d", [-1.0, 0.0, 0.2, 0.45, 2.5])
def test_latent_normal_matches_an_independent_normal(p0, d):
    n = NormalDist()
    want = n.cdf(n.inv_cdf(p0) + d)
    assert success_rate("cohens_d", d, p0) == pytest.approx(want, abs=1e-12)
    assert success_rate("hedges_g", d, p0) == success_rate("cohens_d", d, p0)


def test_arrays_broadcast_like_scalars():
    values = np.array([0.2, 0.45, 0.7])
    got = success_rate("cohens_d", values, 0.3)
    assert got.shape == (3,)
    assert list(got) == [success_rate("cohens_d", float(v), 0.3) for v in values]


# --- properties -----------------------------------------------------------------------------

rates = st.floats(min_value=1e-6, max_value=1 - 1e-6)
effects = {
    "cohens_d": st.floats(-6, 6), "hedges_g": st.floats(-6, 6),
    "odds_ratio": st.floats(1e-6, 1e6), "risk_ratio": st.floats(1e-6, 50),
    "risk_difference": st.floats(-1.5, 1.5),
    "nnt": st.one_of(st.floats(1.0, 1e6), st.floats(-1e6, -1.0)),
}
measure = st.sampled_from(sorted(MEASURES))


def _raw(measure, value, p0):
    """The formula without any checks, for the 'refuses exactly when it leaves [0, 1]' property."""
    if measure in ("cohens_d", "hedges_g"):
        n = NormalDist()
        return n.cdf(n.inv_cdf(p0) + value)
    formulas = {"odds_ratio": lambda: value * p0 / (1 - p0 + value * p0),
                "risk_ratio": lambda: value * p0, "risk_difference": lambda: p0 + value,
                "nnt": lambda: p0 + 1 / value}
    return formulas[measure]()


@given(st.data(), measure, rates)
def test_monotone_in_the_effect(data, m, p0):
    a = data.draw(effects[m])
    b = data.draw(effects[m])
    a, b = sorted((a, b), key=lambda v: float(effect_scale(m, v)))
    try:
        low, high = success_rate(m, a, p0), success_rate(m, b, p0)
    except EffectError:
        assume(False)
    assert low <= high


@given(measure, rates)
def test_no_effect_gives_the_control_rate(m, p0):
    assert success_rate(m, MEASURES[m].null, p0) == pytest.approx(p0, abs=1e-12)


@given(st.data(), measure, rates)
def test_stays_in_unit_interval_and_refuses_exactly_when_it_would_leave(data, m, p0):
    value = data.draw(effects[m])
    raw = _raw(m, value, p0)
    if 0 <= raw <= 1:
        p1 = success_rate(m, value, p0)
        assert 0 <= p1 <= 1
    else:
        with pytest.raises(EffectError) as exc:
            success_rate(m, value, p0)
        assert exc.value.key == "value"
        assert "100 %" in exc.value.message or "0 %" in exc.value.message


@given(measure, st.one_of(st.floats(max_value=0), st.floats(min_value=1), st.just(math.nan)))
def test_control_rate_outside_the_open_unit_interval_is_refused(m, p0):
    with pytest.raises(EffectError) as exc:
        success_rate(m, 1.5, p0)
    assert exc.value.key == "control_rate"
    assert "succesraten uden indsats" in exc.value.message


# --- impossible inputs: one Danish message naming the key ------------------------------------

@pytest.mark.parametrize(("m", "value", "p0", "key", "text"), [
    ("odds_ratio", 0, 0.3, "value", "OR (odds ratio) skal være større end 0, fik 0"),
    ("odds_ratio", -2, 0.3, "value", "skal være større end 0, fik -2"),
    ("risk_ratio", 0, 0.3, "value", "skal være større end 0"),
    ("risk_ratio", 4, 0.3, "value", "RR må højst være 1/p0 = 3,33333"),
    ("risk_difference", 0.8, 0.3, "value", "RD skal ligge mellem -0,3 og 0,7"),
    ("nnt", 0, 0.3, "value", "NNT kan ikke være 0"),
    ("nnt", 1.2, 0.3, "value", "over 100 %"),
    ("cohens_d", math.inf, 0.3, "value", "endeligt tal"),
    ("cohens_d", math.nan, 0.3, "value", "skal være et tal"),
    ("cohens_d", 0.4, 0.0, "control_rate", "mellem 0 og 1 (begge udelukket), fik 0"),
    ("cohens_d", 0.4, 1.3, "control_rate", "fik 1,3"),
    ("parametric", 0.4, 0.3, "measure", "ukendt effektmål"),
])
def test_impossible_inputs(m, value, p0, key, text):
    with pytest.raises(EffectError) as exc:
        success_rate(m, value, p0)
    assert exc.value.key == key
    assert text in exc.value.message


@pytest.mark.parametrize(("m", "value", "ci", "text"), [
    ("cohens_d", 0.45, [0.5, 0.7], "indeholder ikke effekten 0,45"),
    ("cohens_d", 0.45, [0.7, 0.2], "nedre grænse 0,7 er større end den øvre 0,2"),
    ("nnt", 5, [6, 10], "indeholder ikke effekten 5"),
    ("nnt", 5, [-20, 10], "krydser 'ingen effekt'"),
    ("risk_ratio", 1.5, [1.2, 4.0], "intervallets grænse: RR = 4"),
])
def test_impossible_intervals(m, value, ci, text):
    with pytest.raises(EffectError) as exc:
        success_rate_interval(m, value, ci, 0.3)
    assert exc.value.key == "ci"
    assert text in exc.value.message


def test_interval_gives_the_rates_at_its_ends_low_first():
    assert success_rate_interval("cohens_d", 0.45, [0.2, 0.7], 0.3) == pytest.approx(
        (0.372817, 0.569696), abs=5e-7)
    # NNT: a larger NNT is a smaller effect, so [3, 10] gives 0.3 + 1/10 .. 0.3 + 1/3
    assert success_rate_interval("nnt", 5, [3, 10], 0.3) == pytest.approx((0.4, 0.3 + 1 / 3))
    assert check_interval("nnt", -10, [-20, -5]) == (-20, -5)


def test_schema_offers_exactly_the_measures_converted():
    from typing import get_args

    from som.schema import Effect

    assert set(get_args(Effect.model_fields["measure"].annotation)) == set(MEASURES)
