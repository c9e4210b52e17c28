"""`som export`, `som import`, `som template`: the Excel round trip."""

from __future__ import annotations

from pathlib import Path

import som
from som import fmt
from som.cli.common import add_kb_options, kb_options
from som.cli.uncertainty_args import add_uncertainty_options, analysis_for


def register(sub) -> None:
    p = sub.add_parser("export", help="beregn en fil og gem den som Excel-arbejdsbog med formler")
    p.add_argument("file", metavar="FIL", help="beregningsfil (.yaml, .json eller .xlsx)")
    p.add_argument("out", metavar="UD.xlsx", help="arbejdsbogen, der skrives")
    add_kb_options(p)
    add_uncertainty_options(p)  # --draws/--seed (or the file's block): adds the Usikkerhed sheet
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="læs en Excel-arbejdsbog og gem beregningen som YAML/JSON")
    p.add_argument("file", metavar="IND.xlsx", help="arbejdsbogen, der læses")
    p.add_argument("out", metavar="UD.yaml", help="beregningsfil (.yaml, .yml eller .json)")
    add_kb_options(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("template", help="skriv en tom, vejledt Excel-skabelon til input")
    p.add_argument("out", metavar="UD.xlsx", help="skabelonen, der skrives")
    p.set_defaults(handler=cmd_template)


def _suffix_ok(path: str, suffixes: tuple[str, ...], what: str) -> str | None:
    if Path(path).suffix.lower() not in suffixes:
        return f"Fejl: {what} skal ende på {' eller '.join(suffixes)}, fik {path!r}"
    return None


def _write(path: str, writer) -> str | None:
    try:
        writer(path)
    except OSError as exc:
        from som.io.parse_messages import danish_os_error

        return f"Fejl: kan ikke skrive {path}: {danish_os_error(exc)}"
    return None


def cmd_export(args) -> int:
    from som.api import knowledge_base_for
    from som.cli import fail
    from som.io.excel.export import export_workbook

    if message := _suffix_ok(args.out, (".xlsx",), "UD"):
        return fail(message, 2)
    calc = som.load_calculation(args.file)
    base_dir = Path(args.file).resolve().parent
    kb = knowledge_base_for(calc, base_dir=base_dir, **kb_options(args))
    result = som.calculate(calc, kb=kb)
    analysis = analysis_for(result, args)  # None unless --draws or the file's uncertainty block
    if message := _write(args.out, lambda p: export_workbook(result, p, uncertainty=analysis,
                                                              kb=kb)):
        return fail(message)
    extra = " med arket Usikkerhed" if analysis else ""
    print(f"Skrev {args.out}{extra} (nettoresultat {fmt.kr(result.totals['net'])}).")
    return 0


def cmd_import(args) -> int:
    from som.cli import fail
    from som.io.excel.importer import load_workbook_calculation
    from som.io.files import dump_json, dump_yaml

    if message := _suffix_ok(args.out, (".yaml", ".yml", ".json"), "UD"):
        return fail(message, 2)
    calc = load_workbook_calculation(args.file)
    text = dump_json(calc) if args.out.lower().endswith(".json") else dump_yaml(calc)
    if message := _write(args.out, lambda p: Path(p).write_text(text, encoding="utf-8")):
        return fail(message)
    print(f"Skrev {args.out} fra {args.file}.")
    _reconcile(args, calc)
    return 0


def _reconcile(args, calc) -> None:
    """Warn (stderr) when the workbook's saved figures are not what som computes for it."""
    import sys

    from som.api import calculate
    from som.errors import InputError
    from som.io.excel.reconcile import warning_for

    try:
        result = calculate(calc, base_dir=Path(args.file).resolve().parent, **kb_options(args))
    except InputError:
        return  # nothing to compare with (the calculation file is written; `som run` says why)
    if message := warning_for(args.file, result):
        print(f"Advarsel: {message}", file=sys.stderr)


def cmd_template(args) -> int:
    from som.cli import fail
    from som.io.excel.template import write_template

    if message := _suffix_ok(args.out, (".xlsx",), "UD"):
        return fail(message, 2)
    if message := _write(args.out, write_template):
        return fail(message)
    print(f"Skrev skabelonen {args.out}. Udfyld de blå felter og kør: som run {args.out}")
    return 0
