"""Recompute every derived price and index value from the published figures it cites.

A derived number edited by hand without redoing its derivation fails here. The refusion rules
are written out again below from the sources (sm.dk 2020, L 197, danskelove § 176, STAR), so a
wrong threshold or share in knowledge_base/refusion_rules.yaml fails too.
"""

from __future__ import annotations

import pytest

from som.kb import load_kb

KB = load_kb()
WEEKS_PER_MONTH = 12 / 52

# id -> state share of the gross amount (refusionstrappen / medfinansiering: week 53+ = 0.2;
# sygedagpenge valued at weeks 5-26 = 0.4)
MONTHLY_BENEFITS = {
    "kontanthjaelp_uge": 0.2,
    "kontanthjaelp_forsoerger_uge": 0.2,
    "kontanthjaelp_under30_udeboende_uge": 0.2,
    "kontanthjaelp_under30_hjemmeboende_uge": 0.2,
    "uddannelseshjaelp_udeboende_uge": 0.2,
    "uddannelseshjaelp_hjemmeboende_uge": 0.2,
    "uddannelseshjaelp_enlig_forsoerger_uge": 0.2,
    "kontanthjaelp_boernetillaeg_uge": 0.2,
    "ressourceforloebsydelse_uge": 0.2,
    "foertidspension_uge": 0.2,
    "dagpenge_uge": 0.2,
}
WEEKLY_BENEFITS = {"sygedagpenge_uge": 0.4, "ledighedsydelse_uge": 0.2}

# Særligt dyre enkeltsager, (lower threshold, state share) per band, kr per case per year.
SEL_176_2020 = [(1_090_000, 0.25), (2_050_000, 0.50)]  # sm.dk satser 2020, § 176
SEL_176A_2020 = [(830_000, 0.25), (1_630_000, 0.50)]  # sm.dk satser 2020, § 176 a
SEL_176_2022 = [(860_000, 0.25), (1_680_000, 0.50), (2_120_000, 0.75)]  # 2022-niveau


def refund(annual: float, bands: list[tuple[float, float]]) -> float:
    """State refund of a case costing `annual` kr a year."""
    uppers = [low for low, _ in bands[1:]] + [float("inf")]
    return sum(max(0.0, min(annual, high) - low) * share
               for (low, share), high in zip(bands, uppers, strict=True))


def check_split(pid: str, gross: float, stat_share: float) -> None:
    p = KB.prices[pid]
    assert p.status == "derived"
    assert p.refusion is not None and p.refusion.gross == pytest.approx(gross, abs=0.006)
    assert p.total == pytest.approx(gross, abs=0.011)
    assert p.stat == pytest.approx(gross * stat_share, abs=0.011)
    assert p.region == 0


@pytest.mark.parametrize("pid", sorted(MONTHLY_BENEFITS))
def test_monthly_benefit_to_week_and_refusion_split(pid):
    p = KB.prices[pid]
    assert p.basis is not None and p.basis.unit.startswith("kr/måned")
    check_split(pid, p.basis.value * WEEKS_PER_MONTH, MONTHLY_BENEFITS[pid])


@pytest.mark.parametrize("pid", sorted(WEEKLY_BENEFITS))
def test_weekly_benefit_refusion_split(pid):
    p = KB.prices[pid]
    assert p.basis is not None and p.basis.unit == "kr/uge"
    check_split(pid, p.basis.value, WEEKLY_BENEFITS[pid])


def test_refund_bands():
    assert refund(500_000, SEL_176_2022) == 0
    assert refund(1_160_000, SEL_176_2020) == pytest.approx(0.25 * 70_000)
    assert refund(2_880_000, SEL_176_2022) == pytest.approx(205_000 + 220_000 + 570_000)


@pytest.mark.parametrize(
    ("pid", "annual", "bands"),
    [
        # price year 2019: no 2019 thresholds in the sources, the 2020 rules are the nearest
        ("plejefamilie_doegn", 470_000, SEL_176_2020),
        ("doegninstitution_doegn", 1_160_000, SEL_176_2020),
        ("kriminalpraeventiv_ophold_doegn", 1_510_239, SEL_176_2020),
        # price years 2023/2024: the latest sourced thresholds (2022-niveau)
        ("sikret_doegninstitution_doegn", 240_000 * 12, SEL_176_2022),
        ("botilbud_midlertidigt_doegn", 2461 * 365, SEL_176_2022),
        ("botilbud_laengerevarende_doegn", 2461 * 365, SEL_176_2022),
    ],
)
def test_refusion_of_expensive_cases_by_the_rules_of_the_price_year(pid, annual, bands):
    p = KB.prices[pid]
    assert p.total == pytest.approx(annual / 365, abs=0.011)
    assert p.stat == pytest.approx(refund(annual, bands) / 365, abs=0.011)
    assert p.refusion_derivation and "refusion" in p.refusion_derivation


def test_review_fixes_for_the_2020_refusion_rules():
    """kb_evidence_2026-12 § 6: stat 47,95 / kommune 3.130,13 and 287,83 / 3.849,81."""
    inst, krim = KB.prices["doegninstitution_doegn"], KB.prices["kriminalpraeventiv_ophold_doegn"]
    assert (inst.stat, inst.kommune) == (47.95, 3130.13)
    assert (krim.stat, krim.kommune) == (287.83, 3849.81)
    # § 176 a is shown for comparison, computed the same way
    assert f"{refund(1_160_000, SEL_176A_2020) / 365:.2f}".replace(".", ",") in \
        inst.refusion_derivation
    assert f"{refund(1_510_239, SEL_176A_2020) / 365:.2f}".replace(".", ",") in \
        krim.refusion_derivation


def test_tax_per_employed_week_2025():
    wage = 21_092 / 0.9 / 0.92 * 12  # the lowest yearly wage giving maximum dagpenge (2025)
    am = 0.08 * wage
    personal = wage - am
    bundskat = 0.1201 * (personal - 51_600)
    employment_allowance = min(0.123 * wage, 55_600)
    kommuneskat = 0.25068 * (personal - employment_allowance - 51_600)
    p = KB.prices["skat_beskaeftiget_uge"]
    assert p.kind == "revenue" and p.price_year == 2025
    assert p.kommune == pytest.approx(kommuneskat / 52, abs=0.011)
    assert p.stat == pytest.approx((am + bundskat) / 52, abs=0.011)


def test_tax_on_kontanthjaelp_week_2024():
    taxable = 12_326 * 12 - 49_700
    p = KB.prices["skat_kontanthjaelp_uge"]
    assert p.kommune == pytest.approx(0.25018 * taxable / 52, abs=0.011)
    assert p.stat == pytest.approx(0.1201 * taxable / 52, abs=0.011)  # bundskat 2024: 12,01 %


def test_other_derived_prices():
    checks = {  # id -> (total, state share, region share)
        "bostoette_housing_first_aar": (85_000, 0.5, 0.0),
        "forsorgshjem_doegn": (550_000 / 365 - 96.71, 0.0, 0.0),
        "specialskole_elev_aar": (3.5 * 72_317, 0.0, 0.0),
        "laegebesoeg_kontakt": (160.72, 0.0, 0.93),
        "psykiatri_saerlig_plads_doegn": (4165 / 0.8, 0.0, 0.2),
        "sigtelse_sag": ((69_212_046 + 24_320_227) / 5_000, 1.0, 0.0),
        "retssag_sag": (10_666_758 / 4_000, 1.0, 0.0),
    }
    for pid, (total, stat_share, region_share) in checks.items():
        p = KB.prices[pid]
        assert p.total == pytest.approx(total, abs=0.011), pid
        assert p.stat == pytest.approx(total * stat_share, abs=0.011), pid
        assert p.region == pytest.approx(total * region_share, abs=0.011), pid


def test_published_prices_split_by_rule():
    krise = KB.prices["krisecenter_doegn"]
    assert krise.status == "published" and krise.refusion.gross == 1599
    assert krise.stat == krise.kommune == 799.5  # § 109: 50 %


def test_every_derived_price_is_rechecked_here():
    rechecked = {
        *MONTHLY_BENEFITS,
        *WEEKLY_BENEFITS,
        "plejefamilie_doegn",
        "doegninstitution_doegn",
        "sikret_doegninstitution_doegn",
        "kriminalpraeventiv_ophold_doegn",
        "anbringelse_gennemsnit_doegn",
        "skat_beskaeftiget_uge",
        "skat_kontanthjaelp_uge",
        "laegebesoeg_kontakt",
        "bostoette_housing_first_aar",
        "forsorgshjem_doegn",
        "specialskole_elev_aar",
        "psykiatri_saerlig_plads_doegn",
        "sigtelse_sag",
        "retssag_sag",
    }
    derived = {pid for pid, p in KB.prices.items() if p.status == "derived"}
    assert derived == rechecked, "ny afledt pris: tilføj en genberegning i denne fil"


def test_average_placement_is_not_split():
    p = KB.prices["anbringelse_gennemsnit_doegn"]
    assert p.total == pytest.approx(9_700_000_000 / 13_459 / 365, abs=0.011)
    assert p.stat == 0 and p.refusion is None


def test_index_2024_to_2026_are_flagged_projections():
    h1_2024 = [118.1, 118.8, 118.8, 118.8, 118.8, 118.8]  # DST, January-June 2024
    assert KB.price_index[2024] == pytest.approx(round(sum(h1_2024) / 6, 2))
    assert KB.price_index[2025] == pytest.approx(round(KB.price_index[2024] * 1.019, 2))
    assert KB.price_index[2026] == pytest.approx(round(KB.price_index[2025] * 1.019, 2))
    entries = KB.price_index_entries
    assert [y for y, e in entries.items() if e.projection] == [2024, 2025, 2026]
