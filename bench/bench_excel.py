"""Benchmark of the Excel round trip (issue 3). Run: .venv/bin/python bench/bench_excel.py

For 10-year calculations (the spec's example with the bundled knowledge base, and a larger
generated one: 3 cohorts, 20 consequence items, 6 cost lines) it reports the median over
repeated runs of
  - export_workbook to memory (all sheets, formulas with cached values, charts),
  - load_workbook_calculation from those bytes (safety checks + strict import),
  - a first, cold export and import in a fresh process (imports of openpyxl/XlsxWriter included).
Target: <= 0.5 s each. Prints a small table; the figures go to docs/excel.md.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

import som
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation

ROOT = Path(__file__).resolve().parents[1]
RUNS = 30


def larger() -> som.Calculation:
    items = [f"post_{n:02d}" for n in range(20)]
    return som.Calculation.model_validate({
        "som_version": 1, "meta": {"title": "Benchmark: 20 konsekvenser"},
        "settings": {"start_year": 2025, "horizon_years": 10, "price_year": 2025,
                     "discount_rate": "finansministeriet",
                     "price_index": {2023: 100.0, 2024: 102.0, 2025: 104.04}},
        "intervention": {"name": "Indsats", "participants": [40, 50, 60], "course_years": 1,
                         "success_rate": 0.3},
        "costs": [{"name": f"Linje {n}", "type": ("startup", "operating")[n % 2],
                   "payer": {"kommune": 0.7, "stat": 0.3}, "amounts": [100000.0 * (n + 1)] * 3,
                   "price_year": 2023 + n % 3} for n in range(5)]
        + [{"name": "Pr. deltager", "type": "per_participant", "payer": "kommune", "amount": 2500}],
        "consequences": [{"item": i, "delta_per_success": [(-1) ** n * (n + 1.5)] * 8}
                         for n, i in enumerate(items)],
        "prices": {i: {"kind": ("expenditure", "revenue")[n % 2], "kommune": 1000 + n,
                       "region": 50.0 * n, "stat": 2000 - n, "price_year": 2024} for n, i in
                   enumerate(items)},
    })


def timed(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(label: str, result) -> tuple[str, float, float, int]:
    buffer = io.BytesIO()
    export_workbook(result, buffer)
    raw = buffer.getvalue()
    assert load_workbook_calculation(raw) == result.calculation
    export_s = timed(lambda: export_workbook(result, io.BytesIO()))
    import_s = timed(lambda: load_workbook_calculation(raw))
    return label, export_s, import_s, len(raw)


COLD = """
import io, time
t0 = time.perf_counter()
import som
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation
calc = som.load_calculation({path!r})
result = som.calculate(calc)
t1 = time.perf_counter()
buffer = io.BytesIO(); export_workbook(result, buffer)
t2 = time.perf_counter()
load_workbook_calculation(buffer.getvalue())
t3 = time.perf_counter()
print(t2 - t1, t3 - t2)
"""


def junk_rows(raw: bytes, rows: int = 10_000) -> bytes:
    """The workbook with `rows` rows of junk under the Antagelser table (issue 15)."""
    import re
    import zipfile

    names = openpyxl_sheetnames(raw)
    part = f"xl/worksheets/sheet{names.index('Antagelser') + 1}.xml"
    src, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    junk = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c>'
                   f'<c r="B{r}"><v>{r}</v></c></row>' for r in range(100, 100 + rows)).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                data = re.sub(rb"</sheetData>", junk + b"</sheetData>", data)
            z.writestr(info.filename, data)
    return out.getvalue()


def openpyxl_sheetnames(raw: bytes) -> list[str]:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(raw), read_only=True).sheetnames


def refused(raw: bytes) -> None:
    try:
        load_workbook_calculation(raw)
    except som.InputError:
        return
    raise AssertionError("a sheet of junk was accepted")


def main() -> None:
    rows = [measure("spec example (bundled KB)", som.calculate(som.load_calculation(
                ROOT / "examples" / "move.yaml"))),
            measure("20 items, 6 cost lines", som.calculate(larger(), kb=None)),
            measure("cti_udvalg (spec v2, committees)", som.calculate(som.load_calculation(
                ROOT / "examples" / "cti_udvalg.yaml"), base_dir=ROOT / "examples"))]
    out = subprocess.run([sys.executable, "-c", COLD.format(path=str(ROOT / "examples" / "move.yaml"))],
                         capture_output=True, text=True, check=True).stdout.split()
    print(f"{'10-year calculation':32} {'export (s)':>11} {'import (s)':>11} {'size (kB)':>10}")
    for label, export_s, import_s, size in rows:
        print(f"{label:32} {export_s:11.4f} {import_s:11.4f} {size / 1024:10.1f}")
    print(f"{'first call in a fresh process':32} {float(out[0]):11.4f} {float(out[1]):11.4f}")
    from som.io.excel.reconcile import saved_figures
    from som.io.excel.template import write_template

    buffer = io.BytesIO()
    export_workbook(som.calculate(som.load_calculation(ROOT / "examples" / "move.yaml")), buffer)
    raw = buffer.getvalue()
    bad = junk_rows(raw)
    print(f"{'template (50 years, KB lists)':32} {timed(lambda: write_template(io.BytesIO()), 5):11.4f}")
    print(f"{'saved figures (som run warning)':32} {'':11} {timed(lambda: saved_figures(raw)):11.4f}")
    print(f"{'10,000 junk rows, refused':32} {'':11} {timed(lambda: refused(bad), 5):11.4f}")
    print(f"median of {RUNS} runs (5 for the template and the junk); target <= 0.5 s each")


if __name__ == "__main__":
    main()
