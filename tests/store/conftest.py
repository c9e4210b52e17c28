"""Fixtures for the calculation library: a fresh library file per test and the spec example."""

from __future__ import annotations

import pytest

import som
from som.store import Library


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "som.sqlite3"


@pytest.fixture
def lib(db_path):
    with Library(db_path) as library:
        yield library


@pytest.fixture
def move(spec_example_path) -> som.Calculation:
    return som.load_calculation(spec_example_path)
