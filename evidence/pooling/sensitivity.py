"""Sensitivity analyses on one set of counts: leave-one-out, and the same pooling under every transform."""

from __future__ import annotations

import numpy as np

from evidence.errors import PoolingError
from evidence.pooling.api import pool_proportions
from evidence.pooling.result import MEASURES, PooledEstimate

__all__ = ["leave_one_out", "transform_sensitivity"]


def leave_one_out(events, totals, *, measure: str = "PLO", method: str = "REML", test: str = "z",
                  level: float = 0.95, cc: float = 0.5) -> tuple[PooledEstimate, ...]:
    """The pooled result with each study left out in turn (item i omits study i)."""
    x = np.asarray(events)
    n = np.asarray(totals)
    if x.size < 2:
        raise PoolingError(f"leave-one-out needs at least two studies (got {x.size})")
    keep = ~np.eye(x.size, dtype=bool)
    return tuple(pool_proportions([x[row] for row in keep], [n[row] for row in keep], measure=measure,
                                  method=method, test=test, level=level, cc=cc))


SENSITIVITY_ORDER = (*MEASURES, "GLMM")


def transform_sensitivity(events, totals, *, method: str = "REML", test: str = "z",
                          level: float = 0.95, cc: float = 0.5) -> tuple[PooledEstimate, ...]:
    """Pool under PLO, PFT, PAS and PR with ``method``, then the GLMM, in that order.

    A GLMM request as ``method`` is served by REML for the four transforms; the GLMM, which
    has no Hartung-Knapp form, uses the t test when ``test`` is knha or t.
    """
    iv_method = "REML" if method == "GLMM" else method
    iv_test = "knha" if method == "GLMM" and test == "t" else test
    glmm_test = "t" if test in ("knha", "t") else "z"
    out = [pool_proportions(events, totals, measure=m, method=iv_method, test=iv_test, level=level, cc=cc)
           for m in MEASURES]
    out.append(pool_proportions(events, totals, measure="PLO", method="GLMM", test=glmm_test, level=level, cc=cc))
    return tuple(out)
