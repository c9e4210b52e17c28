"""Edit workbooks the way a person does, in LibreOffice itself (UNO), and save them.

Run with the SYSTEM python3 (Debian python3-uno), not the project's venv:

    /usr/bin/python3 tests/io/uno_edit.py JOBS.json RESULTS.json

JOBS.json: [{"in": path, "out": path, "edits": [edit, ...], "read": [name, ...],
             "cells": ["Forside!A4", ...]}, ...]; an edit is one of
    ["value", "Sheet", "B25", 0.3]      a number, as typed
    ["text", "Sheet", "B25", "26 %"]    text (a cell formatted as text, or a pasted string)
    ["formula", "Sheet", "B25", "=1/4"]
    ["clear", "Sheet", "B25"]           delete the cell's content
    ["insert", "Sheet", 37, 1]          insert rows before the 1-based row 37 (as a person does:
                                        references below move, ranges that span it grow)
    ["delete", "Sheet", 37, 1]          delete rows from the 1-based row 37
Every job: load, edit, recalculate everything (calculateAll), read the defined names and
cells asked for, save as .xlsx. One LibreOffice process serves all jobs. RESULTS.json maps
each job's "out" to {"names": {name: value}, "cells": {ref: value}} (numbers as numbers,
text as text, errors as "#ERR:<code>").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401 - Debian python3-uno, system python only
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONTENT = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA


def _prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _start(profile: Path, pipe: str) -> subprocess.Popen:
    return subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation={profile.as_uri()}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _connect(pipe: str, process: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if process.poll() is not None:
                raise RuntimeError("soffice stopped before it accepted a connection") from None
            time.sleep(0.1)
    raise RuntimeError("could not connect to soffice")


def _value(cell):
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT

    kind = cell.getType()
    if kind == EMPTY:
        return None
    if kind == TEXT:
        return cell.getString()
    if kind == FORMULA:
        if cell.getError():
            return f"#ERR:{cell.getError()}"
        from com.sun.star.sheet.FormulaResult import STRING

        return cell.getString() if cell.FormulaResultType2 == STRING else cell.getValue()
    return cell.getValue()


def _edit(doc, edit) -> None:
    kind, sheet_name = edit[0], edit[1]
    sheet = doc.Sheets.getByName(sheet_name)
    if kind in ("insert", "delete"):
        row, count = int(edit[2]) - 1, int(edit[3])
        (sheet.Rows.insertByIndex if kind == "insert" else sheet.Rows.removeByIndex)(row, count)
        return
    cell = sheet.getCellRangeByName(edit[2])
    if kind == "value":
        cell.setValue(float(edit[3]))
    elif kind == "text":
        cell.setString(edit[3])
    elif kind == "formula":
        cell.setFormula(edit[3])
    elif kind == "clear":
        cell.clearContents(CONTENT)
    else:
        raise ValueError(kind)


def run(jobs: list[dict]) -> dict:
    # A fresh profile: LibreOffice keeps the saved values on load (its default), and every
    # job recalculates the whole document after its edits (calculateAll), so nothing stale is
    # read and the document is not calculated twice.
    profile = Path(tempfile.mkdtemp(prefix="som-uno-"))
    pipe = f"som_uno_{os.getpid()}"
    process = _start(profile, pipe)
    results = {}
    try:
        desktop = _connect(pipe, process)
        for job in jobs:
            doc = desktop.loadComponentFromURL(Path(job["in"]).resolve().as_uri(), "_blank", 0,
                                               (_prop("Hidden", True),))
            try:
                for edit in job["edits"]:
                    _edit(doc, edit)
                doc.calculateAll()
                names = {}
                for name in job.get("read", []):
                    if doc.NamedRanges.hasByName(name):
                        cells = doc.NamedRanges.getByName(name).getReferredCells()
                        names[name] = _value(cells.getCellByPosition(0, 0)) if cells else None
                cells = {}
                for ref in job.get("cells", []):
                    sheet, a1 = ref.split("!")
                    cells[ref] = _value(doc.Sheets.getByName(sheet).getCellRangeByName(a1))
                doc.storeToURL(Path(job["out"]).resolve().as_uri(),
                               (_prop("FilterName", "Calc MS Excel 2007 XML"),))
                results[job["out"]] = {"names": names, "cells": cells}
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as soffice exits
            pass
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return results


if __name__ == "__main__":
    jobs_path, results_path = sys.argv[1], sys.argv[2]
    out = run(json.loads(Path(jobs_path).read_text(encoding="utf-8")))
    Path(results_path).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
