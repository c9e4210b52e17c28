"""App speed (issue 10, item 8). Reports figures; asserts nothing (docs/app.md has them).

1. Server side, with streamlit.testing.v1.AppTest (the real page script, in-process, without the
   websocket and the browser's drawing): a rerun after an edit. Budget: <= 300 ms.
2. In the browser (Debian chromium via Playwright), `--browser`: time from opening a fresh page
   to the first key figure on screen, for the app and for a one-metric Streamlit page served the
   same way on the same machine. Budget: app <= 1.5 × the one-metric page. Each server is warmed
   up with one page first (imports), then every sample is a new browser context (a new session).

    .venv/bin/python bench/bench_app.py [--repeats 30] [--browser] [--pages 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from streamlit.testing.v1 import AppTest  # noqa: E402

import som  # noqa: E402
from som import views  # noqa: E402

APP = str(ROOT / "app" / "streamlit_app.py")
ONE_METRIC = 'import streamlit as st\nst.metric("Nettoresultat", "9.387.500 kr.")\n'


def _widget(widgets, label):
    return next(w for w in widgets if w.label == label)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _report(name: str, ms: list[float]) -> float:
    ms = sorted(ms)
    p90 = ms[max(0, int(round(0.9 * len(ms))) - 1)]
    median = statistics.median(ms)
    print(f"{name:<52} median {median:7.1f} ms   p90 {p90:7.1f} ms   max {ms[-1]:7.1f} ms   "
          f"(n={len(ms)})")
    return median


def server_side(repeats: int) -> None:
    calc = som.load_calculation(ROOT / "examples" / "move.yaml")
    kb = views.load_knowledge_base_status().kb
    print(f"som {som.__version__}; knowledge base: {'loaded' if kb else 'none'}; "
          f"horizon {calc.settings.horizon_years} years; {repeats} repeats each\n")
    _report("som.calculate alone", [_timed(lambda: som.calculate(calc, kb=kb))
                                    for _ in range(repeats)])
    first = []
    for _ in range(3):
        at = AppTest.from_file(APP, default_timeout=60)
        first.append(_timed(at.run))
    _report("first run of Beregning (new session)", first)

    def open_step(name: str) -> float:
        at.session_state["beregning_trin"] = name
        return _timed(at.run)

    steps = [open_step(name) for _ in range(repeats // 7 + 1) for name in (
        "2 Indsats og deltagere", "3 Omkostninger", "4 Effekt", "5 Konsekvenser", "6 Priser",
        "7 Indstillinger", "1 Målgruppe")]
    _report("Beregning rerun: another step opened", steps)
    open_step("2 Indsats og deltagere")
    participants = []
    for n in range(repeats):
        _widget(at.text_input, "Deltagere 2025").input(str(50 + (n % 2) * 30))
        participants.append(_timed(at.run))
    _report("Beregning rerun: participants typed", participants)
    open_step("4 Effekt")
    rate = []
    for n in range(repeats):
        _widget(at.text_input, "Succesrate netto (%)").input(f"{25 + (n % 2) * 5} %")
        rate.append(_timed(at.run))
    _report("Beregning rerun: success rate typed", rate)

    open_step("3 Omkostninger")
    edits = []
    for n in range(repeats):
        key = next(d.key for d in at.data_editor if d.key.startswith("costs__"))
        at.session_state[key] = {"edited_rows": {1: {"2026": f"{600 + n + 1}.000"}},
                                 "added_rows": [], "deleted_rows": []}
        edits.append(_timed(at.run))
    _report("Beregning rerun: cost table cell typed", edits)

    at.switch_page("sider/resultat.py")
    at.run()
    result_runs = [_timed(at.run) for _ in range(repeats)]
    _report("Resultat rerun (3 charts, 6 tables, memo panel)", result_runs)
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.label == "Kritisk succesrate" for m in at.metric), "not on the Resultat page"


def _first_figure_ms(chromium, url: str, pages: int) -> list[float]:
    times = []
    for n in range(pages + 1):
        context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=120_000)
        elapsed = (time.perf_counter() - start) * 1000
        context.close()
        if n:  # the first page warms the server up (imports); not a sample
            times.append(elapsed)
    return times


def browser(pages: int) -> None:
    from e2e_server import CHROMIUM, CHROMIUM_ARGS, served_app
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one_metric.py"
        one.write_text(ONE_METRIC, encoding="utf-8")
        results = {}
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, script in (("one-metric Streamlit page", one), ("the app (Beregning)",
                                                                          Path(APP))):
                    with served_app(Path(tmp) / f"{one.stem}.log", script=script) as url:
                        results[name] = _report(f"first key figure: {name}",
                                                _first_figure_ms(chromium, url, pages))
            finally:
                chromium.close()
        ratio = results["the app (Beregning)"] / results["one-metric Streamlit page"]
        print(f"{'ratio app / one-metric page (medians)':<52} {ratio:.2f} (budget 1.5)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--browser", action="store_true",
                        help="also measure the time to the first key figure in chromium")
    parser.add_argument("--pages", type=int, default=15)
    args = parser.parse_args(argv)
    server_side(args.repeats)
    if args.browser:
        print()
        browser(args.pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
