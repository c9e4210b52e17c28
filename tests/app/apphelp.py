"""AppTest helpers: start the app, find widgets by label, read Danish figures back as numbers."""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import yaml
from streamlit.testing.v1 import AppTest

import som
from som import views
from som.io.files import calculation_from_data

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `import app.figures` in tests
    sys.path.insert(0, str(ROOT))
APP = ROOT / "app" / "streamlit_app.py"
EXAMPLE = ROOT / "examples" / "move.yaml"


def _listed_pages() -> list[str]:
    """The page files in streamlit_app.py's PAGES list (read, not imported: it calls streamlit)."""
    import ast

    tree = ast.parse(APP.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign)
                and getattr(n.targets[0], "id", None) == "PAGES")
    return [entry.elts[0].value for entry in node.value.elts]


PAGES = _listed_pages()


def kb():
    """The knowledge base the app itself uses (None until som.kb exists)."""
    return views.load_knowledge_base_status().kb


def start(page: str | None = None, data: dict | None = None) -> AppTest:
    """Run the app (on `page`), optionally with `data` as the session's calculation."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if data is not None:
        at.session_state["calc_data"] = copy.deepcopy(data)
        at.session_state["calc_gen"] = 0
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def parse_danish(text: str) -> float:
    """'-1.234.567,5 kr.' -> -1234567.5; '4,9 %' -> 4.9 (independent of som.fmt)."""
    match = re.fullmatch(r"\s*(-?[\d.]+(?:,\d+)?)\s*(kr\.|%)?\s*", text.replace("\u2212", "-"))
    assert match, f"not a Danish number: {text!r}"
    return float(match.group(1).replace(".", "").replace(",", "."))


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return found[0]


def widget(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


STEPS = ["1 Målgruppe", "2 Indsats og deltagere", "3 Omkostninger", "4 Effekt", "5 Konsekvenser",
         "6 Priser", "7 Indstillinger"]
EDITOR_STEP = {"costs": "3 Omkostninger", "saved_costs": "3 Omkostninger",
               "consequences": "5 Konsekvenser", "during_course": "5 Konsekvenser",
               "prices": "6 Priser", "price_index": "7 Indstillinger",
               "budget_areas": "7 Indstillinger"}


def step(at: AppTest, name: str) -> AppTest:
    """Open a step of Beregning (only the open step is drawn)."""
    at.session_state["beregning_trin"] = name
    return at.run()


def find(at: AppTest, kind: str, label: str):
    """The widget of `kind` ('text_input', 'radio', ...) labelled `label`, opening the step of
    Beregning that has it if it is not on screen."""
    def found():
        return [w for w in getattr(at, kind) if w.label == label]
    if not found():
        for name in STEPS:
            step(at, name)
            if found():
                break
    assert len(found()) == 1, f"{len(found())} {kind} labelled {label!r}"
    return found()[0]


def type_in(at: AppTest, label: str, text: str) -> AppTest:
    """Type `text` into the text field labelled `label` (as a person does, Enter), then rerun."""
    find(at, "text_input", label).input(text)
    return at.run()


def field_text(at: AppTest, label: str) -> str:
    return find(at, "text_input", label).value


def refusals(at: AppTest) -> list[str]:
    """The red 'Kan ikke læses' notes under fields (captions) and under tables (markdown)."""
    return [m.value for m in [*at.caption, *at.markdown] if "Kan ikke læses" in m.value]


def editor_key(at: AppTest, name: str) -> str:
    current = at.session_state["beregning_trin"] if "beregning_trin" in at.session_state \
        else STEPS[0]
    if current != EDITOR_STEP[name]:
        step(at, EDITOR_STEP[name])
    keys = [d.key for d in at.data_editor if d.key and d.key.startswith(f"{name}__")]
    assert len(keys) == 1, keys
    return keys[0]


def edit_table(at: AppTest, name: str, edited_rows=None, added_rows=(), deleted_rows=()) -> AppTest:
    """Apply st.data_editor edits the way the browser reports them, then rerun."""
    at.session_state[editor_key(at, name)] = {
        "edited_rows": edited_rows or {}, "added_rows": list(added_rows),
        "deleted_rows": list(deleted_rows)}
    return at.run()


def example_data() -> dict:
    """The example as plain data, read with PyYAML (not through the app)."""
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def expected(data: dict) -> som.result.Result:
    """som.calculate on a Calculation built in the test from plain data."""
    return som.calculate(calculation_from_data(copy.deepcopy(data)), kb=kb())


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def npv_label(result) -> str:
    """The present-value tile's label: with no discounting it says so (trial 2: "Nutidsværdi"
    equal to the undiscounted net misled)."""
    rate = result.calculation.settings.discount_rate
    return "Nutidsværdi" if rate == "finansministeriet" or rate > 0 else \
        "Nutidsværdi (ikke diskonteret)"
