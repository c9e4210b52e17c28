"""Plain Danish notes on a result (spec v2 §3 `notes`): what the horizon leaves out.

Consequence vectors run by years since success (or since starting) and are cut at the horizon,
never refused (spec v2 §1, §2.5); these sentences say how much is cut, so a short budget view of a
long profile is never mistaken for the whole effect.
"""

from __future__ import annotations

import numpy as np

from som import fmt
from som.build import Built
from som.core.engine import PAYERS, CoreOutput
from som.core.horizon import beyond_horizon


def _length(vectors: np.ndarray) -> int:
    """Years up to the last non-zero value of the longest vector."""
    nonzero = np.nonzero(np.any(vectors != 0, axis=0))[0]
    return int(nonzero[-1]) + 1 if nonzero.size else 0


def _cut_sentence(what: str, since: str, length: int, cohorts: np.ndarray, offset: int,
                  start_year: int, horizon: int) -> str | None:
    """'The profile runs 10 years; for the cohort of 2025 4 of them are counted, …'."""
    if length == 0 or cohorts.size == 0:
        return None
    counted = np.clip(horizon - cohorts - offset, 0, length)
    if counted.min() == length:
        return None
    last = start_year + horizon - 1
    first_c, last_c = int(cohorts[0]), int(cohorts[-1])
    head = (f"{what} rækker {length} år efter {since}, men horisonten slutter i {last}: "
            f"for årgangen fra {start_year + first_c} tælles {int(counted[0])} af de {length} år med")
    if last_c != first_c:
        head += f", for årgangen fra {start_year + last_c} {int(counted[-1])}"
    return head + "."


def index_notes(built: Built) -> list[str]:
    """A sentence when a price moves with a projected (not yet observed) index year."""
    years = sorted(r["price_year"] for r in built.records_used
                   if r["kind"] == "price_index" and r.get("projection"))
    if not years:
        return []
    shown = " og ".join(str(y) for y in years) if len(years) <= 2 else (
        ", ".join(str(y) for y in years[:-1]) + f" og {years[-1]}")
    return [f"Prisindekset for {shown} er et skøn i vidensbasen (en fremskrivning eller et "
            "delvist observeret år), ikke Danmarks Statistiks årstal; priserne flyttes til "
            "prisniveauet med det. Vidensbasens indeks viser, hvordan skønnet er lavet."]


def horizon_notes(built: Built, arrays: CoreOutput) -> list[str]:
    """Sentences on consequences and successes that fall after the horizon (none if nothing)."""
    core = built.core
    horizon, start = core.horizon, core.start_year
    last = start + horizon - 1
    delta_full = built.delta_full if built.delta_full is not None else core.delta
    course_full = built.course_full if built.course_full is not None else np.zeros_like(delta_full)
    notes = []
    success_cohorts = np.nonzero(arrays.successes > 0)[0]
    starter_cohorts = np.nonzero(arrays.starters > 0)[0]
    profile, course = _length(delta_full), _length(course_full)
    sentence = _cut_sentence("Konsekvensprofilen", "succes", profile, success_cohorts,
                             core.offset, start, horizon)
    if sentence:
        notes.append(sentence)
    sentence = _cut_sentence("Konsekvenserne under forløbet", "start", course, starter_cohorts, 0,
                             start, horizon)
    if sentence:
        notes.append(sentence)
    # Nothing can fall after the horizon unless a profile is cut or a starter completes after it
    # (then the extended arithmetic below is not needed: the common case, kept cheap).
    late_starter = starter_cohorts.size and starter_cohorts[-1] + core.course_years >= horizon
    if not notes and not late_starter:
        return notes
    beyond = beyond_horizon(core.starters, core.course_years, core.completion_rate,
                            core.success_rate, delta_full, course_full, core.price, core.sign,
                            core.offset)
    if beyond.successes > 0:
        notes.append(f"{fmt.number(beyond.successes, 1)} succeser afslutter først efter {last} "
                     "og tælles ikke med (heller ikke deres konsekvenser).")
    total = float(beyond.gains.sum())
    if abs(total) >= 0.005:
        kommune = float(beyond.gains[PAYERS.index("kommune")])
        word = "Gevinster" if total > 0 else "Konsekvenser"
        notes.append(f"{word} for {fmt.kr(total)} (heraf kommunen {fmt.kr(kommune)}) ligger "
                     f"efter {last} og er ikke medregnet.")
    return notes
