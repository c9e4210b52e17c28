"""Trin 1 Målgruppe: a knowledge-base target group or one's own.

Changing the group when the calculation has consequences asks first (issue 10): adopt the new
group's profile and prices, or keep the current consequences as the calculation's own. Until
the question is answered nothing changes; the old group's consequences are never kept silently.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, widgets
from som import views
from som.views import newcalc

TG_KB, TG_OWN = "Fra vidensbasen", "Egen målgruppe"
AREAS = ["voksne", "børn og unge"]
NO_AREA = "(ikke angivet)"
PENDING = "_tg_pending"


def _group_name(kb: Any, tg: Any) -> str:
    if isinstance(tg, dict):
        return tg.get("name") or "egen målgruppe"
    if not tg:
        return "ingen målgruppe"
    return views.target_group_choices(kb).get(tg, tg)


def _request(new: Any) -> None:
    """A new target group from a widget: apply at once, or ask when consequences would change."""
    data = state.calc_data()
    kb = state.knowledge_base()
    if new == data.get("target_group"):
        st.session_state.pop(PENDING, None)
        return
    if newcalc.consequences_differ(data, new, kb):
        st.session_state[PENDING] = {"target_group": new}
        return
    changed = state.editable_data()
    if new is None:
        changed.pop("target_group", None)
    else:
        changed["target_group"] = new
    state.edit(changed, "målgruppe")


def _answer(adopt: bool) -> None:
    pending = st.session_state.pop(PENDING, None)
    if pending is None:
        return
    data = state.calc_data()
    kb = state.knowledge_base()
    old = _group_name(kb, data.get("target_group"))
    state.edit_and_reseed(newcalc.switch_target_group(data, pending["target_group"], kb, adopt, old),
                          "skift af målgruppe")


def _cancel() -> None:
    st.session_state.pop(PENDING, None)
    state.edit_and_reseed(state.editable_data(), "målgruppe (annulleret)")


def _mode_changed(key: str) -> None:
    mode = st.session_state.get(key)
    current = state.calc_data().get("target_group")
    if mode == TG_OWN and not isinstance(current, dict):
        _request({"name": ""})
    elif mode == TG_KB and isinstance(current, dict):
        _request(None)


def _id_changed(key: str) -> None:
    _request(st.session_state.get(key))


def render_pending(kb: Any) -> bool:
    """The adopt-or-keep question, when a change waits for an answer. True if shown."""
    pending = st.session_state.get(PENDING)
    if not pending:
        return False
    data = state.calc_data()
    new = _group_name(kb, pending["target_group"])
    with st.container(border=True):
        st.warning(f"Du skifter målgruppe fra **{_group_name(kb, data.get('target_group'))}** til "
                   f"**{new}**. Beregningen har konsekvenser fra den hidtidige målgruppe. Hvad "
                   "skal der ske med dem? Tallene regnes med den hidtidige målgruppe, indtil du "
                   "har valgt.", icon=":material/help:")
        has_profile = views.default_profile(kb, pending["target_group"]) is not None
        adopt = (f"Brug standardprofilen for målgruppen {new} og vidensbasens priser" if has_profile
                 else "Fjern de nuværende konsekvenser")
        c1, c2, c3 = st.columns(3)
        c1.button(adopt, on_click=_answer, args=(True,), type="primary", key="tg_adopt")
        c2.button("Behold de nuværende konsekvenser", on_click=_answer, args=(False,),
                  key="tg_keep")
        c3.button("Fortryd skiftet", on_click=_cancel, key="tg_cancel")
    return True


def _own_group(current: dict) -> None:
    def field(name: str) -> widgets.Apply:
        return widgets.at(f"target_group.{name}")

    widgets.text("Navn på målgruppen", "tg_name", current.get("name", ""), field("name"))
    widgets.text("Beskrivelse", "tg_description", current.get("description", ""),
                 field("description"))
    left, right = st.columns(2)
    with left:
        widgets.text("Aldersgruppe", "tg_age", current.get("age_band", ""), field("age_band"))
    with right:
        widgets.choice("Område", "tg_area", [NO_AREA, *AREAS], current.get("area"),
                       lambda d, v: field("area")(d, None if v == NO_AREA else v))
    widgets.text("Succeskriterium", "tg_success", current.get("success_criterion", ""),
                 field("success_criterion"))


def render(data: dict, kb: Any) -> None:
    current = data.get("target_group")
    render_pending(kb)
    mode_key = widgets.seeded("tg_mode", TG_OWN if isinstance(current, dict) else TG_KB)
    mode = st.radio("Målgruppe", [TG_KB, TG_OWN], key=mode_key, horizontal=True,
                    on_change=_mode_changed, args=(mode_key,))
    if mode == TG_OWN:
        if isinstance(current, dict):
            _own_group(current)
        return
    if kb is None:
        st.info(state.kb_status().message)
        widgets.text("Målgruppens id i vidensbasen", "tg_id", current if isinstance(current, str)
                     else "", lambda d, v: widgets.at("target_group")(d, v or None))
        return
    choices = views.target_group_choices(kb)
    options: list = [None, *choices]
    if isinstance(current, str) and current not in choices:
        options.insert(1, current)
    key = widgets.seeded("tg_id", current if current in options else None)
    chosen = st.selectbox("Vælg målgruppe", options, key=key, on_change=_id_changed, args=(key,),
                          placeholder="Vælg en målgruppe i vidensbasen",
                          format_func=lambda i: "(ingen målgruppe valgt)" if i is None else
                          choices.get(i, f"{i} (findes ikke i vidensbasen)"))
    details = views.target_group_details(kb, chosen)
    if details:
        st.markdown(f"**Succeskriterium:** {details['Succeskriterium']}  \n"
                    f"**Alder:** {details['Alder']} · **Status:** {details['Status']}"
                    + (f" · [{details['Kilde']}]({details['Link']})" if details["Link"] else ""))
        if details["Beskrivelse"]:
            st.caption(details["Beskrivelse"])
