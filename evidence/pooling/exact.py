"""Per-study confidence intervals for a proportion: Clopper-Pearson (exact) and Wilson (score)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from evidence.errors import PoolingError

__all__ = ["STUDY_INTERVALS", "study_intervals"]

STUDY_INTERVALS = ("clopper-pearson", "wilson")


def study_intervals(events, totals, *, level: float = 0.95,
                    method: str = "clopper-pearson") -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds for each study's proportion events/totals."""
    if method not in STUDY_INTERVALS:
        raise PoolingError(f"'method' must be one of {', '.join(STUDY_INTERVALS)} (got {method!r})")
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    alpha = 1.0 - level
    if method == "clopper-pearson":
        with np.errstate(invalid="ignore"):
            lower = np.where(x == 0, 0.0, stats.beta.ppf(alpha / 2, x, n - x + 1))
            upper = np.where(x == n, 1.0, stats.beta.ppf(1 - alpha / 2, x + 1, n - x))
        return lower, upper
    z = stats.norm.ppf(1 - alpha / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)
