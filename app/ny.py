"""Start a new calculation from the first screen: blank, from a target group, from a file, or a
copy of a saved one (issue 10). Replacing unsaved work asks first (state.replace)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from app import bibliotek, state
from som import fmt, views
from som.errors import InputError
from som.views import newcalc

BLANK, GROUP, FILE, COPY, EXAMPLE = ("Tom beregning", "Fra en målgruppe i vidensbasen",
                                     "Fra en fil", "Kopi af en gemt beregning", "Eksemplet (MOVE)")
OPEN = "new_panel"


def this_year() -> int:
    return datetime.now(ZoneInfo(fmt.TIMEZONE)).year


def _create(kind: str) -> None:
    title = str(st.session_state.get("new_title") or "").strip()
    kb = state.knowledge_base()
    if kind == BLANK:
        data, label = newcalc.blank(title, this_year(), kb), "en tom beregning"
    elif kind == GROUP:
        group = st.session_state.get("new_group")
        if not group:
            st.session_state["_new_problem"] = "Vælg en målgruppe."
            return
        data = newcalc.from_target_group(title, this_year(), kb, group)
        label = f"en ny beregning for {views.target_group_choices(kb).get(group, group)}"
    elif kind == EXAMPLE:
        data, label = state.example_data(), "eksemplet (MOVE)"
    else:
        chosen = st.session_state.get("new_saved")
        if chosen is None:
            st.session_state["_new_problem"] = "Vælg en gemt beregning."
            return
        data = newcalc.copy_of(bibliotek.load(chosen).to_data())
        if title:
            data["meta"]["title"] = title
        label = f"en kopi af '{data['meta']['title']}'"
    st.session_state.pop("_new_problem", None)
    st.session_state[OPEN] = False
    state.replace(data, label)


def upload(key: str) -> None:
    """A file uploader's callback: the file becomes the calculation (asks if unsaved work).

    The outcome is left in session_state[f"{key}_outcome"]: ("ok", message) or ("error", exc),
    for `upload_outcome` to show."""
    file = st.session_state.get(key)
    if file is None:
        return
    try:
        calc = views.calculation_from_upload(file.name, file.getvalue())
    except InputError as exc:
        st.session_state[f"{key}_outcome"] = ("error", exc, file.name)
        return
    st.session_state[OPEN] = False
    replaced = state.set_calculation(calc, f"{calc.meta.title} ({file.name})")
    st.session_state[f"{key}_outcome"] = ("ok", f"Indlæst: {calc.meta.title} ({file.name}). Se den "
                                          "under Beregning og Resultat." if replaced else "", "")


def upload_outcome(key: str) -> None:
    outcome = st.session_state.get(f"{key}_outcome")
    if not outcome:
        return
    if outcome[0] == "error":
        state.show_errors(outcome[1], f"{outcome[2]} kunne ikke indlæses:")
    elif outcome[1]:
        st.success(outcome[1])


def render() -> None:
    """The 'Ny beregning' panel (collapsed unless in use)."""
    kb = state.knowledge_base()
    with st.expander("Ny beregning", icon=":material/add_circle:", key=OPEN, on_change="rerun"):
        if not st.session_state.get(OPEN):
            return  # drawn when opened (a click reruns): the first screen stays light
        kind = st.radio("Start fra", [BLANK, GROUP, FILE, COPY, EXAMPLE], horizontal=True,
                        key="new_kind")
        if kind == FILE:
            st.file_uploader("YAML, JSON eller Excel (højst 5 MB)",
                             type=["yaml", "yml", "json", "xlsx", "xlsm"], key="new_upload",
                             on_change=upload, args=("new_upload",))
            upload_outcome("new_upload")
            return
        if kind != EXAMPLE:
            st.text_input("Titel", key="new_title", placeholder="fx Cool Kids – Ikast-Brande",
                          help="Titlen navngiver også indsatsen; begge kan rettes bagefter.")
        if kind == GROUP:
            choices = views.target_group_choices(kb)
            if not choices:
                st.info(state.kb_status().message or "Vidensbasen har ingen målgrupper.")
                return
            st.selectbox("Målgruppe", list(choices), key="new_group", index=None,
                         format_func=choices.get, placeholder="Vælg målgruppe")
            st.caption("Målgruppens standardprofil og vidensbasens priser bruges; horisonten "
                       "dækker hele profilen.")
        elif kind == COPY:
            infos, reason = bibliotek.saved()
            if reason:
                st.info(reason)
                return
            if not infos:
                st.info("Der er ingen gemte beregninger endnu.")
                return
            by_id = {i.calculation_id: i for i in infos}
            st.selectbox("Gemt beregning", list(by_id), key="new_saved", index=None,
                         format_func=lambda i: bibliotek.label(by_id[i]),
                         placeholder="Vælg beregning")
        if st.session_state.get("_new_problem"):
            st.markdown(f":red[{st.session_state['_new_problem']}]")
        st.button("Opret beregningen", type="primary", on_click=_create, args=(kind,),
                  key="new_create")
