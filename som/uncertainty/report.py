"""The Danish uncertainty section of `som run --format table` (issue 5)."""

from __future__ import annotations

from som import fmt


def _factor(value: float | None) -> str:
    return fmt.number(value, 2) if value is not None else fmt.DASH


def _range(row: dict) -> str:
    if row["input"] == "success_rate":
        return f"{fmt.percent(row['low'])}–{fmt.percent(row['high'])}"
    return f"×{_factor(row['low'])}–{_factor(row['high'])}"


def switching_lines(sv: dict) -> list[str]:
    """Plain-language switching values: what must be true for the net to stay above 0."""
    rate, cost, cons = sv["success_rate"], sv["cost_factor"], sv["consequence_factor"]
    out = []
    if rate is None:
        out.append("  Succesraten flytter ikke nettoresultatet (ingen gevinster).")
    elif 0 <= rate <= 1:
        out.append(f"  Nettoresultatet er 0 ved en nettosuccesrate på {fmt.percent(rate, 2)} (ud "
                   "over dem, der ville have klaret sig uden indsatsen).")
    else:
        out.append(f"  Nettoresultatet kan ikke nå 0 med en nettosuccesrate mellem 0 og 100 % "
                   f"(nulpunkt {fmt.percent(rate, 2)}).")
    if cost is None:
        out.append("  Ingen omkostninger at skalere.")
    elif cost >= 0:
        out.append(f"  Nettoresultatet er 0, når omkostningerne ganges med {_factor(cost)}.")
    else:
        out.append("  Nettoresultatet er negativt uanset omkostningernes størrelse.")
    if cons is None:
        out.append("  Ingen konsekvenser at skalere.")
    elif cons >= 0:
        out.append(f"  Nettoresultatet er 0, når konsekvenserne (eller priserne) ganges med "
                   f"{_factor(cons)}.")
    else:
        out.append("  Nettoresultatet er positivt uanset konsekvensernes størrelse.")
    return out


def uncertainty_text(analysis: dict) -> str:
    """`analysis` is som.analyse_uncertainty(...): uncertainty, tornado and switching values."""
    unc, tornado = analysis["uncertainty"], analysis["tornado"]
    net, npv = unc["net"], unc["net_present_value"]
    out = [f"Usikkerhed ({fmt.number(unc['draws'])} trækninger, frø {unc['seed']})"]
    if not tornado:
        out.append("  Filen angiver ingen usikkerhedsintervaller (uncertainty): alle trækninger "
                   "giver det centrale resultat.")
    rows = [
        ("Sandsynlighed for positivt nettoresultat", fmt.percent(unc["p_net_positive"])),
        ("Nettoresultat, gennemsnit", fmt.kr(net["mean"])),
        ("Nettoresultat, 5 % / 50 % / 95 %",
         f"{fmt.kr(net['p5'])} / {fmt.kr(net['p50'])} / {fmt.kr(net['p95'])}"),
        ("Nutidsværdi, 5 % / 50 % / 95 %",
         f"{fmt.kr(npv['p5'])} / {fmt.kr(npv['p50'])} / {fmt.kr(npv['p95'])}"),
    ]
    shares = sorted(((share, year) for year, share in unc["payback_year_distribution"].items()
                     if share > 0), reverse=True)[:3]
    payback = ", ".join(f"{'ingen' if y == 'none' else y}: {fmt.percent(s)}" for s, y in shares)
    rows.append(("Tilbagebetalingsår (hyppigste)", payback))
    width = max(len(k) for k, _ in rows)
    out += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    if tornado:
        out += ["", "Følsomhed (tornado): nettoresultat ved lav og høj værdi, de øvrige centrale"]
        labels = max(len(r["label"]) for r in tornado)
        ranges = max(len(_range(r)) for r in tornado)
        for r in tornado:
            out.append(f"  {r['label'].ljust(labels)}  {_range(r).rjust(ranges)}  "
                       f"{fmt.kr(r['net_low']).rjust(16)} til {fmt.kr(r['net_high']).rjust(16)}  "
                       f"udsving {fmt.kr(r['swing'])}")
    out += ["", "Nulpunktsværdier (én ting ad gangen, resten som i filen)"]
    out += switching_lines(analysis["switching_values"])
    return "\n".join(out)
