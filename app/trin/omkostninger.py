"""Trin 3 Omkostninger: the intervention's costs and the saved costs, as tables.

Number cells are text columns read by som.numparse (Danish numbers whatever the browser's
locale); see app/tables.py for how edits reach the figures.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import tables
from som.views import editing
from som.views.labels import COST_TYPE_LABELS, PAYERS

HELP = {
    "costs": "**Indsatsens omkostninger** – kr. pr. år (opstart og drift) eller kr. pr. deltager, "
             "der starter. Fordel på betalere i procent.",
    "saved_costs": "**Sparede udgifter** – det, den hidtidige indsats kostede, og som ikke "
                   "længere betales (samme opbygning).",
}
LABELS = {"costs": "Omkostninger", "saved_costs": "Sparede udgifter"}
SHARE_WIDTH = 118  # px: "Kommune %" whole beside the grid's edit icon ("small" cut it to "Kommu")


def _config(columns: list[str]) -> dict[str, Any]:
    number = st.column_config.TextColumn(default=None)
    config: dict[str, Any] = {
        editing.NAME: st.column_config.TextColumn(required=True, default="Ny linje", width="medium",
                                                  pinned=True),  # in view beside any year
        editing.TYPE: st.column_config.SelectboxColumn(options=list(COST_TYPE_LABELS.values()),
                                                       required=True, default="Drift"),
        editing.COMMITTEE: st.column_config.TextColumn(
            help="Udvalget, hvis budget linjen hører til (tom: ikke fordelt)"),
        editing.PRICE_YEAR: st.column_config.TextColumn(help="Tom: beregningens prisår"),
        editing.PER_PARTICIPANT: st.column_config.TextColumn(
            help="Kun for typen 'Pr. deltager': kr. pr. deltager, der starter"),
    }
    for payer in PAYERS:
        config[editing.SHARE_COLUMNS[payer]] = st.column_config.TextColumn(
            default="100" if payer == "kommune" else "0", width=SHARE_WIDTH)
    config.update({c: number for c in columns if c.isdigit()})
    return config


def _table(name: str, data: dict) -> None:
    s = data["settings"]
    start, horizon = s["start_year"], s["horizon_years"]
    lines = data.get(name) or []
    columns = editing.cost_table_columns(lines, start, horizon)

    def store(d: dict, value: list[dict]) -> None:
        d[name] = value

    tables.editor(name, (start, horizon), lambda: editing.cost_rows(lines, start, horizon),
                  columns, base=lines, read=lambda rows: editing.cost_lines_from_rows(rows),
                  store=store, label=LABELS[name], column_config=_config(columns),
                  num_rows="dynamic", hide_index=True, placeholder="")


def render(data: dict, kb: Any = None) -> None:
    st.markdown(HELP["costs"])
    _table("costs", data)
    st.markdown(HELP["saved_costs"])
    _table("saved_costs", data)
    st.caption("Skriv tal som på dansk: 300.000 eller 1.234.567,50. Procent: 100 for hele "
               "beløbet. Tomme celler midt i en række tæller som 0.")
