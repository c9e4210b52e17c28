"""`som batch`: many calculation files -> one summary table (CSV or xlsx)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from som.bounds import non_finite
from som.cli.common import PROGRESS_FROM, add_kb_options, kb_options, preload_kb
from som.parallel import EXECUTORS, failure_text

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
COLUMNS = ("file", "title", "status", "net", "net_present_value", "costs", "saved_costs",
           "gains", "kommune_net", "budget_period_net", "budget_period_kommune",
           "break_even_year", "kommune_break_even_year", "budget_period", "error")
DANISH_HEADERS = ("Fil", "Titel", "Status", "Nettoresultat (kr.)", "Nutidsværdi (kr.)",
                  "Omkostninger (kr.)", "Sparede udgifter (kr.)", "Gevinster (kr.)",
                  "Kommunens nettoresultat (kr.)", "Budgetperioden, netto (kr.)",
                  "Budgetperioden, kommunen (kr.)", "Tilbagebetalingsår",
                  "Kommunens tilbagebetalingsår", "Budgetperiode", "Fejl")
MONEY_COLUMNS = range(3, 11)
# The committee view (spec v2 §2.12): one row per file and udvalg, in a sheet or a second CSV.
AREA_COLUMNS = ("file", "budget_area", "costs", "saved_costs", "gains", "net", "transfer")
AREA_HEADERS = ("Fil", "Udvalg", "Omkostninger (kr.)", "Sparede udgifter (kr.)",
                "Gevinster (kr.)", "Netto (kr.)",
                "Forslag: overførsel (kr.)")  # som.report.TRANSFER


def register(sub) -> None:
    p = sub.add_parser("batch", help="beregn mange filer og skriv en samlet oversigt")
    p.add_argument("paths", metavar="STI", nargs="*", help="filer eller mapper")
    p.add_argument("--out", metavar="FIL", help="oversigt.csv eller oversigt.xlsx")
    p.add_argument("--store", action="store_true",
                   help="genberegn bibliotekets gemte beregninger (nyeste versioner) i stedet "
                        "for filer; kræver --diff")
    p.add_argument("--db", metavar="FIL", help="biblioteksfil til --store (standard: $SOM_DB)")
    p.add_argument("--diff", metavar="FIL",
                   help="med --store: hvad der flyttede sig (ændringer.xlsx eller .csv)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="antal processer")
    p.add_argument("--executor", choices=EXECUTORS, default="process",
                   help="process: lokale processer (standard); dask: en Dask-klynge")
    p.add_argument("--scheduler", metavar="ADRESSE",
                   help="Dask-schedulerens adresse, fx tcp://127.0.0.1:8786")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="vis fremdrift (standard: på en terminal ved mange filer)")
    add_kb_options(p)
    p.set_defaults(handler=cmd_batch)


def collect_files(paths: list[str]) -> tuple[list[Path], list[str], list[Path]]:
    """Expand folders (recursively, sorted); report paths that do not exist.

    A folder may hold a knowledge-base overlay next to the calculations (examples/ does): files
    named like knowledge-base files (prices.yaml, profiles.yaml, ...) found while expanding a
    folder are not calculations and are returned as skipped, for the caller to name. A file
    named on the command line is always calculated (and fails with its own message)."""
    from som.kb.files import ALL_FILES

    files: list[Path] = []
    missing: list[str] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.suffix.lower() in SUFFIXES
                           and f.is_file())
            skipped += [f for f in found if f.name in ALL_FILES]
            files += [f for f in found if f.name not in ALL_FILES]
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing, skipped


def summary_row(path: Path, kb_kwargs: dict) -> dict:
    """Calculate one file; a bad file gives a row with status 'fejl' and the Danish message."""
    import som

    row = dict.fromkeys(COLUMNS)
    row["file"] = str(path)
    try:
        result = som.api.calculate_file(path, **kb_kwargs)
        row["title"] = result.calculation.meta.title
        t = result.totals
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
        row.update(status="fejl", error=failure_text(exc))
        return row
    k, bp = result.by_payer["kommune"], result.budget_period
    figures = {key: t[key] for key in ("net", "net_present_value", "costs", "saved_costs",
                                       "gains", "break_even_year")}
    figures.update(kommune_net=k["net"], kommune_break_even_year=k["break_even_year"],
                   budget_period_net=bp["net"], budget_period_kommune=bp["kommune"])
    bad = non_finite(figures)
    if bad is not None:  # som.calculate refuses these; a row is never 'ok' with NaN all the same
        row.update(status="fejl", error=f"resultatet har et ikke-endeligt tal ({bad})")
        return row
    row.update(status="ok", **figures)
    row.update(budget_period=f"{bp['years'][0]}-{bp['years'][1]}",
               areas=[{"file": str(path), "budget_area": a["area"],
                       **{key: a[key] for key in AREA_COLUMNS[2:]}} for a in result.by_budget_area])
    return row


def _worker(args: tuple[Path, dict]) -> dict:
    return summary_row(*args)


def run_batch(files: list[Path], kb_kwargs: dict, workers: int = 1, progress: bool = False,
              executor: str = "process", scheduler: str | None = None):
    from som.parallel import run_tasks

    return run_tasks(_worker, [(f, kb_kwargs) for f in files], workers=workers, progress=progress,
                     unit="fil", executor=executor, scheduler=scheduler)




def areas_path(out: Path) -> Path:
    """The CSV companion with the committee rows: oversigt.csv -> oversigt_udvalg.csv."""
    return out.with_name(f"{out.stem}_udvalg.csv")


def write_summary(rows: list[dict], out: Path) -> None:
    """One row per file (sheet "Oversigt" or the CSV) and one per file and udvalg (sheet "Udvalg"
    or <out>_udvalg.csv); kroner rounded to the øre."""
    from som.fmt import year
    from som.io.tables import write_csv_table, write_xlsx_tables

    table = [[r[c] for c in COLUMNS] for r in rows]
    areas = [[a[c] for c in AREA_COLUMNS] for r in rows for a in r.get("areas") or []]
    area_money = range(2, len(AREA_COLUMNS))
    if out.suffix.lower() == ".xlsx":  # people read it: a calculated row that never pays back
        never = [COLUMNS.index("break_even_year"), COLUMNS.index("kommune_break_even_year")]
        for r, line in zip(rows, table, strict=True):
            for col in never:
                if r["status"] == "ok" and line[col] is None:
                    line[col] = year(None)  # "ingen", as everywhere people read it
        write_xlsx_tables(out, [("Oversigt", DANISH_HEADERS, table, MONEY_COLUMNS),
                                ("Udvalg", AREA_HEADERS, areas, area_money)])
    else:
        write_csv_table(out, COLUMNS, table, money_columns=MONEY_COLUMNS)
        write_csv_table(areas_path(out), AREA_COLUMNS, areas, money_columns=area_money)


def cmd_batch(args) -> int:
    from som.cli import fail

    if args.store:
        from som.cli.store import cmd_batch_store

        return cmd_batch_store(args)
    if args.diff or args.db:
        return fail("Fejl: --diff og --db hører til --store", 2)
    if not args.paths or not args.out:
        return fail("Fejl: angiv filer eller mapper og --out (eller --store og --diff)", 2)
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        return fail(f"Fejl: --out skal ende på .csv eller .xlsx, fik {args.out!r}", 2)
    if args.workers < 1:
        return fail(f"Fejl: --workers skal være mindst 1, fik {args.workers}", 2)
    files, missing, skipped = collect_files(args.paths)
    for raw in missing:
        print(f"FEJL {raw}: findes ikke", file=sys.stderr)
    for path in skipped:
        print(f"Springer over {path}: en videnbasefil, ikke en beregning "
              "(brug den med --kb-overlay)", file=sys.stderr)
    if not files:
        return fail("Fejl: ingen beregningsfiler fundet (.yaml, .yml, .json, .xlsx)")
    kb_kwargs = preload_kb(kb_options(args))
    progress = args.progress if args.progress is not None else (
        sys.stderr.isatty() and len(files) >= PROGRESS_FROM)
    rows = run_batch(files, kb_kwargs, args.workers, progress, args.executor, args.scheduler)
    bad = [r for r in rows if r["status"] != "ok"]
    for r in bad:
        print(f"FEJL {r['file']}: {r['error']}", file=sys.stderr)
    try:
        write_summary(rows, out)
    except OSError as exc:  # a missing folder, a full disk: say so, with the file's name
        from som.io.parse_messages import danish_os_error

        return fail(f"Fejl: oversigten kan ikke skrives til {out}: {danish_os_error(exc)}")
    also = f" og {areas_path(out)}" if out.suffix.lower() == ".csv" else ""
    print(f"{len(rows) - len(bad)} af {len(rows)} beregninger OK; oversigt skrevet til {out}{also}")
    if out.suffix.lower() == ".csv":
        print("CSV-filen er til programmer (punktum som decimaltegn, komma mellem felter); "
              "til Excel på dansk: brug --out oversigt.xlsx")
    return 1 if bad or missing else 0
