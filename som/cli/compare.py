"""`som compare A.yaml B.yaml … [--draws N --seed S] [--out cmp.xlsx|cmp.csv]` (issue 5)."""

from __future__ import annotations

from pathlib import Path

from som.cli.common import add_kb_options, kb_options
from som.cli.uncertainty_args import add_uncertainty_options
from som.errors import InputError, Problem


def register(sub) -> None:
    p = sub.add_parser("compare", help="sammenlign flere beregninger side om side")
    p.add_argument("files", metavar="FIL", nargs="+", help="to eller flere beregningsfiler")
    p.add_argument("--out", metavar="FIL", help="skriv også sammenligningen til .xlsx eller .csv")
    add_uncertainty_options(p)
    add_kb_options(p)
    p.set_defaults(handler=cmd_compare)


def cmd_compare(args) -> int:
    import som
    from som.cli import EXIT_USAGE, fail
    from som.compare import common_seed, comparison_text, write_comparison

    if len(args.files) < 2:
        return fail("Fejl: angiv mindst to filer at sammenligne", EXIT_USAGE)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        return fail(f"Fejl: --out skal ende på .csv eller .xlsx, fik {args.out!r}", EXIT_USAGE)
    calcs = []
    for path in args.files:
        try:
            calcs.append(som.load_calculation(path))
        except InputError as exc:
            exc.source = exc.source or path
            raise
    if (args.seed is not None or args.draws is not None) and all(c.uncertainty is None for c in calcs):
        option = "--draws" if args.draws is not None else "--seed"
        raise InputError([Problem(option, "ingen af filerne har usikkerhedsintervaller (en "
                                          "uncertainty-blok), så der er intet at trække")])
    names = [Path(p).stem for p in args.files]
    if len(set(names)) < len(names):
        names = list(args.files)
    seed = common_seed(calcs, args.seed)
    rows = []
    for calc, name, path in zip(calcs, names, args.files, strict=True):
        try:
            rows += som.compare([calc], names=[name], draws=args.draws, seed=seed,
                                base_dirs=[Path(path).resolve().parent], **kb_options(args))
        except InputError as exc:
            exc.source = exc.source or path
            raise
    print(comparison_text(rows))
    if out is not None:
        write_comparison(rows, out)
        print(f"Sammenligningen er skrevet til {out}")
    return 0
