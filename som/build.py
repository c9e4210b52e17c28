"""Calculation (+ knowledge base) -> CoreInput arrays, with every cross-field check.

This is the only place where the file's meaning meets the knowledge base: target-group default
consequences, prices looked up by item id, the price index, price-year adjustment (spec §2.3).
All problems are collected and raised together as one InputError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from som.core.engine import PAYERS, CoreInput, CostLines, finansministeriet_rates
from som.errors import InputError, Problem
from som.schema import Calculation, CostLine


@dataclass(frozen=True)
class ItemInfo:
    """What the result needs to say about one consequence item."""

    id: str
    name: str
    unit: str
    kind: str
    area: str
    origin: str  # "inline" or "knowledge_base"


@dataclass
class Built:
    core: CoreInput
    items: list[ItemInfo]
    records_used: list[dict] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)
    consequence_source: str = "file"  # or "target_group:<id>"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.index_years: set[int] = set()  # price years moved with the index (provenance)

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))


def _record(kind: str, rec: Any) -> dict:
    source = getattr(rec, "source", None)
    return {
        "kind": kind,
        "id": rec.id,
        "status": getattr(rec, "status", None),
        "price_year": getattr(rec, "price_year", None),
        "source_url": getattr(source, "url", None),
        "origin": getattr(rec, "origin", "base"),
    }


def _index_source_url(kb, entry) -> str | None:
    source = getattr(entry, "source", None) or getattr(kb.price_index_series, "source", None)
    return getattr(source, "url", None)


def _index_factor(q: int, calc: Calculation, index: dict[int, float] | None, where: str,
                  errs: _Collector) -> float:
    """× index[price_year] / index[q] (spec §2.3); 1 when q is already the price year."""
    target = calc.settings.price_year
    if q == target:
        return 1.0
    if not index:
        errs.add(where, f"prisår {q} kræver et prisindeks (settings.price_index eller vidensbasen)")
        return 1.0
    missing = [y for y in (q, target) if y not in index]
    if missing:
        known = f"{min(index)}–{max(index)}"
        errs.add(where, f"prisår {missing[0]} findes ikke i prisindekset (kendte år: {known})")
        return 1.0
    errs.index_years.update((q, target))
    return index[target] / index[q]


def _cost_lines(lines: list[CostLine], key: str, calc: Calculation, index, errs) -> CostLines:
    horizon = calc.settings.horizon_years
    if not lines:
        return CostLines.empty(horizon)
    fixed = np.zeros((len(lines), horizon))
    per_participant = np.zeros(len(lines))
    share = np.zeros((len(lines), len(PAYERS)))
    for n, line in enumerate(lines):
        where = f"{key}[{n}]"
        q = line.price_year or calc.settings.price_year
        factor = _index_factor(q, calc, index, f"{where}.price_year", errs)
        if line.amounts is not None:
            if len(line.amounts) > horizon:
                errs.add(f"{where}.amounts", f"har {len(line.amounts)} år, men horisonten er "
                         f"{horizon} år")
            else:
                fixed[n, : len(line.amounts)] = np.asarray(line.amounts) * factor
        else:
            per_participant[n] = line.amount * factor
        for p, payer in enumerate(PAYERS):
            share[n, p] = line.payer.get(payer, 0.0)
    return CostLines(fixed, per_participant, share)


def _consequences(calc: Calculation, kb, errs: _Collector, built_meta: dict):
    """The file's consequences, or the target group's default profile from the knowledge base."""
    if calc.consequences:
        return [(c.item, list(c.delta_per_success), f"consequences[{n}]")
                for n, c in enumerate(calc.consequences)]
    tg = calc.target_group
    if isinstance(tg, str) and kb is not None and tg in kb.profiles:
        profile = kb.profiles[tg]
        built_meta["profile"] = profile
        return [(c.item, list(c.delta_per_success), f"target_group({tg}).{c.item}")
                for c in profile.consequences]
    return []


def build(calc: Calculation, kb=None) -> Built:
    """Check `calc` against itself and `kb` (may be None) and turn it into arrays."""
    errs = _Collector()
    s = calc.settings
    horizon = s.horizon_years
    records: list[dict] = []
    illustrative: list[str] = []

    def use(kind: str, rec: Any) -> None:
        entry = _record(kind, rec)
        if entry not in records:
            records.append(entry)
            if entry["status"] == "illustrative":
                illustrative.append(rec.id)

    if isinstance(calc.target_group, str) and kb is not None:
        group = kb.target_groups.get(calc.target_group)
        if group is None:
            errs.add("target_group", f"ukendt målgruppe {calc.target_group!r} i vidensbasen")
        else:
            use("target_group", group)

    index = s.price_index if s.price_index is not None else (kb.price_index if kb else None)

    participants = calc.intervention.participants
    if len(participants) > horizon:
        errs.add("intervention.participants",
                 f"har {len(participants)} år, men horisonten er {horizon} år")
    starters = np.zeros(horizon)
    starters[: min(len(participants), horizon)] = participants[:horizon]

    costs = _cost_lines(calc.costs, "costs", calc, index, errs)
    saved = _cost_lines(calc.saved_costs, "saved_costs", calc, index, errs)

    meta: dict = {}
    consequences = _consequences(calc, kb, errs, meta)
    if "profile" in meta:
        use("consequence_profile", meta["profile"])
    delta = np.zeros((len(consequences), horizon))
    price = np.zeros((len(consequences), len(PAYERS)))
    sign = np.ones(len(consequences))
    items: list[ItemInfo] = []
    for n, (item, deltas, where) in enumerate(consequences):
        if len(deltas) > horizon:
            errs.add(f"{where}.delta_per_success",
                     f"har {len(deltas)} år, men horisonten er {horizon} år")
        else:
            delta[n, : len(deltas)] = deltas
        inline = calc.prices.get(item)
        kb_price = kb.prices.get(item) if kb is not None else None
        if inline is not None:
            rec_year, kind = inline.price_year or s.price_year, inline.kind
            amounts = (inline.kommune, inline.region, inline.stat)
            info = ItemInfo(item, inline.name or item, inline.unit, kind,
                            getattr(kb_price, "area", "") if kb_price else "", "inline")
            price_where = f"prices.{item}.price_year"
        elif kb_price is not None:
            rec_year, kind = kb_price.price_year, kb_price.kind
            amounts = (kb_price.kommune, kb_price.region, kb_price.stat)
            info = ItemInfo(item, kb_price.name, kb_price.unit, kind, kb_price.area,
                            "knowledge_base")
            price_where = f"{where}.item (vidensbasens pris {item})"
            use("price", kb_price)
        else:
            hint = "" if kb is not None else " (ingen vidensbase indlæst)"
            errs.add(f"{where}.item", f"ingen pris for {item!r}: angiv den under prices{hint}")
            continue
        factor = _index_factor(rec_year, calc, index, price_where, errs)
        price[n] = np.asarray(amounts) * factor
        sign[n] = -1.0 if kind == "expenditure" else 1.0
        items.append(info)

    if errs.problems:
        raise InputError(errs.problems)
    if errs.index_years and s.price_index is None and kb is not None:
        for year in sorted(errs.index_years):
            entry = kb.price_index_entries[year]
            records.append({"kind": "price_index", "id": f"nettoprisindeks_{year}",
                            "status": entry.status, "price_year": year,
                            "source_url": _index_source_url(kb, entry), "origin": "base"})
            if entry.status == "illustrative":
                illustrative.append(f"nettoprisindeks_{year}")

    if s.discount_rate == "finansministeriet":
        rates = finansministeriet_rates(horizon)
    else:
        rates = np.full(horizon, float(s.discount_rate))

    core = CoreInput(
        start_year=s.start_year,
        starters=starters,
        course_years=calc.intervention.course_years,
        completion_rate=calc.intervention.completion_rate,
        success_rate=calc.intervention.net_success_rate,
        costs=costs,
        saved_costs=saved,
        delta=delta,
        price=price,
        sign=sign,
        offset=0 if s.consequence_start == "completion_year" else 1,
        discount_rates=rates,
    )
    source = f"target_group:{calc.target_group}" if "profile" in meta else "file"
    return Built(core, items, records, illustrative, source)
