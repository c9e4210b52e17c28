"""Helpers for the library tests (imported by name; conftest only holds fixtures)."""

from __future__ import annotations

from types import SimpleNamespace

import som

# Figures of the spec's worked example (calculation.md §4): the oracle these tests build on.
SPEC_NET = 9_387_500.0
VALUE_PER_SUCCESS = 311_000.0  # one success's profile over years 0..4 (spec §4)
KONTANTHJAELP_WEEKS_PER_SUCCESS = 10 + 12 + 12 + 10 + 8  # Σ |delta| of the kontanthjælp item



def variant(calc: som.Calculation, **changes) -> som.Calculation:
    """A copy with dotted keys replaced: variant(c, **{"intervention.success_rate": 0.3})."""
    data = calc.to_data()
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    return som.Calculation.model_validate(data)


def fake_kb(kommune_kontanthjaelp: float, fingerprint: str) -> SimpleNamespace:
    """A minimal knowledge base with the interface som.build uses (som.kb is another branch).

    It prices `kontanthjaelp_uge` like the spec example except for the kommune amount."""
    price = SimpleNamespace(id="kontanthjaelp_uge", name="Kontanthjælp, uge", unit="uge",
                            kind="expenditure", price_year=2025, kommune=kommune_kontanthjaelp,
                            region=0.0, stat=1800.0, area="indkomstoverfoersler",
                            status="published", source=None, origin="base", budget_area=None)
    group = SimpleNamespace(id="stofmisbrug_18_25", status="published", source=None,
                            price_year=None, origin="base")
    return SimpleNamespace(prices={"kontanthjaelp_uge": price},
                           target_groups={"stofmisbrug_18_25": group}, profiles={},
                           price_index={2025: 104.04}, fingerprint=fingerprint,
                           areas={"indkomstoverfoersler": None}, budget_areas=None,
                           version=f"test-{fingerprint}")


def without_inline_kontanthjaelp(calc: som.Calculation) -> som.Calculation:
    """The spec example with kontanthjaelp_uge priced by the knowledge base instead."""
    data = calc.to_data()
    del data["prices"]["kontanthjaelp_uge"]
    return som.Calculation.model_validate(data)
