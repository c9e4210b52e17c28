"""Every page renders; Resultat, Vidensdatabase and Import og eksport golden paths.

Oracles: the spec's worked example (calculation.md §4) by hand, som.calculate on input the test
builds itself, and the knowledge base's own records for the search.
"""

import json

import pytest
import yaml
from apphelp import (
    PAGES,
    errors,
    example_data,
    expected,
    find,
    kb,
    metric,
    npv_label,
    parse_danish,
    start,
    type_in,
    widget,
)

import som
from som import fmt, views
from som.io.files import MAX_FILE_BYTES, calculation_from_data


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = start(page)
    assert not at.exception
    assert not errors(at)
    assert at.title, "every page has a title"


def test_navigation_lists_every_page_file():
    """PAGES in streamlit_app.py and the files in app/sider/ agree (nothing unreachable)."""
    from apphelp import APP

    on_disk = {f"sider/{p.name}" for p in (APP.parent / "sider").glob("*.py")}
    assert set(PAGES) == on_disk
    assert PAGES[0] == "sider/beregning.py"  # the start page answers before anyone clicks


def test_resultat_figures_equal_som_calculate():
    at = start()
    type_in(at, "Succesrate netto (%)", "30")
    at.switch_page("sider/resultat.py").run()
    data = example_data()
    data["intervention"]["success_rate"] = 0.30
    result = expected(data)
    t = result.totals
    money = {"Nettoresultat": t["net"], npv_label(result): t["net_present_value"],
             "Netto pr. deltager": t["net_per_participant"], "Netto pr. succes": t["net_per_success"]}
    for label, value in money.items():
        assert parse_danish(metric(at, label)) == pytest.approx(value, abs=0.5), label
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(11_720_000, abs=0.5)  # hand
    assert metric(at, "Tilbagebetalingsår") == str(t["break_even_year"])
    assert parse_danish(metric(at, "Afkast pr. krone")) == pytest.approx(t["benefit_cost_ratio"], abs=0.005)
    assert parse_danish(metric(at, "Kritisk succesrate")) == pytest.approx(
        100 * 2_275_000 / (11_662_500 / 0.25), abs=0.05)  # spec §2.9, unchanged by r
    assert parse_danish(metric(at, "Succeser")) == pytest.approx(150 * 0.30)
    assert any(result.provenance["input_hash"][:12] in c.value for c in at.caption)


def test_resultat_payer_table_matches_the_spec_example():
    at = start("sider/resultat.py")
    payer = at.dataframe[0].value
    kommune = payer[payer["Betaler"] == "Kommune"].iloc[0]
    assert kommune["Nettoresultat"] == "2.622.500 kr."  # spec §4
    assert kommune["Tilbagebetalingsår"] == "2028"
    stat = payer[payer["Betaler"] == "Stat"].iloc[0]
    assert stat["Gevinster"] == "6.765.000 kr."
    assert payer[payer["Betaler"] == "Region"].iloc[0]["Tilbagebetalingsår"] == "–"  # no flows
    years = table(at, "Akkumuleret")
    first = years.iloc[0]
    assert (first["År"], first["Nettoresultat"]) == ("2025", "-300.000 kr.")


def test_resultat_budget_period_and_committees_match_the_spec_example():
    """Spec §4: budget period 2025–2028 net 4,662,500 (kommune 627,500, region 0, stat
    4,035,000); one committee 'Ikke fordelt' carries the kommune: net 2,622,500, transfer 0."""
    at = start("sider/resultat.py")
    period = table(at, "Budgetperioden 2025–2028")
    by_payer = dict(zip(period["Betaler"], period["Budgetperioden 2025–2028"], strict=True))
    assert by_payer == {"Kommune": "627.500 kr.", "Region": "0 kr.", "Stat": "4.035.000 kr.",
                        "I alt": "4.662.500 kr."}
    committees = table(at, "Forslag: overførsel")
    assert list(committees["Udvalg"]) == ["Ikke fordelt"]
    row = committees.iloc[0]
    # 2025, by hand: 12.5 successes × (10 weeks × 1,200 + 8 weeks × 1,100) = 260,000 kr. of
    # kommune gains, minus costs 250,000 + 600,000 + 50 × 1,500 = 925,000 kr.
    assert (row["Netto i alt"], row["Forslag: overførsel"], row["2025"]) == (
        "2.622.500 kr.", "0 kr.", "-665.000 kr.")


def test_resultat_without_a_valid_calculation_says_what_to_fix():
    at = start()
    type_in(at, "Antal år med optag", "12")
    at.switch_page("sider/resultat.py").run()
    assert not at.exception
    assert any("horisonten" in e for e in errors(at))
    assert not at.metric


def test_illustrative_values_are_flagged_on_resultat():
    base = kb()
    if base is None:
        pytest.skip("needs the knowledge base (som.kb)")
    illustrative = sorted(p.id for p in base.prices.values() if p.status == "illustrative")
    if not illustrative:
        pytest.skip("the knowledge base has no illustrative price")
    data = example_data()
    del data["settings"]["price_index"]  # the example's own index stops at 2023; use the KB's
    data["consequences"].append({"item": illustrative[0], "delta_per_success": [-1]})
    at = start("sider/resultat.py", data)
    assert not errors(at)
    warning = " ".join(w.value for w in at.warning)
    assert "illustrative" in warning and illustrative[0] in warning
    assert base.prices[illustrative[0]].name in warning
    result = expected(data)
    assert result.provenance["illustrative"] == [illustrative[0]]
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(result.totals["net"], abs=0.5)


def test_no_illustrative_warning_for_the_example():
    at = start("sider/resultat.py")
    assert not any("illustrative" in w.value for w in at.warning)


def test_vidensdatabase_search_matches_the_knowledge_base():
    base = kb()
    at = start("sider/vidensdatabase.py")
    if base is None:
        assert any(views.KB_MISSING in i.value for i in at.info)
        return
    find(at, "text_input", "Søg").set_value("kontanthjælp").run()
    prices = [f.value for f in at.dataframe if "Prisår" in f.value.columns]
    assert len(prices) == 1
    shown = {"Priser": prices[0]}
    hand = sorted(p.id for p in base.prices.values() if "kontanthjælp" in " ".join(
        str(v) for v in (p.id, p.name, p.derivation, p.source.title if p.source else "")).lower())
    assert hand, "the oracle itself must find something"
    assert set(hand) <= set(shown["Priser"]["Id"])
    assert all("kontanthjælp" in " ".join(map(str, row)).lower()
               for row in shown["Priser"].itertuples(index=False))


def table(at, column: str):
    """The first table on the page with `column`."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


def _upload(at, name, content, mime="application/yaml"):
    widget(at.file_uploader, next(u.label for u in at.file_uploader)).set_value((name, content, mime))
    return at.run()


def test_upload_yaml_replaces_the_calculation_everywhere():
    data = example_data()
    data["intervention"]["participants"] = [100, 100]
    data["meta"]["title"] = "To årgange á 100"
    at = start("sider/import_eksport.py")
    _upload(at, "to.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert not errors(at)
    assert any("To årgange á 100" in s.value for s in at.success)
    at.switch_page("sider/beregning.py").run()
    result = expected(data)
    assert metric(at, "Nettoresultat") == fmt.kr(result.totals["net"])
    # 200 starters → 50 successes × 311,000; costs 250,000 + 1,800,000 + 200 × 1,500.
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(
        50 * 311_000 - (250_000 + 1_800_000 + 300_000), abs=0.5)
    assert find(at, "text_input", "Deltagere 2026").value == "100"


def test_upload_json_with_a_bad_value_names_the_field():
    data = example_data()
    data["intervention"]["success_rate"] = 1.5
    at = start("sider/import_eksport.py")
    _upload(at, "fejl.json", json.dumps(data).encode(), "application/json")
    shown = " ".join(errors(at))
    assert "Indsats, succesrate (netto): må højst være 100 %, fik 150 %" in shown
    assert "intervention.success_rate" not in shown  # no internal key paths in front of a user
    assert not at.exception
    at.switch_page("sider/beregning.py").run()
    assert metric(at, "Nettoresultat") == "9.387.500 kr."  # the old calculation is kept


def test_upload_broken_yaml_names_the_line():
    at = start("sider/import_eksport.py")
    _upload(at, "brudt.yaml", b"som_version: 1\nmeta: [\n")
    shown = " ".join(errors(at))
    assert "linje" in shown and "ugyldig YAML" in shown


def test_upload_too_large_is_refused():
    at = start("sider/import_eksport.py")
    _upload(at, "stor.yaml", b"#" * (MAX_FILE_BYTES + 1))
    assert any("for stor" in e for e in errors(at))


def test_upload_xlsx_without_the_excel_module_says_so(monkeypatch):
    from som.views import files

    monkeypatch.setattr(files, "excel_import_available", lambda: False)
    with pytest.raises(som.InputError, match="ikke tilgængelig"):
        views.calculation_from_upload("x.xlsx", b"PK\x03\x04")


def test_upload_xlsx_exported_workbook_gives_the_same_figures():
    if not (views.excel_import_available() and views.excel_export_available()):
        pytest.skip("needs som.io.excel.importer and som.io.excel.export")
    data = example_data()
    data["intervention"]["participants"] = [80, 50, 50]
    result = expected(data)
    workbook = views.workbook_bytes(result, kb())
    at = start("sider/import_eksport.py")
    _upload(at, "flyt.xlsx", workbook,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not errors(at), errors(at)
    at.switch_page("sider/beregning.py").run()
    assert parse_danish(metric(at, "Nettoresultat")) == pytest.approx(
        9_387_500 + 7.5 * 311_000 - 30 * 1_500, abs=0.5)  # by hand, as on Beregning
    assert metric(at, "Nettoresultat") == fmt.kr(result.totals["net"])


def test_upload_broken_xlsx_is_a_danish_error():
    if not views.excel_import_available():
        pytest.skip("needs som.io.excel.importer")
    at = start("sider/import_eksport.py")
    _upload(at, "brudt.xlsx", b"PK\x03\x04 not really a workbook")
    assert errors(at) and not at.exception
    assert all("Traceback" not in e for e in errors(at))


def test_download_buttons_offer_yaml_and_json():
    at = start("sider/import_eksport.py")
    labels = [b.label for b in at.get("download_button")]
    assert "Hent som YAML" in labels and "Hent som JSON" in labels
    assert ("Hent som Excel" in labels) == views.excel_export_available()


def test_example_button_restores_the_example():
    data = example_data()
    data["intervention"]["success_rate"] = 0.1
    at = start("sider/import_eksport.py")
    _upload(at, "lav.yaml", yaml.safe_dump(data).encode())
    widget(at.button, "Start forfra med eksemplet (MOVE)").click().run()
    assert calculation_from_data(at.session_state["calc_data"]) == som.load_calculation(
        "examples/move.yaml")


def test_knowledge_base_overlays_in_the_file_are_not_silently_ignored():
    data = example_data()
    data["settings"]["kb_overlay"] = ["lokal_vidensbase"]
    at = start(data=data)
    assert any("lokale tillæg til vidensbasen" in w.value and "lokal_vidensbase" in w.value
               for w in at.warning)
    # The example brings its own prices, so the figures are still the spec's.
    assert metric(at, "Nettoresultat") == "9.387.500 kr."
