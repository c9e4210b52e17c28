"""Effect size -> success rate with the intervention (issue 14; formulas and references in
docs/effect.md).

Pure functions on floats or numpy arrays (broadcast): no I/O, no pydantic. scipy is imported only
inside `success_rate` for the two standardised mean differences, so importing this module stays
cheap (`som run` on a file without an effect block never loads scipy).

Every measure is oriented so that a larger effect means more successes: p1 = the share reaching
the success criterion with the intervention, p0 = without it (the control rate).

    >>> round(float(success_rate("cohens_d", 0.45, 0.30)), 4)
    0.4703
    >>> float(success_rate("odds_ratio", 2.0, 0.25))
    0.4
    >>> float(success_rate("nnt", 5, 0.30))
    0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Measure:
    label: str  # Danish, as shown to users
    symbol: str  # the letter in the formula
    formula: str  # p1 from p0 and the effect, as shown to users
    null: float  # the value that means "no effect" (p1 = p0)
    latent_normal: bool  # the conversion assumes a normally distributed latent outcome


MEASURES: dict[str, Measure] = {
    "cohens_d": Measure("Cohens d", "d", "p1 = Φ(Φ⁻¹(p0) + d)", 0.0, True),
    "hedges_g": Measure("Hedges' g", "g", "p1 = Φ(Φ⁻¹(p0) + g)", 0.0, True),
    "odds_ratio": Measure("odds ratio", "OR", "p1 = OR·p0 / (1 − p0 + OR·p0)", 1.0, False),
    "risk_ratio": Measure("relativ risiko, risk ratio", "RR", "p1 = RR·p0", 1.0, False),
    "risk_difference": Measure("risikoforskel, risk difference", "RD", "p1 = p0 + RD", 0.0, False),
    "nnt": Measure("number needed to treat", "NNT", "p1 = p0 + 1/NNT", math.inf, False),
}


LATENT_NOTE = " (antager et normalfordelt underliggende udfald)"  # said wherever d or g is converted


class EffectError(ValueError):
    """An impossible effect input. `key` is the effect block's key (value, ci, control_rate,
    measure); `message` is Danish and shown to users as it is."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


def num(value: float) -> str:
    """0.45 -> '0,45' (Danish decimal comma in messages).

    >>> num(0.45), num(-2.0), num(math.inf)
    ('0,45', '-2', 'uendelig')
    """
    if math.isinf(value):
        return "uendelig" if value > 0 else "minus uendelig"
    return f"{value:.6g}".replace(".", ",")


def pct(share: float) -> str:
    """0.3 -> '30 %', 0.4703 -> '47,03 %' (at most two decimals, as a person writes it; the
    shared Danish formatter, som.fmt).

    >>> pct(0.3), pct(0.4703), pct(0.2602739726027397), pct(-0.00001)
    ('30 %', '47,03 %', '26,03 %', '0 %')
    """
    from som import fmt

    return f"{fmt.exact(round(share * 100, 2))} %"


def _first(mask: np.ndarray, values: np.ndarray) -> float:
    return float(np.broadcast_to(values, mask.shape)[mask][0])


def check_control_rate(control_rate) -> np.ndarray:
    p0 = np.asarray(control_rate, dtype=float)
    bad = ~((p0 > 0) & (p0 < 1))  # NaN fails both comparisons
    if bad.any():
        first = _first(bad, p0)
        hint = f"; en andel skrives som decimaltal: {num(first)} % er {num(first / 100)}" if (
            1 < first <= 100) else ""
        raise EffectError("control_rate", "succesraten uden indsats skal ligge mellem 0 og 1 "
                                          f"(begge udelukket), fik {num(first)}{hint}")
    return p0


def _check_value(measure: str, d: np.ndarray) -> None:
    symbol = MEASURES[measure].symbol
    if np.isnan(d).any():
        raise EffectError("value", f"{symbol} skal være et tal")
    infinite = np.isinf(d)
    if measure != "nnt" and infinite.any():
        raise EffectError("value", f"{symbol} skal være et endeligt tal")
    if measure in ("odds_ratio", "risk_ratio"):
        bad = d <= 0
        if bad.any():
            raise EffectError("value", f"{symbol} ({MEASURES[measure].label}) skal være større "
                                       f"end 0, fik {num(_first(bad, d))}")
    if measure == "nnt":
        bad = d == 0
        if bad.any():
            raise EffectError("value", "NNT kan ikke være 0 (1/NNT er procentpoint mere succes)")


def success_rate(measure: str, value, control_rate):
    """p1 for an effect `value` of kind `measure` at control rate p0 (docs/effect.md).

    Raises EffectError naming the key when an input is impossible or p1 would leave [0, 1]
    (never clips). Returns a float for scalar inputs, else an array of the broadcast shape.
    """
    if measure not in MEASURES:
        raise EffectError("measure", f"ukendt effektmål {measure!r}; tilladt: "
                                     f"{', '.join(MEASURES)}")
    p0 = check_control_rate(control_rate)
    d = np.asarray(value, dtype=float)
    _check_value(measure, d)
    if measure in ("cohens_d", "hedges_g"):
        # Φ and Φ⁻¹ of scipy.stats.norm are scipy.special.ndtr / ndtri (what norm.cdf and
        # norm.ppf call); imported directly and lazily, because importing scipy.stats costs
        # several times more start-up (docs/effect.md §7).
        from scipy.special import ndtr, ndtri

        p1 = ndtr(ndtri(p0) + d)
    elif measure == "odds_ratio":
        p1 = d * p0 / (1 - p0 + d * p0)
    elif measure == "risk_ratio":
        p1 = d * p0
    elif measure == "risk_difference":
        p1 = p0 + d
    else:  # nnt
        p1 = p0 + 1 / d
    bad = ~((p1 >= 0) & (p1 <= 1))
    if bad.any():
        p0_at, d_at, p1_at = (_first(bad, a) for a in (p0, d, p1))
        m = MEASURES[measure]
        side = "over 100 %" if p1_at > 1 else "under 0 %"
        raise EffectError("value", f"{m.symbol} = {num(d_at)} med en succesrate uden indsats på "
                                   f"{pct(p0_at)} giver en succesrate med indsats {side} "
                                   f"({m.formula} = {num(p1_at)}){_limit(measure, p0_at)}")
    return float(p1) if p1.ndim == 0 else p1


def _limit(measure: str, p0: float) -> str:
    """The admissible range of the effect at this control rate, for the error message."""
    if measure == "risk_ratio":
        return f"; RR må højst være 1/p0 = {num(1 / p0)}"
    if measure == "risk_difference":
        return f"; RD skal ligge mellem {num(-p0)} og {num(1 - p0)}"
    if measure == "nnt":
        return f"; NNT skal være mindst {num(1 / (1 - p0))} (eller højst {num(-1 / p0)} ved skade)"
    return ""


def effect_scale(measure: str, value):
    """The effect on a scale where larger means more success and `null` maps to 0 for NNT:
    1/NNT for nnt, the value itself otherwise (used to order effects and intervals)."""
    d = np.asarray(value, dtype=float)
    return 1 / d if measure == "nnt" else d


def check_interval(measure: str, value: float, ci) -> tuple[float, float]:
    """`ci` as (low, high) on the effect scale; EffectError('ci', ...) if it excludes `value`."""
    lo, hi = (float(x) for x in ci)
    if lo > hi:
        raise EffectError("ci", f"den nedre grænse {num(lo)} er større end den øvre {num(hi)}")
    if measure == "nnt" and lo * hi <= 0:
        raise EffectError("ci", "et NNT-interval, der krydser 'ingen effekt' (NNT uendelig), kan "
                                "ikke bruges; angiv effekten som risk_difference (1/NNT) i stedet")
    if measure == "nnt":
        # An NNT interval is read on the 1/NNT scale: [3, 10] holds 5 (1/3 ≥ 1/5 ≥ 1/10).
        ok = 1 / hi <= 1 / value <= 1 / lo
    else:
        ok = lo <= value <= hi
    if not ok:
        raise EffectError("ci", f"intervallet [{num(lo)}; {num(hi)}] indeholder ikke effekten "
                                f"{num(value)}; skriv [nedre; øvre] omkring værdien")
    return lo, hi


def success_rate_interval(measure: str, value: float, ci, control_rate: float) -> tuple[float, float]:
    """p1 at the two ends of the effect's interval, low first (EffectError naming 'ci')."""
    lo, hi = check_interval(measure, value, ci)
    try:
        ends = success_rate(measure, np.array([lo, hi]), control_rate)
    except EffectError as exc:
        if exc.key != "value":
            raise
        raise EffectError("ci", f"intervallets grænse: {exc.message}") from None
    return float(min(ends)), float(max(ends))
