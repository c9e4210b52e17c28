"""Trin 5 Konsekvenser: change in use per successful citizen by year since success, and (spec v2
§2.5b) per starter during the course by year since starting – one table each."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, tables
from som import views
from som.views import editing

TABLES = {  # key in the file: (table name, heading, caption)
    "delta_per_success": (
        "consequences", "**Pr. borger med succes**",
        "År 0 er succesåret (eller året efter succes, hvis konsekvenserne begynder året efter – "
        "se Indstillinger), som i Excel-projektmappen. Negative tal: mindre forbrug."),
    "during_course": (
        "during_course", "**Under forløbet, pr. deltager der starter** (med eller uden succes)",
        "År 0 er startåret. Fx 4 færre uger kontanthjælp i forløbsåret: −4 i År 0."),
}


def _use_profile() -> None:
    data = state.editable_data()
    data.pop("consequences", None)
    state.edit_and_reseed(data, "målgruppens standardprofil")


def _storer(key: str, kb: Any):
    def store(data: dict, value: list[dict]) -> None:
        """Put this table's vectors into the consequences as they are NOW (the other table's
        edits included); a list equal to the target group's profile is the profile again."""
        now, _ = views.effective_consequences(data, kb)
        merged = editing.with_part(now, key, value)
        profile = views.default_profile(kb, data.get("target_group"))
        if profile is not None and merged == profile["consequences"]:
            data.pop("consequences", None)
        else:
            data["consequences"] = merged
    return store


def _table(key: str, consequences: list[dict], data: dict, kb: Any, choices: dict) -> None:
    name, heading, caption = TABLES[key]
    st.markdown(heading)
    st.caption(caption)
    now = editing.part(consequences, key)
    horizon = data["settings"]["horizon_years"]
    width = max([horizon] + [len(c[key]) for c in now])
    columns = [editing.ITEM, *editing.lag_columns(width)]
    config: dict[str, Any] = {editing.ITEM: st.column_config.SelectboxColumn(
        options=sorted(set(choices.values()) | {choices.get(c["item"], c["item"]) for c in now}),
        required=True, width="large")}
    config.update({c: st.column_config.TextColumn(width="small") for c in columns[1:]})
    tables.editor(name, (horizon, str(data.get("target_group"))),
                  lambda: editing.consequence_rows(now, choices, width, key), columns, base=now,
                  read=lambda rows: editing.consequences_from_rows(rows, choices, key),
                  store=_storer(key, kb), label="Konsekvenser", column_config=config,
                  num_rows="dynamic", hide_index=True, placeholder="")


def render(data: dict, kb: Any) -> None:
    consequences, origin = views.effective_consequences(data, kb)
    profile = views.default_profile(kb, data.get("target_group"))
    if origin == "profile":
        st.info(f"Standardprofil fra vidensbasen ({profile['id']}, status: {profile['status']}). "
                "Ret i tabellerne for at lave beregningens egen profil.")
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
    choices = views.item_choices(data, kb)
    for key in TABLES:
        _table(key, consequences, data, kb, choices)
    st.caption("Enheden og prisen står under Priser. Tomme celler midt i en række tæller som 0.")
