"""Run `som` on hostile input, one case per process, within a time and memory budget (issue 15).

Two ways, both measuring each case's own wall time and peak resident memory (os.wait4):

- `run_som(argv)`: a fresh `python -c "som.cli.main()"` per case, exactly what a user runs
  (about 1 s of start-up each on this machine);
- `ForkServer`: one process that has imported som, openpyxl and the knowledge base once and then
  forks a child per case (about 20 ms each), so the fuzz suite can try hundreds of cases in CI.
  The child's peak memory includes what the server had at the fork (~100 MB), so the budget
  check is, if anything, stricter than for a fresh process.

Each child gets an address-space guard (RLIMIT_AS) and a CPU limit so that a runaway case fails
fast instead of taking the machine down; the budget itself is asserted on the measured figures.
numpy raises on overflow and invalid operations in the child (as in the test session), so a NaN
that would be printed as a warning fails the case instead.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BUDGET_SECONDS = 10.0
BUDGET_RSS_MB = 500.0
GUARD_AS_MB = 3000  # hard guard on address space (numpy reserves some virtual memory)
ROOT = Path(__file__).resolve().parents[2]

# Words of the parsers, pydantic and the C library that must not reach a user.
ENGLISH = ("Traceback", "Input should", "Field required", "Expecting", "Unexpected", "found ",
           "expected ", "could not", "not allowed", "Errno", "No such file", "Permission denied",
           "Extra inputs", "unhashable", "Value error", "RuntimeWarning", "Intern fejl",
           "object has no attribute", "is not", "must be", "Invalid", "invalid", "while ",
           "Error", "Bad ", "File is not", "zip file", "decompress", "literal", "Exception")


@dataclass
class Outcome:
    argv: list[str]
    rc: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float
    timed_out: bool = False

    def problems(self, budget_seconds: float = BUDGET_SECONDS,
                 budget_mb: float = BUDGET_RSS_MB, strip: tuple[str, ...] = ()) -> list[str]:
        """Everything wrong with this outcome by the issue's rules ([] if it is fine)."""
        out = []
        if self.timed_out or self.seconds > budget_seconds:
            out.append(f"over tidsbudgettet: {self.seconds:.1f} s")
        if self.rss_mb > budget_mb:
            out.append(f"over hukommelsesbudgettet: {self.rss_mb:.0f} MB")
        if self.rc not in (0, 1):
            out.append(f"exit {self.rc}")
        err = self.stderr
        for path in strip:
            err = err.replace(path, "<sti>")
        english = [w for w in ENGLISH if w in err]
        if english:
            out.append(f"ikke-dansk/intern tekst {english}")
        if self.rc == 1 and not self.stderr.strip():
            out.append("exit 1 uden besked")
        return out


def _limits(cpu_seconds: float) -> None:
    guard = GUARD_AS_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (guard, guard))
    cpu = int(cpu_seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _wait(pid: int, deadline: float) -> tuple[int, float, bool]:
    """(exit code, peak RSS in MB, timed out) of child `pid`, killing it at `deadline`."""
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            timed_out = True
            done, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.005)
    rc = os.waitstatus_to_exitcode(status)
    return rc, usage.ru_maxrss / 1024, timed_out


CHILD = ("import sys, numpy; numpy.seterr(all='raise', under='ignore'); "
         "from som.cli import main; sys.exit(main(sys.argv[1:]))")


def run_som(argv: list[str], *, cwd: str | Path | None = None, timeout: float = BUDGET_SECONDS,
            env: dict | None = None) -> Outcome:
    """`som ARGV` in a fresh process with the guards; measured with os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, *map(str, argv)], cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                env={**os.environ, **(env or {})},
                                preexec_fn=lambda: _limits(timeout))
        # start-up (imports) is not the case's own time: allow it on top of the budget
        rc, rss, timed_out = _wait(proc.pid, start + timeout + 5)
        proc.returncode = rc
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Outcome(list(map(str, argv)), rc, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"), seconds, rss, timed_out)


SERVER = r"""
import json, os, sys, time
import numpy, openpyxl, xlsxwriter, yaml  # noqa: F401 - imported once, shared by every child
import som, som.cli, som.io.excel.importer, som.uncertainty.analysis  # noqa: F401
sys.path.insert(0, sys.argv[1])
from hostile_harness import serve
som.load_knowledge_base()
serve()
"""


def serve() -> None:
    """The fork server's loop: one JSON request per line in, one JSON outcome per line out."""
    for line in sys.stdin:
        req = json.loads(line)
        out_path, err_path = req["stdout"], req["stderr"]
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the case
            code = 3
            try:
                _limits(req["timeout"])
                os.chdir(req["cwd"])
                fd_out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                fd_err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(fd_out, 1)
                os.dup2(fd_err, 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                import numpy

                numpy.seterr(all="raise", under="ignore")
                from som.cli import main

                code = main(req["argv"])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - reported as exit 3 with the traceback
                import traceback

                traceback.print_exc()
                code = 3
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        rc, rss, timed_out = _wait(pid, start + req["timeout"])
        sys.stdout.write(json.dumps({"rc": rc, "rss_mb": rss, "timed_out": timed_out,
                                     "seconds": time.monotonic() - start}) + "\n")
        sys.stdout.flush()


class ForkServer:
    """Start once; `run(argv, cwd)` forks a case in the warmed-up server."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(Path(__file__).parent)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        self.count = 0

    def run(self, argv: list[str], cwd: str | Path, timeout: float = BUDGET_SECONDS) -> Outcome:
        self.count += 1
        out, err = self.folder / f"out{self.count}.txt", self.folder / f"err{self.count}.txt"
        request = {"argv": list(map(str, argv)), "cwd": str(cwd), "timeout": timeout,
                   "stdout": str(out), "stderr": str(err)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("fork-serveren stoppede")
        res = json.loads(line)
        outcome = Outcome(list(map(str, argv)), res["rc"], out.read_text("utf-8", "replace"),
                          err.read_text("utf-8", "replace"), res["seconds"], res["rss_mb"],
                          res["timed_out"])
        out.unlink()
        err.unlink()
        return outcome

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
