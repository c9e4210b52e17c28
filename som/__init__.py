"""som — an open SØM-style socio-economic investment calculator.

    >>> import som
    >>> calc = som.load_calculation("examples/move.yaml")      # doctest: +SKIP
    >>> som.calculate(calc).totals["net"]                      # doctest: +SKIP
    9387500.0
"""

__version__ = "0.2.0"

# The public API is imported on first use (PEP 562), so `som --version` and the command line
# start without pydantic, pandas or the uncertainty machinery until a command needs them.
_API = {
    "calculate": "som.api",
    "check": "som.api",
    "load_calculation": "som.api",
    "load_knowledge_base": "som.api",
    "InputError": "som.errors",
    "Problem": "som.errors",
    "Calculation": "som.schema",
    "Simulation": "som.uncertainty.analysis",
    "analyse_uncertainty": "som.uncertainty.analysis",
    "simulate": "som.uncertainty.analysis",
    "switching_values": "som.uncertainty.analysis",
    "tornado": "som.uncertainty.analysis",
}


# Eager, and light by design: the function `compare` must win over the submodule `som.compare`,
# which the import system would otherwise bind to the same name when it is first imported.
from som.compare import compare  # noqa: E402


def __getattr__(name: str):
    import importlib

    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    try:  # submodules used as attributes, e.g. som.api after `import som`
        return importlib.import_module(f"som.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'som' has no attribute {name!r}") from None


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
