"""Checking what a caller passes to the pooling functions, with messages that name the value."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from evidence.errors import PoolingError
from evidence.pooling.result import MEASURES, METHODS, TESTS

__all__ = ["check_counts", "check_many", "check_options"]


def _choice(name: str, value: object, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise PoolingError(f"'{name}' must be one of {', '.join(choices)} (got {value!r})")
    return value


def check_options(measure: object, method: object, test: object, level: object, cc: object) -> None:
    _choice("measure", measure, MEASURES)
    _choice("method", method, METHODS)
    _choice("test", test, TESTS)
    if method == "GLMM":
        if test == "knha":
            raise PoolingError("'test' for method GLMM must be one of z, t (got 'knha'); "
                               "the Hartung-Knapp adjustment applies to inverse-variance models only")
        if measure != "PLO":
            raise PoolingError(f"method GLMM fits the logit model: pass measure='PLO' (got {measure!r})")
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise PoolingError(f"'level' must be a number between 0 and 1, e.g. 0.95 (got {level!r})")
    if isinstance(cc, bool) or not isinstance(cc, (int, float)) or not (cc >= 0 and math.isfinite(cc)):
        raise PoolingError(f"'cc' must be a number >= 0, e.g. 0.5, or 0 for no continuity correction (got {cc!r})")


def _as_counts(name: str, values: object, where: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise PoolingError(f"{where}'{name}' must be whole numbers (got {values!r})") from None
    if arr.ndim != 1:
        raise PoolingError(f"{where}'{name}' must be a flat sequence of counts (got shape {arr.shape})")
    bad = ~np.isfinite(arr) | (arr != np.round(arr))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise PoolingError(f"{where}'{name}' must be whole numbers (study {i + 1} has {values[i]!r})")
    if (arr < 0).any():
        i = int(np.flatnonzero(arr < 0)[0])
        raise PoolingError(f"{where}'{name}' must not be negative (study {i + 1} has {int(arr[i])})")
    return arr.astype(np.int64)


def check_counts(events: object, totals: object, where: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Return events and totals as int arrays, or raise naming the first bad study."""
    x = _as_counts("events", events, where)
    n = _as_counts("totals", totals, where)
    if x.size != n.size:
        raise PoolingError(f"{where}'events' and 'totals' must have the same length (got {x.size} and {n.size})")
    if x.size == 0:
        raise PoolingError(f"{where}nothing to pool: 'events' and 'totals' are empty")
    if (n < 1).any():
        i = int(np.flatnonzero(n < 1)[0])
        raise PoolingError(f"{where}'totals' must be >= 1 (study {i + 1} has {int(n[i])})")
    if (x > n).any():
        i = int(np.flatnonzero(x > n)[0])
        raise PoolingError(f"{where}events exceed total in study {i + 1} ({int(x[i])} > {int(n[i])})")
    return x, n


def check_many(events: Sequence, totals: Sequence) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Validate many analyses at once and group them by their number of studies k.

    Returns one (positions, events, totals) per k, the counts as int arrays of shape (k, m_k)
    (study-major: column j is the analysis at ``positions[j]``). On a problem, names the
    analysis and the study.
    """
    try:
        lengths = np.array([len(e) for e in events], dtype=np.intp)
        same = lengths.tolist() == [len(t) for t in totals] and lengths.min() > 0
        if same:
            flat_x = np.concatenate(events)
            flat_n = np.concatenate(totals)
    except (TypeError, ValueError):
        same = False
    if same and flat_x.ndim == flat_n.ndim == 1 and flat_x.size == flat_n.size == lengths.sum():
        x, n = _whole(flat_x), _whole(flat_n)
        if x is not None and n is not None and ((x >= 0) & (n >= 1) & (x <= n)).all():
            return _by_k(lengths, x, n)
    pairs = [check_counts(e, t, where=f"analysis {i + 1}: ") for i, (e, t) in enumerate(zip(events, totals))]
    lengths = np.array([x.size for x, _ in pairs], dtype=np.intp)
    return _by_k(lengths, np.concatenate([x for x, _ in pairs]), np.concatenate([n for _, n in pairs]))


def _whole(values: np.ndarray) -> np.ndarray | None:
    """``values`` as int64 if every one is a whole number, else None."""
    if values.dtype.kind in "iu":
        return values.astype(np.int64, copy=False)
    if values.dtype.kind not in "fb":
        return None
    with np.errstate(invalid="ignore"):  # NaN and inf cast to garbage, and then differ
        as_int = values.astype(np.int64)
    return as_int if (as_int == values).all() else None


def _by_k(lengths: np.ndarray, flat_x: np.ndarray,
          flat_n: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    starts = np.cumsum(lengths) - lengths
    groups = []
    for k in np.unique(lengths):
        positions = np.flatnonzero(lengths == k)
        if positions.size == lengths.size:
            x, n = flat_x.reshape(-1, k).T, flat_n.reshape(-1, k).T
        else:
            cells = starts[positions][None, :] + np.arange(k)[:, None]
            x, n = flat_x[cells], flat_n[cells]
        groups.append((positions, np.ascontiguousarray(x), np.ascontiguousarray(n)))
    return groups
