"""`som store ...`: the calculation library on the command line (Danish output).

    som store save FIL [--author A] [--tag T ...] [--id ID] [--note N]
    som store list [--search Q] [--tag T]
    som store show ID[@VERSION] [--yaml]
    som store history ID
    som store diff ID V1 V2
    som store export ID[@VERSION] UD.yaml|UD.xlsx
    som store followup add ID --year ÅR [--participants N] [--successes N] [--costs KR]
    som store followup show ID[@VERSION]
    som store check
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

from som.cli.common import PROGRESS_FROM, add_kb_options, kb_options, preload_kb


def _db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="FIL",
                        help="biblioteksfil (standard: $SOM_DB eller var/som.sqlite3)")
    return parent


def _number(text: str) -> float:
    """A non-negative finite number; '12,5' and '12.5' both mean twelve and a half.

    '900.000' is refused rather than guessed: in Danish it is nine hundred thousand.
    """
    text = text.strip()
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        raise argparse.ArgumentTypeError(
            f"tvetydigt tal {text!r}: skriv uden tusindtalsseparator, fx 900000 eller 12,5")
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"skal være et tal, fik {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"skal være et ikke-negativt tal, fik {text!r}")
    return value


def register(sub) -> None:
    db = _db_parent()
    store = sub.add_parser("store", help="biblioteket af gemte beregninger")
    cmds = store.add_subparsers(dest="store_command", metavar="HANDLING",
                                parser_class=type(store))

    p = cmds.add_parser("save", parents=[db], help="gem en fil som ny beregning eller ny version")
    p.add_argument("file", metavar="FIL", help="beregningsfil (.yaml, .json eller .xlsx)")
    p.add_argument("--author", default="", help="hvem gemmer (standard: filens forfatter)")
    p.add_argument("--tag", action="append", default=None, metavar="TAG",
                   help="mærkat (kan gentages); uden --tag beholder en ny version de gamle")
    p.add_argument("--id", type=int, metavar="ID", help="gem som ny version af beregning ID")
    p.add_argument("--note", default="", help="kort note om versionen")
    add_kb_options(p)
    p.set_defaults(handler=cmd_save)

    p = cmds.add_parser("list", parents=[db], help="vis gemte beregninger (nyeste version)")
    p.add_argument("--search", default="", metavar="TEKST",
                   help="søg i titel, organisation, målgruppe og tags")
    p.add_argument("--tag", metavar="TAG", help="kun beregninger med dette tag")
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("show", parents=[db], help="vis én version")
    p.add_argument("ref", metavar="ID[@VERSION]",
                   help="beregningens nummer, evt. med version: 3 eller 3@2 (standard: nyeste)")
    p.add_argument("--yaml", action="store_true", help="vis selve beregningen som YAML")
    p.set_defaults(handler=cmd_show)

    p = cmds.add_parser("history", parents=[db], help="alle versioner af en beregning")
    p.add_argument("id", type=int, metavar="ID", help="beregningens nummer (se som store list)")
    p.set_defaults(handler=cmd_history)

    p = cmds.add_parser("diff", parents=[db], help="forskel mellem to versioner")
    p.add_argument("id", type=int, metavar="ID", help="beregningens nummer (se som store list)")
    p.add_argument("v1", type=int, metavar="V1", help="den ene version")
    p.add_argument("v2", type=int, metavar="V2", help="den anden version")
    p.set_defaults(handler=cmd_diff)

    p = cmds.add_parser("export", parents=[db], help="skriv en version til .yaml, .json eller .xlsx")
    p.add_argument("ref", metavar="ID[@VERSION]",
                   help="beregningens nummer, evt. med version: 3 eller 3@2 (standard: nyeste)")
    p.add_argument("out", metavar="UD", help="filen, der skrives (.yaml, .json eller .xlsx)")
    p.set_defaults(handler=cmd_export)

    p = cmds.add_parser("check", parents=[db], help="kontrollér databasen og alle versioner")
    p.set_defaults(handler=cmd_check)

    follow = cmds.add_parser("followup", help="opfølgning: realiserede tal mod prognosen")
    fcmds = follow.add_subparsers(dest="followup_command", metavar="HANDLING",
                                  parser_class=type(store))
    p = fcmds.add_parser("add", parents=[db], help="registrér realiserede tal for ét år")
    p.add_argument("id", type=int, metavar="ID", help="beregningens nummer (se som store list)")
    p.add_argument("--year", type=int, required=True, metavar="ÅR")
    p.add_argument("--participants", type=_number, metavar="N", help="deltagere der startede")
    p.add_argument("--successes", type=_number, metavar="N",
                   help="succeser blandt årets startere (før fradrag af grundniveau)")
    p.add_argument("--costs", type=_number, metavar="KR",
                   help="årets samlede omkostninger i beregningens prisniveau")
    p.add_argument("--author", default="", help="hvem der registrerer tallene")
    p.add_argument("--note", default="", help="en bemærkning til tallene")
    p.set_defaults(handler=cmd_followup_add)
    p = fcmds.add_parser("show", parents=[db], help="prognose mod realiseret")
    p.add_argument("ref", metavar="ID[@VERSION]",
                   help="beregningens nummer, evt. med version: 3 eller 3@2 (standard: nyeste)")
    add_kb_options(p)
    p.set_defaults(handler=cmd_followup_show)

    for parser in (store, follow):
        parser.set_defaults(handler=_usage(parser))


def _usage(parser: argparse.ArgumentParser):
    def handler(args) -> int:
        parser.print_help()
        return 2
    return handler


def _library(args):
    from som.store import Library

    return Library(args.db)


def _explicit_kb(args) -> dict | None:
    """Knowledge-base options only if the user gave any (else: as the version was saved)."""
    if args.no_kb or args.kb or args.kb_overlay:
        return kb_options(args)
    return None


def cmd_save(args) -> int:
    import som
    from som.store import save_calculation

    calc = som.load_calculation(args.file)
    with _library(args) as lib:
        info = save_calculation(lib, calc, author=args.author, tags=args.tag, note=args.note,
                                calculation_id=args.id, base_dir=Path(args.file).resolve().parent,
                                **kb_options(args))
    from som import fmt

    print(f"Gemt som beregning {info.calculation_id}, version {info.version} ({info.ref}) "
          f"i {lib.path}; nettoresultat {fmt.kr(info.net)}")
    return 0


def cmd_list(args) -> int:
    from som.store.text import list_text

    with _library(args) as lib:
        print(list_text(lib.search(args.search, args.tag)))
    return 0


def cmd_show(args) -> int:
    from som.store import parse_ref
    from som.store.text import show_text

    cid, version = parse_ref(args.ref)
    with _library(args) as lib:
        stored = lib.get(cid, version)
    print(stored.calculation_yaml if args.yaml else show_text(stored), end="" if args.yaml else "\n")
    return 0


def cmd_history(args) -> int:
    from som.store.text import history_text

    with _library(args) as lib:
        print(history_text(lib.history(args.id)))
    return 0


def cmd_diff(args) -> int:
    from som.store import diff_versions
    from som.store.text import diff_text

    with _library(args) as lib:
        print(diff_text(diff_versions(lib, args.id, args.v1, args.v2)))
    return 0


def cmd_export(args) -> int:
    import sys

    from som.store import export_version, parse_ref

    cid, version = parse_ref(args.ref)
    with _library(args) as lib:
        notes = export_version(lib, cid, version, args.out)
        ref = lib.info(cid, version).ref
    for note in notes:
        print(note, file=sys.stderr)
    print(f"Version {ref} skrevet til {args.out}.")
    return 0


def cmd_check(args) -> int:
    from som.cli import fail

    with _library(args) as lib:
        problems = lib.verify()
        n_calc, n_ver = lib.count()
    if problems:
        return fail("Fejl i biblioteket:\n" + "\n".join(f"  - {p}" for p in problems))
    print(f"OK: {n_calc} beregninger, {n_ver} versioner; databasen og alle versioner er intakte.")
    return 0


def cmd_followup_add(args) -> int:
    with _library(args) as lib:
        rec = lib.add_followup(args.id, args.year, participants=args.participants,
                               successes=args.successes, costs=args.costs, author=args.author,
                               note=args.note)
    print(f"Opfølgning for {rec.year} registreret på beregning {rec.calculation_id} "
          f"(version {rec.version}).")
    return 0


def cmd_followup_show(args) -> int:
    from som.store import followup_for, parse_ref
    from som.store.text import followup_text

    cid, version = parse_ref(args.ref)
    with _library(args) as lib:
        report = followup_for(lib, cid, version, _explicit_kb(args))
        title = lib.info(cid, version).title
    print(followup_text(report, title))
    return 0


def cmd_batch_store(args) -> int:
    """`som batch --store --diff UD.xlsx`: recompute every latest version, report what moved."""
    import sys

    from som.cli import fail
    from som.parallel import run_tasks
    from som.store import Library
    from som.store.recalc import recalc_row, summary_line, tasks_from_library, write_diff

    if args.paths or args.out:
        return fail("Fejl: --store genberegner biblioteket; angiv ikke filer eller --out, "
                    "men --diff", 2)
    if not args.diff or Path(args.diff).suffix.lower() not in (".xlsx", ".csv"):
        return fail(f"Fejl: --store kræver --diff UD.xlsx eller UD.csv, fik {args.diff!r}", 2)
    if args.workers < 1:
        return fail(f"Fejl: --workers skal være mindst 1, fik {args.workers}", 2)
    kb = preload_kb(kb_options(args))
    with Library(args.db) as lib:
        tasks = tasks_from_library(lib, kb)
    if not tasks:
        return fail(f"Fejl: biblioteket {lib.path} har ingen gemte beregninger")
    progress = args.progress if args.progress is not None else (
        sys.stderr.isatty() and len(tasks) >= PROGRESS_FROM)
    rows = run_tasks(recalc_row, tasks, workers=args.workers, progress=progress,
                     executor=args.executor, scheduler=args.scheduler)
    write_diff(rows, args.diff)
    for r in rows:
        if r["status"] == "fejl":
            print(f"FEJL {r['calculation_id']}@{r['version']}: {r['error']}", file=sys.stderr)
    print(summary_line(rows))
    print(f"Rapport skrevet til {args.diff}")
    return 1 if any(r["status"] == "fejl" for r in rows) else 0
