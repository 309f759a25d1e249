"""Proportion transforms with their sampling variances, and the back-transforms, as in metafor.

Measures: PLO (logit), PFT (Freeman-Tukey double arcsine), PAS (arcsine square root), PR (raw).
The continuity correction follows metafor's ``escalc`` default (``add=1/2, to="only0"``): a study
with 0 or n events gets ``cc`` added to its events and to its non-events (so n grows by 2*cc),
for PR and PLO only; PFT and PAS are defined at 0 and n and are never corrected. All functions
work elementwise on arrays of any shape (the pooling core uses (k, m): studies down the rows,
analyses across the columns) and are pure.
"""

from __future__ import annotations

import numpy as np

from evidence.pooling.weighted import colsum

__all__ = ["CORRECTED_MEASURES", "back_transform", "effect_sizes", "harmonic_mean_n", "pft"]

CORRECTED_MEASURES = ("PLO", "PR")


def effect_sizes(events: np.ndarray, totals: np.ndarray, measure: str,
                 cc: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (yi, vi, corrected) where ``corrected`` flags the studies that received ``cc``."""
    x = events.astype(float)
    n = totals.astype(float)
    corrected = np.zeros(x.shape, dtype=bool)
    if measure in CORRECTED_MEASURES and cc > 0:
        corrected = (x == 0) | (x == n)
        if corrected.any():
            x = np.where(corrected, x + cc, x)
            n = np.where(corrected, n + 2 * cc, n)
    if measure == "PLO":
        rest = n - x
        with np.errstate(divide="ignore"):
            yi = np.log(x / rest)
            vi = 1.0 / x + 1.0 / rest
    elif measure == "PR":
        yi = x / n
        vi = yi * (1.0 - yi) / n
    elif measure == "PAS":
        yi = np.arcsin(np.sqrt(x / n))
        vi = 1.0 / (4.0 * n)
    else:
        yi = pft(x, n)
        vi = 1.0 / (4.0 * n + 2.0)
    return yi, vi, corrected


def pft(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The Freeman-Tukey double arcsine of x events in n."""
    return 0.5 * (np.arcsin(np.sqrt(x / (n + 1.0))) + np.arcsin(np.sqrt((x + 1.0) / (n + 1.0))))


def _ipft(z: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Inverse double arcsine for sample size n (Miller 1978), clamped outside its range."""
    s = np.sin(2 * z)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 0.5 * (1.0 - np.sign(np.cos(2 * z)) * np.sqrt(1.0 - (s + (s - 1.0 / s) / n) ** 2))
    p = np.where(z > pft(n, n), 1.0, p)
    return np.where(z < pft(np.zeros_like(n), n), 0.0, p)


def harmonic_mean_n(totals: np.ndarray) -> np.ndarray:
    """Harmonic mean of the uncorrected study sizes of each analysis; ``totals`` is (k, m)."""
    k = totals.shape[0]
    return 1.0 / (colsum(1.0 / totals.astype(float)) / k)


def back_transform(values: np.ndarray, measure: str, n_harmonic: np.ndarray | None = None) -> np.ndarray:
    """Map model-scale values to proportions.

    PFT needs ``n_harmonic`` (see :func:`harmonic_mean_n`, broadcast against ``values``), as
    metafor's ``transf.ipft.hm``. PR is the identity and is not clamped (bounds may leave
    [0, 1]); PAS is clamped to [0, 1] as ``transf.iarcsin``.
    """
    if measure == "PLO":
        return 1.0 / (1.0 + np.exp(-values))
    if measure == "PAS":
        return np.where(values < 0, 0.0, np.where(values > np.pi / 2, 1.0, np.sin(values) ** 2))
    if measure == "PFT":
        return _ipft(values, np.broadcast_to(n_harmonic, np.shape(values)))
    return values
