"""Read a written memo back (python-docx, pdftotext) and Danish figures as numbers, with code
that shares nothing with som.fmt or som.memo."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NUMBER = re.compile(r"[-\u2212]?\d{1,3}(?:\.\d{3})*(?:,\d+)?")


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def parse_danish(text: str) -> float:
    """'−1.234.567 kr.' -> -1234567.0; '87,3 %' -> 87.3; the whole text must be one figure."""
    match = re.fullmatch(r"\s*([-\u2212]?[\d.]+(?:,\d+)?)\s*(kr\.|%)?\s*", text)
    assert match, f"not a Danish figure: {text!r}"
    return float(match.group(1).replace("\u2212", "-").replace(".", "").replace(",", "."))


def figures_in(text: str) -> list[float]:
    return [float(m.replace("\u2212", "-").replace(".", "").replace(",", "."))
            for m in NUMBER.findall(text)]


def docx_blocks(data: bytes) -> list[tuple[str, object]]:
    """The body in order: ("p", style, text) as ("Heading 1", text) pairs, ("table", rows)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    out: list[tuple[str, object]] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            par = Paragraph(child, doc)
            if par.text.strip():
                out.append((par.style.name, par.text))
        elif tag == "tbl":
            table = Table(child, doc)
            out.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
    return out


def table_after(blocks, heading: str) -> list[list[str]]:
    start = next(n for n, (kind, text) in enumerate(blocks) if text == heading)
    return next(rows for kind, rows in blocks[start:] if kind == "table")


def texts(blocks) -> str:
    parts = []
    for kind, value in blocks:
        parts.append("\n".join(" | ".join(r) for r in value) if kind == "table" else value)
    return "\n".join(parts)


def with_effect(data: dict, effect: dict) -> dict:
    data = copy.deepcopy(data)
    for key in ("success_rate", "success_rate_intervention", "success_rate_baseline"):
        data["intervention"].pop(key, None)
    data["intervention"]["effect"] = effect
    return data
