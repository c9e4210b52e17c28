"""Trin 4 Effekt: the success rate net of baseline (or both rates) and the evidence behind it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import effect_step, state, widgets
from som import fmt, views
from som.numparse import PERCENT
from som.views import rates

RATE_NET, RATE_PAIR = "Nettosuccesrate", "Succesrate med og uden indsats"
MODES = {RATE_NET: rates.NET, RATE_PAIR: rates.PAIR}
MODE_KEY = "_ef_rate_mode"  # the mode last chosen; kept when the step is not drawn
RATE_KEYS = ("success_rate", "success_rate_intervention", "success_rate_baseline")


def _mode(data: dict, label: str) -> None:
    """The radio's callback: remember the choice (a new calculation has no rate to show it by)
    and give the rates the chosen way (som.views.rates)."""
    mode = MODES[label]
    st.session_state[MODE_KEY] = mode
    rates.switch_rate_mode(data["intervention"], mode)


def _use_study(rates: tuple[float, float]) -> None:
    data = state.editable_data()
    iv = data["intervention"]
    for key in (*RATE_KEYS, "effect"):
        iv.pop(key, None)
    iv["success_rate_intervention"], iv["success_rate_baseline"] = rates
    state.edit_and_reseed(data, "succesrater fra et studie")


def render(data: dict, kb: Any) -> None:
    if effect_step.render_toggle(data):  # issue 14: the rates from an effect size in a study
        effect_step.render_effect_size(data, kb)
        return
    iv = data["intervention"]
    pair_now = rates.rate_mode(iv, st.session_state.get(MODE_KEY)) == rates.PAIR
    widgets.choice("Hvordan vil du angive effekten?", "ef_mode", [RATE_NET, RATE_PAIR],
                   RATE_PAIR if pair_now else RATE_NET, _mode, widget=st.radio, horizontal=True)
    if not pair_now:
        widgets.number("Succesrate netto (%)", "ef_net", iv.get("success_rate"), PERCENT,
                       widgets.at("intervention.success_rate"),
                       help="Andel af dem, der gennemfører, som får succes på grund af indsatsen "
                            "– ud over dem, der ville have klaret sig alligevel.")
    else:
        left, right = st.columns(2)
        with left:
            widgets.number("Succesrate med indsatsen (%)", "ef_with",
                           iv.get("success_rate_intervention"), PERCENT,
                           widgets.at("intervention.success_rate_intervention"))
        with right:
            widgets.number("Succesrate uden indsatsen (%)", "ef_without",
                           iv.get("success_rate_baseline"), PERCENT,
                           widgets.at("intervention.success_rate_baseline"),
                           help="Dem, der ville have fået succes alligevel (dødvægt).")
    render_studies(data, kb)


def render_studies(data: dict, kb: Any) -> None:
    """The knowledge base's effect studies for the target group, strongest evidence first."""
    st.markdown("**Effektstudier for målgruppen i vidensbasen**")
    tg = data.get("target_group")
    if kb is None:
        st.info(state.kb_status().message)
        return
    rows = views.effect_rows(kb, tg) if isinstance(tg, str) else []
    if not rows:
        st.caption("Vidensbasen har ingen effektstudier for denne målgruppe.")
        return
    for row in rows:
        with st.container(border=True):
            source = f" · [{row['Kilde']}]({row['Link']})" if row["Link"] else ""
            st.markdown(f"**{row['Indsats']}**  \n"
                        f"Evidensniveau {row['Evidensniveau']} · {row['Land']} {row['År']} · "
                        f"status: {row['Status']}{source}  \n"
                        f"*Udfald:* {row['Udfald']}  \n*Effekt:* {row['Effekt']}")
            a, b = row["Succesrate med indsats"], row["Succesrate uden indsats"]
            if a is not None and b is not None and b <= a:
                st.button(f"Brug studiets succesrater: {fmt.percent(a)} med og {fmt.percent(b)} "
                          "uden indsats", key=state.widget_key(f"use_{row['Id']}"),
                          on_click=_use_study, args=((a, b),))
            elif a is not None:
                st.caption(f"Succesrate med indsats {fmt.percent(a)}; studiet angiver ingen "
                           "sammenligning, så nettoeffekten skal vurderes.")
