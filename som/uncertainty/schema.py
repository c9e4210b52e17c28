"""The optional `uncertainty:` block of a calculation file (issue 5) as pydantic v2 models.

Every range is a triangular distribution with its mode at the central value:

- `success_rate: {low, high}` — absolute net success rates in [0, 1]; the mode is the file's net
  success rate (checked against the intervention in `som.uncertainty.spec`, which knows it).
- `costs`, `consequences`, `prices: {low, high}` — multiplicative factors (1.0 = central), >= 0,
  with low <= 1 <= high.
- `lines: [{target, low, high}]` — a factor range for one cost line (`costs[0]`), one saved-cost
  line (`saved_costs[1]`), or one item's price or consequence (`prices.<item>`,
  `consequences.<item>`); it replaces the global factor for that line or item.
- `draws`, `seed` — defaults for `som run` / `som compare` when the command line gives none.

Checks that need the rest of the file (the central success rate, whether a target exists) live in
`som.uncertainty.spec`, so each problem can name its exact key.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from som import bounds as B
from som.errors import shown

MAX_DRAWS = 100_000
TARGET_PATTERN = re.compile(r"^(?:(costs|saved_costs)\[(\d+)\]|(prices|consequences)\.(\S.*))$")


def _som_error(message: str) -> PydanticCustomError:
    """Same error type as `som.schema.SomValueError`: the Danish message is shown as it is."""
    return PydanticCustomError("som", message)


def _num(value: float) -> str:
    """0.25 -> '0,25' (Danish decimal comma in messages)."""
    return f"{value:g}".replace(".", ",")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def _not_tiny(value: float) -> float:
    if B.tiny(value):
        raise _som_error(B.TINY_MESSAGE.format(value=f"{value:g}"))
    return value


Factor = Annotated[float, Field(ge=0, le=B.MAX_FACTOR), AfterValidator(_not_tiny)]
Rate = Annotated[float, Field(ge=0, le=1), AfterValidator(_not_tiny)]


def _ordered(low: float, high: float) -> None:
    if low > high:
        raise _som_error(f"low ({_num(low)}) er større end high ({_num(high)})")


def _around_one(low: float, high: float) -> None:
    _ordered(low, high)
    if not low <= 1.0 <= high:
        raise _som_error(
            f"intervallet [{_num(low)}; {_num(high)}] skal indeholde 1 (den centrale værdi): "
            "faktorer angives som fx low: 0.8, high: 1.2"
        )


class FactorRange(_Model):
    """A multiplicative factor, triangular(low, 1, high)."""

    low: Factor
    high: Factor

    @model_validator(mode="after")
    def _check(self) -> FactorRange:
        _around_one(self.low, self.high)
        return self


class RateRange(_Model):
    """An absolute net success rate, triangular(low, file's rate, high)."""

    low: Rate
    high: Rate

    @model_validator(mode="after")
    def _low_le_high(self) -> RateRange:
        _ordered(self.low, self.high)
        return self


class LineRange(_Model):
    """A factor range for one line or item; replaces the global factor there."""

    target: Annotated[str, Field(min_length=1)]
    low: Factor
    high: Factor

    @field_validator("target")
    @classmethod
    def _known_form(cls, value: str) -> str:
        if not TARGET_PATTERN.match(value):
            raise _som_error(
                f"ukendt mål {shown(value)}; skriv costs[0], saved_costs[0], prices.<post> eller "
                "consequences.<post>"
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> LineRange:
        _around_one(self.low, self.high)
        return self


class Uncertainty(_Model):
    success_rate: RateRange | None = None
    costs: FactorRange | None = None
    consequences: FactorRange | None = None
    prices: FactorRange | None = None
    lines: list[LineRange] = Field(default_factory=list, max_length=B.MAX_UNCERTAINTY_LINES)
    draws: Annotated[int, Field(ge=1, le=MAX_DRAWS)] | None = None
    seed: Annotated[int, Field(ge=0, le=B.MAX_SEED)] | None = None


def parse_target(target: str) -> tuple[str, int | str]:
    """'costs[2]' -> ('costs', 2); 'prices.x' -> ('prices', 'x').

    >>> parse_target("saved_costs[1]"), parse_target("consequences.kontanthjaelp_uge")
    (('saved_costs', 1), ('consequences', 'kontanthjaelp_uge'))
    """
    match = TARGET_PATTERN.match(target)
    if match is None:
        raise ValueError(target)
    if match.group(1):
        return match.group(1), int(match.group(2))
    return match.group(3), match.group(4)
