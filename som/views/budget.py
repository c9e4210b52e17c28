"""The budget period (spec v2 §2.11) and the kommune by committee (udvalg, §2.12), as rows.

Nothing here calculates: the figures are the Result's `budget_period` and `by_budget_area`; the
committee map a person edits is `settings.budget_areas` ({consequence-area id: committee}).
"""

from __future__ import annotations

from typing import Any

from som import fmt
from som.report import TRANSFER
from som.views.knowledge import area_name, effective_consequences
from som.views.labels import PAYER_LABELS, PAYERS

NOT_ASSIGNED = "Ikke fordelt"  # the core's name for lines and items without a committee


def period_label(result: Any) -> str:
    first, last = result.budget_period["years"]
    return f"{first}–{last}" if last != first else str(first)


def budget_period_rows(result: Any) -> list[dict]:
    """Net in the budget period by payer, beside the whole horizon."""
    b = result.budget_period
    s = result.calculation.settings
    horizon = f"{s.start_year}–{s.start_year + s.horizon_years - 1}"
    rows = [{"Betaler": PAYER_LABELS[p], f"Budgetperioden {period_label(result)}": b[p],
             f"Hele perioden {horizon}": result.by_payer[p]["net"]} for p in PAYERS]
    rows.append({"Betaler": "I alt", f"Budgetperioden {period_label(result)}": b["net"],
                 f"Hele perioden {horizon}": result.totals["net"]})
    return rows


def committee_rows(result: Any) -> list[dict]:
    """One row per committee: net by year, the total, and the gain-sharing proposal.

    The proposal (§2.12): each committee's share of the kommune's net follows its share of the
    kommune's costs; the transfer is what it should receive (+) or give (−). '–' when the
    kommune has no costs to share by.
    """
    rows = []
    for area in result.by_budget_area:
        row: dict[str, Any] = {"Udvalg": area["area"], "Netto i alt": area["net"],
                               TRANSFER: area["transfer"], "Omkostninger": area["costs"],
                               "Sparede udgifter": area["saved_costs"], "Gevinster": area["gains"]}
        row.update({str(y["year"]): y["net"] for y in area["by_year"]})
        rows.append(row)
    return rows


def only_unassigned(result: Any) -> bool:
    """Is the whole kommune 'Ikke fordelt' (no committee chosen anywhere)?"""
    return [a["area"] for a in result.by_budget_area] == [NOT_ASSIGNED]


def committee_money_columns(result: Any) -> tuple[str, ...]:
    years = tuple(str(r["year"]) for r in result.by_year)
    return (*years, "Omkostninger", "Sparede udgifter", "Gevinster", "Netto i alt", TRANSFER)


def committee_sentence(result: Any) -> str | None:
    """One plain sentence when a committee pays while another gains (else None)."""
    rows = result.by_budget_area
    losers = [r for r in rows if r["net"] < -0.5]
    winners = [r for r in rows if r["net"] > 0.5]
    if not losers or not winners:
        return None
    lose = ", ".join(f"{r['area']} ({fmt.kr(r['net'])})" for r in losers)
    win = ", ".join(f"{r['area']} ({fmt.kr(r['net'])})" for r in winners)
    return f"Udgiften ligger hos {lose}, mens gevinsten ligger hos {win}."


# --- the committee map ------------------------------------------------------------------------

def used_areas(data: dict, kb: Any) -> list[str]:
    """Consequence-area ids of the items the calculation uses (inline price or knowledge base)."""
    consequences, _ = effective_consequences(data, kb)
    inline = data.get("prices") or {}
    areas = []
    for c in consequences:
        item = c["item"]
        area = (inline.get(item) or {}).get("area")
        if area is None and kb is not None and item in kb.prices:
            area = kb.prices[item].area
        if area and area not in areas:
            areas.append(area)
    return areas


def committee_map_rows(data: dict, kb: Any) -> list[dict]:
    """The map a person edits: one row per consequence area in use, with its committee."""
    chosen = (data.get("settings") or {}).get("budget_areas") or {}
    proposal = kb_committee_map(kb)
    return [{"Id": area, "Konsekvensområde": area_name(kb, area),
             "Udvalg": chosen.get(area, ""), "Vidensbasens forslag": proposal.get(area, "")}
            for area in used_areas(data, kb)]


def committee_map_from_rows(rows: list[dict], previous: dict | None) -> dict | None:
    """Edited rows -> settings.budget_areas (areas not in the table are kept; blank removes)."""
    out = dict(previous or {})
    for row in rows:
        name = (row.get("Udvalg") or "").strip() if isinstance(row.get("Udvalg"), str) else ""
        if name:
            out[row["Id"]] = name
        else:
            out.pop(row["Id"], None)
    return out or None


def kb_committee_map(kb: Any) -> dict[str, str]:
    """The knowledge base's (or a kommune overlay's) proposal {area id: committee}."""
    budget_areas = getattr(kb, "budget_areas", None) if kb is not None else None
    return dict(getattr(budget_areas, "areas", None) or {})
