"""Start-up of the command line (issue 11.6). Run: .venv/bin/python bench/bench_cli.py [-n 7]

Whole processes, median of N runs after one warm-up, CPU time (user + sys of the child, which a
busy machine disturbs less than wall time) and wall time:

  baseline      python -c "import numpy, pydantic, yaml"
  pydantic      the baseline plus one trivial pydantic model (what any schema costs first)
  --version     som --version
  run json      som run examples/move.yaml --format json (bundled knowledge base)

and the ratios to the baseline the issue sets targets for (run ≤ 1.3 ×, --version ≤ 0.4 s).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SOM = str(Path(PY).with_name("som"))
COMMANDS = {
    "baseline": [PY, "-c", "import numpy, pydantic, yaml"],
    "pydantic": [PY, "-c", "import numpy, pydantic, yaml\nclass X(pydantic.BaseModel):\n a: int"],
    "--version": [SOM, "--version"],
    "run json": [SOM, "run", str(ROOT / "examples" / "move.yaml"), "--format", "json"],
}


def once(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    runs = int(sys.argv[sys.argv.index("-n") + 1]) if "-n" in sys.argv else 7
    cpu: dict[str, list[float]] = {k: [] for k in COMMANDS}
    wall: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for cmd in COMMANDS.values():
        once(cmd)  # warm-up (file cache, .pyc)
    for _ in range(runs):  # interleaved, so drift of the machine's load hits every command alike
        for name, cmd in COMMANDS.items():
            c, w = once(cmd)
            cpu[name].append(c)
            wall[name].append(w)
    med = {k: (statistics.median(cpu[k]), statistics.median(wall[k])) for k in COMMANDS}
    print(f"{'command':12s} {'cpu s':>8s} {'wall s':>8s} {'cpu / baseline':>15s}")
    for name, (c, w) in med.items():
        print(f"{name:12s} {c:8.3f} {w:8.3f} {c / med['baseline'][0]:15.2f}")
    print(f"(median of {runs}; targets: run json ≤ 1.3 × baseline, --version ≤ 0.4 s)")


if __name__ == "__main__":
    main()
