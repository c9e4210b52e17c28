"""The uncertainty block (som.uncertainty.schema) as a person fills it in, without files.

A person says "costs −10 % to +30 %" and "the success rate 15–35 %"; the file holds factors
(0.9, 1.3) and absolute rates (0.15, 0.35). Conversions are exact (decimal arithmetic), so a
range that is only shown and not changed is stored unchanged.

>>> deviation_from_factor(0.9), factor_from_deviation(-0.1), factor_from_deviation(0.3)
(-0.1, 0.9, 1.3)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from som import numparse
from som.numparse import Kind
from som.views.editing import Cells, blank
from som.views.knowledge import item_choices

DEVIATION = Kind("ændring", "%", minimum=-100, percent=True)  # −10 % = factor 0.9
GLOBAL = {"costs": "Omkostninger", "consequences": "Konsekvenser", "prices": "Priser"}
TARGET, LOW, HIGH = "Hvad", "Lav (ændring i %)", "Høj (ændring i %)"


def deviation_from_factor(factor: float | None) -> float | None:
    return None if factor is None else float(Decimal(repr(float(factor))) - 1)


def factor_from_deviation(share: float | None) -> float | None:
    return None if share is None else float(Decimal(1) + Decimal(repr(float(share))))


def line_targets(data: dict, kb: Any = None) -> dict[str, str]:
    """{target: 'Omkostning: Behandlere'} for every line or item a range may be put on."""
    targets = {}
    for key, word in (("costs", "Omkostning"), ("saved_costs", "Sparet udgift")):
        for n, line in enumerate(data.get(key) or []):
            targets[f"{key}[{n}]"] = f"{word}: {line.get('name') or f'linje {n + 1}'}"
    from som.views.knowledge import effective_consequences

    names = item_choices(data, kb)
    items = list(dict.fromkeys(c["item"] for c in effective_consequences(data, kb)[0]))
    for item in items:
        targets[f"consequences.{item}"] = f"Konsekvens: {names.get(item, item)}"
    for item in items:
        targets[f"prices.{item}"] = f"Pris: {names.get(item, item)}"
    return targets


def line_rows(block: dict, targets: dict[str, str]) -> list[dict]:
    rows = []
    for line in block.get("lines") or []:
        rows.append({TARGET: targets.get(line.get("target"), line.get("target")),
                     LOW: numparse.editable(deviation_from_factor(line.get("low")), DEVIATION),
                     HIGH: numparse.editable(deviation_from_factor(line.get("high")), DEVIATION)})
    return rows


def lines_from_rows(rows: list[dict], targets: dict[str, str]) -> tuple[list[dict], Cells]:
    """Edited rows -> uncertainty.lines (a target not chosen is passed on for the schema)."""
    cells = Cells()
    by_label = {label: target for target, label in targets.items()}
    lines = []
    for n, row in enumerate(rows):
        label = row.get(TARGET)
        line: dict[str, Any] = {"target": "" if blank(label) else by_label.get(label, str(label))}
        for key, column in (("low", LOW), ("high", HIGH)):
            share = cells.number(f"Linje {n + 1}, {column}", row.get(column), DEVIATION)
            if share is not None:
                line[key] = factor_from_deviation(share)
        lines.append(line)
    return lines, cells


def summary(block: dict | None, data: dict | None = None) -> str:
    """'Succesrate 15–35 %; omkostninger −10 % til +30 %' (what is uncertain, in one line);
    with the calculation's `data`, a success rate taken from the effect's interval is named."""
    if block is None:
        return "ingen intervaller"
    parts = []
    rate = block.get("success_rate") or {}
    if rate.get("low") is not None and rate.get("high") is not None:
        parts.append(f"succesrate {numparse.editable(rate['low'], numparse.PERCENT)}–"
                     f"{numparse.editable(rate['high'], numparse.PERCENT)} %")
    elif data is not None and effect_interval(data) is not None:
        parts.append("succesrate fra effektens 95 %-interval")
    for key, word in GLOBAL.items():
        r = block.get(key) or {}
        if r.get("low") is not None and r.get("high") is not None:
            low = deviation_from_factor(r["low"])
            high = deviation_from_factor(r["high"])
            parts.append(f"{word.lower()} {_signed(low)} til {_signed(high)}")
    if block.get("lines"):
        parts.append(f"{len(block['lines'])} enkelte linjer")
    return "; ".join(parts) or "ingen intervaller"


def _signed(share: float) -> str:
    text = numparse.editable(share, DEVIATION)
    return f"+{text} %" if share > 0 else f"{text} %"


def effect_interval(data: dict) -> str | None:
    """The effect's 95 % interval (intervention.effect.ci) as the success-rate range it becomes,
    in Danish; None without a usable interval (the Effekt step says what is wrong with it)."""
    effect = (data.get("intervention") or {}).get("effect") or {}
    if not effect.get("ci") or effect.get("value") is None or effect.get("control_rate") is None:
        return None
    from som.effect.convert import MEASURES, EffectError, num, pct
    from som.effect.text import convert, points

    try:
        c = convert(effect.get("measure", ""), effect["value"], effect["control_rate"],
                    effect["ci"])
    except (EffectError, KeyError):
        return None
    (lo, hi), p0, ci = c.interval, c.control_rate, c.ci
    text = (f"Effektens 95 %-interval, {MEASURES[c.measure].symbol} fra {num(ci[0])} til "
            f"{num(ci[1])}, giver en succesrate med indsatsen på {pct(lo)}–{pct(hi)} "
            f"(uden indsatsen {pct(p0)}), dvs. en nettosuccesrate på "
            f"{pct(lo - p0).removesuffix(' %')}–{points(hi - p0)}.")
    block = data.get("uncertainty")
    if block is None:
        return text + " Slå usikkerhed til for at regne med det."
    if block.get("success_rate"):
        return text + (" Du har selv angivet succesratens lave og høje værdi herunder; de bruges "
                       "i stedet for effektens interval.")
    return text + (" Det bruges som usikkerhedsinterval for succesraten, så længe lav og høj "
                   "succesrate herunder er tomme.")
