"""Benchmark of the committee memo and the effect conversion (issue 14).
Run: .venv/bin/python bench/bench_memo.py [BASE_DIR]

Reports medians of
  - the memo of examples/move_usikkerhed.yaml in-process (warm: charts + DOCX; and the PDF,
    which adds one LibreOffice start),
  - `som notat FILE --out X.docx` / `.pdf` as whole processes (cold imports included),
  - `som run examples/move.yaml --format json` start-up, and with BASE_DIR (an export of the
    branch point: `git archive main som knowledge_base | tar -x -C /tmp/base`) the same command
    run from there, so the lazy scipy import can be seen to cost ordinary files nothing,
  - `som effekt` (imports scipy) and the modules an ordinary `som run` loads.
Figures go to docs/memo.md.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench_excel import timed  # median wall time of repeated calls

import som
from som.memo import memo_bytes
from som.uncertainty.analysis import analyse_result

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "move_usikkerhed.yaml"


def process(args: list[str], runs: int, cwd: Path = ROOT) -> float:
    def run():
        subprocess.run(args, cwd=cwd, check=True, capture_output=True)

    run()  # warm the OS file cache
    return timed(run, runs)


def som_cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from som.cli import main; sys.exit(main())",
            *args]


def main() -> None:
    result = som.api.calculate_file(EXAMPLE)
    kb = som.load_knowledge_base()
    analysis = analyse_result(result)
    memo_bytes(result, analysis=analysis, kb=kb)  # warm: matplotlib and docx imported
    rows = [("memo DOCX in-process (warm)", timed(
                lambda: memo_bytes(result, analysis=analysis, kb=kb), 10)),
            ("memo PDF in-process (warm, LibreOffice start)", timed(
                lambda: memo_bytes(result, ".pdf", analysis=analysis, kb=kb), 3))]
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, runs in ((".docx", 5), (".pdf", 3)):
            rows.append((f"som notat --out X{suffix} (process)", process(
                som_cli("notat", str(EXAMPLE), "--out", str(Path(tmp) / f"n{suffix}")), runs)))
    run_json = som_cli("run", str(ROOT / "examples" / "move.yaml"), "--format", "json")
    rows.append(("som run move.yaml --format json (process)", process(run_json, 10)))
    if len(sys.argv) > 1:  # `python -c` puts its cwd first on sys.path: run from the export
        rows.append((f"  same, from {sys.argv[1]} (branch point)",
                     process(run_json, 10, Path(sys.argv[1]).resolve())))
    rows.append(("som effekt --measure cohens_d ... (process)", process(
        som_cli("effekt", "--measure", "cohens_d", "--value", "0.45", "--control-rate", "0.3"),
        5)))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name.ljust(width)}  {seconds:6.3f} s")
    probe = ("import sys; from som.cli import main; main(['run', 'examples/move.yaml', "
             "'--format', 'json']); print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'scipy', 'matplotlib', 'docx', 'pandas', 'openpyxl'}), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    print(f"heavy modules an ordinary `som run` imports: {done.stderr.strip()}")


if __name__ == "__main__":
    main()
