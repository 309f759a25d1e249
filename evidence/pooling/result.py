"""The frozen result of one pooled analysis of proportions, and its plain-dict views.

Field names follow the metaprop conformance suite (R metafor's record fields), so a result can be
compared with the reference, written as JSON and rendered without renaming. Quantities that are
not estimable are NaN and ``notes`` says why in plain language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from evidence.errors import PoolingError

__all__ = ["MEASURES", "METHODS", "PooledEstimate", "TESTS"]

MEASURES = ("PLO", "PFT", "PAS", "PR")
METHODS = ("EE", "DL", "REML", "PM", "ML", "HS", "SJ", "EB", "GLMM")
TESTS = ("z", "knha", "t")


@dataclass(frozen=True)
class PooledEstimate:
    """One meta-analysis: model-scale estimate and intervals, heterogeneity, proportion scale.

    ``estimate``/``ci_*``/``pi_*`` are on the scale of ``measure`` (logit, double arcsine,
    arcsine or raw); ``prop*`` are the same quantities back-transformed to a proportion.
    ``cc_applied`` holds 0-based indices of the studies that received the continuity correction.
    ``Q_wald``/``Q_lrt`` are filled for the GLMM only, whose ``Q`` is NaN.
    """

    measure: str
    method: str
    test: str
    level: float
    k: int
    estimate: float
    se: float
    stat: float
    pval: float
    ci_lb: float
    ci_ub: float
    df: float
    tau2: float
    tau: float
    se_tau2: float
    I2: float
    H2: float
    Q: float
    Q_df: int
    Q_p: float
    tau2_ci_lb: float
    tau2_ci_ub: float
    I2_ci_lb: float
    I2_ci_ub: float
    H2_ci_lb: float
    H2_ci_ub: float
    pi_lb: float
    pi_ub: float
    pi_tk2_lb: float
    pi_tk2_ub: float
    prop: float
    prop_ci_lb: float
    prop_ci_ub: float
    prop_pi_lb: float
    prop_pi_ub: float
    prop_pi_tk2_lb: float
    prop_pi_tk2_ub: float
    weights_pct: tuple[float, ...]
    yi: tuple[float, ...]
    vi: tuple[float, ...]
    cc_applied: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    Q_wald: float = math.nan
    Q_wald_p: float = math.nan
    Q_lrt: float = math.nan
    Q_lrt_p: float = math.nan

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise PoolingError(f"PooledEstimate: measure must be one of {', '.join(MEASURES)} (got {self.measure!r})")
        if self.method not in METHODS:
            raise PoolingError(f"PooledEstimate: method must be one of {', '.join(METHODS)} (got {self.method!r})")
        if self.test not in TESTS:
            raise PoolingError(f"PooledEstimate: test must be one of {', '.join(TESTS)} (got {self.test!r})")
        if not isinstance(self.k, int) or self.k < 1:
            raise PoolingError(f"PooledEstimate: k must be a whole number >= 1 (got {self.k!r})")
        if not (len(self.yi) == len(self.vi) == len(self.weights_pct) == self.k):
            raise PoolingError(f"PooledEstimate: yi, vi and weights_pct need k={self.k} values "
                               f"(got {len(self.yi)}, {len(self.vi)}, {len(self.weights_pct)})")

    def to_dict(self) -> dict[str, Any]:
        """Every field by its conformance name; tuples become lists."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per study (index, yi, vi, weight), for tables and data frames."""
        return [{"study": i, "yi": y, "vi": v, "weight_pct": w, "cc_applied": i in self.cc_applied}
                for i, (y, v, w) in enumerate(zip(self.yi, self.vi, self.weights_pct))]
