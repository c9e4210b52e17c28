"""Trin 6 Priser: the price of each consequence item, with source and status; local overrides."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, tables
from app.figures import link_column
from som import views
from som.views import editing
from som.views.labels import KIND_LABELS

PRICE_ORDER = ["Post", "Enhed", "Art", "Prisår", "Kommune", "Region", "Stat", "Status", "Oprindelse",
               "Vidensbasens pris", "Kilde", "Link"]


def _drop_local_prices(items: list[str]) -> None:
    data = state.editable_data()
    data["prices"] = {k: v for k, v in (data.get("prices") or {}).items() if k not in items}
    state.edit_and_reseed(data, "vidensbasens priser")


def _store(data: dict, value: dict) -> None:
    data["prices"] = value


def render(data: dict, kb: Any) -> None:
    st.caption("Priser pr. enhed fordelt på betalere. Ret et beløb for at bruge en lokal pris i "
               "denne beregning; kilden og status står ved hver pris.")
    rows = editing.price_text_rows(views.price_rows(data, kb))
    if not rows:
        st.caption("Ingen konsekvenser, og derfor ingen priser.")
        return
    columns = list(rows[0])
    money = st.column_config.TextColumn()
    config = {"Id": None, "Kommune": money, "Region": money, "Stat": money,
              "Prisår": st.column_config.TextColumn(),
              "Art": st.column_config.SelectboxColumn(options=list(KIND_LABELS.values())),
              "Link": link_column()}
    disabled = [c for c in columns if c not in editing.PRICE_EDITABLE]
    inline = data.get("prices") or {}
    # Re-created when the items change (not on its own edits, so quick edits accumulate).
    deps = (data["settings"]["price_year"], "|".join(r["Id"] for r in rows))
    tables.editor("prices", deps, lambda: rows, columns, base=inline,
                  read=lambda edited: editing.prices_from_rows(edited, rows, inline),
                  store=_store, label="Priser", column_config=config, disabled=disabled,
                  hide_index=True, placeholder="", column_order=PRICE_ORDER)
    overridden = views.local_prices_with_kb_default(data, kb)
    if overridden:
        st.button("Brug vidensbasens priser i stedet for de lokale (" + ", ".join(overridden) + ")",
                  on_click=_drop_local_prices, args=(overridden,),
                  key=state.widget_key("drop_local_prices"))
    missing = [r["Id"] for r in rows if r["Oprindelse"] == "Ingen pris" and r["Id"] not in inline]
    if missing:
        st.warning("Mangler pris: " + ", ".join(missing) + ". Angiv art og beløb i tabellen.")
