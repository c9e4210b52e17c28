"""Every defect listed in issue 15, one row each: the input that broke `som`, and what it must
do now — one Danish message naming the input (exit 1), within 10 s and 500 MB, never exit 3 or
a traceback, or a correct result. Each case runs in its own process (hostile_harness)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import hostile_cases as C
import pytest
from hostile_harness import ForkServer

SPEC = str(C.EXAMPLES / "move.yaml")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ForkServer(tmp_path_factory.mktemp("forkserver")) as fs:
        yield fs


def _yaml(tmp, data, name="calc.yaml"):
    return str(C.write_yaml(tmp / name, data))


def _text(tmp, text, name):
    (tmp / name).write_text(text, encoding="utf-8")
    return str(tmp / name)


def _kb_index_overlay(tmp):
    """A calculation priced with the knowledge base's index, and an overlay whose index has
    2024 = 1e-300."""
    folder = C.overlay(tmp / "lokal", price_index__yaml=C.tiny_index())
    calc = C.move(**{"settings.price_index": C.DELETE, "costs.0.price_year": 2024})
    return ["run", _yaml(tmp, calc), "--kb-overlay", str(folder), "--format", "json"]


def _big_overlay(tmp):
    folder = tmp / "stor"
    folder.mkdir()
    with open(folder / "prices.yaml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    return ["validate", "--kb-overlay", str(folder), SPEC]


def _complex_key_overlay(tmp):
    folder = C.overlay(tmp / "lokal")
    (folder / "prices.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    return ["validate", "--kb-overlay", str(folder), SPEC]


# (id, argv from tmp_path, exit code, fragments the message must contain)
CASES = [
    ("participants_1e308",
     lambda t: ["run", _yaml(t, C.move(**{"intervention.participants": [1.0e308]})), "--format",
                "json"], 1, ["intervention.participants[0]: må højst være 10.000.000"]),
    ("success_rate_denormal",
     lambda t: ["run", _yaml(t, C.move(**{"intervention.success_rate": 5.0e-324}))], 1,
     ["intervention.success_rate: skal være 0 eller mindst 0,000001"]),
    ("uncertainty_high_1e308",
     lambda t: ["run", _yaml(t, C.move(uncertainty={"costs": {"low": 0.5, "high": 1.0e308}}))],
     1, ["uncertainty.costs.high: må højst være 100"]),
    ("overlay_index_1e-300", _kb_index_overlay, 1,
     ["lokal/price_index.yaml: 2024.value: indekstal skal ligge mellem 0,001 og 1.000.000"]),
    ("cost_1e15_against_gain_1e15",
     lambda t: ["run", _yaml(t, C.move(costs=[{"name": "x", "type": "startup", "payer": "stat",
                                               "amounts": [1000000000000000.01]}],
                                       saved_costs=[{"name": "y", "type": "startup",
                                                     "payer": "stat", "amounts": [1e15]}]))],
     1, ["costs[0].amounts[0]: må højst være 100.000.000.000"]),
    ("flows_above_1e11_named",
     lambda t: ["validate", _yaml(t, C.move(**{"intervention.participants": [9e6] * 10,
                                                "settings.horizon_years": 10}))],
     1, ["consequences[0] (kontanthjaelp_uge): beløbene er for store: alle beløb i beregningen "
         "giver tilsammen 7.132.502.050.000 kr. (heraf 3.510.000.000.000 kr. herfra); højst 100 "
         "mia. kr."]),
    ("alias_bomb", lambda t: ["validate", _text(t, C.alias_bomb(), "bomb.yaml")], 1,
     ["filen har for mange værdier (over 100.000"]),
    ("30000_bad_entries", lambda t: ["validate", _yaml(t, C.bad_entries())], 1,
     ["intervention.participants: må højst have 50 elementer"]),
    ("2500_problems_capped", lambda t: ["validate", _yaml(t, C.many_problems())], 1,
     ["2.500 fejl:", "… og 2.450 fejl mere"]),
    ("120000_consequence_lines",
     lambda t: ["run", _text(t, C.many_consequences(), "cons.yaml"), "--format", "json"], 1,
     ["filen har for mange YAML-elementer (over 200.000)"]),
    ("monte_carlo_2000_lines_100000_draws",
     lambda t: ["run", _yaml(t, C.monte_carlo(2000, 100_000)), "--format", "json"], 1,
     ["costs: må højst have 200 elementer", "uncertainty.lines: må højst have 800 elementer"]),
    ("monte_carlo_draws_times_lines",
     lambda t: ["run", _yaml(t, C.monte_carlo(200, 100_000)), "--format", "json"], 1,
     ["draws: 100.000 trækninger er for mange", "(435 kolonner pr. trækning); højst 45.977"]),
    ("dev_zero", lambda t: ["run", "/dev/zero"], 1, ["/dev/zero: filen er for stor (over 5 MB)"]),
    ("overlay_200mb_prices", _big_overlay, 1, ["stor/prices.yaml: filen er for stor"]),
    ("json_100000_deep", lambda t: ["run", _text(t, C.deep_json(), "deep.json")], 1,
     ["filen er for dybt indlejret"]),
    ("yaml_999_deep", lambda t: ["run", _text(t, "a: " + "[" * 999 + "]" * 999, "deep.yaml")],
     1, ["filen er for dybt indlejret"]),
    ("overlay_complex_key", _complex_key_overlay, 1,
     ["lokal/prices.yaml: linje 1, kolonne 3: en liste eller blok kan ikke være en nøgle"]),
    ("batch_out_missing_folder",
     lambda t: ["batch", SPEC, "--out", str(t / "findes_ikke" / "x.csv")], 1,
     ["oversigten kan ikke skrives til findes_ikke/x.csv: filen eller mappen findes ikke"]),
    ("batch_xlsx_out_missing_folder",
     lambda t: ["batch", SPEC, "--out", str(t / "findes_ikke" / "x.xlsx")], 1,
     ["oversigten kan ikke skrives til findes_ikke/x.xlsx: filen eller mappen findes ikke"]),
    ("export_to_missing_folder",
     lambda t: ["export", SPEC, str(t / "findes_ikke" / "x.xlsx")], 1,
     ["findes_ikke/x.xlsx: filen eller mappen findes ikke"]),
    ("template_to_missing_folder", lambda t: ["template", str(t / "findes_ikke" / "t.xlsx")], 1,
     ["findes_ikke/t.xlsx: filen eller mappen findes ikke"]),
    ("batch_out_full_disk", lambda t: ["batch", SPEC, "--out", str(_full(t))], 1,
     ["oversigten kan ikke skrives til fuld.csv: disken er fuld"]),
    ("store_db_in_a_file", lambda t: ["store", "list", "--db", SPEC + "/x.sqlite3"], 1,
     ["en del af stien er en fil, ikke en mappe"]),
    ("json_bom_is_read",
     lambda t: ["validate", _text(t, "\ufeff" + C.to_json(C.MOVE), "bom.json")], 0, ["OK"]),
    ("json_double_bom", lambda t: ["validate", _text(t, "\ufeff\ufeff{}", "bom2.json")], 1,
     ["ugyldig JSON: filen starter med to byte-order-marks"]),
    ("union_tag_not_in_key", lambda t: ["validate", _yaml(t, C.move(target_group=5))], 1,
     ["target_group: skal være tekst, fik 5"]),
    ("yaml_parser_danish", lambda t: ["validate", _text(t, "a: b: c\n", "p.yaml")], 1,
     ["linje 1, kolonne 5: ugyldig YAML: et kolon (:) står"]),
    ("yaml_impossible_date",
     lambda t: ["validate", _text(t, "som_version: 2025-02-30\n", "d.yaml")], 1,
     ["ugyldig YAML: en dato i filen findes ikke"]),
    ("yaml_5000_digit_int",
     lambda t: ["validate", _text(t, "som_version: " + "7" * 5000 + "\n", "i.yaml")], 1,
     ["ugyldig YAML: et tal har for mange cifre"]),
    ("json_5000_digit_int", lambda t: ["validate", _text(t, "[" + "7" * 5000 + "]", "i.json")],
     1, ["ugyldig JSON: et tal har for mange cifre"]),
    ("yaml_python_tag",
     lambda t: ["validate", _text(t, "a: !!python/object/apply:os.system [ls]\n", "t.yaml")], 1,
     ["ugyldig YAML: ukendt YAML-type"]),
    ("latin1_file", lambda t: ["validate", str(_latin1(t))], 1,
     ["linje 3: filen er ikke UTF-8-tekst (byte 0xe6)"]),
    ("a_folder_not_a_file", lambda t: ["run", str(t)], 1, ["stien er en mappe, ikke en fil"]),
    ("workbook_corrupt_deflate", lambda t: _corrupt_workbook(t), 1,
     ["ødelagt.xlsx: delen xl/worksheets/sheet2.xml er beskadiget og kan ikke pakkes ud"]),
]


def _full(tmp: Path) -> Path:
    """An output file on a full disk: a link to /dev/full, where every write fails (ENOSPC)."""
    (tmp / "fuld.csv").symlink_to("/dev/full")
    return tmp / "fuld.csv"


def _corrupt_workbook(tmp: Path) -> list[str]:
    """An exported workbook whose Forudsætninger sheet has a corrupt deflate stream."""
    import som
    from som.io.excel.export import export_workbook

    export_workbook(som.api.calculate_file(SPEC), tmp / "ok.xlsx")
    raw = C.corrupt_member((tmp / "ok.xlsx").read_bytes(), "xl/worksheets/sheet2.xml")
    (tmp / "ødelagt.xlsx").write_bytes(raw)
    return ["run", str(tmp / "ødelagt.xlsx")]


def _latin1(tmp: Path) -> Path:
    path = tmp / "latin1.yaml"
    path.write_bytes("som_version: 1\nmeta:\n  title: Bæredygtig\n".encode("latin-1"))
    return path


def test_command_line_mistakes_are_danish(server, tmp_path):
    """argparse's own messages (issue 15 item 6), exit 2 as before."""
    for argv, fragment in [(["run"], "disse argumenter mangler: FIL"),
                           (["run", SPEC, "--format", "xml"],
                            "argumentet --format: ugyldigt valg: 'xml' (vælg mellem"),
                           (["batch", SPEC, "--workers", "to"], "ugyldig værdi: 'to'"),
                           (["selftest", "ekstra"], "ukendte argumenter: ekstra")]:
        out = server.run(argv, cwd=tmp_path)
        assert out.rc == 2 and fragment in out.stderr, out.stderr
        assert "brug: som" in out.stderr and "usage" not in out.stderr


@pytest.mark.parametrize("case_id,argv,code,fragments", CASES, ids=[c[0] for c in CASES])
def test_defect(server, tmp_path, case_id, argv, code, fragments):
    out = server.run(argv(tmp_path), cwd=tmp_path)
    assert out.problems(strip=(str(tmp_path),)) == [], (out.stderr, out.seconds, out.rss_mb)
    assert out.rc == code, out.stderr
    text = out.stderr if code else out.stdout
    for fragment in fragments:
        assert fragment in text.replace(str(tmp_path) + "/", ""), text


def test_payer_shares_a_hair_over_one_are_normalised(server, tmp_path):
    """Shares summing to 1.0000000009 are divided by their sum (docs/hostile.md): the cost lines
    add up to exactly what was typed, not 0.9 øre per thousand kroner more."""
    calc = C.move(**{"costs.1.payer": {"kommune": 0.5, "stat": 0.5000000009}})
    out = server.run(["run", _yaml(tmp_path, calc), "--format", "json"], cwd=tmp_path)
    assert out.rc == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["totals"]["costs"] == 2_275_000.0
    assert result["by_payer"]["stat"]["costs"] == pytest.approx(900_000, abs=0.005)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_batch_never_marks_a_refused_file_ok_and_always_writes_its_summary(server, tmp_path,
                                                                             suffix):
    C.write_yaml(tmp_path / "a_ok.yaml", C.MOVE)
    C.write_yaml(tmp_path / "b_nan.yaml", C.move(**{"intervention.participants": [1.0e308]}))
    C.write_yaml(tmp_path / "c_inf.yaml", C.move(**{"intervention.success_rate": 5e-324}))
    summary = tmp_path / f"oversigt{suffix}"
    out = server.run(["batch", str(tmp_path), "--out", str(summary)], cwd=tmp_path)
    assert out.problems(strip=(str(tmp_path),)) == [] and out.rc == 1, out.stderr
    if suffix == ".csv":
        with open(summary, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        status = [r["status"] for r in rows]
    else:
        import openpyxl

        ws = openpyxl.load_workbook(summary, read_only=True).worksheets[0]
        status = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert status == ["ok", "fejl", "fejl"]
    assert "1 af 3 beregninger OK" in out.stdout


DISCOUNT_10 = """id: kommune_10
name: Kommunens egen rente
steps:
  - first_year: 0
    last_year: null
    rate: 0.10
    status: illustrative
    derivation: Et eksempel.
    source: {title: Eksempel, url: https://example.org}
"""


def test_overlay_discount_yaml_takes_effect(server, tmp_path):
    """An overlay's discount.yaml gives the NPV (issue 15 item 4, done by Core v2): the hand
    check is Σ net_y / 1.1^y over the years of the same run."""
    folder = C.overlay(tmp_path / "lokal", discount__yaml=DISCOUNT_10)
    calc = _yaml(tmp_path, C.move(**{"settings.discount_rate": "finansministeriet"}))
    runs = {}
    for name, extra in (("med", ["--kb-overlay", str(folder)]), ("uden", [])):
        out = server.run(["run", calc, "--format", "json", *extra], cwd=tmp_path)
        assert out.rc == 0, out.stderr
        runs[name] = json.loads(out.stdout)
    by_year = runs["med"]["by_year"]
    hand = sum(row["net"] / 1.1 ** y for y, row in enumerate(by_year))
    assert runs["med"]["totals"]["net_present_value"] == pytest.approx(hand, abs=0.005)
    fm = sum(row["net"] / 1.035 ** y for y, row in enumerate(runs["uden"]["by_year"]))
    assert runs["uden"]["totals"]["net_present_value"] == pytest.approx(fm, abs=0.005)


def test_every_overlay_file_is_used_or_refused(server, tmp_path):
    folder = C.overlay(tmp_path / "lokal", VERSION="2025.1\n", LÆS_MIG__md="dokumentation")
    (folder / "prices.json").write_text("{}", encoding="utf-8")
    (folder / "gammelt").mkdir()
    out = server.run(["kb", "validate", "--kb-overlay", str(folder)], cwd=tmp_path)
    assert out.rc == 1, out.stdout
    assert "lokal/prices.json: ukendt fil, som ikke ville blive brugt" in out.stderr
    assert "lokal/gammelt: undermapper i et overlay bruges ikke" in out.stderr
    (folder / "prices.json").unlink()
    (folder / "gammelt").rmdir()
    out = server.run(["kb", "validate", "--kb-overlay", str(folder)], cwd=tmp_path)
    assert out.rc == 0, out.stderr
    assert "+lokal@2025.1" in out.stdout  # the overlay's VERSION is used: in version, fingerprint
