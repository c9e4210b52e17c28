"""Resultat: key figures (total and each payer's own answer), charts, tables and provenance."""

import pandas as pd
import streamlit as st

from app import figures, notat, state
from som import views
from som.views import budget
from som.views.labels import PAYER_LABELS

st.title("Resultat")
result = state.current_result()
if result is None:
    st.info("Ret fejlene under Beregning for at se resultatet.")
    st.stop()

kb = state.knowledge_base()
calc = result.calculation
s = calc.settings
st.caption(" · ".join(part for part in (
    f"**{calc.meta.title}**", calc.meta.organisation,
    f"{s.start_year}–{s.start_year + s.horizon_years - 1}", f"prisniveau {s.price_year}") if part))

illustrative = views.illustrative_used(result, kb)
if illustrative:
    st.warning("Beregningen bruger illustrative værdier (antagelser, ikke publicerede tal) fra "
               "vidensbasen: " + "; ".join(illustrative) + ". Vurder dem, før resultatet bruges.")

if result.notes:
    st.info("  \n".join(result.notes), icon=":material/info:")

figures.headline(result)
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
st.subheader(f"Budgetperioden {budget.period_label(result)}")
rows = budget.budget_period_rows(result)
figures.money_table(rows, money=tuple(k for k in rows[0] if k != "Betaler"))
st.subheader("Kommunens udvalg")
st.caption(f"Kommunens nettoresultat fordelt på udvalg, år for år. '{budget.TRANSFER}' "
           "fordeler kommunens samlede nettoresultat efter udvalgenes andel af omkostningerne: "
           "plus betyder, at udvalget bør have, minus at det bør afgive. Udvalg vælges under "
           "Beregning (omkostninger i trin 3, konsekvensområder i trin 7).")
if budget.only_unassigned(result):
    st.info("Ingen udvalg er valgt endnu, så hele kommunen står som 'Ikke fordelt'. Vælg udvalg "
            "for omkostningerne (trin 3) og for konsekvensområderne (trin 7, hvor vidensbasens "
            "forslag kan tages i brug med ét klik).", icon=":material/account_tree:")
sentence = budget.committee_sentence(result)
if sentence:
    st.warning(sentence, icon=":material/call_split:")
figures.money_table(budget.committee_rows(result), money=budget.committee_money_columns(result))
st.subheader("Pr. år")
figures.money_table(views.year_rows(result))
st.subheader("Pr. konsekvens (hele perioden)")
# Money first: at 1400 px the text columns pushed Stat and I alt out of view (trial 2).
figures.money_table(views.item_rows(result, kb), column_order=(
    "Post", *PAYER_LABELS.values(), "I alt", "Område", "Art", "Enhed", "Pris fra"))

notat.render(result, kb)  # issue 14: checklist status and the memo to download

st.subheader("Sporbarhed")
st.caption(views.provenance_line(result))
with st.expander("Detaljer: version, vidensbase, input og brugte poster"):
    p = result.provenance
    from_profile = str(p.get("consequence_source", "")).startswith("target_group")
    st.markdown(f"- som-version: `{p.get('som_version')}`\n"
                f"- vidensbasens version og fingeraftryk: `{p.get('kb_version') or 'ingen'}` "
                f"`{p.get('kb_fingerprint') or 'ingen vidensbase'}`\n"
                f"- input-hash (SHA-256 af beregningen): `{p.get('input_hash')}`\n"
                "- konsekvenserne kommer fra: "
                + ("målgruppens standardprofil i vidensbasen" if from_profile else "beregningen selv"))
    rows = views.provenance_rows(result, kb)
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={"Link": figures.link_column("Kilde")})
