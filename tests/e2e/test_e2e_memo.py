"""Issue 14 in a real browser: switch the Effekt step to an effect size, see the key figure follow,
then download the memo from Resultat (its bytes are made by the download button's callable, which
only a real browser triggers) and read it back. Oracles: the hand conversion (d 0.45 at 30 % ->
47.0346 %, 150 × 0.170346 successes × 311,000 kr − 2,275,000 kr) and som.calculate."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from e2e_server import CHROMIUM, CHROMIUM_ARGS, ROOT, served_app
from test_e2e_browser import _metric

import som
from som import fmt, views
from som.io.files import calculation_from_data

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")
def test_effect_size_then_memo_download(tmp_path):
    import yaml
    from docx import Document

    data = yaml.safe_load((ROOT / "examples" / "move.yaml").read_text(encoding="utf-8"))
    data["intervention"].pop("success_rate")
    data["intervention"]["effect"] = {"measure": "cohens_d", "value": 0.45, "control_rate": 0.3}
    result = som.calculate(calculation_from_data(data), kb=views.load_knowledge_base_status().kb)
    net = result.totals["net"]
    assert net == pytest.approx(150 * 0.170346 * 311_000 - 2_275_000, abs=50)  # by hand

    expect = playwright.expect
    with served_app(tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="da-DK")
            page.goto(url)
            expect(_metric(page, "Nettoresultat")).to_have_text("9.387.500 kr.", timeout=60_000)
            page.get_by_role("tab", name="4 Effekt").click()
            page.get_by_text("Beregn succesraten ud fra en effektstørrelse").click()
            field = page.get_by_label("Effekt (studiets estimat)", exact=True)
            field.fill("0,45")  # Danish: "0.45" is refused as ambiguous (som.numparse)
            field.press("Enter")
            expect(_metric(page, "Nettoresultat")).to_have_text(fmt.kr(net), timeout=30_000)

            page.locator('[data-testid="stSidebarNav"]').get_by_text("Resultat",
                                                                      exact=True).click()
            button = page.get_by_role("button", name="Hent notat (Word)")
            button.scroll_into_view_if_needed(timeout=30_000)
            with page.expect_download(timeout=120_000) as download:
                button.click()
            memo = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        finally:
            browser.close()
    texts = [par.text for par in memo.paragraphs if par.text.strip()]
    question = next(n for n, t in enumerate(texts) if t.startswith("Betaler MOVE sig"))
    public = texts[question + 2]
    assert fmt.kr(net).replace("-", "\u2212") in public
    assert any("Succesraten med indsatsen, 47,03 %" in t for t in texts)
