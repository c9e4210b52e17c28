"""A readable Danish text summary of a result (`som run --format table`)."""

from __future__ import annotations

from som import fmt
from som.core.engine import PAYERS

PAYER_LABELS = {"kommune": "Kommune", "region": "Region", "stat": "Stat"}


def text_report(result) -> str:
    calc, t = result.calculation, result.totals
    s = calc.settings
    last_year = s.start_year + s.horizon_years - 1
    out = [calc.meta.title]
    sub = " · ".join(x for x in (calc.meta.organisation, f"prisniveau {s.price_year}",
                                 f"{s.start_year}–{last_year}") if x)
    out += [sub, ""]
    key_figures = [
        ("Nettoresultat", fmt.kr(t["net"])),
        ("Nutidsværdi (diskonteret)", fmt.kr(t["net_present_value"])),
        ("Omkostninger", fmt.kr(t["costs"])),
        ("Sparede udgifter", fmt.kr(t["saved_costs"])),
        ("Gevinster (konsekvenser)", fmt.kr(t["gains"])),
        ("Tilbagebetalingsår", fmt.year(t["break_even_year"])),
        ("Afkast pr. krone", fmt.kr(t["benefit_cost_ratio"], 2)),
        ("Netto pr. deltager", fmt.kr(t["net_per_participant"])),
        ("Netto pr. succes", fmt.kr(t["net_per_success"])),
        ("Deltagere / succeser", f"{fmt.number(t['participants'], 1)} / "
                                 f"{fmt.number(t['successes'], 1)}"),
        ("Break-even succesrate", fmt.percent(t["break_even_success_rate"])),
    ]
    width = max(len(k) for k, _ in key_figures)
    out += ["Nøgletal"] + [f"  {k.ljust(width)}  {v}" for k, v in key_figures] + [""]

    rows = [[PAYER_LABELS[p], fmt.kr(b["costs"]), fmt.kr(b["saved_costs"]), fmt.kr(b["gains"]),
             fmt.kr(b["net"]), fmt.year(b["break_even_year"])]
            for p, b in result.by_payer.items()]
    out += ["Pr. betaler", fmt.text_table(["Betaler", "Omkostninger", "Sparet", "Gevinster",
                                           "Netto", "Tilbagebetalingsår"], rows), ""]
    rows = [[str(r["year"]), fmt.kr(r["costs"]), fmt.kr(r["gains"] + r["saved_costs"]),
             fmt.kr(r["net"]), fmt.kr(r["cumulative_net"])] + [fmt.kr(r[p]) for p in PAYERS]
            for r in result.by_year]
    out += ["Pr. år", fmt.text_table(["År", "Omkostninger", "Gevinster+sparet", "Netto",
                                      "Akkumuleret", "Kommune", "Region", "Stat"], rows), ""]
    prov = result.provenance
    if prov.get("illustrative"):
        out.append("OBS: beregningen bruger illustrative (ikke publicerede) værdier fra "
                   "vidensbasen: " + ", ".join(prov["illustrative"]))
    kb = (prov.get("kb_fingerprint") or "")[:12] or "ingen"
    out.append(f"som {prov.get('som_version')} · vidensbase {kb} · input "
               f"{prov.get('input_hash', '')[:12]}")
    return "\n".join(out)
