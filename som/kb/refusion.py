"""State refusion as sourced rules: a price stores its gross amount and the rule it falls under;
the loader computes the kommune/stat split with the rule set in force in the price's year.

Three kinds of rule (`knowledge_base/refusion_rules.yaml`):

* ``tærskel``  særligt dyre enkeltsager (SEL § 176 / barnets lov § 198): the state refunds a share
  of a case's yearly cost above each threshold;
* ``andel``    a flat share (e.g. § 109 kvindekrisecentre: 50 %);
* ``trappe``   a share by how long the citizen has been on public support (refusionstrappen,
  L 4 2015); the price names the week it is valued at.

Each rule holds periods (first and last year in force) with their own source, because the rules
changed: before 2021 § 176 had two steps and higher thresholds, from 2021 (L 197) three steps.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from som.kb.schema import Finite, Id, Provenanced, Record, RefusionRef, Text, _closed

RULE_KINDS: tuple[str, ...] = ("tærskel", "andel", "trappe")
UNITS_PER_YEAR = {"døgn": 365, "dag": 365, "uge": 52, "måned": 12, "år": 1}
RuleKind = Annotated[str, _closed("regeltype", RULE_KINDS)]


def _share(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"en refusionsandel skal ligge i [0, 1] (fik {value})")
    return value


Share = Annotated[float, AfterValidator(_share)]


class Band(Record):
    """Above `above` kr a year (case cost), the state refunds `share` of the part above."""

    above: Finite
    share: Share


class Step(Record):
    """From week `from_week` on public support, the state refunds `share`."""

    from_week: int
    share: Share


class RulePeriod(Provenanced):
    first_year: int
    last_year: int | None = None
    level_year: int | None = None  # thresholds stated at this year's level ("2020-niveau")
    bands: list[Band] | None = None
    share: Share | None = None
    steps: list[Step] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> RulePeriod:
        given = [k for k in ("bands", "share", "steps") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("@bands: angiv præcis én af bands, share eller steps")
        if self.last_year is not None and self.last_year < self.first_year:
            raise ValueError("@last_year: ligger før first_year")
        for name in ("bands", "steps"):
            rows = getattr(self, name)
            key = "above" if name == "bands" else "from_week"
            if rows is not None and [getattr(r, key) for r in rows] != sorted(
                    {getattr(r, key) for r in rows}):
                raise ValueError(f"@{name}: skal stå i stigende orden uden gentagelser")
        return self

    def span(self) -> str:
        if self.last_year is None:
            return f"fra {self.first_year}"
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class RefusionRule(Record):
    id: Id
    name: Text
    kind: RuleKind
    law: Text
    description: str | None = None
    periods: list[RulePeriod] = Field(min_length=1)
    origin: str = "base"

    @model_validator(mode="after")
    def _shapes(self) -> RefusionRule:
        want = {"tærskel": "bands", "andel": "share", "trappe": "steps"}[self.kind]
        for n, period in enumerate(self.periods):
            if getattr(period, want) is None:
                raise ValueError(f"@periods[{n}].{want}: en {self.kind}-regel skal have {want}")
        spans = sorted(self.periods, key=lambda p: p.first_year)
        for before, after in zip(spans, spans[1:], strict=False):
            if before.last_year is None or after.first_year <= before.last_year:
                raise ValueError("@periods: perioderne overlapper")
        return self

    def period_for(self, year: int) -> tuple[RulePeriod, str | None]:
        """The period in force in `year`, or the nearest one with a Danish note saying so."""
        for period in self.periods:
            if period.covers(year):
                return period, None
        def distance(p: RulePeriod) -> int:
            return p.first_year - year if year < p.first_year else year - (p.last_year or year)

        nearest = min(self.periods, key=distance)
        return nearest, (f"ingen regelperiode dækker prisåret {year}; nærmeste kendte regelsæt "
                         f"({nearest.span()}) er brugt")


def _kr(value: float) -> str:
    """Danish thousands and decimal separators: 1234567.5 -> '1.234.567,50'."""
    value = round(value, 2)
    text = f"{value:,.0f}" if value == round(value) else f"{value:,.2f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".")


def _pct(share: float) -> str:
    """0.25 -> '25 %' (Danish style, space before the sign)."""
    return f"{share * 100:g} %"


def _band_refund(annual: float, bands: list[Band]) -> tuple[float, list[str]]:
    total, parts = 0.0, []
    uppers = [b.above for b in bands[1:]] + [float("inf")]
    for band, upper in zip(bands, uppers, strict=True):
        part = max(0.0, min(annual, upper) - band.above)
        if part > 0:
            total += part * band.share
            parts.append(f"{_pct(band.share)} af {_kr(part)}")
    return total, parts


def state_share(rule: RefusionRule, ref: RefusionRef, unit: str, price_year: int,
                region: float = 0.0) -> tuple[float, str]:
    """(stat amount per unit, Danish derivation text); raises ValueError with a Danish message."""
    period, note = rule.period_for(price_year)
    gross = ref.gross
    level = ""
    if period.level_year is not None and period.level_year != price_year:
        level = (f" Tærsklerne er {period.level_year}-niveau og ikke reguleret til prisåret "
                 f"{price_year}.")
    head = f"{rule.name} ({rule.law}), regelsæt {period.span()}"
    if rule.kind == "tærskel":
        per_year = UNITS_PER_YEAR.get(unit)
        if per_year is None:
            raise ValueError(f"en tærskelregel kræver en enhed pr. tid (fik {unit!r})")
        annual = gross * per_year
        refund, parts = _band_refund(annual, period.bands or [])
        stat = refund / per_year
        how = (f"{_kr(gross)} kr/{unit} × {per_year} = {_kr(annual)} kr/år; refusion "
               + (" + ".join(parts) + f" = {_kr(refund)} kr/år ÷ {per_year}"
                  if parts else "0 (under laveste tærskel)"))
    elif rule.kind == "andel":
        stat = gross * (period.share or 0.0)
        how = f"{_pct(period.share or 0.0)} af {_kr(gross)} kr/{unit}"
    else:
        if ref.week is None:
            raise ValueError("en trappe-regel kræver 'week' på prisen")
        steps = [s for s in period.steps or [] if s.from_week <= ref.week]
        if not steps:
            raise ValueError(f"uge {ref.week} ligger før trappens første trin")
        share = steps[-1].share
        stat = gross * share
        how = f"trin fra uge {steps[-1].from_week} ({_pct(share)}) af {_kr(gross)} kr/{unit}"
    stat = round(stat, 2)
    kommune = round(gross - stat - region, 2)
    if kommune < 0:
        raise ValueError("regionens andel og statsrefusionen er større end bruttobeløbet")
    text = (f"{head}: {how} → stat {_kr(stat)}, kommune {_kr(kommune)}"
            + (f", region {_kr(region)}" if region else "") + "." + level)
    if note:
        text += f" Bemærk: {note}."
    return stat, text


def apply_refusion(records: dict, where: dict, problems: list) -> None:
    """Fill in kommune/stat (and the derivation) of every price with a `refusion` block, in place
    in `records['prices']`; a price whose rule cannot be applied becomes a problem."""
    rules = records.get("refusion_rules", {})
    prices = records.get("prices", {})
    for pid, price in list(prices.items()):
        ref = price.refusion
        if ref is None:
            continue
        region = price.region or 0.0
        try:
            stat, text = state_share(rules[ref.rule], ref, price.unit, price.price_year, region)
            for other in ref.compare:
                alt, _ = state_share(rules[other], ref, price.unit, price.price_year, region)
                text += (f" Til sammenligning efter {rules[other].name} ({rules[other].law}): "
                         f"stat {_kr(alt)}.")
        except ValueError as exc:
            problems.append((f"{where[pid]}: {pid}.refusion", str(exc)))
            continue
        kommune = round(ref.gross - stat - region, 2)
        prices[pid] = price.model_copy(update={"kommune": kommune, "stat": stat, "region": region,
                                               "refusion_derivation": text})
