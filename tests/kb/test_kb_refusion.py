"""Refusion by rule and year: gross prices split with the period in force in the price year."""

from __future__ import annotations

import copy

import pytest
from kbhelpers import MINIMAL, SRC, write_kb, write_overlay

from som.cli import main
from som.kb import KBError, load_kb

RULES = [
    {
        "id": "dyre_sager",
        "name": "Særligt dyre enkeltsager",
        "kind": "tærskel",
        "law": "SEL § 176",
        "periods": [
            {"first_year": 2020, "last_year": 2020, "level_year": 2020, "status": "published",
             "source": SRC, "bands": [{"above": 1_090_000, "share": 0.25},
                                      {"above": 2_050_000, "share": 0.5}]},
            {"first_year": 2021, "level_year": 2020, "status": "published", "source": SRC,
             "bands": [{"above": 830_000, "share": 0.25}, {"above": 1_630_000, "share": 0.5},
                       {"above": 2_050_000, "share": 0.75}]},
        ],
    },
    {
        "id": "dyre_176a",
        "name": "Den daværende § 176 a",
        "kind": "tærskel",
        "law": "SEL § 176 a",
        "periods": [{"first_year": 2020, "last_year": 2020, "status": "published", "source": SRC,
                     "bands": [{"above": 830_000, "share": 0.25}]}],
    },
    {
        "id": "trappe",
        "name": "Refusionstrappen",
        "kind": "trappe",
        "law": "L 4",
        "periods": [{"first_year": 2016, "status": "published", "source": SRC,
                     "steps": [{"from_week": 1, "share": 0.8}, {"from_week": 53, "share": 0.2}]}],
    },
]
INDEX = {**MINIMAL["price_index.yaml"], "values": [  # type: ignore[dict-item]
    {"year": y, "value": 100.0 + y - 2019, "status": "published"} for y in range(2019, 2025)]}


def price(pid: str, unit: str, year: int, refusion: dict, **extra) -> dict:
    return {"id": pid, "name": pid, "unit": unit, "kind": "expenditure", "area": "overfoersler",
            "price_year": year, "region": 0, "refusion": refusion, "status": "published",
            "source": SRC, "last_reviewed": "2026-01-01", **extra}


def kb_with(prices: list[dict], tmp_path, rules=RULES):
    """A small base with `prices` (plus MINIMAL's ydelse_uge, which its profile uses)."""
    if not any(p["id"] == "ydelse_uge" for p in prices):
        prices = [*prices, *MINIMAL["prices.yaml"]]  # type: ignore[misc]
    return load_kb(write_kb(tmp_path / "kb", {"refusion_rules.yaml": rules,
                                              "prices.yaml": prices, "price_index.yaml": INDEX}))


def test_the_rule_of_the_price_year_splits_the_gross_amount(tmp_path):
    day = 1_500_000 / 365
    kb = kb_with([price("p2020", "døgn", 2020, {"rule": "dyre_sager", "gross": day}),
                  price("p2022", "døgn", 2022, {"rule": "dyre_sager", "gross": day}),
                  price("ydelse_uge", "uge", 2024, {"rule": "trappe", "gross": 1000, "week": 60})],
                 tmp_path)
    old, new = kb.prices["p2020"], kb.prices["p2022"]
    assert old.stat == pytest.approx(0.25 * (1_500_000 - 1_090_000) / 365, abs=0.006)
    assert new.stat == pytest.approx(0.25 * (1_500_000 - 830_000) / 365, abs=0.006)
    assert old.kommune == pytest.approx(day - old.stat, abs=0.006)
    assert "regelsæt 2020" in old.refusion_derivation
    assert "regelsæt fra 2021" in new.refusion_derivation
    assert "ikke reguleret til prisåret 2022" in new.refusion_derivation
    step = kb.prices["ydelse_uge"]
    assert (step.stat, step.kommune) == (200.0, 800.0)


def test_the_75_percent_step_exists_only_from_2021(tmp_path):
    day = 3_000_000 / 365
    kb = kb_with([price("p2020", "døgn", 2020, {"rule": "dyre_sager", "gross": day}),
                  price("p2021", "døgn", 2021, {"rule": "dyre_sager", "gross": day})], tmp_path)
    expected_2020 = 0.25 * 960_000 + 0.5 * 950_000
    expected_2021 = 0.25 * 800_000 + 0.5 * 420_000 + 0.75 * 950_000
    assert kb.prices["p2020"].stat == pytest.approx(expected_2020 / 365, abs=0.006)
    assert kb.prices["p2021"].stat == pytest.approx(expected_2021 / 365, abs=0.006)


def test_a_year_before_every_period_uses_the_nearest_and_says_so(tmp_path):
    kb = kb_with([price("p2019", "år", 2019, {"rule": "dyre_sager", "gross": 1_200_000,
                                               "compare": ["dyre_176a"]})], tmp_path)
    text = kb.prices["p2019"].refusion_derivation
    assert "ingen regelperiode dækker prisåret 2019" in text and "(2020)" in text
    assert kb.prices["p2019"].stat == pytest.approx(0.25 * 110_000)
    assert "Til sammenligning efter Den daværende § 176 a (SEL § 176 a): stat 92.500" in text


def test_show_prints_the_derivation(tmp_path, capsys):
    folder = write_kb(tmp_path / "kb", {"refusion_rules.yaml": RULES, "price_index.yaml": INDEX,
                                        "prices.yaml": [price("ydelse_uge", "uge", 2024, {
                                            "rule": "trappe", "gross": 1000, "week": 3})]})
    assert main(["kb", "show", "ydelse_uge", "--kb", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "refusion_derivation:" in out and "stat 800" in out and "kommune 200" in out


@pytest.mark.parametrize(
    ("refusion", "extra", "where", "message"),
    [
        ({"rule": "ukendt", "gross": 10}, {}, "ydelse_uge.refusion.rule",
         "ukendt refusionsregel 'ukendt'"),
        ({"rule": "trappe", "gross": 10}, {}, "ydelse_uge.refusion",
         "en trappe-regel kræver 'week' på prisen"),
        ({"rule": "dyre_sager", "gross": 10}, {"unit": "time"}, "ydelse_uge.refusion",
         "en tærskelregel kræver en enhed pr. tid"),
        ({"rule": "trappe", "gross": 10, "week": 1}, {"stat": 2}, "ydelse_uge.stat",
         "beregnes af refusionsreglen"),
        ({"rule": "trappe", "gross": -1, "week": 1}, {}, "ydelse_uge.refusion.gross",
         "bruttobeløbet skal være større end 0"),
    ],
)
def test_bad_refusion_is_one_danish_message_naming_the_key(tmp_path, refusion, extra, where,
                                                            message):
    record = price("ydelse_uge", "uge", 2024, refusion)
    record.update(extra)
    with pytest.raises(KBError) as err:
        kb_with([record], tmp_path)
    text = err.value.render()
    assert f"prices.yaml: {where}" in text and message in text


def test_the_loader_sets_the_derivation_never_the_file(tmp_path):
    record = price("ydelse_uge", "uge", 2024, {"rule": "trappe", "gross": 10, "week": 1},
                   refusion_derivation="skrevet i hånden")
    with pytest.raises(KBError) as err:
        kb_with([record], tmp_path)
    assert "'refusion_derivation' sættes af indlæseren" in err.value.render()


def test_bad_rules_are_reported(tmp_path):
    rules = copy.deepcopy(RULES)
    rules[0]["periods"][1]["first_year"] = 2020  # overlaps the 2020 period
    rules[2]["periods"][0]["steps"][0]["share"] = 1.5
    with pytest.raises(KBError) as err:
        kb_with([], tmp_path, rules)
    text = err.value.render()
    assert "dyre_sager.periods: perioderne overlapper" in text
    assert "trappe.periods[0].steps[0].share: en refusionsandel skal ligge i [0, 1]" in text


def test_an_overlay_can_bring_its_own_rule(tmp_path):
    base = write_kb(tmp_path / "kb", {"refusion_rules.yaml": RULES, "price_index.yaml": INDEX})
    rule = {**RULES[2], "id": "lokal_trappe", "name": "Lokal", "periods": [
        {**RULES[2]["periods"][0], "steps": [{"from_week": 1, "share": 0.5}]}]}
    lokal = write_overlay(tmp_path / "lokal", {
        "refusion_rules.yaml": [rule],
        "prices.yaml": [price("ydelse_uge", "uge", 2024, {"rule": "lokal_trappe", "gross": 10,
                                                            "week": 1})]})
    kb = load_kb(base, overlays=[lokal])
    assert kb.prices["ydelse_uge"].stat == 5.0
    assert kb.refusion_rules["lokal_trappe"].origin == "lokal"


def test_a_base_without_rules_still_loads(tmp_path):
    folder = write_kb(tmp_path / "kb")
    assert not (folder / "refusion_rules.yaml").exists()
    assert load_kb(folder).refusion_rules == {}
