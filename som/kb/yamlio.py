"""Safe YAML reading that refuses duplicate keys.

PyYAML silently keeps the last of two equal keys; in a price file that would hide a typo such as
two `kommune:` lines. We build the mapping ourselves and report every duplicate with its line.
The C loader is used when PyYAML was built with libyaml (about 10x faster), else the pure one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping repeats a key."""


class _UniqueKeyLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            raise DuplicateKeyError(
                None, None, f"nøglen {key!r} står to gange", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """Parse YAML text; raises yaml.YAMLError (incl. DuplicateKeyError) on bad input."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def read_yaml(path: Path) -> tuple[Any, str | None]:
    """(data, None) or (None, Danish message) for one file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "filen er ikke gyldig UTF-8"
    except OSError as exc:
        return None, f"kan ikke læses ({exc.strerror or exc})"
    try:
        return parse_yaml(text), None
    except yaml.YAMLError as exc:
        return None, describe_yaml_error(exc)


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """A one-line Danish description of a YAML error with its line number."""
    mark = getattr(exc, "problem_mark", None)
    where = f"linje {mark.line + 1}, kolonne {mark.column + 1}: " if mark is not None else ""
    if isinstance(exc, DuplicateKeyError):
        return f"{where}{exc.problem}"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{where}ugyldig YAML ({problem})"
