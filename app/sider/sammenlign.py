"""Sammenlign: the current calculation beside example files and uploaded files (issue 5).

Gathers the scenarios, calls som.compare and shows its side-by-side table, a chart of the net with
its 5–95 % range and an xlsx download; no arithmetic here. Uses app/state.py for the current calculation,
its knowledge-base options and error display.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

import som
from app.state import current_calculation, kb_options, show_errors
from som import fmt
from som.compare import comparison_table, comparison_xlsx_bytes
from som.uncertainty.schema import MAX_DRAWS
from som.views.files import calculation_from_upload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def uploaded_calculation(upload) -> som.Calculation:
    """An uploaded .yaml/.json/.xlsx file -> Calculation (InputError naming the file if bad)."""
    return calculation_from_upload(upload.name, upload.getvalue())


def net_chart(rows: list[dict]) -> go.Figure:
    names = [r["name"] for r in rows]
    fig = go.Figure(go.Bar(x=names, y=[r["net"] for r in rows], marker_color="#4c78a8",
                           name="Nettoresultat", customdata=[fmt.kr(r["net"]) for r in rows],
                           hovertemplate="%{x}: %{customdata}<extra></extra>"))
    ranged = [r for r in rows if r["net_p5"] is not None]
    if ranged:
        fig.add_scatter(x=[r["name"] for r in ranged], y=[r["net_p50"] for r in ranged],
                        mode="markers", marker={"color": "black"}, name="Median (5–95 %)",
                        error_y={"type": "data", "symmetric": False,
                                 "array": [r["net_p95"] - r["net_p50"] for r in ranged],
                                 "arrayminus": [r["net_p50"] - r["net_p5"] for r in ranged]})
    fig.add_hline(y=0, line_color="#c0392b")
    fig.update_layout(yaxis_title="Nettoresultat over horisonten (kr.)",
                      yaxis={"tickformat": ",.0f"}, separators=",.", margin={"t": 30})
    return fig


def main() -> None:
    st.title("Sammenlign scenarier")
    st.caption("Nøgletal side om side: den aktuelle beregning, eksempler og dine egne filer.")
    scenarios: list[tuple[str, som.Calculation]] = []
    current = current_calculation()
    if current is not None:
        scenarios.append((f"Aktuel: {current.meta.title}", current))

    examples = sorted(EXAMPLES.glob("*.yaml")) if EXAMPLES.is_dir() else []
    chosen = st.multiselect("Eksempler", [p.name for p in examples], key="compare_examples")
    uploads = st.file_uploader("Egne beregningsfiler (.yaml, .json eller .xlsx)",
                               type=["yaml", "yml", "json", "xlsx"], accept_multiple_files=True)
    try:
        for name in chosen:
            scenarios.append((name, som.load_calculation(EXAMPLES / name)))
        for upload in uploads or []:
            scenarios.append((upload.name, uploaded_calculation(upload)))
    except som.InputError as exc:
        show_errors(exc)
        return
    if len(scenarios) < 2:
        st.info("Vælg mindst to scenarier (den aktuelle beregning tæller med).")
        return

    left, right = st.columns(2)
    draws = left.number_input("Antal trækninger", min_value=1, max_value=MAX_DRAWS, value=10_000,
                              step=1000)
    seed = right.number_input("Frø", min_value=0, value=0, step=1)
    names = [name for name, _ in scenarios]
    if len(set(names)) < len(names):
        names = [f"{n + 1}. {name}" for n, name in enumerate(names)]
    try:
        rows = som.compare([calc for _, calc in scenarios], names=names,
                           draws=int(draws), seed=int(seed), **kb_options())
    except som.InputError as exc:
        show_errors(exc)
        return

    header, body = comparison_table(rows)
    st.dataframe([dict(zip(["Nøgletal", *header[1:]], line, strict=True)) for line in body],
                 hide_index=True)
    st.caption(f"Usikkerhed: {fmt.number(int(draws))} trækninger, frø {int(seed)}, samme "
               "tilfældige tal for alle scenarier. '–': scenariet har ingen usikkerhedsintervaller.")
    st.plotly_chart(net_chart(rows))
    st.download_button("Hent sammenligningen (xlsx)", comparison_xlsx_bytes(rows),
                       file_name="sammenligning.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


main()
