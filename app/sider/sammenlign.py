"""Sammenlign: the current calculation beside examples, saved calculations and files, chosen by
title, with each payer's own answer (issues 5 and 10).

Gathers the scenarios, calls som.calculate and som.compare (probabilities and percentiles for
scenarios with ranges, one common seed) and shows them side by side; no arithmetic here.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

import som
from app import bibliotek
from app.state import current_calculation, kb_options, show_errors
from som import fmt, numparse
from som.compare import comparison_xlsx_bytes
from som.numparse import Kind
from som.uncertainty.schema import MAX_DRAWS
from som.views.compare import comparison_rows
from som.views.files import calculation_from_upload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DRAWS = Kind("antal", minimum=1, maximum=MAX_DRAWS, whole=True)
SEED = Kind("frø", minimum=0, whole=True)


@st.cache_data(show_spinner=False)
def example_titles() -> dict[str, str]:
    """{file name: title} of the bundled examples."""
    out = {}
    for path in sorted(EXAMPLES.glob("*.yaml")) if EXAMPLES.is_dir() else []:
        try:
            out[path.name] = som.load_calculation(path).meta.title
        except som.InputError:
            continue
    return out


def net_chart(names: list[str], rows: list[dict]) -> go.Figure:
    fig = go.Figure(go.Bar(x=names, y=[r["net"] for r in rows], marker_color="#4c78a8",
                           name="Nettoresultat", customdata=[fmt.kr(r["net"]) for r in rows],
                           hovertemplate="%{x}: %{customdata}<extra></extra>"))
    ranged = [(n, r) for n, r in zip(names, rows, strict=True) if r["net_p5"] is not None]
    if ranged:
        fig.add_scatter(x=[n for n, _ in ranged], y=[r["net_p50"] for _, r in ranged],
                        mode="markers", marker={"color": "black"}, name="Median (5–95 %)",
                        error_y={"type": "data", "symmetric": False,
                                 "array": [r["net_p95"] - r["net_p50"] for _, r in ranged],
                                 "arrayminus": [r["net_p50"] - r["net_p5"] for _, r in ranged]})
    fig.add_hline(y=0, line_color="#c0392b")
    fig.update_layout(yaxis_title="Nettoresultat over horisonten (kr.)",
                      yaxis={"tickformat": ",.0f"}, separators=",.", margin={"t": 30})
    return fig


def _number(label: str, key: str, default: int, kind: Kind) -> int | None:
    text = st.text_input(label, value=numparse.editable(default, kind), key=key)
    reading = numparse.read(text, kind)
    if not reading.ok:
        st.markdown(f":red[**Kan ikke læses:** {reading.error.rstrip('.')}.]")
        return None
    return int(reading.value)


def scenarios() -> list[tuple[str, som.Calculation]]:
    """The chosen calculations, each named by its title (and where it comes from)."""
    chosen: list[tuple[str, som.Calculation]] = []
    current = current_calculation(show=False)
    if current is not None and st.checkbox("Den aktuelle beregning", value=True,
                                           key="compare_current"):
        chosen.append((f"Aktuel: {current.meta.title}", current))
    titles = example_titles()
    picked = st.multiselect("Eksempler", list(titles), format_func=titles.get,
                            key="compare_examples", placeholder="Vælg eksempler")
    chosen += [(f"Eksempel: {titles[name]}", som.load_calculation(EXAMPLES / name))
               for name in picked]
    infos, reason = bibliotek.saved()
    if reason:
        st.caption(reason)
    by_id = {i.calculation_id: i for i in infos}
    saved = st.multiselect("Gemte beregninger", list(by_id), key="compare_saved",
                           format_func=lambda i: bibliotek.label(by_id[i]),
                           placeholder="Vælg gemte beregninger" if by_id else
                           "Ingen gemte beregninger endnu")
    chosen += [(f"Gemt: {by_id[i].title}", bibliotek.load(i)) for i in saved]
    uploads = st.file_uploader("Egne beregningsfiler (.yaml, .json eller .xlsx)",
                               type=["yaml", "yml", "json", "xlsx"], accept_multiple_files=True)
    chosen += [(f"Fil: {u.name}", calculation_from_upload(u.name, u.getvalue()))
               for u in uploads or []]
    return chosen


def main() -> None:
    st.title("Sammenlign beregninger")
    st.caption("Nøgletal side om side – for hver betaler: den aktuelle beregning, eksempler, "
               "gemte beregninger og egne filer, valgt ved deres titel.")
    try:
        chosen = scenarios()
    except som.InputError as exc:
        show_errors(exc)
        return
    if len(chosen) < 2:
        st.info("Vælg mindst to beregninger (den aktuelle tæller med).")
        return
    names = [name for name, _ in chosen]
    if len(set(names)) < len(names):
        names = [f"{n + 1}. {name}" for n, name in enumerate(names)]
    left, right = st.columns(2)
    with left:
        draws = _number("Antal trækninger (for beregninger med usikkerhed)", "compare_draws",
                        10_000, DRAWS)
    with right:
        seed = _number("Frø", "compare_seed", 0, SEED)
    if draws is None or seed is None:
        return
    calcs = [calc for _, calc in chosen]
    try:
        results = [som.calculate(calc, **kb_options()) for calc in calcs]
        rows = som.compare(calcs, names=names, draws=draws, seed=seed, **kb_options())
    except som.InputError as exc:
        show_errors(exc)
        return
    table = comparison_rows(names, results, rows)
    # The figure names whole ("Sandsynlighed for positivt nettoresultat"; about 7,5 px a letter)
    # and kept in view while the calculations' columns scroll sideways.
    label_width = 24 + int(7.5 * max(len(row["Nøgletal"]) for row in table))
    st.dataframe(table, hide_index=True, width="stretch", row_height=32,
                 height=32 * (len(table) + 1) + 3,  # every figure in view, no inner scrolling
                 column_config={"Nøgletal": st.column_config.TextColumn(width=label_width,
                                                                          pinned=True)})
    st.caption(f"Usikkerhed: {fmt.number(draws)} trækninger, frø {seed}, samme tilfældige tal "
               "for alle beregninger. '–': beregningen har ingen usikkerhedsintervaller, eller "
               "betaleren har hverken udgifter eller gevinster.")
    st.plotly_chart(net_chart(names, rows))
    st.download_button("Hent sammenligningen (xlsx)", lambda: comparison_xlsx_bytes(rows),
                       file_name="sammenligning.xlsx", on_click="ignore",  # no rerun: it
                       # would drop the deferred callable before the browser fetched its file
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


main()
