"""Between-study variance (tau²) estimators, each with metafor's standard error of tau².

EE fixes tau² at 0; DL, HS and SJ are closed forms (DL and HS truncated at 0); PM and EB solve
the generalized Q equation Q(tau²) = k - p (the two estimating equations have the same root);
ML and REML run metafor's Fisher scoring, with step halving at the boundary and its check that
tau² = 0 is not a higher likelihood, until tau² changes by less than ``TOL`` — the converged
solution, not metafor's default stopping point (threshold 1e-5). Batched over analyses.
"""

from __future__ import annotations

import numpy as np

from evidence.pooling.weighted import Design

__all__ = ["MAX_ITER", "TOL", "generalized_q", "solve_q", "tau2_estimate"]

# metafor's reference run uses threshold = tol = 1e-12; we stop a little tighter so our error is
# dominated by floating point, not by the stopping rule.
TOL = 1e-13
# Fisher scoring needs a few dozen steps even near the boundary (where step halving slows it);
# this cap only guards against a pathological input looping forever.
MAX_ITER = 10_000


def generalized_q(y: np.ndarray, v: np.ndarray, tau2: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Q(tau²) = y'P y and its derivative -y'PPy, for weights 1/(v + tau²)."""
    w = 1.0 / (v + tau2[:, None])
    _, r, _ = design.fit(w, y)
    wr = w * r
    return (wr * r).sum(axis=1), -(wr * wr).sum(axis=1)


def solve_q(y: np.ndarray, v: np.ndarray, target: np.ndarray, design: Design) -> np.ndarray:
    """The tau² >= 0 where Q(tau²) = target, or 0 where Q(0) is already below the target.

    Q decreases in tau², so a Newton step from the left is kept inside a bracket that
    bisects (or doubles, while the right end is unknown) whenever Newton would leave it.
    """
    m = y.shape[0]
    target = np.broadcast_to(np.asarray(target, dtype=float), (m,)).copy()
    tau2 = np.zeros(m)
    lo = np.zeros(m)
    hi = np.full(m, np.inf)
    q, dq = generalized_q(y, v, tau2, design)
    active = np.flatnonzero(q > target)
    for _ in range(MAX_ITER):
        if active.size == 0:
            break
        t, f, d = tau2[active], q[active] - target[active], dq[active]
        lo[active] = np.where(f > 0, t, lo[active])
        hi[active] = np.where(f < 0, t, hi[active])
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(d < 0, -f / d, np.inf)
        new = t + step
        a_lo, a_hi = lo[active], hi[active]
        outside = ~((new > a_lo) & (new < a_hi))
        fallback = np.where(np.isfinite(a_hi), 0.5 * (a_lo + a_hi), np.maximum(2 * a_lo, 1.0))
        new = np.where(outside, fallback, new)
        done = np.abs(new - t) <= TOL * np.maximum(1.0, t)
        tau2[active] = new
        qa, dqa = generalized_q(y[active], v[active], new, design)
        q[active], dq[active] = qa, dqa
        active = active[~done]
    return tau2


def _fisher_scoring(y: np.ndarray, v: np.ndarray, design: Design, method: str) -> np.ndarray:
    k = y.shape[1]
    p = design.p()
    # metafor starts from the Hedges (HE) estimate, truncated at 0.
    ones = np.ones_like(v)
    _, r_ols, inv_ols = design.fit(ones, y)
    tau2 = np.maximum(0.0, ((r_ols * r_ols).sum(axis=1) - design.trace_P(ones, inv_ols, v)) / (k - p))
    active = np.arange(y.shape[0])
    for _ in range(MAX_ITER):
        if active.size == 0:
            break
        ya, va, t = y[active], v[active], tau2[active]
        w = 1.0 / (va + t[:, None])
        _, r, inv = design.fit(w, ya)
        wr = w * r
        ypy = (wr * wr).sum(axis=1)
        if method == "ML":
            adj = (ypy - w.sum(axis=1)) / (w * w).sum(axis=1)
        else:
            adj = (ypy - design.trace_P(w, inv)) / design.trace_PP(w, inv)
        adj = np.where(np.isnan(adj), 0.0, adj)
        while np.any(t + adj < 0):
            adj = np.where(t + adj < 0, adj / 2, adj)
        new = t + adj
        tau2[active] = new
        active = active[np.abs(new - t) > TOL]
    return tau2


def _log_likelihood(y: np.ndarray, v: np.ndarray, tau2: np.ndarray, design: Design, method: str) -> np.ndarray:
    w = 1.0 / (v + tau2[:, None])
    _, r, inv = design.fit(w, y)
    ll = -0.5 * np.log(v + tau2[:, None]).sum(axis=1) - 0.5 * (w * r * r).sum(axis=1)
    if method == "REML":
        ll += 0.5 * np.linalg.slogdet(inv)[1]
    return ll


def _ml_reml(y: np.ndarray, v: np.ndarray, design: Design, method: str) -> np.ndarray:
    tau2 = _fisher_scoring(y, v, design, method)
    # metafor's ll0check: Fisher scoring may stop at a local maximum below the boundary's.
    zero = np.zeros_like(tau2)
    worse = _log_likelihood(y, v, zero, design, method) - _log_likelihood(y, v, tau2, design, method) > 1e-12
    return np.where(worse & (tau2 > 1e-12), 0.0, tau2)


def tau2_estimate(y: np.ndarray, v: np.ndarray, method: str, design: Design | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (tau2, se_tau2), each of shape (m,), for a batch of analyses with k >= 2 studies."""
    design = design or Design()
    m, k = y.shape
    p = design.p()
    nan = np.full(m, np.nan)
    if method == "EE":
        return np.zeros(m), nan
    w_fe = 1.0 / v
    _, r_fe, inv_fe = design.fit(w_fe, y)
    q_fe = (w_fe * r_fe * r_fe).sum(axis=1)
    if method in ("DL", "HS"):
        tr_p = design.trace_P(w_fe, inv_fe)
        denom = tr_p if method == "DL" else w_fe.sum(axis=1)
        tau2 = np.maximum(0.0, (q_fe - ((k - p) if method == "DL" else k)) / denom)
        se = np.sqrt((2 * (k - p) + 4 * tau2 * tr_p + 2 * tau2 ** 2 * design.trace_PP(w_fe, inv_fe)) / denom ** 2)
        return tau2, se
    if method == "SJ":
        yc = y - y.mean(axis=1, keepdims=True)
        tau0 = (yc * yc).mean(axis=1)
        w0 = 1.0 / (v + tau0[:, None])
        _, r0, inv0 = design.fit(w0, y)
        tau2 = np.maximum(0.0, tau0 * (w0 * r0 * r0).sum(axis=1) / (k - p))
        se = np.sqrt(tau0 ** 2 / (k - p) ** 2 * (2 * design.trace_PP(w0, inv0, v, v)
                                                   + 4 * tau2 * design.trace_PP(w0, inv0, v)
                                                   + 2 * tau2 ** 2 * design.trace_PP(w0, inv0)))
        return tau2, se
    if method in ("PM", "EB"):
        tau2 = solve_q(y, v, np.full(m, float(k - p)), design)
        w = 1.0 / (v + tau2[:, None])
        return tau2, np.sqrt(2.0 * k ** 2 / (k - p) / w.sum(axis=1) ** 2)
    tau2 = _ml_reml(y, v, design, method)
    w = 1.0 / (v + tau2[:, None])
    if method == "ML":
        return tau2, np.sqrt(2.0 / (w * w).sum(axis=1))
    _, _, inv = design.fit(w, y)
    return tau2, np.sqrt(2.0 / design.trace_PP(w, inv))
