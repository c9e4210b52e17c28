"""The SQLite file behind the calculation library: connection, schema migrations, immutability.

One file, stdlib `sqlite3`. Why these settings:

- WAL journal: readers never block the one writer, and a process killed mid-write leaves the
  last committed state intact (the uncommitted tail of the WAL is ignored on the next open).
- synchronous=FULL: a commit that returned is on disk, not just in the OS cache.
- busy_timeout and BEGIN IMMEDIATE for every write: two processes saving at once queue on the
  write lock instead of failing with "database is locked" half-way through a transaction.
- Triggers refuse UPDATE and DELETE on every table: a saved version, a tag or a follow-up record
  is never overwritten or removed; a correction is a new row.

Migrations are a list of SQL scripts (or functions of the connection); PRAGMA user_version counts
how many have been applied. Migration 2 adds the hash chain of `som.store.chain`.

Every SQLite error that a user's file or disk can cause (read-only file, full disk, locked, not a
database) becomes one Danish message (`danish_sqlite_error`); a failed write is rolled back
without the ROLLBACK's own error hiding the real one (`rollback`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from som.errors import InputError, Problem

ENV_VAR = "SOM_DB"
BUSY_TIMEOUT_MS = 30_000
IMMUTABLE_MESSAGE = "gemte data kan ikke ændres eller slettes; gem en ny version i stedet"
TABLES = ("calculations", "versions", "followups")


def _immutable(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END;
"""


def _chain_migration(conn: sqlite3.Connection) -> None:
    from som.store.chain import migrate

    migrate(conn)


# Each entry is applied once, in order, inside one transaction; never edit an applied entry,
# append a new one instead.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    """
    CREATE TABLE calculations (
        id          INTEGER PRIMARY KEY,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE versions (
        calculation_id   INTEGER NOT NULL REFERENCES calculations(id),
        version          INTEGER NOT NULL CHECK (version >= 1),
        title            TEXT NOT NULL,
        organisation     TEXT NOT NULL,
        target_group     TEXT NOT NULL,
        susi_phase       TEXT,
        tags             TEXT NOT NULL,          -- JSON list of strings
        author           TEXT NOT NULL,
        note             TEXT NOT NULL,
        saved_at         TEXT NOT NULL,          -- UTC, ISO 8601
        som_version      TEXT NOT NULL,
        kb_version       TEXT,
        kb_fingerprint   TEXT,
        kb_options       TEXT NOT NULL,          -- JSON: {"kb": null|"bundled"|path, "overlays": []}
        base_dir         TEXT,                   -- folder for the file's own settings.kb_overlay
        input_hash       TEXT NOT NULL,
        calculation_json TEXT NOT NULL,          -- canonical JSON; sha256 of it = input_hash
        result_json      TEXT NOT NULL,          -- spec §3 result + by_item + provenance
        net              REAL NOT NULL,
        net_present_value REAL NOT NULL,
        break_even_year  INTEGER,
        PRIMARY KEY (calculation_id, version)
    );
    CREATE INDEX versions_latest ON versions(calculation_id, version DESC);
    CREATE TABLE followups (
        id             INTEGER PRIMARY KEY,
        calculation_id INTEGER NOT NULL REFERENCES calculations(id),
        version        INTEGER NOT NULL,         -- the latest version when it was recorded
        year           INTEGER NOT NULL,
        participants   REAL CHECK (participants >= 0),
        successes      REAL CHECK (successes >= 0),
        costs          REAL CHECK (costs >= 0),
        author         TEXT NOT NULL,
        note           TEXT NOT NULL,
        recorded_at    TEXT NOT NULL,
        FOREIGN KEY (calculation_id, version) REFERENCES versions(calculation_id, version)
    );
    CREATE INDEX followups_by_calculation ON followups(calculation_id, year, id);
    """
    + "".join(_immutable(t) for t in TABLES),
    _chain_migration,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_path() -> Path:
    """$SOM_DB, else var/som.sqlite3 under the current folder (the Makefile sets SOM_DB)."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path("var") / "som.sqlite3"


def _fail(path: Path, message: str) -> InputError:
    return InputError([Problem("", message)], f"biblioteket {path}")


def connect(path: str | Path | None = None) -> tuple[sqlite3.Connection, Path]:
    """Open (creating if needed) the library file and bring its schema up to date."""
    path = Path(path) if path else default_path()
    if path.exists() and path.is_dir():
        raise _fail(path, "stien er en mappe; angiv en databasefil (fx var/som.sqlite3)")
    if any(parent.exists() and not parent.is_dir() for parent in path.parents):
        raise _fail(path, "en del af stien er en fil, ikke en mappe")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; every write says BEGIN IMMEDIATE.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except OSError as exc:
        from som.io.parse_messages import danish_os_error

        raise _fail(path, f"databasen kan ikke åbnes: {danish_os_error(exc)}") from None
    except sqlite3.Error as exc:
        raise _fail(path, f"databasen kan ikke åbnes: {danish_sqlite_error(exc)}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise _fail(path, danish_sqlite_error(exc)) from None
    except InputError:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    conn.create_function("fold", 1, _fold, deterministic=True)
    return conn, path


def _fold(text: str | None) -> str:
    """Case-insensitive matching that also folds Æ/Ø/Å (SQLite's LIKE only folds ASCII)."""
    return (text or "").casefold()


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise _fail(path, f"databasen har skemaversion {current}, men denne som kender kun op til "
                          f"{SCHEMA_VERSION}; opdatér som")
    for number in range(current, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("COMMIT")
                continue
            step = MIGRATIONS[number]
            for statement in [step] if callable(step) else _statements(step):
                statement(conn) if callable(statement) else conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back after a failed write without hiding why it failed: SQLite may already have
    rolled back itself (a full disk does), and then ROLLBACK's own error would replace the real
    one."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


# SQLite's primary result codes (sqlite3.h) -> what the user can do about it.
_SQLITE_CODES = {
    3: "ingen adgang til databasefilen (rettigheder)",  # SQLITE_PERM
    5: "databasen er optaget af en anden proces; prøv igen om lidt",  # SQLITE_BUSY
    6: "databasen er låst; prøv igen om lidt",  # SQLITE_LOCKED
    7: "for lidt hukommelse",  # SQLITE_NOMEM
    8: "databasefilen er skrivebeskyttet (eller mappen den ligger i); intet blev gemt",
    10: "læse- eller skrivefejl på disken; intet blev gemt",  # SQLITE_IOERR
    11: "databasefilen er beskadiget",  # SQLITE_CORRUPT
    13: "disken er fuld; intet blev gemt",  # SQLITE_FULL
    14: "databasefilen kan ikke åbnes (findes mappen, og må du skrive i den?)",  # SQLITE_CANTOPEN
    23: "ingen adgang til databasen",  # SQLITE_AUTH
    26: "filen er ikke en gyldig SQLite-database",  # SQLITE_NOTADB
}


def danish_sqlite_error(exc: BaseException) -> str:
    """One Danish sentence for an sqlite3 error (our own triggers' messages are Danish already)."""
    text = str(exc)
    if IMMUTABLE_MESSAGE in text:
        return IMMUTABLE_MESSAGE
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    if "no such table" in text or "no such column" in text:
        return "filen er ikke et som-bibliotek (eller fra en anden version)"
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    return f"databasefejl ({name})"


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check; [] when the file is sound."""
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"fremmednøgle: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
    return problems
