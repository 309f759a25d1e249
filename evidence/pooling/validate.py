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


def check_many(events: Sequence, totals: Sequence) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Validate many analyses at once; on a problem, name the analysis and the study."""
    try:
        lengths = [len(e) for e in events]
        flat_x = np.concatenate([np.asarray(e, dtype=float) for e in events])
        flat_n = np.concatenate([np.asarray(t, dtype=float) for t in totals])
        same = lengths == [len(t) for t in totals] and min(lengths) > 0
    except (TypeError, ValueError):
        same = False
    if same:
        ok = (np.isfinite(flat_x) & np.isfinite(flat_n) & (flat_x == np.round(flat_x))
              & (flat_n == np.round(flat_n)) & (flat_x >= 0) & (flat_n >= 1) & (flat_x <= flat_n))
        if ok.all():
            cuts = np.cumsum(lengths)[:-1]
            return (np.split(flat_x.astype(np.int64), cuts), np.split(flat_n.astype(np.int64), cuts))
    pairs = [check_counts(e, t, where=f"analysis {i + 1}: ") for i, (e, t) in enumerate(zip(events, totals))]
    return [p[0] for p in pairs], [p[1] for p in pairs]
