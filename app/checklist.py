"""The SØM checklist (the assumptions log) in the app (issue 14): a form with one text and one
source per topic, and which topics are still empty. The topics, questions and the conversion to
the file's `assumptions` list are som.views.checklist's."""

from __future__ import annotations

import streamlit as st

from app import state, widgets
from som.views.checklist import (
    assumptions_from_form,
    checklist_rows,
    missing_sentence,
    more_note,
)

PAGE = "sider/tjekliste.py"


def render_form(data: dict) -> list[dict] | None | bool:
    """The form; returns the new `assumptions` list when saved, else False (nothing to store)."""
    rows = checklist_rows(data)
    with st.form(state.widget_key("checklist_form")):
        texts, sources = {}, {}
        for row in rows:
            first = row["entries"][0] if row["entries"] else {}
            st.markdown(f"**{row['name']}**")
            st.caption(" ".join(filter(None, (row["question"], more_note(row)))))
            text_col, source_col = st.columns([3, 1])
            with text_col:
                texts[row["topic"]] = st.text_area(
                    f"{row['name']}: forudsætning", height=68, label_visibility="collapsed",
                    key=widgets.seeded(f"cl_text_{row['topic']}", first.get("text", "")),
                    placeholder="Forudsætningen, med dine egne ord")
            with source_col:
                sources[row["topic"]] = st.text_input(
                    f"{row['name']}: kilde", label_visibility="collapsed",
                    key=widgets.seeded(f"cl_source_{row['topic']}", first.get("source", "")),
                    placeholder="Kilde (rapport, link …)")
        saved = st.form_submit_button("Gem tjeklisten", type="primary")
    if not saved:
        return False
    return assumptions_from_form(texts, sources, data.get("assumptions"))


def render_missing(calc_or_data, link: bool = True) -> None:
    """Which topics are still empty, with a link to the form (`link`)."""
    sentence = missing_sentence(calc_or_data)
    if sentence is None:
        st.success("SØMs tjekliste er udfyldt og kommer med i notatet.", icon=":material/checklist:")
        return
    st.warning(f"{sentence} Forudsætningerne kommer med i notatet til udvalget.",
               icon=":material/checklist:")
    if link:
        st.page_link(PAGE, label="Udfyld tjeklisten", icon=":material/edit_note:")
