"""Usikkerhed: how sure is the net result, and what must be true for it to pay (issue 5).

Gathers draws and seed, calls som (simulate, tornado, switching values, calculate) and draws the
answers; no arithmetic here. Uses app/state.py for the current
calculation, its knowledge-base options and error display.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

import som
from app.state import current_calculation, kb_options, show_errors
from som import fmt
from som.uncertainty.report import switching_lines
from som.uncertainty.schema import MAX_DRAWS

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


def main() -> None:
    st.title("Usikkerhed")
    st.caption("Hvor sikkert er resultatet, og hvad skal der til, før indsatsen betaler sig?")
    calc = current_calculation()
    if calc is None:
        st.info("Der er ingen beregning endnu. Indlæs eller udfyld en beregning først.")
        return
    block = calc.uncertainty
    if block is None:
        st.info("Beregningen har ingen usikkerhedsintervaller (en uncertainty-blok i filen, se "
                "examples/move_usikkerhed.yaml), så der er intet at trække. Nulpunktsværdierne "
                "nedenfor viser, hvad der skal til, før nettoresultatet bliver 0.")
        try:
            switching = som.switching_values(calc, **kb_options())
        except som.InputError as exc:
            show_errors(exc)
            return
        st.subheader("Nulpunktsværdier")
        st.markdown("\n".join(f"- {line.strip()}" for line in switching_lines(switching)))
        return
    left, right = st.columns(2)
    draws = left.number_input("Antal trækninger", min_value=1, max_value=MAX_DRAWS, step=1000,
                              value=block.draws or 10_000)
    seed = right.number_input("Frø (samme frø giver samme tal)", min_value=0, step=1,
                              value=block.seed if block.seed is not None else 0)
    kb = kb_options()
    try:
        result = som.calculate(calc, **kb)
        sim = som.simulate(calc, draws=int(draws), seed=int(seed), **kb)
        tornado = som.tornado(calc, **kb)
        switching = som.switching_values(calc, **kb)
    except som.InputError as exc:
        show_errors(exc)
        return
    unc = sim.to_dict()
    central = result.totals["net"]

    cols = st.columns(4)
    cols[0].metric("Sandsynlighed for positivt nettoresultat", fmt.percent(unc["p_net_positive"]))
    cols[1].metric("Nettoresultat, median", fmt.kr(unc["net"]["p50"]))
    cols[2].metric("5 %-fraktil", fmt.kr(unc["net"]["p5"]))
    cols[3].metric("95 %-fraktil", fmt.kr(unc["net"]["p95"]))
    st.caption(f"Centralt skøn: {fmt.kr(central)} · gennemsnit af trækningerne: "
               f"{fmt.kr(unc['net']['mean'])} · nutidsværdi (median): "
               f"{fmt.kr(unc['net_present_value']['p50'])}")

    st.subheader("Fordeling af nettoresultatet")
    st.plotly_chart(histogram(sim.net_draws, central))
    st.subheader("Akkumuleret nettoresultat over årene")
    st.plotly_chart(fan_chart(unc["by_year"], result.by_year))
    st.subheader("Tilbagebetalingsår")
    st.plotly_chart(payback_chart(unc["payback_year_distribution"]))

    st.subheader("Følsomhed (tornado)")
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
    st.markdown("\n".join(f"- {line.strip()}" for line in switching_lines(switching)))


main()
