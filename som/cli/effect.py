"""`som effekt`: an effect size -> the success rates with and without the intervention (issue 14)."""

from __future__ import annotations

import argparse
import json
import sys

from som.errors import InputError, Problem

OPTIONS = {"value": "--value", "control_rate": "--control-rate", "ci": "--ci",
           "measure": "--measure"}
MEASURE_CHOICES = ("cohens_d", "hedges_g", "odds_ratio", "risk_ratio", "risk_difference", "nnt")


def _number(text: str) -> float:
    """'0.45' or '0,45' (Danish decimal comma); nothing looser."""
    try:
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"skal være et tal (fx 0,45), fik {text!r}") from None


def register(sub) -> None:
    p = sub.add_parser("effekt", help="omregn en effektstørrelse til succesrater med og uden "
                                      "indsats")
    p.add_argument("--measure", required=True, choices=MEASURE_CHOICES,
                   help="effektmål: cohens_d, hedges_g, odds_ratio, risk_ratio, "
                        "risk_difference eller nnt")
    p.add_argument("--value", required=True, type=_number, metavar="TAL", help="effekten")
    p.add_argument("--control-rate", required=True, type=_number, metavar="ANDEL",
                   help="succesraten uden indsats, en andel mellem 0 og 1 (fx 0,30)")
    p.add_argument("--ci", nargs=2, type=_number, metavar=("NEDRE", "ØVRE"),
                   help="effektens 95 %%-interval (valgfrit)")
    p.add_argument("--json", action="store_true", help="skriv tallene som JSON")
    p.set_defaults(handler=cmd_effect)


def cmd_effect(args) -> int:
    from som.effect.convert import (
        MEASURES,
        EffectError,
        num,
        pct,
        success_rate,
        success_rate_interval,
    )

    try:
        p1 = success_rate(args.measure, args.value, args.control_rate)
        interval = (success_rate_interval(args.measure, args.value, args.ci, args.control_rate)
                    if args.ci else None)
    except EffectError as exc:
        raise InputError([Problem(OPTIONS[exc.key], exc.message)]) from None
    p0, m = args.control_rate, MEASURES[args.measure]
    if args.json:
        json.dump({"measure": args.measure, "value": args.value, "control_rate": p0,
                   "ci": args.ci, "formula": m.formula, "success_rate_intervention": p1,
                   "success_rate_baseline": p0, "net_success_rate": p1 - p0,
                   "success_rate_interval": list(interval) if interval else None},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0

    def points(share: float) -> str:
        return f"{pct(share).removesuffix(' %')} procentpoint"

    latent = " (antager et normalfordelt underliggende udfald)" if m.latent_normal else ""
    rows = [("Succesrate med indsats", pct(p1)), ("Succesrate uden indsats", pct(p0)),
            ("Nettosuccesrate", points(p1 - p0))]
    if interval:
        rows.append((f"95 %-interval [{num(args.ci[0])}; {num(args.ci[1])}]",
                     f"{pct(interval[0])}–{pct(interval[1])} med indsats (netto "
                     f"{pct(interval[0] - p0).removesuffix(' %')}–{points(interval[1] - p0)})"))
    width = max(len(k) for k, _ in rows)
    ci = f", ci: [{args.ci[0]:g}, {args.ci[1]:g}]" if args.ci else ""
    print(f"Effekt {m.symbol} = {num(args.value)} ({m.label}), succesrate uden indsats {pct(p0)}")
    print(f"Omregning: {m.formula}{latent}\n")
    print("\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows))
    if p1 < p0:
        print("\nOBS: effekten betyder færre succeser med indsatsen end uden; en beregning kan ikke "
              "bruge den (vend effektmålet, hvis studiet måler et negativt udfald).")
    print("\nI beregningsfilen (succesraterne beregnes af effekten):\nintervention:\n"
          f"  effect: {{measure: {args.measure}, value: {args.value:g}, control_rate: {p0:g}{ci}}}")
    return 0
