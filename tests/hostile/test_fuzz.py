"""Fuzzing `som` with mutated examples, overlays and exported workbooks (issue 15).

Every case runs `som` in its own process (a fork of a warmed-up server, hostile_harness) and must
end in one of two ways, within 10 s and 500 MB:

- exit 0 with finite, self-consistent figures: totals = Σ by_year = Σ by_payer, net = gains +
  saved costs − costs (in total, per payer and per year), cumulative net = running sum;
- exit 1 with a Danish message;

never exit 3, a traceback, pydantic's or a parser's English, or a numpy warning (numpy raises in
the child). The budget fits CI (~30 s); `make fuzz` runs the same at a larger budget:

    make fuzz                                    # 3,000 cases and 300 workbooks
    SOM_FUZZ_SEED=7 make fuzz FUZZ_CASES=10000   # another series, more cases

A failing case is kept under the test's tmp folder and reported with its seed and number, so
`hostile_mutate.case(seed, n, folder, workbooks)` rebuilds it.
"""

from __future__ import annotations

import json
import math
import os
import shutil

import pytest
from hostile_harness import ForkServer
from hostile_mutate import EXAMPLES, case

SEED = int(os.environ.get("SOM_FUZZ_SEED", "15"))
CASES = int(os.environ.get("SOM_FUZZ_CASES", "200"))
WORKBOOKS = int(os.environ.get("SOM_FUZZ_WORKBOOKS", "16"))
TOLERANCE = 0.01  # kr: figures below MAX_FLOWS agree to the øre
PAYERS = ("kommune", "region", "stat")
FLOWS = ("costs", "saved_costs", "gains", "net")


def _strict_json(text: str):
    def refuse(name):
        raise ValueError(f"ikke-endeligt tal i JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def consistency_problems(result: dict) -> list[str]:
    """What is inconsistent in a `som run --format json` result ([] if nothing)."""
    out = []
    stack = [result]
    while stack:
        value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            out.append("ikke-endeligt tal")
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    totals, by_payer, by_year = result["totals"], result["by_payer"], result["by_year"]
    for key in FLOWS:
        if not _close(math.fsum(row[key] for row in by_year), totals[key]):
            out.append(f"Σ by_year.{key} ≠ totals.{key}")
        if not _close(math.fsum(by_payer[p][key] for p in PAYERS), totals[key]):
            out.append(f"Σ by_payer.{key} ≠ totals.{key}")
    for where, row in [("totals", totals), *((f"by_payer.{p}", by_payer[p]) for p in PAYERS),
                       *((f"by_year[{row['year']}]", row) for row in by_year)]:
        if not _close(row["gains"] + row["saved_costs"] - row["costs"], row["net"]):
            out.append(f"{where}: net ≠ gains + saved_costs − costs")
    running = 0.0
    for row in by_year:
        running += row["net"]
        if not _close(running, row["cumulative_net"]):
            out.append(f"by_year[{row['year']}].cumulative_net ≠ Σ net")
        if not _close(math.fsum(row[p] for p in PAYERS), row["net"]):
            out.append(f"by_year[{row['year']}]: Σ payers ≠ net")
    period = result.get("budget_period")  # spec v2 §2.11
    if period is not None:
        first, last = period["years"]
        rows = [r for r in by_year if first <= r["year"] <= last]
        for key in ("net", *PAYERS):
            if not _close(math.fsum(r[key] for r in rows), period[key]):
                out.append(f"budget_period.{key} ≠ Σ by_year")
    areas = result.get("by_budget_area")  # spec v2 §2.12: the kommune's net, split on udvalg
    if areas:
        if not _close(math.fsum(a["net"] for a in areas), by_payer["kommune"]["net"]):
            out.append("Σ by_budget_area.net ≠ by_payer.kommune.net")
        for a in areas:
            if not _close(a["gains"] + a["saved_costs"] - a["costs"], a["net"]):
                out.append(f"by_budget_area[{a['area']}]: net ≠ gains + saved_costs − costs")
        transfers = [a["transfer"] for a in areas]
        if None not in transfers and not _close(math.fsum(transfers), 0.0):
            out.append("Σ by_budget_area.transfer ≠ 0")
    return out


def _check(outcome, folder) -> list[str]:
    problems = outcome.problems(strip=(str(folder),))
    if outcome.rc == 0 and outcome.argv[0] == "run" and not problems:
        try:
            problems += consistency_problems(_strict_json(outcome.stdout))
        except (ValueError, KeyError) as exc:
            problems.append(f"uddata kan ikke læses: {exc}")
    return problems


def _run(kinds, count, tmp_path, workbooks=()):
    failures, outcomes = [], {0: 0, 1: 0}
    with ForkServer(tmp_path / "server") as server:
        for n in range(count):
            folder = tmp_path / f"c{n}"
            folder.mkdir()
            c = case(SEED, n, folder, list(workbooks), kinds)
            outcome = server.run(c.argv, cwd=folder)
            problems = _check(outcome, folder)
            outcomes[outcome.rc] = outcomes.get(outcome.rc, 0) + 1
            if problems:
                failures.append(f"SOM_FUZZ_SEED={SEED} case {n} ({c.kind}; {'; '.join(c.notes)}):"
                                f" {problems}\n  som {' '.join(c.argv)}\n  "
                                f"{outcome.stderr.strip()[-600:]}")
            else:
                shutil.rmtree(folder)
    return failures, outcomes


def test_fuzz_calculation_files_and_overlays(tmp_path):
    (tmp_path / "server").mkdir()
    failures, outcomes = _run(("tekst",) * 4 + ("overlay",), CASES, tmp_path)
    assert not failures, "\n".join(failures[:10]) + f"\n({len(failures)} i alt)"
    assert outcomes[0] and outcomes[1], outcomes  # the mutations reach both outcomes


@pytest.fixture(scope="module")
def exported_workbooks(tmp_path_factory):
    """Workbooks exported by som itself: one with a target group's profile from the knowledge
    base and v2 keys (cti_udvalg), one with an uncertainty block."""
    import som
    from som.io.excel.export import export_workbook

    folder = tmp_path_factory.mktemp("arbejdsboeger")
    out = []
    for example in [e for e in EXAMPLES if e.stem in ("cti_udvalg", "move_usikkerhed")]:
        target = folder / f"{example.stem}.xlsx"
        export_workbook(som.api.calculate_file(example), target)
        out.append(target)
    return out


@pytest.mark.slow
def test_fuzz_exported_workbooks(tmp_path, exported_workbooks):
    (tmp_path / "server").mkdir()
    failures, outcomes = _run(("xlsx",), WORKBOOKS, tmp_path, exported_workbooks)
    assert not failures, "\n".join(failures[:10]) + f"\n({len(failures)} i alt)"
