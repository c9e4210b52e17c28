"""Recompute every derived price and index value from the published figures it cites.

A derived number edited by hand without redoing its derivation fails here.
"""

from __future__ import annotations

import pytest

from som.kb import load_kb

KB = load_kb()
WEEKS_PER_MONTH = 12 / 52

# id -> state share of the amount (refusionstrappe week 53+ = 0.2; sygedagpenge week 5-26 = 0.4)
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

# Barnets lov § 198 (2022-niveau): refund shares above the thresholds, kr per case per year.
THRESHOLDS = [(860_000, 0.25), (1_680_000, 0.50), (2_120_000, 0.75)]


def refund_198(annual: float) -> float:
    """State refund of a case costing `annual` kr a year under barnets lov § 198."""
    bands = [*THRESHOLDS, (float("inf"), None)]
    total = 0.0
    for (low, share), (high, _) in zip(bands, bands[1:], strict=False):
        total += max(0.0, min(annual, high) - low) * share
    return total


def check_split(pid: str, total: float, stat_share: float) -> None:
    p = KB.prices[pid]
    assert p.status == "derived"
    assert p.total == pytest.approx(total, abs=0.011)
    assert p.stat == pytest.approx(total * stat_share, abs=0.011)
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


def test_refund_198_bands():
    assert refund_198(500_000) == 0
    assert refund_198(1_160_000) == pytest.approx(75_000)
    assert refund_198(2_880_000) == pytest.approx(205_000 + 220_000 + 570_000)


@pytest.mark.parametrize(
    ("pid", "annual"),
    [
        ("plejefamilie_doegn", 470_000),
        ("doegninstitution_doegn", 1_160_000),
        ("sikret_doegninstitution_doegn", 240_000 * 12),
        ("kriminalpraeventiv_ophold_doegn", 1_510_239),
        ("anbringelse_gennemsnit_doegn", 9_700_000_000 / 13_459),
    ],
)
def test_placements_per_day_with_198_refund(pid, annual):
    p = KB.prices[pid]
    assert p.total == pytest.approx(annual / 365, abs=0.011)
    if pid == "anbringelse_gennemsnit_doegn":  # an average: refund deliberately not split
        assert p.stat == 0
    else:
        assert p.stat == pytest.approx(refund_198(annual) / 365, abs=0.011)


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
    assert p.stat == pytest.approx(0.1206 * taxable / 52, abs=0.011)


def test_other_derived_prices():
    checks = {
        "beskaeftigelsesindsats_uge": (120_000 / 52, 0.0),
        "laegebesoeg_kontakt": (160.72, 0.0),
        "krisecenter_doegn": (1599, 0.5),
        "bostoette_housing_first_aar": (85_000, 0.5),
        "forsorgshjem_doegn": (550_000 / 365 - 96.71, 0.0),
        "specialskole_elev_aar": (3.5 * 72_317, 0.0),
    }
    for pid, (total, stat_share) in checks.items():
        p = KB.prices[pid]
        assert p.total == pytest.approx(total, abs=0.011), pid
        assert p.stat == pytest.approx(total * stat_share, abs=0.011), pid
    assert KB.prices["laegebesoeg_kontakt"].kommune == pytest.approx(0.07 * 160.72, abs=0.006)


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
        "beskaeftigelsesindsats_uge",
        "laegebesoeg_kontakt",
        "krisecenter_doegn",
        "bostoette_housing_first_aar",
        "forsorgshjem_doegn",
        "specialskole_elev_aar",
    }
    derived = {pid for pid, p in KB.prices.items() if p.status == "derived"}
    assert derived == rechecked, "ny afledt pris: tilføj en genberegning i denne fil"


def test_index_2024_2025_projected_with_fl25_skoen():
    assert KB.price_index[2024] == pytest.approx(round(118.04 * 1.019, 2))
    assert KB.price_index[2025] == pytest.approx(round(KB.price_index[2024] * 1.019, 2))
