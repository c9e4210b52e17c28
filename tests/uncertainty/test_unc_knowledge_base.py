"""Uncertainty over a knowledge-base calculation: consequences from the target group's profile and
prices from the knowledge base. Oracle: the same calculation written out explicitly (profile and
prices copied into the file, the knowledge base's index as the file's index), moved by hand and
run WITHOUT a knowledge base."""

import copy

import pytest
from unc_helpers import MOVE, close, load, rerun_draw, with_block

import som

BLOCK = {"success_rate": {"low": 0.1, "high": 0.4}, "prices": {"low": 0.8, "high": 1.1},
         "consequences": {"low": 0.6, "high": 1.2},
         "lines": [{"target": "prices.doegnbehandling_stof_doegn", "low": 0.5, "high": 1.5},
                   {"target": "consequences.skat_beskaeftiget_uge", "low": 0.3, "high": 1.0}]}


@pytest.fixture(scope="module")
def kb():
    return som.load_knowledge_base()


@pytest.fixture(scope="module")
def data(kb):
    out = with_block(MOVE, BLOCK)
    del out["consequences"], out["prices"], out["settings"]["price_index"]
    assert out["target_group"] in kb.profiles
    return out


def explicit(data: dict, kb) -> dict:
    """The same calculation with the profile and the knowledge-base prices written into the file."""
    out = copy.deepcopy(data)
    profile = kb.profiles[out["target_group"]]
    out["consequences"] = [{"item": c.item, **{k: list(getattr(c, k)) for k in
                                               ("delta_per_success", "during_course")
                                               if getattr(c, k) is not None}}
                           for c in profile.consequences]  # a profile may have both (spec v2)
    out["prices"] = {c.item: {"kind": kb.prices[c.item].kind, "price_year": kb.prices[c.item].price_year,
                              **{p: getattr(kb.prices[c.item], p) for p in ("kommune", "region", "stat")}}
                     for c in profile.consequences}
    out["settings"]["price_index"] = dict(kb.price_index)
    return out


def test_written_out_file_is_the_same_calculation(data, kb):
    a = som.calculate(load(data), kb=kb).totals
    b = som.calculate(load(explicit(data, kb)), kb=None).totals
    assert close(a["net"], b["net"], a["costs"] + abs(a["gains"]))


def test_tornado_over_the_knowledge_base_equals_reruns(data, kb):
    plain = explicit(data, kb)
    own = {line["target"]: 1.0 for line in BLOCK["lines"]}
    rows = som.tornado(load(data), kb=kb)
    assert {r["input"] for r in rows} == {"success_rate", "prices", "consequences",
                                          "prices.doegnbehandling_stof_doegn",
                                          "consequences.skat_beskaeftiget_uge"}
    for row in rows:
        for end in ("low", "high"):
            t = rerun_draw(plain, own | {row["input"]: row[end]}).totals
            assert close(row[f"net_{end}"], t["net"], t["costs"] + abs(t["gains"]))


def test_draws_over_the_knowledge_base_equal_reruns(data, kb):
    sim = som.simulate(load(data), draws=5, seed=8, kb=kb)
    plain = explicit(data, kb)
    for d in range(5):
        values = {s.key: sim.factors[d, n] for n, s in enumerate(sim.sources) if s.key != "saved_costs"}
        t = rerun_draw(plain, values).totals
        assert close(sim.net_draws[d], t["net"], t["costs"] + abs(t["gains"]))


def test_unknown_profile_item_is_named(data, kb):
    bad = copy.deepcopy(data)
    bad["uncertainty"]["lines"].append({"target": "consequences.kontanthjaelp_uge", "low": 0.5,
                                        "high": 1.5})
    with pytest.raises(som.InputError) as info:
        som.check(load(bad), kb=kb)
    assert info.value.problems[0].where == "uncertainty.lines[2].target"
    assert "ukendt post 'kontanthjaelp_uge'" in info.value.problems[0].message
    assert "skat_beskaeftiget_uge" in info.value.problems[0].message
