"""Give a workbook's intervention.effect back on import (issue 14, docs/effect.md).

The sheets show and compute with the two success rates the effect resolves to (som.effect), and
the export keeps the file's effect block in the hidden snapshot beside those rates (and the
uncertainty range its interval gave). While the rate cells still hold exactly those rates, the
import returns the effect block instead of them, so export -> import is lossless; a person who
typed other rates has chosen the rates, and the workbook's figures are theirs: the effect no
longer describes the calculation and is not returned.
"""

from __future__ import annotations

from typing import Any

TOLERANCE = 1e-9  # a spreadsheet may keep 15 significant digits of a rate


def _same(a: Any, b: float) -> bool:
    return isinstance(a, int | float) and not isinstance(a, bool) and abs(a - b) <= TOLERANCE


def restore_effect(data: dict, snapshot: dict | None) -> None:
    """Replace the resolved rates in `data` (as read from the sheets) by the effect block."""
    saved = (snapshot or {}).get("effect")
    iv = data.get("intervention")
    if not isinstance(saved, dict) or not isinstance(iv, dict) or "success_rate" in iv:
        return
    p1, p0 = saved.get("rates") or (None, None)
    if not (_same(iv.get("success_rate_intervention"), p1)
            and _same(iv.get("success_rate_baseline"), p0)):
        return
    del iv["success_rate_intervention"], iv["success_rate_baseline"]
    iv["effect"] = saved["block"]
    unc, derived = data.get("uncertainty"), saved.get("range")
    if derived is None or not isinstance(unc, dict):
        return
    rate = unc.get("success_rate")
    if isinstance(rate, dict) and _same(rate.get("low"), derived[0]) and _same(
            rate.get("high"), derived[1]):
        del unc["success_rate"]  # the interval gives it again
        if all(v is None or v == [] for v in unc.values()):
            del data["uncertainty"]  # the block held nothing but that range
