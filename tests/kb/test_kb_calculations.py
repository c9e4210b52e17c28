"""Calculations that use the knowledge base end to end (issue 2): target-group defaults,
KB prices, index, illustrative flags, overlays by flag and by settings key, provenance."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

import som
from som.cli import main

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "examples" / "kb_overlay_eksempel"
CTI = ROOT / "examples" / "cti_hjemloese.yaml"


def minimal(**extra) -> dict:
    data = {"som_version": 1, "meta": {"title": "KB"},
            "settings": {"start_year": 2025, "horizon_years": 10, "price_year": 2025},
            "target_group": "stofmisbrug_18_25",
            "intervention": {"name": "MOVE", "participants": [50], "success_rate": 0.25}}
    data.update(extra)
    return data


def write(tmp_path: Path, data: dict, name: str = "calc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_target_group_brings_its_default_profile_priced_from_the_kb():
    kb = som.load_knowledge_base()
    profile = kb.profiles["stofmisbrug_18_25"]
    result = som.calculate(som.io.files.calculation_from_data(minimal()))
    assert result.provenance["consequence_source"] == "target_group:stofmisbrug_18_25"
    assert [i.id for i in result.built.items] == [c.item for c in profile.consequences]
    # Independent oracle: one item by hand from the KB record, the index and spec §2.5.
    first = profile.consequences[0]
    price = kb.prices[first.item]
    factor = kb.price_index[2025] / kb.price_index[price.price_year]
    sign = -1 if price.kind == "expenditure" else 1
    per_payer = [price.kommune, price.region, price.stat]
    expected = sign * 50 * 0.25 * sum(first.delta_per_success) * sum(per_payer) * factor
    assert result.by_item()[0]["total"] == pytest.approx(expected, rel=1e-12, abs=0.005)


def test_illustrative_values_are_flagged_in_json_and_table(tmp_path, capsys):
    path = write(tmp_path, minimal())
    assert main(["run", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "profil_stofmisbrug_18_25" in out["provenance"]["illustrative"]
    assert out["provenance"]["kb_fingerprint"] == som.load_knowledge_base().fingerprint
    assert main(["run", str(path)]) == 0
    assert "OBS: beregningen bruger illustrative" in capsys.readouterr().out


def test_records_used_carry_source_and_status():
    result = som.calculate(som.load_calculation(CTI))
    prices = [r for r in result.provenance["records_used"] if r["kind"] == "price"]
    assert prices and all(r["source_url"].startswith("http") for r in prices)
    assert all(r["status"] in {"published", "derived", "illustrative"} for r in prices)


def test_unknown_target_group_is_an_error(tmp_path, capsys):
    path = write(tmp_path, minimal(target_group="ukendt_gruppe"))
    assert main(["run", str(path)]) == 1
    assert "target_group: ukendt målgruppe 'ukendt_gruppe'" in capsys.readouterr().err


def test_inline_price_overrides_the_kb():
    cti = som.load_calculation(CTI)
    base = som.calculate(cti)
    data = cti.to_data()
    data["prices"] = {"forsorgshjem_doegn": {"kind": "expenditure", "kommune": 2000}}
    changed = som.calculate(som.io.files.calculation_from_data(data))
    days = sum(r["total"] for r in base.by_item() if r["item"] == "forsorgshjem_doegn")
    kb_price = som.load_knowledge_base().prices["forsorgshjem_doegn"]
    kb_factor = som.load_knowledge_base().price_index[2025] / som.load_knowledge_base().price_index[
        kb_price.price_year]
    units = days / (kb_price.kommune * kb_factor)
    new_days = sum(r["total"] for r in changed.by_item() if r["item"] == "forsorgshjem_doegn")
    assert new_days == pytest.approx(units * 2000, rel=1e-12)


def test_overlay_flag_replaces_a_price(capsys):
    assert main(["run", str(CTI), "--format", "json"]) == 0
    base = json.loads(capsys.readouterr().out)
    assert main(["run", str(CTI), "--format", "json", "--kb-overlay", str(OVERLAY)]) == 0
    over = json.loads(capsys.readouterr().out)
    assert over["provenance"]["kb_fingerprint"] != base["provenance"]["kb_fingerprint"]
    rec = next(r for r in over["provenance"]["records_used"] if r["id"] == "forsorgshjem_doegn")
    assert rec["origin"] == "kb_overlay_eksempel" and rec["price_year"] == 2025
    assert "forsorgshjem_doegn" in over["provenance"]["illustrative"]
    # 1,650 kr per day in 2025 prices: the item's gain scales to exactly that price.
    item = next(r for r in over["by_item"] if r["item"] == "forsorgshjem_doegn")
    result = som.calculate(som.load_calculation(CTI))
    units = -sum(r["total"] for r in result.by_item() if r["item"] == "forsorgshjem_doegn") / (
        -result.built.core.price[0].sum())
    assert item["total"] == pytest.approx(units * 1650, rel=1e-12)


def test_overlay_from_settings_key_is_relative_to_the_file(tmp_path, capsys):
    shutil.copytree(OVERLAY, tmp_path / "lokale_priser")
    data = yaml.safe_load(CTI.read_text(encoding="utf-8"))
    data["settings"]["kb_overlay"] = ["lokale_priser"]
    path = write(tmp_path, data)
    assert main(["run", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rec = next(r for r in out["provenance"]["records_used"] if r["id"] == "forsorgshjem_doegn")
    assert rec["origin"] == "lokale_priser"


def test_missing_overlay_dir_is_a_clear_error(tmp_path, capsys):
    assert main(["run", str(CTI), "--kb-overlay", str(tmp_path / "findes_ikke")]) == 1
    err = capsys.readouterr().err
    assert "findes_ikke" in err and "Traceback" not in err


def test_price_year_outside_the_kb_index_is_an_error(tmp_path, capsys):
    data = minimal(consequences=[{"item": "x", "delta_per_success": [1]}],
                   prices={"x": {"kind": "revenue", "price_year": 1990, "kommune": 1}})
    assert main(["run", str(write(tmp_path, data))]) == 1
    assert "prisår 1990 findes ikke i prisindekset (kendte år: 2015–2026)" in capsys.readouterr().err
