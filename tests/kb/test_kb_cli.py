"""`som kb …`: exit codes, Danish messages, JSON output, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kbhelpers import SRC, with_price, write_kb, write_overlay

from som.cli import main
from som.kb import load_kb
from som.kb.docs import render

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["kb", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_counts(capsys, kb):
    code, out, err = run(capsys, "validate", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["valid"] is True and data["fingerprint"] == kb.fingerprint
    published = sum(p.status in ("published", "derived") for p in kb.prices.values())
    assert data["price_items_published"] == published
    assert data["target_groups"] == len(kb.target_groups) >= 15
    assert data["price_items"] == len(kb.prices) >= 40
    assert data["consequence_profiles"] == len(kb.profiles) >= 10
    assert data["effect_studies"] == len(kb.effect_studies) >= 10


def test_validate_text_is_danish(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert out.startswith("Vidensbasen er gyldig") and "målgrupper:" in out


def test_validate_invalid_kb_lists_every_problem(capsys, tmp_path):
    folder = write_kb(tmp_path / "kb", {"prices.yaml": with_price(unit="uger", kind="udgift")})
    code, out, err = run(capsys, "validate", "--kb", str(folder))
    assert code == 1 and out == ""
    assert "Vidensbasen har 2 fejl:" in err
    assert "prices.yaml: ydelse_uge.unit: ukendt enhed 'uger'" in err
    assert "prices.yaml: ydelse_uge.kind: ukendt art 'udgift'" in err
    assert "Traceback" not in err

    code, out, _ = run(capsys, "validate", "--kb", str(folder), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and data["problem_count"] == 2
    assert {p["location"] for p in data["problems"]} == {
        "prices.yaml: ydelse_uge.unit",
        "prices.yaml: ydelse_uge.kind",
    }


def test_validate_with_overlay(capsys, tmp_path):
    base = write_kb(tmp_path / "kb")
    lokal = write_overlay(tmp_path / "lokal", {"prices.yaml": with_price(kommune=1, source=SRC)})
    code, out, _ = run(
        capsys, "validate", "--kb", str(base), "--kb-overlay", str(lokal), "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["version"] == "t-1+lokal" and data["overlays"] == ["lokal"]


def test_missing_kb_folder_is_a_message_not_a_traceback(capsys, tmp_path):
    code, _, err = run(capsys, "validate", "--kb", str(tmp_path / "nope"))
    assert code == 1 and "findes ikke" in err and "Traceback" not in err


def test_list_one_kind_and_aliases(capsys, kb):
    code, out, _ = run(capsys, "list", "priser")
    assert code == 0 and out.startswith(f"Priser ({len(kb.prices)}):")
    assert "kontanthjaelp_uge" in out and "stofmisbrug_18_25" not in out
    code, out, _ = run(capsys, "list", "target_groups", "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)["target_groups"]] == sorted(kb.target_groups)


def test_list_everything_and_unknown_kind(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    for label in (
        "Konsekvensområder",
        "Målgrupper",
        "Priser",
        "Konsekvensprofiler",
        "Effektstudier",
    ):
        assert label in out
    code, _, err = run(capsys, "list", "ting")
    assert code == 2 and "Ukendt slags 'ting'" in err


def test_show_a_record_as_yaml_and_json(capsys, kb):
    code, out, _ = run(capsys, "show", "kontanthjaelp_uge")
    assert code == 0
    shown = yaml.safe_load(out)
    assert list(shown)[:2] == ["id", "name"]
    assert shown["stat"] == kb.prices["kontanthjaelp_uge"].stat
    code, out, _ = run(capsys, "show", "profil_stofmisbrug_18_25", "--format", "json")
    assert code == 0 and json.loads(out)["target_group"] == "stofmisbrug_18_25"


def test_show_unknown_id_suggests_close_ids(capsys):
    code, out, err = run(capsys, "show", "kontanthjaelp_ug")
    assert code == 1 and out == ""
    assert "Ukendt id 'kontanthjaelp_ug'" in err and "kontanthjaelp_uge" in err


def test_docs_writes_the_reference(capsys, tmp_path, kb):
    out_file = tmp_path / "ud" / "kb.md"
    code, out, _ = run(capsys, "docs", "--out", str(out_file))
    assert code == 0 and "Skrev" in out
    assert out_file.read_text(encoding="utf-8") == render(kb)


def test_kb_without_subcommand_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "validate" in err


def test_installed_entry_point_runs(tmp_path):
    exe = Path(sys.executable).with_name("som")
    if not exe.exists():
        pytest.skip("som-kommandoen er ikke installeret i dette miljø")
    proc = subprocess.run(
        [str(exe), "kb", "validate", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["fingerprint"] == load_kb().fingerprint


def test_committed_reference_is_up_to_date(kb):
    committed = (REPO / "docs" / "kb.md").read_text(encoding="utf-8")
    assert committed == render(kb), "docs/kb.md er forældet: kør `som kb docs --out docs/kb.md`"


def test_reference_lists_every_record_and_source(kb):
    text = render(kb)
    for rid in kb.all_ids():
        assert f"`{rid}`" in text, rid
    for price in kb.prices.values():
        if price.source is not None:
            assert price.source.url in text
