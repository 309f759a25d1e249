"""The test for subgroup differences, two ways, as R users report it.

Separate tau² (R meta's default): pool each subgroup on its own and test the subgroup estimates
against their inverse-variance mean, Q_between on G - 1 df. Common tau²: a meta-regression on
the subgroup factor (metafor ``rma(mods = ~ factor(subgroup))``) and its omnibus QM test (an F
test for knha/t). Subgroups keep the order in which they first appear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from evidence.errors import PoolingError
from evidence.pooling.api import pool_proportions
from evidence.pooling.model import fit_batch, wald_test
from evidence.pooling.result import PooledEstimate
from evidence.pooling.transforms import effect_sizes
from evidence.pooling.validate import check_counts, check_options
from evidence.pooling.weighted import Design

__all__ = ["SubgroupTest", "subgroup_test"]


@dataclass(frozen=True)
class SubgroupTest:
    """Per-subgroup results and both tests for differences between subgroups.

    ``qm_df`` is the numerator df; ``qm_df2`` the denominator df of the F test (NaN for z).
    The common-tau² fields are NaN for the GLMM and when there are no more studies than
    subgroups; ``notes`` says why.
    """

    levels: tuple[str, ...]
    groups: tuple[PooledEstimate, ...]
    q_between: float
    df_between: int
    p_between: float
    qm: float
    qm_df: int
    qm_df2: float
    qm_p: float
    tau2_common: float
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"levels": list(self.levels), "groups": [g.to_dict() for g in self.groups],
                "q_between": self.q_between, "df_between": self.df_between, "p_between": self.p_between,
                "qm": self.qm, "qm_df": self.qm_df, "qm_df2": self.qm_df2, "qm_p": self.qm_p,
                "tau2_common": self.tau2_common, "notes": list(self.notes)}


def subgroup_test(events, totals, labels, *, measure: str = "PLO", method: str = "REML", test: str = "z",
                  level: float = 0.95, cc: float = 0.5) -> SubgroupTest:
    check_options(measure, method, test, level, cc)
    x, n = check_counts(events, totals)
    labels = [str(s) for s in labels]
    if len(labels) != x.size:
        raise PoolingError(f"'labels' needs one subgroup per study ({x.size}), got {len(labels)}")
    levels = tuple(dict.fromkeys(labels))
    if len(levels) < 2:
        raise PoolingError(f"a subgroup analysis needs at least two subgroups (got {list(levels)})")
    members = [np.array([lab == lev for lab in labels]) for lev in levels]
    groups = tuple(pool_proportions(x[m], n[m], measure=measure, method=method, test=test, level=level, cc=cc)
                   for m in members)
    mu = np.array([g.estimate for g in groups])
    se = np.array([g.se for g in groups])
    g_df = len(levels) - 1
    if np.all(np.isfinite(mu)) and np.all(np.isfinite(se)) and np.all(se > 0):
        w = 1.0 / se ** 2
        qb = float((w * (mu - (w * mu).sum() / w.sum()) ** 2).sum())
        pb = float(stats.chi2.sf(qb, g_df))
    else:
        qb = pb = math.nan
    notes: list[str] = []
    qm = qm_p = tau2_common = qm_df2 = math.nan
    if method == "GLMM":
        notes.append("common-tau² test not available for the GLMM")
    elif x.size <= len(levels):
        notes.append(f"common-tau² test needs more studies ({x.size}) than subgroups ({len(levels)})")
    else:
        y, v, _ = effect_sizes(x[:, None], n[:, None], measure, cc)
        design = Design(np.column_stack([np.ones(x.size)] + [m.astype(float) for m in members[1:]]))
        fit = fit_batch(y, v, method=method, test=test, level=level, design=design, with_ci=False)
        qm, qm_p, _ = wald_test(fit["beta"][0], fit["vb"][0], list(range(1, len(levels))), test, x.size - len(levels))
        qm_df2 = float(x.size - len(levels)) if test in ("knha", "t") else math.nan
        tau2_common = float(fit["tau2"][0])
    return SubgroupTest(levels=levels, groups=groups, q_between=qb, df_between=g_df, p_between=pb,
                        qm=qm, qm_df=g_df, qm_df2=qm_df2, qm_p=qm_p, tau2_common=tau2_common, notes=tuple(notes))
