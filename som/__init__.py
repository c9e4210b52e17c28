"""som — an open SØM-style socio-economic investment calculator.

    >>> import som
    >>> calc = som.load_calculation("examples/move.yaml")      # doctest: +SKIP
    >>> som.calculate(calc).totals["net"]                      # doctest: +SKIP
    9387500.0
"""

__version__ = "0.1.0"

from som.api import (  # noqa: E402
    calculate,
    check,
    load_calculation,
    load_knowledge_base,
)
from som.compare import compare  # noqa: E402
from som.errors import InputError, Problem  # noqa: E402
from som.schema import Calculation  # noqa: E402
from som.uncertainty.analysis import (  # noqa: E402
    Simulation,
    analyse_uncertainty,
    simulate,
    switching_values,
    tornado,
)

__all__ = [
    "Calculation",
    "InputError",
    "Problem",
    "Simulation",
    "__version__",
    "analyse_uncertainty",
    "calculate",
    "check",
    "compare",
    "load_calculation",
    "load_knowledge_base",
    "simulate",
    "switching_values",
    "tornado",
]
