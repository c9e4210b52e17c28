"""The workbook as a committee receives it: Forside printed by LibreOffice (A4 landscape, one
page), looked at as a picture and as text (issue 12 §5).

LibreOffice prints the first page (Forside) to PDF with a Danish locale; poppler turns it into
a PNG (kept under var/test-artifacts/ to look at) and into text, which must carry the figures
in Danish format, the check line, the warning about illustrative values and the charts'
titles as the formulas compute them. The two charts' anchors must not overlap.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sheet_helpers import PROFILE

import som
from som.io.excel import layout as L
from som.io.excel.export import export_workbook
from som.io.excel.forside import chart_anchors

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SOM_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
DANISH_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"
 oor:op="fuse"><value>da-DK</value></prop></item>
</oor:items>
"""
@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run `make setup-dev`")
    folder = tmp_path_factory.mktemp("print")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(DANISH_PROFILE, encoding="utf-8")
    books = {"move": (som.load_calculation(ROOT / "examples" / "move.yaml"), None),
             "profile": (som.Calculation.model_validate(PROFILE), None)}
    paths = {}
    for name, (calc, _) in books.items():
        paths[name] = folder / f"{name}.xlsx"
        export_workbook(som.calculate(calc, base_dir=ROOT / "examples"), paths[name])
    first_page = 'pdf:calc_pdf_Export:{"PageRange":{"type":"string","value":"1"}}'
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--norestore", "--convert-to", first_page, "--outdir", str(folder),
                           *map(str, paths.values())], capture_output=True, text=True,
                          timeout=300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, path in paths.items():
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), done.stderr
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(ARTIFACTS / f"forside_{name}")], check=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        out[name] = (path, text, pages)
    return out


def test_forside_prints_the_figures_in_danish(printed):
    _, text, pages = printed["move"]
    text = " ".join(text.split())
    assert re.search(r"Pages:\s+1\b", pages)  # Forside is one A4 page
    assert "✓ Alle kontroller er i orden" in text
    for figure in ("9.387.500 kr.", "2.622.500 kr.", "2.275.000 kr.", "6.765.000 kr."):
        assert figure in text, figure  # total and kommune side by side, the payer table
    assert "Nettoresultat pr. år og betaler, 2025–2034 (prisniveau 2025)" in text
    assert "Kumuleret nettoresultat – tilbagebetalingsår: 2026" in text
    assert "Indsats: MOVE · Prisniveau 2025 · 2025–2034" in text
    assert (ARTIFACTS / "forside_move.png").stat().st_size > 10_000


def test_illustrative_values_are_said_in_plain_danish(printed):
    _, text, _ = printed["profile"]
    flat = " ".join(text.split())
    assert "Bemærk: beregningen bruger" in flat and "illustrativ" in flat
    assert "ikke offentliggjorte priser" in flat
    assert "tilbagebetalingsår: 2028" in flat


def _anchors(path: Path) -> list[tuple[int, int, int, int]]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/drawings/drawing1.xml").decode()
    out = []
    for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", xml, re.S):
        cols = [int(c) for c in re.findall(r"<xdr:col>(\d+)</xdr:col>", anchor)]
        rows = [int(r) for r in re.findall(r"<xdr:row>(\d+)</xdr:row>", anchor)]
        out.append((cols[0], rows[0], cols[1], rows[1]))
    return out


def test_the_two_charts_do_not_overlap(printed):
    for path, _, _ in printed.values():
        (a_c0, a_r0, a_c1, a_r1), (b_c0, b_r0, b_c1, b_r1) = _anchors(path)
        assert a_c1 < b_c0 or b_c1 < a_c0 or a_r1 < b_r0 or b_r1 < a_r0, _anchors(path)
    (left, _), (right, _) = chart_anchors()
    assert left == 0 and right == 4  # the gap column D between them


def test_sheets_print_landscape_and_year_tables_in_blocks(printed):
    import openpyxl

    wb = openpyxl.load_workbook(printed["move"][0])
    for name in L.EXPORT_SHEETS:
        setup = wb[name].page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, name
    for name in (L.FORUDSAETNINGER, L.KONSEKVENSER, L.BEREGNING):
        ws = wb[name]
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_cols == "$A:$A", name  # the labels repeat on every block of years
