"""The notebooks run top to bottom in a real kernel (so they never rot).

Each notebook checks itself with asserts against independent figures (the spec example's net,
som's own break-even success rate); an exception in any cell fails the test. The kernel is
'python3' and must be this virtual environment's Python, which a probe cell verifies.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
pytestmark = pytest.mark.slow


def _execute(name: str):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=60,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    assert nb.cells[0].outputs[0]["text"].strip() == sys.prefix  # the .venv's own Python
    return nb


def _figures(nb) -> int:
    """How many plotly figures the notebook displayed."""
    return sum("application/vnd.plotly.v1+json" in out.get("data", {}) for cell in nb.cells
               if cell.cell_type == "code" for out in cell.get("outputs", []))


def _text(nb) -> str:
    return "\n".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.get("outputs", []))


def test_every_notebook_is_tested():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == [
        "01_batch_recalculation.ipynb", "02_sensitivity.ipynb", "03_knowledge_base.ipynb"]


def test_batch_recalculation_notebook():
    nb = _execute("01_batch_recalculation.ipynb")
    assert "12 beregninger genberegnet: 0 ændret, 12 uændret, 0 med fejl." in _text(nb)
    assert _figures(nb) == 1


def test_sensitivity_notebook():
    nb = _execute("02_sensitivity.ipynb")
    assert "Nulpunkterne stemmer" in _text(nb)
    assert _figures(nb) == 2


@pytest.mark.skipif(importlib.util.find_spec("som.kb") is None,
                    reason="som.kb (the knowledge base, branch kb) is not merged yet")
def test_knowledge_base_notebook():
    nb = _execute("03_knowledge_base.ipynb")
    assert "Vidensbase" in _text(nb)
    assert _figures(nb) == 1
