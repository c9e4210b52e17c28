"""LibreOffice headless recalculation for the Excel tests (TOOLING.md: the recalculation trap).

LibreOffice keeps a formula's cached value unless told otherwise, and XlsxWriter stores cached
values, so a plain conversion could "verify" the engine's own numbers. Each test session gets its
own LibreOffice profile whose registrymodifications.xcu sets OOXMLRecalcMode = 0 (always
recalculate), and many workbooks are converted in one soffice call.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="session")
def libreoffice_recalc(tmp_path_factory):
    """recalc(paths) -> recalculated copies (same names, another folder), in one soffice call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: run `make setup-dev`")
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")

    def recalc(paths: list[Path]) -> list[Path]:
        outdir = tmp_path_factory.mktemp("lo-out")
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir),
               *map(str, paths)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        out = [outdir / Path(p).name for p in paths]
        missing = [p for p in out if not p.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {done.stdout} {done.stderr}"
        return out

    return recalc
