"""How the effect is given (spec §1 `intervention`): one net success rate, or the rates with and
without the intervention. A front end shows the fields of one mode at a time.

The data decides the mode whenever it holds a rate; a calculation with no rate yet (a new one)
says nothing, so the mode a person chose must be remembered by the front end and passed in —
deriving it from the data alone turned the choice "med og uden" back into "netto" on the next
redraw, and a rate typed then was stored as a NET rate (trial 2).

    >>> rate_mode({"success_rate": 0.2}, PAIR)
    'net'
    >>> rate_mode({"success_rate_baseline": 0.15}, NET)
    'pair'
    >>> rate_mode({}, PAIR), rate_mode({}, None)
    ('pair', 'net')
    >>> iv = {"success_rate_intervention": 0.4, "success_rate_baseline": 0.15}
    >>> switch_rate_mode(iv, NET); iv
    {'success_rate': 0.25}
    >>> switch_rate_mode(iv, PAIR); iv
    {'success_rate_intervention': 0.25, 'success_rate_baseline': 0.0}
"""

from __future__ import annotations

NET, PAIR = "net", "pair"
PAIR_KEYS = ("success_rate_intervention", "success_rate_baseline")


def rate_mode(intervention: dict, chosen: str | None) -> str:
    """NET or PAIR: what the intervention's data holds, else `chosen` (default NET)."""
    if "success_rate" in intervention:
        return NET
    if any(key in intervention for key in PAIR_KEYS):
        return PAIR
    return chosen if chosen in (NET, PAIR) else NET


def switch_rate_mode(intervention: dict, mode: str) -> None:
    """Give the effect the other way, in place; the net rate stays what it was
    (net = with − without; a net rate r becomes r with and 0 without). A pair with one rate
    missing has no net rate: switching to NET leaves the net rate to be typed."""
    if mode == PAIR and "success_rate" in intervention:
        rate = intervention.pop("success_rate")
        intervention.update(zip(PAIR_KEYS, (rate, 0.0), strict=True))
    elif mode == NET and "success_rate" not in intervention:
        a, b = (intervention.pop(key, None) for key in PAIR_KEYS)
        if a is not None and b is not None:
            intervention["success_rate"] = round(a - b, 12)
