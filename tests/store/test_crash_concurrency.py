"""Crash safety and concurrent writers, with real processes.

A child saves batches of versions (one transaction per batch) in a loop and is killed with
SIGKILL; afterwards every committed version must be intact, no batch may be half there, and the
file must pass PRAGMA integrity_check. Two processes saving at once must both land.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import som
from som.store import Library, save_calculation

pytestmark = pytest.mark.slow

BATCH = 200

CRASH_CHILD = r"""
import sys, time
import som
from som.store import Library, SaveRequest
db, spec, batch, stop_in_batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
calc = som.load_calculation(spec)
def version(n):
    data = calc.to_data()
    data["intervention"]["participants"] = [50 + n, 50, 50]
    data["meta"]["description"] = f"n={n}"
    c = som.Calculation.model_validate(data)
    return c, som.calculate(c, kb=None)
prepared = [version(n) for n in range(batch)]  # calculated once: the loop is all writing
inserts = 0
def trace(sql):
    # Half-way through batch number `stop_in_batch`, say so and hold the transaction open:
    # the parent's SIGKILL then lands inside it for certain (0: never stop, kill at random).
    global inserts
    if sql.startswith("INSERT INTO versions"):
        inserts += 1
        if stop_in_batch and inserts == 1 + (stop_in_batch - 1) * batch + batch // 2:
            print("mid", flush=True)
            time.sleep(60)
with Library(db) as lib:
    first = lib.save(SaveRequest(*prepared[0], {"kb": None, "overlays": []}))
    print(first.version, flush=True)
    lib.conn.set_trace_callback(trace)
    while True:
        infos = lib.save_all([SaveRequest(c, r, {"kb": None, "overlays": []}, calculation_id=1,
                                          note=str(n)) for n, (c, r) in enumerate(prepared)])
        print(infos[-1].version, flush=True)
"""

SAVER_CHILD = r"""
import os, sys, time
import som
from som.store import Library, save_calculation
db, spec, who, count, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
calc = som.load_calculation(spec)
with Library(db) as lib:
    while not os.path.exists(go):
        time.sleep(0.005)
    for n in range(count):
        save_calculation(lib, calc, kb=None, calculation_id=1, author=who, note=f"{who}-{n}")
"""


def _child(script: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize(("stop_in_batch", "kill_after_lines"), [(1, None), (3, None), (0, 4)])
def test_sigkill_mid_save_leaves_every_committed_version_intact(db_path, spec_example_path,
                                                                stop_in_batch, kill_after_lines):
    """stop_in_batch > 0: killed inside that batch's open transaction (deterministic);
    0: killed a moment after the 4th commit was reported, wherever the child is."""
    child = _child(CRASH_CHILD, db_path, spec_example_path, BATCH, stop_in_batch)
    committed: list[int] = []
    killed_mid_transaction = False
    try:
        for line in child.stdout:
            if line.strip() == "mid":
                killed_mid_transaction = True
            else:
                committed.append(int(line))
            if killed_mid_transaction or len(committed) == kill_after_lines:
                if not killed_mid_transaction:
                    time.sleep(0.01)
                os.kill(child.pid, signal.SIGKILL)
                break
        else:
            pytest.fail(f"the saving child stopped by itself: {child.stderr.read()}")
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        rest = child.communicate(timeout=30)[0]
    committed += [int(x) for x in rest.split()]
    assert child.returncode == -signal.SIGKILL
    if stop_in_batch:
        # version 1, then the batches before the interrupted one; the half-written batch is gone
        assert committed == [1 + BATCH * k for k in range(stop_in_batch)]

    with Library(db_path) as lib:
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.verify() == []
        versions = [v.version for v in lib.history(1)]
        # Every version the child saw committed is there, numbered without gaps, and a batch
        # is either wholly there or wholly absent (version 1 plus whole batches).
        assert versions == list(range(1, len(versions) + 1))
        assert len(versions) >= max(committed)
        assert (len(versions) - 1) % BATCH == 0
        if stop_in_batch:
            assert len(versions) == max(committed)
        for info in lib.history(1)[1:]:
            n = int(info.note)
            stored = lib.get(1, info.version)
            assert stored.calculation.intervention.participants[0] == 50 + n
            assert stored.calculation.meta.description == f"n={n}"
            # net moves by n starters · (0.25 · 311,000 − 1,500) kr (spec §4 arithmetic)
            assert info.net == pytest.approx(9_387_500 + n * (0.25 * 311_000 - 1_500), abs=0.005)
        # and the library keeps working after the crash
        after = save_calculation(lib, som.load_calculation(spec_example_path), kb=None,
                                 calculation_id=1)
        assert after.version == len(versions) + 1


def test_two_processes_saving_at_once_both_land(db_path, spec_example_path, tmp_path):
    with Library(db_path) as lib:
        save_calculation(lib, som.load_calculation(spec_example_path), kb=None)
    go = tmp_path / "go"
    count = 100
    children = [_child(SAVER_CHILD, db_path, spec_example_path, who, count, go)
                for who in ("a", "b")]
    time.sleep(0.5)  # let both import and open the library, then start them together
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    with Library(db_path) as lib:
        history = lib.history(1)
        assert [v.version for v in history] == list(range(1, 2 * count + 2))
        notes = {v.note for v in history[1:]}
        assert notes == {f"{who}-{n}" for who in ("a", "b") for n in range(count)}
        assert lib.verify() == []
