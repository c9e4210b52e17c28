"""Published SØM calculations as checks of the knowledge base (`knowledge_base/cases/*.yaml`).

A case holds the inputs of a calculation someone published (costs, participants, success rate,
target group), the published result with its source and quote, and what we had to assume. It is
run with the base's own defaults - the target group's profile and the base's prices - and our
figure is compared with theirs. A case is a check, never a tuning knob: a profile is not changed
to make a case fit. Cases that are a profile's calibration target have role `kalibreringsmål`
and reproduce their figure by construction; they are listed so the table shows every published
figure the base leans on.

`recorded_ours` in each file is our figure when the table in docs/kb.md was last updated
(`som kb cases --opdater`); a test fails when a case moves more than 10 % from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from som.kb.messages import pydantic_problems
from som.kb.model import KnowledgeBase
from som.kb.schema import Finite, Id, Record, Text
from som.kb.yamlio import read_yaml

CASES_DIR = "cases"
TOLERANCE = 0.10  # a case may move this much from its recorded figure before the table is stale
ROLES = {"kontrol": "kontrol", "kalibreringsmål": "kalibreringsmål", "samme_kilde": "samme kilde"}


class Published(Record):
    value: Finite
    figure: Literal["net", "gains"] = "net"  # the result figure compared
    payer: Literal["alle", "kommune", "region", "stat"] = "alle"
    year: int | None = None  # a single year (index from start_year); None: the whole horizon
    text: Text  # the published figure in the source's words
    url: Text
    quote: Text


class Case(Record):
    id: Id
    title: Text
    role: Literal["kontrol", "kalibreringsmål", "samme_kilde"]
    published: Published | None = None
    reason: str | None = None  # why a case without a result or inputs is listed at all
    explanation: str | None = None  # why the ratio is what it is (Danish)
    assumptions: list[Text] = Field(default_factory=list)
    calculation: dict[str, Any] | None = None
    recorded_ours: Finite | None = None


@dataclass(frozen=True)
class CaseRun:
    case: Case
    ours: float | None
    message: str | None = None  # Danish, when the case could not be run

    @property
    def theirs(self) -> float | None:
        return self.case.published.value if self.case.published else None

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.theirs:
            return None
        return self.ours / self.theirs

    @property
    def moved(self) -> float | None:
        """Relative change from the recorded figure (None if nothing to compare)."""
        rec = self.case.recorded_ours
        if self.ours is None or rec is None or rec == 0:
            return None
        return self.ours / rec - 1.0


def cases_dir(kb: KnowledgeBase) -> Path:
    return Path(kb.path) / CASES_DIR


def load_cases(folder: Path) -> tuple[list[Case], list[tuple[str, str]]]:
    """Every case file in `folder` (sorted by name) and the problems of those that do not load."""
    cases, problems = [], []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data, err = read_yaml(path)
        if err:
            problems.append((path.name, err))
            continue
        try:
            case = Case.model_validate(data)
        except ValidationError as exc:
            problems.extend((f"{path.name}: {k}", m) for k, m in pydantic_problems(exc))
            continue
        if case.id != path.stem:
            problems.append((f"{path.name}: id", f"id {case.id!r} skal være filens navn"))
            continue
        cases.append(case)
    return cases, problems


def _figure(result: Any, pub: Published) -> float:
    key = "gains" if pub.figure == "gains" else "net"
    if pub.year is not None:
        row = result.by_year[pub.year]
        if pub.figure == "gains" and pub.payer == "alle":
            return float(row["gains"])
        return float(row["net"] if pub.payer == "alle" else row[pub.payer])
    if pub.payer == "alle":
        return float(result.totals[key])
    return float(result.by_payer[pub.payer][key])


def run_case(case: Case, kb: KnowledgeBase) -> CaseRun:
    """Our figure for `case`, calculated with `kb`'s defaults."""
    if case.calculation is None or case.published is None:
        return CaseRun(case, None, "ikke kørt: " + (case.reason or "inputs eller resultat mangler"))
    import som
    from som.errors import InputError
    from som.io.files import calculation_from_data

    try:
        result = som.calculate(calculation_from_data(case.calculation, case.id), kb=kb)
    except InputError as exc:
        return CaseRun(case, None, exc.render())
    return CaseRun(case, _figure(result, case.published))


def run_all(kb: KnowledgeBase) -> tuple[list[CaseRun], list[tuple[str, str]]]:
    cases, problems = load_cases(cases_dir(kb))
    return [run_case(c, kb) for c in cases], problems


_RECORDED = re.compile(r"^recorded_ours:.*$", re.MULTILINE)


def record(kb: KnowledgeBase, runs: list[CaseRun]) -> list[str]:
    """Write each run's figure to its file's `recorded_ours` line; returns the files changed."""
    changed = []
    for run in runs:
        if run.ours is None:
            continue
        path = cases_dir(kb) / f"{run.case.id}.yaml"
        text = path.read_text(encoding="utf-8")
        line = f"recorded_ours: {round(run.ours, 2)}"
        new = _RECORDED.sub(line, text) if _RECORDED.search(text) else text.rstrip() + f"\n{line}\n"
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.name)
    return changed
