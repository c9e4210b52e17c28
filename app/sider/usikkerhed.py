"""Usikkerhed: how sure is the net result, and what must be true for it to pay (issues 5, 10).

The ranges are typed here (app/intervaller.py) into the calculation's `uncertainty` block; the
page calls som (simulate, tornado, switching values, calculate) and draws the answers; no
arithmetic here.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

import som
from app import intervaller
from app.state import calc_data, current_calculation, kb_options, knowledge_base, show_errors
from som import fmt, views
from som.uncertainty.report import switching_lines
from som.views import ranges

KR_AXIS = {"tickformat": ",.0f", "separatethousands": True}


def histogram(net_draws, central: float) -> go.Figure:
    fig = go.Figure(go.Histogram(x=net_draws, nbinsx=60, marker_color="#4c78a8",
                                 name="Trækninger"))
    fig.add_vline(x=0, line_color="#c0392b", annotation_text="0 kr.")
    fig.add_vline(x=central, line_dash="dash", annotation_text="Centralt skøn")
    fig.update_layout(xaxis_title="Nettoresultat over horisonten (kr.)",
                      yaxis_title="Antal trækninger", xaxis=KR_AXIS, showlegend=False,
                      separators=",.", margin={"t": 30})
    return fig


def fan_chart(by_year: list[dict], central: list[dict]) -> go.Figure:
    years = [r["year"] for r in by_year]
    fig = go.Figure()
    fig.add_scatter(x=years, y=[r["p95"] for r in by_year], line={"width": 0}, showlegend=False,
                    name="95 %-fraktil")
    fig.add_scatter(x=years, y=[r["p5"] for r in by_year], fill="tonexty", line={"width": 0},
                    fillcolor="rgba(76,120,168,0.3)", name="5–95 %")
    fig.add_scatter(x=years, y=[r["p50"] for r in by_year], name="Median",
                    line={"color": "#4c78a8"})
    fig.add_scatter(x=years, y=[r["cumulative_net"] for r in central], name="Centralt skøn",
                    line={"color": "black", "dash": "dash"})
    fig.add_hline(y=0, line_color="#c0392b")
    fig.update_layout(xaxis_title="År", yaxis_title="Akkumuleret nettoresultat (kr.)",
                      yaxis=KR_AXIS, separators=",.", margin={"t": 30})
    return fig


def tornado_chart(rows: list[dict], central: float) -> go.Figure:
    rows = list(reversed(rows))  # largest swing on top
    labels = [r["label"] for r in rows]
    fig = go.Figure()
    for end, name, colour in (("net_low", "Lav værdi", "#e45756"), ("net_high", "Høj værdi",
                                                                     "#54a24b")):
        fig.add_bar(y=labels, x=[r[end] - central for r in rows], base=central, orientation="h",
                    name=name, marker_color=colour,
                    customdata=[fmt.kr(r[end]) for r in rows], hovertemplate="%{customdata}")
    fig.add_vline(x=central, line_color="black")
    fig.update_layout(barmode="overlay", xaxis_title="Nettoresultat (kr.)", xaxis=KR_AXIS,
                      separators=",.", margin={"t": 30}, height=120 + 40 * len(rows))
    return fig


def payback_chart(distribution: dict) -> go.Figure:
    labels = ["Ingen" if k == "none" else k for k in distribution]
    fig = go.Figure(go.Bar(x=labels, y=[100 * v for v in distribution.values()],
                           marker_color="#4c78a8"))
    fig.update_layout(xaxis_title="Tilbagebetalingsår", yaxis_title="Andel af trækningerne (%)",
                      xaxis={"type": "category"}, separators=",.", margin={"t": 30})
    return fig


def has_ranges(block: dict | None, data: dict) -> bool:
    """Something to draw: a typed range, or the effect's interval as the success-rate range."""
    return block is not None and (any(block.get(k) for k in (
        "success_rate", "costs", "consequences", "prices", "lines"))
        or ranges.effect_interval(data) is not None)


@st.cache_data(show_spinner="Trækker ...", max_entries=32)
def analyse(data_json: str, kb_fingerprint: str | None) -> dict:
    """Simulation, tornado and switching values of one calculation (cached per input)."""
    import json

    from som.io.files import calculation_from_data

    calc = calculation_from_data(json.loads(data_json))
    kb = kb_options()
    block = calc.uncertainty
    result = som.calculate(calc, **kb)
    sim = som.simulate(calc, draws=block.draws or 10_000, seed=block.seed or 0, **kb)
    return {"central": result.totals["net"], "by_year": result.by_year, "unc": sim.to_dict(),
            "net_draws": sim.net_draws, "tornado": som.tornado(calc, **kb),
            "switching": switching_lines(som.switching_values(calc, **kb))}


def main() -> None:
    st.title("Usikkerhed")
    st.caption("Hvor sikkert er resultatet, og hvad skal der til, før indsatsen betaler sig?")
    data = calc_data()
    if data is None:
        st.info("Der er ingen beregning endnu. Indlæs eller udfyld en beregning først.")
        return
    with st.expander("Intervaller", expanded=True, icon=":material/tune:"):
        block = intervaller.render(data, knowledge_base())
    calc = current_calculation()
    if calc is None:
        return
    if not has_ranges(block, data):
        st.info("Slå usikkerhed til og angiv mindst ét interval ovenfor for at trække. "
                "Nulpunktsværdierne nedenfor viser, hvad der skal til, før nettoresultatet "
                "bliver 0.")
        try:
            switching = som.switching_values(calc, **kb_options())
        except som.InputError as exc:
            show_errors(exc)
            return
        st.subheader("Nulpunktsværdier")
        st.markdown("\n".join(f"- {line.strip()}" for line in switching_lines(switching)))
        return
    import json

    kb = knowledge_base()
    try:
        out = analyse(json.dumps(calc.to_data(), sort_keys=True), getattr(kb, "fingerprint", None))
    except som.InputError as exc:
        show_errors(exc)
        return
    unc, central = out["unc"], out["central"]
    st.caption(f"Intervaller: {ranges.summary(block, data)}.")
    cols = st.columns(4)
    cols[0].metric("Sandsynlighed for positivt nettoresultat", fmt.percent(unc["p_net_positive"]))
    cols[1].metric("Nettoresultat, median", fmt.kr(unc["net"]["p50"]))
    cols[2].metric("5 %-fraktil", fmt.kr(unc["net"]["p5"]))
    cols[3].metric("95 %-fraktil", fmt.kr(unc["net"]["p95"]))
    st.caption(f"Centralt skøn: {fmt.kr(central)} · gennemsnit af trækningerne: "
               f"{fmt.kr(unc['net']['mean'])} · nutidsværdi (median): "
               f"{fmt.kr(unc['net_present_value']['p50'])} · {fmt.number(unc['draws'])} "
               f"trækninger, frø {unc['seed']}")

    st.subheader("Fordeling af nettoresultatet")
    st.plotly_chart(histogram(out["net_draws"], central))
    st.subheader("Akkumuleret nettoresultat over årene")
    st.plotly_chart(fan_chart(unc["by_year"], out["by_year"]))
    st.subheader("Tilbagebetalingsår")
    st.caption(views.payback_assumption(calc.settings))
    st.plotly_chart(payback_chart(unc["payback_year_distribution"]))

    st.subheader("Følsomhed (tornado)")
    tornado = out["tornado"]
    if tornado:
        st.caption("Nettoresultatet med ét input ad gangen ved sin lave og høje værdi; de øvrige "
                   "står på deres centrale værdi.")
        st.plotly_chart(tornado_chart(tornado, central))
        st.dataframe([{"Input": r["label"], "Netto ved lav": fmt.kr(r["net_low"]),
                       "Netto ved høj": fmt.kr(r["net_high"]), "Udsving": fmt.kr(r["swing"])}
                      for r in tornado], hide_index=True)
    else:
        st.write("Ingen intervaller at vise.")

    st.subheader("Nulpunktsværdier")
    st.markdown("\n".join(f"- {line.strip()}" for line in out["switching"]))


main()
