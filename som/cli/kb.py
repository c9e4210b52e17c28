"""`som kb …`: validate, list, show and document the knowledge base.

`register(subparsers)` adds the `kb` command group; every subcommand sets `handler(args) -> int`
(the exit code). Messages to users are Danish; a broken knowledge base gives the full list of
problems and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

import yaml

from som.kb import KBError, KnowledgeBase, load_kb
from som.kb.docs import render

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

KINDS = {  # English kind name -> Danish label (plural) for users
    "areas": "konsekvensområder",
    "target_groups": "målgrupper",
    "prices": "priser",
    "profiles": "konsekvensprofiler",
    "effect_studies": "effektstudier",
    "refusion_rules": "refusionsregler",
}
ALIASES = {
    "områder": "areas",
    "konsekvensområder": "areas",
    "målgrupper": "target_groups",
    "priser": "prices",
    "profiler": "profiles",
    "konsekvensprofiler": "profiles",
    "effektstudier": "effect_studies",
    "refusionsregler": "refusion_rules",
}
COUNT_LABELS = {
    "target_groups": "målgrupper",
    "consequence_areas": "konsekvensområder",
    "price_items": "prisposter",
    "price_items_published": "heraf publicerede eller afledte",
    "consequence_profiles": "konsekvensprofiler",
    "effect_studies": "effektstudier",
    "price_index_years": "år i prisindekset",
}


STATUS_COUNT_LABELS = {
    "prices_by_status": "priser efter status",
    "profiles_by_status": "profiler efter svageste status",
    "profile_cells_by_status": "profilværdier (post × år) efter status",
}
STATUS_WORDS = {"published": "publiceret", "derived": "afledt", "calibrated": "kalibreret",
                "illustrative": "illustrativ"}


def _fail(message: str, code: int = EXIT_INPUT) -> int:
    print(message, file=sys.stderr)
    return code


def _load(args: argparse.Namespace) -> KnowledgeBase:
    return load_kb(args.kb, overlays=tuple(args.kb_overlay or ()))


def _problems_json(exc: KBError) -> dict:
    return {
        "valid": False,
        "problem_count": len(exc.problems),
        "problems": [{"location": w, "message": m} for w, m in exc.problems],
    }


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the knowledge base (and overlays); print counts or every problem."""
    try:
        kb = _load(args)
    except KBError as exc:
        if args.format == "json":
            _print_json(_problems_json(exc))
            return EXIT_INPUT
        return _fail(exc.render())
    counts = kb.counts()
    by_status = kb.status_counts()
    if args.format == "json":
        _print_json(
            {
                "valid": True,
                "version": kb.version,
                "fingerprint": kb.fingerprint,
                "path": str(kb.path),
                "overlays": list(kb.overlays),
                **counts,
                **by_status,
            }
        )
        return EXIT_OK
    print(f"Vidensbasen er gyldig: version {kb.version}, fingeraftryk {kb.fingerprint[:12]}…")
    for key, label in COUNT_LABELS.items():
        print(f"  {label}: {counts[key]}")
    for key, label in STATUS_COUNT_LABELS.items():
        shown = ", ".join(f"{STATUS_WORDS[s]} {n}" for s, n in by_status[key].items())
        print(f"  {label}: {shown}")
    return EXIT_OK


def _resolve_kind(name: str | None) -> str | None:
    if name is None:
        return None
    key = name.strip().lower()
    return key if key in KINDS else ALIASES.get(key, "")


def _line(kind: str, record) -> str:
    if kind == "prices":
        return f"{record.id:40} {record.name} [{record.unit}, {record.status}]"
    if kind == "profiles":
        return f"{record.id:40} målgruppe {record.target_group} [{record.status}]"
    if kind == "effect_studies":
        return f"{record.id:40} {record.intervention[:60]} [niveau {record.evidence_level}]"
    if kind == "refusion_rules":
        return f"{record.id:40} {record.name} [{record.kind}, {len(record.periods)} perioder]"
    return f"{record.id:40} {record.name}"


def cmd_list(args: argparse.Namespace) -> int:
    """List the records of one kind (or of every kind) by id."""
    kind = _resolve_kind(args.kind)
    if kind == "":
        allowed = ", ".join([*KINDS, *ALIASES])
        return _fail(f"Ukendt slags {args.kind!r}; brug en af: {allowed}", EXIT_USAGE)
    try:
        kb = _load(args)
    except KBError as exc:
        return _fail(exc.render())
    kinds = [kind] if kind else list(KINDS)
    if args.format == "json":
        _print_json({k: [r.model_dump(mode="json") for r in kb.records(k)] for k in kinds})
        return EXIT_OK
    for k in kinds:
        records = kb.records(k)
        print(f"{KINDS[k].capitalize()} ({len(records)}):")
        for record in records:
            print(f"  {_line(k, record)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Show one record of any kind by its id."""
    try:
        kb = _load(args)
    except KBError as exc:
        return _fail(exc.render())
    record = kb.record(args.id)
    if record is None and args.id in kb.profiles:  # a target-group id names its profile too
        record = kb.profiles[args.id]
    if record is None:
        close = difflib.get_close_matches(args.id, kb.all_ids(), n=3)
        hint = f" Mente du: {', '.join(close)}?" if close else ""
        return _fail(f"Ukendt id {args.id!r} i vidensbasen.{hint}")
    if args.format == "json":
        _print_json(_ordered(record.model_dump(mode="json")))
    else:
        data = _ordered(record.model_dump(mode="json", exclude_none=True))
        print(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).rstrip())
    return EXIT_OK


_LAST = ("status", "derivation", "refusion", "refusion_note", "refusion_derivation", "calibration",
         "source", "origin")


def _ordered(data: dict) -> dict:
    """Identity first, provenance last: easier to read than the models' inheritance order."""
    head = {k: data[k] for k in ("id", "name") if k in data}
    tail = {k: data[k] for k in _LAST if k in data}
    rest = {k: v for k, v in data.items() if k not in head and k not in tail}
    return {**head, **rest, **tail}


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the Markdown reference of the knowledge base."""
    try:
        kb = _load(args)
    except KBError as exc:
        return _fail(exc.render())
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(kb), encoding="utf-8")
    except OSError as exc:
        return _fail(f"Kan ikke skrive {out}: {exc.strerror or exc}")
    print(f"Skrev {out}")
    return EXIT_OK


def _case_rows(runs) -> list[list[str]]:
    from som import fmt
    from som.kb.cases import ROLES

    rows = []
    for run in runs:
        ratio = "–" if run.ratio is None else fmt.number(run.ratio, 2)
        rows.append([run.case.id, ROLES[run.case.role],
                     "–" if run.ours is None else fmt.kr(run.ours),
                     "–" if run.theirs is None else fmt.kr(run.theirs), ratio])
    return rows


def cmd_cases(args: argparse.Namespace) -> int:
    """Run every published case with the base's defaults: ours, theirs and the ratio."""
    from som import fmt
    from som.kb.cases import TOLERANCE, record, run_all

    try:
        kb = _load(args)
    except KBError as exc:
        return _fail(exc.render())
    runs, problems = run_all(kb)
    if problems:
        return _fail("Sagerne kunne ikke læses:\n" + "\n".join(f"  {w}: {m}" for w, m in problems))
    if not runs:
        return _fail(f"Ingen sager i {kb.path / 'cases'}.")
    if args.format == "json":
        _print_json([{"id": r.case.id, "title": r.case.title, "role": r.case.role,
                      "ours": r.ours, "theirs": r.theirs, "ratio": r.ratio,
                      "recorded_ours": r.case.recorded_ours, "message": r.message}
                     for r in runs])
        return EXIT_OK
    ran = [r for r in runs if r.case.calculation is not None]
    print("Offentliggjorte SØM-beregninger kørt med vidensbasens standardværdier "
          "(forhold = vores / deres):\n")
    print(fmt.text_table(["Sag", "Rolle", "Vores", "Deres", "Forhold"], _case_rows(ran), left=2))
    for run in ran:
        if run.message:
            print(f"\n{run.case.id} kunne ikke beregnes:\n{run.message}")
        elif run.moved is not None and abs(run.moved) > TOLERANCE:
            print(f"\n{run.case.id}: har flyttet sig {fmt.percent(run.moved)} fra tabellens tal; "
                  "kør `som kb cases --opdater` og `som kb docs`.")
    for run in ran:
        if run.case.explanation and not run.message:
            print(f"\n{run.case.id}: {run.case.explanation}")
    skipped = [r for r in runs if r.case.calculation is None]
    if skipped:
        print("\nIkke med (inputs eller resultat er ikke offentligt tilgængelige):")
        for run in skipped:
            print(f"  {run.case.id} – {run.case.title}: {run.case.reason}")
    if args.opdater:
        changed = record(kb, runs)
        print("\nOpdaterede: " + (", ".join(changed) if changed else "ingen ændringer"))
    return EXIT_OK


def _kb_usage(parser: argparse.ArgumentParser):
    def handler(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    return handler


def register(subparsers) -> None:
    """Add `som kb` with the subcommands validate, list, show and docs."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--kb", metavar="STI", help="vidensbasens mappe (standard: $SOM_KB eller den medfølgende)"
    )
    options.add_argument(
        "--kb-overlay",
        metavar="MAPPE",
        action="append",
        default=[],
        help="mappe med egne poster lagt over vidensbasen (kan gentages; rækkefølgen tæller)",
    )
    kb = subparsers.add_parser(
        "kb", help="vidensbasen: valider, vis og dokumentér", description="Vidensbasen."
    )
    kb.set_defaults(handler=_kb_usage(kb))
    sub = kb.add_subparsers(dest="kb_command", metavar="UNDERKOMMANDO", parser_class=type(kb))

    p = sub.add_parser("validate", parents=[options], help="kontrollér vidensbasen")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("list", parents=[options], help="vis poster af én slags")
    p.add_argument("kind", nargs="?", metavar="SLAGS", help=", ".join(KINDS))
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=[options], help="vis én post")
    p.add_argument("id", metavar="ID", help="postens id, fx kontanthjaelp_uge (se som kb list)")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("cases", parents=[options],
                       help="kør offentliggjorte SØM-beregninger og sammenlign (vores/deres)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--opdater", action="store_true",
                   help="skriv vores tal i sagsfilernes recorded_ours (tabellen i docs/kb.md)")
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser("docs", parents=[options], help="skriv referencen docs/kb.md")
    p.add_argument("--out", default="docs/kb.md", metavar="FIL")
    p.set_defaults(handler=cmd_docs)
