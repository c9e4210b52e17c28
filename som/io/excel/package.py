"""The .xlsx package as the importer needs it: sheet names, their XML parts, shared strings,
which cell styles are dates, and the date epoch.

Only what the input sheets need is parsed (openpyxl's workbook loader would also size every
sheet, Beregning's thousands of formulas included, and build every defined name). The parts
were already checked by `safety.check_container` (size, no DTD); parsing goes through
openpyxl's defused XML parser and string-table reader.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class Sheet:
    title: str
    path: str
    package: Package

    def source(self):
        return self.package.archive.open(self.path)


class Package:
    def __init__(self, raw: bytes):
        from openpyxl.reader.strings import read_string_table
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
        from openpyxl.xml.functions import fromstring

        self.archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(self.archive.namelist())
        book = fromstring(self.archive.read("xl/workbook.xml"))
        rels = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for rel in fromstring(self.archive.read("xl/_rels/workbook.xml.rels")):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join("xl", target))
                rels[rel.get("Id")] = path
        pr = book.find(f"{NS}workbookPr")
        self.epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") \
            else CALENDAR_WINDOWS_1900
        self.sheets: dict[str, Sheet] = {}
        for sheet in book.iter(f"{NS}sheet"):
            path = rels.get(sheet.get(f"{REL_NS}id"))
            if path in names:
                self.sheets[sheet.get("name")] = Sheet(sheet.get("name"), path, self)
        self.names = {n.get("name"): n.text or "" for n in book.iter(f"{NS}definedName")
                      if n.get("localSheetId") is None}
        self.strings: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with self.archive.open("xl/sharedStrings.xml") as src:
                self.strings = list(read_string_table(src))
        self.dates = self._date_styles(names)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def __getitem__(self, name: str) -> Sheet:
        return self.sheets[name]

    def _date_styles(self, names: set[str]) -> set[int]:
        """Indices of the cell styles whose number format shows a date or time."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
        from openpyxl.xml.functions import fromstring

        if "xl/styles.xml" not in names:
            return set()
        styles = fromstring(self.archive.read("xl/styles.xml"))
        custom = {int(n.get("numFmtId")): n.get("formatCode", "")
                  for n in styles.iter(f"{NS}numFmt")}
        xfs = styles.find(f"{NS}cellXfs")
        out = set()
        for index, xf in enumerate(xfs if xfs is not None else []):
            fmt_id = int(xf.get("numFmtId", 0))
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if code and is_date_format(code):
                out.add(index)
        return out

    def close(self) -> None:
        self.archive.close()
