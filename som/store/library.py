"""The calculation library: save immutable versions, list, search, show, history, follow-up rows.

Every save is a new version row carrying who saved it and when, the `som` version, the knowledge
base's version and fingerprint, the input hash and the calculation itself (canonical JSON and
YAML) together with the figures it gave. Nothing is updated or deleted (see `som.store.db`).
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from som.errors import InputError, Problem
from som.io.files import calculation_from_data, dump_yaml
from som.schema import Calculation
from som.store import chain, db

INFO_COLUMNS = ("calculation_id", "version", "title", "organisation", "target_group", "susi_phase",
                "tags", "author", "note", "saved_at", "som_version", "kb_version", "kb_fingerprint",
                "input_hash", "net", "net_present_value", "break_even_year")
_INFO_SQL = ", ".join(f"v.{c}" for c in INFO_COLUMNS)
_LATEST = ("JOIN (SELECT calculation_id, MAX(version) AS latest, COUNT(*) AS n_versions "
           "FROM versions GROUP BY calculation_id) m "
           "ON m.calculation_id = v.calculation_id AND m.latest = v.version")


def canonical_json(calc: Calculation) -> str:
    """The form whose SHA-256 is the input hash (`som.result.input_hash`)."""
    return json.dumps(calc.to_data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "ukendt"


@dataclass(frozen=True)
class VersionInfo:
    """One saved version without the heavy columns (calculation text, full result)."""

    calculation_id: int
    version: int
    title: str
    organisation: str
    target_group: str
    susi_phase: str | None
    tags: tuple[str, ...]
    author: str
    note: str
    saved_at: str
    som_version: str
    kb_version: str | None
    kb_fingerprint: str | None
    input_hash: str
    net: float
    net_present_value: float
    break_even_year: int | None
    n_versions: int = 1

    @property
    def ref(self) -> str:
        """'12@3': calculation 12, version 3 (the CLI's ID@VERSION)."""
        return f"{self.calculation_id}@{self.version}"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> VersionInfo:
        values = {c: row[c] for c in INFO_COLUMNS}
        values["tags"] = tuple(json.loads(values["tags"]))
        if "n_versions" in row.keys():
            values["n_versions"] = row["n_versions"]
        return cls(**values)


@dataclass(frozen=True)
class StoredVersion:
    """A version with its calculation, stored figures and the knowledge-base options it used."""

    info: VersionInfo
    calculation: Calculation
    result: dict  # Result.to_dict() as saved
    kb_options: dict  # {"kb": None | "bundled" | path | "object", "overlays": [...]}
    base_dir: str | None

    @property
    def calculation_yaml(self) -> str:
        """The calculation as YAML (made from the canonical JSON, the one stored form)."""
        return dump_yaml(self.calculation)


@dataclass(frozen=True)
class FollowupRecord:
    """Realised figures for one year (None: not recorded in this row)."""

    id: int
    calculation_id: int
    version: int
    year: int
    participants: float | None
    successes: float | None
    costs: float | None
    author: str
    note: str
    recorded_at: str


@dataclass(frozen=True)
class SaveRequest:
    """One calculation to save, already calculated (`result` from som.calculate)."""

    calculation: Calculation
    result: object
    kb_options: dict
    author: str = ""
    tags: Sequence[str] | None = None  # None: a new version keeps the previous version's tags
    note: str = ""
    calculation_id: int | None = None  # None: a new calculation; else a new version of it
    base_dir: str | None = None


def parse_ref(text: str) -> tuple[int, int | None]:
    """'12' -> (12, None); '12@3' -> (12, 3). InputError in Danish otherwise."""
    ident, at, version = str(text).strip().partition("@")
    try:
        number = int(ident)
        ver = int(version) if at else None
    except ValueError:
        raise InputError([Problem("ID", f"forventede ID eller ID@VERSION (fx 12 eller 12@3), "
                                        f"fik {text!r}")]) from None
    if number < 1 or (ver is not None and ver < 1):
        raise InputError([Problem("ID", f"ID og version skal være positive heltal, fik {text!r}")])
    return number, ver


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Strip, drop empty, keep first occurrence; a tag is free text."""
    out: list[str] = []
    for tag in tags:
        tag = str(tag).strip()
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def _target_group_label(calc: Calculation) -> str:
    tg = calc.target_group
    if tg is None:
        return ""
    return tg if isinstance(tg, str) else tg.name


class Library:
    """A connection to one library file. Use as a context manager or call close()."""

    def __init__(self, path: str | Path | None = None):
        self.conn, self.path = db.connect(path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _problem(self, where: str, message: str) -> InputError:
        return InputError([Problem(where, message)], f"biblioteket {self.path}")

    # -- writing --------------------------------------------------------------------------------
    def save_all(self, requests: Sequence[SaveRequest]) -> list[VersionInfo]:
        """Save every request in ONE transaction: all land or none does.

        Everything that does not need the database (serialising, hashing) happens before the
        write lock is taken, so concurrent savers wait on each other as briefly as possible."""
        saved_at = now_utc()
        prepared = [self._prepare(req, saved_at) for req in requests]
        keys: list[tuple[int, int]] = []
        with self._writing():
            for req, values in zip(requests, prepared, strict=True):
                keys.append(self._insert(req, values, saved_at))
        return [self.info(cid, ver) for cid, ver in keys]

    @contextmanager
    def _writing(self):
        """One write transaction: committed whole, or rolled back with the real reason shown."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            db.rollback(self.conn)
            if isinstance(exc, sqlite3.Error):
                raise self._problem("", db.danish_sqlite_error(exc)) from None
            raise

    def save(self, request: SaveRequest) -> VersionInfo:
        return self.save_all([request])[0]

    def _prepare(self, req: SaveRequest, saved_at: str) -> dict:
        """The version row's values that depend only on the request."""
        calc, result = req.calculation, req.result
        text = canonical_json(calc)
        prov = result.provenance
        if prov["input_hash"] != _sha256(text):  # the result must belong to this calculation
            raise self._problem("", "resultatet hører ikke til beregningen (input-hash afviger)")
        totals = result.totals
        return {
            "title": calc.meta.title, "organisation": calc.meta.organisation,
            "target_group": _target_group_label(calc), "susi_phase": calc.meta.susi_phase,
            "author": req.author or calc.meta.author or default_author(), "note": req.note,
            "saved_at": saved_at, "som_version": prov["som_version"],
            "kb_version": prov.get("kb_version"), "kb_fingerprint": prov.get("kb_fingerprint"),
            "kb_options": json.dumps(req.kb_options, ensure_ascii=False),
            "base_dir": req.base_dir, "input_hash": prov["input_hash"], "calculation_json": text,
            "result_json": _result_json(result.to_dict()), "net": totals["net"],
            "net_present_value": totals["net_present_value"],
            "break_even_year": totals["break_even_year"],
        }

    def _insert(self, req: SaveRequest, values: dict, saved_at: str) -> tuple[int, int]:
        if req.calculation_id is None:
            cid = self.conn.execute("INSERT INTO calculations (created_at) VALUES (?)",
                                    (saved_at,)).lastrowid
            version = 1
        else:
            cid = req.calculation_id
            if not self.conn.execute("SELECT 1 FROM calculations WHERE id = ?", (cid,)).fetchone():
                raise self._problem("ID", f"beregning {cid} findes ikke i biblioteket")
            version = self.conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM versions "
                                        "WHERE calculation_id = ?", (cid,)).fetchone()[0]
        tags = req.tags
        if tags is None:
            previous = self.conn.execute("SELECT tags FROM versions WHERE calculation_id = ? "
                                         "AND version = ?", (cid, version - 1)).fetchone()
            tags = json.loads(previous[0]) if previous else ()
        row = chain.link(self.conn, {**values, "calculation_id": cid, "version": version,
                                     "tags": json.dumps(list(clean_tags(tags)), ensure_ascii=False)})
        self.conn.execute(
            f"INSERT INTO versions ({', '.join(_WRITE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(_WRITE_COLUMNS))})",
            [row[c] for c in _WRITE_COLUMNS],
        )
        return cid, version

    def add_followup(self, calculation_id: int, year: int, *, participants: float | None = None,
                     successes: float | None = None, costs: float | None = None, author: str = "",
                     note: str = "") -> FollowupRecord:
        """Record realised figures for one calendar year (a later row for the same year wins)."""
        from som.store.followup import check_followup

        with self._writing():
            latest = self.latest_version(calculation_id)
            calc = self.get(calculation_id, latest).calculation
            new = FollowupRecord(0, calculation_id, latest, year, participants, successes, costs,
                                 author, note, "")
            check_followup(calc, new, self.followups(calculation_id))
            rid = self.conn.execute(
                "INSERT INTO followups (calculation_id, version, year, participants, successes, "
                "costs, author, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (calculation_id, latest, year, participants, successes, costs,
                 author or default_author(), note, now_utc()),
            ).lastrowid
        return self.followups(calculation_id, record_id=rid)[0]

    # -- reading --------------------------------------------------------------------------------
    def latest_version(self, calculation_id: int) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM versions WHERE calculation_id = ?",
                                (calculation_id,)).fetchone()
        if row[0] is None:
            raise self._problem("ID", f"beregning {calculation_id} findes ikke i biblioteket")
        return int(row[0])

    def info(self, calculation_id: int, version: int | None = None) -> VersionInfo:
        version = version or self.latest_version(calculation_id)
        row = self.conn.execute(f"SELECT {_INFO_SQL} FROM versions v WHERE calculation_id = ? "
                                "AND version = ?", (calculation_id, version)).fetchone()
        if row is None:
            self.latest_version(calculation_id)  # a clear message if the calculation is unknown
            raise self._problem("VERSION", f"beregning {calculation_id} har ingen version {version}")
        return VersionInfo.from_row(row)

    def get(self, calculation_id: int, version: int | None = None) -> StoredVersion:
        info = self.info(calculation_id, version)
        row = self.conn.execute(
            "SELECT calculation_json, result_json, kb_options, base_dir "
            "FROM versions WHERE calculation_id = ? AND version = ?",
            (info.calculation_id, info.version)).fetchone()
        calc = calculation_from_data(json.loads(row["calculation_json"]), info.ref)
        return StoredVersion(info, calc, json.loads(row["result_json"]),
                             json.loads(row["kb_options"]), row["base_dir"])

    def history(self, calculation_id: int) -> list[VersionInfo]:
        self.latest_version(calculation_id)
        rows = self.conn.execute(f"SELECT {_INFO_SQL} FROM versions v WHERE calculation_id = ? "
                                 "ORDER BY version", (calculation_id,)).fetchall()
        return [VersionInfo.from_row(r) for r in rows]

    def search(self, query: str = "", tag: str | None = None) -> list[VersionInfo]:
        """Latest version of each calculation whose title, organisation, target group or tags
        contain every word of `query` (case-insensitive, Æ/Ø/Å too); optionally with `tag`."""
        sql = f"SELECT {_INFO_SQL}, m.n_versions FROM versions v {_LATEST}"
        where, params = [], []
        for word in query.split():
            where.append("instr(fold(v.title || ' ' || v.organisation || ' ' || v.target_group "
                         "|| ' ' || v.tags), fold(?)) > 0")
            params.append(word)
        if tag:
            where.append("EXISTS (SELECT 1 FROM json_each(v.tags) WHERE fold(value) = fold(?))")
            params.append(tag)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY v.calculation_id", params).fetchall()
        return [VersionInfo.from_row(r) for r in rows]

    def latest_for_recalculation(self) -> list[tuple[VersionInfo, str, str | None]]:
        """(info, canonical JSON, base_dir) of every latest version, in ID order.

        The stored figures a recalculation compares against are the info's own columns (net,
        net_present_value, break_even_year), so the large result JSON is not read."""
        rows = self.conn.execute(
            f"SELECT {_INFO_SQL}, m.n_versions, v.calculation_json, v.base_dir "
            f"FROM versions v {_LATEST} ORDER BY v.calculation_id").fetchall()
        return [(VersionInfo.from_row(r), r["calculation_json"], r["base_dir"]) for r in rows]

    def followups(self, calculation_id: int, record_id: int | None = None) -> list[FollowupRecord]:
        """Every follow-up row of a calculation in the order recorded (all corrections kept)."""
        sql = "SELECT * FROM followups WHERE calculation_id = ?"
        params: list = [calculation_id]
        if record_id is not None:
            sql += " AND id = ?"
            params.append(record_id)
        rows = self.conn.execute(sql + " ORDER BY id", params).fetchall()
        return [FollowupRecord(**{k: r[k] for k in r.keys()}) for r in rows]

    def count(self) -> tuple[int, int]:
        """(calculations, versions)."""
        row = self.conn.execute("SELECT (SELECT COUNT(*) FROM calculations), "
                                "(SELECT COUNT(*) FROM versions)").fetchone()
        return int(row[0]), int(row[1])

    def verify(self) -> list[str]:
        """Integrity of the file and of every version: the protecting triggers are there, the
        hash chain holds (naming the first version that breaks it), every calculation parses,
        validates and hashes to its input hash. [] when all is well; else Danish lines."""
        problems = db.integrity_problems(self.conn) + chain.verify(self.conn)
        for row in self.conn.execute("SELECT calculation_id, version, input_hash, "
                                     "calculation_json FROM versions"):
            ref = f"{row[0]}@{row[1]}"
            if _sha256(row[3]) != row[2]:
                problems.append(f"{ref}: input-hash passer ikke med den gemte beregning")
                continue
            try:
                calculation_from_data(json.loads(row[3]), ref)
            except (InputError, ValueError) as exc:
                problems.append(f"{ref}: den gemte beregning kan ikke indlæses ({exc})")
        return problems


_WRITE_COLUMNS = (*chain.COLUMNS, "seq", "prev_hash", "hash")


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _numpy_scalar(value):
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return value.item()
    raise TypeError(f"{type(value).__name__} kan ikke gemmes som JSON")


def _result_json(result: dict) -> str:
    """Plain JSON; numpy scalars become Python numbers, NaN/inf are refused (never stored)."""
    try:
        return json.dumps(result, ensure_ascii=False, allow_nan=False, default=_numpy_scalar)
    except ValueError:
        raise InputError([Problem("", "resultatet indeholder et ikke-endeligt tal og gemmes "
                                      "ikke")]) from None
