"""Cochran's Q, I², H² and the Q-profile confidence interval for tau², as metafor reports them.

I² and H² use metafor's "typical within-study variance" vt = (k - p) / tr(P) of the
common-effect model; for the EE model they come from Q alone.

The Q-profile bounds are the tau² where Q(tau²) equals a chi² quantile. metafor's ``confint``
finds them with R's ``uniroot`` (Brent's method) on [0, tau2.max] at tolerance ``tol`` and
returns where that search stops, which is within ``tol + 4 eps tau²`` of the root. We solve for
the root itself (safeguarded Newton steps on all analyses at once) and, where the root is small
enough for that stopping rule to show in the reported digits, replay R's search step for step
(:func:`rootfind.zeroin`, on those analyses at once) to return the same stopping point.

The interval is not censored: metafor's default search limit (tau2.max = 100) silently caps the
upper bound for small k on the logit scale; a root beyond ``QP_TAU2_MAX`` is returned as found.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import special, stats

from evidence.pooling.estimators import generalized_q, solve_q
from evidence.pooling.rootfind import zeroin
from evidence.pooling.weighted import Design, coldot, take_columns

__all__ = ["QP_MAXITER", "QP_REPLAY_BELOW", "QP_TAU2_MAX", "QP_TOL", "cochran_q", "i2_h2", "q_profile_ci"]

# The reference run's confint control: control = list(tol = 1e-12, tau2.max = 1e6), with
# uniroot's iteration cap left at metafor's 1000. These define where R's search stops.
QP_TOL = 1e-12
QP_TAU2_MAX = 1e6
QP_MAXITER = 1000
# R's answer is within QP_TOL + 4 eps tau² of the root. For a bound >= 1e-3 that is at most
# 1e-9 relative - a thousandth of the 1e-6 to which the reference is compared - so the root
# itself is returned; below it (tau² bounds of 1e-9 occur for raw proportions of rare events,
# where the stopping point is 1e-4 relative off the root) R's search is replayed. Replaying
# every bound would cost 30-45 evaluations of Q each (Brent first narrows [0, 1e6] by halves);
# Newton's method needs 4-5.
QP_REPLAY_BELOW = 1e-3


def cochran_q(y: np.ndarray, v: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (Q, its p-value on k - p df, vt) of the common-effect model."""
    k = y.shape[0]
    p = design.p()
    w = 1.0 / v
    _, r, inv = design.fit(w, y)
    q = np.maximum(0.0, coldot(w * r, r))
    vt = (k - p) / design.trace_P(w, inv)
    return q, special.chdtrc(k - p, q), vt  # scipy.stats' chi2.sf, without its per-call checks


def i2_h2(tau2: np.ndarray, vt: np.ndarray, q: np.ndarray, df: int, common_effect: bool) -> tuple[np.ndarray, np.ndarray]:
    """I² (in %) and H²; for the common-effect model from Q, as metafor does."""
    if common_effect:
        with np.errstate(divide="ignore", invalid="ignore"):
            i2 = np.maximum(0.0, 100.0 * (q - df) / q)
        i2 = np.where(np.isnan(i2), 0.0, i2)
        return i2, q / df
    return 100.0 * tau2 / (vt + tau2), tau2 / vt + 1.0


def q_profile_ci(y: np.ndarray, v: np.ndarray, level: float, design: Design,
                 q0: np.ndarray | None = None, tau2: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper Q-profile bounds for tau² (metafor's ``confint``, type "QP").

    ``q0`` = Q(0), the common-effect Q, if the caller has it. Both searches start from the
    estimate ``tau2`` if given (the bounds lie either side of it, where 1/Q is nearly straight).
    """
    k, m = y.shape
    crit_l, crit_u = _chi2_quantiles(level, k - design.p())
    if q0 is None:
        q0, _ = generalized_q(y, v, np.zeros(m), design)
    at_start = None if tau2 is None else generalized_q(y, v, tau2, design)
    # where Q(0) is already below a quantile that bound is 0 (both are when Q(0) < crit_l)
    lower = solve_q(y, v, crit_u, design, q0=q0, start=tau2, q_start=at_start)
    upper = solve_q(y, v, crit_l, design, q0=q0, start=tau2, q_start=at_start)
    for bound, crit in ((lower, crit_u), (upper, crit_l)):
        replay = np.flatnonzero((bound > 0) & (bound < QP_REPLAY_BELOW))
        if replay.size:
            bound[replay] = _uniroot(*take_columns(replay, y, v), crit, design, q0[replay])
    return lower, upper


@lru_cache(maxsize=256)
def _chi2_quantiles(level: float, df: int) -> tuple[float, float]:
    alpha = 1.0 - level
    return float(stats.chi2.ppf(alpha / 2, df)), float(stats.chi2.ppf(1.0 - alpha / 2, df))


def _uniroot(y: np.ndarray, v: np.ndarray, crit: float, design: Design, q0: np.ndarray) -> np.ndarray:
    """Where R's ``uniroot(Q - crit, c(0, QP_TAU2_MAX), tol = QP_TOL)`` stops, per analysis
    (each has Q(0) > crit > Q(QP_TAU2_MAX))."""
    m = y.shape[1]
    q_max, _ = generalized_q(y, v, np.full(m, QP_TAU2_MAX), design)

    def f(t: np.ndarray, idx: np.ndarray) -> np.ndarray:
        q, _ = generalized_q(*take_columns(idx, y, v), t, design)
        return q - crit

    root, _ = zeroin(f, np.zeros(m), np.full(m, QP_TAU2_MAX), q0 - crit, q_max - crit,
                     tol=QP_TOL, maxiter=QP_MAXITER)
    return root
