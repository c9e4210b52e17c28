"""Export a calculated Result as a workbook a committee can read and an economist can audit.

    export_workbook(result, "move.xlsx")          # or a BytesIO (the app's download button)

Sheets (docs/excel.md): Forside, Forudsætninger, Konsekvenser, Priser, Beregning, Resultat,
Kilder, Antagelser (+ an uncertainty sheet when given, + a very hidden '_som' sheet). Input
sheets hold values in the declared layout of `som.io.excel.layout`, so `som.io.excel.importer`
reads the calculation back exactly; Beregning and everything after it are live formulas.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from som import fmt
from som.errors import InputError, Problem
from som.io.excel import layout as L
from som.io.excel.sheets import (
    ConsequenceRow,
    InputData,
    KbRows,
    PriceRow,
    text_problems,
)
from som.io.excel.workbook import write_workbook


def export_problems(calc) -> list[Problem]:
    """What in `calc` a workbook cannot hold exactly (so the export refuses instead of altering)."""
    problems = text_problems(calc.to_data())
    if "" in calc.prices:
        problems.append(Problem("prices", "en pris med tomt id kan ikke skrives i regnearket"))
    for n, entry in enumerate(calc.settings.kb_overlay):
        if entry == "" or "\n" in entry:
            problems.append(Problem(f"settings.kb_overlay[{n}]",
                                    "en tom sti eller en sti med linjeskift kan ikke skrives i "
                                    "regnearket (én sti pr. linje)"))
    return problems


def _kb_of(result):
    """The knowledge base `result` was calculated with (the bundled one, reloaded), or None."""
    fingerprint = result.provenance.get("kb_fingerprint")
    if fingerprint is None:
        return None
    from som.api import knowledge_base_for

    try:
        kb = knowledge_base_for(result.calculation)
    except (InputError, ImportError, OSError):
        kb = None
    if kb is None or getattr(kb, "fingerprint", None) != fingerprint:
        raise InputError([Problem("", "resultatet er beregnet med en anden vidensbase end den "
                                  "medfølgende; giv den til eksporten (kb=...)")], "Excel-eksport")
    return kb


def kb_rows(kb) -> KbRows:
    """Every id, price, profile and index value of the knowledge base, for the list sheet."""
    rows = KbRows()
    if kb is None:
        return rows
    rows.groups = [(gid, getattr(g, "name", "") or "") for gid, g in kb.target_groups.items()]
    for rec in kb.prices.values():
        source = getattr(rec, "source", None)
        rows.prices.append(PriceRow(
            rec.id, rec.kind, rec.name or "", rec.unit or "", rec.price_year, rec.kommune,
            rec.region, rec.stat, getattr(source, "title", "") or "",
            getattr(source, "url", "") or "", origin="kb", status=getattr(rec, "status", None),
            area=getattr(rec, "area", "") or "", budget_area=getattr(rec, "budget_area", "") or ""))
    rows.profiles = [(gid, c.item, list(c.delta_per_success or []),
                      list(getattr(c, "during_course", None) or []))
                     for gid, profile in kb.profiles.items() for c in profile.consequences]
    rows.index = sorted((getattr(kb, "price_index", None) or {}).items())
    rows.areas = list(getattr(kb, "areas", None) or {})
    default = getattr(kb, "budget_areas", None)
    if default is not None:
        # som.build: an overlay's map applies to a file without its own; the base's is offered
        (rows.offered_map if default.origin == "base" else rows.budget_map).update(default.areas)
    steps = getattr(kb, "discount_schedule", None)
    rows.discount_steps = list(steps) if steps else []
    return rows


def effect_snapshot(result) -> dict | None:
    """The file's intervention.effect and the rates (and uncertainty range) som.effect resolved
    it to: the sheets show and compute with the rates, the import gives the effect back while
    they are unchanged (import_effect.py)."""
    effect = (result.provenance or {}).get("effect")
    if effect is None or result.calculation.intervention.effect is None:
        return None
    interval = effect["success_rate_interval"] if effect["uncertainty_range"] == "ci" else None
    p0 = effect["success_rate_baseline"]
    return {"block": result.calculation.to_data()["intervention"]["effect"],
            "rates": [effect["success_rate_intervention"], p0],
            "range": None if interval is None else [interval[0] - p0, interval[1] - p0]}


def input_data(result, kb=None, n_years: int | None = None) -> InputData:
    """What the input sheets show: the calculation's own values plus the knowledge base's."""
    calc, built = result.calculation, result.built
    s = calc.settings
    data = InputData(calc, n_years or s.horizon_years, kb=kb_rows(kb))
    data.target_group = calc.target_group if isinstance(calc.target_group, str) else None
    data.budget_map = dict(s.budget_areas) if s.budget_areas is not None else None
    data.committees = [row["area"] for row in result.summary.get("by_budget_area") or []]
    data.effect = effect_snapshot(result)
    status: dict[str, str | None] = {}
    for pid, price in calc.prices.items():
        src = price.source
        data.prices.append(PriceRow(pid, price.kind, price.name, price.unit, price.price_year,
                                    price.kommune, price.region, price.stat,
                                    src.title if src else "", src.url if src else "",
                                    area=price.area or "", budget_area=price.budget_area or ""))
    kb_prices = {p.id: p for p in data.kb.prices}
    for item in built.items:
        if item.origin != "knowledge_base":
            continue
        data.prices.append(kb_prices[item.id])
        status[item.id] = kb_prices[item.id].status
    names = {item.id: item.name for item in built.items}
    if calc.consequences:
        for c in calc.consequences:
            data.consequences.append(ConsequenceRow(
                c.item, list(c.delta_per_success or []), "file", status.get(c.item),
                names.get(c.item, ""), list(c.during_course or [])))
    elif built.consequence_source.startswith("target_group:"):
        profile = kb.profiles[calc.target_group]
        profile_status = getattr(profile, "status", None)
        for c in profile.consequences:
            item_status = "illustrative" if "illustrative" in (profile_status, status.get(c.item)) \
                else status.get(c.item) or profile_status
            data.consequences.append(ConsequenceRow(
                c.item, list(c.delta_per_success or []), "kb", item_status,
                names.get(c.item, ""), list(getattr(c, "during_course", None) or [])))
    data.n_cons_years = max([data.n_years, *(len(c.deltas) for c in data.consequences)])
    data.n_course_years = max([L.COURSE_YEARS_MIN, *(len(c.course) for c in data.consequences)])
    if s.price_index is not None:
        data.index, data.index_source = sorted(s.price_index.items()), "file"
    else:
        index = getattr(kb, "price_index", None) or {}
        data.index, data.index_source = sorted(index.items()), "kb"
    data.derived = derived_notes(result, data, kb)
    return data


def derived_notes(result, data: InputData, kb=None) -> dict[str, str]:
    """What the calculation itself says about each checklist topic (Antagelser sheet)."""
    calc, t = result.calculation, result.totals
    s, iv, tg = calc.settings, calc.intervention, calc.target_group
    if tg is None:
        group = "Ingen målgruppe angivet."
    elif isinstance(tg, str):
        group = f"Målgruppe fra vidensbasen: {tg}."
    else:
        group = f"Egen målgruppe: {tg.name}." + (f" Alder: {tg.age_band}." if tg.age_band else "")
    group_rec = kb.target_groups.get(tg) if isinstance(tg, str) and kb is not None else None
    criterion = getattr(group_rec, "success_criterion", "") if group_rec is not None else (
        tg.success_criterion if tg is not None and not isinstance(tg, str) else "")
    if group_rec is not None:
        group = f"Målgruppe fra vidensbasen: {getattr(group_rec, 'name', tg)} ({tg})."
    success = f"Succeskriterium: {criterion}." if criterion else "Intet succeskriterium angivet."
    if iv.success_rate is not None:
        deadweight = (f"Succesrate {fmt.percent(iv.success_rate)} angivet netto (dødvægt "
                      "trukket fra).")
    else:
        deadweight = (f"Succesrate {fmt.percent(iv.net_success_rate)} = "
                      f"{fmt.percent(iv.success_rate_intervention)} med indsats − "
                      f"{fmt.percent(iv.success_rate_baseline)} uden indsats (dødvægt).")
    origin = "målgruppens standardprofil" if any(c.origin == "kb" for c in data.consequences) \
        else "beregningen"
    own = sum(p.origin == "file" for p in data.prices)
    from_kb = sum(p.origin == "kb" for p in data.prices)
    illustrative = sum(p.status == "illustrative" for p in data.prices)
    last = s.start_year + s.horizon_years - 1
    return {
        "target_group": group,
        "success_measure": success,
        "deadweight": deadweight,
        "costs": (f"{len(calc.costs)} omkostningslinje(r), i alt {fmt.kr(t['costs'])}; "
                  f"{len(calc.saved_costs)} linje(r) med sparede udgifter, i alt "
                  f"{fmt.kr(t['saved_costs'])}"),
        "consequences": (f"{len(data.consequences)} konsekvens(er) fra {origin}; tidshorisont "
                         f"{s.horizon_years} år ({s.start_year}–{last}); konsekvenser regnes fra "
                         f"{L.CONSEQUENCE_START[s.consequence_start]}."),
        "local_prices": (f"{own} egne priser; {from_kb} fra vidensbasen"
                         + (f", heraf {illustrative} illustrative." if illustrative else ".")),
        "price_level": (f"Prisniveau {s.price_year}; prisindeks fra "
                        f"{L.INDEX_SOURCES[data.index_source]}."),
    }


def export_workbook(result, target: str | Path | BinaryIO, uncertainty: dict | None = None,
                    kb=None) -> None:
    """Write `result` as a workbook to a path or a binary file object (e.g. BytesIO).

    `kb`: the knowledge base the result was calculated with; by default the bundled one is
    reloaded (and checked against the result's fingerprint) when the result used one.
    `uncertainty`: the output of `som.analyse_uncertainty` (adds the Usikkerhed sheet).
    """
    calc = result.calculation
    problems = export_problems(calc)
    if problems:
        raise InputError(problems, "Excel-eksport")
    if kb is None:
        kb = _kb_of(result)
    data = input_data(result, kb)
    wb, _, _ = write_workbook(target, data, result, uncertainty)
    wb.close()
