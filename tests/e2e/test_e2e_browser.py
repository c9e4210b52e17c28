"""A fresh server's very first request is a deep link (its own server start, on purpose).

Typing into the app in a real browser is tested in test_e2e_app.py (one server for that module)."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_server import CHROMIUM, CHROMIUM_ARGS, served_app

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api")


def _metric(page, label: str):
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return card.locator('[data-testid="stMetricValue"]').first


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")
def test_deep_link_on_a_fresh_server_runs_the_app(tmp_path):
    """A bookmarked page URL as the server's very first request still runs streamlit_app.py
    (navigation, session, example). A folder named `pages/` beside the entry script made
    Streamlit run the page file alone until someone had opened the start page."""
    expect = playwright.expect
    with served_app(tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="da-DK")
            page.goto(url.rstrip("/") + "/resultat")
            expect(_metric(page, "Nettoresultat")).to_have_text("9.387.500 kr.", timeout=60_000)
            expect(page.get_by_role("link", name="Gemte beregninger")).to_be_visible()
        finally:
            browser.close()
