"""Driving the served app as a person does: click, type keys, wait until the rerun is done, read.

Every action counts one interaction (`Person.count`), so a test can say how many a task took.
Table cells are reached with the keyboard from a clicked cell (the grid is a canvas), waiting for
each rerun before the next key, as a careful person would.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "e2e"  # screenshots kept (gitignored)
GRID_PAUSE = 0.3
EDITOR_FOCUSED_JS = ("() => document.activeElement && "
                     "document.activeElement.classList.contains('gdg-input')")
IDLE_JS = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
           "!document.querySelector('[data-stale=\"true\"]')")


def parse_danish(text: str) -> float:
    """'-1.234.567 kr.' -> -1234567.0; '26,0 %' -> 26.0 (independent of som.fmt)."""
    match = re.fullmatch(r"\s*(-?[\d.]+(?:,\d+)?)\s*(kr\.|%)?\s*", text.replace("\u2212", "-"))
    assert match, f"not a Danish number: {text!r}"
    return float(match.group(1).replace(".", "").replace(",", "."))


class Person:
    """Make one before `page.goto`: it follows the page's websocket from the start."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.reruns = 0       # rerun requests the browser sent
        self.pending = False  # a rerun was requested and has not finished yet
        self.finished_at = time.monotonic()
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        """Follow the Streamlit protocol: a rerun request out, script_finished back."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        early = ForwardMsg.FINISHED_EARLY_FOR_RERUN

        def sent(payload) -> None:
            if isinstance(payload, bytes) and BackMsg.FromString(payload).WhichOneof(
                    "type") == "rerun_script":
                self.reruns += 1
                self.pending = True

        def received(payload) -> None:
            if not isinstance(payload, bytes):
                return
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != early:
                self.pending = False
                self.finished_at = time.monotonic()
        ws.on("framesent", sent)
        ws.on("framereceived", received)

    def idle(self, timeout: float = 30.0) -> None:
        """Wait until every requested rerun has finished and the page shows no stale parts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.pending and self.page.evaluate(IDLE_JS):
                # the browser applies the run's elements after script_finished arrives
                self.page.wait_for_timeout(400)
                if not self.pending and self.page.evaluate(IDLE_JS):
                    return
            self.page.wait_for_timeout(50)
        raise TimeoutError("the app did not settle")

    def settle_after_send(self, before: int, wait: float = 3.0) -> None:
        """After an edit: wait for the browser to request the rerun (the grid sends a moment
        after the cell closes; nothing is sent when nothing changed), then for it to finish."""
        deadline = time.monotonic() + wait
        while self.reruns == before and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        self.idle()

    def click(self, locator) -> None:
        self.count += 1
        locator.click()
        self.idle()

    def tab(self, name: str) -> None:
        self.click(self.page.get_by_role("tab", name=name))

    def field(self, label: str):
        return self.page.get_by_role("textbox", name=label, exact=True).filter(visible=True)

    def type(self, label: str, text: str) -> None:
        """Click a text field, replace its text by typing keys, press Enter."""
        self.count += 1
        box = self.field(label)
        box.click()
        box.press("Control+a")
        self.page.keyboard.type(text)
        before = self.reruns
        self.page.keyboard.press("Enter")
        self.settle_after_send(before, wait=1.0)

    def choose(self, label: str, text: str) -> None:
        """A selectbox: click it, type part of the option, Enter."""
        self.count += 1
        box = self.page.get_by_role("combobox", name=label, exact=True).filter(visible=True)
        box.click()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.idle()

    def grid(self, n: int = 0):
        """The n-th table visible on screen."""
        grid = self.page.get_by_test_id("stDataFrame").filter(visible=True).nth(n)
        grid.scroll_into_view_if_needed()
        return grid

    def click_grid(self, grid, x: float, y: float) -> None:
        """Click a cell at (x, y) inside the grid (selects it; the trailing row adds a row)."""
        box = grid.bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)
        self.idle()

    def _type_in_editor(self, text: str, then: str) -> None:
        """Type into the grid's open cell editor; check the text is there before committing."""
        self.page.wait_for_function(EDITOR_FOCUSED_JS, timeout=10_000)
        self.page.keyboard.press("Control+a")
        # At a person's pace: keys sent with no delay can leave the grid's own state behind
        # the editor's text, and the grid then drops the edit (reproduced with a bare
        # st.data_editor; 50 ms a key never did).
        self.page.keyboard.type(text, delay=50)
        self.page.wait_for_function(f"() => document.activeElement.value === {text!r}",
                                    timeout=5_000)
        before = self.reruns
        self.page.keyboard.press(then)
        self.settle_after_send(before)

    def cell(self, text: str, then: str = "Tab") -> None:
        """Type into the selected cell: open its editor, replace the text, commit with `then`.

        Starts at least GRID_PAUSE s after the last rerun finished (the browser redraws the
        grid after a rerun)."""
        self.count += 1
        pause = GRID_PAUSE - (time.monotonic() - self.finished_at)
        if pause > 0:
            self.page.wait_for_timeout(1000 * pause)
        self.page.keyboard.press("Enter")
        self._type_in_editor(text, then)

    def new_row(self, grid, rows: int, first_cell: str) -> None:
        """Click the table's empty last row (below `rows` rows): the grid adds a row with the
        column defaults and opens its first cell; type `first_cell` there and Tab on."""
        self.count += 1
        box = grid.bounding_box()
        self.page.mouse.click(box["x"] + 120, box["y"] + 35 * (rows + 1) + 17)
        self._type_in_editor(first_cell, "Tab")

    def keys(self, *keys: str) -> None:
        """Move in the grid without editing (arrows, Tab); a rerun it causes is waited for."""
        before = self.reruns
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(60)
        self.settle_after_send(before, wait=0.8)

    def metric(self, label: str):
        card = self.page.locator('[data-testid="stMetric"]').filter(
            has=self.page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(
                rf"^\s*{re.escape(label)}\s*$")))
        return card.locator('[data-testid="stMetricValue"]').first

    def metrics(self) -> dict[str, str]:
        """Every key figure on screen: {label: value}."""
        cards = self.page.locator('[data-testid="stMetric"]')
        out = {}
        for n in range(cards.count()):
            card = cards.nth(n)
            label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
            out[label] = card.locator('[data-testid="stMetricValue"]').inner_text().strip()
        return out

    def shot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
