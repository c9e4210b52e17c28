"""Beregning: start a new calculation, the key figures (total and the kommune's own answer), and
the guided flow in SØM's steps below them. Edits are applied before this script draws anything
(field callbacks, app.tables.sync in the main script), so the figures on top are this run's."""

import streamlit as st

from app import figures, ny, state, tables
from app.trin import effekt, indsats, indstillinger, konsekvenser, malgruppe, omkostninger, priser

STEPS = [("1 Målgruppe", malgruppe), ("2 Indsats og deltagere", indsats),
         ("3 Omkostninger", omkostninger), ("4 Effekt", effekt), ("5 Konsekvenser", konsekvenser),
         ("6 Priser", priser), ("7 Indstillinger", indstillinger)]
STEP_KEY = "beregning_trin"


def key_figures() -> None:
    """The figures of the calculation as it stands; what could not be read (the figures do not
    include it) is named in the line above them, not in a box that would push the page down
    while the person types (the reason stands under the field or table itself)."""
    waiting = list(dict.fromkeys([label for label, _ in state.refused().values()]
                                 + [label for label, _ in tables.refusals()]))
    if st.session_state.get(malgruppe.PENDING):
        st.info("Du har skiftet målgruppe: vælg under trin 1, hvad der skal ske med "
                "konsekvenserne. Tallene er indtil da den hidtidige målgruppes.")
    result = state.current_result()
    if result is None:
        return
    s = result.calculation.settings
    # About as long as the usual words, so the line does not grow while the person types.
    status = (f":red[**nøgletal regnet uden: {', '.join(waiting)}**]" if waiting
              else "nøgletallene opdateres ved hver ændring")
    st.caption(f"**{result.calculation.meta.title}** · {s.start_year}–"
               f"{s.start_year + s.horizon_years - 1} · prisniveau {s.price_year} · {status}")
    figures.headline(result)
    st.page_link("sider/resultat.py", label="Se hele resultatet med grafer og tabeller",
                 icon=":material/bar_chart:")


st.title("Beregning")
ny.render()
with st.container():  # one element above the tabs whatever it holds, so the open tab stays open
    key_figures()
data = state.calc_data()
kb = state.knowledge_base()
# Only the open step is drawn (a tab click reruns): the first screen and every rerun draw one
# step's widgets, not all seven with five tables. Edits never depend on what is drawn.
tabs = st.tabs([name for name, _ in STEPS], key=STEP_KEY, on_change="rerun")
active = st.session_state.get(STEP_KEY) or STEPS[0][0]
for tab, (name, step) in zip(tabs, STEPS, strict=True):
    if name == active:
        with tab:
            step.render(data, kb)
