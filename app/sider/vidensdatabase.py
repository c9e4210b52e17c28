"""Vidensdatabase: browse and search target groups, effects, consequence profiles and prices."""

import pandas as pd
import streamlit as st

from app import figures, state
from app.figures import link_column
from som import views

st.title("Vidensdatabase")
status = state.kb_status()
kb = status.kb
if kb is None:
    st.info(status.message)
    st.stop()

st.caption(f"Version {kb.version} · fingeraftryk {kb.fingerprint[:12]}. Hver post har en kilde og "
           "en status: publiceret, afledt (med udregning) eller illustrativ (en begrundet antagelse).")
query = st.text_input("Søg", key="kb_query", placeholder="fx kontanthjælp, anbragte, RCT")

TABS = {  # name: (rows, columns shown first)
    "Målgrupper": (views.target_group_rows, ("Målgruppe", "Alder", "Succeskriterium")),
    "Effekter": (views.effect_rows, ("Indsats", "Målgruppe", "Evidensniveau", "Effekt")),
    "Konsekvensprofiler": (views.profile_rows, ("Målgruppe", "Post", "Enhed")),
    "Priser": (views.kb_price_rows, ("Post", "Område", "Enhed", "Art", "Prisår", "Kommune",
                                      "Region", "Stat")),
}
tabs = st.tabs(list(TABS))
for tab, (name, (rows_of, first)) in zip(tabs, TABS.items(), strict=True):
    with tab:
        rows = rows_of(kb, query=query) if name != "Effekter" else rows_of(kb, None, query)
        st.caption(f"{len(rows)} {name.lower()}" + (f" matcher '{query}'" if query.strip() else ""))
        if rows:
            config = {"Link": link_column()}
            if name == "Priser":
                config.update({c: st.column_config.NumberColumn(format="localized")
                               for c in ("Kommune", "Region", "Stat")})
            frame = pd.DataFrame(rows)
            st.dataframe(frame, hide_index=True, column_config=config, key=f"kb_table_{name}",
                         column_order=figures.ordered(list(frame.columns), first))
