"""The shared session convention every page uses (docs/app.md).

* ``st.session_state["calc_data"]`` holds the current calculation as plain data (spec §1, the
  same dict ``Calculation.to_data()`` gives). Pages read it, change a copy and store it back with
  `update_calc_data`; whole new calculations (an upload, a saved one) go in with `set_calculation`,
  which also resets the input widgets so they show the new values.
* ``st.session_state["calc_gen"]`` counts those resets; widget keys include it (`widget_key`).
* `current_calculation()` validates the data (errors shown, naming the field); `current_result()`
  calculates it with the knowledge base, cached per input hash and knowledge-base fingerprint.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import streamlit as st

import som
from som import views
from som.errors import InputError
from som.io.files import calculation_from_data
from som.result import Result, input_hash

CALC_KEY = "calc_data"
GEN_KEY = "calc_gen"
RESULTS_KEY = "_som_results"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "move.yaml"
MAX_CACHED_RESULTS = 16


@st.cache_resource(show_spinner=False)
def _kb_status() -> views.KBStatus:
    return views.load_knowledge_base_status()


def kb_status() -> views.KBStatus:
    """The bundled knowledge base, loaded once per server process, or why it is missing."""
    return _kb_status()


def knowledge_base() -> Any:
    return kb_status().kb


def kb_options() -> dict:
    """Keyword arguments for som calls (calculate, simulate, ...) that use the app's knowledge
    base: {"kb": <the loaded base>} or {"kb": None} when there is none."""
    return {"kb": knowledge_base()}


def init_session() -> None:
    """First visit: load the example calculation so the app answers before anyone clicks."""
    if CALC_KEY not in st.session_state:
        st.session_state[CALC_KEY] = som.load_calculation(EXAMPLE).to_data()
        st.session_state[GEN_KEY] = 0


def calc_data() -> dict | None:
    """The current calculation's plain data, None if there is none (do not mutate)."""
    return st.session_state.get(CALC_KEY)


def editable_data() -> dict:
    """A copy to edit; starts from the example if the session has no calculation yet."""
    init_session()
    return copy.deepcopy(calc_data())


def generation() -> int:
    return st.session_state.get(GEN_KEY, 0)


def widget_key(name: str) -> str:
    """A widget key that changes when a new calculation is loaded, so widgets re-read it."""
    return f"{name}__g{generation()}"


def update_calc_data(data: dict) -> None:
    """Store edited data from the page's own widgets (widgets keep their state)."""
    if data != st.session_state.get(CALC_KEY):
        st.session_state[CALC_KEY] = data


def set_calculation(calc: som.Calculation) -> None:
    """Replace the calculation (upload, example, library) and reset every input widget."""
    st.session_state[CALC_KEY] = calc.to_data()
    st.session_state[GEN_KEY] = generation() + 1


def set_calc_data(data: dict) -> None:
    """Replace the data from a button callback (e.g. 'use this study') and reset the widgets."""
    st.session_state[CALC_KEY] = data
    st.session_state[GEN_KEY] = generation() + 1


def show_errors(exc: InputError, heading: str = "") -> None:
    """One st.error per problem, naming the field in Danish and the key path."""
    if heading:
        st.error(heading)
    for problem in exc.problems:
        label = views.field_label(problem.where) if problem.where else None
        # The Danish field name first; the problem's own text ("costs[1].payer: ...") verbatim.
        text = f"**{label}** · {problem}" if label else str(problem)
        st.error(text, icon=":material/error:")


def current_calculation(show: bool = True) -> som.Calculation | None:
    """The validated current calculation, or None (its problems shown when `show`)."""
    if calc_data() is None:
        return None
    try:
        return calculation_from_data(calc_data(), "beregningen")
    except InputError as exc:
        if show:
            show_errors(exc, "Beregningen kan ikke regnes, før dette er rettet:")
        return None


def current_result(show: bool = True) -> Result | None:
    """som.calculate on the current calculation with the knowledge base; cached per input."""
    calc = current_calculation(show)
    if calc is None:
        return None
    kb = knowledge_base()
    key = (input_hash(calc), getattr(kb, "fingerprint", None))
    cache: dict = st.session_state.setdefault(RESULTS_KEY, {})
    if key not in cache:
        try:
            cache[key] = som.calculate(calc, kb=kb)
        except InputError as exc:
            cache[key] = exc
        while len(cache) > MAX_CACHED_RESULTS:
            cache.pop(next(iter(cache)))
    outcome = cache[key]
    if show and calc.settings.kb_overlay:
        st.warning(f"**{views.describe_where('settings.kb_overlay')}**: appen kan ikke læse lokale "
                   "tillæg til vidensbasen (" + ", ".join(calc.settings.kb_overlay) + "); der er "
                   "regnet med den indbyggede vidensbase. Brug kommandoen 'som run' for at få "
                   "tillæggene med.")
    if isinstance(outcome, InputError):
        if show:
            show_errors(outcome, "Beregningen kan ikke regnes, før dette er rettet:")
        return None
    return outcome
