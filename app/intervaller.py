"""The Usikkerhed page's form: ranges typed in Danish, stored in the calculation's `uncertainty`
block (so they are saved and exported with it). No file needed (issue 10, item 7)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, tables, widgets
from som.numparse import PERCENT, Kind
from som.uncertainty.schema import MAX_DRAWS
from som.views import ranges

DRAWS = Kind("antal", minimum=1, maximum=MAX_DRAWS, whole=True)
SEED = Kind("frø", minimum=0, whole=True)


def _toggle(key: str) -> None:
    data = state.editable_data()
    if st.session_state.get(key):
        data["uncertainty"] = data.get("uncertainty") or {}  # the person types the ranges
    else:
        data.pop("uncertainty", None)
    state.edit_and_reseed(data, "usikkerhed til/fra")


def _bound(path: str, bound: str, factor: bool) -> widgets.Apply:
    """Store one end of a range; a range left with neither end is removed."""
    def apply(data: dict, value: float | None) -> None:
        block = data.setdefault("uncertainty", {})
        entry = dict(block.get(path) or {})
        if value is None:
            entry.pop(bound, None)
        else:
            entry[bound] = ranges.factor_from_deviation(value) if factor else value
        if entry:
            block[path] = entry
        else:
            block.pop(path, None)
    return apply


def _pair(label: str, path: str, block: dict, factor: bool) -> None:
    entry = block.get(path) or {}
    kind = ranges.DEVIATION if factor else PERCENT
    shown = ranges.deviation_from_factor if factor else (lambda v: v)
    unit = "ændring i %" if factor else "%"
    left, right = st.columns(2)
    with left:
        widgets.number(f"{label}: lav ({unit})", f"unc_{path}_low", shown(entry.get("low")), kind,
                       _bound(path, "low", factor), required=False)
    with right:
        widgets.number(f"{label}: høj ({unit})", f"unc_{path}_high", shown(entry.get("high")), kind,
                       _bound(path, "high", factor), required=False)


def _lines(data: dict, block: dict, kb: Any) -> None:
    targets = ranges.line_targets(data, kb)
    rows = ranges.line_rows(block, targets)
    columns = [ranges.TARGET, ranges.LOW, ranges.HIGH]

    def store(d: dict, value: list[dict]) -> None:
        d.setdefault("uncertainty", {})["lines"] = value

    tables.editor("unc_lines", ("|".join(targets),), lambda: rows, columns,
                  base=block.get("lines") or [], read=lambda r: ranges.lines_from_rows(r, targets),
                  store=store, label="Usikkerhed, enkelte linjer", num_rows="dynamic",
                  hide_index=True, column_config={
                      ranges.TARGET: st.column_config.SelectboxColumn(
                          options=list(targets.values()), required=True, width="medium"),
                      ranges.LOW: st.column_config.TextColumn(),
                      ranges.HIGH: st.column_config.TextColumn()})


def render(data: dict, kb: Any) -> dict | None:
    """The form; returns the calculation's uncertainty block (None when switched off)."""
    block = data.get("uncertainty")
    key = widgets.seeded("unc_on", block is not None)
    st.toggle("Regn med usikkerhed (intervaller)", key=key, on_change=_toggle, args=(key,))
    effect_note = ranges.effect_interval(data)
    if block is None:
        if effect_note:
            st.caption(effect_note)
        return None
    st.caption("Succesraten angives som lav og høj nettosuccesrate i procent; omkostninger, "
               "konsekvenser og priser som ændring i procent af det centrale skøn (fx −10 og "
               "+30). Tomt: ingen usikkerhed på den størrelse. Hver størrelse trækkes fra en "
               "trekantfordeling med toppen i det centrale skøn.")
    if effect_note:
        st.info(effect_note, icon=":material/science:")
    _pair("Succesrate (netto)", "success_rate", block, factor=False)
    for path, label in ranges.GLOBAL.items():
        _pair(label, path, block, factor=True)
    st.markdown("**Enkelte linjer** – et eget interval for én omkostningslinje, konsekvens eller "
                "pris (erstatter det fælles interval for den)")
    _lines(data, block, kb)
    left, right = st.columns(2)
    with left:
        widgets.number("Antal trækninger", "unc_draws", block.get("draws") or 10_000, DRAWS,
                       widgets.whole(widgets.at("uncertainty.draws")))
    with right:
        widgets.number("Frø (samme frø giver samme tal)", "unc_seed", block.get("seed") or 0, SEED,
                       widgets.whole(widgets.at("uncertainty.seed")))
    return block
