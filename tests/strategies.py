"""Hypothesis strategies for valid Calculations, reusable across the test suite.

`calculations()` draws files that pass the schema AND `som.build` without a knowledge base
(every consequence item has an inline price; every price year other than the calculation's is in
the inline price index), covering every schema option: meta incl. SUSI phase, discount rates and
"finansministeriet", consequence_start, price_index (None, {} or years), kb_overlay, target
groups (none, id, custom), success rates (net or intervention/baseline pair), course and
completion, cost lines of every type with single payers, shares (incl. explicit 0 shares) and
price years, saved costs, consequences (or none), inline prices with and without sources,
unused prices, the assumptions log and the uncertainty block (empty, ranges, line ranges, draws,
seed).

Numbers respect the documented input bounds (som.bounds, docs/hostile.md): no non-zero number
below MIN_NONZERO, and a drawn calculation whose flows would exceed MAX_FLOWS is discarded
(`within_bounds`), as `som` itself refuses it.

Text avoids what an .xlsx cell cannot hold exactly (control characters other than tab and
newline, surrogates, '_xHHHH_' escapes): the exporter refuses such text with a message, which is
tested separately.
"""

from __future__ import annotations

import re

from hypothesis import assume
from hypothesis import strategies as st

from som import bounds
from som.errors import InputError
from som.schema import ASSUMPTION_TOPICS, PAYER_NAMES, Calculation

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_|x005F_", re.IGNORECASE)
_CHARS = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co"), include_characters="\t\n")


def sane(value: float) -> float:
    """0 for a number som refuses as too close to 0 (som.bounds.MIN_NONZERO), else the number."""
    return 0.0 if bounds.tiny(value) else value


def coarse(value: float) -> float:
    """0 below 0.01: products of a few such numbers (a drawn factor times an amount in the
    uncertainty tests' oracle) then never fall below som's MIN_NONZERO either."""
    return 0.0 if abs(value) < 0.01 else value


def within_bounds(calc: Calculation) -> bool:
    """True if `som.check` (without a knowledge base) accepts the calculation's magnitudes."""
    import som

    try:
        som.check(calc, kb=None)
    except InputError:
        return False
    return True


def texts(min_size: int = 0, max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=min_size, max_size=max_size).filter(
        lambda s: not _ESCAPE_LIKE.search(s))


def _nonneg(max_value: float) -> st.SearchStrategy[float]:
    """0, whole numbers, or arbitrary floats (full precision) away from underflow."""
    return st.one_of(
        st.just(0.0),
        st.integers(0, int(max_value)).map(float),
        st.floats(min_value=1e-3, max_value=max_value, allow_nan=False, allow_infinity=False),
    )


def _signed(max_value: float) -> st.SearchStrategy[float]:
    return st.one_of(_nonneg(max_value), _nonneg(max_value).map(lambda x: -x))


RATES = st.one_of(st.just(0.0), st.just(1.0),
                  st.floats(min_value=1e-4, max_value=1.0, allow_nan=False))
NET_RATE_OK = lambda pair: pair[0] == pair[1] or pair[0] - pair[1] >= bounds.MIN_NONZERO  # noqa: E731
YEARS = st.integers(1990, 2100)


@st.composite
def payers(draw):
    kind = draw(st.sampled_from(["single", "pair", "three", "with_zero"]))
    names = ["kommune", "region", "stat"]
    if kind == "single":
        return draw(st.sampled_from(names))
    if kind == "with_zero":
        one, zero = draw(st.permutations(names))[:2]
        return {one: 1.0, zero: 0.0}
    if kind == "pair":
        a, b = draw(st.permutations(names))[:2]
        share = sane(draw(st.floats(0.0, 1.0)))
        return {a: share, b: sane(1.0 - share)}
    first = sane(draw(st.floats(0.0, 1.0)))
    second = sane(draw(st.floats(0.0, 1.0 - first)))
    return {"kommune": first, "region": second, "stat": sane(max(0.0, 1.0 - first - second))}


@st.composite
def cost_lines(draw, horizon: int, price_years):
    kind = draw(st.sampled_from(["startup", "operating", "per_participant"]))
    line = {"name": draw(texts(1)), "type": kind, "payer": draw(payers())}
    if kind == "per_participant":
        line["amount"] = draw(_nonneg(1e6))
    else:
        line["amounts"] = draw(st.lists(_nonneg(1e7), max_size=horizon))
    year = draw(price_years)
    if year is not None:
        line["price_year"] = year
    return line


FACTOR_LOW = st.floats(0.0, 1.0).map(coarse)
FACTOR_HIGH = st.floats(1.0, 10.0)


@st.composite
def uncertainty_blocks(draw, intervention: dict, data: dict, items: list[str]) -> dict:
    """A valid `uncertainty:` block for this calculation (issue 5): ranges around the central
    values and line ranges whose targets exist."""
    block: dict = {}
    if "success_rate" in intervention:
        rate = intervention["success_rate"]
    else:
        rate = intervention["success_rate_intervention"] - intervention["success_rate_baseline"]
    if draw(st.booleans()):
        block["success_rate"] = {"low": coarse(draw(st.floats(0.0, rate))),
                                 "high": coarse(draw(st.floats(rate, 1.0)))}
    for key in ("costs", "consequences", "prices"):
        if draw(st.booleans()):
            block[key] = {"low": draw(FACTOR_LOW), "high": draw(FACTOR_HIGH)}
    targets = [f"costs[{n}]" for n in range(len(data["costs"]))]
    targets += [f"saved_costs[{n}]" for n in range(len(data["saved_costs"]))]
    targets += [f"{kind}.{item}" for item in dict.fromkeys(items) if re.fullmatch(r"\S.*", item)
                for kind in ("prices", "consequences")]
    if targets and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(targets), unique=True, max_size=3))
        block["lines"] = [{"target": t, "low": draw(FACTOR_LOW), "high": draw(FACTOR_HIGH)}
                          for t in chosen]
    if draw(st.booleans()):
        block["draws"] = draw(st.integers(1, 100_000))
    if draw(st.booleans()):
        block["seed"] = draw(st.integers(0, bounds.MAX_SEED))
    return block


@st.composite
def calculations(draw, max_horizon: int = 8) -> Calculation:
    horizon = draw(st.integers(1, max_horizon))
    price_year = draw(YEARS)
    index_kind = draw(st.sampled_from(["none", "empty", "years"]))
    settings: dict = {"start_year": draw(YEARS), "horizon_years": horizon, "price_year": price_year}
    if index_kind == "years":
        years = draw(st.sets(st.integers(1950, 2150), max_size=4)) | {price_year}
        settings["price_index"] = {y: draw(st.floats(50.0, 200.0)) for y in sorted(years)}
        price_years = st.one_of(st.none(), st.sampled_from(sorted(years)))
    else:
        if index_kind == "empty":
            settings["price_index"] = {}
        price_years = st.one_of(st.none(), st.just(price_year))
    if draw(st.booleans()):
        settings["discount_rate"] = draw(st.one_of(st.just("finansministeriet"),
                                                   st.floats(0.0, 0.2)))
    if draw(st.booleans()):
        settings["consequence_start"] = draw(st.sampled_from(["completion_year", "year_after"]))
    if draw(st.integers(0, 4)) == 0:
        settings["kb_overlay"] = draw(st.lists(texts(1).filter(lambda s: "\n" not in s),
                                               min_size=1, max_size=2))

    meta = {"title": draw(texts(1))}
    for key in ("organisation", "author", "description"):
        if draw(st.booleans()):
            meta[key] = draw(texts(max_size=40))
    if draw(st.booleans()):
        meta["susi_phase"] = draw(st.sampled_from(["screening", "modning", "afprøvning",
                                                   "udbredelse"]))

    intervention: dict = {
        "name": draw(texts(1)),
        "participants": draw(st.lists(_nonneg(1e3), max_size=horizon)),
    }
    if draw(st.booleans()):
        intervention["course_years"] = draw(st.integers(0, horizon + 1))
    if draw(st.booleans()):
        intervention["completion_rate"] = draw(RATES)
    if draw(st.booleans()):
        intervention["success_rate"] = draw(RATES)
    else:
        with_it = draw(RATES)
        intervention["success_rate_intervention"] = with_it
        intervention["success_rate_baseline"] = draw(
            RATES.filter(lambda b: b <= with_it and NET_RATE_OK((with_it, b))))

    ids = draw(st.lists(texts(1, 16), unique=True, max_size=4))
    prices = {}
    for pid in ids:
        price = {"kind": draw(st.sampled_from(["expenditure", "revenue"]))}
        for key in ("name", "unit"):
            if draw(st.booleans()):
                price[key] = draw(texts())
        year = draw(price_years)
        if year is not None:
            price["price_year"] = year
        for payer in ("kommune", "region", "stat"):
            if draw(st.booleans()):
                price[payer] = draw(_nonneg(1e5))
        if draw(st.booleans()):
            price["source"] = {"title": draw(texts()), "url": draw(texts())}
        prices[pid] = price

    data: dict = {"som_version": 1, "meta": meta, "settings": settings,
                  "intervention": intervention, "prices": prices}
    used = draw(st.lists(st.sampled_from(ids), max_size=4)) if ids else []
    if used or draw(st.booleans()):
        data["consequences"] = [
            {"item": item, "delta_per_success": draw(st.lists(_signed(1e2), min_size=1,
                                                              max_size=horizon))}
            for item in used]
    data["costs"] = draw(st.lists(cost_lines(horizon, price_years), max_size=3))
    data["saved_costs"] = draw(st.lists(cost_lines(horizon, price_years), max_size=2))
    target = draw(st.sampled_from(["none", "id", "custom"]))
    if target == "id":
        data["target_group"] = draw(texts(1))
    elif target == "custom":
        group = {"name": draw(texts(1))}
        for key in ("description", "age_band", "success_criterion"):
            if draw(st.booleans()):
                group[key] = draw(texts())
        if draw(st.booleans()):
            group["area"] = draw(st.sampled_from(["voksne", "børn og unge"]))
        data["target_group"] = group
    if draw(st.integers(0, 2)) == 0:
        data["uncertainty"] = draw(uncertainty_blocks(intervention, data, used))
    if draw(st.booleans()):
        data["assumptions"] = draw(st.lists(st.fixed_dictionaries(
            {"topic": st.sampled_from(ASSUMPTION_TOPICS), "text": texts(1, 60)},
            optional={"source": texts()}), max_size=4))
    calc = Calculation.model_validate(data)
    assume(within_bounds(calc))
    return calc


COMMITTEES = ("Socialudvalget", "Beskæftigelsesudvalget", "Børne- og ungeudvalget")
AREAS = ("indkomstoverfoersler", "voksensocial", "uddannelse")


@st.composite
def simple_calculation_files(draw, max_horizon: int = 15, max_costs: int = 4, max_saved: int = 1,
                             min_success_rate: float = 0.01, v2: bool = False):
    """Plain data of a small valid calculation priced in its own price year, with inline prices:
    for the arithmetic's properties, where the full `calculations()` breadth is not the point.

    `v2` adds spec v2's keys: consequences during the course (some items have only those),
    consequence vectors longer than the horizon, budget areas on lines and prices, a committee
    map and a budget period."""
    horizon = draw(st.integers(1, max_horizon))
    years = st.integers(1, horizon)
    money = st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(coarse)
    payer = st.one_of(st.sampled_from(PAYER_NAMES),
                      st.sampled_from([{"kommune": 0.5, "stat": 0.5},
                                       {"kommune": 0.25, "region": 0.75}]))
    costs = []
    for n in range(draw(st.integers(0, max_costs))):
        kind = draw(st.sampled_from(["startup", "operating", "per_participant"]))
        line = {"name": f"c{n}", "type": kind, "payer": draw(payer)}
        if kind == "per_participant":
            line["amount"] = draw(money)
        else:
            line["amounts"] = draw(st.lists(money, min_size=1, max_size=horizon))
        costs.append(line)
    saved = [dict(c, name=f"s{n}") for n, c in enumerate(costs[: draw(st.integers(0, max_saved))])]
    items = [f"i{n}" for n in range(draw(st.integers(1, 4)))]
    prices = {i: {"kind": draw(st.sampled_from(["expenditure", "revenue"])),
                  **{p: coarse(draw(st.floats(0, 5000))) for p in PAYER_NAMES}} for i in items}
    consequences = [{"item": i, "delta_per_success": draw(
        st.lists(st.floats(-50, 50).map(coarse), min_size=1, max_size=draw(years)))}
        for i in items]
    settings_v2: dict = {}
    if v2:
        vectors = st.lists(st.floats(-50, 50).map(coarse), min_size=1, max_size=horizon + 5)
        for cons in consequences:
            kind = draw(st.sampled_from(["success", "course", "both"]))
            if kind != "success":
                cons["during_course"] = draw(vectors)
            if kind == "course":
                del cons["delta_per_success"]
            elif draw(st.booleans()):
                cons["delta_per_success"] = draw(vectors)
        committee = st.sampled_from(COMMITTEES)
        for line in costs + saved:
            if draw(st.booleans()):
                line["budget_area"] = draw(committee)
        for price in prices.values():
            price["area"] = draw(st.sampled_from(AREAS))
            if draw(st.integers(0, 3)) == 0:
                price["budget_area"] = draw(committee)
        if draw(st.booleans()):
            used = sorted({price["area"] for price in prices.values()})
            settings_v2["budget_areas"] = {a: draw(committee) for a in used if draw(st.booleans())}
        if draw(st.booleans()):
            settings_v2["budget_period_years"] = draw(st.integers(1, horizon))
    data = {
        "som_version": 1,
        "meta": {"title": "egenskab"},
        "settings": {"start_year": 2025, "horizon_years": horizon, "price_year": 2025,
                     "discount_rate": draw(st.sampled_from([0.0, 0.035, "finansministeriet"])),
                     "consequence_start": draw(st.sampled_from(["completion_year", "year_after"])),
                     **settings_v2},
        "intervention": {"name": "x",
                         "participants": draw(st.lists(st.floats(0, 500).map(coarse), min_size=1,
                                                       max_size=draw(years))),
                         "course_years": draw(st.integers(0, 3)),
                         "completion_rate": coarse(draw(st.floats(0, 1))),
                         "success_rate": coarse(draw(st.floats(min_success_rate, 1)))},
        "costs": costs,
        "saved_costs": saved,
        "consequences": consequences,
        "prices": prices,
    }
    assume(within_bounds(Calculation.model_validate(data)))
    return data
