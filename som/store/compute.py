"""Calculating stored versions: save with figures, recompute, export (YAML or workbook).

The store never does arithmetic of its own: every figure it keeps or shows comes from
`som.calculate`. A version remembers the knowledge-base options it was saved with, so it can be
recomputed "as saved"; batch recalculation passes other options on purpose.
"""

from __future__ import annotations

from pathlib import Path

from som.api import BUNDLED, calculate, knowledge_base_for
from som.errors import InputError, Problem
from som.schema import Calculation
from som.store.library import Library, SaveRequest, StoredVersion, VersionInfo


def kb_record(kb=BUNDLED, overlays=()) -> dict:
    """The `kb`/`overlays` arguments of som.calculate as plain data for the version row."""
    if kb is BUNDLED:
        name = "bundled"
    elif kb is None:
        name = None
    elif isinstance(kb, str | Path):
        name = str(Path(kb).resolve())
    else:  # an already loaded knowledge base: record where it came from if it says so
        name = "object"
    return {"kb": name, "overlays": [str(Path(o).resolve()) for o in overlays]}


def kb_kwargs(record: dict) -> dict:
    """Inverse of kb_record: keyword arguments for som.calculate."""
    name = record.get("kb")
    if name == "object":
        raise InputError([Problem("", "versionen er gemt med en vidensbase, der ikke kan findes "
                                      "igen; angiv --kb")])
    kb = BUNDLED if name == "bundled" else name
    return {"kb": kb, "overlays": tuple(record.get("overlays") or ())}


def save_calculation(lib: Library, calc: Calculation, *, author: str = "", tags=None, note: str = "",
                     calculation_id: int | None = None, kb=BUNDLED, overlays=(),
                     base_dir: str | Path | None = None) -> VersionInfo:
    """Calculate `calc` and save it as a new calculation or a new version of `calculation_id`.

    A calculation that cannot be calculated is not saved (InputError with every problem).
    `tags=None` keeps the previous version's tags; a list (even empty) replaces them."""
    result = calculate(calc, kb=kb, overlays=overlays, base_dir=base_dir)
    return lib.save(SaveRequest(
        calculation=calc, result=result, kb_options=kb_record(kb, overlays), author=author,
        tags=tags, note=note, calculation_id=calculation_id,
        base_dir=str(Path(base_dir).resolve()) if base_dir else None))


def recalculate(stored: StoredVersion, kb_override: dict | None = None):
    """som.calculate on a stored version: with the options it was saved with, or others."""
    kwargs = kb_kwargs(stored.kb_options) if kb_override is None else kb_override
    return calculate(stored.calculation, base_dir=stored.base_dir, **kwargs)


def yaml_export_text(stored: StoredVersion) -> str:
    """The stored YAML with a provenance header (comments: it loads back unchanged)."""
    i = stored.info
    header = [
        f"# Eksporteret fra som-biblioteket: beregning {i.calculation_id}, version {i.version}",
        f"# gemt {i.saved_at} af {_one_line(i.author)} · som {i.som_version} · "
        f"vidensbase {(i.kb_fingerprint or 'ingen')[:12]} · input {i.input_hash[:12]}",
    ]
    return "\n".join(header) + "\n" + stored.calculation_yaml


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def export_version(lib: Library, calculation_id: int, version: int | None, out: str | Path,
                   kb_override: dict | None = None) -> list[str]:
    """Write a version to OUT.yaml/.yml/.json or OUT.xlsx. Returns notes for the user."""
    out = Path(out)
    stored = lib.get(calculation_id, version)
    suffix = out.suffix.lower()
    notes: list[str] = []
    if suffix in (".yaml", ".yml"):
        out.write_text(yaml_export_text(stored), encoding="utf-8")
    elif suffix == ".json":
        from som.io.files import dump_json

        out.write_text(dump_json(stored.calculation) + "\n", encoding="utf-8")
    elif suffix == ".xlsx":
        try:
            from som.io.excel.export import export_workbook
        except ImportError:
            raise InputError([Problem("", "Excel-eksport er ikke tilgængelig i denne installation "
                                          "endnu (som.io.excel.export mangler); eksportér til .yaml "
                                          "i stedet")]) from None
        # The same loaded knowledge base for the result and the workbook's notes and sources.
        kwargs = kb_kwargs(stored.kb_options) if kb_override is None else kb_override
        base = knowledge_base_for(stored.calculation, base_dir=stored.base_dir, **kwargs)
        result = calculate(stored.calculation, kb=base)
        if result.provenance.get("kb_fingerprint") != stored.info.kb_fingerprint:
            notes.append("Bemærk: vidensbasen er en anden end da versionen blev gemt; "
                         "arbejdsbogen er regnet med den nuværende.")
        export_workbook(result, out, kb=base)
    else:
        raise InputError([Problem("OUT", f"filen skal ende på .yaml, .json eller .xlsx, fik "
                                         f"{out.name!r}")])
    return notes


def followup_for(lib: Library, calculation_id: int, version: int | None = None,
                 kb_override: dict | None = None):
    """Forecast vs realised for a stored version (default: the latest) and its follow-up rows."""
    from som.store.followup import followup_report

    stored = lib.get(calculation_id, version)
    kwargs = kb_kwargs(stored.kb_options) if kb_override is None else kb_override
    return followup_report(stored.calculation, lib.followups(calculation_id), kwargs,
                           stored.base_dir)
