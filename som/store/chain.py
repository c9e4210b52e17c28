"""A hash chain over the saved versions, so that `som store check` notices tampering.

The triggers in `som.store.db` stop `som` (and anyone using SQL politely) from changing a saved
version, but anyone with the file can `DROP TRIGGER` and `UPDATE`. So each version row also
carries its place in the chain (`seq`, 1, 2, 3, ... in the order saved), the previous version's
hash (`prev_hash`) and `hash` = SHA-256 over its place, the previous hash and every column it was
saved with. `verify` recomputes the chain and names the first version that does not fit: a
changed figure, a changed calculation, a removed or inserted version in the middle.

What it cannot see (docs/store.md): someone who recomputes every later hash after a change (the
chain has no secret key), or removal of the newest versions at the end of the chain.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

GENESIS = "0" * 64
# Every column a version is saved with, and its SQLite type (so a value hashes the same before
# it is written and after it is read back: REAL 5 comes back as 5.0, and -0.0 as 0.0).
COLUMNS = {
    "calculation_id": int, "version": int, "title": str, "organisation": str,
    "target_group": str, "susi_phase": str, "tags": str, "author": str, "note": str,
    "saved_at": str, "som_version": str, "kb_version": str, "kb_fingerprint": str,
    "kb_options": str, "base_dir": str, "input_hash": str, "calculation_json": str,
    "result_json": str, "net": float, "net_present_value": float, "break_even_year": int,
}
TRIGGERS = tuple(f"{table}_no_{what}" for table in ("calculations", "versions", "followups")
                 for what in ("update", "delete"))


def _canonical(kind: type, value):
    if value is None:
        return None
    return float(value) + 0.0 if kind is float else kind(value)


def version_hash(values: dict, seq: int, prev_hash: str) -> str:
    """SHA-256 of a version's place in the chain, its predecessor's hash and its columns."""
    row = [seq, prev_hash] + [_canonical(kind, values[c]) for c, kind in COLUMNS.items()]
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def next_link(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, prev_hash) for the next version; call inside the write transaction."""
    row = conn.execute("SELECT seq, hash FROM versions ORDER BY seq DESC LIMIT 1").fetchone()
    return (1, GENESIS) if row is None else (int(row[0]) + 1, row[1])


def link(conn: sqlite3.Connection, values: dict) -> dict:
    """`values` with seq, prev_hash and hash for the next place in the chain."""
    seq, prev = next_link(conn)
    return {**values, "seq": seq, "prev_hash": prev, "hash": version_hash(values, seq, prev)}


_SELECT = f"SELECT seq, prev_hash, hash, {', '.join(COLUMNS)} FROM versions"


def verify(conn: sqlite3.Connection) -> list[str]:
    """Danish lines for the missing triggers and the FIRST version where the chain breaks."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    problems = [f"beskyttelsen {name} mangler (nogen har fjernet den med DROP TRIGGER)"
                for name in TRIGGERS if name not in present]
    expected_prev, expected_seq = GENESIS, 1
    cursor = conn.execute(f"{_SELECT} ORDER BY seq IS NULL, seq, rowid")
    cursor.row_factory = None
    for row in cursor:
        seq, prev, stored = row[0], row[1], row[2]
        values = dict(zip(COLUMNS, row[3:], strict=True))
        ref = f"{values['calculation_id']}@{values['version']}"
        if seq is None or stored is None:
            problems.append(f"{ref}: versionen har ingen plads i hash-kæden (indsat uden om som?)")
            break
        if seq != expected_seq or prev != expected_prev:
            problems.append(f"{ref}: hash-kæden er brudt før denne version (nr. {seq}): en "
                            "tidligere version er fjernet, udskiftet eller indsat uden om som")
            break
        if version_hash(values, seq, prev) != stored:
            problems.append(f"{ref}: versionen er ændret efter den blev gemt (dens indhold passer "
                            "ikke med dens hash)")
            break
        expected_prev, expected_seq = stored, seq + 1
    return problems


def migrate(conn: sqlite3.Connection) -> None:
    """Schema 2: give every existing version its place in the chain, in the order saved.

    Runs inside the migration's transaction; the update trigger is lifted for it and restored."""
    for column in ("seq INTEGER", "prev_hash TEXT", "hash TEXT"):
        conn.execute(f"ALTER TABLE versions ADD COLUMN {column}")
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                           "name = 'versions_no_update'").fetchone()
    conn.execute("DROP TRIGGER IF EXISTS versions_no_update")
    cursor = conn.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM versions ORDER BY rowid")
    cursor.row_factory = None
    prev = GENESIS
    for seq, row in enumerate(cursor.fetchall(), start=1):
        values = dict(zip(COLUMNS, row[1:], strict=True))
        digest = version_hash(values, seq, prev)
        conn.execute("UPDATE versions SET seq = ?, prev_hash = ?, hash = ? WHERE rowid = ?",
                     (seq, prev, digest, row[0]))
        prev = digest
    conn.execute("CREATE UNIQUE INDEX versions_chain ON versions(seq)")
    if trigger is not None:
        conn.execute(trigger[0])
