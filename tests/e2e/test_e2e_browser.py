"""The served app in a real browser (Debian chromium via Playwright): enter a calculation, read
the net result from the page, compare with the engine. Oracle: the spec's worked example by hand
(311,000 kr per success) and som.calculate on the same input."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from e2e_server import CHROMIUM, CHROMIUM_ARGS, ROOT, served_app

import som
from som import fmt, views
from som.io.files import calculation_from_data

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api")


def _expected_net(participants: list[int], success_rate: float) -> float:
    data = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["intervention"].update(participants=participants, success_rate=success_rate)
    kb = views.load_knowledge_base_status().kb  # what the served app uses
    return som.calculate(calculation_from_data(data), kb=kb).totals["net"]


def _metric(page, label: str):
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return card.locator('[data-testid="stMetricValue"]').first


def _set_number(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")
def test_enter_a_calculation_in_the_browser(tmp_path):
    expect = playwright.expect
    with served_app(tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="da-DK")
            page.goto(url)
            # The first screen answers before anyone clicks: the spec's example, 9.387.500 kr.
            expect(_metric(page, "Nettoresultat")).to_have_text("9.387.500 kr.", timeout=60_000)
            expect(_metric(page, "Tilbagebetalingsår")).to_have_text("2026")

            page.get_by_role("tab", name="2 Indsats og deltagere").click()
            _set_number(page, "Deltagere 2025", "80")
            net = _expected_net([80, 50, 50], 0.25)
            assert net == pytest.approx(9_387_500 + 7.5 * 311_000 - 30 * 1_500)  # by hand
            expect(_metric(page, "Nettoresultat")).to_have_text(fmt.kr(net), timeout=30_000)

            page.get_by_role("tab", name="4 Effekt").click()
            _set_number(page, "Succesrate netto (%)", "30")
            net = _expected_net([80, 50, 50], 0.30)
            assert net == pytest.approx(180 * 0.30 * 311_000 - (2_275_000 + 30 * 1_500))  # by hand
            expect(_metric(page, "Nettoresultat")).to_have_text(fmt.kr(net), timeout=30_000)
            shown = _metric(page, "Nettoresultat").inner_text()
            assert float(shown.removesuffix(" kr.").replace(".", "")) == pytest.approx(net, abs=0.5)
            page.screenshot(path=str(tmp_path / "beregning.png"))

            page.get_by_role("link", name="Resultat", exact=True).click()
            page.wait_for_url("**/resultat", timeout=30_000)
            expect(_metric(page, "Nettoresultat")).to_have_text(fmt.kr(net), timeout=30_000)
            # All three charts draw (a mis-set axis once froze the browser for 40 s here).
            drawn = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".main-svg"))
            expect(drawn).to_have_count(3, timeout=30_000)
            page.screenshot(path=str(tmp_path / "resultat.png"))
        finally:
            browser.close()
    assert (tmp_path / "beregning.png").stat().st_size > 10_000


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
