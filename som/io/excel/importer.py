"""Read a calculation back from an exported (possibly edited) or template workbook.

    load_workbook_calculation("move.xlsx") -> Calculation

Only the input sheets are read (Forudsætninger, Konsekvenser, Priser, Antagelser), in exactly the
layout declared in `som.io.excel.layout`. Every problem names ``sheet!cell``; all problems are
collected and raised together as one InputError, and nothing is returned unless the whole
calculation is valid (never a partial import).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from som.errors import InputError, Problem, key_path, problem_from_pydantic
from som.io.excel import layout as L
from som.io.excel.reader import SheetReader
from som.io.excel.safety import check_container, read_source
from som.schema import Calculation

MAX_PROBLEMS = 100  # a sheet of junk gives this many messages and a count, not a million


def _open(raw: bytes, name: str):
    from som.io.excel.package import Package

    try:
        return Package(raw)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, said in Danish
        from defusedxml import DefusedXmlException

        kind = type(exc).__name__
        if isinstance(exc, DefusedXmlException):
            message = "arbejdsbogen indeholder forbudt XML (DTD/entiteter) og afvises"
        else:
            message = f"filen kan ikke læses som Excel-arbejdsbog ({kind}: {exc})"
        raise InputError([Problem("", message)], name) from None


def load_workbook_calculation(source: str | Path | bytes | BinaryIO) -> Calculation:
    """A workbook (path, bytes or binary file) -> Calculation; InputError naming sheet!cell."""
    return read_workbook(source)[0]


def read_workbook(source: str | Path | bytes | BinaryIO) -> tuple[Calculation, Callable]:
    """Like load_workbook_calculation, plus `locate(key_path) -> 'Ark!B5 (key_path)'` so that
    problems found later (knowledge-base ids, price years in the base's index) name the cell too;
    a key the workbook did not hold is returned unchanged."""
    raw, name = read_source(source)
    check_container(raw, name)
    wb = _open(raw, name)
    reader = WorkbookReader(wb)
    try:
        data = reader.read()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken part of the package, said in Danish
        raise InputError([Problem("", f"arbejdsbogen kan ikke læses ({type(exc).__name__}: "
                                      f"{exc})")], name) from None
    finally:
        wb.close()
    if reader.problems:
        raise InputError(reader.reported(), name)
    try:
        calc = Calculation.model_validate(data)
    except ValidationError as exc:
        problems: list[Problem] = []
        for error in exc.errors(include_url=False):
            problem = problem_from_pydantic(error)
            problem = Problem(reader.cell_of(key_path(error["loc"])), problem.message)
            if problem not in problems:
                problems.append(problem)
        raise InputError(problems, name) from None
    return calc, reader.locate


class WorkbookReader:
    """Collects the calculation data and every problem, with the cell each key came from."""

    def __init__(self, wb):
        self.wb = wb
        self.problems: list[Problem] = []
        self._seen: set[tuple[str, str]] = set()
        self.more = 0  # problems beyond MAX_PROBLEMS, counted only
        self.cells: dict[str, str] = {}
        self.snapshot: dict | None = None

    def add(self, where: str, message: str) -> None:
        if (where, message) in self._seen:
            return
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self._seen.add((where, message))
        self.problems.append(Problem(where, message))

    def reported(self) -> list[Problem]:
        """The problems, with one line saying how many more there were beyond the cap."""
        if not self.more:
            return self.problems
        more = f"{self.more:,}".replace(",", ".")
        return [*self.problems, Problem("", f"… og {more} fejl mere")]

    def cell_of(self, key: str) -> str:
        """The cell a key path came from: the longest known prefix ('costs[1].payer')."""
        probe = key
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return self.cells.get("", L.FORUDSAETNINGER)

    def locate(self, key: str) -> str:
        """'consequences[0].item' -> 'Konsekvenser!B7 (consequences[0].item)' when known."""
        probe = key
        while probe:
            if probe in self.cells:
                return f"{self.cells[probe]} ({key})"
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return key

    def sheet(self, name: str) -> SheetReader | None:
        if name in self.wb.sheetnames:
            return SheetReader(self.wb[name], self)
        have = ", ".join(s for s in self.wb.sheetnames if s != L.HIDDEN)
        self.add(name, f"arket '{name}' mangler (arbejdsbogen har: {have}); et omdøbt eller "
                       "slettet ark kan ikke læses")
        return None

    def read(self) -> dict:
        sheets = {name: self.sheet(name) for name in L.INPUT_SHEETS}
        self._read_snapshot()
        if any(s is None for s in sheets.values()):
            return {}
        data: dict[str, Any] = {"som_version": 1}
        from som.io.excel.import_sheets import read_forudsaetninger
        from som.io.excel.import_tables import read_assumptions, read_consequences, read_prices

        read_forudsaetninger(sheets[L.FORUDSAETNINGER], self, data)
        horizon = data.get("settings", {}).get("horizon_years")
        read_consequences(sheets[L.KONSEKVENSER], self, data, horizon)
        read_prices(sheets[L.PRISER], self, data)
        read_assumptions(sheets[L.ANTAGELSER], self, data)
        self._check_price_years(data)
        from som.io.excel.import_effect import restore_effect

        restore_effect(data, self.snapshot)
        return data

    def _check_price_years(self, data: dict) -> None:
        """With the index in the workbook, every price year must be in it (spec §2.3)."""
        index = data.get("settings", {}).get("price_index")
        target = data.get("settings", {}).get("price_year")
        if index is None or not isinstance(target, int):
            return
        known = f" (kendte år: {min(index)}–{max(index)})" if index else ""
        years = [(f"{key}[{n}].price_year", line.get("price_year"))
                 for key in ("costs", "saved_costs") for n, line in enumerate(data.get(key, []))]
        years += [(f"prices.{pid}.price_year", p.get("price_year"))
                  for pid, p in data.get("prices", {}).items()]
        for key, year in years:
            if not isinstance(year, int) or year == target:
                continue
            missing = [y for y in (year, target) if y not in index]
            if missing:
                self.add(self.cell_of(key), f"prisåret {missing[0]} findes ikke i prisindekset"
                                            f"{known}")

    def _read_snapshot(self) -> None:
        if L.HIDDEN not in self.wb.sheetnames:
            return
        from som.io.excel.reader import sheet_cells

        chunks = {col: cell.value for row, col, cell in sheet_cells(self.wb[L.HIDDEN], [])
                  if row == 1 and col >= 1}
        parts = []
        for col in range(1, len(chunks) + 1):
            if not isinstance(chunks.get(col), str):
                break
            parts.append(chunks[col])
        try:
            snapshot = json.loads("".join(parts))
        except ValueError:
            return
        if isinstance(snapshot, dict):
            self.snapshot = snapshot

