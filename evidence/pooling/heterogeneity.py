"""Cochran's Q, I², H² and the Q-profile confidence interval for tau², as metafor reports them.

I² and H² use metafor's "typical within-study variance" vt = (k - p) / tr(P) of the
common-effect model; for the EE model they come from Q alone. The Q-profile interval solves
Q(tau²) = chi²-quantile without an upper search limit: metafor's default limit (tau2.max = 100)
silently censors the bound for small k on the logit scale, which we do not reproduce.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from evidence.pooling.estimators import generalized_q, solve_q
from evidence.pooling.weighted import Design

__all__ = ["cochran_q", "i2_h2", "q_profile_ci"]


def cochran_q(y: np.ndarray, v: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (Q, its p-value on k - p df, vt) of the common-effect model."""
    k = y.shape[1]
    p = design.p()
    w = 1.0 / v
    _, r, inv = design.fit(w, y)
    q = np.maximum(0.0, (w * r * r).sum(axis=1))
    vt = (k - p) / design.trace_P(w, inv)
    return q, stats.chi2.sf(q, k - p), vt


def i2_h2(tau2: np.ndarray, vt: np.ndarray, q: np.ndarray, df: int, common_effect: bool) -> tuple[np.ndarray, np.ndarray]:
    """I² (in %) and H²; for the common-effect model from Q, as metafor does."""
    if common_effect:
        with np.errstate(divide="ignore", invalid="ignore"):
            i2 = np.maximum(0.0, 100.0 * (q - df) / q)
        i2 = np.where(np.isnan(i2), 0.0, i2)
        return i2, q / df
    return 100.0 * tau2 / (vt + tau2), tau2 / vt + 1.0


def q_profile_ci(y: np.ndarray, v: np.ndarray, level: float, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper Q-profile bounds for tau² (metafor's ``confint``, type "QP")."""
    k = y.shape[1]
    df = k - design.p()
    alpha = 1.0 - level
    crit_u = stats.chi2.ppf(1.0 - alpha / 2, df)
    crit_l = stats.chi2.ppf(alpha / 2, df)
    q0, _ = generalized_q(y, v, np.zeros(y.shape[0]), design)
    lower = solve_q(y, v, np.full(y.shape[0], crit_u), design)
    upper = solve_q(y, v, np.full(y.shape[0], crit_l), design)
    below = q0 < crit_l
    return np.where(below, 0.0, lower), np.where(below, 0.0, upper)
