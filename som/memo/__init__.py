"""The committee memo (notat) of a calculation, as DOCX and PDF (issue 14, docs/memo.md).

    >>> result = som.api.calculate_file("examples/move.yaml")              # doctest: +SKIP
    >>> som.memo.write_memo(result, "notat.pdf")                          # doctest: +SKIP

- `content` (page 1) and `sections` (the rest) decide what the memo says, as `blocks`;
- `charts` draws the static charts (matplotlib), `docx_writer` lays the blocks out in Word
  (python-docx), `pdf` turns that DOCX into PDF with LibreOffice headless.

Nothing here calculates: every figure is the Result's (or the uncertainty analysis'), formatted
with som.fmt. python-docx, matplotlib and LibreOffice are loaded only when a memo is written.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

FORMATS = (".docx", ".pdf")


def build_memo(result, analysis: dict | None = None, kb=None, today: dt.date | None = None,
               command: str = "") -> list:
    """The memo's blocks. `analysis` is som.uncertainty.analysis.analyse_result(result) (made
    here when None); `kb` the knowledge base the result was calculated with (names, profiles)."""
    from som.memo import charts, content, sections

    if analysis is None:
        from som.uncertainty.analysis import analyse_result

        analysis = analyse_result(result)
    today = today or dt.date.today()
    tornado = analysis.get("tornado") or []
    blocks = content.first_page(result, analysis, charts.net_by_payer_chart(result.by_year), today)
    blocks += sections.assumptions(result.calculation)
    blocks += sections.evidence(result, kb)
    blocks += sections.illustrative(result, kb)
    blocks += sections.sensitivity(analysis, charts.tornado_chart(tornado, result.totals["net"])
                                   if tornado else None)
    blocks += sections.notes(result)
    blocks += sections.sources(result, kb)
    blocks += sections.stamp(result, command)
    return blocks


def footer(result) -> str:
    p = result.provenance
    kb = (p.get("kb_fingerprint") or "")[:12] or "ingen"
    return (f"{result.calculation.meta.title} · som {p.get('som_version')} · vidensbase {kb} · "
            f"input {(p.get('input_hash') or '')[:12]}")


def memo_bytes(result, fmt: str = ".docx", **kwargs) -> bytes:
    """The memo as DOCX or PDF bytes (for the app's download button)."""
    from som.memo.docx_writer import write_docx

    buf = io.BytesIO()
    calc = result.calculation
    write_docx(build_memo(result, **kwargs), buf, calc.meta.title, footer(result), calc.meta.author)
    if fmt == ".pdf":
        from som.memo.pdf import docx_to_pdf

        return docx_to_pdf(buf.getvalue())
    return buf.getvalue()


def memo_format(out: str | Path) -> str:
    """'.docx' or '.pdf' from the file name, else InputError naming --out."""
    from som.errors import InputError, Problem

    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InputError([Problem("--out", f"notatet kan gemmes som .docx eller .pdf, ikke "
                                           f"{suffix or 'uden endelse'!r}")])
    return suffix


def write_memo(result, out: str | Path, **kwargs) -> Path:
    """Write the memo to `out`; .docx or .pdf by its suffix."""
    out = Path(out)
    out.write_bytes(memo_bytes(result, memo_format(out), **kwargs))
    return out
