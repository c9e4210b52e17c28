"""Reading the settings tables of Forudsætninger: Prisindeks, Udvalg (spec v2) and Usikkerhed."""

from __future__ import annotations

from typing import Any

from som.io.excel import layout as L
from som.io.excel.import_sheets import KB_EDITED, _set
from som.io.excel.reader import BAD, SheetReader


def _index(sr, reader, data, rows, source) -> None:
    entries: dict[int, float] = {}
    for r in rows:
        year, value = sr.integer(r, 0), sr.number(r, 1)
        sr.choice(r, 2, tuple(L.PRICE_ORIGINS.values()), "oprindelse")
        for col in sr.cols_in_row(r):
            if col > 2:
                sr.add(r, col, "værdi i en kolonne uden overskrift")
        if year is None or value is None:
            sr.add(r, 0 if year is None else 1, "udfyld både år og indeks")
        elif year is not BAD and value is not BAD:
            if year in entries:
                sr.add(r, 0, f"året {year} står to gange i prisindekset")
            entries[year] = value
            reader.cells[f"settings.price_index.{year}"] = sr.where(r, 1)
    if source == L.INDEX_SOURCES["file"] or (source is None and rows):
        data["settings"]["price_index"] = entries
        return
    if source is BAD or not rows:
        return
    expected = (reader.snapshot or {}).get("kb_index", [])
    if entries != {int(y): v for y, v in expected}:
        sr.add(rows[0], 1, "prisindekset " + KB_EDITED.replace("Oprindelse", "feltet 'Prisindeks "
                                                              "fra'").replace("'beregning'",
                                                                              "'beregningen'"))


def _uncertainty(sr: SheetReader, reader, data: dict, rows: list[int]) -> None:
    block: dict[str, Any] = {}
    lines: list[dict] = []
    enabled, enabled_row, filled = None, None, []
    ranges = L.reverse(L.UNC_RANGES)
    for r in rows:
        label = sr.text(r, 0)
        if label is BAD:
            continue
        if label is None:
            sr.add(r, 0, "udfyld størrelsen (fx costs[0] eller prices.<post>)")
            continue
        if label == L.UNC_ENABLED:
            enabled, enabled_row = sr.choice(r, 1, (L.YES, L.NO), "værdi"), r
            continue
        if label in (L.UNC_DRAWS, L.UNC_SEED):
            key = "draws" if label == L.UNC_DRAWS else "seed"
            _set(block, key, sr.integer(r, 1))
            reader.cells[f"uncertainty.{key}"] = sr.where(r, 1)
            if (r, 2) in sr.grid:
                sr.add(r, 2, f"'{label}' har kun én værdi (i kolonnen Lav)")
            filled += [r] if key in block or (r, 1) in sr.grid else []
            continue
        low, high = sr.number(r, 1), sr.number(r, 2)
        if low is None and high is None:
            if label in ranges:
                continue
            sr.add(r, 1, "udfyld Lav og Høj")
            continue
        filled.append(r)
        entry: dict[str, Any] = {}
        _set(entry, "low", low)
        _set(entry, "high", high)
        if label in ranges:
            key = f"uncertainty.{ranges[label]}"
            block[ranges[label]] = entry
        else:
            key = f"uncertainty.lines[{len(lines)}]"
            entry["target"] = label
            lines.append(entry)
            reader.cells[f"{key}.target"] = sr.where(r, 0)
        reader.cells[key] = reader.cells[f"{key}.low"] = sr.where(r, 1)
        reader.cells[f"{key}.high"] = sr.where(r, 2)
    if enabled == L.YES:
        if lines:
            block["lines"] = lines
        data["uncertainty"] = block
        reader.cells["uncertainty"] = sr.where(enabled_row, 1)
    elif filled and enabled is not BAD:
        where_row = enabled_row if enabled_row is not None else filled[0]
        sr.add(where_row, 1 if enabled_row is not None else 0,
               f"'{L.UNC_ENABLED}' skal være '{L.YES}', når der står intervaller i afsnittet "
               f"'{L.UNCERTAINTY_MARKER}'")


def _budget_areas(sr: SheetReader, reader, data: dict, rows: list[int], source) -> None:
    """settings.budget_areas (spec v2 §2.12): consequence area -> committee, one per row.
    'Udvalg fra' = beregningen keeps the file's map even when it is empty; vidensbasen (or
    blank with no rows) leaves the key out (the knowledge base's overlay map applies)."""
    mapping: dict[str, str] = {}
    for r in rows:
        area, committee = sr.text(r, 0), sr.text(r, 1)
        for col in sr.cols_in_row(r):
            if col > 1:
                sr.add(r, col, "værdi i en kolonne uden overskrift")
        if area is None or committee is None:
            sr.add(r, 0 if area is None else 1, "udfyld både konsekvensområde og udvalg")
            continue
        if BAD in (area, committee):
            continue
        if area in mapping:
            sr.add(r, 0, f"konsekvensområdet {area!r} står to gange")
            continue
        mapping[area] = committee
        reader.cells[f"settings.budget_areas.{area}"] = sr.where(r, 1)
    if rows:
        reader.cells["settings.budget_areas"] = sr.where(rows[0], 0)
    if source == L.BUDGET_SOURCES[1]:
        if rows:
            sr.add(rows[0], 0, "tabellen Udvalg bruges kun, når 'Udvalg fra' er "
                               f"'{L.BUDGET_SOURCES[0]}'")
        return
    if source == L.BUDGET_SOURCES[0] or (source is None and mapping):
        data["settings"]["budget_areas"] = mapping
