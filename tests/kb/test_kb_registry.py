"""A sorted registry of every record id guards against records silently lost in a refactor.

Adding a record: append its id to registry_ids.txt (kept sorted). Removing one: delete the line
in the same commit, so the removal is visible in review.
"""

from __future__ import annotations

from pathlib import Path

from som.kb import load_kb

REGISTRY = Path(__file__).with_name("registry_ids.txt")


def _registry() -> list[str]:
    return [
        line.strip()
        for line in REGISTRY.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_registry_is_sorted_and_unique():
    ids = _registry()
    assert ids == sorted(set(ids))


def test_no_record_lost_and_none_unregistered():
    ids = set(load_kb().all_ids())
    registered = set(_registry())
    lost = sorted(registered - ids)
    new = sorted(ids - registered)
    assert not lost, f"poster forsvundet fra vidensbasen: {lost}"
    assert not new, f"nye poster mangler i tests/kb/registry_ids.txt: {new}"
