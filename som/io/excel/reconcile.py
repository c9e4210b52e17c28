"""Does the workbook show what the engine computes for it? (issue 12 §2)

A spreadsheet saves the values its formulas showed. When `som run` or `som import` reads a
workbook that a spreadsheet saved, the saved key figures (the result names NET_TOTAL, ...) are
compared with the engine's figures for the same inputs, and a difference is said out loud: the
first figure that differs, with both numbers. A workbook without saved values (written by a
script) has nothing to compare. Only Resultat and Kontrol are read.
"""

from __future__ import annotations

import re
from pathlib import Path

from som.io.excel import layout as L

TOLERANCE = 0.01  # kr.
LABELS = {"NET_TOTAL": "nettoresultatet", "NPV_TOTAL": "nutidsværdien",
          "COSTS_TOTAL": "omkostningerne", "GAINS_TOTAL": "gevinsterne",
          "SAVED_TOTAL": "de sparede udgifter", "NET_KOMMUNE": "kommunens nettoresultat",
          "NET_REGION": "regionens nettoresultat", "NET_STAT": "statens nettoresultat",
          "NET_BUDGET_PERIOD": "nettoresultatet i budgetperioden"}
_REF = re.compile(r"^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)$")


def saved_figures(source: str | Path | bytes) -> dict[str, object]:
    """{name: saved value} for the result names, INPUT_OK and FIRST_PROBLEM (a name whose cell
    has no saved value is left out)."""
    from openpyxl.utils import column_index_from_string

    from som.io.excel.package import Package
    from som.io.excel.reader import sheet_cells
    from som.io.excel.safety import read_source

    raw, _ = read_source(source)
    pkg = Package(raw)
    wanted: dict[tuple[str, int, int], str] = {}
    for name in (*L.RESULT_NAMES, L.INPUT_OK, L.FIRST_PROBLEM):
        match = _REF.match(pkg.names.get(name, ""))
        if match:
            sheet, col, row = match.groups()
            wanted[(sheet.replace("''", "'"), int(row) - 1, column_index_from_string(col) - 1)] = name
    out: dict[str, object] = {}
    for sheet in {key[0] for key in wanted}:
        if sheet not in pkg.sheets:
            continue
        for row, col, cell in sheet_cells(pkg[sheet], []):
            name = wanted.get((sheet, row, col))
            if name and cell.value is not None:
                out[name] = cell.value
    pkg.close()
    return out


def engine_figures(result) -> dict[str, float]:
    t, bp = result.totals, result.by_payer
    return {"NET_TOTAL": t["net"], "NPV_TOTAL": t["net_present_value"], "COSTS_TOTAL": t["costs"],
            "GAINS_TOTAL": t["gains"], "SAVED_TOTAL": t["saved_costs"],
            "NET_KOMMUNE": bp["kommune"]["net"], "NET_REGION": bp["region"]["net"],
            "NET_STAT": bp["stat"]["net"],
            "NET_BUDGET_PERIOD": result.summary["budget_period"]["net"]}


def difference(saved: dict[str, object], result) -> str | None:
    """A Danish warning when the saved figures are not the engine's, else None."""
    from som import fmt

    engine = engine_figures(result)
    net = fmt.kr(engine["NET_TOTAL"])
    ok = saved.get(L.INPUT_OK)
    if ok is False or ok == 0:
        problem = saved.get(L.FIRST_PROBLEM) or "en kontrol fejler"
        return (f"arbejdsbogen viser ingen tal, men kontrolbeskeden »{problem}«; som har regnet "
                f"filen alligevel (nettoresultat {net}). Ret det, kontrollen nævner, og gem "
                "arbejdsbogen igen, så den viser de samme tal.")
    for name in L.RESULT_NAMES:
        if name not in saved or name not in engine:
            continue
        value = saved[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            shown = f"»{value}«"
        elif abs(value - engine[name]) <= TOLERANCE:
            continue
        else:
            shown = fmt.kr(value)
        return (f"arbejdsbogen viser {LABELS[name]} {shown}, men som regner {fmt.kr(engine[name])} "
                "for de samme input (det første tal, der afviger). Er filen gemt uden at blive "
                "regnet om, eller er vidensbasen en anden? Tallene fra som er regnet ud fra "
                "inputtet; åbn arbejdsbogen, lad den regne om, og gem den igen.")
    return None


def warning_for(path: str | Path, result) -> str | None:
    """The warning for a workbook file and the engine's result for it (None: they agree, or
    the workbook has no saved figures)."""
    try:
        saved = saved_figures(path)
    except Exception:  # noqa: BLE001 - the file was read already; a second look may not fail it
        return None
    if not saved:
        return None
    return difference(saved, result)
