"""The SØM knowledge base: target groups, consequence profiles, prices, effect studies, index.

    >>> from som.kb import load_kb
    >>> kb = load_kb()                       # the bundled knowledge_base/ (or $SOM_KB)
    >>> kb.prices["kontanthjaelp_uge"].unit
    'uge'

Data lives in YAML files under knowledge_base/ (one file per kind); this package holds the
schema (`schema`), the strict loader with overlays (`loader`), the fingerprint and the
reference-document generator (`docs`).
"""

from som.kb.loader import bundled_path, default_path, load_kb
from som.kb.model import KBError, KnowledgeBase
from som.kb.schema import (
    KINDS,
    STATUSES,
    UNITS,
    ConsequenceArea,
    ConsequenceProfile,
    DiscountSchedule,
    EffectStudy,
    PriceRecord,
    Source,
    TargetGroup,
)

__all__ = [
    "KINDS",
    "STATUSES",
    "UNITS",
    "ConsequenceArea",
    "ConsequenceProfile",
    "DiscountSchedule",
    "EffectStudy",
    "KBError",
    "KnowledgeBase",
    "PriceRecord",
    "Source",
    "TargetGroup",
    "bundled_path",
    "default_path",
    "load_kb",
]
