"""Workbooks as spreadsheets save them: read by content, not by fixed addresses (issue 12 §4),
and hostile containers answered with a Danish message (issue 15).

Oracle: the calculation that was exported. Edits that LibreOffice makes through a person's own
actions (row insertions and deletions that shift formulas) are in test_excel_edits.py.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fakekb import fake_kb, kb_calculation
from sheet_helpers import edit_bytes

import som
from som.cli import main
from som.io.excel import layout as L
from som.io.excel import reader as excel_reader
from som.io.excel.export import export_workbook
from som.io.excel.importer import load_workbook_calculation

MOVE = Path(__file__).resolve().parents[2] / "examples" / "move.yaml"


@pytest.fixture(scope="module")
def move() -> tuple[som.Calculation, bytes]:
    calc = som.load_calculation(MOVE)
    buffer = io.BytesIO()
    export_workbook(som.calculate(calc, kb=None), buffer)
    return calc, buffer.getvalue()


def _rezip(raw: bytes, edit) -> bytes:
    """Rewrite each part through edit(name, data) -> data."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, edit(info.filename, src.read(info)))
    return out.getvalue()


def _sheet_part(raw: bytes, title: str) -> str:
    names = openpyxl.load_workbook(io.BytesIO(raw), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def test_empty_row_at_the_bottom_of_every_sheet_is_ignored(move):
    """What LibreOffice writes after a row is deleted: an empty <row r="1048576">."""
    calc, raw = move

    def edit(name, data):
        if name.startswith("xl/worksheets/sheet"):
            return data.replace(b"</sheetData>",
                                b'<row r="1048576" spans="1:1" ht="12.8" customHeight="1">'
                                b'<c r="A1048576" s="0"/></row></sheetData>')
        return data

    assert load_workbook_calculation(_rezip(raw, edit)) == calc


_edit = edit_bytes


def test_rows_inserted_above_headers_and_inside_the_field_block(move):
    """openpyxl shifts no formulas, so this only shows the importer reads by content."""
    calc, raw = move

    def mutate(wb):
        wb[L.FORUDSAETNINGER].insert_rows(12, 2)  # inside the key/value block
        wb[L.FORUDSAETNINGER].insert_rows(3, 1)  # above the header
        for name in (L.KONSEKVENSER, L.PRISER, L.ANTAGELSER):
            wb[name].insert_rows(2, 3)

    assert load_workbook_calculation(_edit(raw, mutate)) == calc


def test_a_deleted_field_row_is_named(move):
    _, raw = move
    row = L.FIELD_ROW["intervention.completion_rate"] + 1
    broken = _edit(raw, lambda wb: wb[L.FORUDSAETNINGER].delete_rows(row, 1))
    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(broken)
    assert any("Gennemførelsesrate" in p.message and "mangler" in p.message
               for p in info.value.problems)


def test_knowledge_base_workbook_with_the_control_sheet_unhidden(tmp_path):
    calc = kb_calculation()
    buffer = io.BytesIO()
    export_workbook(som.calculate(calc, kb=fake_kb()), buffer, kb=fake_kb())

    def unhide(wb):
        wb[L.HIDDEN].sheet_state = "visible"

    assert load_workbook_calculation(_edit(buffer.getvalue(), unhide)) == calc


def _corrupt_member(raw: bytes, member: str) -> bytes:
    """Replace one member's deflate stream by bytes that are not deflate (zlib.error)."""
    out = bytearray(raw)
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_len, extra_len = struct.unpack("<HH", out[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    out[start:start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(out)


def _members(raw: bytes) -> list[str]:
    return [i.filename for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()
            if i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size > 2]


def test_a_corrupt_deflate_stream_in_any_member_is_a_danish_error(move, tmp_path, capsys):
    _, raw = move
    members = _members(raw)
    assert len(members) >= 10
    for member in members:
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(_corrupt_member(raw, member))
        assert main(["run", str(bad), "--no-kb"]) == 1, member
        err = capsys.readouterr().err
        assert "beskadiget" in err and member in err, (member, err)
        assert "Intern fejl" not in err and "Traceback" not in err


def test_ten_thousand_junk_rows_are_refused_with_the_limit(move):
    _, raw = move

    def junk(name, data):
        if name != _sheet_part(raw, L.ANTAGELSER):
            return data
        rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c>'
                       f'<c r="B{r}"><v>{r}</v></c></row>' for r in range(100, 10_100))
        return re.sub(rb"</sheetData>", rows.encode() + b"</sheetData>", data)

    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(_rezip(raw, junk))
    problems = info.value.problems
    assert any(p.where == L.ANTAGELSER and "for mange udfyldte rækker" in p.message
               for p in problems), problems[:3]
    assert len(problems) <= 101  # capped, with a count of the rest


def test_a_formula_in_an_input_cell_counts_with_its_saved_value(move):
    """A spreadsheet saves the value it computed; the workbook calculates with that value, so
    the importer does too. Without a saved value (a script wrote it) it is an error."""
    calc, raw = move
    part = _sheet_part(raw, L.FORUDSAETNINGER)
    cell = L.a1(L.FIELD_ROW["intervention.success_rate"], L.FIELD_VALUE_COL)

    def formula(name, data):
        if name != part:
            return data
        pattern = rb'<c r="' + cell.encode() + rb'"( s="\d+")?><v>0.25</v></c>'
        new, n = re.subn(pattern, rb'<c r="' + cell.encode() + rb'"\1><f>1/4</f><v>0.25</v></c>',
                         data)
        assert n == 1
        return new

    assert load_workbook_calculation(_rezip(raw, formula)) == calc
def test_a_value_below_the_end_of_a_table_is_an_error(move):
    _, raw = move

    def mutate(wb):
        ws = wb[L.PRISER]
        end = next(c.row for c in ws["A"] if c.value == L.END_MARKER)
        ws.cell(end + 2, 1, "glemt_pris")

    with pytest.raises(som.InputError) as info:
        load_workbook_calculation(_edit(raw, mutate))
    assert any(p.where.startswith(f"{L.PRISER}!A") and "slutning" in p.message
               for p in info.value.problems)


def test_the_row_limit_is_the_documented_one():
    assert excel_reader.MAX_ROWS == 2_000
    assert "2.000" in (Path(__file__).resolve().parents[2] / "docs" / "excel.md").read_text()


