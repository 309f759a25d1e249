"""Between-study variance (tau²) estimators, each with metafor's standard error of tau².

EE fixes tau² at 0; DL, HS and SJ are closed forms (DL and HS truncated at 0); PM and EB solve
the generalized Q equation Q(tau²) = k - p (the two estimating equations have the same root);
ML and REML follow metafor's Fisher scoring from its Hedges start, with step halving at the
boundary and its check that tau² = 0 is not a higher likelihood, to the converged solution
(not metafor's default stopping point, threshold 1e-5). Close to the root the last steps are
Newton steps on the same likelihood: they reach the root Fisher scoring is heading for in a
few steps instead of dozens.

Arrays are study-major, shape (k, m) for m analyses of k studies (see ``weighted``); every loop
runs on all analyses at once and drops an analysis from the active set once it has converged.
"""

from __future__ import annotations

import numpy as np

from evidence.pooling.weighted import Design, coldot, colsum, take_columns

__all__ = ["MAX_ITER", "NEWTON_SWITCH", "TOL", "generalized_q", "solve_q", "tau2_estimate"]

# metafor's reference run uses threshold = tol = 1e-12; we stop a little tighter so our error is
# dominated by floating point, not by the stopping rule.
TOL = 1e-13
# Fisher scoring needs a few dozen steps even near the boundary (where step halving slows it);
# this cap only guards against a pathological input looping forever.
MAX_ITER = 10_000
# Fisher scoring converges linearly (20-30 steps to 1e-13); once a step moves tau² by less
# than 1% the iterate is inside the basin of the root it is approaching, and Newton steps
# (taken only where the likelihood is locally concave and the step stays >= 0) finish in 2-3.
# Relative, so that an iterate heading for the boundary at 0 stays on metafor's path.
NEWTON_SWITCH = 1e-2


def generalized_q(y: np.ndarray, v: np.ndarray, tau2: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Q(tau²) = y'P y and its derivative -y'PPy, for weights 1/(v + tau²)."""
    if design.X is None:  # design.fit's arithmetic, in place: this runs in every root search step
        w = v + tau2
        np.divide(1.0, w, out=w)
        r = y - coldot(w, y) / colsum(w)
        w *= r
        return coldot(w, r), -coldot(w, w)
    w = 1.0 / (v + tau2)
    _, r, _ = design.fit(w, y)
    wr = w * r
    return coldot(wr, r), -coldot(wr, wr)


def solve_q(y: np.ndarray, v: np.ndarray, target: np.ndarray | float, design: Design,
            q0: np.ndarray | None = None, start: np.ndarray | None = None,
            q_start: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The tau² >= 0 where Q(tau²) = target, or 0 where Q(0) is already at or below the target.

    Q falls from Q(0) towards 0 like 1/tau², so Newton's method is run on 1/Q, which is nearly
    straight; a step that would leave the bracket of known signs bisects it (or doubles the
    left end while no right end is known). ``q0`` = Q(0) if the caller has it; the search
    starts from ``start`` (default 0), where ``q_start`` = (Q, Q') if the caller has them.
    """
    m = y.shape[1]
    target = np.broadcast_to(np.asarray(target, dtype=float), (m,))
    tau2 = np.zeros(m)
    if q0 is None:
        q0, _ = generalized_q(y, v, tau2, design)
    idx = np.flatnonzero(q0 > target)
    if idx.size == 0:
        return tau2
    ya, va, goal = (y, v, target) if idx.size == m else take_columns(idx, y, v, target)
    t = np.zeros(idx.size) if start is None else start[idx]
    lo = np.zeros(idx.size)
    hi = np.full(idx.size, np.inf)
    live = np.ones(idx.size, dtype=bool)
    if q_start is None:
        q, dq = generalized_q(ya, va, t, design)
    else:
        q, dq = q_start[0][idx], q_start[1][idx]
    for _ in range(MAX_ITER):
        f = q - goal
        lo = np.where(f > 0, t, lo)
        hi = np.where(f < 0, t, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = t + f * q / (goal * -dq)
        outside = ~((new > lo) & (new < hi))
        if outside.any():
            fallback = np.where(np.isfinite(hi), 0.5 * (lo + hi), np.maximum(2.0 * lo, 1.0))
            new = np.where(outside, fallback, new)
        new = np.where(live & (f != 0), new, t)
        live &= np.abs(new - t) > TOL * np.maximum(1.0, t)
        t = new
        if not live.any():
            break
        idx, t, ya, va, goal, lo, hi, live = _compact(live, tau2, idx, t, ya, va, goal, lo, hi)
        q, dq = generalized_q(ya, va, t, design)
    tau2[idx] = t
    return tau2


def _compact(live: np.ndarray, out: np.ndarray, idx: np.ndarray, t: np.ndarray,
             *state: np.ndarray) -> list[np.ndarray]:
    """Drop converged analyses from an iteration once at least half have converged.

    Until then they are carried along with a frozen value (cheaper than copying the arrays
    every step); ``out[idx]`` receives the values of the analyses dropped.
    """
    if 2 * np.count_nonzero(live) > live.size:
        return [idx, t, *state, live]
    out[idx] = t
    return take_columns(live, idx, t, *state, live)


def _halve_into_range(t: np.ndarray, adj: np.ndarray) -> np.ndarray:
    """metafor's ``while (tau2 + adj < 0) adj <- adj/2``.

    From tau² = 0 a negative step halves until it underflows to -0, i.e. the step is 0.
    """
    adj = np.where((t == 0) & (adj < 0), 0.0, adj)
    low = t + adj < 0
    while low.any():
        adj = np.where(low, adj / 2, adj)
        low = t + adj < 0
    return adj


def _hedges(y: np.ndarray, v: np.ndarray, design: Design) -> np.ndarray:
    """The Hedges (HE) estimate truncated at 0: metafor's start for ML and REML."""
    k = y.shape[0]
    if design.X is None:  # the general formulas below with unit weights, without the ones
        r = y - colsum(y) / k
        sum_v = colsum(v)
        return np.maximum(0.0, (coldot(r, r) - (sum_v - sum_v * (1.0 / k))) / (k - 1))
    ones = np.ones_like(v)
    _, r, inv = design.fit(ones, y)
    return np.maximum(0.0, (coldot(r, r) - design.trace_P(ones, inv, v)) / (k - design.p()))


def _fisher_scoring(y: np.ndarray, v: np.ndarray, design: Design, method: str) -> np.ndarray:
    tau2 = _hedges(y, v, design)
    idx = np.arange(y.shape[1])
    ya, va, t = y, v, tau2.copy()
    near = np.zeros(idx.size, dtype=bool)
    live = np.ones(idx.size, dtype=bool)
    for _ in range(MAX_ITER):
        w = 1.0 / (va + t)
        _, r, inv = design.fit(w, ya)
        wr = w * r
        # twice the score, and twice the expected information
        if method == "ML":
            score = coldot(wr, wr) - colsum(w)
            info = coldot(w, w)
        else:
            tr_p, info = design.traces(w, inv)
            score = coldot(wr, wr) - tr_p
        with np.errstate(divide="ignore", invalid="ignore"):
            adj = score / info
            if near.any():
                # twice the observed information: 2 y'PPPy - info, with Py = W r
                observed = 2.0 * design.quad_P(w, inv, wr) - info
                newton = score / observed
                adj = np.where(near & (observed > 0) & (t + newton >= 0), newton, adj)
        adj = _halve_into_range(t, np.where(live & ~np.isnan(adj), adj, 0.0))
        new = t + adj
        live &= np.abs(new - t) > TOL
        near |= np.abs(adj) < NEWTON_SWITCH * t
        t = new
        if not live.any():
            break
        idx, t, ya, va, near, live = _compact(live, tau2, idx, t, ya, va, near)
    tau2[idx] = t
    return tau2


def _ll_gain_at_zero(y: np.ndarray, v: np.ndarray, tau2: np.ndarray, design: Design, method: str) -> np.ndarray:
    """(Restricted) log-likelihood at tau² = 0 minus that at ``tau2``, formed as one difference
    (sum of log(1 + tau²/v) rather than two sums of logs), so it is exact near 0."""
    w0 = 1.0 / v
    w = 1.0 / (v + tau2)
    _, r0, inv0 = design.fit(w0, y)
    _, r, inv = design.fit(w, y)
    gain = 0.5 * colsum(np.log1p(tau2 / v)) + 0.5 * (coldot(w * r, r) - coldot(w0 * r0, r0))
    if method == "REML":
        if design.X is None:
            gain += 0.5 * np.log(inv0[:, 0, 0] / inv[:, 0, 0])
        else:
            gain += 0.5 * (np.linalg.slogdet(inv0)[1] - np.linalg.slogdet(inv)[1])
    return gain


def _ml_reml(y: np.ndarray, v: np.ndarray, design: Design, method: str) -> np.ndarray:
    tau2 = _fisher_scoring(y, v, design, method)
    # metafor's ll0check: Fisher scoring may stop at a local maximum below the boundary's.
    check = np.flatnonzero(tau2 > 1e-12)
    if check.size:
        ya, va = (y, v) if check.size == tau2.size else take_columns(check, y, v)
        worse = _ll_gain_at_zero(ya, va, tau2[check], design, method) > 1e-12
        tau2[check[worse]] = 0.0
    return tau2


def tau2_estimate(y: np.ndarray, v: np.ndarray, method: str, design: Design | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (tau2, se_tau2), each of shape (m,), for a batch of analyses with k >= 2 studies."""
    design = design or Design()
    k, m = y.shape
    p = design.p()
    nan = np.full(m, np.nan)
    if method == "EE":
        return np.zeros(m), nan
    if method in ("ML", "REML"):
        tau2 = _ml_reml(y, v, design, method)
        w = 1.0 / (v + tau2)
        if method == "ML":
            return tau2, np.sqrt(2.0 / coldot(w, w))
        _, _, inv = design.fit(w, y)
        return tau2, np.sqrt(2.0 / design.trace_PP(w, inv))
    w_fe = 1.0 / v
    _, r_fe, inv_fe = design.fit(w_fe, y)
    q_fe = coldot(w_fe * r_fe, r_fe)
    if method in ("DL", "HS"):
        tr_p = design.trace_P(w_fe, inv_fe)
        denom = tr_p if method == "DL" else colsum(w_fe)
        tau2 = np.maximum(0.0, (q_fe - ((k - p) if method == "DL" else k)) / denom)
        se = np.sqrt((2 * (k - p) + 4 * tau2 * tr_p + 2 * tau2 ** 2 * design.trace_PP(w_fe, inv_fe)) / denom ** 2)
        return tau2, se
    if method == "SJ":
        yc = y - colsum(y) / k
        tau0 = colsum(yc * yc) / k
        w0 = 1.0 / (v + tau0)
        _, r0, inv0 = design.fit(w0, y)
        tau2 = np.maximum(0.0, tau0 * coldot(w0 * r0, r0) / (k - p))
        se = np.sqrt(tau0 ** 2 / (k - p) ** 2 * (2 * design.trace_PP(w0, inv0, v, v)
                                                   + 4 * tau2 * design.trace_PP(w0, inv0, v)
                                                   + 2 * tau2 ** 2 * design.trace_PP(w0, inv0)))
        return tau2, se
    if method in ("PM", "EB"):
        tau2 = solve_q(y, v, float(k - p), design, q0=q_fe)
        w = 1.0 / (v + tau2)
        return tau2, np.sqrt(2.0 * k ** 2 / (k - p) / colsum(w) ** 2)
    raise ValueError(f"unknown tau² estimator {method!r}")
