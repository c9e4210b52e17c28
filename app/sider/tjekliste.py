"""Tjekliste: SØM's checklist for the calculation's assumptions (issue 14)."""

import streamlit as st

from app import checklist, state

st.title("Tjekliste: forudsætninger")
st.caption("SØMs tjekliste: skriv for hvert emne, hvad beregningen forudsætter, og hvor det "
           "kommer fra. Teksterne gemmes i beregningen (også i Excel) og står i notatet til "
           "udvalget.")
data = state.editable_data()
checklist.render_missing(data, link=False)
assumptions = checklist.render_form(data)
if assumptions is not False:
    if assumptions is None:
        data.pop("assumptions", None)
    else:
        data["assumptions"] = assumptions
    state.edit(data, "tjekliste")
    st.rerun()
