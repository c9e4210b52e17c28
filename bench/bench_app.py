"""Server-side re-render time of the app after an input change (target: <= 300 ms, 10-year case).

Uses streamlit.testing.v1.AppTest, which runs the real page script in-process exactly as the
server does (without the websocket and the browser's drawing). Reports figures; asserts nothing.

    .venv/bin/python bench/bench_app.py [--repeats 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import som  # noqa: E402
from som import views  # noqa: E402

APP = str(ROOT / "app" / "streamlit_app.py")


def _widget(widgets, label):
    return next(w for w in widgets if w.label == label)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p90 = ms[max(0, int(round(0.9 * len(ms))) - 1)]
    print(f"{name:<46} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   "
          f"max {ms[-1]:6.1f} ms   (n={len(ms)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)

    calc = som.load_calculation(ROOT / "examples" / "move.yaml")
    kb = views.load_knowledge_base_status().kb
    print(f"som {som.__version__}; knowledge base: {'loaded' if kb else 'none'}; "
          f"horizon {calc.settings.horizon_years} years; {args.repeats} repeats each\n")
    _report("som.calculate alone", [_timed(lambda: som.calculate(calc, kb=kb))
                                    for _ in range(args.repeats)])

    first = []
    for _ in range(3):
        at = AppTest.from_file(APP, default_timeout=60)
        first.append(_timed(at.run))
    _report("first run of Beregning (new session)", first)

    participants, rate = [], []
    for n in range(args.repeats):
        widget = _widget(at.number_input, "Deltagere 2025")
        widget.set_value(50.0 + (n % 2) * 30)
        participants.append(_timed(at.run))
        widget = _widget(at.number_input, "Succesrate netto (%)")
        widget.set_value(25.0 + (n % 2) * 5)
        rate.append(_timed(at.run))
    _report("Beregning re-run: participants changed", participants)
    _report("Beregning re-run: success rate changed", rate)

    edits = []
    for n in range(args.repeats):
        key = next(d.key for d in at.data_editor if d.key.startswith("costs__"))
        at.session_state[key] = {"edited_rows": {1: {"2026": 600_000.0 + 1_000 * (n + 1)}},
                                 "added_rows": [], "deleted_rows": []}
        edits.append(_timed(at.run))
    _report("Beregning re-run: cost table cell edited", edits)

    at.switch_page("sider/resultat.py")
    at.run()
    result_runs = [_timed(at.run) for _ in range(args.repeats)]
    _report("Resultat re-run (3 charts, 3 tables)", result_runs)
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.label == "Netto pr. succes" for m in at.metric), "not on the Resultat page"
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
