"""Hostile and extreme inputs of issue 15, written to a folder: shared by the defect table
(test_defects.py), the fuzz suite and bench/bench_hostile.py (before/after figures)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MOVE = yaml.safe_load((EXAMPLES / "move.yaml").read_text(encoding="utf-8"))
OVERLAY_PRICES = (EXAMPLES / "kb_overlay_eksempel" / "prices.yaml").read_text(encoding="utf-8")
INDEX = (ROOT / "knowledge_base" / "price_index.yaml").read_text(encoding="utf-8")


def move(**changes) -> dict:
    """The spec example with dotted-path changes: move(**{"intervention.success_rate": 0.3})."""
    data = copy.deepcopy(MOVE)
    for path, value in changes.items():
        node, parts = data, path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is DELETE:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value
    return data


DELETE = object()


def write_yaml(path: Path, data) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")
    return path


def alias_bomb() -> str:
    """324 bytes that expand to 9^9 (387 million) list items."""
    text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    prev = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
        prev = name
    return text


def many_consequences(n: int = 120_000) -> str:
    """n consequence lines of 36 bytes: 4.3 MB, under the 5 MB limit."""
    data = move(**{"settings.horizon_years": 50})
    data.pop("consequences")
    data["prices"]["a"] = {"kind": "revenue", "kommune": 1}
    return (yaml.safe_dump(data, allow_unicode=True) + "consequences:\n"
            + "- {item: a, delta_per_success: [1]}\n" * n)


def bad_entries(n: int = 30_000) -> dict:
    return move(**{"intervention.participants": ["x"] * n})


def many_problems() -> dict:
    """MAX_PRICES inline prices with five wrong fields each: 2,500 problems in one file."""
    prices = {f"p{n}": {"kind": "udgift", "kommune": "x", "region": -1, "stat": "y",
                        "price_year": "z"} for n in range(500)}
    return move(prices=prices)


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def monte_carlo(lines: int, draws: int) -> dict:
    """`lines` cost lines, each with its own uncertainty range, and `draws` draws."""
    costs = [{"name": f"c{n}", "type": "operating", "payer": "kommune", "amounts": [1000.0] * 10}
             for n in range(lines)]
    block = {"costs": {"low": 0.5, "high": 1.5}, "draws": draws,
             "lines": [{"target": f"costs[{n}]", "low": 0.5, "high": 1.5} for n in range(lines)]}
    return move(costs=costs, uncertainty=block)


def largest_within_bounds() -> dict:
    """Every list at its documented maximum (som.bounds): 200 cost, saved-cost and consequence
    lines over 50 years, 500 prices, uncertainty ranges on every line."""
    from som import bounds as B

    h = B.MAX_HORIZON
    line = lambda n, kind: {"name": f"{kind}{n}", "type": "operating",  # noqa: E731
                            "payer": {"kommune": 0.5, "region": 0.25, "stat": 0.25},
                            "amounts": [1000.0 + n] * h}
    prices = {f"p{n}": {"kind": "expenditure" if n % 2 else "revenue", "kommune": 100.0 + n,
                        "region": 10.0, "stat": 50.0} for n in range(B.MAX_PRICES)}
    consequences = [{"item": f"p{n}", "delta_per_success": [-1.5] * B.MAX_VECTOR,
                     "during_course": [0.5] * B.MAX_VECTOR}
                    for n in range(B.MAX_LINES)]
    lines = ([{"target": f"costs[{n}]", "low": 0.5, "high": 1.5} for n in range(B.MAX_LINES)]
             + [{"target": f"saved_costs[{n}]", "low": 0.5, "high": 1.5}
                for n in range(B.MAX_LINES)]
             + [{"target": f"prices.p{n}", "low": 0.5, "high": 1.5} for n in range(B.MAX_LINES)])
    return move(**{"settings.horizon_years": h, "intervention.participants": [100.0] * h},
                costs=[line(n, "c") for n in range(B.MAX_LINES)],
                saved_costs=[line(n, "s") for n in range(B.MAX_LINES)],
                consequences=consequences, prices=prices,
                uncertainty={"success_rate": {"low": 0.1, "high": 0.4}, "lines": lines})


def overlay(folder: Path, **files: str) -> Path:
    """An overlay folder with the example's prices.yaml and the given extra files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prices.yaml").write_text(OVERLAY_PRICES, encoding="utf-8")
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def tiny_index() -> str:
    """The knowledge base's price index with 2024 = 1e-300 (gains of Infinity before issue 15)."""
    import re

    tiny, n = re.subn(r"(- year: 2024\n\s+value: )[0-9.]+", r"\g<1>1.0e-300", INDEX)
    assert n == 1, "the bundled price_index.yaml has no 2024 entry in the expected layout"
    return tiny


def corrupt_member(raw: bytes, name: str) -> bytes:
    """The zip `raw` with the deflate stream of member `name` damaged in the middle (the
    local header and the central directory stay intact, so only decompressing fails)."""
    import zipfile
    from io import BytesIO

    info = zipfile.ZipFile(BytesIO(raw)).getinfo(name)
    header = raw[info.header_offset: info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + \
        int.from_bytes(header[28:30], "little")
    middle = start + info.compress_size // 2
    out = bytearray(raw)
    out[middle: middle + 8] = b"\xff" * 8
    return bytes(out)


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False)
