"""Test session set-up: numpy raises on silent NaN/inf instead of carrying them on."""

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC_EXAMPLE = ROOT.parent / "shared" / "spec" / "examples" / "move.yaml"
if not SPEC_EXAMPLE.exists():  # a clone without shared/ beside it: use the bundled copy
    SPEC_EXAMPLE = ROOT / "examples" / "move.yaml"


@pytest.fixture(autouse=True)
def _numpy_raises():
    old = np.seterr(all="raise", under="ignore")  # underflow to 0 is harmless
    yield
    np.seterr(**old)


@pytest.fixture
def spec_example_path() -> Path:
    return SPEC_EXAMPLE


@pytest.fixture(autouse=True)
def _library_in_tmp(tmp_path, monkeypatch):
    """Anything that opens the calculation library (som.store, the app's Gemte page) writes to
    a fresh file under tmp_path, never to var/ in the repository."""
    monkeypatch.setenv("SOM_DB", str(tmp_path / "som.sqlite3"))
