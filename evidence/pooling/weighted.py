"""Weighted least squares for many meta-analyses at once, without forming the k x k matrices.

Every quantity the tau² estimators need is a trace or a quadratic form in the projection
``P = W - W X (X'WX)^-1 X'W`` (W = diag of weights). Forming P for 10,000 analyses would cost
10,000 k x k matrices; the closed forms below need only sums over studies. Arrays are batched:
``w`` and ``y`` have shape (m, k) for m analyses of k studies; the design ``X`` is either None
(intercept only, the common case, done with scalar sums) or shape (k, p) shared by the batch.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Design"]


class Design:
    """The model matrix of a batch: intercept only, or a (k, p) matrix shared by all analyses."""

    def __init__(self, X: np.ndarray | None = None) -> None:
        self.X = None if X is None else np.asarray(X, dtype=float)

    def p(self) -> int:
        return 1 if self.X is None else self.X.shape[1]

    def _cross(self, d: np.ndarray) -> np.ndarray:
        """X' diag(d) X for every analysis: shape (m, p, p)."""
        return np.einsum("ki,mk,kj->mij", self.X, d, self.X)

    def fit(self, w: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Weighted fit: coefficients (m, p), residuals (m, k), and (X'WX)^-1 (m, p, p)."""
        if self.X is None:
            sw = w.sum(axis=1)
            beta = (w * y).sum(axis=1) / sw
            return beta[:, None], y - beta[:, None], (1.0 / sw)[:, None, None]
        inv = np.linalg.inv(self._cross(w))
        beta = np.einsum("mij,kj,mk->mi", inv, self.X, w * y)
        return beta, y - beta @ self.X.T, inv

    def trace_P(self, w: np.ndarray, inv: np.ndarray, a: np.ndarray | float = 1.0) -> np.ndarray:
        """tr(P diag(a))."""
        if self.X is None:
            return (w * a).sum(axis=1) - (w * w * a).sum(axis=1) * inv[:, 0, 0]
        return (w * a).sum(axis=1) - np.einsum("mij,mji->m", inv, self._cross(w * w * a))

    def trace_PP(self, w: np.ndarray, inv: np.ndarray, a: np.ndarray | float = 1.0,
                 b: np.ndarray | float = 1.0) -> np.ndarray:
        """tr(P diag(a) P diag(b)); with a = b = 1 this is tr(PP) = sum(P * P)."""
        w2 = w * w
        if self.X is None:
            s = inv[:, 0, 0]
            return ((w2 * a * b).sum(axis=1) - 2 * (w2 * w * a * b).sum(axis=1) * s
                    + (w2 * a).sum(axis=1) * (w2 * b).sum(axis=1) * s * s)
        ca = inv @ self._cross(w2 * a)
        cb = inv @ self._cross(w2 * b)
        return ((w2 * a * b).sum(axis=1) - 2 * np.einsum("mij,mji->m", inv, self._cross(w2 * w * a * b))
                + np.einsum("mij,mji->m", ca, cb))
