"""Reading and writing calculation files (YAML and JSON, spec §1).

The YAML reader refuses duplicate keys (PyYAML would silently keep the last one) and reports
syntax errors with line and column, in Danish.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from som.errors import InputError, Problem, problems_from_validation
from som.schema import Calculation

MAX_FILE_BYTES = 5 * 1024 * 1024
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: object, line: int):
        self.key, self.line = key, line


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """Safe loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: let the base loader report it
            continue
        if duplicate:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, source: str = "") -> Any:
    """YAML text -> Python data, or InputError with a Danish message naming the line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as dup:
        raise InputError(
            [Problem(f"linje {dup.line}", f"nøglen {dup.key!r} står to gange")], source
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        raise InputError([Problem(where, f"ugyldig YAML: {exc.problem}")], source) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem("", f"ugyldig YAML: {exc}")], source) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"nøglen {key!r} står to gange")
        out[key] = value
    return out


def parse_json(text: str, source: str = "") -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        where = f"linje {exc.lineno}, kolonne {exc.colno}"
        raise InputError([Problem(where, f"ugyldig JSON: {exc.msg}")], source) from None
    except ValueError as exc:
        raise InputError([Problem("", str(exc))], source) from None


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
        raise InputError(problems_from_validation(exc), source) from None


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([Problem("", f"filen kan ikke læses: {exc.strerror}")], str(path)) from None
    if size > MAX_FILE_BYTES:
        raise InputError(
            [Problem("", f"filen er for stor ({size:,} byte; højst {MAX_FILE_BYTES:,})")], str(path)
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem("", "filen er ikke UTF-8-tekst")], str(path)) from None
    except OSError as exc:
        raise InputError([Problem("", f"filen kan ikke læses: {exc.strerror}")], str(path)) from None


def load_calculation_file(path: str | Path) -> Calculation:
    """A YAML or JSON calculation file -> Calculation (InputError on any problem)."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        data = parse_json(text, str(path))
    else:
        data = parse_yaml(text, str(path))
    return calculation_from_data(data, str(path))


def dump_yaml(calc: Calculation) -> str:
    """Calculation -> YAML text that loads back into an equal Calculation."""
    return yaml.safe_dump(calc.to_data(), allow_unicode=True, sort_keys=False, width=100)


def dump_json(calc: Calculation) -> str:
    return json.dumps(calc.to_data(), ensure_ascii=False, indent=2)
