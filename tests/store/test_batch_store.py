"""Batch recalculation of the library against a new knowledge base (`som batch --store`).

Oracle: hand arithmetic. In the spec example a success saves 10+12+12+10+8 = 52 weeks of
kontanthjælp; raising the kommune's weekly price by 100 kr raises the net by
successes × 52 × 100 kr when the price comes from the knowledge base, and not at all when the
file prices the item itself.
"""

from __future__ import annotations

import importlib.util

import openpyxl
import pytest
from store_helpers import (
    KONTANTHJAELP_WEEKS_PER_SUCCESS,
    SPEC_NET,
    fake_kb,
    variant,
    without_inline_kontanthjaelp,
)

from som.cli import main
from som.store import save_calculation
from som.store.recalc import DANISH_HEADERS, order_rows, recalculate_library, write_diff

OLD, NEW = fake_kb(1200.0, "gammel"), fake_kb(1300.0, "ny")


@pytest.fixture
def stocked(lib, move):
    """1: KB-priced spec example; 2: inline-priced (immune to the KB); 3: KB-priced, r = 0.5."""
    kb_priced = without_inline_kontanthjaelp(move)
    save_calculation(lib, kb_priced, kb=OLD)
    save_calculation(lib, move, kb=OLD)
    save_calculation(lib, variant(kb_priced, **{"intervention.success_rate": 0.5}), kb=OLD)
    return lib


def test_recalculation_reports_what_moved(stocked):
    rows = {r["calculation_id"]: r for r in recalculate_library(stocked, {"kb": NEW})}
    weeks = KONTANTHJAELP_WEEKS_PER_SUCCESS
    assert rows[1]["net_before"] == pytest.approx(SPEC_NET, abs=0.005)
    assert rows[1]["net_change"] == pytest.approx(37.5 * weeks * 100, abs=0.005)  # 195,000 kr
    assert rows[1]["net_after"] == pytest.approx(SPEC_NET + 195_000, abs=0.005)
    assert rows[1]["npv_change"] == pytest.approx(195_000, abs=0.005)  # discount rate 0
    assert rows[3]["net_change"] == pytest.approx(75 * weeks * 100, abs=0.005)
    assert rows[2]["net_change"] == pytest.approx(0, abs=1e-9)
    assert [rows[i]["status"] for i in (1, 2, 3)] == ["ændret", "uændret", "ændret"]
    assert (rows[1]["kb_before"], rows[1]["kb_after"]) == ("gammel", "ny")
    assert rows[1]["break_even_year_before"] == rows[1]["break_even_year_after"] == 2026
    assert [r["calculation_id"] for r in order_rows(list(rows.values()))] == [3, 1, 2]


def test_only_latest_versions_are_recalculated(stocked, move):
    save_calculation(stocked, variant(move, **{"intervention.success_rate": 0.3}),
                     calculation_id=2, kb=OLD)
    rows = recalculate_library(stocked, {"kb": NEW})
    assert [(r["calculation_id"], r["version"]) for r in rows] == [(1, 1), (2, 2), (3, 1)]


def test_a_calculation_the_new_base_cannot_price_is_a_row_not_a_crash(stocked):
    empty = fake_kb(1200.0, "tom")
    empty.prices.clear()
    rows = {r["calculation_id"]: r for r in recalculate_library(stocked, {"kb": empty})}
    assert rows[1]["status"] == "fejl"
    assert "ingen pris for 'kontanthjaelp_uge'" in rows[1]["error"]
    assert rows[1]["net_after"] is None
    assert rows[2]["status"] == "uændret"


@pytest.mark.slow
def test_process_pool_gives_the_serial_rows(stocked):
    serial = recalculate_library(stocked, {"kb": NEW})
    assert recalculate_library(stocked, {"kb": NEW}, workers=2) == serial


@pytest.mark.slow
def test_dask_local_cluster_gives_the_process_pool_rows(stocked):
    distributed = pytest.importorskip("distributed")
    pool = recalculate_library(stocked, {"kb": NEW}, workers=2)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  host="127.0.0.1", protocol="tcp",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        on_dask = recalculate_library(stocked, {"kb": NEW}, executor="dask",
                                      scheduler=cluster.scheduler_address)
    assert on_dask == pool
    assert {r["status"] for r in on_dask} == {"ændret", "uændret"}


def test_dask_without_scheduler_or_unreachable_says_so(stocked, monkeypatch):
    from som.errors import InputError

    monkeypatch.setattr("som.parallel.DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="kræver --scheduler"):
        recalculate_library(stocked, {"kb": NEW}, executor="dask")
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match="kan ikke forbinde til Dask-scheduleren"):
        recalculate_library(stocked, {"kb": NEW}, executor="dask",
                            scheduler="tcp://127.0.0.1:9")


def test_diff_workbook(stocked, tmp_path):
    out = tmp_path / "ændringer.xlsx"
    write_diff(recalculate_library(stocked, {"kb": NEW}), out)
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Genberegning"
    values = list(ws.values)
    assert values[0] == DANISH_HEADERS
    first = dict(zip(values[0], values[1], strict=True))
    assert (first["ID"], first["Status"]) == (3, "ændret")
    assert first["Ændring netto (kr.)"] == pytest.approx(75 * 52 * 100, abs=0.005)
    assert [row[0] for row in values[1:]] == [3, 1, 2]


def _cli_library(db_path, move):
    from som.store import Library

    with Library(db_path) as lib:
        save_calculation(lib, move, kb=None)
        save_calculation(lib, variant(move, **{"meta.title": "=1+1 ikke en formel"}), kb=None)


def test_cli_batch_store(db_path, move, tmp_path, capsys):
    _cli_library(db_path, move)
    out = tmp_path / "diff.xlsx"
    code = main(["batch", "--store", "--db", str(db_path), "--no-kb", "--diff", str(out),
                 "--workers", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "2 beregninger genberegnet: 0 ændret, 2 uændret, 0 med fejl." in captured.out
    values = list(openpyxl.load_workbook(out).active.values)
    assert values[2][2] == "=1+1 ikke en formel"  # text, not a formula
    assert values[1][5] == pytest.approx(SPEC_NET, abs=0.005)


@pytest.mark.parametrize(("argv", "message"), [
    (["--store", "--no-kb"], "kræver --diff"),
    (["--store", "--no-kb", "--diff", "x.pdf"], "kræver --diff"),
    (["--store", "--no-kb", "--diff", "x.xlsx", "--out", "y.csv"], "angiv ikke filer"),
    (["--store", "--no-kb", "--diff", "x.xlsx", "--workers", "0"], "mindst 1"),
    (["--diff", "x.xlsx", "f.yaml", "--out", "y.csv"], "hører til --store"),
    (["--out", "y.csv"], "angiv filer"),
])
def test_cli_batch_store_usage_errors(db_path, argv, message, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["batch", "--db", str(db_path), *argv] if "--store" in argv
                else ["batch", *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_batch_store_on_an_empty_library(db_path, tmp_path, capsys):
    assert main(["batch", "--store", "--db", str(db_path), "--no-kb", "--diff",
                 str(tmp_path / "d.csv")]) == 1
    assert "ingen gemte beregninger" in capsys.readouterr().err


@pytest.mark.skipif(importlib.util.find_spec("som.kb") is None,
                    reason="som.kb (branch kb) is not merged yet")
def test_cli_batch_store_with_a_kb_overlay(db_path, move, tmp_path, capsys):
    """A real overlay folder that changes one price of the bundled knowledge base."""
    import yaml

    import som

    kb = som.load_knowledge_base()
    calc = without_inline_kontanthjaelp(variant(move, target_group="stofmisbrug_18_25"))
    from som.store import Library

    with Library(db_path) as lib:
        save_calculation(lib, calc)  # the bundled base
    record = kb.prices["kontanthjaelp_uge"]
    changed = record.model_dump(mode="json", exclude_none=True,  # an own split: no refusion rule
                                exclude={"origin", "refusion", "refusion_derivation"})
    changed["kommune"] = record.kommune + 100
    overlay = tmp_path / "lokal"
    overlay.mkdir()
    (overlay / "prices.yaml").write_text(yaml.safe_dump([changed], allow_unicode=True),
                                         encoding="utf-8")
    out = tmp_path / "diff.csv"
    assert main(["batch", "--store", "--db", str(db_path), "--kb-overlay", str(overlay),
                 "--diff", str(out)]) == 0, capsys.readouterr().err
    import csv

    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    # 100 kr more per week at the record's price year, moved to 2025 by the file's own index.
    index = move.settings.price_index
    factor = index[2025] / index[record.price_year]
    expected = 37.5 * KONTANTHJAELP_WEEKS_PER_SUCCESS * 100 * factor
    assert float(row["net_change"]) == pytest.approx(expected, abs=0.005)
    assert row["status"] == "ændret"


def test_cli_batch_store_progress_bar_on_request(db_path, move, tmp_path, capsys):
    _cli_library(db_path, move)
    assert main(["batch", "--store", "--db", str(db_path), "--no-kb", "--progress",
                 "--diff", str(tmp_path / "d.csv")]) == 0
    err = capsys.readouterr().err
    assert "2/2" in err and "beregning" in err


@pytest.mark.slow
def test_cli_batch_store_on_dask(db_path, move, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    _cli_library(db_path, move)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  host="127.0.0.1", protocol="tcp",
                                  dashboard_address=None) as cluster:
        code = main(["batch", "--store", "--db", str(db_path), "--no-kb", "--diff",
                     str(tmp_path / "d.csv"), "--executor", "dask", "--scheduler",
                     cluster.scheduler_address])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "2 beregninger genberegnet: 0 ændret, 2 uændret, 0 med fejl." in captured.out
