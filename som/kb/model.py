"""The loaded knowledge base and its error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from som.kb.refusion import RefusionRule
from som.kb.schema import (
    STATUSES,
    BudgetAreaMap,
    ConsequenceArea,
    ConsequenceProfile,
    DiscountSchedule,
    EffectStudy,
    IndexEntry,
    PriceIndex,
    PriceRecord,
    Record,
    TargetGroup,
    weakest_status,
)

Problem = tuple[
    str, str
]  # (location such as "prices.yaml: kontanthjaelp_uge.unit", Danish message)


class KBError(Exception):
    """The knowledge base is invalid. `problems` lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """Every problem once, at most MAX_SHOWN_PROBLEMS lines (som.errors)."""
        from som.errors import MAX_SHOWN_PROBLEMS, unique

        problems = unique(self.problems)
        n = len(problems)
        count = f"{n:,}".replace(",", ".")
        head = f"Vidensbasen har {count} fejl:" if n != 1 else "Vidensbasen har 1 fejl:"
        lines = [f"  {where}: {message}" for where, message in problems[:MAX_SHOWN_PROBLEMS]]
        if n > MAX_SHOWN_PROBLEMS:
            lines.append(f"  … og {n - MAX_SHOWN_PROBLEMS:,} fejl mere".replace(",", "."))
        return "\n".join([head, *lines])


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: the bundled base plus any overlays, merged by id.

    `profiles` is keyed by target-group id (one default profile per group); every other dict is
    keyed by record id. `price_index` maps a calendar year to the index value.
    """

    path: Path
    version: str
    fingerprint: str
    areas: dict[str, ConsequenceArea]
    target_groups: dict[str, TargetGroup]
    prices: dict[str, PriceRecord]
    profiles: dict[str, ConsequenceProfile]
    effect_studies: dict[str, EffectStudy]
    refusion_rules: dict[str, RefusionRule]
    price_index: dict[int, float]
    price_index_entries: dict[int, IndexEntry]
    price_index_series: PriceIndex
    discount: DiscountSchedule
    budget_areas: BudgetAreaMap
    overlays: tuple[str, ...] = ()
    locations: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def discount_schedule(self) -> list[tuple[int, int | None, float]]:
        """[(first_year_index, last_year_index or None, rate), ...] in year order."""
        return self.discount.as_tuples()

    def record(self, record_id: str) -> Record | None:
        """The record of any kind with this id (a profile by its own id), or None."""
        for table in (self.prices, self.target_groups, self.effect_studies, self.areas,
                      self.refusion_rules):
            if record_id in table:
                return table[record_id]
        for profile in self.profiles.values():
            if profile.id == record_id:
                return profile
        if record_id == self.discount.id:
            return self.discount
        return None

    def kind_of(self, record_id: str) -> str | None:
        """English kind name of the record with this id ('prices', 'profiles', ...), or None."""
        for kind in ("prices", "target_groups", "effect_studies", "areas", "refusion_rules"):
            if record_id in getattr(self, kind):
                return kind
        if any(p.id == record_id for p in self.profiles.values()):
            return "profiles"
        if record_id == self.discount.id:
            return "discount"
        return None

    def records(self, kind: str) -> list[Record]:
        """All records of one kind, sorted by id."""
        table = getattr(self, kind)
        return sorted(table.values(), key=lambda r: r.id)

    def all_ids(self) -> list[str]:
        ids = [
            r.id
            for kind in ("areas", "target_groups", "prices", "profiles", "effect_studies",
                         "refusion_rules")
            for r in self.records(kind)
        ]
        return sorted([*ids, self.discount.id])

    def counts(self) -> dict[str, int]:
        """Record counts; `price_items_published` counts published or derived prices."""
        published = sum(p.status in ("published", "derived") for p in self.prices.values())
        return {
            "target_groups": len(self.target_groups),
            "consequence_areas": len(self.areas),
            "price_items": len(self.prices),
            "price_items_published": published,
            "consequence_profiles": len(self.profiles),
            "effect_studies": len(self.effect_studies),
            "price_index_years": len(self.price_index),
        }

    def status_counts(self) -> dict[str, dict[str, int]]:
        """How much of the base rests on what evidence, as maps status -> count:
        `prices_by_status`, `profiles_by_status` (a profile counts by its weakest item) and
        `profile_cells_by_status` (item × year values of every profile)."""
        prices = dict.fromkeys(STATUSES, 0)
        profiles = dict.fromkeys(STATUSES, 0)
        cells = dict.fromkeys(STATUSES, 0)
        for price in self.prices.values():
            prices[price.status] += 1
        for profile in self.profiles.values():
            statuses = profile.item_statuses()
            profiles[weakest_status(statuses)] += 1
            for item, status in zip(profile.consequences, statuses, strict=True):
                cells[status] += item.cells()
        return {"prices_by_status": prices, "profiles_by_status": profiles,
                "profile_cells_by_status": cells}
