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
    from som.effect.convert import MEASURES, EffectError
    from som.effect.text import HARMFUL, convert

    try:
        c = convert(args.measure, args.value, args.control_rate, args.ci)
    except EffectError as exc:
        raise InputError([Problem(OPTIONS[exc.key], exc.message)]) from None
    if args.json:
        json.dump({"measure": c.measure, "value": c.value, "control_rate": c.control_rate,
                   "ci": args.ci, "formula": MEASURES[c.measure].formula,
                   "latent_normal": MEASURES[c.measure].latent_normal,
                   "success_rate_intervention": c.p1,
                   "success_rate_baseline": c.control_rate, "net_success_rate": c.net,
                   "success_rate_interval": list(c.interval) if c.interval else None},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    rows = c.rows()
    width = max(len(k) for k, _ in rows)
    print(c.heading)
    print(f"Omregning: {c.formula}\n")
    print("\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows))
    if c.harmful:
        print("\n" + HARMFUL)
    ci = f", ci: [{args.ci[0]:g}, {args.ci[1]:g}]" if args.ci else ""
    print("\nI beregningsfilen (succesraterne beregnes af effekten):\nintervention:\n"
          f"  effect: {{measure: {args.measure}, value: {args.value:g}, "
          f"control_rate: {args.control_rate:g}{ci}}}")
    return 0
