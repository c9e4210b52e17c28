"""Time and peak memory of `som` on the worst inputs of issue 15, one fresh process per case.

    .venv/bin/python bench/bench_hostile.py [--timeout 60]

Each case runs as a user would run it (`som run FILE --format json`, `som validate FILE`, ...)
in its own process; wall time and peak resident memory come from os.wait4. The budget is 10 s
and 500 MB per case on this 2-core machine (docs/hostile.md has the figures before and after).
`--code DIR` measures another checkout (e.g. `git archive` of the code before issue 15).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hostile"))

import hostile_cases as C  # noqa: E402
from hostile_harness import run_som  # noqa: E402


def cases(tmp: Path) -> list[tuple[str, list[str]]]:
    """(name, argv) of every case; files are written under `tmp`."""
    def yaml_file(name: str, data) -> str:
        return str(C.write_yaml(tmp / name, data))

    def text_file(name: str, text: str) -> str:
        (tmp / name).write_text(text, encoding="utf-8")
        return str(tmp / name)

    big = tmp / "stor_overlay"
    big.mkdir()
    with open(big / "prices.yaml", "wb") as fh:  # 200 MB, sparse: costs no disk to make
        fh.truncate(200 * 1024 * 1024)
    return [
        ("alias-bombe (324 byte), validate", ["validate", text_file("bomb.yaml", C.alias_bomb())]),
        ("30.000 forkerte værdier i én liste", ["validate", yaml_file("bad.yaml", C.bad_entries())]),
        ("2.500 fejl i én fil", ["validate", yaml_file("fejl.yaml", C.many_problems())]),
        ("120.000 konsekvenslinjer (4,3 MB)",
         ["run", text_file("cons.yaml", C.many_consequences()), "--format", "json"]),
        ("Monte Carlo 2.000 linjer × 100.000 trækninger",
         ["run", yaml_file("mc.yaml", C.monte_carlo(2000, 100_000)), "--format", "json"]),
        ("største fil inden for grænserne, run",
         ["run", yaml_file("max.yaml", C.largest_within_bounds()), "--format", "json",
          "--draws", "1"]),
        ("største fil inden for grænserne, flest tilladte trækninger",
         ["run", str(tmp / "max.yaml"), "--format", "json", "--draws", "13000"]),
        ("YAML lige under grænsen: 198.000 elementer, 99.000 værdier",
         ["validate", text_file("tokens.yaml", "x: [" + ", ".join(["1"] * 99_000) + "]\n")]),
        ("som run /dev/zero", ["run", "/dev/zero"]),
        ("100.000 niveauer JSON", ["run", text_file("deep.json", C.deep_json())]),
        ("overlay med 200 MB prices.yaml",
         ["validate", "--kb-overlay", str(big), str(HERE.parent / "examples" / "move.yaml")]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--code", metavar="DIR", help="run the som package in DIR instead")
    args = parser.parse_args()
    print(f"{'tilfælde':58} {'exit':>4} {'tid':>8} {'hukommelse':>10}  besked")
    with tempfile.TemporaryDirectory() as folder:
        for name, argv in cases(Path(folder)):
            env = {"PYTHONPATH": args.code} if args.code else None
            out = run_som(argv, timeout=args.timeout, env=env, cwd=folder)  # not the checkout
            first = (out.stderr.strip().splitlines() or [""])[-1 if out.rc == 3 else 0]
            shown = "(afbrudt)" if out.timed_out else first.replace(folder, "…")[:70]
            print(f"{name:58} {out.rc:>4} {out.seconds:>7.1f}s {out.rss_mb:>8.0f}MB  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
