"""Follow-up (opfølgning): realised starters, successes and costs against a stored calculation.

Definitions (docs/store.md, "Opfølgning"), for a calendar year y inside the horizon:

1. Starters: a recorded number of participants replaces N[y]; other years keep the forecast.
2. Successes are recorded for the cohort that STARTED in year y. They imply that cohort's
   success rate: r_y = S'_y / (N[y] · completion_rate), minus success_rate_baseline when the
   calculation states one (recorded successes are then counted before deadweight; with a plain
   success_rate they are taken as net). Cohorts without recorded successes keep the forecast r.
   The engine's §2.2 then gives successes S[c] = N[c − course_years] · completion_rate ·
   r_{c − course_years}, i.e. exactly the recorded (net) number for followed-up cohorts.
3. Costs: a recorded amount is the year's total own costs at the calculation's price level. It
   replaces every cost line in that year and is split on payers like that year's forecast (all
   years' split if the year had no forecast costs; kommune if there are no forecast costs).
   Other years keep their cost lines, with per-participant lines on the realised starters.
4. Saved costs, consequences, prices and discounting are the forecast's, and the figures come
   from the engine's own functions (spec §2.2–2.10) — no new arithmetic here.

Several rows for the same year are allowed (corrections): for each figure, the latest recorded
value wins. The break-even success rate is not defined once cohorts have different rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from som import bounds as B
from som.core.engine import (
    PAYERS,
    CoreOutput,
    discount_factors,
    item_gains,
    lag_kernel,
    payer_totals,
    successes,
)
from som.core.summary import summarise
from som.errors import InputError, Problem
from som.schema import Calculation

FIELDS = ("participants", "successes", "costs")


def check_followup(calc: Calculation, new, existing=()) -> None:
    """Refuse a follow-up row `new` (a FollowupRecord) that cannot mean anything, alone or with
    the rows recorded before it; one Danish line per problem."""
    s = calc.settings
    last = s.start_year + s.horizon_years - 1
    problems = []
    if not s.start_year <= new.year <= last:
        problems.append(Problem("year", f"året {new.year} ligger uden for beregningens horisont "
                                        f"{s.start_year}–{last}"))
    values = {name: getattr(new, name) for name in FIELDS}
    if all(v is None for v in values.values()):
        problems.append(Problem("", "angiv mindst én af deltagere, succeser eller omkostninger"))
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            problems.append(Problem(key, f"skal være et endeligt tal, fik {value!r}"))
        elif value < 0:
            problems.append(Problem(key, f"må ikke være negativ, fik {value:g}"))
        elif value > (limit := B.MAX_AMOUNT if key == "costs" else B.MAX_PARTICIPANTS):
            shown = f"{limit:,.0f}".replace(",", ".")
            problems.append(Problem(key, f"må højst være {shown}, fik {value:g}"))
        elif B.tiny(value):
            problems.append(Problem(key, B.TINY_MESSAGE.format(value=f"{value:g}")))
    if problems:
        raise InputError(problems)
    forecast = np.zeros(s.horizon_years)
    participants = calc.intervention.participants[: s.horizon_years]
    forecast[: len(participants)] = participants
    problems = recorded_problems(forecast, s.start_year, calc.intervention.completion_rate,
                                 merge_records([*existing, new]))
    if problems:
        raise InputError(problems)


def realised_starters(forecast_starters, start_year: int, recorded) -> np.ndarray:
    """N[y] with recorded participants in place of the forecast (definition 1)."""
    starters = np.array(forecast_starters, dtype=float)
    for year, value in recorded["participants"].items():
        starters[year - start_year] = value
    return starters


def recorded_problems(forecast_starters, start_year: int, completion_rate: float,
                      recorded) -> list[Problem]:
    """Years outside the horizon (e.g. a later version shortened it), and successes that no
    cohort can have: more than its (realised) starters, or with nobody completing."""
    last = start_year + len(forecast_starters) - 1
    outside = sorted({y for name in FIELDS for y in recorded[name] if not start_year <= y <= last})
    if outside:
        return [Problem(f"opfølgning {y}", f"året ligger uden for beregningens horisont "
                                           f"{start_year}–{last}") for y in outside]
    starters = realised_starters(forecast_starters, start_year, recorded)
    problems = []
    for year, value in sorted(recorded["successes"].items()):
        n = starters[year - start_year]
        if value > n:
            problems.append(Problem(f"opfølgning {year}.successes",
                                    f"{value:g} succeser, men kun {n:g} deltagere startede"))
        elif value > 0 and n * completion_rate == 0:
            problems.append(Problem(f"opfølgning {year}.successes",
                                    "succeser registreret, men ingen gennemfører det år"))
    return problems


def merge_records(records) -> dict[str, dict[int, float]]:
    """{field: {year: value}}: the latest non-empty value per year and figure wins.

    `records` in the order they were recorded (Library.followups gives that order)."""
    merged: dict[str, dict[int, float]] = {f: {} for f in FIELDS}
    for rec in records:
        for name in FIELDS:
            value = getattr(rec, name)
            if value is not None:
                merged[name][rec.year] = float(value)
    return merged


@dataclass
class FollowupReport:
    """Forecast (a som Result) against the figures on a realised basis, by year and in total."""

    forecast: object  # som Result
    realised: dict  # spec §3 shape: totals, by_payer, by_year
    rows: list[dict]  # one per year: forecast vs realised
    recorded: dict[str, dict[int, float]]
    cohort_rates: list[float]  # net success rate used per start year
    notes: list[str] = field(default_factory=list)


def realised_output(core, recorded: dict[str, dict[int, float]], calc: Calculation):
    """CoreOutput on the realised basis (definitions in the module docstring)."""
    start, horizon = core.start_year, core.horizon
    problems = recorded_problems(core.starters, start, core.completion_rate, recorded)
    if problems:
        raise InputError(problems)
    starters = realised_starters(core.starters, start, recorded)
    baseline = calc.intervention.success_rate_baseline or 0.0
    rates = np.full(horizon, float(core.success_rate))
    for year, value in recorded["successes"].items():
        completers = starters[year - start] * core.completion_rate
        if completers > 0:
            rates[year - start] = value / completers - baseline

    costs = payer_totals(core.costs, starters)  # C[p, y] with realised starters (§2.4)
    overall = costs.sum(axis=1)
    for year, amount in recorded["costs"].items():
        y = year - start
        split = costs[:, y] if costs[:, y].sum() > 0 else overall
        if split.sum() > 0:
            split = split / split.sum()
        else:
            split = np.array([1.0 if p == "kommune" else 0.0 for p in PAYERS])
        costs[:, y] = amount * split

    # §2.2 per cohort: N[y]·r_y shifted by course_years, times the completion rate.
    success_by_year = successes(starters * rates, core.course_years, core.completion_rate, 1.0)
    out = CoreOutput(
        starters=starters,
        successes=success_by_year,
        costs=costs,
        saved_costs=payer_totals(core.saved_costs, starters),
        gains_by_item=item_gains(success_by_year, lag_kernel(core.delta, core.offset), core.price,
                                 core.sign),
        discount=discount_factors(core.discount_rates),
    )
    return out, rates


def followup_report(calc: Calculation, records, kb_kwargs: dict | None = None,
                    base_dir=None) -> FollowupReport:
    """Forecast vs realised for `calc` with the follow-up rows `records` (FollowupRecord)."""
    from som.api import calculate

    forecast = calculate(calc, base_dir=base_dir, **(kb_kwargs or {}))
    core = forecast.built.core
    recorded = merge_records(records)
    out, rates = realised_output(core, recorded, forecast.calculation)  # effect resolved
    flows = math.fsum(float(np.abs(a).sum()) for a in (out.costs, out.saved_costs,
                                                        out.gains_by_item))
    if flows > B.MAX_FLOWS:  # the same bound as for the forecast (som.bounds, docs/hostile.md)
        raise InputError([Problem("opfølgning", f"med de registrerede tal giver alle beløb "
                                                f"tilsammen {flows:,.0f} kr.; højst "
                                                f"{B.MAX_FLOWS:,.0f} kr.".replace(",", "."))])
    uniform = bool(np.all(rates == core.success_rate))
    realised = summarise(out, core.start_year, core.success_rate)
    B.check_finite(realised)
    notes = []
    if not uniform:
        realised["totals"]["break_even_success_rate"] = None
        notes.append("Den kritiske succesrate er ikke defineret, når årgangene har forskellige "
                      "succesrater.")
    if np.any(rates < 0):
        notes.append("Mindst én årgang har færre succeser end grundniveauet (negativ nettoeffekt).")

    forecast_cohort = successes(core.starters, 0, core.completion_rate, core.success_rate)
    realised_cohort = successes(out.starters * rates, 0, core.completion_rate, 1.0)
    rows = []
    for y, (f_row, r_row) in enumerate(zip(forecast.by_year, realised["by_year"], strict=True)):
        year = f_row["year"]
        rows.append({
            "year": year,
            "participants_forecast": float(core.starters[y]),
            "participants_realised": recorded["participants"].get(year),
            "successes_forecast": float(forecast_cohort[y]),
            "successes_realised": recorded["successes"].get(year),
            "successes_basis": float(realised_cohort[y]),
            "costs_forecast": f_row["costs"],
            "costs_realised": recorded["costs"].get(year),
            "costs_basis": r_row["costs"],
            "net_forecast": f_row["net"],
            "net_realised": r_row["net"],
            "cumulative_forecast": f_row["cumulative_net"],
            "cumulative_realised": r_row["cumulative_net"],
            "recorded": any(year in recorded[f] for f in FIELDS),
        })
    return FollowupReport(forecast, realised, rows, recorded, rates.tolist(), notes)
