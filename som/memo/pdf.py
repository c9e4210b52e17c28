"""DOCX -> PDF with LibreOffice headless (Debian `libreoffice-writer-nogui`).

Why LibreOffice: it renders the very DOCX the economist can edit (one layout, not two), it is
already a test dependency for the workbooks, and it is a packaged, maintained Debian program. The
pure-Python alternatives either draw a second layout from scratch (reportlab, fpdf2) or need
Word (docx2pdf). Each conversion gets a private, throwaway profile so parallel conversions (test
workers, several app users) never share LibreOffice's lock.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from som.errors import InputError, Problem

TIMEOUT_S = 180
MISSING = ("PDF kræver LibreOffice (programmet soffice), som ikke er installeret her; gem notatet "
           "som .docx, eller installér det med `make setup-dev`")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice makes of `docx` (InputError with a Danish message if it cannot)."""
    program = soffice()
    if program is None:
        raise InputError([Problem("--out", MISSING)])
    with tempfile.TemporaryDirectory(prefix="som-notat-") as tmp:
        folder = Path(tmp)
        source = folder / "notat.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir",
               str(folder / "out"), str(source)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise InputError([Problem("--out", f"LibreOffice lavede ikke PDF'en inden for "
                                               f"{TIMEOUT_S} sekunder")]) from None
        pdf = folder / "out" / "notat.pdf"
        if not pdf.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["intet svar"]
            raise InputError([Problem("--out", f"LibreOffice kunne ikke lave PDF'en ({detail[0]})")])
        return pdf.read_bytes()
