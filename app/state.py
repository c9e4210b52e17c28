"""The shared session convention every page uses (docs/app.md).

* ``st.session_state["calc_data"]`` holds the current calculation as plain data (spec §1, the
  same dict ``Calculation.to_data()`` gives). Every change goes through one of three doors:
  `edit` (a field or table the user changed; widgets keep their state), `edit_and_reseed` (a
  button that changes data shown in widgets, e.g. "use this study") and `replace` (a whole new
  calculation: new, upload, open; asks first when there is unsaved work). All three keep the
  previous state for "Fortryd" (`undo`).
* ``st.session_state["calc_gen"]`` counts reseeds; widget keys include it (`widget_key`), so
  after a reseed every widget reads the data afresh.
* Edits are applied before the page draws (field callbacks, `app.tables.sync`), so the key
  figures at the top of a page and the sidebar title are always this run's.
* `current_calculation()` validates the data (errors shown, naming the field in Danish);
  `current_result()` calculates it with the knowledge base, cached per input hash and knowledge-base
  fingerprint.
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
UNDO_KEY = "_undo"
BASELINE_KEY = "_baseline"      # the data as last loaded or saved: "unsaved work" is a difference
PENDING_KEY = "_pending_replace"
REFUSED_KEY = "_refused"        # {widget key: (field label, Danish reason)} of refused input
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "move.yaml"
MAX_CACHED_RESULTS = 16
MAX_UNDO = 30


@st.cache_resource(show_spinner=False)
def _kb_status() -> views.KBStatus:
    return views.load_knowledge_base_status()


@st.cache_resource(show_spinner=False)
def _example_data() -> dict:
    return som.load_calculation(EXAMPLE).to_data()


def kb_status() -> views.KBStatus:
    """The bundled knowledge base, loaded once per server process, or why it is missing."""
    return _kb_status()


def knowledge_base() -> Any:
    return kb_status().kb


def kb_options() -> dict:
    """Keyword arguments for som calls (calculate, simulate, ...) that use the app's knowledge
    base: {"kb": <the loaded base>} or {"kb": None} when there is none."""
    return {"kb": knowledge_base()}


def example_data() -> dict:
    """The example calculation (examples/move.yaml) as plain data, a fresh copy."""
    return copy.deepcopy(_example_data())


def init_session() -> None:
    """First visit: load the example calculation so the app answers before anyone clicks."""
    if CALC_KEY not in st.session_state:
        st.session_state[CALC_KEY] = example_data()
        st.session_state[GEN_KEY] = 0
    if BASELINE_KEY not in st.session_state:
        st.session_state[BASELINE_KEY] = st.session_state[CALC_KEY]


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
    """A widget key that changes when the data is reseeded, so widgets re-read it."""
    return f"{name}__g{generation()}"


# --- the three doors ---------------------------------------------------------------------------

def _push_undo(label: str) -> None:
    stack = st.session_state.setdefault(UNDO_KEY, [])
    stack.append((label, st.session_state.get(CALC_KEY), st.session_state.get(BASELINE_KEY)))
    del stack[:-MAX_UNDO]


def _reseed() -> None:
    st.session_state[GEN_KEY] = generation() + 1
    st.session_state[REFUSED_KEY] = {}


def edit(data: dict, label: str = "ændring") -> bool:
    """Store an accepted edit from the page's own widgets (widgets keep their state)."""
    if data == st.session_state.get(CALC_KEY):
        return False
    _push_undo(label)
    st.session_state[CALC_KEY] = data
    return True


def edit_and_reseed(data: dict, label: str = "ændring") -> None:
    """Store an edit made by a button (e.g. 'use this study') and let every widget re-read it."""
    _push_undo(label)
    st.session_state[CALC_KEY] = data
    _reseed()


def unsaved() -> bool:
    """Has the current calculation changed since it was loaded, started or saved?"""
    return st.session_state.get(CALC_KEY) != st.session_state.get(BASELINE_KEY)


def mark_saved() -> None:
    st.session_state[BASELINE_KEY] = st.session_state.get(CALC_KEY)


def replace(data: dict, label: str) -> bool:
    """Put a whole new calculation in place (new, upload, open a saved one).

    With unsaved work it only asks: the question is drawn at the top of the page
    (`render_pending`) and the replacement happens when the user confirms. Returns True when
    the calculation was replaced now.
    """
    if unsaved():
        st.session_state[PENDING_KEY] = {"data": data, "label": label}
        return False
    _do_replace(data, label)
    return True


def _do_replace(data: dict, label: str) -> None:
    _push_undo(f"erstattet af {label}")
    st.session_state[CALC_KEY] = data
    st.session_state[BASELINE_KEY] = data
    st.session_state.pop(PENDING_KEY, None)
    _reseed()


def set_calculation(calc: som.Calculation, label: str = "") -> bool:
    """Replace with a validated Calculation (upload, library, example); asks if unsaved."""
    return replace(calc.to_data(), label or calc.meta.title)


def _confirm() -> None:
    pending = st.session_state.get(PENDING_KEY)
    if pending:
        _do_replace(pending["data"], pending["label"])


def _cancel() -> None:
    st.session_state.pop(PENDING_KEY, None)


def render_pending() -> None:
    """The question 'replace unsaved work?' when a replacement waits for an answer."""
    pending = st.session_state.get(PENDING_KEY)
    if not pending:
        return
    with st.container(border=True):
        st.warning(f"Den aktuelle beregning, **{(calc_data() or {}).get('meta', {}).get('title', '')}"
                   f"**, har ændringer, der ikke er gemt. Vil du erstatte den med "
                   f"**{pending['label']}**? (Fortryd bringer den tilbage bagefter.)",
                   icon=":material/warning:")
        left, right = st.columns(2)
        left.button("Ja, erstat den", on_click=_confirm, type="primary", key="pending_yes")
        right.button("Nej, behold min beregning", on_click=_cancel, key="pending_no")


def undo_label() -> str | None:
    stack = st.session_state.get(UNDO_KEY) or []
    return stack[-1][0] if stack else None


def undo() -> None:
    """Fortryd: back to the state before the last edit or replacement."""
    stack = st.session_state.get(UNDO_KEY) or []
    if not stack:
        return
    _, data, baseline = stack.pop()
    st.session_state[CALC_KEY] = data
    st.session_state[BASELINE_KEY] = baseline
    st.session_state.pop(PENDING_KEY, None)
    _reseed()


# --- refused input -----------------------------------------------------------------------------

def refuse(key: str, label: str, reason: str) -> None:
    st.session_state.setdefault(REFUSED_KEY, {})[key] = (label, reason)


def accept(key: str) -> None:
    st.session_state.setdefault(REFUSED_KEY, {}).pop(key, None)


def refused() -> dict[str, tuple[str, str]]:
    """Input refused in this generation and still on screen, by widget key: (label, reason).

    A field that is no longer drawn (another step or page) has been re-read from the data, so
    its refusal no longer applies."""
    suffix = f"__g{generation()}"
    return {k: v for k, v in (st.session_state.get(REFUSED_KEY) or {}).items()
            if k.endswith(suffix) and k in st.session_state}


def refusal(key: str) -> str | None:
    found = (st.session_state.get(REFUSED_KEY) or {}).get(key)
    return found[1] if found else None


# --- validation and result ---------------------------------------------------------------------

def show_errors(exc: InputError, heading: str = "") -> None:
    """One st.error listing every problem: the Danish field name, then what is wrong (no key
    paths, percentages where the user typed percentages)."""
    names = views.kb_names(knowledge_base())
    lines = [views.problem_text(problem, names) for problem in exc.problems]
    if len(lines) == 1 and not heading:
        st.error(lines[0], icon=":material/error:")
        return
    st.error((f"{heading}\n\n" if heading else "") + "\n".join(f"- {line}" for line in lines),
             icon=":material/error:")


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
        st.warning(f"**{views.field_label('settings.kb_overlay')}**: appen kan ikke læse lokale "
                   "tillæg til vidensbasen (" + ", ".join(calc.settings.kb_overlay) + "); der er "
                   "regnet med den indbyggede vidensbase. Brug kommandoen 'som run' for at få "
                   "tillæggene med.")
    if isinstance(outcome, InputError):
        if show:
            show_errors(outcome, "Beregningen kan ikke regnes, før dette er rettet:")
        return None
    return outcome
