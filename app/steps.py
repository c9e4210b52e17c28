"""The guided flow's simple steps: Målgruppe, Indsats og deltagere, Effekt, Indstillinger.

Each `render_*` draws its widgets (seeded from the calculation's plain data) and returns plain
values; the page puts them into the data. No formulas and no knowledge-base lookups here: the
knowledge base is read through som.views.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, widgets
from som import views
from som.views.labels import CONSEQUENCE_START_LABELS

TG_KB, TG_OWN, TG_NONE = "Fra vidensbasen", "Egen målgruppe", "Ikke angivet"
AREAS = ["voksne", "børn og unge"]
RATE_NET, RATE_PAIR = "Nettosuccesrate", "Succesrate med og uden indsats"
DISCOUNT_NONE, DISCOUNT_FIXED, DISCOUNT_FM = "Ingen", "Fast rente", "Finansministeriets rente"


def render_target_group(data: dict, kb: Any) -> str | dict | None:
    """Målgruppe: a knowledge-base group, a group of one's own, or none."""
    current = data.get("target_group")
    mode_now = TG_OWN if isinstance(current, dict) else TG_KB if current else TG_NONE
    mode = widgets.choice("Målgruppe", "tg_mode", [TG_KB, TG_OWN, TG_NONE], mode_now,
                          widget=st.radio, horizontal=True)
    if mode == TG_NONE:
        return None
    if mode == TG_OWN:
        own = current if isinstance(current, dict) else {}
        out = {"name": widgets.text("Navn på målgruppen", "tg_name", own.get("name", "")),
               "description": widgets.text("Beskrivelse", "tg_description", own.get("description", "")),
               "age_band": widgets.text("Aldersgruppe", "tg_age", own.get("age_band", "")),
               "success_criterion": widgets.text("Succeskriterium", "tg_success",
                                                 own.get("success_criterion", ""))}
        area = widgets.choice("Område", "tg_area", ["(ikke angivet)", *AREAS], own.get("area"))
        if area in AREAS:
            out["area"] = area
        return out
    choices = views.target_group_choices(kb)
    if kb is None:
        st.info(state.kb_status().message)
        return widgets.text("Målgruppens id i vidensbasen", "tg_id",
                            current if isinstance(current, str) else "")
    options = list(choices)
    if isinstance(current, str) and current not in choices:
        options.insert(0, current)
    chosen = widgets.choice("Vælg målgruppe", "tg_id", options, current,
                            format_func=lambda i: choices.get(i, f"{i} (findes ikke i vidensbasen)"))
    details = views.target_group_details(kb, chosen)
    if details:
        st.markdown(f"**Succeskriterium:** {details['Succeskriterium']}  \n"
                    f"**Alder:** {details['Alder']} · **Status:** {details['Status']}"
                    + (f" · [{details['Kilde']}]({details['Link']})" if details["Link"] else ""))
        if details["Beskrivelse"]:
            st.caption(details["Beskrivelse"])
    return chosen


def render_intervention(data: dict) -> dict:
    """Indsats og deltagere: name, starters per year, course length, completion rate."""
    iv = data["intervention"]
    start = data["settings"]["start_year"]
    name = widgets.text("Indsatsens navn", "iv_name", iv.get("name", ""))
    participants = list(iv.get("participants") or [0.0])
    years = widgets.number("Antal år med optag af deltagere", "iv_years", len(participants),
                           min_value=1, max_value=50, step=1)
    st.markdown("**Deltagere, der starter, pr. år**")
    cols = st.columns(5)
    values = []
    for y in range(int(years)):
        seed = float(participants[y]) if y < len(participants) else 0.0
        with cols[y % 5]:
            values.append(widgets.number(f"Deltagere {start + y}", f"iv_participants_{y}", seed,
                                         min_value=0.0, step=1.0, format="%g"))
    left, right = st.columns(2)
    with left:
        course = widgets.number("Forløbets længde (hele år fra start til afslutning)", "iv_course",
                                int(iv.get("course_years", 0)), min_value=0, max_value=49, step=1,
                                help="0 betyder, at forløbet afsluttes samme år, som det starter.")
    with right:
        completion = widgets.percent("Gennemførelsesandel (%)", "iv_completion",
                                     iv.get("completion_rate", 1.0),
                                     help="Andel af de startende, der gennemfører forløbet.")
    return {"name": name, "participants": values, "course_years": int(course),
            "completion_rate": views.share_from_percent(completion, iv.get("completion_rate", 1.0))}


def _use_study(rates: tuple[float, float]) -> None:
    data = state.editable_data()
    iv = data["intervention"]
    iv.pop("success_rate", None)
    iv["success_rate_intervention"], iv["success_rate_baseline"] = rates
    state.set_calc_data(data)


def render_effect(data: dict, kb: Any) -> dict:
    """Effekt: the success rate net of baseline (or both rates) and the evidence behind it."""
    iv = data["intervention"]
    pair_now = "success_rate" not in iv
    mode = widgets.choice("Hvordan vil du angive effekten?", "ef_mode", [RATE_NET, RATE_PAIR],
                          RATE_PAIR if pair_now else RATE_NET, widget=st.radio, horizontal=True)
    out: dict
    if mode == RATE_NET:
        seed = iv.get("success_rate")
        if seed is None:
            seed = iv.get("success_rate_intervention", 0) - iv.get("success_rate_baseline", 0)
        rate = widgets.percent("Succesrate netto (%)", "ef_net", max(seed, 0.0),
                               help="Andel af dem, der gennemfører, som får succes på grund af "
                                    "indsatsen – ud over dem, der ville have klaret sig alligevel.")
        out = {"success_rate": views.share_from_percent(rate, iv.get("success_rate"))}
    else:
        left, right = st.columns(2)
        with left:
            a = widgets.percent("Succesrate med indsatsen (%)", "ef_with",
                                iv.get("success_rate_intervention", iv.get("success_rate", 0.0)))
        with right:
            b = widgets.percent("Succesrate uden indsatsen (%)", "ef_without",
                                iv.get("success_rate_baseline", 0.0),
                                help="Dem, der ville have fået succes alligevel (dødvægt).")
        out = {"success_rate_intervention": views.share_from_percent(a, iv.get("success_rate_intervention")),
               "success_rate_baseline": views.share_from_percent(b, iv.get("success_rate_baseline"))}
    render_effect_studies(data, kb)
    return out


def render_effect_studies(data: dict, kb: Any) -> None:
    """The knowledge base's effect studies for the target group, strongest evidence first."""
    st.markdown("**Effektstudier for målgruppen i vidensbasen**")
    tg = data.get("target_group")
    rows = views.effect_rows(kb, tg) if isinstance(tg, str) else []
    if kb is None:
        st.info(state.kb_status().message)
        return
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
                st.button(f"Brug studiets succesrater: {views.percent_from_share(a):g} % med og "
                          f"{views.percent_from_share(b):g} % uden indsats",
                          key=state.widget_key(f"use_{row['Id']}"), on_click=_use_study,
                          args=((a, b),))
            elif a is not None:
                st.caption(f"Succesrate med indsats {views.percent_from_share(a):g} %; studiet "
                           "angiver ingen sammenligning, så nettoeffekten skal vurderes.")


def render_settings(data: dict) -> tuple[dict, dict]:
    """Indstillinger: title, period, price year, discounting, when consequences start."""
    meta, s = dict(data["meta"]), dict(data["settings"])
    meta["title"] = widgets.text("Beregningens titel", "st_title", meta.get("title", ""))
    left, right = st.columns(2)
    with left:
        meta["organisation"] = widgets.text("Organisation", "st_org", meta.get("organisation", ""))
    with right:
        meta["author"] = widgets.text("Udarbejdet af", "st_author", meta.get("author", ""))
    c1, c2, c3 = st.columns(3)
    with c1:
        s["start_year"] = widgets.number("Startår", "st_start", int(s["start_year"]),
                                         min_value=1900, max_value=2200, step=1)
    with c2:
        s["horizon_years"] = widgets.number("Tidshorisont (år)", "st_horizon", int(s["horizon_years"]),
                                            min_value=1, max_value=50, step=1)
    with c3:
        s["price_year"] = widgets.number("Prisår (prisniveau)", "st_price_year", int(s["price_year"]),
                                         min_value=1900, max_value=2200, step=1)
    rate = s.get("discount_rate", 0.0)
    now = DISCOUNT_FM if rate == "finansministeriet" else DISCOUNT_FIXED if rate else DISCOUNT_NONE
    mode = widgets.choice("Diskontering (kun nutidsværdien)", "st_discount_mode",
                          [DISCOUNT_NONE, DISCOUNT_FIXED, DISCOUNT_FM], now, widget=st.radio,
                          horizontal=True)
    if mode == DISCOUNT_NONE:
        s["discount_rate"] = 0.0
    elif mode == DISCOUNT_FM:
        s["discount_rate"] = "finansministeriet"
        st.caption("3,5 % i år 0–35, 2,5 % i år 36–70, derefter 1,5 %.")
    else:
        old = rate if isinstance(rate, float) else None
        value = widgets.number("Diskonteringsrente (%)", "st_discount", float(views.percent_from_share(
            old if old else 0.035)), min_value=0.0, max_value=99.0, step=0.1, format="%g")
        s["discount_rate"] = views.share_from_percent(value, old)
    labels = CONSEQUENCE_START_LABELS
    start = widgets.choice("Konsekvenserne begynder", "st_cons_start", list(labels),
                           s.get("consequence_start", "completion_year"), widget=st.radio,
                           horizontal=True, format_func=labels.get)
    s["consequence_start"] = start
    if s.get("price_index"):
        st.caption("Beregningen har sit eget prisindeks (" + ", ".join(
            f"{y}: {v:g}".replace(".", ",") for y, v in sorted(s["price_index"].items())) + ").")
    return meta, s
