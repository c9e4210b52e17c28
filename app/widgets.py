"""Keyed input widgets that start from the calculation's data and write accepted edits back.

Every field is a text input or a choice whose key is seeded from the data when absent and carries
the state generation (`state.widget_key`). A change is applied in the widget's callback, i.e.
before the page script runs, so the key figures drawn at the top already include it.

Numbers are typed as text and read by som.numparse (Danish: "18,5", "300.000", "26 %"); Streamlit's
number_input cannot take a decimal comma (docs/app.md). A refused text leaves the data as it was
and shows the Danish reason under the field; an accepted text that differs from its canonical form
is said back ("= 300.000 kr."), and a percent field always says what it holds ("= 25 %"), since a
share typed by habit ("0,25") is the easy mistake there (som.numparse refuses it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app import state
from som import numparse
from som.numparse import Kind

Apply = Callable[[dict, Any], None]  # puts a value into (a copy of) the calculation's data
BLANK_LINE = "\u00a0"  # the line kept free under a number field for what it read or refused


def seeded(name: str, value: Any) -> str:
    """The widget key for `name`, seeded with `value` if the widget is new."""
    key = state.widget_key(name)
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _apply(apply: Apply, value: Any, label: str) -> None:
    data = state.editable_data()
    apply(data, value)
    state.edit(data, label)


def _number_changed(key: str, label: str, kind: Kind, required: bool, apply: Apply) -> None:
    reading = numparse.read(st.session_state.get(key), kind, required=required)
    if not reading.ok:
        state.refuse(key, label, reading.error)
        return
    state.accept(key)
    _apply(apply, reading.value, label)


def number(label: str, name: str, value: float | None, kind: Kind, apply: Apply, *,
           required: bool = True, **kwargs) -> None:
    """A Danish number field: text in, som.numparse reads it, `apply` stores an accepted value."""
    key = seeded(name, numparse.editable(value, kind))
    st.text_input(label, key=key, on_change=_number_changed,
                  args=(key, label, kind, required, apply), **kwargs)
    # Always one line under the field (blank when there is nothing to say), so a message that
    # appears after typing does not push the page down or set the field beside it out of line.
    reason = state.refusal(key)
    if reason:
        st.caption(f":red[**Kan ikke læses:** {reason.rstrip('.')}. Tallene er ikke opdateret.]")
        return
    text = str(st.session_state.get(key) or "")
    reading = numparse.read(text, kind, required=required)
    if reading.ok and reading.value is not None and (
            kind.percent or text.strip() != numparse.editable(reading.value, kind)):
        st.caption(numparse.understood(reading.value, kind))  # a percent field always says it
    else:
        st.caption(BLANK_LINE)


def _text_changed(key: str, label: str, apply: Apply) -> None:
    _apply(apply, str(st.session_state.get(key) or "").strip(), label)


def text(label: str, name: str, value: str, apply: Apply, *, area: bool = False, **kwargs) -> str:
    key = seeded(name, value or "")
    widget = st.text_area if area else st.text_input
    return widget(label, key=key, on_change=_text_changed, args=(key, label, apply), **kwargs)


def _choice_changed(key: str, label: str, apply: Apply) -> None:
    _apply(apply, st.session_state.get(key), label)


def choice(label: str, name: str, options: list, value: Any, apply: Apply | None = None,
           **kwargs) -> Any:
    """selectbox/radio choice; `value` not among `options` falls back to the first.

    With `apply` the choice is stored in its callback; without, the caller uses the return value
    (a choice that only steers what is shown)."""
    widget = kwargs.pop("widget", st.selectbox)
    key = seeded(name, value if value in options else options[0])
    if apply is not None:
        kwargs.update(on_change=_choice_changed, args=(key, label, apply))
    return widget(label, options, key=key, **kwargs)


def at(path: str) -> Apply:
    """An Apply that stores the value at a dotted path ('settings.horizon_years'); an int path
    part indexes a list. A None value removes the key."""
    parts = path.split(".")

    def apply(data: dict, value: Any) -> None:
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        if value is None:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = value

    return apply


def whole(apply: Apply) -> Apply:
    """Store a number that must be whole as an int (the schema refuses 10.0 for an int field);
    a blank optional field (None) removes the key."""
    return lambda data, value: apply(data, None if value is None else int(value))
