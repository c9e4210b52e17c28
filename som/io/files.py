"""Reading and writing calculation files (YAML and JSON, spec §1).

Reading is bounded in bytes, time and memory and every problem is one Danish message naming the
line or key (`som.io.textload`): duplicate keys are refused (PyYAML would silently keep the last
one), syntax errors give line and column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from som.errors import InputError, Problem, problems_from_validation
from som.io import textload
from som.io.textload import MAX_FILE_BYTES, LoadError
from som.schema import Calculation

__all__ = ["MAX_FILE_BYTES", "calculation_from_data", "dump_json", "dump_yaml",
           "load_calculation_file", "parse_json", "parse_yaml", "read_text"]


def _input_error(exc: LoadError, source: str) -> InputError:
    return InputError([Problem(exc.where, exc.message)], source)


def is_money_or_people(path: tuple) -> bool:
    """Fields of a calculation file that hold kroner or people (spec §1), where "600.000" is
    refused as ambiguous: cost and saved-cost amounts, inline prices, participants."""
    match path:
        case ("costs" | "saved_costs", int(), "amount"):
            return True
        case ("costs" | "saved_costs", int(), "amounts", int()):
            return True
        case ("prices", _, "kommune" | "region" | "stat"):
            return True
        case ("intervention", "participants", int()):
            return True
    return False


def parse_yaml(text: str, source: str = "") -> Any:
    """YAML text -> Python data, or InputError with a Danish message naming the line. Numbers
    with thousands dots are all listed, together with the file's other problems."""
    try:
        return textload.load_yaml(text, is_money_or_people)
    except textload.GroupedNumbers as exc:
        problems = [Problem(where, message) for where, message in exc.problems]
        try:
            calculation_from_data(exc.data, source)
        except InputError as more:
            problems += more.problems
        raise InputError(problems, source) from None
    except LoadError as exc:
        raise _input_error(exc, source) from None


def parse_json(text: str, source: str = "") -> Any:
    try:
        return textload.load_json(text)
    except LoadError as exc:
        raise _input_error(exc, source) from None


def calculation_from_data(data: Any, source: str = "") -> Calculation:
    """Validate parsed data against the schema; all problems at once."""
    if not isinstance(data, dict):
        raise InputError(
            [Problem("", "filen skal være en blok med nøgler (som_version, meta, settings, ...)")],
            source,
        )
    try:
        return Calculation.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, model=Calculation), source) from None


def read_text(path: Path) -> str:
    """The file as text: at most MAX_FILE_BYTES are read, whatever the path is."""
    try:
        return textload.decode(textload.read_capped(path))
    except LoadError as exc:
        raise _input_error(exc, str(path)) from None


def load_calculation_file(path: str | Path) -> Calculation:
    """A YAML or JSON calculation file -> Calculation (InputError on any problem)."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        data = parse_json(text, str(path))
    else:
        data = parse_yaml(text, str(path))
    return calculation_from_data(data, str(path))


class _Dumper(yaml.SafeDumper):
    """Writes a float that would read as a Danish thousands grouping ("123.456") with one more
    digit ("123.4560"), so the reader's ambiguity check never refuses what som wrote."""


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    node = dumper.represent_float(value)
    if textload.thousands_problem(node.value):
        node.value += "0"
    return node


_Dumper.add_representer(float, _represent_float)


def dump_yaml(calc: Calculation) -> str:
    """Calculation -> YAML text that loads back into an equal Calculation."""
    return yaml.dump(calc.to_data(), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100)


def dump_json(calc: Calculation) -> str:
    return json.dumps(calc.to_data(), ensure_ascii=False, indent=2)
