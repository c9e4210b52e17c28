"""The files of a knowledge-base folder and the record type each holds."""

from __future__ import annotations

from som.kb.refusion import RefusionRule
from som.kb.schema import (
    ConsequenceArea,
    ConsequenceProfile,
    EffectStudy,
    PriceRecord,
    Record,
    TargetGroup,
)

# File name -> (English kind name used in code and CLI, Danish label for users, record type).
LIST_FILES: dict[str, tuple[str, str, type[Record]]] = {
    "consequence_areas.yaml": ("areas", "konsekvensområde", ConsequenceArea),
    "target_groups.yaml": ("target_groups", "målgruppe", TargetGroup),
    "refusion_rules.yaml": ("refusion_rules", "refusionsregel", RefusionRule),
    "prices.yaml": ("prices", "pris", PriceRecord),
    "profiles.yaml": ("profiles", "konsekvensprofil", ConsequenceProfile),
    "effect_studies.yaml": ("effect_studies", "effektstudie", EffectStudy),
}
INDEX_FILE = "price_index.yaml"
DISCOUNT_FILE = "discount.yaml"
BUDGET_AREAS_FILE = "budget_areas.yaml"
VERSION_FILE = "VERSION"
ALL_FILES: tuple[str, ...] = (*LIST_FILES, INDEX_FILE, DISCOUNT_FILE, BUDGET_AREAS_FILE)
# A base folder may leave these out (an older copy of the base without refusion rules loads).
OPTIONAL_FILES: tuple[str, ...] = ("refusion_rules.yaml",)
