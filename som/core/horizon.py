"""What falls past the horizon (spec v2 §1, §2.5): consequences are cut there, never refused.

Pure numpy. The same arithmetic as `som.core.engine` on a horizon long enough to hold every
consequence, so the result can say in plain words what the chosen horizon leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som.core.engine import item_gains, lag_kernel, successes


@dataclass(frozen=True)
class Beyond:
    """Figures of the years after the horizon (undiscounted, at the calculation's price level).

    gains[p]        consequence gains that would fall after the horizon, by payer
    successes       successes whose completion year lies after the horizon
    """

    gains: np.ndarray
    successes: float


def _pad(vectors: np.ndarray, length: int) -> np.ndarray:
    out = np.zeros((vectors.shape[0], length))
    out[:, : min(length, vectors.shape[1])] = vectors[:, :length]
    return out


def beyond_horizon(starters, course_years: int, completion_rate: float, success_rate: float,
                   delta_full: np.ndarray, course_full: np.ndarray, price: np.ndarray,
                   sign: np.ndarray, offset: int) -> Beyond:
    """Gains and successes after the horizon H = len(starters).

    delta_full[i, k] and course_full[i, k] are the items' whole vectors (any length).
    """
    horizon = len(starters)
    longest = max(delta_full.shape[1], course_full.shape[1], 1)
    extended = horizon + course_years + offset + longest
    n = np.zeros(extended)
    n[:horizon] = starters
    s = successes(n, course_years, completion_rate, success_rate)
    gains = item_gains(s, lag_kernel(_pad(delta_full, extended), offset), price, sign)
    if np.any(course_full):
        gains = gains + item_gains(n, lag_kernel(_pad(course_full, extended), 0), price, sign)
    return Beyond(gains=gains[..., horizon:].sum(axis=(-3, -1)), successes=float(s[horizon:].sum()))
