"""Differences between two stored versions: key paths of the calculation and the key figures.

The calculation side is a key-path diff of the plain data (`Calculation.to_data()`): paths are
written as in error messages (``costs[1].amounts[0]``, ``prices.kontanthjaelp_uge.kommune``).
The figure side compares the figures each version was saved with (net, NPV, payback year, costs,
gains); if the two were saved against different knowledge bases, the figures move for that
reason too, which the diff says.

>>> [(c.path, c.before, c.after) for c in key_path_changes({"a": [1, 2]}, {"a": [1, 3, 4]})]
[('a[1]', 2, 3), ('a[2]', None, 4)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from som.store.library import Library, VersionInfo

FIGURES = ("net", "net_present_value", "break_even_year", "costs", "saved_costs", "gains")
_MISSING = object()


@dataclass(frozen=True)
class Change:
    path: str
    before: Any  # None when added
    after: Any  # None when removed
    kind: str  # "ændret" | "tilføjet" | "fjernet"


@dataclass(frozen=True)
class FigureChange:
    key: str
    before: float | int | None
    after: float | int | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class VersionDiff:
    a: VersionInfo
    b: VersionInfo
    changes: list[Change]
    figures: list[FigureChange]

    @property
    def same_knowledge_base(self) -> bool:
        return self.a.kb_fingerprint == self.b.kb_fingerprint

    def figure(self, key: str) -> FigureChange:
        return next(f for f in self.figures if f.key == key)


def _walk(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list) and value:
        for n, item in enumerate(value):
            _walk(item, f"{path}[{n}]", out)
    else:
        out[path] = value


def flatten(data: Any) -> dict[str, Any]:
    """Nested data -> {key path: leaf value}; empty lists/dicts are leaves.

    >>> flatten({"costs": [{"amounts": [1, 2]}], "prices": {}})
    {'costs[0].amounts[0]': 1, 'costs[0].amounts[1]': 2, 'prices': {}}
    """
    out: dict[str, Any] = {}
    _walk(data, "", out)
    return out


def key_path_changes(before: Any, after: Any) -> list[Change]:
    """Every leaf that differs, in the order of `after` then removed paths of `before`."""
    a, b = flatten(before), flatten(after)
    changes = []
    for path, value in b.items():
        old = a.get(path, _MISSING)
        if old is _MISSING:
            changes.append(Change(path, None, value, "tilføjet"))
        elif old != value:
            changes.append(Change(path, old, value, "ændret"))
    changes += [Change(path, value, None, "fjernet") for path, value in a.items() if path not in b]
    return changes


def diff_versions(lib: Library, calculation_id: int, v1: int, v2: int) -> VersionDiff:
    """Key-path diff of versions v1 -> v2 of one calculation, and the change in key figures."""
    one, two = lib.get(calculation_id, v1), lib.get(calculation_id, v2)
    changes = key_path_changes(one.calculation.to_data(), two.calculation.to_data())
    figures = [FigureChange(k, one.result["totals"][k], two.result["totals"][k]) for k in FIGURES]
    return VersionDiff(one.info, two.info, changes, figures)
