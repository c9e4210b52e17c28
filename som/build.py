"""Calculation (+ knowledge base) -> CoreInput arrays, with every cross-field check.

This is the only place where the file's meaning meets the knowledge base: target-group default
consequences, prices looked up by item id, the price index, price-year adjustment (spec §2.3).
All problems are collected and raised together as one InputError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from som.core.engine import (
    PAYERS,
    Areas,
    CoreInput,
    CostLines,
    finansministeriet_rates,
    schedule_rates,
)
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
    budget_area: str = ""  # the kommune committee (udvalg) its kommune gains belong to


UNASSIGNED = "Ikke fordelt"  # spec v2 §2.12: the area of everything not given a committee


@dataclass
class Built:
    core: CoreInput
    items: list[ItemInfo]
    records_used: list[dict] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)
    consequence_source: str = "file"  # or "target_group:<id>"
    # The items' whole vectors, before the cut at the horizon (for `notes`): [i, k].
    delta_full: np.ndarray | None = None
    course_full: np.ndarray | None = None
    budget_areas_source: str = "none"  # "file", "knowledge_base:<map id>" or "none"


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


def _consequences(calc: Calculation, kb, built_meta: dict):
    """The file's consequences, or the target group's default profile from the knowledge base:
    [(item, delta_per_success, during_course, where)], vectors as lists ([] when absent)."""
    if calc.consequences:
        return [(c.item, list(c.delta_per_success or []), list(c.during_course or []),
                 f"consequences[{n}]") for n, c in enumerate(calc.consequences)]
    tg = calc.target_group
    if isinstance(tg, str) and kb is not None and tg in kb.profiles:
        profile = kb.profiles[tg]
        built_meta["profile"] = profile
        return [(c.item, list(c.delta_per_success or []), list(c.during_course or []),
                 f"target_group({tg}).{c.item}") for c in profile.consequences]
    return []


def _vectors(rows: list[list[float]], horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Whole vectors [i, K] (zero-padded) and the same cut at the horizon [i, H] (spec v2 §2.5:
    what falls past the horizon is not counted, never refused)."""
    longest = max([len(r) for r in rows] + [horizon])
    full = np.zeros((len(rows), longest))
    for n, row in enumerate(rows):
        full[n, : len(row)] = row
    return full, full[:, :horizon].copy()


def _budget_map(calc: Calculation, kb, errs: _Collector) -> tuple[dict[str, str], str]:
    """Consequence area -> committee: the file's map, else an overlay's default map (spec v2
    §2.12). The bundled knowledge base's map is a proposal a user adopts into the file (the app
    and the template offer it), so a file without a map keeps the worked example's single area."""
    own = calc.settings.budget_areas
    if own is not None:
        if kb is not None:
            for area in own:
                if area not in kb.areas:
                    errs.add(f"settings.budget_areas.{area}",
                             f"ukendt konsekvensområde {area!r}; kendte: {', '.join(kb.areas)}")
        else:
            known = {p.area for p in calc.prices.values() if p.area}
            for area in own:
                if area not in known:
                    errs.add(f"settings.budget_areas.{area}",
                             f"ukendt konsekvensområde {area!r} (ingen vidensbase indlæst, og "
                             "ingen pris i filen har det som area)")
        return dict(own), "file"
    default = getattr(kb, "budget_areas", None)
    if default is not None and default.origin != "base":
        return dict(default.areas), f"knowledge_base:{default.id}"
    return {}, "none"


def _discount_rates(calc: Calculation, kb, horizon: int) -> np.ndarray:
    """r_y (spec §2.7). "finansministeriet" follows the knowledge base's schedule when one is
    loaded (an overlay's discount.yaml takes effect), else the spec's built-in steps."""
    rate = calc.settings.discount_rate
    if rate != "finansministeriet":
        return np.full(horizon, float(rate))
    if kb is not None:
        return schedule_rates(kb.discount_schedule, horizon)
    return finansministeriet_rates(horizon)


def _areas(calc: Calculation, items: list[ItemInfo]) -> Areas:
    """Every line's and item's committee as an index into the names, in order of first
    appearance (cost lines, saved costs, items), with "Ikke fordelt" last (spec v2 §2.12)."""
    cost = [line.budget_area or UNASSIGNED for line in calc.costs]
    saved = [line.budget_area or UNASSIGNED for line in calc.saved_costs]
    item = [info.budget_area for info in items]
    names = list(dict.fromkeys(n for n in (*cost, *saved, *item) if n != UNASSIGNED))
    if UNASSIGNED in (*cost, *saved, *item) or not names:
        names.append(UNASSIGNED)

    def index(values: list[str]) -> np.ndarray:
        return np.array([names.index(v) for v in values], dtype=int)

    return Areas(tuple(names), index(cost), index(saved), index(item))


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

    budget_map, budget_source = _budget_map(calc, kb, errs)
    if s.budget_period_years is not None and s.budget_period_years > horizon:
        errs.add("settings.budget_period_years",
                 f"budgetperioden ({s.budget_period_years} år) kan ikke være længere end "
                 f"horisonten ({horizon} år)")

    meta: dict = {}
    consequences = _consequences(calc, kb, meta)
    if "profile" in meta:
        use("consequence_profile", meta["profile"])
    delta_full, delta = _vectors([c[1] for c in consequences], horizon)
    course_full, course = _vectors([c[2] for c in consequences], horizon)
    price = np.zeros((len(consequences), len(PAYERS)))
    sign = np.ones(len(consequences))
    items: list[ItemInfo] = []
    for n, (item, _, _, where) in enumerate(consequences):
        inline = calc.prices.get(item)
        kb_price = kb.prices.get(item) if kb is not None else None
        if inline is not None:
            rec_year, kind = inline.price_year or s.price_year, inline.kind
            amounts = (inline.kommune, inline.region, inline.stat)
            area = inline.area or (kb_price.area if kb_price else "")
            if inline.area and kb is not None and inline.area not in kb.areas:
                errs.add(f"prices.{item}.area", f"ukendt konsekvensområde {inline.area!r}")
            info = ItemInfo(item, inline.name or item, inline.unit, kind, area, "inline",
                            inline.budget_area or budget_map.get(area, UNASSIGNED))
            price_where = f"prices.{item}.price_year"
        elif kb_price is not None:
            rec_year, kind = kb_price.price_year, kb_price.kind
            amounts = (kb_price.kommune, kb_price.region, kb_price.stat)
            info = ItemInfo(item, kb_price.name, kb_price.unit, kind, kb_price.area,
                            "knowledge_base",
                            kb_price.budget_area or budget_map.get(kb_price.area, UNASSIGNED))
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
                            "source_url": _index_source_url(kb, entry), "origin": "base",
                            "projection": bool(getattr(entry, "projection", False))})
            if entry.status == "illustrative":
                illustrative.append(f"nettoprisindeks_{year}")

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
        discount_rates=_discount_rates(calc, kb, horizon),
        course_delta=course if course.any() else None,
        areas=_areas(calc, items),
        budget_period=s.budget_period,
    )
    source = f"target_group:{calc.target_group}" if "profile" in meta else "file"
    return Built(core, items, records, illustrative, source, delta_full, course_full,
                 budget_source)
