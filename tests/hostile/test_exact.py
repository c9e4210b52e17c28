"""Exact to the øre at the bounds (issue 15, item 1): `som`'s figures against an independent
implementation of spec §2 in exact rational arithmetic (fractions.Fraction), on calculations
whose flows reach almost MAX_FLOWS, with the most lines, the longest horizon, price indices,
normalised payer shares and discounting. Every money figure must be within half an øre of the
exact value of what the file says."""

from __future__ import annotations

import math
import random
from fractions import Fraction as F

import pytest

import som
from som import bounds as B
from som.io.files import calculation_from_data

HALF_ORE = F(1, 200)
PAYERS = ("kommune", "region", "stat")


def q(x) -> F:
    """The exact value of a number as the file writes it (YAML/JSON write repr of the float)."""
    return F(repr(float(x))) if isinstance(x, float) else F(x)


def exact(data: dict) -> dict:
    """Spec §2 in Fractions: totals, by_payer, by_year, the NPV and the budget period (v2
    §2.11), with consequences during the course (v2 §2.5b) and vectors cut at the horizon."""
    s, inter = data["settings"], data["intervention"]
    h, py = s["horizon_years"], s["price_year"]
    index = {int(k): q(v) for k, v in (s.get("price_index") or {}).items()}

    def factor(year):
        return F(1) if year in (None, py) else index[py] / index[year]

    n = [q(x) for x in inter["participants"]] + [F(0)] * (h - len(inter["participants"]))
    cy, cr = inter.get("course_years", 0), q(inter.get("completion_rate", 1.0))
    r = q(inter["success_rate"])
    succ = [n[c - cy] * cr * r if c - cy >= 0 else F(0) for c in range(h)]  # §2.2

    def flows(lines):  # §2.4: [p][y]
        out = [[F(0)] * h for _ in PAYERS]
        for line in lines:
            payer = line["payer"]
            shares = {payer: F(1)} if isinstance(payer, str) else {k: q(v) for k, v in payer.items()}
            total = sum(shares.values())
            f = factor(line.get("price_year"))
            for y in range(h):
                if "amounts" in line:
                    amount = q(line["amounts"][y]) if y < len(line["amounts"]) else F(0)
                else:
                    amount = q(line["amount"]) * n[y]
                for p, name in enumerate(PAYERS):
                    out[p][y] += amount * f * shares.get(name, F(0)) / total  # normalised shares
        return out

    costs, saved = flows(data.get("costs", [])), flows(data.get("saved_costs", []))
    gains = [[F(0)] * h for _ in PAYERS]
    o = 0 if s.get("consequence_start", "completion_year") == "completion_year" else 1
    for cons in data.get("consequences") or []:
        price = data["prices"][cons["item"]]
        sign = -1 if price["kind"] == "expenditure" else 1
        f = factor(price.get("price_year"))
        units = [F(0)] * h
        if cons.get("delta_per_success"):  # §2.5: per success, from the year of success + o
            units = _convolve(succ, [q(x) for x in cons["delta_per_success"]], o, h)
        if cons.get("during_course"):  # v2 §2.5b: per starter, from the year of starting
            course = _convolve(n, [q(x) for x in cons["during_course"]], 0, h)
            units = [a + b for a, b in zip(units, course, strict=True)]
        for p, name in enumerate(PAYERS):
            unit_price = sign * q(price.get(name, 0.0)) * f
            for y in range(h):
                gains[p][y] += units[y] * unit_price
    net = [[gains[p][y] + saved[p][y] - costs[p][y] for y in range(h)] for p in range(3)]
    rate = s.get("discount_rate", 0.0)
    disc, d_y = [], F(1)
    for y in range(h):  # §2.7
        if y:
            r_y = (F("0.035") if y <= 35 else F("0.025") if y <= 70 else F("0.015")) \
                if rate == "finansministeriet" else q(rate)
            d_y = d_y / (1 + r_y)
        disc.append(d_y)
    by_year = [{"costs": sum(costs[p][y] for p in range(3)),
                "saved_costs": sum(saved[p][y] for p in range(3)),
                "gains": sum(gains[p][y] for p in range(3)),
                "net": sum(net[p][y] for p in range(3)),
                **{name: net[p][y] for p, name in enumerate(PAYERS)}} for y in range(h)]
    cumulative = F(0)
    for row in by_year:
        cumulative += row["net"]
        row["cumulative_net"] = cumulative
    totals = {key: sum(row[key] for row in by_year)
              for key in ("costs", "saved_costs", "gains", "net")}
    totals["net_present_value"] = sum(disc[y] * by_year[y]["net"] for y in range(h))
    by_payer = {name: {"costs": sum(costs[p]), "saved_costs": sum(saved[p]),
                       "gains": sum(gains[p]), "net": sum(net[p])}
                for p, name in enumerate(PAYERS)}
    period = s.get("budget_period_years") or min(4, h)
    budget_period = {name: sum(net[p][:period]) for p, name in enumerate(PAYERS)}
    budget_period["net"] = sum(budget_period.values())
    return {"totals": totals, "by_payer": by_payer, "by_year": by_year,
            "budget_period": budget_period}


def _convolve(succ: list[F], d: list[F], o: int, h: int) -> list[F]:
    """units[y] = Σ_c succ[c] · d[y − c − o] for 0 ≤ y − c − o < len(d), y < h; exactly, on
    integers over common denominators (Fractions one by one would take minutes at the bounds)."""
    den_s = math.lcm(*(x.denominator for x in succ))
    den_d = math.lcm(*(x.denominator for x in d))
    si = [int(x * den_s) for x in succ]
    di = [int(x * den_d) for x in d]
    out = []
    for y in range(h):
        total = sum(si[c] * di[y - c - o] for c in range(h) if 0 <= y - c - o < len(di))
        out.append(F(total, den_s * den_d))
    return out


def assert_exact_to_the_ore(data: dict) -> dict:
    result = som.calculate(calculation_from_data(data), kb=None).to_dict()
    want = exact(data)
    worst = F(0)
    for key, value in want["totals"].items():
        worst = max(worst, abs(q(result["totals"][key]) - value))
        assert abs(q(result["totals"][key]) - value) < HALF_ORE, ("totals", key)
    for payer, figures in want["by_payer"].items():
        for key, value in figures.items():
            assert abs(q(result["by_payer"][payer][key]) - value) < HALF_ORE, (payer, key)
    for got, row in zip(result["by_year"], want["by_year"], strict=True):
        for key, value in row.items():
            assert abs(q(got[key]) - value) < HALF_ORE, (got["year"], key)
    for key, value in want["budget_period"].items():
        assert abs(q(result["budget_period"][key]) - value) < HALF_ORE, ("budget_period", key)
    return {"result": result, "exact": want, "worst": worst}


def _money(rng: random.Random, top: float) -> float:
    """An amount in whole øre below `top` kroner."""
    return round(rng.uniform(0, top), 2)


def random_at_the_bounds(seed: int, horizon: int, lines: int) -> dict:
    """Most lines, longest horizon, index factors, shares a hair off 1, then scaled so that the
    flows reach 90–99 % of MAX_FLOWS."""
    rng = random.Random(seed)
    years = list(range(2010, 2026))
    index = {y: round(100 + 3 * (y - 2010) + rng.uniform(0, 1), 2) for y in years}
    payer = lambda: rng.choice(["kommune", "stat", {"kommune": 0.5, "stat": 0.5000000009},  # noqa: E731
                                {"kommune": 0.25, "region": 0.25, "stat": 0.4999999991}])

    def line(n):
        kind = rng.choice(["operating", "per_participant"])
        out = {"name": f"l{n}", "type": kind, "payer": payer(),
               "price_year": rng.choice([None, *years])}
        if kind == "per_participant":
            out["amount"] = _money(rng, 100)
        else:
            out["amounts"] = [_money(rng, 1e5) for _ in range(rng.randint(1, horizon))]
        return {k: v for k, v in out.items() if v is not None}

    items = [f"p{n}" for n in range(lines)]
    data = {
        "som_version": 1, "meta": {"title": "grænser"},
        "settings": {"start_year": 2025, "horizon_years": horizon, "price_year": 2025,
                     "price_index": index, "budget_period_years": rng.randint(1, horizon),
                     "discount_rate": rng.choice(["finansministeriet", 0.035, 0.0]),
                     "consequence_start": rng.choice(["completion_year", "year_after"])},
        "intervention": {"name": "x",
                         "participants": [round(rng.uniform(0, 100), 1) for _ in range(horizon)],
                         "course_years": rng.randint(0, 2),
                         "completion_rate": round(rng.uniform(0.5, 1), 4),
                         "success_rate": round(rng.uniform(0.05, 0.6), 4)},
        "costs": [line(n) for n in range(lines)],
        "saved_costs": [line(n) for n in range(lines // 2)],
        "consequences": [_consequence(rng, i) for i in items],
        "prices": {i: {"kind": rng.choice(["expenditure", "revenue"]), "price_year":
                       rng.choice(years), "kommune": _money(rng, 5),
                       "region": _money(rng, 1), "stat": _money(rng, 5)} for i in items},
    }
    return _scaled(data, rng)


def _consequence(rng: random.Random, item: str) -> dict:
    """Per success and/or during the course (v2), vectors up to 60 years (cut at the horizon)."""
    vector = lambda: [round(rng.uniform(-52, 52), 1) for _ in range(rng.randint(1, 60))]  # noqa: E731
    kind = rng.choice(["success", "success", "course", "both"])
    out = {"item": item}
    if kind != "course":
        out["delta_per_success"] = vector()
    if kind != "success":
        out["during_course"] = vector()
    return out


def _flows(data: dict) -> float:
    from som.build import build

    costs, saved, success, course = B.flow_pieces(build(calculation_from_data(data), None))
    return float(costs.sum() + saved.sum() + success.sum() * data["intervention"]["success_rate"]
                 + course.sum())


def _scaled(data: dict, rng: random.Random) -> dict:
    """Multiply every amount and price by a whole number so the flows reach ~95 % of the bound
    (amounts stay in whole øre)."""
    scale = max(1, int(B.MAX_FLOWS * rng.uniform(0.9, 0.99) / _flows(data)))
    for key in ("costs", "saved_costs"):
        for line in data[key]:
            if "amounts" in line:
                line["amounts"] = [round(a * scale, 2) for a in line["amounts"]]
            else:
                line["amount"] = round(line["amount"] * scale, 2)
    for price in data["prices"].values():
        for p in PAYERS:
            price[p] = round(price[p] * scale, 2)
    assert 0.5 * B.MAX_FLOWS < _flows(data) <= B.MAX_FLOWS
    return data


@pytest.mark.parametrize("seed,horizon,lines", [(1, B.MAX_HORIZON, B.MAX_LINES), (2, 50, 40),
                                                (3, 12, 120), (4, 3, 8)])
def test_exact_to_the_ore_near_the_largest_total(seed, horizon, lines):
    checked = assert_exact_to_the_ore(random_at_the_bounds(seed, horizon, lines))
    assert checked["worst"] < HALF_ORE


def test_npv_exact_to_the_ore_at_the_bound():
    data = random_at_the_bounds(5, 50, 60)
    data["settings"]["discount_rate"] = "finansministeriet"
    checked = assert_exact_to_the_ore(data)
    got = q(checked["result"]["totals"]["net_present_value"])
    assert abs(got - checked["exact"]["totals"]["net_present_value"]) < HALF_ORE


def test_one_ore_short_of_paying_back_at_the_bound():
    """The issue's example, inside the bound: 49,999,999,999.99 kr of costs against
    49,999,999,999.98 kr saved is a net of −0.01 kr, and it never pays back."""
    data = {"som_version": 1, "meta": {"title": "én øre"},
            "settings": {"start_year": 2025, "horizon_years": 1, "price_year": 2025},
            "intervention": {"name": "x", "participants": [1], "success_rate": 0.5},
            "costs": [{"name": "c", "type": "startup", "payer": "stat",
                       "amounts": [49_999_999_999.99]}],
            "saved_costs": [{"name": "s", "type": "startup", "payer": "stat",
                             "amounts": [49_999_999_999.98]}]}
    checked = assert_exact_to_the_ore(data)
    totals = checked["result"]["totals"]
    assert abs(q(totals["net"]) - F("-0.01")) < F(1, 10_000)
    assert totals["break_even_year"] is None


def test_just_over_the_bound_is_refused_naming_the_line():
    data = {"som_version": 1, "meta": {"title": "for stor"},
            "settings": {"start_year": 2025, "horizon_years": 2, "price_year": 2025},
            "intervention": {"name": "x", "participants": [1], "success_rate": 0.5},
            "costs": [{"name": "c", "type": "operating", "payer": "stat",
                       "amounts": [50_000_000_000.0, 50_000_000_000.01]}]}
    with pytest.raises(som.InputError) as info:
        som.calculate(calculation_from_data(data), kb=None)
    [problem] = info.value.problems
    assert problem.where == "costs[0]"
    assert "100.000.000.000 kr." in problem.message and "højst 100 mia. kr." in problem.message


def test_shares_a_hair_off_one_split_the_line_exactly():
    data = {"som_version": 1, "meta": {"title": "andele"},
            "settings": {"start_year": 2025, "horizon_years": 1, "price_year": 2025},
            "intervention": {"name": "x", "participants": [1], "success_rate": 0.5},
            "costs": [{"name": "c", "type": "startup", "amounts": [90_000_000_000.0],
                       "payer": {"kommune": 0.5, "stat": 0.5000000009}}]}
    checked = assert_exact_to_the_ore(data)
    assert checked["result"]["totals"]["costs"] == 90_000_000_000.0
