"""Bounded reading and parsing of YAML and JSON: calculation files and knowledge-base files.

Everything a file can make us do is bounded before it is done (docs/hostile.md):

- bytes: at most `limit` + 1 bytes are read, whatever the path is (a device such as /dev/zero, a
  pipe, a FIFO without a writer); the size that `stat` reports is never trusted;
- YAML tokens: a file too large to be harmless is scanned first, and the scanner stops at
  MAX_YAML_TOKENS, before any Python object is built (building is the slow part: ~10 µs each);
- parsed data: walked once without recursion, every alias counted each time it is used, so a
  324-byte alias bomb (9^9 list items) is refused after MAX_VALUES steps instead of expanded;
- nesting: at most MAX_DEPTH levels (libyaml stops at 1000, json at Python's recursion limit).

Every problem is a `LoadError(where, message)` in Danish naming a line and column (syntax) or a
key path (size); the callers add the file name.
"""

from __future__ import annotations

import json
import os
import re
import select
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from som.io.parse_messages import danish_json_problem, danish_os_error, danish_yaml_problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_YAML_TOKENS = 200_000
MAX_VALUES = 100_000
MAX_DEPTH = 20
PIPE_READ_SECONDS = 10.0  # a pipe or device that sends nothing for this long is given up
_SCAN_FROM_CHARS = MAX_YAML_TOKENS // 2  # a YAML text has at most ~2 tokens per character
_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadError(Exception):
    """One problem with a file's bytes, syntax or size; `where` is '' or 'linje 3, kolonne 5'."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}" if where else message)
        self.where, self.message = where, message


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB".replace(".", ",")


def read_capped(path: str | Path, limit: int = MAX_FILE_BYTES, refuse: bool = True) -> bytes:
    """The file's bytes, refusing it once more than `limit` bytes have come (never reads more;
    with refuse=False the first limit + 1 bytes are returned for the caller to judge).

    Opened non-blocking so that a FIFO without a writer cannot hang the open; a pipe or device
    that sends nothing for PIPE_READ_SECONDS is refused rather than waited on forever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise LoadError("", f"filen kan ikke læses: {danish_os_error(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError("", "stien er en mappe, ikke en fil")
        regular = stat.S_ISREG(mode)
        if regular:
            os.set_blocking(fd, True)
        deadline = time.monotonic() + PIPE_READ_SECONDS
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            if not regular:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                    raise LoadError("", f"intet at læse i {PIPE_READ_SECONDS:g} sekunder (et rør "
                                        "eller en enhed, ikke en fil?)")
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise LoadError("", f"filen kan ikke læses: {danish_os_error(exc)}") from None
    finally:
        os.close(fd)
    if size > limit and refuse:
        raise LoadError("", f"filen er for stor (over {_mb(limit)}); en beregning eller en fil i "
                            "vidensbasen fylder langt mindre")
    return b"".join(chunks)


def decode(raw: bytes) -> str:
    """UTF-8 text (a leading byte-order mark is dropped), or a LoadError naming the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError(f"linje {line}", f"filen er ikke UTF-8-tekst (byte 0x{raw[exc.start]:02x}); "
                                         "gem den som UTF-8") from None


# -- YAML ---------------------------------------------------------------------------------------
class _KeyProblem(yaml.MarkedYAMLError):
    """A mapping key given twice, one that cannot be a key (a list or a block), or an ambiguous
    number (thousands dots)."""


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loader (libyaml when available) that refuses duplicate and unhashable keys.

    PyYAML silently keeps the last of two equal keys; in a price file that hides a typo such as
    two `kommune:` lines."""


def _construct_mapping(loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in result
        except TypeError:
            raise _KeyProblem(problem="en liste eller blok kan ikke være en nøgle",
                              problem_mark=key_node.start_mark) from None
        if duplicate:
            raise _KeyProblem(problem=f"nøglen {_short(key)} står to gange",
                              problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# "600.000" is 600 to YAML but 600000 to a Dane writing a thousands separator. In YAML, the
# format people edit by hand, a number written as 1-3 digits followed by groups of exactly three
# after dots (1.500, 600.000, but not 0.035 or 1.5) is ambiguous where the field holds kroner or
# people: nobody prices in thousandths of a krone, so there it is refused. Elsewhere (a change
# in use of -5.056 weeks, an index of 118.680) three decimals are ordinary and the number stands.
# JSON keeps its own number grammar: it is written by programs (docs/calculation.md).
_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+")


def thousands_problem(text: str) -> str | None:
    """The Danish message for a number that looks like it has thousands dots, else None.

    >>> thousands_problem("0.035") is None, thousands_problem("600.5") is None
    (True, True)
    >>> thousands_problem("600.000")[:50]
    "'600.000' er tvetydigt: skriv 600000 uden punktum "
    """
    if not _THOUSANDS.fullmatch(text):
        return None
    whole = text.replace(".", "")
    return (f"'{text}' er tvetydigt: skriv {whole} uden punktum (tusindtalspunktum bruges ikke "
            f"i filen), eller {float(text)!r}, hvis du mener et decimaltal")


class Grouped(float):
    """A float written like a Danish thousands grouping; `text` and `line` say where."""

    text: str
    line: int


def _construct_float(loader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    if _THOUSANDS.fullmatch(node.value):
        value = Grouped(value)
        value.text, value.line = node.value, node.start_mark.line + 1
        loader.grouped = True  # load_yaml walks the data for them only then
    return value


def ungroup(data: Any, money: Callable[[tuple], bool], found: list, path: tuple = ()) -> Any:
    """`data` with every Grouped number a plain float; one (line, message) in `found` for each
    where `money(path)` says the field holds kroner or people."""
    if isinstance(data, Grouped):
        if money(path):
            found.append((f"linje {data.line}", thousands_problem(data.text) or ""))
        return float(data)
    if isinstance(data, dict):
        return {k: ungroup(v, money, found, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [ungroup(v, money, found, (*path, n)) for n, v in enumerate(data)]
    return data


class GroupedNumbers(LoadError):
    """Numbers written with thousands dots in kroner or people: every one of them (`problems`),
    and the data read with them as YAML reads them (`data`), so the caller can add the file's
    other problems and say all at once."""

    def __init__(self, problems: list[tuple[str, str]], data: Any):
        super().__init__(*problems[0])
        self.problems, self.data = problems, data


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _short(value: Any) -> str:
    from som.errors import shown

    return shown(value, 40)


def _mark(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"linje {mark.line + 1}, kolonne {mark.column + 1}" if mark is not None else ""


def _scan(text: str) -> None:
    """Count YAML tokens, stopping at MAX_YAML_TOKENS (cheap: no objects are built)."""
    if len(text) < _SCAN_FROM_CHARS:
        return
    loader = _BASE_LOADER(text)
    try:
        count = 0
        while loader.check_token():
            loader.get_token()
            count += 1
            if count > MAX_YAML_TOKENS:
                raise LoadError("", f"filen har for mange YAML-elementer (over "
                                    f"{MAX_YAML_TOKENS:,}); en beregning har langt færre"
                                .replace(",", "."))
    finally:
        loader.dispose()


def load_yaml(text: str, money: Callable[[tuple], bool] = lambda path: False) -> Any:
    """YAML text -> plain data, bounded in time and memory; LoadError in Danish otherwise.

    `money(path)` tells which fields hold kroner or people, where a thousands-like number such
    as 600.000 is refused as ambiguous (see `thousands_problem`)."""
    try:
        _scan(text)
        loader = _Loader(text)  # what yaml.load does, keeping the loader to ask it afterwards
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _KeyProblem as exc:
        raise LoadError(_mark(exc), exc.problem) from None
    except yaml.YAMLError as exc:
        raise LoadError(_mark(exc), danish_yaml_problem(exc)) from None
    except RecursionError:
        raise LoadError("", f"filen er for dybt indlejret (højst {MAX_DEPTH} niveauer)") from None
    except (ValueError, OverflowError, TypeError) as exc:  # a timestamp or an int PyYAML rejects
        raise LoadError("", danish_yaml_problem(exc)) from None
    check_shape(data)
    if not getattr(loader, "grouped", False):
        return data  # no number like 600.000 anywhere: nothing to walk for
    found: list[tuple[str, str]] = []
    data = ungroup(data, money, found)
    if found:
        raise GroupedNumbers(found, data)
    return data


# -- JSON ---------------------------------------------------------------------------------------
class _DuplicateJsonKey(Exception):
    pass




def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateJsonKey(key)
        out[key] = value
    return out


def load_json(text: str) -> Any:
    """JSON text -> plain data, bounded like load_yaml; LoadError in Danish otherwise."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise LoadError(f"linje {exc.lineno}, kolonne {exc.colno}",
                        danish_json_problem(exc.msg)) from None
    except _DuplicateJsonKey as exc:
        raise LoadError("", f"nøglen {_short(exc.args[0])} står to gange") from None
    except RecursionError:
        raise LoadError("", f"filen er for dybt indlejret (højst {MAX_DEPTH} niveauer)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise LoadError("", danish_json_problem(str(exc))) from None
    check_shape(data)
    return data


# -- size of the parsed data --------------------------------------------------------------------
def _path_text(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def check_shape(data: Any, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH) -> None:
    """Refuse data with more than `max_values` values or deeper than `max_depth` levels.

    Iterative (no recursion) and counts a value reached through an alias each time, so an alias
    bomb costs at most `max_values` steps. The message names where the limit was reached."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    count = 0
    while stack:
        value, path = stack.pop()
        count += 1
        if count > max_values or (isinstance(value, dict | list) and count + len(value) > max_values):
            raise LoadError(_path_text(path), f"filen har for mange værdier (over "
                                              f"{max_values:,}; gentagne henvisninger (*anker) "
                                              "tæller hver gang)".replace(",", "."))
        if isinstance(value, dict | list):
            if len(path) >= max_depth:
                raise LoadError(_path_text(path), f"filen er for dybt indlejret (højst "
                                                  f"{max_depth} niveauer)")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, (*path, k)) for k, v in items)
