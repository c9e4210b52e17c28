"""Trin 7 Indstillinger: everything about the calculation itself (spec §1 meta and settings).

Title, organisation, author, description, SUSI phase, start year, horizon, price year, price index
(the knowledge base's or the calculation's own table), discounting and when consequences start.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, tables, widgets
from som import numparse
from som.numparse import RATE, YEAR, Kind
from som.views import budget, editing
from som.views.labels import CONSEQUENCE_START_LABELS, SUSI_LABELS

HORIZON = Kind("antal år", minimum=1, maximum=50, whole=True)
INDEX = Kind("indeks", minimum=0)
PERIOD = Kind("antal år", minimum=1, maximum=50, whole=True)
DISCOUNT_NONE, DISCOUNT_FIXED, DISCOUNT_FM = "Ingen", "Fast rente", "Finansministeriets rente"
INDEX_KB, INDEX_OWN = "Vidensbasens nettoprisindeks", "Eget prisindeks"
NO_PHASE = "(ikke angivet)"


def _discount_mode(data: dict, mode: str) -> None:
    s = data["settings"]
    if mode == DISCOUNT_NONE:
        s["discount_rate"] = 0.0
    elif mode == DISCOUNT_FM:
        s["discount_rate"] = "finansministeriet"
    elif not isinstance(s.get("discount_rate"), float) or not s["discount_rate"]:
        s["discount_rate"] = 0.035


def _index_source(data: dict, source: str) -> None:
    """Own index: start from the knowledge base's values (to edit); KB: drop the own table."""
    s = data["settings"]
    if source == INDEX_KB:
        s.pop("price_index", None)
    elif not s.get("price_index"):
        kb = state.knowledge_base()
        s["price_index"] = {str(y): v for y, v in (getattr(kb, "price_index", None) or {}).items()}


def _index_rows(index: dict) -> list[dict]:
    return [{"År": numparse.editable(int(y), YEAR), "Indeks": numparse.editable(v, INDEX)}
            for y, v in sorted(index.items(), key=lambda kv: int(kv[0]))]


def _index_from_rows(rows: list[dict]) -> tuple[dict, editing.Cells]:
    cells = editing.Cells()
    out = {}
    for n, row in enumerate(rows):
        year = cells.number(f"Linje {n + 1}, År", row.get("År"), YEAR)
        value = cells.number(f"Linje {n + 1}, Indeks", row.get("Indeks"), INDEX)
        if year is None and value is None:
            continue
        if year is None or value is None:
            cells.refusals.append(f"Linje {n + 1}: både år og indeks skal udfyldes")
            continue
        out[str(int(year))] = value
    return out, cells


def _use_committee_proposal(proposal: dict) -> None:
    data = state.editable_data()
    data["settings"]["budget_areas"] = {**proposal, **(data["settings"].get("budget_areas") or {})}
    state.edit_and_reseed(data, "vidensbasens udvalg")


def _committees(data: dict, kb: Any) -> None:
    """Which committee (udvalg) each consequence area belongs to (settings.budget_areas)."""
    st.markdown("**Udvalg pr. konsekvensområde** – hvem i kommunen får gevinsten (trin 3 har "
                "udvalg for omkostningerne)")
    rows = budget.committee_map_rows(data, kb)
    if not rows:
        st.caption("Ingen konsekvenser med et konsekvensområde endnu.")
        return
    chosen = data["settings"].get("budget_areas")

    def store(d: dict, value: dict | None) -> None:
        if value:
            d["settings"]["budget_areas"] = value
        else:
            d["settings"].pop("budget_areas", None)

    tables.editor("budget_areas", ("|".join(r["Id"] for r in rows),), lambda: rows,
                  list(rows[0]), base=chosen,
                  read=lambda edited: (budget.committee_map_from_rows(edited, chosen),
                                       editing.Cells()),
                  store=store, label="Udvalg", hide_index=True, disabled=["Konsekvensområde",
                                                                          "Vidensbasens forslag"],
                  column_config={"Id": None, "Udvalg": st.column_config.TextColumn()})
    proposal = {r["Id"]: r["Vidensbasens forslag"] for r in rows if r["Vidensbasens forslag"]}
    missing = {k: v for k, v in proposal.items() if k not in (chosen or {})}
    if missing:
        st.button("Brug vidensbasens forslag til udvalg, hvor intet er valgt",
                  on_click=_use_committee_proposal, args=(missing,),
                  key=state.widget_key("committee_proposal"))


def _meta(meta: dict) -> None:
    widgets.text("Beregningens titel", "st_title", meta.get("title", ""), widgets.at("meta.title"))
    left, right = st.columns(2)
    with left:
        widgets.text("Organisation", "st_org", meta.get("organisation", ""),
                     widgets.at("meta.organisation"))
    with right:
        widgets.text("Udarbejdet af", "st_author", meta.get("author", ""), widgets.at("meta.author"))
    widgets.text("Beskrivelse", "st_description", meta.get("description", ""),
                 widgets.at("meta.description"), area=True, height=80)
    phases = [NO_PHASE, *SUSI_LABELS]
    widgets.choice("SUSI-fase", "st_susi", phases, meta.get("susi_phase") or NO_PHASE,
                   lambda d, v: widgets.at("meta.susi_phase")(d, None if v == NO_PHASE else v),
                   format_func=lambda p: SUSI_LABELS.get(p, p),
                   help="Hvor langt indsatsen er: screening, modning, afprøvning eller udbredelse.")


def _price_index(s: dict, kb: Any) -> None:
    own = bool(s.get("price_index"))
    source = widgets.choice("Prisindeks", "st_index_source", [INDEX_KB, INDEX_OWN],
                            INDEX_OWN if own else INDEX_KB, _index_source, widget=st.radio,
                            horizontal=True,
                            help="Flytter priser og omkostninger med et andet prisår til "
                                 "beregningens prisniveau.")
    if source == INDEX_KB:
        if kb is None:
            st.caption("Ingen vidensbase: priser med et andet prisår kan ikke flyttes.")
        return
    index = s.get("price_index") or {}

    def store(data: dict, value: dict) -> None:
        data["settings"]["price_index"] = value

    tables.editor("price_index", (), lambda: _index_rows(index), ["År", "Indeks"], base=index,
                  read=_index_from_rows, store=store, label="Prisindeks",
                  column_config={"År": st.column_config.TextColumn(),
                                 "Indeks": st.column_config.TextColumn()},
                  num_rows="dynamic", hide_index=True)


def render(data: dict, kb: Any = None) -> None:
    meta, s = data["meta"], data["settings"]
    _meta(meta)
    c1, c2, c3 = st.columns(3)
    with c1:
        widgets.number("Startår", "st_start", s["start_year"], YEAR,
                       widgets.whole(widgets.at("settings.start_year")))
    with c2:
        widgets.number("Tidshorisont (år)", "st_horizon", s["horizon_years"], HORIZON,
                       widgets.whole(widgets.at("settings.horizon_years")))
    with c3:
        widgets.number("Prisår (prisniveau)", "st_price_year", s["price_year"], YEAR,
                       widgets.whole(widgets.at("settings.price_year")))
    _price_index(s, kb)
    widgets.number("Budgetperiode (år)", "st_budget_period", s.get("budget_period_years"),
                   PERIOD, widgets.whole(widgets.at("settings.budget_period_years")),
                   required=False, placeholder=f"{min(4, s['horizon_years'])} (standard)",
                   help="Budgetår og overslagsår, som nøgletallene også vises "
                   f"for. Tom: {min(4, s['horizon_years'])} år (budgetår + 3 overslagsår, højst "
                   "horisonten).")
    rate = s.get("discount_rate", 0.0)
    now = DISCOUNT_FM if rate == "finansministeriet" else DISCOUNT_FIXED if rate else DISCOUNT_NONE
    mode = widgets.choice("Diskontering (kun nutidsværdien)", "st_discount_mode",
                          [DISCOUNT_NONE, DISCOUNT_FIXED, DISCOUNT_FM], now, _discount_mode,
                          widget=st.radio, horizontal=True)
    if mode == DISCOUNT_FM:
        st.caption("3,5 % i år 0–35, 2,5 % i år 36–70, derefter 1,5 %.")
    elif mode == DISCOUNT_FIXED:
        widgets.number("Diskonteringsrente (%)", "st_discount", rate if isinstance(rate, float)
                       else None, RATE, widgets.at("settings.discount_rate"))
    widgets.choice("Konsekvenserne begynder", "st_cons_start", list(CONSEQUENCE_START_LABELS),
                   s.get("consequence_start", "completion_year"),
                   widgets.at("settings.consequence_start"), widget=st.radio, horizontal=True,
                   format_func=CONSEQUENCE_START_LABELS.get)
    _committees(data, kb)
