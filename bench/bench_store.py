"""Benchmark of the calculation library (issue 6). Run: .venv/bin/python bench/bench_store.py

1. Fill a fresh library with N generated calculations (default 10,000; `--n 2000` for a quick
   run): half price their consequences inline (like the spec example), half take the default
   profile and prices of a knowledge-base target group. Saved in transactions of 1,000.
2. Recalculate every latest version against the knowledge base with an overlay that changes one
   price (what `som batch --store --kb-overlay DIR --diff` does), with 1 and 2 worker processes;
   then against no change, to count what moved.
3. Search and list times on the full library, and the file size.

Prints a table; figures go to docs/scale.md and the issue note. `--no-kb` runs without the
knowledge base (all calculations priced inline).
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

import som
from som.api import BUNDLED, calculate
from som.store import Library, SaveRequest, kb_record
from som.store.recalc import tasks_from_library

ROOT = Path(__file__).resolve().parents[1]
BATCH = 1_000


def generated(n: int, use_kb: bool, kb) -> list[som.Calculation]:
    """N varied calculations; deterministic (seeded) so runs compare."""
    rng = random.Random(6)
    base = som.load_calculation(ROOT / "examples" / "move.yaml").to_data()
    groups = sorted(kb.profiles) if use_kb else []
    out = []
    for k in range(n):
        data = copy.deepcopy(base)
        data["meta"]["title"] = f"Beregning {k}: {rng.choice(['MOVE', 'CTI', 'Bostøtte', 'IPS'])}"
        data["meta"]["organisation"] = f"Kommune {k % 98 + 1:02d}"
        data["intervention"]["participants"] = [rng.randint(10, 120) for _ in range(rng.randint(1, 4))]
        data["intervention"]["success_rate"] = round(rng.uniform(0.05, 0.45), 3)
        data["costs"][1]["amounts"] = [rng.randint(2, 12) * 100_000] * 3
        if groups and k % 2:
            data["target_group"] = groups[k % len(groups)]
            del data["consequences"], data["prices"], data["settings"]["price_index"]
            data["settings"]["horizon_years"] = 20
        else:
            data.pop("target_group")
        out.append(som.Calculation.model_validate(data))
    return out


def overlay_folder(kb, folder: Path) -> tuple[Path, str]:
    """An overlay raising the kommune's price of the most used profile item by 10 %."""
    counts: dict[str, int] = {}
    for profile in kb.profiles.values():
        for c in profile.consequences:
            counts[c.item] = counts.get(c.item, 0) + 1
    item = max(counts, key=counts.get)
    record = kb.prices[item].model_dump(mode="json", exclude_none=True, exclude={"origin"})
    record["kommune"] = round(record["kommune"] * 1.10, 2)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prices.yaml").write_text(yaml.safe_dump([record], allow_unicode=True),
                                        encoding="utf-8")
    return folder, item


def run_recalc(db: Path, kb_kwargs: dict, workers: int) -> tuple[float, float, list[dict]]:
    """Wall time, CPU time (this process + worker processes) and the rows."""
    import resource

    from som.parallel import run_tasks
    from som.store.recalc import recalc_row

    def cpu() -> float:
        return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                     resource.getrusage(resource.RUSAGE_CHILDREN)))
    c0, t0 = cpu(), time.perf_counter()
    with Library(db) as lib:
        tasks = tasks_from_library(lib, kb_kwargs)
    rows = run_tasks(recalc_row, tasks, workers=workers)
    return time.perf_counter() - t0, cpu() - c0, rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--no-kb", action="store_true")
    args = parser.parse_args()
    use_kb = not args.no_kb
    load_before = f"{os.getloadavg()[0]:.2f}"  # other work on the machine skews the speed-up
    kb = som.load_knowledge_base() if use_kb else None
    kb_arg = BUNDLED if use_kb else None
    tmp = Path(tempfile.mkdtemp(prefix="som-bench-"))
    db = tmp / "bench.sqlite3"
    figures: list[tuple[str, str]] = []

    t0 = time.perf_counter()
    calcs = generated(args.n, use_kb, kb)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = [calculate(c, kb=kb_arg) for c in calcs]
    t_calc = time.perf_counter() - t0
    t0 = time.perf_counter()
    with Library(db) as lib:
        for start in range(0, args.n, BATCH):
            lib.save_all([SaveRequest(c, r, kb_record(kb_arg), author="bench", tags=["bench"])
                          for c, r in zip(calcs[start:start + BATCH], results[start:start + BATCH],
                                          strict=True)])
        t_save = time.perf_counter() - t0
        t0 = time.perf_counter()
        everything = lib.search()
        t_list = time.perf_counter() - t0
        t0 = time.perf_counter()
        hits = lib.search("kommune 07 move")
        t_search = time.perf_counter() - t0
    figures += [
        ("calculations", f"{args.n:,}".replace(",", ".")),
        ("generate + validate", f"{t_gen:.1f} s"),
        ("som.calculate, in-process, per calculation", f"{t_calc / args.n * 1e3:.2f} ms"),
        (f"save (transactions of {BATCH})", f"{t_save:.1f} s ({t_save / args.n * 1e3:.2f} ms each)"),
        ("library file size", f"{os.path.getsize(db) / 1e6:.1f} MB"),
        (f"list all latest versions ({len(everything)})", f"{t_list * 1e3:.0f} ms"),
        (f"search 3 words ({len(hits)} hits)", f"{t_search * 1e3:.0f} ms"),
    ]

    if use_kb:
        folder, item = overlay_folder(kb, tmp / "overlay")
        kb_kwargs = {"kb": BUNDLED, "overlays": (str(folder),)}
        som.load_knowledge_base(None, (str(folder),))  # loaded once before forking, as the CLI
    else:
        kb_kwargs, item = {"kb": None}, "(ingen)"
    times = {}
    for workers in (1, 2, 1, 2):  # twice each: the machine is shared, show the spread
        wall, cpu, rows = run_recalc(db, kb_kwargs, workers)
        times.setdefault(workers, []).append(wall)
        moved = sum(r["status"] == "ændret" for r in rows)
        failed = sum(r["status"] == "fejl" for r in rows)
        figures.append((f"recalculate all, {workers} worker{'s' if workers > 1 else ''}",
                        f"{wall:.1f} s wall, {cpu:.1f} s CPU ({wall / args.n * 1e3:.2f} ms each; "
                        f"{moved} moved, {failed} failed)"))
    best = {w: min(t) for w, t in times.items()}
    figures.append(("speed-up 2 workers vs 1 (best of 2)", f"{best[1] / best[2]:.2f}×"))
    figures.append(("load average before / after", f"{load_before} / "
                                                   f"{os.getloadavg()[0]:.2f}"))
    figures.append(("overlay changes", f"{item} kommune +10 %"))

    width = max(len(k) for k, _ in figures)
    print(f"bench_store (python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{'bundled knowledge base' if use_kb else 'no knowledge base'})")
    for key, value in figures:
        print(f"  {key.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
