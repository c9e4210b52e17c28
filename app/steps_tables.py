"""The guided flow's table steps: Omkostninger, Konsekvenser, Priser (st.data_editor).

Tables are built from and turned back into the calculation's data by som.views; a table that the
user has not edited leaves the data exactly as it was.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, widgets
from app.figures import link_column
from som import views
from som.views import editing
from som.views.labels import COST_TYPE_LABELS, KIND_LABELS, PAYERS

PRICE_ORDER = ["Post", "Enhed", "Art", "Prisår", "Kommune", "Region", "Stat", "Status", "Oprindelse",
               "Vidensbasens pris", "Kilde", "Link"]
UNCHANGED = object()  # a render_* result meaning "leave the data as it is"


def _cost_editor(name: str, lines: list[dict], data: dict) -> Any:
    s = data["settings"]
    start, horizon = s["start_year"], s["horizon_years"]
    columns = [editing.NAME, editing.TYPE, *editing.SHARE_COLUMNS.values(), editing.PRICE_YEAR,
               editing.PER_PARTICIPANT, *editing.cost_columns(lines, start, horizon)]
    money = st.column_config.NumberColumn(min_value=0.0, format="localized")
    config: dict[str, Any] = {
        editing.NAME: st.column_config.TextColumn(required=True, default="Ny linje", width="medium"),
        editing.TYPE: st.column_config.SelectboxColumn(options=list(COST_TYPE_LABELS.values()),
                                                       required=True, default="Drift"),
        editing.PRICE_YEAR: st.column_config.NumberColumn(min_value=1900, max_value=2200,
                                                          format="%d", help="Tom: beregningens prisår"),
        editing.PER_PARTICIPANT: money,
    }
    for payer in PAYERS:
        config[editing.SHARE_COLUMNS[payer]] = st.column_config.NumberColumn(
            min_value=0.0, max_value=100.0, format="%g", default=100.0 if payer == "kommune" else 0.0)
    config.update({c: money for c in columns if c.isdigit()})
    shown, edited = widgets.editor(name, (start, horizon), lambda: editing.cost_rows(lines, start, horizon),
                                   columns, column_config=config, num_rows="dynamic", hide_index=True,
                                   placeholder="")
    if not widgets.changed(shown, edited):
        return UNCHANGED
    return editing.cost_lines_from_rows(widgets.frame_rows(edited), start, lines)


def render_costs(data: dict) -> tuple[Any, Any]:
    """Omkostninger: the intervention's costs and the saved costs of the baseline alternative."""
    st.markdown("**Indsatsens omkostninger** – kr. pr. år (opstart og drift) eller kr. pr. deltager, "
                "der starter. Fordel på betalere i procent.")
    costs = _cost_editor("costs", data.get("costs") or [], data)
    st.markdown("**Sparede udgifter** – det, den hidtidige indsats kostede, og som ikke længere "
                "betales (samme opbygning).")
    saved = _cost_editor("saved_costs", data.get("saved_costs") or [], data)
    return costs, saved


def _use_profile() -> None:
    data = state.editable_data()
    data.pop("consequences", None)
    state.set_calc_data(data)


def render_consequences(data: dict, kb: Any) -> Any:
    """Konsekvenser: change in use per successful citizen, by year since success."""
    consequences, origin = views.effective_consequences(data, kb)
    profile = views.default_profile(kb, data.get("target_group"))
    if origin == "profile":
        st.info(f"Standardprofil fra vidensbasen ({profile['id']}, status: {profile['status']}). "
                "Ret i tabellen for at lave beregningens egen profil.")
        if profile["reasoning"]:
            st.caption(profile["reasoning"])
    elif origin == "file" and profile is not None:
        st.caption("Beregningen har sin egen konsekvensprofil.")
        st.button("Brug målgruppens standardprofil fra vidensbasen", on_click=_use_profile,
                  key=state.widget_key("use_profile"))
    elif origin == "none":
        st.warning("Ingen konsekvenser endnu: tilføj linjer i tabellen (vælg post og angiv ændringen "
                   "pr. borger med succes, fx −10 uger kontanthjælp).")
    st.caption("År 1 er det første år med virkning (succesåret eller året efter, se Indstillinger). "
               "Negative tal: mindre forbrug. Enheden står i Priser.")
    choices = views.item_choices(data, kb)
    horizon = data["settings"]["horizon_years"]
    rows = editing.consequence_rows(consequences, choices, horizon)
    columns = [editing.ITEM, *editing.lag_columns(max([horizon] + [len(c["delta_per_success"])
                                                                   for c in consequences]))]
    config: dict[str, Any] = {editing.ITEM: st.column_config.SelectboxColumn(
        options=sorted(set(choices.values()) | {r[editing.ITEM] for r in rows}), required=True,
        width="large")}
    config.update({c: st.column_config.NumberColumn(format="localized") for c in columns[1:]})
    shown, edited = widgets.editor("consequences", (horizon, str(data.get("target_group"))),
                                   lambda: rows, columns, column_config=config, num_rows="dynamic",
                                   hide_index=True, placeholder="")
    if not widgets.changed(shown, edited):
        return UNCHANGED
    return editing.consequences_from_rows(widgets.frame_rows(edited), choices)


def _drop_local_prices(items: list[str]) -> None:
    data = state.editable_data()
    data["prices"] = {k: v for k, v in (data.get("prices") or {}).items() if k not in items}
    state.set_calc_data(data)


def render_prices(data: dict, kb: Any) -> Any:
    """Priser: the price of each consequence item, with source and status; local overrides."""
    st.caption("Priser pr. enhed fordelt på betalere. Ret et beløb for at bruge en lokal pris i "
               "denne beregning; kilden og status står ved hver pris.")
    rows = views.price_rows(data, kb)
    if not rows:
        st.caption("Ingen konsekvenser, og derfor ingen priser.")
        return UNCHANGED
    columns = list(rows[0])
    money = st.column_config.NumberColumn(min_value=0.0, format="localized")
    config = {"Id": None, "Kommune": money, "Region": money, "Stat": money,
              "Prisår": st.column_config.NumberColumn(min_value=1900, max_value=2200, format="%d"),
              "Art": st.column_config.SelectboxColumn(options=list(KIND_LABELS.values())),
              "Link": link_column()}
    disabled = [c for c in columns if c not in editing.PRICE_EDITABLE]
    # Re-created when the items or the set of local prices change, so origin and status are fresh.
    deps = (data["settings"]["price_year"], "|".join(r["Id"] for r in rows),
            "|".join(sorted(data.get("prices") or {})))
    shown, edited = widgets.editor("prices", deps, lambda: rows, columns, column_config=config,
                                   disabled=disabled, hide_index=True, placeholder="",
                                   column_order=PRICE_ORDER)
    prices: Any = UNCHANGED
    if widgets.changed(shown, edited):
        prices = editing.prices_from_rows(widgets.frame_rows(edited), widgets.frame_rows(shown),
                                          data.get("prices") or {})
    now = data if prices is UNCHANGED else {**data, "prices": prices}
    overridden = views.local_prices_with_kb_default(now, kb)
    if overridden:
        st.button("Brug vidensbasens priser i stedet for de lokale (" + ", ".join(overridden) + ")",
                  on_click=_drop_local_prices, args=(overridden,),
                  key=state.widget_key("drop_local_prices"))
    missing = [r["Id"] for r in rows if r["Oprindelse"] == "Ingen pris" and r["Id"] not in
               (now.get("prices") or {})]
    if missing:
        st.warning("Mangler pris: " + ", ".join(missing) + ". Angiv art og beløb i tabellen.")
    return prices
