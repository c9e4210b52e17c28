"""Record types of the knowledge base (pydantic v2, strict, frozen).

Every record says where its numbers came from: `status` is one of

* ``published``    the figure is taken as printed in the cited source;
* ``derived``      computed from a published figure; ``derivation`` says how;
* ``calibrated``   an assumed shape scaled so that it reproduces a published per-person total
                   (profiles: the figure, its URL and quote and the arithmetic in `calibration`);
* ``illustrative`` a reasoned assumption; ``derivation`` gives the reasoning.

Statuses are ordered from strongest to weakest as listed; a profile's status is the weakest of
its items' statuses.

Closed vocabularies (units, kinds, statuses, evidence levels) are checked by validators that
raise Danish messages, because those messages reach users unchanged (see `messages.py`). A
model-level validator names the key it is about by starting its message with ``@key: `` so that
the loader can point at e.g. ``kontanthjaelp_uge.derivation`` rather than the whole record.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from som import bounds as B
from som.errors import shown

UNITS: tuple[str, ...] = (
    "år",
    "måned",
    "uge",
    "døgn",
    "dag",
    "time",
    "kontakt",
    "sag",
    "forløb",
    "person",
)
KINDS: tuple[str, ...] = ("expenditure", "revenue")
STATUSES: tuple[str, ...] = ("published", "derived", "calibrated", "illustrative")  # strongest first
AREA_GROUPS: tuple[str, ...] = ("voksne", "børn og unge")
EFFECT_TYPES: tuple[str, ...] = (
    "andel",
    "procentpoint",
    "relativ_ændring",
    "effektstørrelse",
    "retning",
)
PAYERS: tuple[str, ...] = ("kommune", "region", "stat")
NORDIC_COUNTRIES: tuple[str, ...] = ("Danmark", "Sverige", "Norge", "Finland", "Island")
MAX_PROFILE_YEARS = 50  # the calculation horizon is at most 50 years (spec §1)


def weakest_status(statuses: list[str]) -> str:
    """The weakest of some statuses ('illustrative' is the weakest of all).

    >>> weakest_status(["published", "calibrated", "derived"])
    'calibrated'
    """
    return max(statuses, key=STATUSES.index)


def _closed(name: str, allowed: tuple[str, ...]):
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"ukendt {name} {shown(value)}; tilladt: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("skal være et endeligt tal")
    return value


def _snake_id(value: str) -> str:
    ok = value and value[0].isalpha() and all(c.islower() or c.isdigit() or c == "_" for c in value)
    if not ok or not value.isascii():
        raise ValueError(f"id {shown(value)} skal være snake_case (a-z, 0-9 og _)")
    return value


def _bounded(value: float, limit: float) -> float:
    """The calculation's bounds (som.bounds) hold for knowledge-base numbers too."""
    if abs(value) > limit:
        raise ValueError(f"må højst være {limit:,.0f} (i absolut værdi), fik {value:g}"
                         .replace(",", "."))
    if B.tiny(value):
        raise ValueError(B.TINY_MESSAGE.format(value=f"{value:g}"))
    return value


Id = Annotated[str, AfterValidator(_snake_id)]
Unit = Annotated[str, _closed("enhed", UNITS)]
Kind = Annotated[str, _closed("art", KINDS)]
Status = Annotated[str, _closed("status", STATUSES)]
AreaGroup = Annotated[str, _closed("område", AREA_GROUPS)]
EffectType = Annotated[str, _closed("effekttype", EFFECT_TYPES)]
Finite = Annotated[float, AfterValidator(_finite)]
Delta = Annotated[float, AfterValidator(_finite), AfterValidator(lambda v: _bounded(v, B.MAX_DELTA))]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Common configuration: unknown keys are errors, records cannot be changed after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Record):
    title: Text
    url: str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"kildens url skal begynde med http:// eller https:// (fik {shown(value)})")
        return value


class Provenanced(Record):
    """A record whose numbers need provenance: status, source and (if not published) reasoning."""

    status: Status
    source: Source | None = None
    derivation: str | None = None
    origin: str = "base"

    @model_validator(mode="after")
    def _provenance(self) -> Provenanced:
        if self.status != "published" and not (self.derivation or "").strip():
            raise ValueError(f"@derivation: status {self.status!r} kræver en begrundelse")
        if self.status != "illustrative" and (self.source is None or not self.source.url):
            raise ValueError(f"@source.url: status {self.status!r} kræver en kilde med url")
        return self


class Basis(Record):
    """The published figure a derived price starts from, as printed (before any conversion)."""

    value: Finite
    unit: Text
    year: int | None = None


class RefusionRef(Record):
    """On a price: the gross amount per unit and the refusion rule that splits it (the loader
    computes kommune and stat with the rule set in force in the price year; see refusion.py)."""

    rule: Id
    gross: Finite
    week: int | None = None  # 'trappe' rules: the week on public support the unit is valued at
    compare: list[Id] = Field(default_factory=list)  # other rules, shown for comparison only

    @field_validator("gross")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("bruttobeløbet skal være større end 0")
        return _bounded(value, B.MAX_AMOUNT)


class PriceRecord(Provenanced):
    """One unit price: what one unit of use costs (expenditure) or yields (revenue), by payer.

    With `refusion` the file gives the gross amount (and any region share) but not kommune and
    stat: the loader computes them and writes the derivation to `refusion_derivation`.
    """

    id: Id
    name: Text
    unit: Unit
    kind: Kind
    price_year: int
    kommune: Finite | None = None
    region: Finite | None = None
    stat: Finite | None = None
    area: Id
    budget_area: Annotated[str, Field(min_length=1)] | None = None  # the udvalg (spec v2 §2.12)
    refusion: RefusionRef | None = None
    refusion_note: str | None = None
    refusion_derivation: str | None = None  # set by the loader, never in a file
    basis: Basis | None = None
    description: str | None = None
    last_reviewed: dt.date

    @field_validator("kommune", "region", "stat")
    @classmethod
    def _non_negative(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError("beløbet må ikke være negativt (fortegnet følger af 'kind')")
        if value is not None:
            _bounded(value, B.MAX_AMOUNT)
        return value

    @model_validator(mode="after")
    def _amounts(self) -> PriceRecord:
        if self.refusion is not None:
            if self.refusion_derivation is None:  # as read from a file, before the split
                for key in ("kommune", "stat"):
                    if getattr(self, key) is not None:
                        raise ValueError(f"@{key}: beregnes af refusionsreglen; angiv kun "
                                         "refusion.gross (og evt. region)")
            return self
        for key in ("kommune", "region", "stat"):
            if getattr(self, key) is None:
                raise ValueError(f"@{key}: mangler (eller angiv refusion med bruttobeløb)")
        if self.kommune + self.region + self.stat <= 0:
            raise ValueError("@kommune: mindst én betaler skal have et beløb over 0")
        return self

    @property
    def total(self) -> float:
        return (self.kommune or 0.0) + (self.region or 0.0) + (self.stat or 0.0)


class ConsequenceArea(Record):
    id: Id
    name: Text
    description: str | None = None
    origin: str = "base"


class TargetGroup(Provenanced):
    id: Id
    name: Text
    area: AreaGroup
    age_band: Text
    success_criterion: Text
    description: str | None = None


class Consequence(Record):
    """One item of a profile: per success by year since success (spec §2.5) and/or per starter
    by year since starting (`during_course`, spec v2 §2.5b). At least one of the two."""

    item: Id
    delta_per_success: list[Delta] | None = Field(None, min_length=1, max_length=MAX_PROFILE_YEARS)
    during_course: list[Delta] | None = Field(None, min_length=1, max_length=MAX_PROFILE_YEARS)
    status: Status | None = None  # the item's own evidence; default: the profile's status
    note: str | None = None

    def cells(self) -> int:
        """Number of item × year values (both vectors)."""
        return len(self.delta_per_success or []) + len(self.during_course or [])

    @model_validator(mode="after")
    def _some_vector(self) -> Consequence:
        if self.delta_per_success is None and self.during_course is None:
            raise ValueError("@delta_per_success: angiv delta_per_success og/eller during_course")
        return self


class Calibration(Record):
    """The published per-person figure a `calibrated` profile is scaled to, and how."""

    target: Text  # what the figure is, in Danish (payers, years, per success or per participant)
    value: Finite  # the gain per success (kr, positive = saving or income) the profile reproduces
    price_year: int  # the price level of `value`
    payers: list[Literal["kommune", "region", "stat"]] = Field(
        default_factory=lambda: ["kommune", "region", "stat"], min_length=1)
    years: tuple[int, int]  # first and last year since success (inclusive) summed
    cohorts: int = Field(1, ge=1)  # >1: mean over yearly cohorts, cohort c summed to last - c
    items: list[Id] | None = None  # only these items are summed (default: every item)
    url: Annotated[str, Field(pattern=r"^https?://")]
    quote: Text  # the source's own words, at most ~25 words
    arithmetic: Text  # from the published figure to `value`, and how the profile was scaled


class ConsequenceProfile(Provenanced):
    """Change in use per successful citizen, by year since success (spec §2.5)."""

    id: Id
    target_group: Id
    summary: str | None = None  # short Danish text: what success means and why these items
    reasoning: Text
    calibration: Calibration | None = None
    consequences: list[Consequence] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_items(self) -> ConsequenceProfile:
        items = [c.item for c in self.consequences]
        doubles = sorted({i for i in items if items.count(i) > 1})
        if doubles:
            raise ValueError(f"@consequences: samme pris står flere gange: {', '.join(doubles)}")
        if self.status == "calibrated" and self.calibration is None:
            raise ValueError("@calibration: status 'calibrated' kræver en calibration-blok med "
                             "det publicerede tal, url, citat og udregning")
        weakest = weakest_status(self.item_statuses())
        if weakest != self.status:
            raise ValueError(f"@status: profilens status skal være den svageste af posternes "
                             f"({weakest!r}), ikke {self.status!r}")
        return self

    def item_statuses(self) -> list[str]:
        return [c.status or self.status for c in self.consequences]


class EffectStudy(Provenanced):
    id: Id
    intervention: Text
    target_group: Id
    outcome: Text
    effect_estimate: Text
    effect_type: EffectType
    design: Text
    evidence_level: int
    country: Text
    year: int
    success_rate_intervention: float | None = None
    success_rate_baseline: float | None = None
    note: str | None = None

    @property
    def nordic(self) -> bool:
        """True for a study from a Nordic country (the welfare systems SØM's estimates describe)."""
        return any(c in self.country for c in NORDIC_COUNTRIES) and not any(
            w in self.country for w in ("USA", "Europa", "Canada"))

    @field_validator("evidence_level")
    @classmethod
    def _level(cls, value: int) -> int:
        if value not in (1, 2, 3):
            raise ValueError(f"evidensniveau skal være 1, 2 eller 3 (fik {value})")
        return value

    @field_validator("success_rate_intervention", "success_rate_baseline")
    @classmethod
    def _rate(cls, value: float | None) -> float | None:
        if value is not None and not 0.0 <= value <= 1.0:
            raise ValueError(f"en succesrate skal ligge i [0, 1] (fik {value})")
        return value


class IndexEntry(Provenanced):
    year: int
    value: Finite
    projection: bool = False  # a forecast (Finance Act), not an observed annual average

    @field_validator("value")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("indekstal skal være større end 0")
        if not B.MIN_INDEX <= value <= B.MAX_INDEX:
            raise ValueError(f"indekstal skal ligge mellem {B.MIN_INDEX:g} og "
                             f"{B.MAX_INDEX:,.0f}, fik {value:g}".replace(",", ".")
                             .replace("0.001", "0,001"))
        return value


class PriceIndex(Record):
    series: Text
    base: Text
    source: Source
    values: list[IndexEntry] = Field(min_length=1)


class DiscountStep(Provenanced):
    first_year: int
    last_year: int | None
    rate: float

    @field_validator("rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if not 0.0 <= value < 1.0:
            raise ValueError(f"diskonteringsrenten skal ligge i [0, 1) (fik {value})")
        return value


class DiscountSchedule(Record):
    id: Id
    name: Text
    steps: list[DiscountStep] = Field(min_length=1)
    origin: str = "base"

    @model_validator(mode="after")
    def _contiguous(self) -> DiscountSchedule:
        expected = 0
        for n, step in enumerate(self.steps):
            if step.first_year != expected:
                raise ValueError(
                    f"@steps[{n}].first_year: skal være {expected} (fik {step.first_year})"
                )
            last = n == len(self.steps) - 1
            if step.last_year is None:
                if not last:
                    raise ValueError(f"@steps[{n}].last_year: kun sidste trin må være åbent (null)")
            else:
                if step.last_year < step.first_year:
                    raise ValueError(f"@steps[{n}].last_year: ligger før first_year")
                if last:
                    raise ValueError(f"@steps[{n}].last_year: sidste trin skal være åbent (null)")
                expected = step.last_year + 1
        return self

    def as_tuples(self) -> list[tuple[int, int | None, float]]:
        return [(s.first_year, s.last_year, s.rate) for s in self.steps]


class BudgetAreaMap(Provenanced):
    """Default map from consequence areas to the kommune's committees (udvalg), spec v2 §2.12.

    A calculation's `settings.budget_areas` replaces it; an overlay's `budget_areas.yaml`
    replaces the base's map as a whole (a kommune's committee structure is one decision).
    """

    id: Id
    name: Text
    areas: dict[Id, Annotated[str, Field(min_length=1)]] = Field(min_length=1)

    @field_validator("areas")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        for area, committee in value.items():
            if not committee.strip():
                raise ValueError(f"udvalgets navn for {area!r} er tomt")
        return {area: committee.strip() for area, committee in value.items()}


def dump(record: BaseModel) -> dict[str, Any]:
    """JSON-ready dict of a record (dates as ISO strings)."""
    return record.model_dump(mode="json")
