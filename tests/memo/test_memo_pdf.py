"""The memo as PDF (issue 14): LibreOffice headless renders the DOCX; poppler reads it back.

One conversion for the whole module (LibreOffice starts in ≈ 3 s). Page 1 is rendered to PNG and
kept as a test artefact (var/test-artefacts/notat_side1.png, or $SOM_TEST_ARTEFACTS) to look at.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from memohelp import ROOT, figures_in, parse_danish

import som
from som.cli import main
from som.uncertainty.analysis import analyse_result

pytestmark = pytest.mark.slow
EXAMPLE = ROOT / "examples" / "move_usikkerhed.yaml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (poppler-utils) is not installed: run `make setup-dev`")
    return path


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("notat") / "notat.pdf"
    assert main(["notat", str(EXAMPLE), "--out", str(out), "--seed", "1"]) == 0
    return out


def page_text(pdf: Path, page: int) -> str:
    done = subprocess.run([_tool("pdftotext"), "-layout", "-f", str(page), "-l", str(page),
                           str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_page_one_has_the_answer_key_figures_and_chart(pdf):
    result = som.api.calculate_file(EXAMPLE)
    analysis = analyse_result(result, seed=1)
    text = page_text(pdf, 1)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    question = next(n for n, line in enumerate(lines) if line.startswith("Betaler MOVE sig"))
    assert lines[question + 1].startswith("Ja – indsatsen betaler sig for kommunen")
    assert round(result.by_payer["kommune"]["net"]) in figures_in(lines[question + 1])

    def row(label: str) -> str:
        found = [line for line in lines if line.startswith(label)]
        assert len(found) == 1, (label, lines)
        return found[0][len(label):].strip()

    assert parse_danish(row("Nettoresultat, offentlig sektor i alt (2025–2034)")) == \
        round(result.totals["net"])
    assert parse_danish(row("Nettoresultat, kommunen (2025–2034)")) == \
        round(result.by_payer["kommune"]["net"])
    assert row("Tilbagebetalingsår, kommunen") == str(result.by_payer["kommune"]["break_even_year"])
    assert parse_danish(row("Sandsynlighed for positivt nettoresultat (offentlig sektor)")) == \
        round(analysis["uncertainty"]["p_net_positive"] * 100, 1)
    assert "Årligt nettoresultat pr. betaler" in text
    assert "Forudsætninger (SØM's tjekliste)" not in text  # page 1 fits on page 1
    images = subprocess.run([_tool("pdfimages"), "-list", "-f", "1", "-l", "1", str(pdf)],
                            capture_output=True, text=True, check=True).stdout
    kinds = [line.split()[2] for line in images.strip().splitlines()[2:]]
    assert kinds.count("image") == 1  # the chart (its alpha channel is an 'smask')


def test_later_pages_and_the_stamp(pdf):
    result = som.api.calculate_file(EXAMPLE)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    rest = "\n".join(page_text(pdf, n) for n in range(2, pages + 1))
    for heading in ("Forudsætninger (SØM's tjekliste)", "Evidens", "Illustrative værdier",
                    "Følsomhed", "Kilder", "Reproducerbarhed"):
        assert heading in rest
    flat = "".join(rest.split())  # the hash may wrap inside its table cell
    assert result.provenance["input_hash"] in flat
    assert result.provenance["kb_fingerprint"] in flat


def test_page_one_rendered_to_png_is_kept(pdf):
    folder = Path(os.environ.get("SOM_TEST_ARTEFACTS", ROOT / "var" / "test-artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(folder / "notat_side1")], check=True)
    png = folder / "notat_side1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
