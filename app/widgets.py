"""Keyed input widgets that start from the calculation's data and keep the user's edits.

Streamlit keeps a keyed widget's value across reruns and forgets it when the widget is not drawn
(another page). Each helper therefore seeds the key from the current data only when the key is
absent, so a widget shows the calculation after a page switch or a new upload, and the user's
value otherwise. Keys carry the state generation (`state.widget_key`).

`editor` does the same for st.data_editor, whose edits are deltas against the table it was given:
the table is snapshotted when the editor first appears and kept until the editor is re-created,
so edits are never applied twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app import state


def seeded(name: str, value: Any) -> str:
    """The widget key for `name`, seeded with `value` if the widget is new."""
    key = state.widget_key(name)
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def number(label: str, name: str, value: float | int, **kwargs) -> float | int:
    """st.number_input seeded from the data (pass ints for whole-number fields, else floats)."""
    return st.number_input(label, key=seeded(name, value), **kwargs)


def percent(label: str, name: str, share: float, **kwargs) -> float:
    """A share in [0, 1] entered in percent (0–100)."""
    from som.views import percent_from_share

    return st.number_input(label, min_value=0.0, max_value=100.0, step=1.0, format="%g",
                           key=seeded(name, float(percent_from_share(share))), **kwargs)


def text(label: str, name: str, value: str, **kwargs) -> str:
    return st.text_input(label, key=seeded(name, value or ""), **kwargs)


def choice(label: str, name: str, options: list, value: Any, **kwargs) -> Any:
    """selectbox/radio-like choice; `value` not among `options` falls back to the first."""
    widget = kwargs.pop("widget", st.selectbox)
    return widget(label, options, key=seeded(name, value if value in options else options[0]),
                  **kwargs)


def editor(name: str, deps: tuple, make_rows: Callable[[], list[dict]], columns: list[str],
           **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """st.data_editor over a snapshot of `make_rows()`; returns (shown, edited) frames.

    The snapshot is rebuilt when the editor is new: first view, new generation, a change of
    `deps` (e.g. the horizon, which changes the columns), or after visiting another page.
    """
    key = state.widget_key(f"{name}__{'-'.join(str(d) for d in deps)}")
    snap_key = f"_snapshot_{key}"
    if key not in st.session_state or snap_key not in st.session_state:
        for old in [k for k in st.session_state if str(k).startswith(f"_snapshot_{name}__")]:
            del st.session_state[old]
        st.session_state[snap_key] = pd.DataFrame(make_rows(), columns=columns)
    shown = st.session_state[snap_key]
    edited = st.data_editor(shown, key=key, **kwargs)
    return shown, edited


def frame_rows(frame: pd.DataFrame) -> list[dict]:
    """DataFrame -> list of row dicts with None for empty cells."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


def changed(shown: pd.DataFrame, edited: pd.DataFrame) -> bool:
    if shown.shape != edited.shape:
        return True
    return frame_rows(shown) != frame_rows(edited)
