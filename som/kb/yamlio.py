"""Reading one knowledge-base file: bounded like a calculation file (`som.io.textload`).

The same reader as calculation files: at most 5 MB are read (an overlay's 200 MB prices.yaml is
refused after 5 MB, not read whole), duplicate and unhashable keys are refused, alias bombs and
deep nesting are stopped, and the message is Danish with its line number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from som.io.textload import GroupedNumbers, LoadError, decode, load_yaml, read_capped


def is_price_amount(path: tuple) -> bool:
    """A price record's kroner (prices.yaml, list of records), where "1.650" is refused as
    ambiguous; the loader applies it to every knowledge-base file, where only price records have
    these keys at this depth."""
    match path:
        case (int(), "kommune" | "region" | "stat"):
            return True
        case (int(), "refusion", "gross"):
            return True
    return False


def read_yaml(path: Path) -> tuple[Any, str | None]:
    """(data, None) or (None, Danish message) for one file."""
    try:
        return load_yaml(decode(read_capped(path)), is_price_amount), None
    except GroupedNumbers as exc:
        return None, "; ".join(f"{where}: {message}" for where, message in exc.problems)
    except LoadError as exc:
        return None, f"{exc.where}: {exc.message}" if exc.where else exc.message


def read_version(path: Path) -> str:
    """The VERSION file's text ('' if it cannot be read as small UTF-8 text)."""
    try:
        return decode(read_capped(path, 1024)).strip()
    except LoadError:
        return ""
