"""Batch recalculation of the library against a (new) knowledge base: what moved.

"Before" is what each latest version was saved with (its stored figures); "after" is
som.calculate on the same stored calculation with the batch's knowledge-base options. Nothing is
written back to the library: a recalculation is a report, not a new version.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from som.parallel import failure_text
from som.store.library import Library

TOLERANCE = 0.005  # half an øre: smaller differences are float noise, not a move
COLUMNS = ("calculation_id", "version", "title", "organisation", "status",
           "net_before", "net_after", "net_change",
           "npv_before", "npv_after", "npv_change",
           "break_even_year_before", "break_even_year_after",
           "kb_before", "kb_after", "error")
DANISH_HEADERS = ("ID", "Version", "Titel", "Organisation", "Status",
                  "Netto før (kr.)", "Netto efter (kr.)", "Ændring netto (kr.)",
                  "Nutidsværdi før (kr.)", "Nutidsværdi efter (kr.)", "Ændring nutidsværdi (kr.)",
                  "Tilbagebetalingsår før", "Tilbagebetalingsår efter",
                  "Vidensbase før", "Vidensbase efter", "Fejl")
MONEY_COLUMNS = range(5, 11)
STATUS_ORDER = {"fejl": 0, "ændret": 1, "uændret": 2}


def tasks_from_library(lib: Library, kb_kwargs: dict) -> list[tuple]:
    """One picklable task per latest version (the worker needs no database connection)."""
    return [({"calculation_id": info.calculation_id, "version": info.version,
              "title": info.title, "organisation": info.organisation,
              "kb_before": info.kb_fingerprint, "net_before": info.net,
              "npv_before": info.net_present_value,
              "break_even_year_before": info.break_even_year},
             text, base_dir, kb_kwargs)
            for info, text, base_dir in lib.latest_for_recalculation()]


def recalc_row(task: tuple) -> dict:
    """Recompute one stored calculation; a failure is a row with status 'fejl', not a crash."""
    from som.api import calculate
    from som.io.files import calculation_from_data

    head, text, base_dir, kb_kwargs = task
    row = dict.fromkeys(COLUMNS)
    row.update(head)
    ref = f"{head['calculation_id']}@{head['version']}"
    try:
        calc = calculation_from_data(json.loads(text), ref)
        result = calculate(calc, base_dir=base_dir, **kb_kwargs)
    except Exception as exc:  # noqa: BLE001 - one broken calculation must not stop the batch
        row.update(status="fejl", error=failure_text(exc))
        return row
    after = result.totals
    row.update(net_after=after["net"], npv_after=after["net_present_value"],
               break_even_year_after=after["break_even_year"],
               net_change=after["net"] - head["net_before"],
               npv_change=after["net_present_value"] - head["npv_before"],
               kb_after=result.provenance.get("kb_fingerprint"))
    moved = (abs(row["net_change"]) > TOLERANCE or abs(row["npv_change"]) > TOLERANCE
             or row["break_even_year_before"] != row["break_even_year_after"])
    row["status"] = "ændret" if moved else "uændret"
    return row


def order_rows(rows: Sequence[dict]) -> list[dict]:
    """Errors first, then the largest moves in net, then by ID."""
    def key(r: dict):
        change = r["net_change"]
        return (STATUS_ORDER[r["status"]], -abs(change) if change is not None else 0.0,
                r["calculation_id"])
    return sorted(rows, key=key)


def recalculate_library(lib: Library, kb_kwargs: dict, *, workers: int = 1, progress: bool = False,
                        executor: str = "process", scheduler: str | None = None) -> list[dict]:
    """Every latest version recomputed with `kb_kwargs`; rows in ID order."""
    from som.parallel import run_tasks

    tasks = tasks_from_library(lib, kb_kwargs)
    return run_tasks(recalc_row, tasks, workers=workers, progress=progress, unit="beregning",
                     executor=executor, scheduler=scheduler)


def write_diff(rows: Sequence[dict], out) -> None:
    """The recalculation report as .xlsx (one sheet, Danish headers) or .csv (English keys)."""
    from pathlib import Path

    from som.io.tables import write_csv_table, write_xlsx_table

    out = Path(out)
    table = [[_cell(r[c]) for c in COLUMNS] for r in order_rows(rows)]
    if out.suffix.lower() == ".xlsx":
        write_xlsx_table(out, "Genberegning", DANISH_HEADERS, table, money_columns=MONEY_COLUMNS)
    else:
        write_csv_table(out, COLUMNS, table, money_columns=MONEY_COLUMNS)


def _cell(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary_line(rows: Sequence[dict]) -> str:
    """One Danish line: how many moved, failed, and the largest move."""
    from som import fmt

    moved = [r for r in rows if r["status"] == "ændret"]
    failed = [r for r in rows if r["status"] == "fejl"]
    text = (f"{len(rows)} beregninger genberegnet: {len(moved)} ændret, "
            f"{len(rows) - len(moved) - len(failed)} uændret, {len(failed)} med fejl.")
    if moved:
        top = max(moved, key=lambda r: abs(r["net_change"]))
        text += (f" Største ændring i netto: beregning {top['calculation_id']} "
                 f"({top['title']}) {fmt.kr(top['net_change'])}.")
    return text
