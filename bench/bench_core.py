"""Benchmark of the calculation core (issue 1). Run: .venv/bin/python bench/bench_core.py

1. One 10-year, 3-cohort, 20-item calculation in-process: median time of som.calculate
   (build + arrays + summary + provenance), and of the pure core alone. Target <= 1 ms median.
2. `som batch` of 1,000 generated files (YAML) with 1 and 2 worker processes. Target <= 10 s.
Prints a small table; numbers go to README.md#performance and the issue note.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import som
from som.core.engine import compute
from som.core.summary import summarise
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[1]
KB_ARGS = ["--no-kb"] if "--no-kb" in sys.argv else []


def generated(n_items: int = 20, horizon: int = 10, seed: int = 0) -> dict:
    """A realistic-sized calculation: 3 cohorts, 20 consequence items, mixed payers."""
    items = {f"item_{i:02d}": {"kind": "expenditure" if i % 3 else "revenue",
                               "kommune": 100.0 + i + seed, "region": 10.0 * (i % 2),
                               "stat": 50.0 + i} for i in range(n_items)}
    return {
        "som_version": 1,
        "meta": {"title": f"Benchmark {seed}"},
        "settings": {"start_year": 2025, "horizon_years": horizon, "price_year": 2025,
                     "discount_rate": "finansministeriet"},
        "intervention": {"name": "B", "participants": [40, 50, 60], "course_years": 1,
                         "completion_rate": 0.9, "success_rate": 0.3},
        "costs": [
            {"name": "Opstart", "type": "startup", "payer": "kommune", "amounts": [250000]},
            {"name": "Drift", "type": "operating", "payer": {"kommune": 0.6, "stat": 0.4},
             "amounts": [600000, 600000, 600000]},
            {"name": "Pr. deltager", "type": "per_participant", "payer": "kommune",
             "amount": 1500 + seed},
        ],
        "consequences": [{"item": k, "delta_per_success": [-(i % 5) - 1.0] * 6}
                         for i, k in enumerate(items)],
        "prices": items,
    }


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def bench_in_process() -> None:
    calc = calculation_from_data(generated())
    built = som.api.build(calc, None)
    for _ in range(50):
        som.calculate(calc, kb=None)
    full = timed(lambda: som.calculate(calc, kb=None), 2000)
    core = timed(lambda: summarise(compute(built.core), 2025, 0.3), 2000)
    print("in-process, 10 years x 3 cohorts x 20 items (median of 2,000):")
    print(f"  som.calculate (build + core + summary): {statistics.median(full) * 1e3:.3f} ms")
    print(f"  core only (compute + summarise):         {statistics.median(core) * 1e3:.3f} ms")


def bench_batch(n_files: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "calcs"
        folder.mkdir()
        for n in range(n_files):
            text = yaml.safe_dump(generated(seed=n), allow_unicode=True)
            (folder / f"calc_{n:04d}.yaml").write_text(text, encoding="utf-8")
        som_bin = Path(sys.executable).with_name("som")
        for workers in (1, 2):
            out = Path(tmp) / f"summary_{workers}.csv"
            t0 = time.perf_counter()
            subprocess.run([str(som_bin), "batch", str(folder), "--out", str(out),
                            "--workers", str(workers), "--no-progress", *KB_ARGS], check=True,
                           stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - t0
            print(f"som batch, {n_files:,} files, --workers {workers}: {elapsed:.2f} s "
                  f"({elapsed / n_files * 1e3:.2f} ms per file, process start included)")


if __name__ == "__main__":
    bench_in_process()
    bench_batch()
