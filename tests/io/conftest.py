"""LibreOffice headless recalculation for the Excel tests (TOOLING.md: the recalculation trap).

LibreOffice keeps a formula's cached value unless told otherwise, and XlsxWriter stores cached
values, so a plain conversion could "verify" the engine's own numbers. Each test session gets its
own LibreOffice profile whose registrymodifications.xcu sets OOXMLRecalcMode = 0 (always
recalculate), and many workbooks are converted in one soffice call.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_PROFILE = (Path(__file__).with_name("recalc_profile.xcu")).read_text(encoding="utf-8")
UNO_HELPER = Path(__file__).with_name("uno_edit.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno is for the system interpreter


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


@pytest.fixture(scope="session")
def libreoffice_edit(tmp_path_factory):
    """edit(jobs) -> results: workbooks edited in LibreOffice itself (tests/io/uno_edit.py, run
    by the system python3 with python3-uno), one soffice process for all jobs."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is not installed: run `make setup-dev`")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail("python3-uno is not installed for /usr/bin/python3: run `make setup-dev`")

    def edit(jobs: list[dict]) -> dict:
        folder = tmp_path_factory.mktemp("uno")
        jobs_path, results_path = folder / "jobs.json", folder / "results.json"
        jobs_path.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run([SYSTEM_PYTHON, str(UNO_HELPER), str(jobs_path), str(results_path)],
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(results_path.read_text(encoding="utf-8"))

    return edit
