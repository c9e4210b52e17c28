"""Effect size -> success rate (issue 14, docs/effect.md).

- `convert`: the conversions themselves, pure functions on floats/arrays (scipy imported lazily).
- `resolve`: a calculation's `intervention.effect` block -> its two success rates, the
  uncertainty range from the effect's interval, and the provenance entry.

Kept free of imports so `som.schema` and `som run` stay light.
"""
