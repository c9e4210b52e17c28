import apphelp
import pytest


@pytest.fixture
def example():
    return apphelp.example_data()
