"""The conversion of one effect in Danish words, for `som effekt` and the app's effect step."""

from __future__ import annotations

from dataclasses import dataclass

from som.effect.convert import (
    LATENT_NOTE,
    MEASURES,
    num,
    pct,
    success_rate,
    success_rate_interval,
)


@dataclass(frozen=True)
class Conversion:
    measure: str
    value: float
    control_rate: float
    ci: tuple[float, float] | None
    p1: float
    interval: tuple[float, float] | None  # p1 at the interval's ends, low first

    @property
    def net(self) -> float:
        return self.p1 - self.control_rate

    @property
    def shown_p1(self) -> float:
        """p1 to the hundredth of a percent, as `rows` shows it: the rate a person keeps when
        the effect is switched off (not 0,2602739726027397).

        >>> convert("odds_ratio", 1.5, 0.19).shown_p1
        0.2603
        """
        return round(self.p1, 4)

    @property
    def heading(self) -> str:
        m = MEASURES[self.measure]
        return (f"Effekt {m.symbol} = {num(self.value)} ({m.label}), succesrate uden indsats "
                f"{pct(self.control_rate)}")

    @property
    def formula(self) -> str:
        m = MEASURES[self.measure]
        return m.formula + (LATENT_NOTE if m.latent_normal else "")

    def rows(self) -> list[tuple[str, str]]:
        """(label, Danish text) for the rates, net and interval."""
        out = [("Succesrate med indsats", pct(self.p1)),
               ("Succesrate uden indsats", pct(self.control_rate)),
               ("Nettosuccesrate", points(self.net))]
        if self.interval is not None and self.ci is not None:
            lo, hi = self.interval
            out.append((f"95 %-interval [{num(self.ci[0])}; {num(self.ci[1])}]",
                        f"{pct(lo)}–{pct(hi)} med indsats (netto "
                        f"{pct(lo - self.control_rate).removesuffix(' %')}–"
                        f"{points(hi - self.control_rate)})"))
        return out

    @property
    def harmful(self) -> bool:
        return self.p1 < self.control_rate


def points(share: float) -> str:
    """0.1703 -> '17,03 procentpoint'."""
    return f"{pct(share).removesuffix(' %')} procentpoint"


def convert(measure: str, value: float, control_rate: float, ci=None) -> Conversion:
    """The rates for one effect (EffectError naming the key if an input is impossible)."""
    p1 = success_rate(measure, value, control_rate)
    interval = success_rate_interval(measure, value, ci, control_rate) if ci else None
    return Conversion(measure, value, control_rate, tuple(ci) if ci else None, p1, interval)


HARMFUL = ("OBS: effekten betyder færre succeser med indsatsen end uden; en beregning kan ikke "
           "bruge den (vend effektmålet, hvis studiet måler et negativt udfald).")
