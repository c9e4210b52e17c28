"""Every bundled example runs with the bundled knowledge base and says what its header claims."""

from pathlib import Path

import pytest

import som
from som.cli import main

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


def result(name: str):
    return som.calculate(som.load_calculation(Path(EXAMPLES[0]).parent / name))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_and_runs(path, capsys):
    assert main(["validate", str(path)]) == 0
    assert main(["run", str(path)]) == 0
    assert "Nettoresultat" in capsys.readouterr().out


def test_there_are_four_examples_with_a_header():
    assert len(EXAMPLES) >= 4
    for path in EXAMPLES:
        if path.name != "move.yaml":  # the spec's file, kept byte for byte
            assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_move_with_the_knowledge_base_equals_the_spec():
    assert result("move.yaml").totals["net"] == pytest.approx(9_387_500, abs=0.005)


def test_cti_uses_knowledge_base_prices_and_pays_back():
    r = result("cti_hjemloese.yaml")
    used = {rec["id"] for rec in r.provenance["records_used"]}
    assert {"forsorgshjem_doegn", "socialpaedagogisk_stoette_time", "hjemloeshed_18_65"} <= used
    assert r.totals["break_even_year"] is not None and r.totals["net"] > 0


def test_family_intervention_has_late_gains_discounted():
    r = result("tidlig_familieindsats.yaml")
    assert len(r.by_year) == 25
    assert r.totals["net_present_value"] < r.totals["net"]
    assert r.by_payer["stat"]["gains"] > 0 and r.by_payer["kommune"]["gains"] > 0


def test_expensive_intervention_does_not_pay_back():
    r = result("dyr_indsats_uden_tilbagebetaling.yaml")
    assert r.totals["net"] < 0
    assert r.totals["break_even_year"] is None
    assert r.totals["break_even_success_rate"] > 0.10
    assert r.totals["saved_costs"] == pytest.approx(800_000, abs=0.005)


def test_cti_by_committee_with_consequences_during_the_course():
    """examples/cti_udvalg.yaml by hand from the knowledge base's own record: forsorgshjem days
    saved = 3 cohorts × 4.25 successes (25 × 0.85 × 0.20) × 300 days (120+90+60+30) + 75 starters
    × 30 days during the course = 6,075 days at the kommune's price moved to price level 2025."""
    r = result("cti_udvalg.yaml")
    kb = som.load_knowledge_base()
    price = kb.prices["forsorgshjem_doegn"]
    factor = kb.price_index[2025] / kb.price_index[price.price_year]
    row = next(i for i in r.by_item() if i["item"] == "forsorgshjem_doegn")
    assert row["kommune"] == pytest.approx(6_075 * price.kommune * factor, abs=0.01)
    areas = {a["area"]: a for a in r.by_budget_area}
    assert list(areas) == ["Socialudvalget", "Beskæftigelsesudvalget"]
    assert areas["Beskæftigelsesudvalget"]["costs"] == 0 < areas["Beskæftigelsesudvalget"]["net"]
    assert areas["Socialudvalget"]["transfer"] == pytest.approx(
        areas["Beskæftigelsesudvalget"]["net"], abs=0.01)  # all costs are Social's: it gets all
    assert r.budget_period["years"] == [2026, 2029]
    assert any("ligger efter 2033" in note for note in r.notes)
