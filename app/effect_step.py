"""Effekt step (issue 14): the success rates directly (app.steps), or from an effect size in a
study — Cohen's d, Hedges' g, odds ratio, risk ratio, risk difference or NNT — with the knowledge
base's effect studies one click away and their evidence level shown.

No formulas here: the conversion is som.effect's; the studies come through som.views.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import state, steps, widgets
from som import views
from som.effect.convert import MEASURES, EffectError, pct
from som.effect.text import HARMFUL, convert

TOGGLE = "Beregn succesraten ud fra en effektstørrelse fra et studie"
NO_STUDY = ""


def measure_label(measure: str) -> str:
    m = MEASURES[measure]
    text = m.label if m.symbol in m.label else f"{m.label} ({m.symbol})"
    return text[0].upper() + text[1:]


def render(data: dict, kb: Any) -> dict:
    """The step's widgets; returns the intervention keys for the success rate (or the effect)."""
    iv = data["intervention"]
    on = st.toggle(TOGGLE, key=widgets.seeded("ef_size_on", "effect" in iv),
                   help="Fx Cohens d eller en odds ratio fra et effektstudie; som regner "
                        "succesraten med og uden indsatsen ud og viser hvordan.")
    if not on:
        effect = iv.pop("effect", None)
        if effect:  # leaving the effect: start from the rates it gave
            try:
                c = convert(effect["measure"], effect["value"], effect["control_rate"])
                iv["success_rate_intervention"], iv["success_rate_baseline"] = c.p1, c.control_rate
            except (EffectError, KeyError, TypeError):
                pass
        return steps.render_effect(data, kb)
    return {"effect": render_effect_size(data, kb)}


def _use_control_rate(rate: float) -> None:
    data = state.editable_data()
    data["intervention"].setdefault("effect", {})["control_rate"] = rate
    state.set_calc_data(data)


def render_effect_size(data: dict, kb: Any) -> dict:
    """Effect measure, value, control rate, optional interval and study -> the effect block."""
    old = data["intervention"].get("effect") or {}
    baseline = data["intervention"].get("success_rate_baseline")
    p0_seed = old.get("control_rate", baseline if baseline and 0 < baseline < 1 else 0.3)
    left, mid, right = st.columns(3)
    with left:
        measure = widgets.choice("Effektmål", "ef_measure", list(MEASURES),
                                 old.get("measure", "cohens_d"), format_func=measure_label)
    with mid:
        value = widgets.number("Effekt (studiets estimat)", "ef_value", float(old.get("value", 0.0)),
                               step=0.01, format="%g")
    with right:
        control = widgets.percent("Succesrate uden indsats (%)", "ef_control", p0_seed,
                                  help="Andelen, der når succeskriteriet uden indsatsen "
                                       "(kontrolgruppen eller lokale tal).")
    effect: dict = {"measure": measure, "value": float(value),
                    "control_rate": views.share_from_percent(control, p0_seed)}
    old_ci = old.get("ci") or [float(value), float(value)]
    if st.checkbox("Studiet angiver et 95 %-interval for effekten",
                   key=widgets.seeded("ef_ci_on", bool(old.get("ci")))):
        lo_col, hi_col = st.columns(2)
        with lo_col:
            lo = widgets.number("Intervallets nedre grænse", "ef_ci_lo", float(old_ci[0]),
                                step=0.01, format="%g")
        with hi_col:
            hi = widgets.number("Intervallets øvre grænse", "ef_ci_hi", float(old_ci[1]),
                                step=0.01, format="%g")
        effect["ci"] = [float(lo), float(hi)]
        st.caption("Intervallet bliver usikkerhedsintervallet for succesraten (siden Usikkerhed), "
                   "medmindre beregningen selv angiver et.")
    study = render_study_choice(data, kb, old.get("study"))
    if study:
        effect["study"] = study
    render_conversion(effect)
    return effect


def render_conversion(effect: dict) -> None:
    """What the effect gives, in numbers and words, or why it cannot be used."""
    try:
        c = convert(effect["measure"], effect["value"], effect["control_rate"], effect.get("ci"))
    except EffectError as exc:
        where = views.describe_where(f"intervention.effect.{exc.key}")
        st.error(f"**{where}** · {exc.message}", icon=":material/error:")
        return
    with st.container(border=True):
        st.markdown("  \n".join(f"**{label}:** {text}" for label, text in c.rows()))
        st.caption(f"Omregning: {c.formula}. Se docs/effect.md for formler og kilder.")
    if c.harmful:
        st.warning(HARMFUL)


def render_study_choice(data: dict, kb: Any, current: str | None) -> str | None:
    """The knowledge base's effect studies (the target group's first), evidence level shown."""
    if kb is None:
        st.info(state.kb_status().message)
        return current
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

    own = len(mine)
    chosen = widgets.choice("Effektstudie bag effekten (vidensbasen)", "ef_study", options,
                            current or NO_STUDY, format_func=label,
                            help=f"{own} studie(r) for målgruppen står øverst; evidensniveau 1 er "
                                 "stærkest (metaanalyse eller randomiseret forsøg).")
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
    return chosen or None
