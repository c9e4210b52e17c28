"""The file's `uncertainty:` block -> independent random sources and what each one drives.

Cross-field checks live here because they need the rest of the file: the success-rate range must
hold the file's net success rate, and every `lines[].target` must name an existing cost line or
consequence item (which may come from the knowledge base's target-group profile). Each problem
names its exact key, and all are raised together as one InputError.

What is drawn jointly and what independently (docs/uncertainty.md):
- one draw of the success rate per trial;
- one draw per global factor (`costs`, `consequences`, `prices`) per trial, shared by every line
  or item it applies to: a systematic error, e.g. "all costs run 20 % over budget";
- one independent draw per `lines` entry, replacing the global factor for that line or item;
- saved costs have no global factor: they vary only through their own `saved_costs[n]` lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som import bounds
from som.build import Built
from som.core.uncertainty import Mapping, Sources
from som.errors import InputError, Problem
from som.schema import Calculation
from som.uncertainty.schema import parse_target

GLOBAL_LABELS = {
    "success_rate": "Succesrate (netto)",
    "costs": "Omkostninger (alle linjer)",
    "consequences": "Konsekvenser pr. succes (alle poster)",
    "prices": "Priser (alle poster)",
}
TARGET_LABELS = {
    "costs": "Omkostning",
    "saved_costs": "Sparet udgift",
    "prices": "Pris",
    "consequences": "Konsekvens",
}
KIND_NAMES = {"costs": "omkostningslinje", "saved_costs": "linje med sparede udgifter"}


@dataclass(frozen=True)
class Source:
    """One independent random input as the user named it."""

    key: str  # "success_rate", "costs", "costs[0]", "prices.kontanthjaelp_uge", ...
    label: str  # Danish, for tables and charts
    low: float
    mode: float
    high: float
    uncertain: bool  # given in the file (a zero-width range counts: the user said so)


@dataclass(frozen=True)
class Spec:
    sources: list[Source]
    mapping: Mapping

    @property
    def arrays(self) -> Sources:
        return Sources(low=np.array([s.low for s in self.sources]),
                       mode=np.array([s.mode for s in self.sources]),
                       high=np.array([s.high for s in self.sources]))

    @property
    def uncertain(self) -> np.ndarray:
        """Indices of the sources the file gives a range for."""
        return np.array([n for n, s in enumerate(self.sources) if s.uncertain], dtype=int)


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _line_names(calc: Calculation, kind: str) -> list[str]:
    return [line.name for line in getattr(calc, kind)]


def resolve(calc: Calculation, built: Built) -> Spec:
    """The sources and mapping for `calc` (already built against its knowledge base)."""
    block = calc.uncertainty
    problems: list[Problem] = []
    rate0 = float(built.core.success_rate)
    item_ids = [info.id for info in built.items]
    item_names = {info.id: info.name for info in built.items}

    sources: list[Source] = []
    rate = block.success_rate if block else None
    if rate is not None and not rate.low <= rate0 <= rate.high:
        problems.append(Problem(
            "uncertainty.success_rate",
            f"intervallet [{_num(rate.low)}; {_num(rate.high)}] skal indeholde filens "
            f"(netto)succesrate {_num(rate0)}"))
    sources.append(Source("success_rate", GLOBAL_LABELS["success_rate"],
                          rate.low if rate else rate0, rate0, rate.high if rate else rate0,
                          rate is not None))
    for key in ("costs", "consequences", "prices"):
        factor = getattr(block, key) if block else None
        sources.append(Source(key, GLOBAL_LABELS[key], factor.low if factor else 1.0, 1.0,
                              factor.high if factor else 1.0, factor is not None))

    # Saved costs have no global factor: a fixed 1.0 source (index 4) drives those without a line.
    sources.append(Source("saved_costs", "Sparede udgifter", 1.0, 1.0, 1.0, False))
    cost = np.full(len(calc.costs), 1, dtype=int)
    saved = np.full(len(calc.saved_costs), 4, dtype=int)
    consequence = np.full(len(item_ids), 2, dtype=int)
    price = np.full(len(item_ids), 3, dtype=int)

    seen: dict[str, int] = {}
    for j, line in enumerate(block.lines if block else []):
        where = f"uncertainty.lines[{j}].target"
        if line.target in seen:
            problems.append(Problem(where, f"{line.target} har allerede et interval i "
                                           f"uncertainty.lines[{seen[line.target]}]"))
            continue
        seen[line.target] = j
        kind, ref = parse_target(line.target)
        index = len(sources)
        if kind in ("costs", "saved_costs"):
            names = _line_names(calc, kind)
            if not isinstance(ref, int) or ref >= len(names):
                count = len(names)
                problems.append(Problem(where, f"{line.target} findes ikke: filen har {count} "
                                               f"{KIND_NAMES[kind]}{'r' if count != 1 else ''}"))
                continue
            (cost if kind == "costs" else saved)[ref] = index
            label = f"{TARGET_LABELS[kind]}: {names[ref]}"
        else:
            rows = [n for n, item in enumerate(item_ids) if item == ref]
            if not rows:
                known = ", ".join(dict.fromkeys(item_ids)) or "ingen"
                problems.append(Problem(where, f"ukendt post {ref!r}: beregningen har ingen "
                                               f"konsekvens for den (kendte: {known})"))
                continue
            (consequence if kind == "consequences" else price)[rows] = index
            label = f"{TARGET_LABELS[kind]}: {item_names[ref]}"
        sources.append(Source(line.target, label, line.low, 1.0, line.high, True))

    if problems:
        raise InputError(problems)
    overridden = {parse_target(t)[0] for t in seen}
    sources = [_others(s) if s.key in overridden and s.key != "saved_costs" else s for s in sources]
    spec = Spec(sources, Mapping(rate=0, cost=cost, saved=saved, consequence=consequence,
                                 price=price))
    bounds.check_uncertainty(built, spec)  # the highest draw stays within the bounds too
    return spec


def _others(source: Source) -> Source:
    """A global factor some lines override applies to the others only: say so in its label."""
    label = source.label.replace("(alle linjer)", "(øvrige linjer)").replace("(alle poster)",
                                                                            "(øvrige poster)")
    return Source(source.key, label, source.low, source.mode, source.high, source.uncertain)


def check_uncertainty(calc: Calculation, built: Built) -> None:
    """Raise InputError if the file's uncertainty block does not fit the rest of the file."""
    if calc.uncertainty is not None:
        resolve(calc, built)
