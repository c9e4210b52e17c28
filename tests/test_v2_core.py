"""Spec v2 with the knowledge base: any horizon for every target group, the committee map
(file, overlay, price), an overlay's discount schedule, and consequences during the course in a
knowledge-base profile. Oracles are hand calculations from the example's own figures."""

import copy
from pathlib import Path

import pytest
import yaml

import som
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[1]
MOVE = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))
SRC = {"title": "Testkilde", "url": "https://example.org/kilde"}


def calc(data):
    return calculation_from_data(copy.deepcopy(data))


def write_overlay(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("horizon", [3, 4, 5])
def test_every_target_group_runs_with_a_short_horizon(horizon):
    """Issue 11.1: a 3-5 year horizon with any knowledge-base target group is cut, not refused."""
    kb = som.load_knowledge_base()
    for group in kb.profiles:
        data = {"som_version": 1, "meta": {"title": group},
                "settings": {"start_year": 2025, "horizon_years": horizon, "price_year": 2025},
                "target_group": group,
                "intervention": {"name": "x", "participants": [10], "success_rate": 0.3}}
        result = som.calculate(calc(data))
        longest = max(len(c.delta_per_success or []) for c in kb.profiles[group].consequences)
        cut = [n for n in result.notes if n.startswith("Konsekvensprofilen")]
        assert bool(cut) == (longest > horizon), (group, result.notes)


def test_bundled_map_is_a_proposal_an_overlay_map_a_default(tmp_path):
    """Spec v2 §2.12 + §4: without settings.budget_areas the worked example is one area "Ikke
    fordelt" (the bundled map is not applied); a kommune's overlay map is applied; the file's own
    map wins over both."""
    data = copy.deepcopy(MOVE)
    data["prices"]["kontanthjaelp_uge"]["area"] = "indkomstoverfoersler"
    plain = som.calculate(calc(data))
    assert [a["area"] for a in plain.by_budget_area] == ["Ikke fordelt"]

    overlay = write_overlay(tmp_path / "vores_kommune", {"budget_areas.yaml": {
        "id": "vores_udvalg", "name": "Vores udvalg", "status": "published", "source": SRC,
        "areas": {"indkomstoverfoersler": "Arbejdsmarkedsudvalget"}}})
    local = som.calculate(calc(data), overlays=[overlay])
    areas = {a["area"]: a for a in local.by_budget_area}
    # kontanthjælp: 37.5 successes × 52 weeks × 1,200 kr kommune = 2,340,000; tax (area skat, not
    # in the overlay's map) and every cost line stay "Ikke fordelt".
    assert areas["Arbejdsmarkedsudvalget"]["gains"] == pytest.approx(2_340_000, abs=0.005)
    assert areas["Ikke fordelt"]["costs"] == pytest.approx(2_275_000, abs=0.005)
    assert local.provenance["budget_areas"] == "knowledge_base:vores_udvalg"

    data["settings"]["budget_areas"] = {"indkomstoverfoersler": "Socialudvalget"}
    own = som.calculate(calc(data), overlays=[overlay])
    assert [a["area"] for a in own.by_budget_area] == ["Socialudvalget", "Ikke fordelt"]
    assert own.provenance["budget_areas"] == "file"


def test_unknown_area_in_the_map_is_refused_with_the_knowledge_base():
    data = copy.deepcopy(MOVE)
    data["settings"]["budget_areas"] = {"boligstoette": "Socialudvalget"}
    with pytest.raises(som.InputError) as info:
        som.calculate(calc(data))
    assert "settings.budget_areas.boligstoette: ukendt konsekvensområde 'boligstoette'" in str(
        info.value)


def test_an_overlays_discount_schedule_takes_effect(tmp_path):
    """Issue 15.4: discount.yaml in an overlay is used by "finansministeriet" (checked by NPV)."""
    data = copy.deepcopy(MOVE)
    data["settings"]["discount_rate"] = "finansministeriet"
    overlay = write_overlay(tmp_path / "rente", {"discount.yaml": {
        "id": "ti_procent", "name": "Ti procent",
        "steps": [{"first_year": 0, "last_year": None, "rate": 0.10, "status": "published",
                   "source": SRC}]}})
    result = som.calculate(calc(data), overlays=[overlay])
    hand = sum(row["net"] / 1.1 ** y for y, row in enumerate(result.by_year))
    assert result.totals["net_present_value"] == pytest.approx(hand, abs=0.005)
    bundled = som.calculate(calc(data))
    hand_fm = sum(row["net"] / 1.035 ** y for y, row in enumerate(bundled.by_year))
    assert bundled.totals["net_present_value"] == pytest.approx(hand_fm, abs=0.005)


def test_a_knowledge_base_profile_with_consequences_during_the_course(tmp_path):
    """A profile item with only `during_course` is computed per starter (spec v2 §2.5b)."""
    kb = som.load_knowledge_base()
    group = "stofmisbrug_18_25"
    profile = kb.profiles[group]
    price = kb.prices["kontanthjaelp_uge"]
    overlay = write_overlay(tmp_path / "forloeb", {"profiles.yaml": [{
        "id": profile.id, "target_group": group, "status": "illustrative",
        "derivation": "test", "reasoning": "test", "source": SRC,
        "consequences": [{"item": "kontanthjaelp_uge", "during_course": [-4]}]}]})
    data = {"som_version": 1, "meta": {"title": "x"},
            "settings": {"start_year": 2025, "horizon_years": 3, "price_year": price.price_year},
            "target_group": group,
            "intervention": {"name": "x", "participants": [50, 50], "success_rate": 0.25}}
    result = som.calculate(calc(data), overlays=[overlay])
    # 4 fewer weeks per starter in the start year: 50 × 4 × (kommune + stat) in 2025 and 2026.
    per_year = 50 * 4 * (price.kommune + price.region + price.stat)
    assert [row["gains"] for row in result.by_year] == pytest.approx([per_year, per_year, 0.0])
    assert result.totals["successes"] == pytest.approx(25.0)


def test_a_projected_index_year_is_said_in_the_notes():
    """A price moved with a projected index year says so (the knowledge base flags Finance Act
    forecasts as `projection`); a calculation in the price's own year gets no such note."""
    kb = som.load_knowledge_base()
    price = kb.prices["forsorgshjem_doegn"]
    data = {"som_version": 1, "meta": {"title": "x"},
            "settings": {"start_year": 2026, "horizon_years": 2, "price_year": 2026},
            "intervention": {"name": "x", "participants": [10], "success_rate": 0.5},
            "consequences": [{"item": "forsorgshjem_doegn", "delta_per_success": [-10]}]}
    projected = sorted(y for y in (price.price_year, 2026) if kb.price_index_entries[y].projection)
    assert projected, "the bundled index projects 2026 (Finance Act forecast)"
    notes = [n for n in som.calculate(calc(data)).notes if n.startswith("Prisindekset")]
    assert len(notes) == 1 and all(str(y) in notes[0] for y in projected)
    data["settings"]["price_year"] = price.price_year
    assert not [n for n in som.calculate(calc(data)).notes if n.startswith("Prisindekset")] or \
        kb.price_index_entries[price.price_year].projection
