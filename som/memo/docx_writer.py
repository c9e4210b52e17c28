"""Lay the memo's blocks out as a Word document with python-docx (editable by the economist).

A4, 2 cm margins, Calibri (LibreOffice renders it with the metric-compatible Carlito, so the PDF
breaks pages where Word does), the reproducibility stamp in every page's footer.
"""

from __future__ import annotations

import io
import re

from som.memo.blocks import Block, Heading, Image, PageBreak, Para, Table

FONT = "Calibri"
ACCENT = (0x1F, 0x5F, 0x8B)
HEADER_FILL = "DCE8F2"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_NEGATIVE = re.compile(r"(?<![\w.,])-(?=\d)")
MINUS = "\u2212"


def xml_safe(text: str) -> str:
    """Characters XML cannot hold become U+FFFD (visible), never dropped silently; a negative
    number's hyphen becomes the minus sign U+2212, which a line never breaks after (UAX #14),
    so '-12.621.608 kr.' cannot be split into '-' and '12.621.608 kr.' at a line end."""
    return _NEGATIVE.sub(MINUS, _NOT_XML.sub("\ufffd", text))


def _font(style, size: float | None = None, bold: bool | None = None, colour=None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = RGBColor(*colour)


def _setup(doc) -> None:
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = doc.styles["Normal"]
    _font(normal, 10)
    normal.paragraph_format.space_after = Pt(4)
    _font(doc.styles["Title"], 20, True, ACCENT)
    _font(doc.styles["Heading 1"], 13, True, ACCENT)
    _font(doc.styles["Heading 2"], 11, True, ACCENT)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.space_before = Pt(8 if name != "Title" else 0)
        doc.styles[name].paragraph_format.space_after = Pt(4)


def _shade(cell, fill: str) -> None:
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    shading = props.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                              qn("w:fill"): fill})
    props.append(shading)


def _table(doc, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    has_header = any(block.header)
    table = doc.add_table(rows=0, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    rows = ([block.header] if has_header else []) + block.rows
    for c, width in enumerate(block.widths_cm):  # the grid is what LibreOffice lays out
        table.columns[c].width = Cm(width)
    if block.widths_cm:  # and a fixed table width, else it spreads the columns evenly
        from docx.oxml.ns import qn

        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(Cm(sum(block.widths_cm)).twips)))
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, value in enumerate(values):
            cell = cells[c]
            if block.widths_cm:
                cell.width = Cm(block.widths_cm[c])
            par = cell.paragraphs[0]
            par.paragraph_format.space_after = Pt(0)
            run = par.add_run(xml_safe(value))
            run.font.size = Pt(9)
            if c in block.numeric:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if has_header and r == 0:
                run.bold = True
                _shade(cell, HEADER_FILL)
            elif not has_header and c == 0:
                run.bold = True
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _block(doc, block: Block) -> None:
    from docx.shared import Cm, Pt, RGBColor

    if isinstance(block, Heading):
        doc.add_heading(xml_safe(block.text), block.level)
    elif isinstance(block, Para):
        run = doc.add_paragraph().add_run(xml_safe(block.text))
        run.italic = block.italic
        if block.small:
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Image):
        doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        doc.paragraphs[-1].paragraph_format.space_after = Pt(0)
        if block.caption:
            cap = doc.add_paragraph().add_run(xml_safe(block.caption))
            cap.italic, cap.font.size = True, Pt(8)
    elif isinstance(block, PageBreak):
        doc.add_page_break()


def write_docx(blocks: list[Block], target, title: str, footer: str, author: str = "") -> None:
    """Write `blocks` to `target` (a path or a binary file object)."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _setup(doc)
    props = doc.core_properties
    props.title, props.author = xml_safe(title)[:255], xml_safe(author or "som")[:255]
    props.comments = xml_safe(footer)[:255]
    foot = doc.sections[0].footer.paragraphs[0]
    run = foot.add_run(xml_safe(footer))
    run.font.size = Pt(7.5)
    for block in blocks:
        _block(doc, block)
    doc.save(target)
