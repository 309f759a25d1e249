"""Weighted least squares for many meta-analyses at once, without forming the k x k matrices.

Every quantity the tau² estimators need is a trace or a quadratic form in the projection
``P = W - W X (X'WX)^-1 X'W`` (W = diag of weights). Forming P for 10,000 analyses would cost
10,000 k x k matrices; the closed forms below need only sums over studies.

Layout: study-major. ``w`` and ``y`` have shape (k, m): row i holds study i of every analysis,
column j is analysis j. Sums over studies are then reductions down the columns, which numpy
runs as k vectorized additions across all analyses (fast, and each column's result does not
depend on which other analyses share the batch). The design ``X`` is None (intercept only,
the common case, done with plain sums) or shape (k, p), shared by the batch.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Design", "coldot", "colsum", "take_columns"]


def colsum(a: np.ndarray) -> np.ndarray:
    """Sum over studies (axis 0) for every analysis, adding the studies in order.

    On a C-ordered array with two or more columns numpy adds row after row; a single column
    it would sum pairwise, and a strided or Fortran-ordered array in another order (other
    roundings), so those cases are made C-ordered and a single column is accumulated
    explicitly: an analysis gets the same bits whether it is pooled alone or in a batch.
    """
    a = np.ascontiguousarray(a)
    if a.ndim == 2 and a.shape[1] == 1:
        return np.add.accumulate(a, axis=0)[-1]
    return np.add.reduce(a, axis=0)


def coldot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sum over studies of a * b for every analysis (same order of additions as ``colsum``)."""
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    if a.shape[1] == 1:
        return np.add.accumulate(a * b, axis=0)[-1]
    return np.einsum("km,km->m", a, b)


def take_columns(idx: np.ndarray, *arrays: np.ndarray) -> list[np.ndarray]:
    """Columns ``idx`` (indices or a boolean mask) of (k, m) arrays, entries of (m,) arrays.

    ``np.take`` keeps the columns C-ordered (``a[:, idx]`` would return a Fortran-ordered copy).
    """
    if idx.dtype == bool:
        idx = np.flatnonzero(idx)
    return [np.take(a, idx, axis=a.ndim - 1) for a in arrays]


class Design:
    """The model matrix of a batch: intercept only, or a (k, p) matrix shared by all analyses."""

    def __init__(self, X: np.ndarray | None = None) -> None:
        self.X = None if X is None else np.asarray(X, dtype=float)

    def p(self) -> int:
        return 1 if self.X is None else self.X.shape[1]

    def _cross(self, d: np.ndarray) -> np.ndarray:
        """X' diag(d) X for every analysis: shape (m, p, p)."""
        return np.einsum("ki,km,kj->mij", self.X, d, self.X)

    def fit(self, w: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Weighted fit: coefficients (m, p), residuals (k, m), and (X'WX)^-1 (m, p, p)."""
        if self.X is None:
            sw = colsum(w)
            beta = coldot(w, y) / sw
            return beta[:, None], y - beta, (1.0 / sw)[:, None, None]
        inv = np.linalg.inv(self._cross(w))
        beta = np.einsum("mij,kj,km->mi", inv, self.X, w * y)
        return beta, y - self.X @ beta.T, inv

    def quad_P(self, w: np.ndarray, inv: np.ndarray, z: np.ndarray) -> np.ndarray:
        """z'Pz for every analysis (z of shape (k, m))."""
        if self.X is None:
            wz = w * z
            return coldot(wz, z) - colsum(wz) ** 2 * inv[:, 0, 0]
        xwz = np.einsum("ki,km->mi", self.X, w * z)
        return coldot(w * z, z) - np.einsum("mi,mij,mj->m", xwz, inv, xwz)

    def trace_P(self, w: np.ndarray, inv: np.ndarray, a: np.ndarray | None = None) -> np.ndarray:
        """tr(P diag(a)); a = None means the identity."""
        wa = w if a is None else w * a
        if self.X is None:
            return colsum(wa) - coldot(wa, w) * inv[:, 0, 0]
        return colsum(wa) - np.einsum("mij,mji->m", inv, self._cross(wa * w))

    def traces(self, w: np.ndarray, inv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(tr(P), tr(PP)) together, sharing their sums."""
        if self.X is not None:
            return self.trace_P(w, inv), self.trace_PP(w, inv)
        s = inv[:, 0, 0]
        w2 = w * w
        s2 = colsum(w2)
        return 1.0 / s - s2 * s, s2 - 2 * coldot(w2, w) * s + s2 * s2 * s * s

    def trace_PP(self, w: np.ndarray, inv: np.ndarray, a: np.ndarray | None = None,
                 b: np.ndarray | None = None) -> np.ndarray:
        """tr(P diag(a) P diag(b)); with a = b = None this is tr(PP) = sum(P * P)."""
        w2 = w * w
        w2a = w2 if a is None else w2 * a
        w2b = w2 if b is None else w2 * b
        w2ab = w2a if b is None else w2a * b
        if self.X is None:
            s = inv[:, 0, 0]
            s2a = colsum(w2a)
            s2b = s2a if w2b is w2a else colsum(w2b)
            s2ab = s2a if w2ab is w2a else colsum(w2ab)
            return s2ab - 2 * coldot(w2ab, w) * s + s2a * s2b * s * s
        ca = inv @ self._cross(w2a)
        cb = inv @ self._cross(w2b)
        return (colsum(w2ab) - 2 * np.einsum("mij,mji->m", inv, self._cross(w2ab * w))
                + np.einsum("mij,mji->m", ca, cb))
