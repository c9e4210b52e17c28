"""Resultat: key figures, charts, tables and the provenance stamp of the current calculation."""

import pandas as pd
import streamlit as st

from app import figures, notat, state
from som import views

st.title("Resultat")
result = state.current_result()
if result is None:
    st.info("Ret fejlene under Beregning for at se resultatet.")
    st.stop()

kb = state.knowledge_base()
calc = result.calculation
s = calc.settings
st.caption(f"{calc.meta.title} · {calc.meta.organisation} · {s.start_year}–"
           f"{s.start_year + s.horizon_years - 1} · prisniveau {s.price_year}")

illustrative = views.illustrative_used(result, kb)
if illustrative:
    st.warning("Beregningen bruger illustrative værdier (antagelser, ikke publicerede tal) fra "
               "vidensbasen: " + "; ".join(illustrative) + ". Vurder dem, før resultatet bruges.")

figures.metrics(result, figures.HEADLINE, columns=4)
figures.metrics(result, ("net_per_participant", "net_per_success", "break_even_success_rate",
                         "successes"), columns=4)

left, right = st.columns(2)
with left:
    st.plotly_chart(figures.net_by_payer_chart(result), key="chart_payer")
with right:
    st.plotly_chart(figures.cumulative_chart(result), key="chart_cumulative")
st.plotly_chart(figures.area_chart(result, kb), key="chart_area")

st.subheader("Pr. betaler")
figures.money_table(views.payer_rows(result))
st.subheader("Pr. år")
figures.money_table(views.year_rows(result))
st.subheader("Pr. konsekvens (hele perioden)")
figures.money_table(views.item_rows(result, kb))

notat.render(result, kb)  # issue 14: checklist status and the memo to download

st.subheader("Sporbarhed")
st.caption(views.provenance_line(result))
with st.expander("Detaljer: version, vidensbase, input og brugte poster"):
    p = result.provenance
    st.markdown(f"- som-version: `{p.get('som_version')}`\n"
                f"- vidensbasens version og fingeraftryk: `{p.get('kb_version') or 'ingen'}` "
                f"`{p.get('kb_fingerprint') or 'ingen vidensbase'}`\n"
                f"- input-hash (SHA-256 af beregningen): `{p.get('input_hash')}`")
    if p.get("records_used"):
        st.dataframe(pd.DataFrame(p["records_used"]), hide_index=True)
