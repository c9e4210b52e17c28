"""The calculation library (som.store) for pages that only pick from it: new-from-copy, compare.

Opened per call (SQLite is cheap to open; a connection must not outlive the script run). A
library that cannot be opened is an empty list and a Danish reason, never a traceback.
"""

from __future__ import annotations

from som import fmt
from som.errors import InputError


def saved() -> tuple[list, str | None]:
    """(latest version of every saved calculation, None) or ([], Danish reason)."""
    from som.store import Library

    try:
        with Library() as lib:
            return lib.search(""), None
    except InputError as exc:
        return [], "Biblioteket med gemte beregninger kan ikke åbnes: " + exc.render()


def label(info) -> str:
    """'Cool Kids – Ikast-Brande · Ikast-Brande Kommune · gemt 23.11.2026 kl. 10:33'."""
    parts = [info.title, info.organisation, f"gemt {fmt.local_time(info.saved_at)}"]
    return " · ".join(p for p in parts if p)


def load(calculation_id: int):
    """The latest version of a saved calculation (a som.Calculation)."""
    from som.store import Library

    with Library() as lib:
        return lib.get(calculation_id).calculation
