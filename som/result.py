"""The result of one calculation: spec §3 figures, tidy tables and provenance."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from som.build import Built
from som.core.engine import PAYERS, CoreOutput
from som.schema import Calculation

if TYPE_CHECKING:  # pandas is imported lazily: the CLI starts faster without it
    import pandas as pd


def input_hash(calc: Calculation) -> str:
    """SHA-256 over the canonical JSON of the validated calculation."""
    canonical = json.dumps(calc.to_data(), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class Result:
    calculation: Calculation
    built: Built
    arrays: CoreOutput
    summary: dict  # {"totals", "by_payer", "by_year"} as in spec §3
    provenance: dict = field(default_factory=dict)

    @property
    def totals(self) -> dict:
        return self.summary["totals"]

    @property
    def by_payer(self) -> dict:
        return self.summary["by_payer"]

    @property
    def by_year(self) -> list[dict]:
        return self.summary["by_year"]

    @property
    def budget_period(self) -> dict:
        """{"years": [first, last], "net", "kommune", "region", "stat"} (spec v2 §2.11)."""
        return self.summary["budget_period"]

    @property
    def by_budget_area(self) -> list[dict]:
        """The kommune by committee, with the gain-sharing transfer (spec v2 §2.12)."""
        return self.summary["by_budget_area"]

    @property
    def notes(self) -> list[str]:
        """Danish sentences, e.g. what falls past the horizon (spec v2 §3)."""
        return self.summary["notes"]

    @property
    def years(self) -> list[int]:
        return [row["year"] for row in self.summary["by_year"]]

    def by_item(self) -> list[dict]:
        """Gains per consequence item and payer over the horizon (undiscounted)."""
        out = []
        for n, info in enumerate(self.built.items):
            row = {"item": info.id, "name": info.name, "unit": info.unit, "kind": info.kind,
                   "area": info.area, "budget_area": info.budget_area, "origin": info.origin}
            row.update({payer: float(self.arrays.gains_by_item[n, p].sum())
                        for p, payer in enumerate(PAYERS)})
            row["total"] = float(self.arrays.gains_by_item[n].sum())
            out.append(row)
        return out

    def to_dict(self) -> dict:
        """Spec §3 keys plus `by_item` and `provenance`; JSON-serialisable."""
        out = dict(self.summary)
        out["by_item"] = self.by_item()
        out["provenance"] = self.provenance
        return out

    def year_payer_frame(self) -> pd.DataFrame:
        """Tidy table: one row per year × payer with costs, saved costs, gains and net."""
        import pandas as pd

        a = self.arrays
        net = a.net
        rows = [
            {"year": year, "payer": payer, "costs": a.costs[p, y],
             "saved_costs": a.saved_costs[p, y], "gains": a.gains[p, y], "net": net[p, y]}
            for y, year in enumerate(self.years)
            for p, payer in enumerate(PAYERS)
        ]
        return pd.DataFrame(rows)

    def item_frame(self) -> pd.DataFrame:
        """Tidy table: one row per item × payer × year with the gain in kr."""
        import pandas as pd

        g = self.arrays.gains_by_item
        rows = [
            {"item": info.id, "name": info.name, "area": info.area, "payer": payer,
             "year": year, "gains": g[n, p, y]}
            for n, info in enumerate(self.built.items)
            for p, payer in enumerate(PAYERS)
            for y, year in enumerate(self.years)
        ]
        return pd.DataFrame(rows)
