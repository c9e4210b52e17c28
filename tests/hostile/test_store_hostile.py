"""The calculation library against tampering, full and read-only storage, and killed batches
(issue 15, items 3 and 5)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import som
from som.cli import main
from som.store import Library, SaveRequest
from som.store import db as store_db

SPEC = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"


@pytest.fixture(scope="module")
def move():
    calc = som.load_calculation(SPEC)
    return calc, som.calculate(calc, kb=None)


def _request(move, cid=None):
    calc, result = move
    return SaveRequest(calc, result, {"kb": None, "overlays": []}, calculation_id=cid)


def _library(path: Path, move, versions: list[int | None]) -> None:
    with Library(path) as lib:
        for cid in versions:
            lib.save(_request(move, cid))


def _check(path: Path, capsys) -> tuple[int, str]:
    code = main(["store", "check", "--db", str(path)])
    out, err = capsys.readouterr()
    return code, out + err


def test_check_finds_an_update_behind_a_dropped_trigger(tmp_path, move, capsys):
    path = tmp_path / "lib.sqlite3"
    _library(path, move, [None, 1, None, 2])  # 1@1, 1@2, 2@1, 2@2
    assert _check(path, capsys) == (0, "OK: 2 beregninger, 4 versioner; databasen og alle "
                                       "versioner er intakte.\n")
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER versions_no_update; "
                      "UPDATE versions SET net = 1 WHERE calculation_id = 1 AND version = 2;")
    raw.close()
    code, text = _check(path, capsys)
    assert code == 1
    assert "beskyttelsen versions_no_update mangler" in text
    assert "1@2: versionen er ændret efter den blev gemt" in text
    assert "2@1" not in text  # the FIRST broken version is named, not everything after it


def test_check_finds_a_version_removed_from_the_middle(tmp_path, move, capsys):
    path = tmp_path / "lib.sqlite3"
    _library(path, move, [None, 1, 1])
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER versions_no_delete; "
                      "DELETE FROM versions WHERE calculation_id = 1 AND version = 2;")
    raw.close()
    code, text = _check(path, capsys)
    assert code == 1
    assert "1@3: hash-kæden er brudt før denne version (nr. 3)" in text


def test_a_library_from_before_the_chain_is_chained_when_opened(tmp_path, move, capsys):
    """Migration 2 gives the versions of an old (schema 1) file their places in the chain."""
    new = tmp_path / "new.sqlite3"
    _library(new, move, [None, 1])
    old = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(old, isolation_level=None)
    for statement in store_db._statements(store_db.MIGRATIONS[0]):
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute(f"ATTACH '{new}' AS new")
    columns = ", ".join(_v1_columns(raw))
    raw.execute("INSERT INTO calculations SELECT * FROM new.calculations")
    raw.execute(f"INSERT INTO versions ({columns}) SELECT {columns} FROM new.versions")
    raw.execute("DETACH new")
    raw.close()
    assert _check(old, capsys)[0] == 0
    with Library(old) as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == store_db.SCHEMA_VERSION
        lib.save(_request(move, 1))
        seqs = [r[0] for r in lib.conn.execute("SELECT seq FROM versions ORDER BY seq")]
    assert seqs == [1, 2, 3]
    assert _check(old, capsys)[0] == 0


def _v1_columns(raw) -> list[str]:
    return [row[1] for row in raw.execute("PRAGMA table_info(versions)")]


def test_full_disk_says_so_instead_of_the_failed_rollback(tmp_path, move):
    """SQLite rolls a transaction back by itself when the disk is full; the ROLLBACK after it
    used to raise 'cannot rollback - no transaction is active' and hide why the save failed."""
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.save(_request(move))
        pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        with pytest.raises(som.InputError) as info:
            lib.save_all([_request(move)] * 50)
        assert info.value.problems[0].message == "disken er fuld; intet blev gemt"
        assert lib.count() == (1, 1) and lib.verify() == []


def test_followup_figures_are_bounded_like_the_calculation(tmp_path, move, capsys):
    path = tmp_path / "lib.sqlite3"
    _library(path, move, [None])
    add = ["store", "followup", "add", "1", "--db", str(path), "--year"]
    assert main([*add, "2025", "--participants", "1e308"]) == 1
    assert main([*add, "2025", "--successes", "5e-324"]) == 1
    for year in ("2025", "2026"):
        assert main([*add, year, "--costs", "90000000000"]) == 0
    assert main(["store", "followup", "show", "1", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "participants: må højst være 10.000.000, fik 1e+308" in err
    assert "successes: skal være 0 eller mindst 0,000001" in err
    assert "opfølgning: med de registrerede tal giver alle beløb tilsammen" in err


def _as_other_user() -> list[str]:
    """A command prefix that runs as nobody when we are root (root may write a read-only file)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root without setpriv cannot meet a read-only file")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_read_only_library_is_a_danish_message(move):
    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # readable by the other user, unlike tmp_path
    try:
        folder.chmod(0o755)
        path = folder / "lib.sqlite3"
        _library(path, move, [None])
        path.chmod(0o444)
        proc = subprocess.run(
            [*_as_other_user(), sys.executable, "-c",
             "import sys; from som.cli import main; sys.exit(main())",
             "store", "save", str(SPEC), "--db", str(path), "--no-kb"],
            capture_output=True, text=True, cwd="/tmp", env={**os.environ, "HOME": "/tmp"})
        assert proc.returncode == 1, proc.stderr
        assert "databasefilen er skrivebeskyttet" in proc.stderr
        assert "Traceback" not in proc.stderr and "Intern fejl" not in proc.stderr
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out |= {child} | _descendants(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killed_parallel_batch_leaves_no_workers(tmp_path, move):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.save_all([_request(move)] * 4000)
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from som.cli import main; sys.exit(main())", "batch",
         "--store", "--db", str(path), "--diff", str(tmp_path / "d.csv"), "--workers", "2",
         "--no-kb"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _descendants(proc.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == []
