"""The calculation file (spec §1) as pydantic v2 models.

Strict on purpose: unknown keys are rejected (extra="forbid"), text is never coerced to a number,
booleans are not numbers, and NaN/inf are refused. Field validators raise `SomValueError` with a
Danish message; `som.errors` turns pydantic's errors into one Danish line per problem with its
key path (e.g. ``costs[1].payer``). Cross-field checks that need the horizon or the knowledge base
(list lengths, price years, item prices) live in `som.build`, which reports them the same way.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from som import bounds as B
from som.errors import shown
from som.uncertainty.schema import Uncertainty

PAYER_NAMES = ("kommune", "region", "stat")
SHARE_TOLERANCE = 1e-9


def SomValueError(message: str) -> PydanticCustomError:  # noqa: N802 - reads as an exception
    """A validation error whose message is shown to the user as it is (Danish)."""
    return PydanticCustomError("som", message)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def _not_tiny(value: float) -> float:
    """Bounds (som.bounds): a non-zero number is at least MIN_NONZERO, so no ratio overflows."""
    if B.tiny(value):
        raise SomValueError(B.TINY_MESSAGE.format(value=f"{value:g}"))
    return value


def _committee(value: Any) -> Any:
    """A committee (udvalg) name: text, trimmed, not empty (spec v2 §2.12)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise SomValueError("udvalgets navn må ikke være tomt")
    return value


Committee = Annotated[str, BeforeValidator(_committee), Field(max_length=B.MAX_NAME)]
NotTiny = AfterValidator(_not_tiny)
Money = Annotated[float, Field(ge=0, le=B.MAX_AMOUNT), NotTiny]
Rate = Annotated[float, Field(ge=0, le=1), NotTiny]
Year = Annotated[int, Field(ge=1900, le=2200)]
YearValues = Field(max_length=B.MAX_HORIZON)  # one value per year of the horizon (≤ 50)


def _payer(value: Any) -> Any:
    """A payer is one name or shares {payer: share} summing to 1; normalised to shares."""
    if isinstance(value, str):
        if value not in PAYER_NAMES:
            raise SomValueError(f"ukendt betaler {shown(value)}; tilladt: kommune, region, stat")
        return {value: 1.0}
    if isinstance(value, dict):
        if not value:
            raise SomValueError("fordelingen på betalere er tom")
        for key, share in value.items():
            if key not in PAYER_NAMES:
                raise SomValueError(f"ukendt betaler {shown(key)}; tilladt: kommune, region, stat")
            if isinstance(share, bool) or not isinstance(share, int | float):
                raise SomValueError(f"andelen for {key} skal være et tal, fik {shown(share)}")
            if not math.isfinite(share) or share < 0 or share > 1:
                raise SomValueError(f"andelen for {key} skal ligge i [0, 1], fik {shown(share)}")
        total = math.fsum(value.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise SomValueError(f"andelene skal summere til 1, men summerer til {total:g}")
        return _normalised({k: float(v) for k, v in value.items()})
    raise SomValueError(
        f"betaler skal være kommune, region, stat eller en fordeling som {{kommune: 0.5, "
        f"stat: 0.5}}, fik {shown(value)}"
    )


def _normalised(shares: dict[str, float]) -> dict[str, float]:
    """Shares within SHARE_TOLERANCE of 1 are divided by their sum, so that the payers' parts of a
    line add up to the line to the øre (1.0000000009 unnormalised would add 90 kr to 1e11 kr).
    Idempotent: shares whose float sum is exactly 1 come back unchanged, so a saved or exported
    calculation loads back equal."""
    for _ in range(4):
        total = sum(shares.values())
        if total == 1.0:
            break
        shares = {k: v / total for k, v in shares.items()}
        if sum(shares.values()) != 1.0:  # one rounding left: give it to the largest share
            largest = max(shares, key=shares.__getitem__)
            shares[largest] += 1.0 - sum(shares.values())
    return shares


Payer = Annotated[dict[str, float], BeforeValidator(_payer)]


def _discount_rate(value: Any) -> Any:
    if value == "finansministeriet":
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SomValueError(
            f"diskonteringsrente skal være et tal (fx 0.035) eller 'finansministeriet', fik {shown(value)}"
        )
    if not math.isfinite(value) or value < 0 or value >= 1:
        raise SomValueError(f"diskonteringsrente skal ligge i [0, 1), fik {shown(value)}")
    return float(value)


def _index_keys(value: Any) -> Any:
    """JSON has only string keys: accept "2023" as the year 2023, nothing looser."""
    if isinstance(value, dict):
        return {int(k) if isinstance(k, str) and k.isdigit() else k: v for k, v in value.items()}
    return value


class Meta(_Model):
    title: Annotated[str, Field(min_length=1)]
    organisation: str = ""
    author: str = ""
    description: str = ""
    susi_phase: Literal["screening", "modning", "afprøvning", "udbredelse"] | None = None


class Settings(_Model):
    start_year: Year
    horizon_years: Annotated[int, Field(ge=1, le=50)]
    price_year: Year
    discount_rate: Annotated[float | str, BeforeValidator(_discount_rate)] = 0.0
    consequence_start: Literal["completion_year", "year_after"] = "completion_year"
    price_index: Annotated[
        dict[Year, Annotated[float, Field(ge=B.MIN_INDEX, le=B.MAX_INDEX)]] | None,
        BeforeValidator(_index_keys),
    ] = None
    kb_overlay: list[str] = Field(default_factory=list, max_length=B.MAX_OVERLAYS)
    # v2 §2.11: None means min(4, horizon); an explicit value must lie in 1..horizon (som.build).
    budget_period_years: Annotated[int, Field(ge=1, le=50)] | None = None
    # v2 §2.12: consequence-area id -> committee (udvalg) name.
    budget_areas: Annotated[dict[str, Committee], Field(max_length=B.MAX_BUDGET_AREAS)] | None = None

    @property
    def budget_period(self) -> int:
        """Years in the budget period: budgetår + 3 overslagsår by default (spec v2 §2.11)."""
        if self.budget_period_years is not None:
            return self.budget_period_years
        return min(4, self.horizon_years)


class CustomTargetGroup(_Model):
    """A target group the user describes instead of naming a knowledge-base id."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    area: Literal["voksne", "børn og unge"] | None = None
    age_band: str = ""
    success_criterion: str = ""


# --- issue 14: the effect instead of the success rates (resolved by som.effect.resolve) -------
class Effect(_Model):
    """An effect size from a study; `som.effect` turns it into the two success rates."""

    measure: Literal["cohens_d", "hedges_g", "odds_ratio", "risk_ratio", "risk_difference", "nnt"]
    value: float
    ci: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None  # 95 % interval
    control_rate: float  # p0: share reaching the success criterion without the intervention
    study: Annotated[str, Field(min_length=1)] | None = None  # a knowledge-base effect study id


class Intervention(_Model):
    name: Annotated[str, Field(min_length=1)]
    participants: Annotated[
        list[Annotated[float, Field(ge=0, le=B.MAX_PARTICIPANTS), NotTiny]], YearValues]
    course_years: Annotated[int, Field(ge=0, le=B.MAX_COURSE_YEARS)] = 0
    completion_rate: Rate = 1.0
    success_rate: Rate | None = None
    success_rate_intervention: Rate | None = None
    success_rate_baseline: Rate | None = None
    effect: Effect | None = None  # issue 14: instead of the rates (which it resolves to)

    @model_validator(mode="after")
    def _one_success_rate(self) -> Intervention:
        pair = (self.success_rate_intervention, self.success_rate_baseline)
        if self.effect is not None:  # the rates, if given, must equal the effect's (som.effect)
            if self.success_rate is not None or pair.count(None) == 1:
                raise SomValueError("med effect beregnes success_rate_intervention og "
                                    "success_rate_baseline af effekten: slet success_rate-nøglerne")
            return self
        if self.success_rate is not None:
            if any(v is not None for v in pair):
                raise SomValueError(
                    "angiv enten success_rate eller success_rate_intervention og "
                    "success_rate_baseline, ikke begge dele"
                )
        elif None in pair:
            raise SomValueError(
                "mangler success_rate (eller både success_rate_intervention og "
                "success_rate_baseline)"
            )
        elif pair[1] > pair[0]:
            raise SomValueError(
                f"success_rate_baseline ({pair[1]:g}) er større end success_rate_intervention "
                f"({pair[0]:g}): indsatsen ville gøre det værre end ingen indsats"
            )
        elif B.tiny(self.net_success_rate):
            raise SomValueError("forskellen mellem success_rate_intervention og "
                                "success_rate_baseline er " + B.TINY_MESSAGE.format(
                                    value=f"{self.net_success_rate:g}"))
        return self

    @property
    def net_success_rate(self) -> float:
        """r of spec §2.2: the success rate net of what would have happened anyway."""
        if self.success_rate is not None:
            return self.success_rate
        return self.success_rate_intervention - self.success_rate_baseline  # type: ignore[operator]


class CostLine(_Model):
    name: Annotated[str, Field(min_length=1)]
    type: Literal["startup", "operating", "per_participant"]
    payer: Payer
    amounts: Annotated[list[Money], YearValues] | None = None
    amount: Money | None = None
    price_year: Year | None = None
    budget_area: Committee | None = None  # v2 §2.12: the committee (udvalg) whose budget it is

    @model_validator(mode="after")
    def _amounts_match_type(self) -> CostLine:
        if self.type == "per_participant":
            if self.amount is None:
                raise SomValueError("en per_participant-linje skal have 'amount' (kr. pr. deltager)")
            if self.amounts is not None:
                raise SomValueError("en per_participant-linje bruger 'amount', ikke 'amounts'")
        else:
            if self.amounts is None:
                raise SomValueError(f"en {self.type}-linje skal have 'amounts' (kr. pr. år)")
            if self.amount is not None:
                raise SomValueError(f"en {self.type}-linje bruger 'amounts', ikke 'amount'")
        return self


Delta = Annotated[float, Field(ge=-B.MAX_DELTA, le=B.MAX_DELTA), NotTiny]


class Consequence(_Model):
    """Change in use per success by year since success (§2.5), and/or per starter by year since
    starting (`during_course`, v2 §2.5b)."""

    item: Annotated[str, Field(min_length=1)]
    delta_per_success: Annotated[list[Delta], Field(min_length=1, max_length=B.MAX_VECTOR)] | None = None
    during_course: Annotated[list[Delta], Field(min_length=1, max_length=B.MAX_VECTOR)] | None = None

    @model_validator(mode="after")
    def _some_vector(self) -> Consequence:
        if self.delta_per_success is None and self.during_course is None:
            raise SomValueError("angiv delta_per_success (pr. succes) og/eller during_course "
                                "(pr. deltager under forløbet)")
        return self


class Source(_Model):
    title: str = ""
    url: str = ""


class Price(_Model):
    name: str = ""
    unit: str = ""
    kind: Literal["expenditure", "revenue"]
    price_year: Year | None = None
    area: Annotated[str, Field(min_length=1)] | None = None  # v2: a consequence-area id
    budget_area: Committee | None = None  # v2 §2.12
    kommune: Money = 0.0
    region: Money = 0.0
    stat: Money = 0.0
    source: Source | None = None

    @field_validator("source", mode="after")
    @classmethod
    def _empty_source_is_none(cls, value: Source | None) -> Source | None:
        """One canonical form: a source with neither title nor url is no source (Excel round trip)."""
        return None if value is not None and not value.title and not value.url else value


ASSUMPTION_TOPICS = ("target_group", "success_measure", "deadweight", "costs", "consequences",
                     "local_prices", "price_level", "other")


class Assumption(_Model):
    """One entry of the assumptions log, following SØM's checklist (topic) — docs/excel.md."""

    topic: Literal["target_group", "success_measure", "deadweight", "costs", "consequences",
                   "local_prices", "price_level", "other"]
    text: Annotated[str, Field(min_length=1)]
    source: str = ""


def _empty_list_is_none(value: Any) -> Any:
    """[] means the same as leaving the key out; keep one canonical form (None)."""
    return None if isinstance(value, list) and not value else value


class Calculation(_Model):
    som_version: Literal[1]
    meta: Meta
    settings: Settings
    target_group: Annotated[str, Field(min_length=1)] | CustomTargetGroup | None = None
    intervention: Intervention
    costs: list[CostLine] = Field(default_factory=list, max_length=B.MAX_LINES)
    saved_costs: list[CostLine] = Field(default_factory=list, max_length=B.MAX_LINES)
    consequences: Annotated[Annotated[list[Consequence], Field(max_length=B.MAX_LINES)] | None,
                            BeforeValidator(_empty_list_is_none)] = None
    prices: dict[str, Price] = Field(default_factory=dict, max_length=B.MAX_PRICES)
    assumptions: Annotated[Annotated[list[Assumption], Field(max_length=B.MAX_ASSUMPTIONS)] | None,
                           BeforeValidator(_empty_list_is_none)] = None
    uncertainty: Uncertainty | None = None  # ranges for Monte Carlo and tornado (issue 5)

    def to_data(self) -> dict:
        """Plain data (JSON types) that loads back into an equal Calculation."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
