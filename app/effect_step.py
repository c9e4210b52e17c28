"""Effekt step, effect size part (issue 14): the success rates from an effect size in a study —
Cohen's d, Hedges' g, odds ratio, risk ratio, risk difference or NNT — with the knowledge base's
effect studies one click away and their evidence level shown. Drawn by app/trin/effekt.py.

Fields are Danish text read by som.numparse and stored by callbacks (app/widgets.py), like every
other step. No formulas here: the conversion is som.effect's; the studies come through som.views.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, widgets
from som import views
from som.effect.convert import MEASURES, EffectError, pct
from som.effect.text import HARMFUL, convert
from som.numparse import NUMBER, PERCENT

TOGGLE = "Beregn succesraten ud fra en effektstørrelse fra et studie"
NO_STUDY = ""
RATE_KEYS = ("success_rate", "success_rate_intervention", "success_rate_baseline")


def measure_label(measure: str) -> str:
    m = MEASURES[measure]
    text = m.label if m.symbol in m.label else f"{m.label} ({m.symbol})"
    return text[0].upper() + text[1:]


def _toggle(key: str) -> None:
    """On: the effect replaces the rates (its value still to be typed, so nothing is computed
    from a guess). Off: start from the rates the effect gave, as its conversion showed
    them (to 0,01 %)."""
    data = state.editable_data()
    iv = data["intervention"]
    if st.session_state.get(key):
        baseline = iv.get("success_rate_baseline")
        for rate in RATE_KEYS:
            iv.pop(rate, None)
        iv["effect"] = {"measure": "cohens_d",
                        "control_rate": baseline if baseline and 0 < baseline < 1 else 0.3}
    else:
        effect = iv.pop("effect", None) or {}
        try:
            c = convert(effect["measure"], effect["value"], effect["control_rate"])
            iv["success_rate_intervention"], iv["success_rate_baseline"] = c.shown_p1, c.control_rate
        except (EffectError, KeyError, TypeError):
            pass  # no usable effect: the rates stay to be typed (the schema says so)
    state.edit_and_reseed(data, "effektstørrelse til/fra")


def render_toggle(data: dict) -> bool:
    key = widgets.seeded("ef_size_on", "effect" in data["intervention"])
    return st.toggle(TOGGLE, key=key, on_change=_toggle, args=(key,),
                     help="Fx Cohens d eller en odds ratio fra et effektstudie; som regner "
                          "succesraten med og uden indsatsen ud og viser hvordan.")


def _use_control_rate(rate: float) -> None:
    data = state.editable_data()
    data["intervention"].setdefault("effect", {})["control_rate"] = rate
    state.edit_and_reseed(data, "studiets kontrolrate")


def _ci_toggle(key: str) -> None:
    data = state.editable_data()
    effect = data["intervention"].setdefault("effect", {})
    if st.session_state.get(key):
        value = effect.get("value")
        effect["ci"] = [value, value] if value is not None else [0.0, 0.0]
    else:
        effect.pop("ci", None)
    state.edit_and_reseed(data, "effektens interval")


def _ci_end(n: int) -> widgets.Apply:
    def apply(data: dict, value: float) -> None:
        data["intervention"]["effect"].setdefault("ci", [value, value])[n] = value
    return apply


def render_effect_size(data: dict, kb: Any) -> None:
    """Effect measure, value, control rate, optional interval and study."""
    effect = data["intervention"].get("effect") or {}
    at = "intervention.effect."
    left, mid, right = st.columns(3)
    with left:
        widgets.choice("Effektmål", "ef_measure", list(MEASURES), effect.get("measure", "cohens_d"),
                       widgets.at(at + "measure"), format_func=measure_label)
    with mid:
        widgets.number("Effekt (studiets estimat)", "ef_value", effect.get("value"), NUMBER,
                       widgets.at(at + "value"))
    with right:
        widgets.number("Succesrate uden indsats (%)", "ef_control", effect.get("control_rate"),
                       PERCENT, widgets.at(at + "control_rate"),
                       help="Andelen, der når succeskriteriet uden indsatsen (kontrolgruppen "
                            "eller lokale tal).")
    key = widgets.seeded("ef_ci_on", bool(effect.get("ci")))
    if st.checkbox("Studiet angiver et 95 %-interval for effekten", key=key, on_change=_ci_toggle,
                   args=(key,)):
        ci = effect.get("ci") or [None, None]
        lo_col, hi_col = st.columns(2)
        with lo_col:
            widgets.number("Intervallets nedre grænse", "ef_ci_lo", ci[0], NUMBER, _ci_end(0))
        with hi_col:
            widgets.number("Intervallets øvre grænse", "ef_ci_hi", ci[1], NUMBER, _ci_end(1))
        st.caption("Intervallet bliver usikkerhedsintervallet for succesraten (siden Usikkerhed), "
                   "medmindre beregningen selv angiver et.")
    render_study_choice(data, kb, effect.get("study"))
    render_conversion(effect)


def render_conversion(effect: dict) -> None:
    """What the effect gives, in numbers and words, or why it cannot be used."""
    if effect.get("value") is None or effect.get("control_rate") is None:
        st.info("Skriv effekten og succesraten uden indsats, så regnes succesraterne ud.")
        return
    try:
        c = convert(effect["measure"], effect["value"], effect["control_rate"], effect.get("ci"))
    except EffectError as exc:
        where = views.field_label(f"intervention.effect.{exc.key}")
        st.error(f"**{where}**: {exc.message}", icon=":material/error:")
        return
    with st.container(border=True):
        st.markdown("  \n".join(f"**{label}:** {text}" for label, text in c.rows()))
        st.caption(f"Omregning: {c.formula}.")
    if c.harmful:
        st.warning(HARMFUL)


def render_study_choice(data: dict, kb: Any, current: str | None) -> None:
    """The knowledge base's effect studies (the target group's first), evidence level shown."""
    if kb is None:
        st.info(state.kb_status().message)
        return
    tg = data.get("target_group") if isinstance(data.get("target_group"), str) else None
    rows = views.effect_rows(kb)
    mine = {r["Id"] for r in views.effect_rows(kb, tg)} if tg else set()
    rows.sort(key=lambda r: r["Id"] not in mine)
    by_id = {r["Id"]: r for r in rows}
    options = [NO_STUDY, *by_id]
    if current and current not in by_id:
        options.append(current)

    def label(study_id: str) -> str:
        if study_id == NO_STUDY:
            return "(intet effektstudie angivet)"
        row = by_id.get(study_id)
        if row is None:
            return f"{study_id} (findes ikke i vidensbasen)"
        return f"{row['Indsats'][:70]} · evidensniveau {row['Evidensniveau'][:1]} ({study_id})"

    chosen = widgets.choice("Effektstudie bag effekten (vidensbasen)", "ef_study", options,
                            current or NO_STUDY,
                            lambda d, v: widgets.at("intervention.effect.study")(d, v or None),
                            format_func=label,
                            help=f"{len(mine)} studie(r) for målgruppen står øverst; "
                                 "evidensniveau 1 er stærkest (metaanalyse eller randomiseret "
                                 "forsøg).")
    row = by_id.get(chosen)
    if row is not None:
        source = f" · [{row['Kilde']}]({row['Link']})" if row["Link"] else ""
        st.markdown(f"**Evidensniveau {row['Evidensniveau']}** · {row['Design']} · "
                    f"{row['Land']} {row['År']}{source}  \n*Udfald:* {row['Udfald']}  \n"
                    f"*Effekt ifølge studiet:* {row['Effekt']}")
        baseline = row["Succesrate uden indsats"]
        if baseline is not None and 0 < baseline < 1:
            st.button(f"Brug studiets succesrate uden indsats ({pct(baseline)}) som kontrolrate",
                      key=state.widget_key(f"ef_use_p0_{chosen}"),
                      on_click=_use_control_rate, args=(baseline,))
