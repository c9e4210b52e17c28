"""`som run`, `som validate`, `som selftest`."""

from __future__ import annotations

import json
import sys

import som
from som import fmt
from som.cli.common import add_kb_options, kb_options, run_file
from som.cli.uncertainty_args import add_uncertainty_options, analysis_for
from som.errors import InputError


def register(sub) -> None:
    p = sub.add_parser("run", help="beregn én fil og vis resultatet")
    p.add_argument("file", metavar="FIL", help="beregningsfil (.yaml, .json eller .xlsx)")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table: læsbar oversigt (standard); json: alle tal (spec §3)")
    add_kb_options(p)
    add_uncertainty_options(p)
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("validate", help="kontrollér filer uden at beregne")
    p.add_argument("files", metavar="FIL", nargs="+",
                   help="en eller flere beregningsfiler (.yaml, .json eller .xlsx)")
    add_kb_options(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("selftest", help="regn specifikationens eksempel og kontrollér tallet")
    p.set_defaults(handler=cmd_selftest)


def cmd_run(args) -> int:
    result = run_file(args.file, args)
    if str(args.file).lower().endswith((".xlsx", ".xlsm")):  # does the workbook show the same?
        from som.io.excel.reconcile import warning_for

        if message := warning_for(args.file, result):
            print(f"Advarsel: {message}", file=sys.stderr)
    analysis = analysis_for(result, args)  # uncertainty, tornado, switching values (or None)
    if args.format == "json":
        json.dump(result.to_dict() | (analysis or {}), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from som.report import text_report

        print(text_report(result))
        if analysis:
            from som.uncertainty.report import uncertainty_text

            print("\n" + uncertainty_text(analysis))
    return 0


def cmd_validate(args) -> int:
    failed = 0
    for path in args.files:
        try:
            som.api.check_file(path, **kb_options(args))
        except InputError as exc:
            failed += 1
            if not exc.source:
                exc.source = path
            print(f"FEJL {exc.render()}", file=sys.stderr)
        else:
            print(f"OK   {path}")
    return 1 if failed else 0


# The spec's worked example (shared/spec/calculation.md §4), built in code so that selftest
# needs no file: its published figures are the oracle.
SELFTEST_EXPECTED = {"net": 9_387_500.0, "costs": 2_275_000.0, "gains": 11_662_500.0,
                     "break_even_year": 2026}


def selftest_calculation() -> som.Calculation:
    price = lambda kind, k, s: {"kind": kind, "price_year": 2025, "kommune": k, "stat": s}  # noqa: E731
    return som.Calculation.model_validate({
        "som_version": 1,
        "meta": {"title": "Selvtest: MOVE (spec §4)"},
        "settings": {"start_year": 2025, "horizon_years": 10, "price_year": 2025},
        "intervention": {"name": "MOVE", "participants": [50, 50, 50], "success_rate": 0.25},
        "costs": [
            {"name": "Opstart", "type": "startup", "payer": "kommune", "amounts": [250000]},
            {"name": "Behandlere", "type": "operating", "payer": "kommune",
             "amounts": [600000, 600000, 600000]},
            {"name": "Gavekort", "type": "per_participant", "payer": "kommune", "amount": 1500},
        ],
        "consequences": [
            {"item": "kontanthjaelp_uge", "delta_per_success": [-10, -12, -12, -10, -8]},
            {"item": "skat_beskaeftiget_uge", "delta_per_success": [8, 12, 14, 14, 14]},
        ],
        "prices": {"kontanthjaelp_uge": price("expenditure", 1200, 1800),
                   "skat_beskaeftiget_uge": price("revenue", 1100, 1400)},
    })


def cmd_selftest(args) -> int:
    totals = som.calculate(selftest_calculation(), kb=None).totals
    bad = {k: (v, totals[k]) for k, v in SELFTEST_EXPECTED.items() if abs(totals[k] - v) > 0.005}
    if bad:
        for key, (want, got) in bad.items():
            print(f"FEJL {key}: forventet {want}, fik {got}", file=sys.stderr)
        return 1
    print(f"OK: specifikationens eksempel giver nettoresultat {fmt.kr(totals['net'], 2)} "
          "som forventet.")
    return 0
