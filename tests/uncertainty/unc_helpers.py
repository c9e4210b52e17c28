"""Shared helpers for the uncertainty tests: example data, random calculations with random
uncertainty blocks (hypothesis), and the oracle that re-runs a draw as a plain calculation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import strategies as st
from strategies import coarse, simple_calculation_files

import som
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[2]
MOVE = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))
MOVE_UNC = yaml.safe_load((ROOT / "examples" / "move_usikkerhed.yaml").read_text(encoding="utf-8"))
PAYERS = ("kommune", "region", "stat")
GLOBALS = ("costs", "consequences", "prices")


def with_block(data: dict, block: dict | None) -> dict:
    out = copy.deepcopy(data)
    out.pop("uncertainty", None)
    if block is not None:
        out["uncertainty"] = block
    return out


def load(data: dict) -> som.Calculation:
    return calculation_from_data(data)


def run(data: dict):
    return som.calculate(load(data), kb=None)


def factor_for(values: dict, kind: str, ref) -> float:
    """The factor a line or item gets in one draw: its own line range, else the global factor
    (saved costs have none), else 1. `values` maps source key -> drawn value."""
    own = f"{kind}[{ref}]" if isinstance(ref, int) else f"{kind}.{ref}"
    if own in values:
        return values[own]
    if kind in GLOBALS and kind in values:
        return values[kind]
    return 1.0


def rerun_draw(data: dict, values: dict):
    """Oracle: apply one draw's values to the FILE (scaled amounts, deltas, prices and the success
    rate) and calculate it as an ordinary calculation, without any uncertainty machinery."""
    out = with_block(data, None)
    inter = out["intervention"]
    if "success_rate" in values:
        for key in ("success_rate_intervention", "success_rate_baseline"):
            inter.pop(key, None)
        inter["success_rate"] = float(values["success_rate"])
    for kind in ("costs", "saved_costs"):
        for n, line in enumerate(out.get(kind, [])):
            f = factor_for(values, kind, n)
            if "amounts" in line:
                line["amounts"] = [a * f for a in line["amounts"]]
            else:
                line["amount"] = line["amount"] * f
    for cons in out.get("consequences") or []:
        f = factor_for(values, "consequences", cons["item"])
        for key in ("delta_per_success", "during_course"):  # both are the item's change in use
            if key in cons:
                cons[key] = [d * f for d in cons[key]]
    for item, price in out.get("prices", {}).items():
        f = factor_for(values, "prices", item)
        for p in PAYERS:
            if p in price:
                price[p] = price[p] * f
    return run(out)


def close(a: float, b: float, scale: float) -> bool:
    return a == pytest.approx(b, rel=1e-9, abs=1e-7 * max(1.0, scale))


money = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def factor_range(draw):
    low = coarse(draw(st.floats(0, 1)))
    high = draw(st.floats(1, 3))
    return {"low": low, "high": high}


@st.composite
def calculations(draw, with_uncertainty: bool = True):
    """A valid calculation file carrying all its prices, with a random uncertainty block."""
    data = draw(simple_calculation_files(max_horizon=12, max_costs=3, max_saved=2,
                                         min_success_rate=0.0, v2=True))
    costs, saved = data["costs"], data["saved_costs"]
    items = list(data["prices"])
    rate = data["intervention"]["success_rate"]
    if not with_uncertainty:
        return data
    block: dict = {}
    if draw(st.booleans()):
        block["success_rate"] = {"low": coarse(draw(st.floats(0, rate))),
                                 "high": coarse(draw(st.floats(rate, 1)))}
    for key in GLOBALS:
        if draw(st.booleans()):
            block[key] = draw(factor_range())
    targets = [f"costs[{n}]" for n in range(len(costs))]
    targets += [f"saved_costs[{n}]" for n in range(len(saved))]
    targets += [f"{k}.{i}" for i in items for k in ("prices", "consequences")]
    chosen = draw(st.lists(st.sampled_from(targets), unique=True, max_size=4))
    block["lines"] = [{"target": t, **draw(factor_range())} for t in chosen]
    data["uncertainty"] = block
    return data
