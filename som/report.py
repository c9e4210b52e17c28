"""A readable Danish text summary of a result (`som run --format table`)."""

from __future__ import annotations

from som import fmt
from som.core.engine import PAYERS
from som.views.results import npv_label, payback_assumption

TRANSFER = "Forslag: overførsel"  # the gain-sharing figure's one name (CLI, app, Excel, memo)
TRANSFER_NOTE = ("Overførsel: hvad udvalget bør modtage (+) eller afgive (-), så hvert udvalg "
                 "får sin andel af kommunens nettoresultat i forhold til sine omkostninger.")

PAYER_LABELS = {"kommune": "Kommune", "region": "Region", "stat": "Stat"}


def payback(figures: dict) -> str:
    """A payer's break-even year; "–" for a payer with no flows at all (spec v2 §2.8), "ingen"
    for one that never pays back."""
    if figures["break_even_year"] is None and not any(
            figures[k] for k in ("costs", "saved_costs", "gains")):
        return fmt.DASH
    return fmt.year(figures["break_even_year"])


def _areas_table(result) -> list[str]:
    """The kommune on its committees (spec v2 §2.12), with the gain-sharing proposal."""
    areas = result.by_budget_area
    rows = [[a["area"], fmt.kr(a["costs"]), fmt.kr(a["saved_costs"] + a["gains"]),
             fmt.kr(a["net"]), fmt.kr(a["transfer"])] for a in areas]
    lines = ["Kommunen pr. udvalg", fmt.text_table(
        ["Udvalg", "Omkostninger", "Gevinster+sparet", "Netto", TRANSFER], rows)]
    if len(areas) > 1 and areas[0]["transfer"] is not None:
        lines.append(TRANSFER_NOTE)
    return lines + [""]


def text_report(result) -> str:
    calc, t = result.calculation, result.totals
    s = calc.settings
    last_year = s.start_year + s.horizon_years - 1
    out = [calc.meta.title]
    sub = " · ".join(x for x in (calc.meta.organisation, f"prisniveau {s.price_year}",
                                 f"{s.start_year}–{last_year}") if x)
    out += [sub, ""]
    k, bp = result.by_payer["kommune"], result.budget_period
    period = f"{bp['years'][0]}–{bp['years'][1]}"
    key_figures = [
        ("Nettoresultat", fmt.kr(t["net"])),
        ("Kommunens nettoresultat", fmt.kr(k["net"])),
        ("Kommunens tilbagebetalingsår", payback(k)),
        (f"Budgetperioden {period}", fmt.kr(bp["net"])),
        (f"Kommunen i budgetperioden {period}", fmt.kr(bp["kommune"])),
        (npv_label(s.discount_rate), fmt.kr(t["net_present_value"])),
        ("Omkostninger", fmt.kr(t["costs"])),
        ("Sparede udgifter", fmt.kr(t["saved_costs"])),
        ("Gevinster (konsekvenser)", fmt.kr(t["gains"])),
        ("Tilbagebetalingsår", fmt.year(t["break_even_year"])),
        ("Afkast pr. krone", fmt.kr(t["benefit_cost_ratio"], 2)),
        ("Netto pr. deltager", fmt.kr(t["net_per_participant"])),
        ("Netto pr. succes", fmt.kr(t["net_per_success"])),
        ("Deltagere / succeser", f"{fmt.number(t['participants'], 1).removesuffix(',0')} / "
                                 f"{fmt.number(t['successes'], 1).removesuffix(',0')}"),
        ("Kritisk succesrate", fmt.percent(t["break_even_success_rate"])),
    ]
    width = max(len(label) for label, _ in key_figures)
    out += ["Nøgletal"] + [f"  {label.ljust(width)}  {v}" for label, v in key_figures]
    out += [f"  {payback_assumption(s)}", ""]
    if (t["net"] > 0) != (k["net"] > 0) and t["net"] != 0 and k["net"] != 0:
        out += [f"OBS: Samlet giver indsatsen {fmt.kr(t['net'])}, men kommunen selv "
                f"{fmt.kr(k['net'])}.", ""]

    rows = [[PAYER_LABELS[p], fmt.kr(b["costs"]), fmt.kr(b["saved_costs"]), fmt.kr(b["gains"]),
             fmt.kr(b["net"]), payback(b)]
            for p, b in result.by_payer.items()]
    out += ["Pr. betaler", fmt.text_table(["Betaler", "Omkostninger", "Sparet", "Gevinster",
                                           "Netto", "Tilbagebetalingsår"], rows), ""]
    rows = [[str(r["year"]), fmt.kr(r["costs"]), fmt.kr(r["gains"] + r["saved_costs"]),
             fmt.kr(r["net"]), fmt.kr(r["cumulative_net"])] + [fmt.kr(r[p]) for p in PAYERS]
            for r in result.by_year]
    out += ["Pr. år", fmt.text_table(["År", "Omkostninger", "Gevinster+sparet", "Netto",
                                      "Akkumuleret", "Kommune", "Region", "Stat"], rows), ""]
    out += _areas_table(result)
    if result.notes:
        out += ["Bemærkninger"] + [f"  - {note}" for note in result.notes] + [""]
    prov = result.provenance
    if prov.get("illustrative"):
        out.append("OBS: beregningen bruger illustrative (ikke publicerede) værdier fra "
                   "vidensbasen: " + ", ".join(prov["illustrative"]))
    kb = (prov.get("kb_fingerprint") or "")[:12] or "ingen"
    out.append(f"som {prov.get('som_version')} · vidensbase {kb} · input "
               f"{prov.get('input_hash', '')[:12]}")
    return "\n".join(out)
