"""Drawing a Result: key-figure metrics, plotly charts and tables (no arithmetic here)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from som import views
from som.views.labels import PAYER_LABELS, PAYERS

PAYER_COLOURS = {"Kommune": "#1f5f99", "Region": "#7aa95c", "Stat": "#d9822b"}
MONEY = ("Omkostninger", "Sparede udgifter", "Gevinster", "Nettoresultat", "Akkumuleret",
         "Kommune", "Region", "Stat", "I alt")
HEADLINE = ("net", "net_present_value", "break_even_year", "benefit_cost_ratio")


PAYER_VIEW = "payer_view"  # session key of the payer switch (Kommune, Region, Stat)
# Key figures must show in full ("-12.345.678 kr.") and labels must wrap, not be cut off
# ("Tilbagebetalingså…"), from 800 px to wide screens.
# Grids of key figures wrap to fewer columns on a narrow screen (each at least 190 px) instead of
# breaking "Tilbagebetalingsår" inside the word. Tabs (Beregning's seven steps) wrap onto a
# second line instead of scrolling out of view at 800 px; the selected one is underlined itself
# (the sliding highlight of one line would sit under the wrong row).
LAYOUT_CSS = """<style>
[data-testid='stMetricValue'] {font-size: clamp(1.1rem, 1.6vw, 1.5rem);}
[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important;}
[class*='st-key-figures'] [data-testid='stHorizontalBlock'] {flex-wrap: wrap;}
[class*='st-key-figures'] [data-testid='stColumn'] {min-width: 190px;}
[data-testid='stTabs'] [role='tablist'] {flex-wrap: wrap; row-gap: 0.25rem;}
[data-testid='stTabs'] [data-baseweb='tab-highlight'] {display: none;}
[data-testid='stTabs'] button[role='tab'][aria-selected='true'] {
  box-shadow: inset 0 -2px 0 currentColor;}
</style>"""


def metrics(result: Any, keys: tuple[str, ...] = HEADLINE, columns: int = 1) -> None:
    """st.metric for each key figure; one per row (columns=1) or in a grid."""
    figures = views.key_figures(result)
    show([figures[key] for key in keys], columns)


def show(figures: list, columns: int) -> None:
    """Key figures in rows of `columns` (fewer on a narrow screen, see LAYOUT_CSS)."""
    for start in range(0, len(figures), columns):
        row = figures[start:start + columns]
        slug = re.sub(r"[^a-z0-9]+", "_", "_".join(f.label for f in row).lower())
        with st.container(key=f"figures_{slug}"):
            for col, f in zip(st.columns(columns), row, strict=False):
                col.metric(f.label, f.text, help=f.help or None, border=True)


def payer_choice() -> str:
    """The payer shown beside the total (default: the kommune)."""
    labels = {PAYER_LABELS[p]: p for p in PAYERS}
    preferred = st.session_state.get("_payer_pref") or PAYER_LABELS["kommune"]
    if st.session_state.get(PAYER_VIEW) not in labels:  # new on this page, or deselected
        st.session_state[PAYER_VIEW] = preferred
    chosen = st.segmented_control(
        "Vis betaler", list(labels), key=PAYER_VIEW, label_visibility="collapsed",
        on_change=lambda: st.session_state.update(_payer_pref=st.session_state.get(PAYER_VIEW)),
        help="Hvis tal der står ved siden af totalen: kommunens, regionens eller statens.")
    return labels.get(chosen, "kommune")


def headline(result: Any) -> None:
    """The total and one payer's own answer side by side, with a sentence when they disagree.

    A municipal economist's first question is what the kommune itself gains; the total alone
    can say +58.937 kr. while the kommune loses 87.003 kr.
    """
    payer = payer_choice()
    total = views.key_figures(result)
    own = views.payer_figures(result, payer)
    period = views.budget_figures(result, payer)
    # Pairs (total, payer) side by side: on a narrow screen a row of four wraps into two pairs.
    show([total["net"], own["net"], total["break_even_year"], own["break_even_year"],
          period["net"], period["payer"], total["net_present_value"],
          total["benefit_cost_ratio"]], 4)
    st.caption(views.payback_assumption(result.calculation.settings))  # what the years assume
    sentence = views.sign_sentence(result, payer)
    if sentence:
        st.warning(sentence, icon=":material/call_split:")


def _layout(fig: go.Figure, title: str, y_title: str = "kr.") -> go.Figure:
    fig.update_layout(
        title=title, separators=",.", height=380, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15}, yaxis_title=y_title,
        xaxis={"type": "linear", "dtick": 1, "tickformat": "d"},  # years: 2025, not 2.025
    )
    fig.update_yaxes(tickformat=",.0f")
    years = [x for trace in fig.data for x in (trace.x or ()) if isinstance(x, int | float)]
    if years and not any(t.orientation == "h" for t in fig.data if hasattr(t, "orientation")):
        # Pin the year axis to the horizon (an annotation must not widen it to earlier years).
        fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5])
    return fig


def net_by_payer_chart(result: Any) -> go.Figure:
    """Annual net result by payer (stacked bars) – who gains and who pays, year by year."""
    years = [r["year"] for r in result.by_year]
    fig = go.Figure()
    for payer in PAYERS:
        label = PAYER_LABELS[payer]
        fig.add_bar(x=years, y=[r[payer] for r in result.by_year], name=label,
                    marker_color=PAYER_COLOURS[label],
                    hovertemplate="%{x}: %{y:,.0f} kr.<extra>" + label + "</extra>")
    fig.update_layout(barmode="relative")
    return _layout(fig, "Nettoresultat pr. år og betaler")


def cumulative_chart(result: Any) -> go.Figure:
    """Cumulative net result with the payback year marked."""
    years = [r["year"] for r in result.by_year]
    fig = go.Figure()
    fig.add_scatter(x=years, y=[r["cumulative_net"] for r in result.by_year], mode="lines+markers",
                    name="Akkumuleret nettoresultat", line={"color": "#1f5f99", "width": 3},
                    hovertemplate="%{x}: %{y:,.0f} kr.<extra></extra>")
    fig.add_hline(y=0, line_color="#888", line_width=1)
    year = result.totals["break_even_year"]
    if year is not None:
        fig.add_vline(x=year, line_dash="dash", line_color="#2e7d32")
        fig.add_annotation(x=year, y=1, yref="paper", showarrow=False, yanchor="bottom",
                           text=f"Tilbagebetalingsår {year}", font={"color": "#2e7d32"})
    return _layout(fig, "Akkumuleret nettoresultat")


def area_chart(result: Any, kb: Any) -> go.Figure:
    """Gains over the horizon by consequence area, split by payer."""
    rows = views.area_gains(result, kb)
    fig = go.Figure()
    for payer in PAYERS:
        label = PAYER_LABELS[payer]
        fig.add_bar(y=[r["Område"] for r in rows], x=[r[label] for r in rows], name=label,
                    orientation="h", marker_color=PAYER_COLOURS[label],
                    hovertemplate="%{y}: %{x:,.0f} kr.<extra>" + label + "</extra>")
    fig.update_layout(barmode="relative")
    fig = _layout(fig, "Gevinster pr. konsekvensområde (hele perioden)", y_title="")
    # The x axis here is money: drop the year axis' dtick=1, or plotly draws millions of ticks.
    fig.update_layout(xaxis={"type": "linear", "dtick": None, "tickformat": ",.0f", "title": "kr."},
                      yaxis={"type": "category", "autorange": "reversed"},
                      height=max(260, 90 + 45 * len(rows)))
    return fig


def money_table(rows: list[dict], money: tuple[str, ...] = MONEY, **kwargs) -> None:
    """A table with money shown as '1.234.567 kr.' ('–' for none)."""
    frame = pd.DataFrame(views.formatted(rows, money))
    config = {c: st.column_config.TextColumn(c) for c in frame.columns if c in money}
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch", **kwargs)


def link_column(label: str = "Link") -> Any:
    return st.column_config.LinkColumn(label, display_text="Åbn kilde")


def ordered(columns: list[str], first: tuple[str, ...] = (),
            last: tuple[str, ...] = ("Kilde", "Id")) -> list[str]:
    """Column order for wide tables: the given columns, status and source link first; long source
    titles and ids last (off-screen columns are where nobody looks)."""
    lead = [c for c in (*first, "Status", "Link") if c in columns]
    tail = [c for c in last if c in columns and c not in lead]
    return lead + [c for c in columns if c not in lead and c not in tail] + tail
