"""New calculations and target-group changes, as plain data (spec §1) a front end puts in place.

Four starts (issue 10): blank, from a knowledge-base target group (its default consequence
profile and the knowledge base's prices apply, the horizon covers the profile), from a file
(som.views.files) and a copy of a saved one. A new calculation is deliberately incomplete (no
participants, no success rate, no costs): the schema then names what is still missing, rather
than the app inventing figures.

Changing the target group never keeps another group's consequences silently: `switch_target_group`
either adopts the new group's profile and prices or keeps the current consequences as the
calculation's own (written into the file, with a note in the assumptions log).
"""

from __future__ import annotations

import copy
from typing import Any

from som.views.knowledge import default_profile, effective_consequences

DEFAULT_HORIZON = 10
MAX_HORIZON = 50
DEFAULT_DISCOUNT = "finansministeriet"  # what SØM users expect (spec §2.7); "Ingen" is a choice


def price_year_for(kb: Any, year: int) -> int:
    """The price level of a new calculation: `year`, or the knowledge base's latest index year
    if that is earlier (a price year must be in the index to move the base's prices to it)."""
    index = getattr(kb, "price_index", None) or {}
    known = [y for y in index if y <= year]
    return max(known) if known else year


def profile_length(profile: dict | None) -> int:
    if not profile:
        return 0
    return max([len(c.get("delta_per_success") or []) for c in profile["consequences"]]
               + [len(c.get("during_course") or []) for c in profile["consequences"]] + [0])


def blank(title: str, year: int, kb: Any = None) -> dict:
    """A new, empty calculation starting in `year` (title also names the intervention)."""
    title = title.strip() or "Ny beregning"
    return {
        "som_version": 1,
        "meta": {"title": title, "organisation": "", "author": "", "description": ""},
        "settings": {"start_year": year, "horizon_years": DEFAULT_HORIZON,
                     "price_year": price_year_for(kb, year), "discount_rate": DEFAULT_DISCOUNT,
                     "consequence_start": "completion_year"},
        "intervention": {"name": title, "participants": [], "course_years": 0,
                         "completion_rate": 1.0},
        "costs": [],
        "saved_costs": [],
        "prices": {},
    }


def from_target_group(title: str, year: int, kb: Any, target_group: str) -> dict:
    """A new calculation for a knowledge-base target group: its default profile and the base's
    prices apply, and the horizon covers the whole profile (at least DEFAULT_HORIZON years)."""
    data = blank(title, year, kb)
    data["target_group"] = target_group
    length = profile_length(default_profile(kb, target_group))
    data["settings"]["horizon_years"] = min(MAX_HORIZON, max(DEFAULT_HORIZON, length))
    return data


def copy_of(data: dict, suffix: str = " (kopi)") -> dict:
    """A copy to change without touching the original (the title says it is a copy)."""
    out = copy.deepcopy(data)
    out["meta"]["title"] = f"{out['meta'].get('title', '')}{suffix}".strip()
    return out


def consequences_differ(data: dict, new_target_group: Any, kb: Any) -> bool:
    """Would changing the target group change the consequences the calculation uses?

    True when the calculation has consequences (its own or the old group's profile) and the new
    group would not give exactly those: then a person must choose (adopt or keep).
    """
    now, _ = effective_consequences(data, kb)
    if not now:
        return False
    if data.get("consequences"):
        return True  # own consequences: adopting the new profile would replace them
    after, _ = effective_consequences({**data, "target_group": new_target_group}, kb)
    return after != now


def switch_target_group(data: dict, new_target_group: Any, kb: Any, adopt: bool,
                        old_name: str = "") -> dict:
    """The calculation with a new target group.

    adopt=True: the new group's default profile replaces the consequences (the file's own list is
    removed, so the build uses the profile and flags it if illustrative), and local prices that
    override the knowledge base or are no longer used are removed, so the base's prices apply.
    adopt=False: the consequences in use now become the calculation's own list, so they stay
    exactly as they are; the assumptions log says where they came from.
    """
    out = copy.deepcopy(data)
    now, origin = effective_consequences(data, kb)
    if new_target_group is None:
        out.pop("target_group", None)
    else:
        out["target_group"] = new_target_group
    if adopt:
        out.pop("consequences", None)
        used = {c["item"] for c in effective_consequences(out, kb)[0]}
        kb_prices = getattr(kb, "prices", {}) if kb is not None else {}
        out["prices"] = {item: price for item, price in (out.get("prices") or {}).items()
                         if item in used and item not in kb_prices}
        return out
    out["consequences"] = copy.deepcopy(now)
    if origin == "profile":
        note = (f"Konsekvenserne er målgruppens standardprofil fra vidensbasen "
                f"({old_name or data.get('target_group')}), beholdt ved skift af målgruppe.")
        out["assumptions"] = [*(out.get("assumptions") or []),
                              {"topic": "consequences", "text": note}]
    return out
