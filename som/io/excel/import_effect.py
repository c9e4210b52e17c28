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
        _log_replaced_effect(data, saved["block"])
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


def replaced_effect_text(block: dict) -> str:
    """The assumptions-log line for an effect whose rates a person typed over.

    >>> text = replaced_effect_text({"measure": "cohens_d", "value": 0.45, "ci": [0.2, 0.7],
    ...                              "control_rate": 0.3, "study": "move_rct_2017"})
    >>> text.split(": ", 1)[1]
    'Cohens d = 0,45 (95 %-interval 0,2 til 0,7), succesrate uden indsats 30 %, effektstudie move_rct_2017.'
    """
    from som.effect.convert import MEASURES, num, pct

    m = MEASURES.get(block.get("measure"))
    label = m.label[0].upper() + m.label[1:] if m else str(block.get("measure"))
    named = label if m is None or m.symbol in label.split() else f"{label}, {m.symbol}"
    parts = [f"{named} = {num(block['value'])}"]
    if block.get("ci"):
        parts[0] += f" (95 %-interval {num(block['ci'][0])} til {num(block['ci'][1])})"
    parts.append(f"succesrate uden indsats {pct(block['control_rate'])}")
    if block.get("study"):
        parts.append(f"effektstudie {block['study']}")
    return ("Succesraterne er skrevet i arbejdsbogen og erstatter effekten fra den eksporterede "
            "beregning: " + ", ".join(parts) + ".")


def _log_replaced_effect(data: dict, block: Any) -> None:
    if not isinstance(block, dict) or not {"measure", "value", "control_rate"} <= block.keys():
        return
    entries = data.setdefault("assumptions", [])
    if not isinstance(entries, list):
        return
    entry = {"topic": "success_measure", "text": replaced_effect_text(block),
             "source": "arbejdsbogen"}
    if entry not in entries:
        entries.append(entry)
