"""A seeded mutator for calculation files, knowledge-base overlays and exported workbooks.

Every case is derived from `random.Random(f"{seed}:{n}")`, so case n of a seed can be rebuilt on
its own (`case(seed, n, folder)`) to reproduce a failure. Mutations work on the parsed data
(hostile numbers at and beyond the documented bounds, wrong types, deletions, duplicated and
lengthened lists, unknown keys, share sums a hair off 1) and on the text or bytes (flipped and
inserted bytes, BOMs, NULs, tabs, invalid UTF-8, truncation, YAML anchors, tags, directives and
deep nesting; for workbooks corrupt zip members and cells with hostile values).
"""

from __future__ import annotations

import copy
import json
import random
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml"))
CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
KB = ROOT / "knowledge_base"
OVERLAY_FILES = {
    "prices.yaml": (ROOT / "examples" / "kb_overlay_eksempel" / "prices.yaml"),
    "price_index.yaml": KB / "price_index.yaml",
    "discount.yaml": KB / "discount.yaml",
    "budget_areas.yaml": KB / "budget_areas.yaml",
    "consequence_areas.yaml": KB / "consequence_areas.yaml",
}

HOSTILE_NUMBERS = (1.0e308, -1.0e308, 5e-324, -5e-324, 1e-300, 9.99e-7, 1e-6, 0.0, -0.0, 1e11,
                   1.0000001e11, 99999999999.99, 1e7, 1.0000001e7, 1e5, -1e5, 100.0, 100.5,
                   1e12, 1e15, 1000000000000000.01, 2**53 + 1, 2**63, 10**30, -1, -1e-9, 0.5,
                   1.0000000009, 0.9999999991, 4294967296, 50, 51, 101, 1899, 2201)
HOSTILE_VALUES = (None, True, False, "", "x" * 10_000, "=HYPERLINK(\"x\")", "+45", "@a", "-1",
                  "ø" * 50, "1e400", "NaN", "\u202eomvendt", "null", [], {}, [[]], {"a": {}},
                  [1] * 60, ["x"] * 1000, {"kommune": 0.5, "stat": 0.5000000009},
                  {"kommune": 0.3333333333, "region": 0.3333333333, "stat": 0.3333333333})
UNKNOWN_KEYS = ("ukendt", "costz", "Title", "delta_per_succes", "origin", "__class__", "1")
TEXT_SNIPPETS = ("\t", "\x00", "\ufeff", ": ", "- ", "&a ", "*a", "*ukendt", "!!python/object:x ",
                 "!!binary ", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "? [a]\n: b\n", "'",
                 "\"", "{", "[", "#", "|\n", ">-\n", "\\u00", "\r", "\x85", "\u2028", "é")


@dataclass
class Case:
    """One generated case: files under `folder` and the `som` arguments that read them."""

    n: int
    kind: str
    argv: list[str]
    notes: list[str] = field(default_factory=list)


def _nodes(data, path=()):
    """Every (path, value) in nested data, the root first."""
    out = [(path, data)]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _nodes(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _nodes(v, (*path, i))
    return out


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def mutate_data(rng: random.Random, data, notes: list[str], rounds: int = 0):
    """1–3 structural mutations of parsed data (in place; returns the new root)."""
    for _ in range(rounds or rng.choice((1, 1, 1, 2, 3))):
        nodes = _nodes(data)
        path, value = rng.choice(nodes[1:] or nodes)
        op = rng.choice(("number", "number", "number", "value", "delete", "repeat", "unknown",
                         "lengthen", "wrap", "shares"))
        notes.append(f"{op} {'.'.join(map(str, path))}")
        if not path:
            continue
        if op == "number":
            _set(data, path, rng.choice(HOSTILE_NUMBERS))
        elif op == "value":
            _set(data, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
        elif op == "delete":
            _delete(data, path)
        elif op == "repeat" and isinstance(value, list) and value:
            _set(data, path, value * rng.choice((2, 50, 201, 5000)))
        elif op == "lengthen" and isinstance(value, list):
            _set(data, path, value + [rng.choice(HOSTILE_NUMBERS)] * rng.choice((1, 40, 51, 101)))
        elif op == "unknown" and isinstance(value, dict):
            value[rng.choice(UNKNOWN_KEYS)] = rng.choice(HOSTILE_NUMBERS)
        elif op == "wrap":
            _set(data, path, rng.choice(([value], {"x": value}, [value] * 3)))
        elif op == "shares":
            _set(data, path, {"kommune": 0.5, "stat": rng.choice((0.5000000009, 0.500000002,
                                                                   0.4999999991, 0.5))})
    return data


def mutate_text(rng: random.Random, text: str, notes: list[str]) -> bytes:
    """A few text- and byte-level mutations of a serialised file."""
    raw = text.encode("utf-8")
    for _ in range(rng.choice((1, 1, 2))):
        op = rng.choice(("flip", "insert", "snippet", "delete", "truncate", "line", "bom",
                         "latin1", "deep", "bomb"))
        notes.append(f"text {op}")
        at = rng.randrange(len(raw) + 1)
        if op == "flip" and raw:
            at = min(at, len(raw) - 1)
            raw = raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1:]
        elif op == "insert":
            raw = raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + raw[at:]
        elif op == "snippet":
            raw = raw[:at] + rng.choice(TEXT_SNIPPETS).encode("utf-8") + raw[at:]
        elif op == "delete":
            raw = raw[:at] + raw[at + rng.randint(1, 40):]
        elif op == "truncate":
            raw = raw[:at]
        elif op == "line":
            lines = raw.split(b"\n")
            k = rng.randrange(len(lines))
            lines.insert(k, lines[k] * rng.choice((1, 2)))
            raw = b"\n".join(lines)
        elif op == "bom":
            raw = b"\xef\xbb\xbf" * rng.choice((1, 2)) + raw
        elif op == "latin1":
            raw = raw.replace("æ".encode(), b"\xe6").replace("ø".encode(), b"\xf8")
        elif op == "deep":
            depth = rng.choice((25, 500, 999, 5000))
            raw += f"\nx: {'[' * depth}{']' * depth}\n".encode()
        elif op == "bomb":
            bomb = "b0: &b0 [1,1,1,1,1,1,1,1,1]\n" + "".join(
                f"b{i}: &b{i} [{','.join([f'*b{i - 1}'] * 9)}]\n" for i in range(1, 9))
            raw = bomb.encode() + raw
    return raw


def _calc_seed(rng: random.Random):
    path = rng.choice(EXAMPLES + CASES)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("calculation", data) if "oracle" in data else data


def _argv(rng: random.Random, file: str) -> list[str]:
    return rng.choice((["run", file, "--format", "json"], ["run", file, "--format", "json"],
                       ["run", file, "--format", "json"], ["validate", file],
                       ["run", file, "--format", "json", "--draws", "300", "--seed", "1"]))


def text_case(rng: random.Random, n: int, folder: Path) -> Case:
    notes: list[str] = []
    data = mutate_data(rng, _calc_seed(rng), notes)
    if rng.random() < 0.3:
        name, text = f"case{n}.json", json.dumps(data, ensure_ascii=False)
    else:
        name, text = f"case{n}.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    raw = mutate_text(rng, text, notes) if rng.random() < 0.35 else text.encode("utf-8")
    (folder / name).write_bytes(raw)
    return Case(n, "tekst", _argv(rng, name), notes)


def overlay_case(rng: random.Random, n: int, folder: Path) -> Case:
    notes: list[str] = []
    overlay = folder / f"overlay{n}"
    overlay.mkdir()
    for name in rng.sample(sorted(OVERLAY_FILES), rng.randint(1, 3)):
        text = OVERLAY_FILES[name].read_text(encoding="utf-8")
        if rng.random() < 0.7:
            data = mutate_data(rng, yaml.safe_load(text), notes)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        raw = mutate_text(rng, text, notes) if rng.random() < 0.3 else text.encode("utf-8")
        (overlay / name).write_bytes(raw)
        notes.append(f"overlay {name}")
    calc = str(rng.choice(EXAMPLES))
    argv = ["run", calc, "--format", "json", "--kb-overlay", overlay.name]
    return Case(n, "overlay", rng.choice((argv, ["validate", "--kb-overlay", overlay.name, calc])),
                notes)


_NUMBER_CELL = re.compile(rb"<c r=\"[A-Z]+[0-9]+\"(?: s=\"[0-9]+\")?><v>(-?[0-9.Ee+-]+)</v>")  # not t="s"
INPUT_SHEETS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                "xl/worksheets/sheet4.xml", "xl/worksheets/sheet8.xml")


def mutate_workbook(rng: random.Random, raw: bytes, notes: list[str]) -> bytes:
    """Hostile values in input cells, or a damaged zip (corrupt deflate data, truncation)."""
    op = rng.choice(("cell", "cell", "cell", "bytes", "truncate", "member"))
    notes.append(f"xlsx {op}")
    if op == "bytes":
        out = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(out) // 4, len(out))
            out[at] ^= 1 << rng.randrange(8)
        return bytes(out)
    if op == "truncate":
        return raw[: rng.randrange(len(raw))]
    source = zipfile.ZipFile(BytesIO(raw))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        victim = rng.choice(INPUT_SHEETS)
        for info in source.infolist():
            data = source.read(info)
            if op == "member" and info.filename == victim:
                notes.append(f"uden {victim}")
                continue
            if op == "cell" and info.filename == victim:
                cells = list(_NUMBER_CELL.finditer(data))
                for match in rng.sample(cells, min(len(cells), rng.randint(1, 3))):
                    value = repr(float(rng.choice(HOSTILE_NUMBERS))).encode()
                    notes.append(f"{victim} {match.group(1).decode()} -> {value.decode()}")
                    data = data[:match.start(1)] + value + data[match.end(1):]
                    break
            target.writestr(info, data)
    return buffer.getvalue()


def workbook_case(rng: random.Random, n: int, folder: Path, workbooks: list[Path]) -> Case:
    notes: list[str] = []
    source = rng.choice(workbooks)
    raw = mutate_workbook(rng, source.read_bytes(), notes)
    (folder / f"case{n}.xlsx").write_bytes(raw)
    return Case(n, "xlsx", ["run", f"case{n}.xlsx", "--format", "json"], [source.name, *notes])


def case(seed: int, n: int, folder: Path, workbooks: list[Path], kinds=("tekst", "overlay")):
    """Case n of `seed` (the same files and arguments every time)."""
    rng = random.Random(f"{seed}:{n}")
    kind = rng.choice(kinds)
    if kind == "xlsx":
        return workbook_case(rng, n, folder, workbooks)
    if kind == "overlay":
        return overlay_case(rng, n, folder)
    return text_case(rng, n, folder)
