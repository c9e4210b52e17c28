"""A small stand-in knowledge base with the interface of `som.kb` (kb.prices, .target_groups,
.profiles, .price_index, .fingerprint), so the Excel tests do not depend on the bundled data."""

from __future__ import annotations

from types import SimpleNamespace as NS

import som


def _price(pid, kind, kommune, stat, price_year, status):
    return NS(id=pid, name=f"Pris {pid}", unit="uge", kind=kind, price_year=price_year,
              kommune=kommune, region=0.0, stat=stat, status=status, area="voksne", origin="base",
              budget_area=None,
              source=NS(title=f"Kilde til {pid}", url=f"https://example.org/{pid}"))


def fake_kb():
    prices = {
        "kb_kontanthjaelp": _price("kb_kontanthjaelp", "expenditure", 1150.0, 1750.0, 2023,
                                   "published"),
        "kb_skat": _price("kb_skat", "revenue", 1000.0, 1300.5, 2025, "illustrative"),
    }
    group = NS(id="unge_ledige", name="Unge ledige", area="voksne", age_band="18-29",
               success_criterion="i job", status="published", price_year=None,
               source=NS(title="Målgruppe", url="https://example.org/tg"), origin="base")
    profile = NS(id="unge_ledige", status="derived", price_year=None, origin="base",
                 source=NS(title="Profil", url="https://example.org/profil"),
                 consequences=[NS(item="kb_kontanthjaelp", delta_per_success=[-10, -12, -8],
                                  during_course=None),
                               NS(item="kb_skat", delta_per_success=[8, 12, 14, 14],
                                  during_course=None)])
    index = {2022: 98.0, 2023: 100.0, 2024: 102.0, 2025: 104.04}
    entries = {y: NS(year=y, value=v, status="illustrative" if y == 2025 else "published",
                     source=None) for y, v in index.items()}
    return NS(prices=prices, target_groups={"unge_ledige": group},
              profiles={"unge_ledige": profile}, price_index=index, price_index_entries=entries,
              price_index_series=NS(source=NS(title="Nettoprisindeks", url="https://example.org/npi")),
              fingerprint="fake-kb-0001", version="test", areas={"voksne": None},
              budget_areas=None)


def kb_calculation(**changes) -> som.Calculation:
    """Uses the fake base for target group, default consequences, prices and price index."""
    data = {
        "som_version": 1, "meta": {"title": "Med vidensbase"},
        "settings": {"start_year": 2025, "horizon_years": 6, "price_year": 2025},
        "target_group": "unge_ledige",
        "intervention": {"name": "Job nu", "participants": [30, 30], "success_rate": 0.2},
        "costs": [{"name": "Drift", "type": "operating", "payer": "kommune",
                   "amounts": [400000, 400000], "price_year": 2024}],
    }
    data.update(changes)
    return som.Calculation.model_validate(data)
