"""The fingerprint is stable, ignores formatting and order, and changes with any value."""

from __future__ import annotations

import doctest
import shutil

import yaml
from kbhelpers import SRC, with_price, write_kb, write_overlay

import som.kb.fingerprint
from som.kb import bundled_path, load_kb


def test_fingerprint_is_a_stable_sha256(kb):
    again = load_kb()
    assert kb.fingerprint == again.fingerprint
    assert len(kb.fingerprint) == 64 and int(kb.fingerprint, 16) >= 0


def test_fingerprint_ignores_comments_whitespace_key_and_record_order(kb, tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(bundled_path(), copy)
    for name in ("prices.yaml", "profiles.yaml", "target_groups.yaml", "effect_studies.yaml"):
        path = copy / name
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        records.reverse()
        text = "# omskrevet\n\n" + yaml.safe_dump(
            records, allow_unicode=True, sort_keys=True, indent=4, width=60
        )
        path.write_text(text, encoding="utf-8")
    index = yaml.safe_load((copy / "price_index.yaml").read_text(encoding="utf-8"))
    index["values"].reverse()
    (copy / "price_index.yaml").write_text(
        yaml.safe_dump(index, allow_unicode=True), encoding="utf-8"
    )
    assert load_kb(copy).fingerprint == kb.fingerprint


def test_fingerprint_changes_with_any_value(tmp_path):
    base = load_kb(write_kb(tmp_path / "a")).fingerprint
    cent = load_kb(write_kb(tmp_path / "b", {"prices.yaml": with_price(kommune=100.01)}))
    text = load_kb(write_kb(tmp_path / "c", {"prices.yaml": with_price(name="Ydelse pr. uge")}))
    version = load_kb(write_kb(tmp_path / "d", version="t-2"))
    prints = {base, cent.fingerprint, text.fingerprint, version.fingerprint}
    assert len(prints) == 4


def test_fingerprint_covers_overlays(tmp_path):
    base = write_kb(tmp_path / "kb")
    same_values = write_overlay(tmp_path / "lokal", {"prices.yaml": with_price(source=SRC)})
    assert load_kb(base, overlays=[same_values]).fingerprint != load_kb(base).fingerprint


def test_fingerprint_doctests():
    assert doctest.testmod(som.kb.fingerprint).failed == 0
