"""Benchmark of the Monte Carlo (issue 5). Reports figures; asserts nothing.

    .venv/bin/python bench/bench_uncertainty.py [--draws 10000] [--repeat 15]

Measures, for a 10-year, 20-item calculation with 5 cost lines, 2 saved-cost lines and a full
uncertainty block:
  1. the core pass alone (draw, deviations, per-draw figures, summary) for N draws;
  2. som.simulate and som.analyse_uncertainty in-process (validation and build included);
  3. the naive alternative: the engine's item_gains broadcast to G[draw, item, payer, year];
  4. the memory bandwidth of this machine (a large numpy copy) and the bytes one pass touches;
  5. `som run FILE` against `som run FILE --draws N` as subprocesses (wall time).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

import som
from som.core import engine
from som.core import uncertainty as core
from som.io.files import calculation_from_data
from som.uncertainty.analysis import prepare, simulate_prepared

ROOT = Path(__file__).resolve().parents[1]
PAYERS = ("kommune", "region", "stat")


def bench_calculation(items: int = 20, horizon: int = 10) -> dict:
    rng = np.random.default_rng(0)
    prices = {f"post_{n:02d}": {"name": f"Post {n}", "kind": "expenditure" if n % 3 else "revenue",
                                **{p: float(rng.integers(0, 3000)) for p in PAYERS}}
              for n in range(items)}
    consequences = [{"item": item, "delta_per_success": [float(x) for x in
                                                         rng.integers(-12, 12, size=horizon - 2)]}
                    for item in prices]
    costs = [{"name": f"Drift {n}", "type": "operating", "payer": "kommune",
              "amounts": [float(x) for x in rng.integers(1e5, 1e6, size=4)]} for n in range(4)]
    costs.append({"name": "Pr. deltager", "type": "per_participant",
                  "payer": {"kommune": 0.5, "stat": 0.5}, "amount": 2500.0})
    saved = [{"name": f"Sparet {n}", "type": "operating", "payer": "region",
              "amounts": [2e5] * 5} for n in range(2)]
    lines = [{"target": "costs[0]", "low": 0.9, "high": 1.4},
             {"target": "costs[4]", "low": 0.8, "high": 1.2},
             {"target": "saved_costs[1]", "low": 0.5, "high": 1.0},
             {"target": "prices.post_03", "low": 0.7, "high": 1.3},
             {"target": "consequences.post_05", "low": 0.5, "high": 1.5},
             {"target": "consequences.post_11", "low": 0.6, "high": 1.1}]
    return {
        "som_version": 1,
        "meta": {"title": "Benchmark: 20 poster, 10 år"},
        "settings": {"start_year": 2025, "horizon_years": horizon, "price_year": 2025,
                     "discount_rate": "finansministeriet"},
        "intervention": {"name": "B", "participants": [100, 120, 140, 160], "course_years": 1,
                         "completion_rate": 0.8, "success_rate": 0.3},
        "costs": costs, "saved_costs": saved, "consequences": consequences, "prices": prices,
        "uncertainty": {"success_rate": {"low": 0.15, "high": 0.4},
                        "costs": {"low": 0.9, "high": 1.3}, "consequences": {"low": 0.7, "high": 1.2},
                        "prices": {"low": 0.9, "high": 1.1}, "lines": lines},
    }


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, min) wall time in ms over `repeat` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def bandwidth_gb_s(megabytes: int = 256) -> float:
    """Read + write bytes per second of a large contiguous numpy copy (best of 5)."""
    src = np.ones(megabytes * 2**20 // 8)
    dst = np.empty_like(src)
    best = min(timed(lambda: np.copyto(dst, src), 5))
    return 2 * src.nbytes / (best / 1e3) / 1e9


def pass_bytes(draws: int, sources: int, items: int, lines: int, saved: int, horizon: int) -> int:
    """Bytes one pass writes and reads again (float64): uniforms and source values [s, d], the
    gathered factors and multiplier [d, i] ×4, line factors [d, l + m], deviations [d, H + 3],
    cumulative net [d, H] (plus its percentile copy), and the per-draw totals. ×2: written once,
    read at least once."""
    floats = (2 * sources * draws + 4 * items * draws + (lines + saved) * draws
              + (horizon + 3) * draws + 2 * horizon * draws + 4 * draws)
    return 2 * 8 * floats


def naive_4d(prep, x: np.ndarray) -> np.ndarray:
    """The engine broadcast over draws: G[d, i, p, y], then summed (reference only)."""
    inp, m = prep.result.built.core, prep.spec.mapping
    s = engine.successes(inp.starters, inp.course_years, inp.completion_rate, x[:, m.rate])
    kernel = engine.lag_kernel(inp.delta * 1.0, inp.offset)
    price = inp.price[None] * (x[:, m.price] * x[:, m.consequence])[:, :, None]
    return engine.item_gains(s, kernel, price, inp.sign).sum(axis=(1, 2, 3))


def cli_seconds(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "som"), *args], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cli-repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.draws
    data = bench_calculation()
    calc = calculation_from_data(data)
    prep = prepare(som.calculate(calc, kb=None))
    spec, lin = prep.spec, prep.lin
    arrays = spec.arrays
    items, lines, saved = lin.unit_gains.shape[0], lin.cost.shape[0], lin.saved.shape[0]
    print(f"Calculation: {lin.horizon} years, {items} items, {lines} cost lines, {saved} saved-cost "
          f"lines, {arrays.count} random sources; {n:,} draws")

    def core_pass():
        x = core.draw_sources(np.random.default_rng(1), arrays, n)
        dev = core.deviations(lin, spec.mapping, x)
        core.summarise_draws(lin, dev, core.figures(lin, dev), 2025)

    med, best = timed(core_pass, args.repeat)
    print(f"core pass (draw + deviations + figures + summary): median {med:.1f} ms, min {best:.1f} ms")
    x = core.draw_sources(np.random.default_rng(1), arrays, n)
    med_draw, _ = timed(lambda: core.draw_sources(np.random.default_rng(1), arrays, n), args.repeat)
    med_dev, _ = timed(lambda: core.deviations(lin, spec.mapping, x), args.repeat)
    print(f"  of which drawing {med_draw:.1f} ms, deviations (matrix products) {med_dev:.1f} ms")
    med, best = timed(lambda: simulate_prepared(prep, n, 1), args.repeat)
    print(f"simulate on a prepared calculation: median {med:.1f} ms, min {best:.1f} ms")
    med, best = timed(lambda: som.simulate(calc, draws=n, seed=1, kb=None), args.repeat)
    print(f"som.simulate (validate + build + draws): median {med:.1f} ms, min {best:.1f} ms")
    med, best = timed(lambda: som.analyse_uncertainty(calc, draws=n, seed=1, kb=None), args.repeat)
    print(f"som.analyse_uncertainty (+ tornado, switching values): median {med:.1f} ms, "
          f"min {best:.1f} ms")

    med, best = timed(lambda: naive_4d(prep, x), max(3, args.repeat // 3))
    four_d = n * items * len(PAYERS) * lin.horizon * 8
    print(f"naive G[d,i,p,y] via engine.item_gains (gains only): median {med:.1f} ms, "
          f"min {best:.1f} ms; one such array is {four_d / 1e6:.0f} MB")
    gains_fast = lin.gains0 + ((x[:, [0]] * x[:, spec.mapping.consequence] * x[:, spec.mapping.price]
                                - lin.rate0) @ lin.unit_gains)[:, : lin.horizon].sum(axis=1)
    gap = np.max(np.abs(naive_4d(prep, x) - gains_fast)) / max(1.0, abs(lin.gains0))
    print(f"  factorised and naive gains agree to {gap:.1e} (relative)")

    bw = bandwidth_gb_s()
    touched = pass_bytes(n, arrays.count, items, lines, saved, lin.horizon)
    print(f"memory bandwidth (256 MB numpy copy, read + write): {bw:.1f} GB/s")
    print(f"bytes touched per pass ≈ {touched / 1e6:.1f} MB → bandwidth bound ≈ "
          f"{touched / (bw * 1e9) * 1e3:.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        with_block, without = Path(folder) / "with_block.yaml", Path(folder) / "no_block.yaml"
        with_block.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        plain_data = {k: v for k, v in data.items() if k != "uncertainty"}
        without.write_text(yaml.safe_dump(plain_data, allow_unicode=True), encoding="utf-8")
        opts = ["--no-kb", "--format", "json"]
        runs: dict[str, list[float]] = {"plain": [], "draws": [], "block": []}
        for _ in range(args.cli_repeat):  # interleaved: load on the shared machine hits all alike
            runs["plain"] += cli_seconds(["run", str(without), *opts], 1)
            runs["draws"] += cli_seconds(["run", str(without), *opts, "--draws", str(n)], 1)
            runs["block"] += cli_seconds(["run", str(with_block), *opts, "--draws", str(n)], 1)
        med = {k: statistics.median(v) * 1e3 for k, v in runs.items()}
        print(f"som run, same file without a block: plain median {med['plain']:.0f} ms, "
              f"--draws {n} median {med['draws']:.0f} ms, ratio {med['draws'] / med['plain']:.2f}")
        print(f"som run --draws {n} on the file with its full block (Monte Carlo, tornado, "
              f"switching values): median {med['block']:.0f} ms, ratio to plain "
              f"{med['block'] / med['plain']:.2f}")

if __name__ == "__main__":
    main()
