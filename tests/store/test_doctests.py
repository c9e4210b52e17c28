"""The doctest examples in the library's modules are true."""

import doctest

import pytest

import som.parallel
import som.store.diff
import som.store.text


@pytest.mark.parametrize("module", [som.parallel, som.store.diff, som.store.text])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
