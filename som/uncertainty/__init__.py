"""Uncertainty and decision support: Monte Carlo, tornado, switching values (docs/uncertainty.md).

- `schema`: the file's `uncertainty:` block (pydantic).
- `spec`: the block resolved against the rest of the file into random sources.
- `analysis`: simulate / tornado / switching values on a Calculation (the arithmetic itself is
  pure numpy in `som.core.uncertainty`).
- `report`: the Danish text section of `som run`.

Kept free of imports so `som.schema` can import `som.uncertainty.schema` without a cycle.
"""
