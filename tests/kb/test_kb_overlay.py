"""Overlays: folders laid over the base; records replace by id or are added, with provenance."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from kbhelpers import MINIMAL, SRC, with_price, write_kb, write_overlay

from som.kb import KBError, load_kb

LOCAL_SRC = {"title": "Eksempel Kommune, budget 2025", "url": "https://example.org/budget"}


def test_overlay_replaces_a_price_and_marks_its_origin(mini, tmp_path):
    lokal = write_overlay(
        tmp_path / "lokal", {"prices.yaml": with_price(kommune=130.0, source=LOCAL_SRC)}
    )
    kb = load_kb(mini, overlays=[lokal])
    assert kb.prices["ydelse_uge"].kommune == 130.0
    assert kb.prices["ydelse_uge"].origin == "lokal"
    assert kb.prices["ydelse_uge"].source.title == LOCAL_SRC["title"]
    assert kb.target_groups["gruppe_a"].origin == "base"
    assert kb.version == "t-1+lokal" and kb.overlays == ("lokal",)
    assert kb.locations["ydelse_uge"] == "lokal/prices.yaml"


def test_overlay_adds_records_that_profiles_can_use(mini, tmp_path):
    new_price = {**with_price()[0], "id": "lokal_mentor_time", "unit": "time", "source": LOCAL_SRC}
    profile = copy.deepcopy(MINIMAL["profiles.yaml"][0])
    profile["consequences"].append({"item": "lokal_mentor_time", "delta_per_success": [5]})
    profile["source"] = LOCAL_SRC
    lokal = write_overlay(
        tmp_path / "lokal", {"prices.yaml": [new_price], "profiles.yaml": [profile]}
    )
    kb = load_kb(mini, overlays=[lokal])
    assert set(kb.prices) == {"ydelse_uge", "lokal_mentor_time"}
    assert kb.profiles["gruppe_a"].origin == "lokal"
    assert [c.item for c in kb.profiles["gruppe_a"].consequences] == [
        "ydelse_uge",
        "lokal_mentor_time",
    ]


def test_later_overlay_wins(mini, tmp_path):
    a = write_overlay(tmp_path / "a", {"prices.yaml": with_price(kommune=1.0, source=SRC)})
    b = write_overlay(tmp_path / "b", {"prices.yaml": with_price(kommune=2.0, source=SRC)})
    assert load_kb(mini, overlays=[a, b]).prices["ydelse_uge"].kommune == 2.0
    assert load_kb(mini, overlays=[b, a]).prices["ydelse_uge"].kommune == 1.0
    assert load_kb(mini, overlays=[a, b]).version == "t-1+a+b"


def test_overlay_records_need_their_own_source(mini, tmp_path):
    lokal = write_overlay(
        tmp_path / "lokal",
        {
            "prices.yaml": with_price(
                status="illustrative", derivation="vores eget skøn", source=None
            )
        },
    )
    with pytest.raises(KBError) as info:
        load_kb(mini, overlays=[lokal])
    assert info.value.problems == [
        ("lokal/prices.yaml: ydelse_uge.source", "poster i et overlay skal have deres egen kilde")
    ]


def test_overlay_problems_are_prefixed_with_the_overlay_name(mini, tmp_path):
    lokal = write_overlay(tmp_path / "lokal", {"prices.yaml": with_price(unit="stk", source=SRC)})
    with pytest.raises(KBError) as info:
        load_kb(mini, overlays=[lokal])
    ((where, message),) = info.value.problems
    assert where == "lokal/prices.yaml: ydelse_uge.unit" and "ukendt enhed 'stk'" in message


def test_overlay_may_not_change_the_kind_of_an_id(mini, tmp_path):
    group = {**MINIMAL["target_groups.yaml"][0], "id": "ydelse_uge", "source": SRC}
    lokal = write_overlay(tmp_path / "lokal", {"target_groups.yaml": [group]})
    with pytest.raises(KBError) as info:
        load_kb(mini, overlays=[lokal])
    assert info.value.problems == [
        (
            "lokal/target_groups.yaml: ydelse_uge.id",
            "id 'ydelse_uge' er allerede en pris i prices.yaml",
        )
    ]


def test_overlay_index_adds_years_and_enables_their_prices(mini, tmp_path):
    index = {
        "series": "nettoprisindeks",
        "base": "2015=100",
        "source": LOCAL_SRC,
        "values": [
            {
                "year": 2026,
                "value": 104.0,
                "status": "illustrative",
                "derivation": "kommunens PL-skøn",
            }
        ],
    }
    price = with_price(price_year=2026, source=LOCAL_SRC)
    lokal = write_overlay(tmp_path / "lokal", {"price_index.yaml": index, "prices.yaml": price})
    kb = load_kb(mini, overlays=[lokal])
    assert kb.price_index == {2023: 100.0, 2024: 102.0, 2026: 104.0}
    assert kb.price_index_entries[2026].origin == "lokal"
    assert kb.price_index_entries[2024].origin == "base"
    only_price = write_overlay(tmp_path / "kun_pris", {"prices.yaml": price})
    with pytest.raises(KBError, match="prisåret 2026 findes ikke i prisindekset"):
        load_kb(mini, overlays=[only_price])


def test_overlay_index_must_be_the_same_series(mini, tmp_path):
    index = {
        "series": "forbrugerprisindeks",
        "base": "2015=100",
        "source": SRC,
        "values": [{"year": 2026, "value": 104.0, "status": "published"}],
    }
    lokal = write_overlay(tmp_path / "lokal", {"price_index.yaml": index})
    with pytest.raises(KBError, match="samme serie"):
        load_kb(mini, overlays=[lokal])


def test_overlay_replaces_the_discount_schedule(mini, tmp_path):
    discount = {
        "id": "fast_rente",
        "name": "Fast rente",
        "steps": [
            {
                "first_year": 0,
                "last_year": None,
                "rate": 0.04,
                "status": "published",
                "source": LOCAL_SRC,
            }
        ],
    }
    lokal = write_overlay(tmp_path / "lokal", {"discount.yaml": discount})
    kb = load_kb(mini, overlays=[lokal])
    assert kb.discount_schedule == [(0, None, 0.04)] and kb.discount.origin == "lokal"


def test_missing_or_empty_overlay_folder(mini, tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(KBError) as info:
        load_kb(mini, overlays=[tmp_path / "findes_ikke", tmp_path / "tom"])
    messages = [m for _, m in info.value.problems]
    assert messages == [
        "overlay-mappen findes ikke (eller er ikke en mappe)",
        "overlay-mappen indeholder ingen kendte filer",
    ]


def test_overlay_on_the_bundled_base(kb, tmp_path):
    # A local price with its own kommune/stat split leaves out the base's refusion rule (the
    # loader computes the split only for records that give a gross amount and a rule).
    price = kb.prices["kontanthjaelp_uge"].model_dump(
        mode="json", exclude={"origin", "refusion", "refusion_derivation"})
    price.update(
        kommune=2400.0,
        stat=600.0,
        source=LOCAL_SRC,
        status="published",
        derivation=None,
        basis=None,
    )
    lokal = write_overlay(tmp_path / "aarhus", {"prices.yaml": [price]})
    local = load_kb(overlays=[lokal])
    assert local.prices["kontanthjaelp_uge"].total == 3000.0
    assert local.prices["kontanthjaelp_uge"].origin == "aarhus"
    assert local.fingerprint != kb.fingerprint
    assert len(local.prices) == len(kb.prices)


def test_base_is_not_changed_by_loading_an_overlay(tmp_path):
    base = write_kb(tmp_path / "kb")
    lokal = write_overlay(tmp_path / "lokal", {"prices.yaml": with_price(kommune=9.0, source=SRC)})
    load_kb(base, overlays=[lokal])
    assert load_kb(base).prices["ydelse_uge"].kommune == 100.0


def test_example_overlay_in_the_repository_loads(kb):
    folder = Path(__file__).resolve().parents[2] / "examples" / "kb_overlay_eksempel"
    local = load_kb(overlays=[folder])
    assert local.prices["forsorgshjem_doegn"].origin == "kb_overlay_eksempel"
    assert local.prices["forsorgshjem_doegn"].kommune != kb.prices["forsorgshjem_doegn"].kommune
    assert "mentor_time" in local.prices and "mentor_time" not in kb.prices


def test_a_misspelt_key_in_an_overlay_is_answered_with_the_known_key(mini, tmp_path):
    lokal = write_overlay(tmp_path / "lokal", {"prices.yaml": with_price(kommne=1000, source=SRC)})
    with pytest.raises(KBError) as info:
        load_kb(mini, overlays=[lokal])
    assert ("lokal/prices.yaml: ydelse_uge.kommne", "ukendt nøgle; mente du kommune?") in (
        info.value.problems)
