"""The served app in a real browser (Debian chromium via Playwright), typed into as a Dane does.

One server for the module. Oracles: som.calculate on a calculation the test writes itself from
the same inputs (not read back from the app), hand arithmetic on the spec's worked example
(one success = 311,000 kr; net 9,387,500 kr), and the knowledge base's own records.
Screenshots at 1400 × 1000 and 800 × 900 are kept in var/e2e/ (look at them).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from e2e_page import ARTEFACTS, Person, parse_danish
from e2e_server import CHROMIUM, CHROMIUM_ARGS, served_app

import som
from som import fmt, views
from som.io.files import calculation_from_data

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
KB = views.load_knowledge_base_status().kb  # what the served app uses
COOL_KIDS_GROUP = "angst_depression_6_13"
CUT_OFF_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] *, [data-testid="stWidgetLabel"] p, button[role="tab"] p')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText)"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    log = tmp_path_factory.mktemp("e2e") / "streamlit.log"
    with served_app(log) as url, playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium, url
        finally:
            chromium.close()


def _person(browser, locale: str, width: int = 1400, height: int = 1000) -> Person:
    chromium, url = browser
    page = chromium.new_page(viewport={"width": width, "height": height}, locale=locale)
    person = Person(page)  # before the page opens, so it sees the app's websocket
    page.goto(url)
    expect(person.metric("Nettoresultat")).to_have_text("9.387.500 kr.", timeout=60_000)
    person.idle()
    return person


def _from_target_group(browser, group: str) -> Person:
    """A person who starts a new calculation from a knowledge-base target group, as a user does:
    Ny beregning → Fra en målgruppe i vidensbasen → the group → Opret beregningen."""
    person = _person(browser, "da-DK")
    page = person.page
    person.click(page.get_by_text("Ny beregning", exact=True))
    person.click(page.get_by_text("Fra en målgruppe i vidensbasen"))
    person.choose("Målgruppe", group)
    person.click(page.get_by_role("button", name="Opret beregningen"))
    return person


def cool_kids_data(year: int) -> dict:
    """The Cool Kids case (Ikast-Brande: 3 × 18 children, 26 % success, angst/depression 6–13)
    as the test writes it from the inputs it types."""
    return {
        "som_version": 1,
        "meta": {"title": "Cool Kids – Ikast-Brande"},
        "settings": {"start_year": year, "horizon_years": 10,
                     "price_year": min(year, max(KB.price_index)),
                     "discount_rate": "finansministeriet"},  # a new calculation's default
        "target_group": COOL_KIDS_GROUP,
        "intervention": {"name": "Cool Kids – Ikast-Brande", "participants": [18, 18, 18],
                         "success_rate": 0.26},
        "costs": [{"name": "Cool Kids-forløb", "type": "operating", "payer": "kommune",
                   "amounts": [252_000, 252_000, 252_000]}],
    }


def npv_label(result) -> str:
    rate = result.calculation.settings.discount_rate
    return "Nutidsværdi" if rate == "finansministeriet" or rate > 0 else \
        "Nutidsværdi (ikke diskonteret)"


def expected_figures(result) -> dict[str, float | int | None]:
    t, k, b = result.totals, result.by_payer["kommune"], result.budget_period
    first, last = b["years"]
    return {f"Netto i budgetperioden {first}–{last}": b["net"],
            "Kommunens netto i budgetperioden": b["kommune"],
            "Nettoresultat": t["net"], npv_label(result): t["net_present_value"],
            "Tilbagebetalingsår": t["break_even_year"], "Afkast pr. krone": t["benefit_cost_ratio"],
            "Kommunens nettoresultat": k["net"], "Kommunens tilbagebetalingsår": k["break_even_year"],
            "Netto pr. deltager": t["net_per_participant"], "Netto pr. succes": t["net_per_success"],
            "Kritisk succesrate": t["break_even_success_rate"], "Succeser": t["successes"]}


def assert_figures(shown: dict[str, str], result) -> None:
    """Every key figure on screen equals the engine's (parsed from the Danish text)."""
    want = expected_figures(result)
    assert shown, "no key figures on screen"
    for label, text in shown.items():
        assert label in want, f"a figure the test does not check: {label}"
        value = want[label]
        if value is None:
            assert text in ("ingen", "–"), (label, text)
        elif label.endswith("tilbagebetalingsår") or label == "Tilbagebetalingsår":
            assert text == str(value), (label, text)
        elif label == "Kritisk succesrate":
            assert parse_danish(text) == pytest.approx(100 * value, abs=0.05), (label, text)
        elif label == "Afkast pr. krone":
            assert parse_danish(text) == pytest.approx(value, abs=0.005), (label, text)
        else:
            assert parse_danish(text) == pytest.approx(value, abs=0.5), (label, text)


def test_cool_kids_from_a_blank_start_by_typing_only(browser):
    """Ikast-Brande's Cool Kids case typed in from nothing (no file) in ≤ 15 interactions."""
    person = _person(browser, "da-DK")
    page = person.page
    person.click(page.get_by_text("Ny beregning", exact=True))
    person.type("Titel", "Cool Kids – Ikast-Brande")
    person.click(page.get_by_role("button", name="Opret beregningen"))
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Cool Kids – Ikast-Brande")
    person.choose("Vælg målgruppe", "angst eller depression (6")
    year = datetime.now(ZoneInfo("Europe/Copenhagen")).year
    person.tab("2 Indsats og deltagere")
    person.type(f"Deltagere {year}", "18")
    person.type("Antal år med optag", "3")
    person.tab("4 Effekt")
    person.type("Succesrate netto (%)", "26 %")
    person.tab("3 Omkostninger")
    # A new cost line: the name, then Tab past type, committee, payer shares (100 % kommune by
    # default), price year and per-participant amount, and the three years' amounts.
    person.new_row(person.grid(0), 0, "Cool Kids-forløb")  # a new line, 100 % kommune
    person.keys(*["Tab"] * 7)
    for _ in range(3):
        person.cell("252.000")
    assert person.count <= 15, f"{person.count} interactions"

    result = som.calculate(calculation_from_data(cool_kids_data(year)), kb=KB)
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(result.totals["net"]))
    assert_figures(person.metrics(), result)
    assert page.evaluate(CUT_OFF_JS) == []
    person.shot("cool_kids_beregning_1400")
    page.set_viewport_size({"width": 800, "height": 900})
    person.idle()
    assert page.evaluate(CUT_OFF_JS) == []
    person.shot("cool_kids_beregning_800")

    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("link", name="Resultat", exact=True).click()
    page.wait_for_url("**/resultat")
    expect(person.metric("Kritisk succesrate")).to_be_visible(timeout=30_000)
    person.idle()
    drawn = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".main-svg"))
    expect(drawn).to_have_count(3, timeout=30_000)
    assert_figures(person.metrics(), result)
    assert page.get_by_text("illustrative værdier").first.is_visible()  # the profile is assumed
    assert page.evaluate(CUT_OFF_JS) == []
    person.shot("cool_kids_resultat_1400")
    page.set_viewport_size({"width": 800, "height": 900})
    person.idle()
    assert page.evaluate(CUT_OFF_JS) == []
    person.shot("cool_kids_resultat_800")
    page.close()
    assert (ARTEFACTS / "cool_kids_resultat_800.png").stat().st_size > 10_000


def _example_net(**changes) -> float:
    data = som.load_calculation(Path(__file__).resolve().parents[2] / "examples" / "move.yaml")
    data = data.to_data()
    for path, value in changes.items():
        section, key = path.split(".")
        data[section][key] = value
    return som.calculate(calculation_from_data(data), kb=KB).totals["net"]


def test_danish_numbers_in_a_field(browser):
    """Text fields do not depend on the browser's locale (the table test runs in both)."""
    person = _person(browser, "da-DK")
    person.tab("2 Indsats og deltagere")
    person.type("Deltagere 2025", "18,5")  # was 185 in a number_input
    net = _example_net(**{"intervention.participants": [18.5, 50, 50]})
    assert net == pytest.approx(9_387_500 - 31.5 * 0.25 * 311_000 + 31.5 * 1_500)  # by hand
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))
    for bad in ("1,2,3", "12a", "300,000.5"):
        person.type("Deltagere 2026", bad)
        expect(person.page.get_by_text("Kan ikke læses").first).to_be_visible()
        expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))  # not from a guess
    person.type("Deltagere 2026", " 1.000 ")
    net = _example_net(**{"intervention.participants": [18.5, 1000, 50]})
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))
    expect(person.page.get_by_text("Kan ikke læses")).to_have_count(0)
    person.tab("4 Effekt")
    person.type("Succesrate netto (%)", "26 %")
    net = _example_net(**{"intervention.participants": [18.5, 1000, 50],
                          "intervention.success_rate": 0.26})
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))
    expect(person.page.get_by_text("= 26 %", exact=True)).to_be_visible()
    person.page.close()


@pytest.mark.parametrize("locale", ["da-DK", "en-US"])
def test_danish_numbers_in_a_table_cell_and_a_cell_set_back(browser, locale):
    """'300.000' in a cost cell was 300 (en-US) or 0 (da-DK); a cell set back kept old figures."""
    person = _person(browser, locale)
    person.tab("3 Omkostninger")
    grid = person.grid(0)
    # The 'Behandlere' line (row 2), year 2026: the 9th column. Reach it by keyboard from the
    # line's name cell, so no pixel position of a year column is assumed.

    def behandlere_2026() -> None:
        """Row 2 ('Behandlere'), year 2026: click its name, then nine cells to the right (no
        pixel position of a year column is assumed)."""
        person.click_grid(grid, 120, 35 + 2 * 35 - 17)  # header and rows are 35 px high
        person.keys(*["ArrowRight"] * 9)

    behandlere_2026()
    person.cell("300.000", then="Enter")
    net = 9_387_500 + 300_000  # 600,000 -> 300,000 in 2026, by hand
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))
    behandlere_2026()
    person.cell("300,000.5", then="Enter")
    expect(person.page.get_by_text("Kan ikke læses").first).to_be_visible()
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(net))
    behandlere_2026()
    person.cell("600.000", then="Enter")  # back to the original value
    expect(person.metric("Nettoresultat")).to_have_text("9.387.500 kr.")
    expect(person.page.get_by_text("Kan ikke læses")).to_have_count(0)
    person.page.close()


def test_switching_target_group_asks_both_ways(browser):
    person = _from_target_group(browser, "angst eller depression (6")
    page = person.page
    person.tab("2 Indsats og deltagere")
    year = datetime.now(ZoneInfo("Europe/Copenhagen")).year
    person.type(f"Deltagere {year}", "20")
    person.tab("4 Effekt")
    person.type("Succesrate netto (%)", "30")
    data = {"som_version": 1, "meta": {"title": "Ny beregning"},
            "settings": {"start_year": year, "horizon_years": 10,
                         "price_year": min(year, max(KB.price_index))},
            "target_group": COOL_KIDS_GROUP,
            "intervention": {"name": "Ny beregning", "participants": [20], "success_rate": 0.3}}

    def net(d):
        return fmt.kr(som.calculate(calculation_from_data(d), kb=KB).totals["net"])

    expect(person.metric("Nettoresultat")).to_have_text(net(data))
    person.tab("1 Målgruppe")
    person.choose("Vælg målgruppe", "angst eller depression (14")
    expect(page.get_by_text("Du skifter målgruppe")).to_be_visible()
    expect(person.metric("Nettoresultat")).to_have_text(net(data))  # unchanged until answered
    person.click(page.get_by_role("button", name="Behold de nuværende konsekvenser"))
    kept = dict(data, target_group="angst_depression_14_17",
                consequences=[{"item": c.item, "delta_per_success": list(c.delta_per_success)}
                              for c in KB.profiles[COOL_KIDS_GROUP].consequences])
    expect(person.metric("Nettoresultat")).to_have_text(net(kept))
    person.choose("Vælg målgruppe", "angst eller depression (6")
    person.click(page.get_by_role("button", name="Brug standardprofilen for målgruppen"))
    expect(person.metric("Nettoresultat")).to_have_text(net(data))
    person.shot("malgruppe_skift_1400")
    page.close()


def test_three_downloads_in_a_row_all_arrive(browser):
    """YAML, JSON, then Excel clicked one after another: each file arrives at the first click.
    (The Excel button's bytes were made by a deferred callable; the click's own rerun dropped
    it before the browser asked for it: 'Deferred file … not found', nothing downloaded.)"""
    import io
    import zipfile

    import yaml
    person = _person(browser, "da-DK")
    page = person.page
    page.get_by_role("link", name="Import og eksport", exact=True).click()
    page.wait_for_url("**/import_eksport")
    person.idle()
    got = {}
    for label in ("Hent som YAML", "Hent som JSON", "Hent som Excel"):
        button = page.get_by_role("button", name=label)
        with page.expect_download(timeout=20_000) as download:
            button.click()
        got[label] = Path(download.value.path()).read_bytes()
    assert yaml.safe_load(got["Hent som YAML"])["intervention"]["success_rate"] == 0.25
    with zipfile.ZipFile(io.BytesIO(got["Hent som Excel"])) as book:
        assert "xl/workbook.xml" in book.namelist()
    page.close()


TABS_OUT_OF_VIEW_JS = """() => {
  const list = document.querySelector('[data-testid="stTabs"] [role="tablist"]').getBoundingClientRect();
  return [...document.querySelectorAll('[data-testid="stTabs"] button[role="tab"]')]
    .filter(t => { const r = t.getBoundingClientRect();
                   return r.left < list.left - 1 || r.right > list.right + 1; })
    .map(t => t.innerText); }"""


def test_steps_in_view_and_a_refusal_does_not_move_the_field(browser):
    """At 800 px every step's tab is in view (they wrap; they used to scroll out of sight), and
    at 1400 and 800 px a refused text neither moves the field typed in nor, at 1400, what
    follows it (a warning box above the steps used to push both down)."""
    person = _person(browser, "da-DK", width=800, height=900)
    page = person.page
    assert page.evaluate(TABS_OUT_OF_VIEW_JS) == []
    title = page.get_by_role("heading", name="Beregning", exact=True)
    field = person.field("Succesrate netto (%)")
    below = page.get_by_text("Effektstudier for målgruppen i vidensbasen")

    def places() -> tuple[float, float]:  # below the title (the page may scroll)
        top = title.bounding_box()["y"]
        return field.bounding_box()["y"] - top, below.bounding_box()["y"] - top

    for width in (1400, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        person.idle()
        person.tab("4 Effekt")
        before = places()
        person.type("Succesrate netto (%)", "0,25")
        expect(page.get_by_text("Kan ikke læses").first).to_be_visible()
        expect(page.get_by_text("nøgletal regnet uden: Succesrate netto (%)")).to_be_visible()
        after = places()
        person.shot(f"refused_{width}")
        assert after[0] == before[0], (width, before, after)
        if width == 1400:  # at 800 px the reason takes two lines where one is kept
            assert after[1] == before[1], (before, after)
        person.type("Succesrate netto (%)", "25")
        expect(person.metric("Nettoresultat")).to_have_text("9.387.500 kr.")
    page.close()


def test_rate_pair_chosen_on_a_new_calculation_is_what_is_stored(browser):
    """Trial 2, clicked as the trial did: Ny beregning → from a target group (no rate yet) → 4
    Effekt → "Succesrate med og uden indsats". The two fields must show at once (the net field
    stayed, and "40 %" became a 40 % NET rate), the choice must survive a step away, and the
    downloaded file holds the two rates typed."""
    import yaml
    person = _from_target_group(browser, "angst eller depression (6")
    page = person.page
    person.tab("4 Effekt")
    person.click(page.get_by_text("Succesrate med og uden indsats", exact=True))
    expect(person.field("Succesrate med indsatsen (%)")).to_be_visible()
    expect(person.field("Succesrate netto (%)")).to_have_count(0)
    person.tab("2 Indsats og deltagere")
    year = datetime.now(ZoneInfo("Europe/Copenhagen")).year
    person.type(f"Deltagere {year}", "20")
    person.tab("4 Effekt")
    expect(page.get_by_role("radio", name="Succesrate med og uden indsats")).to_be_checked()
    person.type("Succesrate med indsatsen (%)", "40 %")
    person.type("Succesrate uden indsatsen (%)", "15 %")
    expect(person.field("Succesrate netto (%)")).to_have_count(0)
    person.shot("effekt_med_og_uden_1400")

    page.get_by_role("link", name="Import og eksport", exact=True).click()
    page.wait_for_url("**/import_eksport")
    person.idle()
    with page.expect_download(timeout=20_000) as download:
        page.get_by_role("button", name="Hent som YAML").click()
    data = yaml.safe_load(Path(download.value.path()).read_bytes())
    iv = data["intervention"]
    assert "success_rate" not in iv, iv
    assert (iv["success_rate_intervention"], iv["success_rate_baseline"]) == (0.4, 0.15)
    pair = som.calculate(calculation_from_data(data), kb=KB).totals["net"]
    iv.pop("success_rate_intervention"), iv.pop("success_rate_baseline")
    iv["success_rate"] = 0.4  # what the trial's figures were computed from
    assert som.calculate(calculation_from_data(data), kb=KB).totals["net"] != pair
    page.go_back()
    expect(person.metric("Nettoresultat")).to_have_text(fmt.kr(pair), timeout=30_000)
    page.close()
