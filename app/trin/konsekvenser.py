"""Trin 5 Konsekvenser: change in use per successful citizen, by year since success."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, tables
from som import views
from som.views import editing


def _use_profile() -> None:
    data = state.editable_data()
    data.pop("consequences", None)
    state.edit_and_reseed(data, "målgruppens standardprofil")


def _store(data: dict, value: list[dict] | None) -> None:
    if value is None:
        data.pop("consequences", None)  # back to the target group's default profile
    else:
        data["consequences"] = value


def render(data: dict, kb: Any) -> None:
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
        st.warning("Ingen konsekvenser endnu: vælg en målgruppe med en standardprofil (trin 1), "
                   "eller tilføj linjer i tabellen (vælg post og angiv ændringen pr. borger med "
                   "succes, fx −10 uger kontanthjælp).")
    st.caption("År 0 er succesåret (eller året efter succes, hvis konsekvenserne begynder året "
               "efter – se Indstillinger), som i Excel-projektmappen. Negative tal: mindre "
               "forbrug. Enheden står i Priser.")
    choices = views.item_choices(data, kb)
    horizon = data["settings"]["horizon_years"]
    width = max([horizon] + [len(c.get("delta_per_success") or []) for c in consequences])
    columns = [editing.ITEM, *editing.lag_columns(width)]
    config: dict[str, Any] = {editing.ITEM: st.column_config.SelectboxColumn(
        options=sorted(set(choices.values()) | {choices.get(c["item"], c["item"])
                                                for c in consequences}),
        required=True, width="large")}
    config.update({c: st.column_config.TextColumn(width="small") for c in columns[1:]})
    tables.editor("consequences", (horizon, str(data.get("target_group"))),
                  lambda: editing.consequence_rows(consequences, choices, width), columns,
                  base=data.get("consequences"),
                  read=lambda rows: editing.consequences_from_rows(rows, choices),
                  store=_store, label="Konsekvenser", column_config=config,
                  num_rows="dynamic", hide_index=True, placeholder="")
