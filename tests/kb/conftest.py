"""Fixtures for the knowledge-base tests: the bundled base and small KB folders in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbhelpers import write_kb

from som.kb import load_kb


@pytest.fixture(scope="session")
def kb():
    """The bundled knowledge base (validated once per session)."""
    return load_kb()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "kb")
