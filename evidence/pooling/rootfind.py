"""Brent's root finder, run on many independent problems at once, stopping where R's ``uniroot`` stops.

metafor's ``confint`` finds each Q-profile bound with R's ``uniroot``, which is Brent's (1973,
*Algorithms for Minimization without Derivatives*, ch. 4) zero finder: keep a bracket [b, c] with
f(b), f(c) of opposite signs and b the better end; try inverse quadratic interpolation (a secant
step while only two distinct points are known); take the step only if it lands well inside the
bracket and shrinks faster than the step before last, bisect otherwise; never step by less than
the current tolerance 2 eps |b| + tol / 2; stop when half the bracket is within that tolerance.

When the root is tiny next to ``tol`` (a tau² of 1e-9 searched with tol = 1e-12) the answer is
where this iteration stops, not the root, so reproducing metafor means following the same rule
step for step: same interval, same tolerance, same iteration cap, same function. Every branch
below is taken per problem with masks; problems leave the active set as they converge.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["EPS", "zeroin"]

EPS = float(np.finfo(float).eps)  # DBL_EPSILON, the relative part of R's tolerance


def zeroin(f: Callable[[np.ndarray, np.ndarray], np.ndarray], lower: np.ndarray, upper: np.ndarray,
           f_lower: np.ndarray, f_upper: np.ndarray, *, tol: float,
           maxiter: int) -> tuple[np.ndarray, np.ndarray]:
    """Roots of m problems bracketed by [lower, upper] (f values of opposite sign given).

    ``f(x, idx)`` returns the function values of problems ``idx`` at points ``x``. Returns the
    roots and a boolean array, False where a problem was still moving after ``maxiter`` steps
    (its last point is returned, as R's ``uniroot`` does with a warning).
    """
    a = np.array(lower, dtype=float)
    b = np.array(upper, dtype=float)
    fa = np.array(f_lower, dtype=float)
    fb = np.array(f_upper, dtype=float)
    if np.any(fa * fb > 0) or not np.all(a < b):
        raise ValueError("zeroin needs lower < upper and f values of opposite sign at the ends "
                         "(as R's uniroot does)")
    m = a.size
    root = np.where(fa == 0.0, a, b)
    converged = np.ones(m, dtype=bool)
    # a root at an end point is returned at once
    idx = np.flatnonzero((fa != 0.0) & (fb != 0.0))
    a, b, fa, fb = a[idx], b[idx], fa[idx], fb[idx]
    c, fc = a.copy(), fa.copy()
    half_tol = 0.5 * tol
    for _ in range(maxiter + 1):
        if idx.size == 0:
            break
        prev = b - a
        # b must be the end point with the smaller |f|
        swap = np.abs(fc) < np.abs(fb)
        a = np.where(swap, b, a)
        b = np.where(swap, c, b)
        c = np.where(swap, a, c)
        fa = np.where(swap, fb, fa)
        fb = np.where(swap, fc, fb)
        fc = np.where(swap, fa, fc)
        tol_act = 2.0 * EPS * np.abs(b) + half_tol
        step = 0.5 * (c - b)
        done = (np.abs(step) <= tol_act) | (fb == 0.0)
        if done.any():
            root[idx[done]] = b[done]
            keep = ~done
            idx, a, b, c, fa, fb, fc = idx[keep], a[keep], b[keep], c[keep], fa[keep], fb[keep], fc[keep]
            prev, tol_act, step = prev[keep], tol_act[keep], step[keep]
            if idx.size == 0:
                break
        step = _interpolated_step(a, b, c, fa, fb, fc, prev, tol_act, step)
        a, fa = b, fb
        b = b + step
        fb = np.asarray(f(b, idx), dtype=float)
        # keep the root bracketed between b and c
        same_side = ((fb > 0) & (fc > 0)) | ((fb < 0) & (fc < 0))
        c = np.where(same_side, a, c)
        fc = np.where(same_side, fa, fc)
    if idx.size:
        root[idx] = b
        converged[idx] = False
    return root, converged


def _interpolated_step(a: np.ndarray, b: np.ndarray, c: np.ndarray, fa: np.ndarray, fb: np.ndarray,
                       fc: np.ndarray, prev: np.ndarray, tol_act: np.ndarray, bisect: np.ndarray) -> np.ndarray:
    """The step from b: interpolation where Brent's safeguards accept it, else bisection,
    and never shorter than the tolerance."""
    cb = c - b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # secant through (a, fa), (b, fb) while a and c coincide; else inverse quadratic through all three
        r_ba = fb / fa
        r_ac = fa / fc
        r_bc = fb / fc
        secant = a == c
        p = np.where(secant, cb * r_ba,
                     r_ba * (cb * r_ac * (r_ac - r_bc) - (b - a) * (r_bc - 1.0)))
        q = np.where(secant, 1.0 - r_ba, (r_ac - 1.0) * (r_bc - 1.0) * (r_ba - 1.0))
        # step p / q with p >= 0
        q = np.where(p > 0, -q, q)
        p = np.abs(p)
        tried = (np.abs(prev) >= tol_act) & (np.abs(fa) > np.abs(fb))
        accept = (tried & (p < 0.75 * cb * q - 0.5 * np.abs(tol_act * q))
                  & (p < np.abs(0.5 * prev * q)))
        step = np.where(accept, p / q, bisect)
    return np.where(np.abs(step) < tol_act, np.where(step > 0, tol_act, -tol_act), step)
