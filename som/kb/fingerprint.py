"""SHA-256 fingerprint of a knowledge base's canonical content.

The fingerprint is taken over the *validated* records, not the files, so it does not change with
comments, whitespace, key order or record order in a file, but changes with any value, with an
overlay, and with the version. Canonical form: JSON with sorted keys, no spaces, UTF-8, records
sorted by id (index entries by year).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from som.kb.schema import BudgetAreaMap, DiscountSchedule, PriceIndex, Record


def canonical_json(data: Any) -> str:
    """Deterministic JSON text of plain data.

    >>> canonical_json({"b": 1.0, "a": [2, "æ"]})
    '{"a":[2,"æ"],"b":1.0}'
    """
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def canonical_content(
    version: str,
    tables: Mapping[str, Mapping[str, Record]],
    index: PriceIndex,
    discount: DiscountSchedule,
    budget_areas: BudgetAreaMap,
) -> dict[str, Any]:
    """The content that the fingerprint covers, as plain JSON-ready data."""
    content: dict[str, Any] = {"version": version}
    for kind in sorted(tables):
        records = tables[kind]
        content[kind] = [records[rid].model_dump(mode="json") for rid in sorted(records)]
    idx = index.model_dump(mode="json")
    idx["values"] = sorted(idx["values"], key=lambda e: e["year"])
    content["price_index"] = idx
    content["discount"] = discount.model_dump(mode="json")
    content["budget_areas"] = budget_areas.model_dump(mode="json")
    return content


def fingerprint_of(
    version: str,
    tables: Mapping[str, Mapping[str, Record]],
    index: PriceIndex,
    discount: DiscountSchedule,
    budget_areas: BudgetAreaMap,
) -> str:
    """SHA-256 hex digest of the canonical content."""
    text = canonical_json(canonical_content(version, tables, index, discount, budget_areas))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
