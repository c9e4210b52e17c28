"""Malformed workbooks, generated here: each is refused with Danish messages naming sheet!cell
(or the file), never a traceback and never a partial import."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sheet_helpers import edit_bytes

import som
from som.io.excel import layout as L
from som.io.excel import safety as excel_safety
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation

MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"
F, K, P, A = "Forudsætninger", "Konsekvenser", "Priser", "Antagelser"


@pytest.fixture(scope="module")
def exported() -> bytes:
    buffer = io.BytesIO()
    export_workbook(som.calculate(som.load_calculation(MOVE), kb=None), buffer)
    return buffer.getvalue()


_edit = edit_bytes


def _set(sheet: str, **cells):
    def mutate(wb):
        for cell, value in cells.items():
            wb[sheet][cell] = value
    return mutate


def _rezip(raw: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
           drop: tuple[str, ...] = ()) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _sheet_part(raw: bytes, title: str) -> str:
    """The zip part of the worksheet called `title` (XlsxWriter numbers them in order)."""
    names = openpyxl.load_workbook(io.BytesIO(raw), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def _errors(source) -> list[str]:
    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(source)
    text = info.value.render()
    assert "Traceback" not in text
    return [str(p) for p in info.value.problems]


def _assert_one(source, where: str, fragment: str) -> None:
    problems = _errors(source)
    assert any(p.startswith(f"{where}: ") and fragment in p for p in problems), problems


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                  b'count="1" uniqueCount="1"><si><t>&lol2;</t></si></sst>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;'
       b'</t></si></sst>')


PART = L.FIELD_ROW[L.FIELDS[-1].key] + 5  # 1-based row of 'Startende deltagere'
LINE = PART + 4  # 1-based row of the first cost line (Opstart), then Behandlere, Gavekort


def _y(k: int) -> str:
    """Column of year index k on Forudsætninger."""
    return L.col_name(L.YEAR_COL0 + k)


def _index_row(wb, n: int) -> int:
    """1-based row of the n-th price-index year (0 = the first)."""
    ws = wb[F]
    return next(c.row for c in ws["A"] if c.value == L.INDEX_MARKER) + 2 + n


def _clear_marker(wb, marker: str) -> None:
    ws = wb[F]
    next(c for c in ws["A"] if c.value == marker).value = None


# (id, mutate(wb) on the exported spec example, where, what the message says)
CELL_CASES = [
    ("text_in_number", _set(F, B10="2025x"), f"{F}!B10", "forventede et tal"),
    ("number_stored_as_text", _set(F, **{f"{_y(0)}{LINE}": "250.000"}), f"{F}!{_y(0)}{LINE}",
     "formateret som tekst"),
    ("unknown_payer", _set(F, **{f"C{LINE}": "komune"}), f"{F}!C{LINE}", "ukendt betaler 'komune'"),
    ("unknown_cost_type", _set(F, **{f"B{LINE}": "månedlig"}), f"{F}!B{LINE}", "ukendt type"),
    ("formula_for_value", _set(F, **{f"{_y(0)}{PART}": "=40+10"}), f"{F}!{_y(0)}{PART}", "formel"),
    ("formula_for_price", _set(P, F5="=1200"), f"{P}!F5", "formel"),
    ("date_in_number", _set(F, **{f"{_y(1)}{PART}": datetime(2025, 1, 1)}), f"{F}!{_y(1)}{PART}",
     "dato"),
    ("boolean_in_number", _set(P, H5=True), f"{P}!H5", "sandhedsværdien"),
    ("rate_above_one", _set(F, B26=1.5), f"{F}!B26", "højst være 1"),
    ("shares_not_one", _set(F, **{f"C{LINE + 1}": "fordelt", f"D{LINE + 1}": 0.5,
                                  f"F{LINE + 1}": 0.4}), f"{F}!C{LINE + 1}", "summere til 1"),
    ("shares_without_fordelt", _set(F, **{f"D{LINE + 1}": 0.5}), f"{F}!D{LINE + 1}",
     "kun, når Betaler er 'fordelt'"),
    ("gap_in_years", _set(F, **{f"{_y(1)}{PART}": None}), f"{F}!{_y(1)}{PART}",
     "tom celle midt i rækken"),
    ("beyond_horizon", _set(F, B11=2), f"{F}!{_y(2)}{PART}", "uden for tidshorisonten på 2 år"),
    ("value_without_year_header", _set(F, **{f"{_y(10)}{LINE}": 5}), f"{F}!{_y(10)}{LINE}",
     "uden overskrift"),
    ("moved_column", _set(F, **{f"B{LINE - 1}": "Betaler", f"C{LINE - 1}": "Type"}),
     f"{F}!B{LINE - 1}", "forventede overskriften 'Type'"),
    ("blank_header", _set(P, D4=None), f"{P}!D4", "overskriften mangler"),
    ("renamed_header", _set(K, A4="Konsekvens"), f"{K}!A4", "forventede overskriften 'Id'"),
    ("field_row_moved", _set(F, A10="Tidshorisont (år)"), f"{F}!A10", "forventede feltet 'Startår'"),
    ("missing_section", lambda wb: _clear_marker(wb, "Sparede udgifter"), f"{F}!A{PART - 2}",
     "afsnittet 'Sparede udgifter' mangler"),
    ("duplicate_price_id", _set(P, A6="kontanthjaelp_uge"), f"{P}!A6", "står to gange"),
    ("per_participant_with_years", _set(F, **{f"{_y(0)}{LINE + 2}": 5}), f"{F}!{_y(0)}{LINE + 2}",
     "ikke beløb under årene"),
    ("operating_with_amount", _set(F, **{f"H{LINE + 1}": 5}), f"{F}!H{LINE + 1}",
     "kun af typen 'pr. deltager'"),
    ("missing_title", _set(F, B5=None), f"{F}!B5", "mangler"),
    ("unknown_kind", _set(P, D5="udgifter"), f"{P}!D5", "ukendt art"),
    ("consequence_without_years", _set(K, E5=None, F5=None, G5=None, H5=None, I5=None),
     f"{K}!E5", "mindst ét år"),
    ("assumption_without_text", _set(A, C5="kilde alene"), f"{A}!B5", "mangler tekst"),
    ("baseline_above_intervention", _set(F, B26=None, B27=0.1, B28=0.3), f"{F}!B28",
     "større end"),
    ("index_duplicate_year", lambda wb: wb[F].cell(_index_row(wb, 1), 1, 2023),
     f"{F}!A{PART + 24}", "står to gange"),
    ("price_year_not_in_index", _set(P, E5=2019), f"{P}!E5", "findes ikke i prisindekset"),
    ("bad_choice_in_field", _set(F, B14="straks"), f"{F}!B14", "ukendt værdi"),
]


@pytest.mark.parametrize("mutate, where, fragment", [c[1:] for c in CELL_CASES],
                         ids=[c[0] for c in CELL_CASES])
def test_bad_cell_is_named(exported, mutate, where, fragment):
    _assert_one(_edit(exported, mutate), where, fragment)


def test_merged_header_is_refused(exported):
    raw = _edit(exported, lambda wb: wb[P].merge_cells("A4:B4"))
    problems = _errors(raw)
    assert any(p.startswith(f"{P}!A4:B4: flettede celler") for p in problems), problems


@pytest.mark.parametrize("title", [P, F, A])
def test_missing_sheet(exported, title):
    raw = _edit(exported, lambda wb: wb.remove(wb[title]))
    _assert_one(raw, title, f"arket '{title}' mangler")


def test_renamed_sheet(exported):
    def rename(wb):
        wb[F].title = "Forudsaetninger"
    _assert_one(_edit(exported, rename), F, "arket 'Forudsætninger' mangler")


def test_every_problem_is_listed_at_once(exported):
    raw = _edit(exported, _set(F, **{"B10": "x", f"C{LINE}": "komune", f"{_y(0)}{PART}": "=1"}))
    problems = _errors(raw)
    assert {p.split(":")[0] for p in problems} >= {f"{F}!B10", f"{F}!C{LINE}",
                                                   f"{F}!{_y(0)}{PART}"}


@pytest.mark.parametrize("raw, fragment", [
    (b"", "tom"),
    (b"Titel;Deltagere\nMOVE;50\n", "ikke en Excel-arbejdsbog"),
    (excel_safety.OLE2_MAGIC + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le"), "krypteret"),
    (excel_safety.OLE2_MAGIC + b"\0" * 600, ".xls-format"),
])
def test_not_a_workbook(raw, fragment):
    problems = _errors(raw)
    assert len(problems) == 1 and fragment in problems[0], problems


def test_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hej")
    assert "ikke en Excel-arbejdsbog" in _errors(out.getvalue())[0]


def test_binary_workbook_is_refused(exported):
    raw = _rezip(exported, add={"xl/workbook.bin": b"\0"})
    assert ".xlsb" in _errors(raw)[0]


def test_too_large_file(exported, monkeypatch):
    monkeypatch.setattr(excel_safety, "MAX_FILE_BYTES", len(exported) - 1)
    assert "for stor" in _errors(exported)[0]


def test_zip_bomb_part(exported):
    raw = _rezip(exported, add={"xl/media/bomb.bin": b"\0" * (3 * 1024 * 1024)})
    assert "zip-bombe" in _errors(raw)[0]


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "xxe"])
def test_xml_attacks_are_refused(exported, payload):
    raw = _rezip(exported, replace={"xl/sharedStrings.xml": payload})
    assert "DTD" in _errors(raw)[0]


def test_openpyxl_itself_parses_with_defusedxml(exported):
    """Independent of our own scan: the parser openpyxl uses refuses the same attack."""
    from defusedxml import DefusedXmlException

    assert openpyxl.xml.DEFUSEDXML is True
    raw = _rezip(exported, replace={"xl/sharedStrings.xml": BILLION_LAUGHS})
    with pytest.raises(ValueError) as info:  # openpyxl wraps the parser's exception
        openpyxl.load_workbook(io.BytesIO(raw))
    chain, exc = [], info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, DefusedXmlException) for e in chain), chain


def test_broken_sheet_xml_is_a_clear_error(exported):
    raw = _rezip(exported, replace={_sheet_part(exported, F): b"<worksheet><sheetData><row>"})
    problems = _errors(raw)
    assert len(problems) == 1 and "kan ikke læses" in problems[0]


def test_cli_reports_without_traceback(exported, tmp_path, capsys):
    from som.cli import main

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_edit(exported, _set(F, **{f"C{LINE}": "komune"})))
    assert main(["run", str(bad), "--no-kb"]) == 1
    err = capsys.readouterr().err
    assert f"Forudsætninger!C{LINE}" in err and "Traceback" not in err
    out = tmp_path / "out.yaml"
    assert main(["import", str(bad), str(out)]) == 1
    assert not out.exists()  # never a partial import
