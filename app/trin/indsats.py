"""Trin 2 Indsats og deltagere: name, starters per year, course length, completion rate."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import widgets
from som.numparse import COUNT, PERCENT, Kind

INTAKE_YEARS = Kind("antal år", minimum=1, maximum=50, whole=True)
COURSE_YEARS = Kind("antal år", minimum=0, maximum=49, whole=True)


def _resize(data: dict, years: Any) -> None:
    """A new number of intake years: new years start with the last year's figure (shown in its
    field at once), dropped years are removed (Fortryd brings them back)."""
    participants = list(data["intervention"].get("participants") or [])
    n = int(years)
    fill = participants[-1] if participants else 0.0
    data["intervention"]["participants"] = participants[:n] + [fill] * (n - len(participants))


def _participant(y: int) -> widgets.Apply:
    def apply(data: dict, value: float) -> None:
        participants = list(data["intervention"].get("participants") or [])
        participants += [0.0] * (y + 1 - len(participants))
        participants[y] = value
        data["intervention"]["participants"] = participants
    return apply


def render(data: dict, kb: Any = None) -> None:
    iv = data["intervention"]
    start = data["settings"]["start_year"]
    widgets.text("Indsatsens navn", "iv_name", iv.get("name", ""), widgets.at("intervention.name"))
    participants = list(iv.get("participants") or [])
    years = max(1, len(participants))
    left, right = st.columns([1, 2])
    with left:
        widgets.number("Antal år med optag", "iv_years", years, INTAKE_YEARS, _resize,
                       help="Hvor mange år der starter nye deltagere. Nye år får samme antal "
                            "som det sidste år; ret dem bagefter.")
    st.markdown("**Deltagere, der starter, pr. år**")
    cols = st.columns(5)
    for y in range(years):
        with cols[y % 5]:
            widgets.number(f"Deltagere {start + y}", f"iv_participants_{y}",
                           participants[y] if y < len(participants) else None, COUNT,
                           _participant(y))
    left, right = st.columns(2)
    with left:
        widgets.number("Forløbets længde (hele år fra start til afslutning)", "iv_course",
                       int(iv.get("course_years", 0)), COURSE_YEARS,
                       widgets.whole(widgets.at("intervention.course_years")),
                       help="0 betyder, at forløbet afsluttes samme år, som det starter.")
    with right:
        widgets.number("Gennemførelsesandel (%)", "iv_completion", iv.get("completion_rate", 1.0),
                       PERCENT, widgets.at("intervention.completion_rate"),
                       help="Andel af de startende, der gennemfører forløbet.")
