"""A Result as key figures, tables and chart series with Danish labels and number format.

Nothing here calculates: every figure is read from the Result (spec §3) or summed from its
by-item table for display (gains by consequence area). Texts use som.fmt, so the app, exports
and tests all read '1.234.567 kr.'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from som import fmt
from som.views.knowledge import area_name, record_name
from som.views.labels import (
    CONSEQUENCE_START_LABELS,
    KIND_LABELS,
    PAYER_DEFINITE,
    PAYER_LABELS,
    PAYER_POSSESSIVE,
    PAYERS,
)


@dataclass(frozen=True)
class Figure:
    label: str
    text: str
    value: float | int | None
    help: str = ""


NPV_UNDISCOUNTED = "Nutidsværdi (ikke diskonteret)"


def discounted(rate: float | str) -> bool:
    """Does settings.discount_rate discount at all? (0 does not; "finansministeriet" does.)"""
    return rate == "finansministeriet" or bool(rate)


def npv_label(rate: float | str) -> str:
    """The present value's label in static text (CLI, memo): says whether it is discounted."""
    return "Nutidsværdi (diskonteret)" if discounted(rate) else NPV_UNDISCOUNTED


def _npv_figure(value: float, start_year: int, rate: float | str) -> Figure:
    """The present value; with no discounting its label says so (it then equals the net)."""
    if not discounted(rate):
        return Figure(NPV_UNDISCOUNTED, fmt.kr(value), value,
                      "Beregningen diskonteres ikke (Indstillinger → Diskontering: Ingen), så "
                      "tallet er lig nettoresultatet. Vælg Finansministeriets rente for en "
                      "egentlig nutidsværdi.")
    rate_text = "Finansministeriets diskonteringsrente" if rate == "finansministeriet" \
        else f"diskonteringsrente {fmt.percent(rate)}"
    return Figure("Nutidsværdi", fmt.kr(value), value,
                  f"Nettoresultat tilbagediskonteret til {start_year} med {rate_text}.")


def key_figures(result: Any) -> dict[str, Figure]:
    """The headline figures, keyed by their spec §3 names."""
    t = result.totals
    s = result.calculation.settings
    last = s.start_year + s.horizon_years - 1
    period = f"{s.start_year}–{last}, prisniveau {s.price_year}"
    rate = s.discount_rate
    return {
        "net": Figure("Nettoresultat", fmt.kr(t["net"]), t["net"],
                      f"Gevinster + sparede udgifter − omkostninger, {period}, udiskonteret."),
        "net_present_value": _npv_figure(t["net_present_value"], s.start_year, rate),
        "break_even_year": Figure("Tilbagebetalingsår", fmt.year(t["break_even_year"]),
                                  t["break_even_year"], "Første år, hvorfra det akkumulerede "
                                  f"nettoresultat forbliver positivt til og med {last}; 'ingen' "
                                  "betyder, at investeringen ikke er tjent hjem i perioden. "
                                  + payback_assumption(s)),
        "benefit_cost_ratio": Figure("Afkast pr. krone", fmt.kr(t["benefit_cost_ratio"], 2),
                                     t["benefit_cost_ratio"], "(Gevinster + sparede udgifter) "
                                     "pr. investeret krone."),
        "net_per_participant": Figure("Netto pr. deltager", fmt.kr(t["net_per_participant"]),
                                      t["net_per_participant"], "Nettoresultat delt med antal "
                                      "deltagere, der starter."),
        "net_per_success": Figure("Netto pr. succes", fmt.kr(t["net_per_success"]),
                                  t["net_per_success"], "Nettoresultat delt med antal succeser."),
        "costs": Figure("Omkostninger", fmt.kr(t["costs"]), t["costs"]),
        "saved_costs": Figure("Sparede udgifter", fmt.kr(t["saved_costs"]), t["saved_costs"]),
        "gains": Figure("Gevinster", fmt.kr(t["gains"]), t["gains"],
                        "Værdien af de ændrede konsekvenser for de borgere, der har succes."),
        "participants": Figure("Deltagere", fmt.number(t["participants"], 1).removesuffix(",0"),
                               t["participants"]),
        "successes": Figure("Succeser", fmt.number(t["successes"], 1).removesuffix(",0"),
                            t["successes"]),
        "break_even_success_rate": Figure(
            "Kritisk succesrate", fmt.percent(t["break_even_success_rate"]),
            t["break_even_success_rate"],
            "Den nettosuccesrate, hvor nettoresultatet over perioden er præcis 0: under den "
            "betaler indsatsen sig ikke."),
    }


def has_flows(result: Any, payer: str) -> bool:
    """Does the payer have any cost, saved cost or gain at all? (spec v2 §2.8)"""
    b = result.by_payer[payer]
    return any(b[k] for k in ("costs", "saved_costs", "gains")) or any(
        r[payer] for r in result.by_year)


# What the payback year assumes about when a success starts to pay (settings.consequence_start,
# spec §2 step 5: offset 0 or 1 year after the completion year), in the words of Indstillinger.
PAYBACK_ASSUMES = {
    "completion_year": "konsekvenserne af en succes regnes fra samme år, som deltageren "
                       "afslutter forløbet",
    "year_after": "konsekvenserne af en succes regnes først fra året efter, at deltageren har "
                  "afsluttet forløbet",
}


def payback_assumption(settings: Any) -> str:
    """The sentence shown beside the payback year, from a calculation's settings.

    >>> from types import SimpleNamespace
    >>> text = payback_assumption(SimpleNamespace(consequence_start="year_after"))
    >>> text.startswith("Tilbagebetalingsåret forudsætter, at konsekvenserne af en succes "
    ...                 "regnes først fra året efter"), text.endswith("året efter succes).")
    (True, True)
    """
    start = settings.consequence_start
    return (f"Tilbagebetalingsåret forudsætter, at {PAYBACK_ASSUMES[start]} (Indstillinger: "
            f"Konsekvenserne begynder – {CONSEQUENCE_START_LABELS[start].lower()}).")


def payback_text(result: Any, payer: str) -> str:
    """A payer's break-even year; '–' for a payer with no flows at all, 'ingen' if never."""
    if not has_flows(result, payer):
        return fmt.DASH
    return fmt.year(result.by_payer[payer]["break_even_year"])


def payer_figures(result: Any, payer: str) -> dict[str, Figure]:
    """A payer's own net result and payback year, for the headline beside the total."""
    b = result.by_payer[payer]
    own = PAYER_POSSESSIVE[payer]
    s = result.calculation.settings
    last = s.start_year + s.horizon_years - 1
    flows = has_flows(result, payer)
    return {
        "net": Figure(f"{own} nettoresultat", fmt.kr(b["net"]) if flows else fmt.DASH,
                      b["net"] if flows else None,
                      f"{own} gevinster + sparede udgifter − {own.lower()} omkostninger, "
                      f"{s.start_year}–{last}, udiskonteret. '–': ingen udgifter eller gevinster."),
        "break_even_year": Figure(
            f"{own} tilbagebetalingsår", payback_text(result, payer),
            b["break_even_year"] if flows else None,
            f"Første år, hvorfra {own.lower()} akkumulerede nettoresultat forbliver positivt til "
            f"og med {last}; 'ingen': det sker ikke i perioden; '–': ingen udgifter eller "
            "gevinster. " + payback_assumption(s)),
    }


def sign_sentence(result: Any, payer: str = "kommune") -> str | None:
    """One plain sentence when the total and the payer disagree in sign, else None."""
    total = result.totals["net"]
    own = result.by_payer[payer]["net"]
    if not has_flows(result, payer) or round(total) == 0 or round(own) == 0:
        return None
    if (total > 0) == (own > 0):
        return None
    who = PAYER_DEFINITE[payer]
    if total > 0:
        others = [PAYER_DEFINITE[p] for p in PAYERS
                  if p != payer and result.by_payer[p]["net"] > 0]
        where = f"; gevinsten ligger hos {' og '.join(others)}" if others else ""
        return (f"Samlet giver indsatsen et overskud på {fmt.kr(total)}, men {who} selv har et "
                f"underskud på {fmt.kr(-own)}{where}.")
    return (f"Samlet giver indsatsen et underskud på {fmt.kr(-total)}, men {who} selv har et "
            f"overskud på {fmt.kr(own)}.")


def payer_rows(result: Any) -> list[dict]:
    rows = []
    for payer in PAYERS:
        b = result.by_payer[payer]
        rows.append({"Betaler": PAYER_LABELS[payer], "Omkostninger": b["costs"],
                     "Sparede udgifter": b["saved_costs"], "Gevinster": b["gains"],
                     "Nettoresultat": b["net"], "Tilbagebetalingsår": payback_text(result, payer)})
    return rows


def year_rows(result: Any) -> list[dict]:
    rows = []
    for r in result.by_year:
        row = {"År": str(r["year"]), "Omkostninger": r["costs"], "Sparede udgifter": r["saved_costs"],
               "Gevinster": r["gains"], "Nettoresultat": r["net"],
               "Akkumuleret": r["cumulative_net"]}
        row.update({PAYER_LABELS[p]: r[p] for p in PAYERS})
        rows.append(row)
    return rows


def item_rows(result: Any, kb: Any = None) -> list[dict]:
    rows = []
    for r in result.by_item():
        rows.append({"Post": r["name"], "Enhed": r["unit"], "Art": KIND_LABELS.get(r["kind"], r["kind"]),
                     "Område": area_name(kb, r["area"]),
                     "Pris fra": "Beregningen" if r["origin"] == "inline" else "Vidensbasen",
                     **{PAYER_LABELS[p]: r[p] for p in PAYERS}, "I alt": r["total"]})
    return rows


def area_gains(result: Any, kb: Any = None) -> list[dict]:
    """Gains over the horizon by consequence area and payer, largest absolute total first."""
    totals: dict[str, dict] = {}
    for r in result.by_item():
        name = area_name(kb, r["area"])
        entry = totals.setdefault(name, {"Område": name, **{PAYER_LABELS[p]: 0.0 for p in PAYERS},
                                         "I alt": 0.0})
        for p in PAYERS:
            entry[PAYER_LABELS[p]] += r[p]
        entry["I alt"] += r["total"]
    return sorted(totals.values(), key=lambda e: -abs(e["I alt"]))


def formatted(rows: list[dict], money: tuple[str, ...]) -> list[dict]:
    """Rows with the money columns as Danish text ('1.234.567 kr.') for display."""
    return [{k: (fmt.kr(v) if k in money else v) for k, v in row.items()} for row in rows]


def illustrative_used(result: Any, kb: Any = None) -> list[str]:
    """Names of the illustrative (assumed, not published) knowledge-base records used."""
    return [record_name(kb, rid) for rid in result.provenance.get("illustrative") or []]


def provenance_line(result: Any) -> str:
    p = result.provenance
    kb = (p.get("kb_fingerprint") or "")[:12] or "ingen"
    version = f" {p['kb_version']}" if p.get("kb_version") else ""
    return (f"som {p.get('som_version')} · vidensbase{version} {kb} · "
            f"input {(p.get('input_hash') or '')[:12]}")


RECORD_KINDS = {"target_group": "Målgruppe", "price": "Pris", "price_index": "Prisindeks",
                "profile": "Konsekvensprofil", "effect_study": "Effektstudie",
                "discount": "Diskontering", "budget_areas": "Udvalgsfordeling"}
ORIGINS = {"base": "Vidensbasen", "overlay": "Lokalt tillæg"}


def provenance_rows(result: Any, kb: Any = None) -> list[dict]:
    """The knowledge-base records a result used, in Danish: what, name, status, price year, source."""
    from som.views.labels import STATUS_LABELS

    rows = []
    for r in result.provenance.get("records_used") or []:
        rows.append({"Art": RECORD_KINDS.get(r.get("kind"), r.get("kind") or ""),
                     "Post": record_name(kb, r.get("id", "")),
                     "Status": STATUS_LABELS.get(r.get("status"), r.get("status") or ""),
                     "Prisår": "" if r.get("price_year") is None else str(r["price_year"]),
                     "Oprindelse": ORIGINS.get(r.get("origin"), r.get("origin") or ""),
                     "Link": r.get("source_url") or ""})
    return rows


def budget_figures(result: Any, payer: str) -> dict[str, Figure]:
    """Net in the budget period (spec v2 §2.11), total and for one payer."""
    b = result.budget_period
    first, last = b["years"]
    period = f"{first}–{last}" if last != first else str(first)
    own = PAYER_POSSESSIVE[payer]
    flows = has_flows(result, payer)
    return {
        "net": Figure(f"Netto i budgetperioden {period}", fmt.kr(b["net"]), b["net"],
                      "Budgetår og overslagsår (Indstillinger), udiskonteret, alle betalere."),
        "payer": Figure(f"{own} netto i budgetperioden", fmt.kr(b[payer]) if flows else fmt.DASH,
                        b[payer] if flows else None,
                        f"{own} gevinster + sparede udgifter − omkostninger i {period}."),
    }
