"""The library: versions, immutability, search, provenance, migrations, bad input.

Oracles: the spec example's published net (9,387,500 kr) and hand arithmetic; SQLite itself for
what a trigger refuses.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from store_helpers import SPEC_NET, VALUE_PER_SUCCESS, variant

import som
from som.errors import InputError
from som.io.files import calculation_from_data
from som.store import Library, parse_ref, save_calculation
from som.store.db import IMMUTABLE_MESSAGE, SCHEMA_VERSION


def _save(lib, calc, **kw):
    return save_calculation(lib, calc, kb=None, **kw)


def test_save_records_provenance_and_figures(lib, move):
    info = _save(lib, move, author="Anne", tags=["unge", "rusmidler"], note="første udkast")
    assert (info.calculation_id, info.version, info.ref) == (1, 1, "1@1")
    assert info.net == pytest.approx(SPEC_NET, abs=0.005)
    assert info.break_even_year == 2026
    assert (info.title, info.organisation) == (move.meta.title, "Eksempel Kommune")
    assert (info.target_group, info.susi_phase) == ("stofmisbrug_18_25", "afprøvning")
    assert info.tags == ("unge", "rusmidler")
    assert (info.author, info.note, info.som_version) == ("Anne", "første udkast", som.__version__)
    assert info.kb_fingerprint is None  # saved without a knowledge base
    assert info.saved_at.endswith("Z")
    stored = lib.get(1)
    assert stored.calculation == move
    # The input hash is the SHA-256 of the stored canonical JSON and equals som's own hash.
    text = lib.conn.execute("SELECT calculation_json FROM versions").fetchone()[0]
    assert hashlib.sha256(text.encode()).hexdigest() == info.input_hash
    assert info.input_hash == som.calculate(move, kb=None).provenance["input_hash"]
    assert stored.result["totals"]["net"] == pytest.approx(SPEC_NET, abs=0.005)
    assert stored.kb_options == {"kb": None, "overlays": []}


def test_every_save_is_a_new_version(lib, move):
    _save(lib, move, tags=["a"])
    higher = variant(move, **{"intervention.success_rate": 0.30})
    v2 = _save(lib, higher, calculation_id=1, author="Bo")
    v3 = _save(lib, move, calculation_id=1, tags=[])
    assert [v.version for v in lib.history(1)] == [1, 2, 3]
    # 45 instead of 37.5 successes at 311,000 kr each (spec §4): +2,332,500 kr.
    assert v2.net - SPEC_NET == pytest.approx(7.5 * VALUE_PER_SUCCESS, abs=0.005)
    assert v2.tags == ("a",)  # no tags given: kept from the previous version
    assert v3.tags == ()  # an explicit empty list clears them
    assert lib.get(1, 1).calculation == move and lib.get(1, 2).calculation == higher
    assert lib.info(1).version == 3  # latest by default
    assert lib.count() == (1, 3)
    other = _save(lib, move)
    assert other.ref == "2@1"


@pytest.mark.parametrize("statement", [
    "UPDATE versions SET net = 0",
    "UPDATE versions SET title = 'x' WHERE version = 1",
    "DELETE FROM versions",
    "UPDATE calculations SET created_at = 'x'",
    "DELETE FROM calculations",
    "UPDATE followups SET costs = 1",
    "DELETE FROM followups",
])
def test_update_and_delete_are_refused(lib, move, statement):
    _save(lib, move)
    lib.add_followup(1, 2025, costs=900_000)
    before = lib.conn.execute("SELECT COUNT(*), SUM(net) FROM versions").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match=IMMUTABLE_MESSAGE):
        lib.conn.execute(statement)
    assert lib.conn.execute("SELECT COUNT(*), SUM(net) FROM versions").fetchone() == before
    assert lib.followups(1)[0].costs == 900_000


def test_refused_in_a_fresh_connection_too(db_path, lib, move):
    """The rule lives in the file (triggers), not in our Python code."""
    _save(lib, move)
    raw = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("DELETE FROM versions")
    raw.close()


def test_search_title_organisation_target_group_tags(lib, move):
    _save(lib, move, tags=["Unge", "rusmidler"])
    _save(lib, variant(move, **{"meta.title": "Bostøtte til hjemløse", "meta.organisation":
                                "Århus Kommune", "target_group": "hjemloeshed_18_65"}),
          tags=["bolig"])
    _save(lib, variant(move, **{"meta.title": "Ældre i bevægelse", "meta.organisation": "Ørsted"}))
    ids = lambda infos: [i.calculation_id for i in infos]  # noqa: E731
    assert ids(lib.search()) == [1, 2, 3]
    assert ids(lib.search("move")) == [1]  # title, case-insensitive
    assert ids(lib.search("ÅRHUS")) == [2]  # organisation, Danish letters folded
    assert ids(lib.search("ældre")) == [3]
    assert ids(lib.search("hjemloeshed")) == [2]  # target group
    assert ids(lib.search("BOLIG")) == [2]  # tags
    assert ids(lib.search("kommune unge")) == [1]  # every word must match
    assert ids(lib.search(tag="unge")) == [1]
    assert ids(lib.search(tag="ung")) == []  # --tag is an exact tag, not a substring
    assert ids(lib.search("zzz")) == []


def test_search_sees_only_latest_version(lib, move):
    _save(lib, move)
    _save(lib, variant(move, **{"meta.title": "Omdøbt indsats"}), calculation_id=1)
    assert lib.search("MOVE") == []
    [found] = lib.search("omdøbt")
    assert (found.version, found.n_versions) == (2, 2)


def test_parse_ref():
    assert parse_ref("12") == (12, None)
    assert parse_ref(" 12@3 ") == (12, 3)
    for bad in ("x", "12@", "12@x", "0", "3@0", "-1"):
        with pytest.raises(InputError) as err:
            parse_ref(bad)
        assert "ID" in err.value.render()


def test_unknown_ids_give_danish_messages(lib, move):
    _save(lib, move)
    with pytest.raises(InputError, match="beregning 7 findes ikke i biblioteket"):
        lib.get(7)
    with pytest.raises(InputError, match="beregning 1 har ingen version 5"):
        lib.get(1, 5)
    with pytest.raises(InputError, match="beregning 9 findes ikke"):
        _save(lib, move, calculation_id=9)
    assert lib.count() == (1, 1)


def test_a_calculation_that_does_not_calculate_is_not_saved(lib, move):
    data = move.to_data()
    del data["prices"]["kontanthjaelp_uge"]
    broken = calculation_from_data(data)
    with pytest.raises(InputError, match="kontanthjaelp_uge"):
        _save(lib, broken)
    assert lib.count() == (0, 0)


def test_save_all_is_one_transaction(lib, move):
    from som.store import SaveRequest

    result = som.calculate(move, kb=None)
    good = SaveRequest(move, result, {"kb": None, "overlays": []})
    bad = SaveRequest(move, result, {"kb": None, "overlays": []}, calculation_id=42)
    with pytest.raises(InputError):
        lib.save_all([good, bad])
    assert lib.count() == (0, 0)  # the first one was rolled back with the failing second


def test_result_must_belong_to_the_calculation(lib, move):
    from som.store import SaveRequest

    other = som.calculate(variant(move, **{"intervention.success_rate": 0.3}), kb=None)
    with pytest.raises(InputError, match="input-hash"):
        lib.save(SaveRequest(move, other, {"kb": None, "overlays": []}))


def test_schema_version_and_migrations(db_path, lib):
    assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Library(db_path).close()  # opening again applies nothing and keeps the version
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(InputError, match="nyere|opdatér som"):
        Library(db_path)


def test_not_a_database(tmp_path):
    path = tmp_path / "noget.sqlite3"
    path.write_text("dette er ikke en database " * 100)
    with pytest.raises(InputError, match="ikke en gyldig SQLite-database"):
        Library(path)
    with pytest.raises(InputError, match="mappe"):
        Library(tmp_path)


def test_default_path_from_environment(tmp_path, monkeypatch):
    from som.store import default_path

    monkeypatch.setenv("SOM_DB", str(tmp_path / "env.sqlite3"))
    assert default_path() == tmp_path / "env.sqlite3"
    with Library() as lib:
        assert lib.path == tmp_path / "env.sqlite3"
    monkeypatch.delenv("SOM_DB")
    assert str(default_path()).endswith("var/som.sqlite3")


def test_verify_finds_tampering_behind_the_triggers(db_path, lib, move):
    _save(lib, move)
    assert lib.verify() == []
    raw = sqlite3.connect(db_path)  # someone drops the guard and edits the stored calculation
    raw.execute("DROP TRIGGER versions_no_update")
    data = json.loads(raw.execute("SELECT calculation_json FROM versions").fetchone()[0])
    data["intervention"]["success_rate"] = 0.9
    raw.execute("UPDATE versions SET calculation_json = ?", (json.dumps(data),))
    raw.commit()
    raw.close()
    problems = lib.verify()  # the missing guard, the broken hash chain and the input hash
    assert problems[0] == ("beskyttelsen versions_no_update mangler (nogen har fjernet den med "
                           "DROP TRIGGER)")
    assert problems[1].startswith("1@1: versionen er ændret efter den blev gemt")
    assert problems[2].startswith("1@1: input-hash passer ikke")


def test_text_that_looks_like_a_formula_is_kept_as_text(lib, move):
    calc = variant(move, **{"meta.title": "=HYPERLINK(\"x\")", "meta.organisation": "+45 kommune"})
    _save(lib, calc, tags=["@tag", "-minus"])
    info = lib.info(1)
    assert (info.title, info.organisation, info.tags) == (
        "=HYPERLINK(\"x\")", "+45 kommune", ("@tag", "-minus"))
