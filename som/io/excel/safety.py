"""Refuse workbooks that are not plain .xlsx files before any XML parser sees them.

Checked on the raw bytes: size, the zip container (an encrypted workbook or an old .xls is an
OLE2 file, not a zip), how much it unpacks to (zip bombs), and every XML part for a DTD or entity
declaration (billion laughs, external entities). openpyxl parses with defusedxml when it is
installed, which refuses the same; checking here as well gives a clear Danish message and does
not depend on that.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from som.errors import InputError, Problem
from som.io.textload import LoadError, read_capped

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2_000
MAX_RATIO = 200  # unpacked / packed for one larger part
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


# What zipfile raises for a damaged archive or member (a corrupt deflate stream is zlib.error,
# an unknown compression or version NotImplementedError).
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError)


def _fail(message: str, source: str) -> InputError:
    return InputError([Problem("", message)], source)


def read_source(source: str | Path | bytes | BinaryIO) -> tuple[bytes, str]:
    """The workbook's bytes (at most MAX_FILE_BYTES + 1 are read) and a name for messages."""
    if isinstance(source, bytes | bytearray):
        return bytes(source[: MAX_FILE_BYTES + 1]), "regnearket"
    if isinstance(source, str | Path):
        path = Path(source)
        try:  # bounded whatever the path is (a FIFO, a device, a folder): som.io.textload
            return read_capped(path, MAX_FILE_BYTES, refuse=False), str(path)
        except LoadError as exc:
            raise _fail(exc.message, str(path)) from None
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "regnearket"))
        data = source.read(MAX_FILE_BYTES + 1)
        if not isinstance(data, bytes | bytearray):
            raise _fail("regnearket skal åbnes binært (bytes), ikke som tekst", name)
        return bytes(data), name
    raise _fail(f"kan ikke læse et regneark fra {type(source).__name__}", "regnearket")


def check_container(raw: bytes, name: str) -> None:
    """Raise InputError unless `raw` is a plain, unencrypted, reasonably sized .xlsx package."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(f"filen er for stor (over {MAX_FILE_BYTES // (1024 * 1024)} MB); en "
                    "SØM-beregning fylder langt mindre", name)
    if not raw:
        raise _fail("filen er tom", name)
    if raw.startswith(OLE2_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise _fail("regnearket er krypteret (beskyttet med adgangskode); gem det uden "
                        "adgangskode og prøv igen", name)
        raise _fail("filen er i det gamle .xls-format; gem den som Excel-arbejdsbog (.xlsx)", name)
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _fail("filen er ikke en Excel-arbejdsbog (.xlsx)", name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except _DAMAGED:
        raise _fail("filen er en ødelagt Excel-arbejdsbog (zip-strukturen kan ikke læses)",
                    name) from None
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        raise _fail("binære arbejdsbøger (.xlsb) understøttes ikke; gem som .xlsx", name)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _fail("filen er en zip-fil, men ikke en Excel-arbejdsbog (.xlsx)", name)
    if len(infos) > MAX_PARTS:
        raise _fail(f"arbejdsbogen har for mange dele ({len(infos)})", name)
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise _fail("arbejdsbogen pakker ud til for meget data (mulig zip-bombe) og afvises", name)
    for info in infos:
        if info.file_size > MAX_PART_BYTES or (
                info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise _fail(f"delen {info.filename} pakker ud til for meget data (mulig zip-bombe) og "
                        "afvises", name)
        try:  # every part is unpacked once: a corrupt one is refused here, not deep in a parser
            text = archive.read(info)
        except _DAMAGED as exc:
            raise _fail(f"delen {info.filename} er beskadiget og kan ikke pakkes ud "
                        f"({type(exc).__name__})", name) from None
        if info.filename.endswith((".xml", ".rels", ".vml")):
            if text.startswith((b"\xff\xfe", b"\xfe\xff")):
                text = text.decode("utf-16", errors="replace").encode("utf-8")
            if _DTD.search(text):
                raise _fail(f"delen {info.filename} indeholder en DTD eller entitetserklæring "
                            "(mulig XML-angreb) og afvises", name)
