"""Every doctest example in the library is true: the examples in docstrings are part of the
documentation a developer reads, so each module of `som` is run through doctest here (one
place, so a new module's examples cannot be forgotten)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

SOM = Path(__file__).resolve().parents[1] / "som"
# From the files, not pkgutil: som.io and som.core are namespace packages, which it skips.
MODULES = sorted(".".join(("som", *p.relative_to(SOM).with_suffix("").parts)).removesuffix(
    ".__init__") for p in SOM.rglob("*.py"))


def test_the_walk_finds_the_library():
    assert {"som", "som.errors", "som.io.textload", "som.io.excel.import_effect", "som.core.engine",
            "som.views.results"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, name
