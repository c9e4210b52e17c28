"""Beregning: the guided flow (SØM's steps) under the key figures, which update on every change."""

import streamlit as st

from app import effect_step, figures, state, steps, steps_tables
from app.steps_tables import UNCHANGED

STEPS = ["1 Målgruppe", "2 Indsats og deltagere", "3 Omkostninger", "4 Effekt", "5 Konsekvenser",
         "6 Priser", "7 Indstillinger"]

data = state.editable_data()
kb = state.knowledge_base()

st.title("Beregning")
key_figures = st.container()  # filled after the flow, so it shows this run's input
tabs = st.tabs(STEPS)
# Settings first (they set the year columns of the other steps), then the target group (it
# supplies the default consequences); the tabs still show in SØM's order.
with tabs[6]:
    data["meta"], data["settings"] = steps.render_settings(data)
with tabs[0]:
    target_group = steps.render_target_group(data, kb)
    if target_group is None:
        data.pop("target_group", None)
    else:
        data["target_group"] = target_group
with tabs[1]:
    data["intervention"].update(steps.render_intervention(data))
with tabs[2]:
    costs, saved = steps_tables.render_costs(data)
    if costs is not UNCHANGED:
        data["costs"] = costs
    if saved is not UNCHANGED:
        data["saved_costs"] = saved
with tabs[3]:
    effect = effect_step.render(data, kb)  # issue 14: rates, or an effect size from a study
    for key in ("success_rate", "success_rate_intervention", "success_rate_baseline"):
        data["intervention"].pop(key, None)
    data["intervention"].update(effect)
with tabs[4]:
    consequences = steps_tables.render_consequences(data, kb)
    if consequences is not UNCHANGED:
        data["consequences"] = consequences
with tabs[5]:
    prices = steps_tables.render_prices(data, kb)
    if prices is not UNCHANGED:
        data["prices"] = prices

state.update_calc_data(data)

with key_figures:
    result = state.current_result()
    if result is not None:
        s = result.calculation.settings
        st.caption(f"{result.calculation.meta.title} · {s.start_year}–"
                   f"{s.start_year + s.horizon_years - 1} · prisniveau {s.price_year} · "
                   "nøgletallene opdateres ved hver ændring")
        figures.metrics(result, figures.HEADLINE, columns=4)
        st.page_link("sider/resultat.py", label="Se hele resultatet med grafer og tabeller",
                     icon=":material/bar_chart:")
