"""Editable tables (st.data_editor) whose edits reach the figures exactly once, never twice or late.

st.data_editor reports edits as a delta (edited, deleted, added rows) against the table it was
given. Each table here is given a SNAPSHOT of its rows, taken when the editor is created, and kept
with the data it came from (`base`). `sync()` runs at the top of the page, before anything is
drawn: for every table on screen it applies the current delta to the snapshot the same way
Streamlit does (edits, then deletions, then additions), reads the rows back with som.views
(Danish numbers in text cells, refusals named) and stores the result when it differs from what
the table last stored. So:

* every accepted edit is in the key figures drawn in the same run;
* a cell set back to its original value gives back `base` exactly (no ghost figures);
* a refused cell keeps the data as it was and the refusal is shown under the table;
* the snapshot is re-taken only when the editor is new (first view, reseed, a change of what the
  columns depend on, or after another page), so quick successive edits accumulate in one delta.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from app import state
from som.views.editing import Cells, Typed

TABLES_KEY = "_tables"


@dataclass
class Table:
    key: str                                   # the data_editor's widget key
    columns: list[str]
    snapshot: list[dict]                       # rows shown when the editor was created
    base: Any                                  # the data section they were made from
    read: Callable[[list[dict]], tuple[Any, Cells]]   # rows -> (section, cells)
    store: Callable[[dict, Any], None]         # puts a section into the data
    label: str
    applied: Any = None                        # the section this table last stored
    cells: Cells = field(default_factory=Cells)
    frame: pd.DataFrame | None = None


def _tables() -> dict[str, Table]:
    return st.session_state.setdefault(TABLES_KEY, {})


def apply_delta(snapshot: list[dict], delta: dict | None, columns: list[str]) -> list[dict]:
    """The rows after an editor delta, in Streamlit's order: cell edits, deletions, additions."""
    rows = [dict(r) for r in snapshot]
    if not delta:
        return rows
    for pos, changes in (delta.get("edited_rows") or {}).items():
        p = int(pos)
        if 0 <= p < len(rows):
            rows[p].update({c: _typed(v) for c, v in (changes or {}).items() if c in columns})
    deleted = {int(i) for i in delta.get("deleted_rows") or []}
    rows = [r for n, r in enumerate(rows) if n not in deleted]
    for added in delta.get("added_rows") or []:
        row = dict.fromkeys(columns)
        row.update({c: _typed(v) for c, v in (added or {}).items() if c in columns})
        rows.append(row)
    return rows


def _typed(value: Any) -> Any:
    """Text from the editor is marked as typed (som.views.editing.Typed): said back if percent."""
    return Typed(value) if isinstance(value, str) else value


def _same_rows(a: list[dict], b: list[dict]) -> bool:
    def norm(v: Any) -> Any:
        return None if v is None or (isinstance(v, str) and not v.strip()) else v
    return len(a) == len(b) and all(
        {k: norm(v) for k, v in x.items()} == {k: norm(v) for k, v in y.items()}
        for x, y in zip(a, b, strict=True))


def _settle(table: Table) -> Any:
    """What the table holds now: `base` if unchanged, else its rows read back (None if refused)."""
    rows = apply_delta(table.snapshot, st.session_state.get(table.key), table.columns)
    if _same_rows(rows, table.snapshot):
        table.cells = Cells()
        return table.base
    value, table.cells = table.read(rows)
    return None if table.cells.refusals else value


def sync() -> None:
    """Store every on-screen table's accepted edits (call before drawing anything)."""
    suffix = f"__g{state.generation()}"
    for table in list(_tables().values()):
        if table.key not in st.session_state or suffix not in table.key:
            continue
        value = _settle(table)
        if table.cells.refusals or value == table.applied:
            continue
        data = state.editable_data()
        table.store(data, value)
        state.edit(data, table.label)
        table.applied = value


def refusals() -> list[tuple[str, str]]:
    """(table label, Danish reason) of every on-screen table's refused cells."""
    suffix = f"__g{state.generation()}"
    return [(t.label, reason) for t in _tables().values()
            if suffix in t.key and t.key in st.session_state for reason in t.cells.refusals]


def editor(name: str, deps: tuple, make_rows: Callable[[], list[dict]], columns: list[str],
           base: Any, read: Callable[[list[dict]], tuple[Any, Cells]],
           store: Callable[[dict, Any], None], label: str, **kwargs) -> None:
    """Draw st.data_editor over a snapshot; `sync()` turns its edits into data.

    The snapshot is re-taken when the editor is new: first view, new generation, a change of
    `deps` (e.g. the horizon, which changes the columns), or after visiting another page.
    """
    key = state.widget_key(f"{name}__{'-'.join(str(d) for d in deps)}")
    tables = _tables()
    table = tables.get(name)
    if table is None or table.key != key or key not in st.session_state:
        rows = make_rows()
        table = Table(key=key, columns=columns, snapshot=rows, base=base, read=read, store=store,
                      label=label, applied=base, frame=pd.DataFrame(rows, columns=columns))
        tables[name] = table
    st.data_editor(table.frame, key=key, **kwargs)
    for reason in table.cells.refusals:
        st.markdown(f":red[**Kan ikke læses:** {reason.rstrip('.')}.]")
    if table.cells.refusals:
        st.markdown(":red[Tabellens ændringer er ikke regnet med, før cellen er rettet.]")
    elif table.cells.understood:
        st.caption("Læst som: " + "; ".join(table.cells.understood))
