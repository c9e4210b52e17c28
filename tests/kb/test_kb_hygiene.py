"""Hygiene of every record in the bundled knowledge base, and the issue's thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from som.kb import UNITS, load_kb

KB = load_kb()

# The register-defined SØM target groups the issue lists (ids are ours; this one is fixed by
# the spec's example file).
REQUIRED_GROUPS = {
    "hjemloeshed_18_65",
    "voldsudsatte_kvinder",
    "stofmisbrug_18_25",
    "psykisk_lidelse_misbrug",
    "psykiske_vanskeligheder_voksne",
    "adhd_18_65",
    "senfoelger_seksuelle_overgreb",
    "angst_depression_6_13",
    "angst_depression_14_17",
    "adfaerdsproblemer_6_13",
    "adfaerdsproblemer_14_17",
    "anbragte_6_13",
    "anbragte_14_17",
    "kriminalitet_12_17",
    "smaaboern_psykiske_vanskeligheder_0_5",
    "bekymrende_skolefravaer",
    # issue 13 (review § 5.3): groups SØM names publicly that the base lacked
    "autisme_18_65",
    "alkohol_18_65",
    "substitution_18_65",
    "indsatte",
    "institutionsanbragte_6_13",
    "institutionsanbragte_14_17",
}
# The 13 profiles of the first base; issue 13 asks how many now rest on published evidence.
FIRST_PROFILES = {
    "hjemloeshed_18_65", "voldsudsatte_kvinder", "stofmisbrug_18_25", "psykisk_lidelse_misbrug",
    "psykiske_vanskeligheder_voksne", "adhd_18_65", "senfoelger_seksuelle_overgreb",
    "angst_depression_6_13", "angst_depression_14_17", "adfaerdsproblemer_14_17",
    "anbragte_14_17", "kriminalitet_12_17", "bekymrende_skolefravaer",
}

# Largest sensible use per person per year for each unit (a profile delta beyond it is a typo).
MAX_PER_YEAR = {"uge": 52, "døgn": 366, "dag": 366, "måned": 12, "år": 1}


def test_counts_meet_the_issue_thresholds():
    c = KB.counts()
    assert c["target_groups"] >= 22
    assert c["price_items"] >= 40
    assert c["consequence_profiles"] >= 20
    assert c["effect_studies"] >= 10
    assert c["consequence_areas"] == 11


def test_at_least_60_percent_of_prices_are_published_or_derived():
    c = KB.counts()
    assert c["price_items_published"] / c["price_items"] >= 0.60


def test_required_target_groups_exist_in_both_areas():
    assert REQUIRED_GROUPS <= set(KB.target_groups)
    areas = {tg.area for tg in KB.target_groups.values()}
    assert areas == {"voksne", "børn og unge"}


@pytest.mark.parametrize("pid", sorted(KB.prices))
def test_price_record_hygiene(pid):
    p = KB.prices[pid]
    assert p.name.strip() and p.unit in UNITS and p.kind in ("expenditure", "revenue")
    assert p.area in KB.areas
    assert p.price_year in KB.price_index, "prisåret skal kunne indekseres"
    assert min(p.kommune, p.region, p.stat) >= 0 and p.total > 0
    if p.status != "illustrative":
        assert p.source is not None and p.source.url and p.source.url.startswith("http")
    if p.status != "published":
        assert p.derivation and len(p.derivation) > 40, "begrundelsen skal kunne læses"
    if p.status == "derived":
        assert p.basis is not None, "en afledt pris skal angive det publicerede udgangstal"
    assert dt.date(2020, 1, 1) <= p.last_reviewed <= dt.date.today()
    assert p.origin == "base"


def test_revenue_items_are_tax_and_tax_items_are_revenue():
    for p in KB.prices.values():
        assert (p.kind == "revenue") == (p.area == "skat"), p.id


def test_every_consequence_area_has_a_price_and_a_committee():
    used = {p.area for p in KB.prices.values()}
    assert used == set(KB.areas)
    assert used <= set(KB.budget_areas.areas), "budget_areas.yaml mangler et område"


@pytest.mark.parametrize("tg", sorted(KB.target_groups))
def test_target_group_hygiene(tg):
    g = KB.target_groups[tg]
    assert g.name.strip() and g.success_criterion.strip() and g.age_band.strip()
    assert g.source is not None and g.source.url


@pytest.mark.parametrize("tg", sorted(KB.profiles))
def test_profile_hygiene(tg):
    profile = KB.profiles[tg]
    assert profile.target_group == tg and profile.id != tg
    assert len(profile.reasoning) > 100, "reasoning skal forklare størrelserne"
    assert profile.summary and len(profile.summary) > 60, "en kort dansk tekst om succes og poster"
    assert "Succes" in profile.summary
    for c in profile.consequences:
        price = KB.prices[c.item]
        values = [*(c.delta_per_success or []), *(c.during_course or [])]
        bound = MAX_PER_YEAR.get(price.unit)
        if bound is not None:
            assert max(abs(d) for d in values) <= bound, (c.item, price.unit)
        assert any(d != 0 for d in values), f"{c.item}: kun nuller"


def test_at_least_twenty_target_groups_have_profiles():
    assert len(set(KB.profiles) & set(KB.target_groups)) >= 20
    assert "stofmisbrug_18_25" in KB.profiles


def test_evidence_behind_the_first_thirteen_profiles():
    """Issue 13's goal was 9 of 13 derived or calibrated; 4 could be sourced honestly (see
    docs/kb.md). This guards that none falls back and that no profile claims more."""
    strong = {tg for tg in FIRST_PROFILES if KB.profiles[tg].status in ("derived", "calibrated")}
    assert strong == {"hjemloeshed_18_65", "voldsudsatte_kvinder", "adhd_18_65",
                      "angst_depression_6_13"}


def test_effect_studies_cover_the_named_interventions():
    text = " ".join(s.intervention for s in KB.effect_studies.values())
    for name in ("MOVE", "Cool Kids", "CTI", "MST", "Housing First", "R&R2-ADHD"):
        assert name in text, name


@pytest.mark.parametrize("sid", sorted(KB.effect_studies))
def test_effect_study_hygiene(sid):
    s = KB.effect_studies[sid]
    assert s.evidence_level in (1, 2, 3)
    assert s.target_group in KB.target_groups
    assert s.source is not None and s.source.url
    assert 1990 <= s.year <= dt.date.today().year
    if s.success_rate_baseline is not None:
        assert s.success_rate_intervention is not None
        assert s.success_rate_intervention > s.success_rate_baseline
    if s.effect_type == "andel":
        assert s.success_rate_intervention is not None, "en andel skal have en succesrate"
    if not s.nordic:
        assert s.note and "IKKE-NORDISK" in s.note, "ikke-nordiske studier skal markeres"


def test_discount_schedule_is_the_spec_schedule():
    assert KB.discount_schedule == [(0, 35, 0.035), (36, 70, 0.025), (71, None, 0.015)]
    last = KB.discount.steps[-1]
    assert last.status == "illustrative", "satsen efter år 70 er ikke bekræftet i kilderne"


def test_price_index_is_2015_based_and_covers_every_price_year():
    assert KB.price_index[2015] == 100.0
    years = sorted(KB.price_index)
    assert years == list(range(years[0], years[-1] + 1)), "ingen huller i indekset"
    assert {p.price_year for p in KB.prices.values()} <= set(years)
    assert years[-1] >= 2026, "prisår 2026 skal kunne bruges"
    assert KB.price_index_entries[2026].projection


def test_spec_example_items_exist_with_the_spec_units_and_kinds():
    assert KB.prices["kontanthjaelp_uge"].unit == "uge"
    assert KB.prices["kontanthjaelp_uge"].kind == "expenditure"
    assert KB.prices["skat_beskaeftiget_uge"].unit == "uge"
    assert KB.prices["skat_beskaeftiget_uge"].kind == "revenue"
    assert KB.prices["forsorgshjem_doegn"].unit == "døgn"


def test_source_urls_carry_no_tracking_parameters():
    """A committee reader follows the link: it names the page, not the newsletter that led to it."""
    import re
    from pathlib import Path

    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in (Path(__file__).resolve().parents[2] / "knowledge_base").rglob("*.yaml"))
    assert not re.findall(r"https?://\S*[?&](?:utm_\w+|fbclid|gclid)=", text)
