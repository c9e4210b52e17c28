"""Calculations from uploaded bytes, and a workbook as bytes, for front ends without a disk.

The size limit and every parse error come back as an InputError with a Danish message; the
Excel modules are optional (written in parallel), so their absence is a message, not a crash.
"""

from __future__ import annotations

import importlib.util
from io import BytesIO
from pathlib import Path
from typing import Any

from som.errors import InputError, Problem
from som.io.files import MAX_FILE_BYTES, calculation_from_data, parse_json, parse_yaml
from som.schema import Calculation

EXCEL_IMPORT_MISSING = (
    "Indlæsning af Excel-projektmapper (.xlsx) er ikke tilgængelig i denne version af som endnu. "
    "Gem beregningen som YAML eller JSON, eller brug kommandoen 'som' når den er klar."
)
EXCEL_EXPORT_MISSING = "Eksport til Excel (.xlsx) er ikke tilgængelig i denne version af som endnu."
SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")


def excel_import_available() -> bool:
    return importlib.util.find_spec("som.io.excel.importer") is not None


def excel_export_available() -> bool:
    return importlib.util.find_spec("som.io.excel.export") is not None


def _size_problem(size: int) -> Problem:
    return Problem("", f"filen er for stor ({size:,} byte; højst {MAX_FILE_BYTES:,} byte)"
                   .replace(",", "."))


def calculation_from_upload(name: str, data: bytes) -> Calculation:
    """An uploaded file's bytes -> a validated Calculation (InputError naming what is wrong)."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise InputError([_size_problem(len(data))], name)
    if suffix not in SUFFIXES:
        raise InputError([Problem("", f"ukendt filtype {suffix or '(ingen)'!r}; brug .yaml, .json "
                                      "eller .xlsx")], name)
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_calculation(name, data, suffix)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("", "filen er ikke UTF-8-tekst")], name) from None
    parsed = parse_json(text, name) if suffix == ".json" else parse_yaml(text, name)
    return calculation_from_data(parsed, name)


def _workbook_calculation(name: str, data: bytes, suffix: str) -> Calculation:
    """Through som.io.excel.importer on the bytes themselves (no temporary file)."""
    if not excel_import_available():
        raise InputError([Problem("", EXCEL_IMPORT_MISSING)], name)
    from som.io.excel.importer import load_workbook_calculation

    try:
        return load_workbook_calculation(data)
    except InputError as exc:
        raise InputError(exc.problems, name) from None
    except Exception as exc:  # noqa: BLE001 - an untrusted upload must never show a traceback
        raise InputError([Problem("", f"projektmappen kunne ikke læses "
                                      f"({type(exc).__name__}: {exc})")], name) from None


def workbook_bytes(result: Any, kb: Any = None, uncertainty: dict | None = None) -> bytes:
    """The result as an .xlsx workbook (som.io.excel.export), as bytes for a download.

    `kb`: the knowledge base the result was calculated with (saves the exporter reloading it).
    `uncertainty`: the analysis the page shows (som.analyse_uncertainty / analyse_result); by
    default it is computed when the file has an uncertainty block (as `som export` does). The
    workbook then gets the Usikkerhed sheet with the fan chart and the tornado."""
    if not excel_export_available():
        raise InputError([Problem("", EXCEL_EXPORT_MISSING)])
    from som.io.excel.export import export_workbook

    if uncertainty is None and getattr(result.calculation, "uncertainty", None) is not None:
        from som.uncertainty.analysis import analyse_result

        uncertainty = analyse_result(result)

    buffer = BytesIO()
    export_workbook(result, buffer, uncertainty=uncertainty, kb=kb)
    return buffer.getvalue()
