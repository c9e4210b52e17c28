"""Profiles with evidence: every calibrated profile reproduces its published figure, recomputed
here by hand from the price records and the index (not with any som code but the loader), and
statuses are counted the way issue 13 defines them."""

from __future__ import annotations

import json

import pytest
from kbhelpers import MINIMAL, write_kb

from som.cli import main
from som.kb import KBError, load_kb

KB = load_kb()
CALIBRATED = sorted(tg for tg, p in KB.profiles.items() if p.status == "calibrated")


def gain_per_unit(item: str, price_year: int, payers: list[str]) -> float:
    """Kr gained per unit of less use (expenditure) or more use (revenue), at `price_year`."""
    p = KB.prices[item]
    amount = sum({"kommune": p.kommune, "region": p.region, "stat": p.stat}[x] for x in payers)
    amount *= KB.price_index[price_year] / KB.price_index[p.price_year]
    return -amount if p.kind == "expenditure" else amount


@pytest.mark.parametrize("tg", CALIBRATED)
def test_calibrated_profile_reproduces_its_published_figure(tg):
    profile = KB.profiles[tg]
    cal = profile.calibration
    first, last = cal.years
    total = 0.0
    for cohort in range(cal.cohorts):  # cohort c has (last - c) as its last year
        for c in profile.consequences:
            if cal.items and c.item not in cal.items:
                continue
            g = gain_per_unit(c.item, cal.price_year, cal.payers)
            total += sum(g * d for t, d in enumerate(c.delta_per_success)
                         if first <= t <= last - cohort)
    assert total / cal.cohorts == pytest.approx(cal.value, rel=0.005)
    assert cal.url.startswith("http") and len(cal.quote.split()) <= 40
    assert all(c.status in (None, "calibrated") for c in profile.consequences)


def test_hand_check_of_the_homelessness_calibration():
    """Year 1, kommune, 2019 prices, spelled out: the Odense figure 58.000 kr."""
    f = KB.price_index[2019] / KB.price_index[2023]
    forsorgshjem = 53.89 * 1410.14 * f  # days saved × kommune price (2023) in 2019 prices
    bostoette = -0.29 * 42_500 * f  # more support in own home (kommune half, § 176 a)
    kontanthjaelp = 0.98 * 2275.57 * KB.price_index[2019] / KB.price_index[2024]
    tax_lost = -0.98 * 472.51 * KB.price_index[2019] / KB.price_index[2024]
    tax_gained = 0.98 * 925.72 * KB.price_index[2019] / KB.price_index[2025]
    total = forsorgshjem + bostoette + kontanthjaelp + tax_lost + tax_gained
    assert total == pytest.approx(58_000, rel=0.005)


def test_hand_check_of_the_prisoner_calibration_shares():
    """Justitsministeriet: 70 % of the 505.300 kr from prison days, 90 % for the state."""
    profile = KB.profiles["indsatte"]
    f_prison = KB.price_index[2020] / KB.price_index[2015]
    days = -sum(next(c for c in profile.consequences
                     if c.item == "faengsel_gennemsnit_doegn").delta_per_success)
    assert days * 1469 * f_prison == pytest.approx(0.70 * 505_300, rel=0.005)
    state = sum(-gain_per_unit(c.item, 2020, ["stat"]) * -sum(c.delta_per_success)
                for c in profile.consequences)
    assert state / 505_300 == pytest.approx(0.90, abs=0.015)


def test_status_counts_use_the_weakest_value():
    counts = KB.status_counts()
    assert set(counts) == {"prices_by_status", "profiles_by_status", "profile_cells_by_status"}
    for table in counts.values():
        assert list(table) == ["published", "derived", "calibrated", "illustrative"]
    assert sum(counts["prices_by_status"].values()) == len(KB.prices)
    assert sum(counts["profiles_by_status"].values()) == len(KB.profiles)
    cells = sum(len(c.delta_per_success or []) + len(c.during_course or [])
                for p in KB.profiles.values() for c in p.consequences)
    assert sum(counts["profile_cells_by_status"].values()) == cells
    assert counts["profiles_by_status"]["calibrated"] == len(CALIBRATED)


def test_validate_json_keeps_its_keys_and_adds_the_status_maps(capsys):
    assert main(["kb", "validate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("valid", "version", "fingerprint", "target_groups", "price_items",
                "price_items_published", "consequence_profiles", "effect_studies"):
        assert key in data
    assert data["profiles_by_status"] == KB.status_counts()["profiles_by_status"]
    assert data["prices_by_status"]["illustrative"] == sum(
        p.status == "illustrative" for p in KB.prices.values())


def profile(**changes) -> dict:
    base = dict(MINIMAL["profiles.yaml"][0])  # type: ignore[index]
    base.update(changes)
    return base


def test_a_profile_is_as_weak_as_its_weakest_item(tmp_path):
    items = [{"item": "ydelse_uge", "delta_per_success": [-1], "status": "illustrative"}]
    folder = write_kb(tmp_path / "kb", {"profiles.yaml": [profile(
        status="derived", source={"title": "T", "url": "https://example.org"},
        consequences=items)]})
    with pytest.raises(KBError) as err:
        load_kb(folder)
    assert "profil_gruppe_a.status" in err.value.render()
    assert "svageste" in err.value.render()


def test_calibrated_needs_the_calibration_block(tmp_path):
    folder = write_kb(tmp_path / "kb", {"profiles.yaml": [profile(
        status="calibrated", source={"title": "T", "url": "https://example.org"})]})
    with pytest.raises(KBError) as err:
        load_kb(folder)
    assert "profil_gruppe_a.calibration: status 'calibrated' kræver" in err.value.render()


def test_an_item_may_be_stronger_than_its_profile(tmp_path):
    items = [{"item": "ydelse_uge", "delta_per_success": [-1], "status": "published"}]
    folder = write_kb(tmp_path / "kb", {"profiles.yaml": [profile(consequences=[
        *items, {"item": "ydelse_uge_b", "delta_per_success": [1]}])],
        "prices.yaml": [*MINIMAL["prices.yaml"],  # type: ignore[misc]
                        {**MINIMAL["prices.yaml"][0], "id": "ydelse_uge_b"}]})  # type: ignore[index]
    kb = load_kb(folder)
    assert kb.status_counts()["profile_cells_by_status"] == {
        "published": 1, "derived": 0, "calibrated": 0, "illustrative": 1}
    assert kb.status_counts()["profiles_by_status"]["illustrative"] == 1
