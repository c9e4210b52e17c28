"""`som notat`: the committee memo of one calculation as DOCX or PDF (issue 14)."""

from __future__ import annotations

from pathlib import Path

from som.cli.common import add_kb_options, kb_options, run_file
from som.cli.uncertainty_args import add_uncertainty_options


def register(sub) -> None:
    p = sub.add_parser("notat", help="skriv et notat til udvalget (.docx eller .pdf)")
    p.add_argument("file", metavar="FIL", help="beregningsfil (.yaml, .json eller .xlsx)")
    p.add_argument("--out", metavar="NOTAT", help="notat.docx eller notat.pdf (standard: "
                                                  "FIL's navn med _notat.docx)")
    add_kb_options(p)
    add_uncertainty_options(p)
    p.set_defaults(handler=cmd_memo)


def cmd_memo(args) -> int:
    from som.api import knowledge_base_for
    from som.memo import memo_format, write_memo
    from som.uncertainty.analysis import analyse_result

    out = Path(args.out) if args.out else Path(f"{Path(args.file).stem}_notat.docx")
    memo_format(out)  # a wrong name fails before the work, not after it
    result = run_file(args.file, args)
    options = kb_options(args)
    kb = knowledge_base_for(result.calculation, options.get("kb"), options.get("overlays", ()),
                            Path(args.file).resolve().parent)
    analysis = analyse_result(result, args.draws, args.seed)
    write_memo(result, out, analysis=analysis, kb=kb, command=f"som notat {args.file}")
    print(f"Notat gemt: {out}")
    return 0
