"""The inverse-variance random-effects model (metafor's ``rma.uni``) for a batch of analyses.

Given effect sizes ``y`` and sampling variances ``v`` of shape (k, m) (study-major: column j is
analysis j, see ``weighted``), k >= 2, returns every model-scale number of the conformance
records as arrays of shape (m,): estimate and its test
(z, t, or Hartung-Knapp "knha"), heterogeneity, the Q-profile interval for tau², and two
prediction intervals (metafor's default, and the t(k-2) Higgins form). For a meta-regression
pass a ``Design``; the location numbers then refer to coefficient ``coef``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from evidence.pooling.estimators import tau2_estimate
from evidence.pooling.heterogeneity import cochran_q, i2_h2, q_profile_ci
from evidence.pooling.weighted import Design, coldot, colsum

__all__ = ["fit_batch", "wald_test"]


def fit_batch(y: np.ndarray, v: np.ndarray, *, method: str, test: str, level: float,
              design: Design | None = None, coef: int = 0, with_ci: bool = True) -> dict[str, np.ndarray]:
    design = design or Design()
    k, m = y.shape
    p = design.p()
    tau2, se_tau2 = tau2_estimate(y, v, method, design)
    w = 1.0 / (v + tau2)
    beta, r, inv = design.fit(w, y)
    vb = inv
    if test == "knha":
        rss = coldot(w * r, r)
        # metafor sets the scale to 0 (not the tiny RSS) when the residuals vanish.
        s2w = np.where(rss <= np.finfo(float).eps, 0.0, rss / (k - p))
        vb = inv * s2w[:, None, None]
    se = np.sqrt(vb[:, coef, coef])
    est = beta[:, coef]
    alpha = 1.0 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = est / se
    if test in ("knha", "t"):
        df = float(k - p)
        crit = stats.t.ppf(1 - alpha / 2, df)
        pval = 2 * stats.t.sf(np.abs(stat), df)
    else:
        df = np.nan
        crit = stats.norm.ppf(1 - alpha / 2)
        pval = 2 * stats.norm.sf(np.abs(stat))
    q, q_p, vt = cochran_q(y, v, design)
    common = method == "EE"
    i2, h2 = i2_h2(tau2, vt, q, k - p, common)
    pred_sd = np.sqrt(se ** 2 + tau2)
    out = {
        "estimate": est, "se": se, "stat": stat, "pval": pval,
        "ci_lb": est - crit * se, "ci_ub": est + crit * se, "df": np.full(m, df),
        "tau2": tau2, "tau": np.sqrt(tau2), "se_tau2": se_tau2,
        "I2": i2, "H2": h2, "Q": q, "Q_p": q_p,
        "weights_pct": 100.0 * w / colsum(w),
        "beta": beta, "vb": vb,
    }
    nan = np.full(m, np.nan)
    if common:
        out.update(pi_lb=nan, pi_ub=nan)
    else:
        out.update(pi_lb=est - crit * pred_sd, pi_ub=est + crit * pred_sd)
    if k - p >= 2:
        crit2 = stats.t.ppf(1 - alpha / 2, k - 2)
        out.update(pi_tk2_lb=est - crit2 * pred_sd, pi_tk2_ub=est + crit2 * pred_sd)
    else:
        out.update(pi_tk2_lb=nan, pi_tk2_ub=nan)
    if common or not with_ci:
        out.update(tau2_ci_lb=nan, tau2_ci_ub=nan, I2_ci_lb=nan, I2_ci_ub=nan, H2_ci_lb=nan, H2_ci_ub=nan)
    else:
        lb, ub = q_profile_ci(y, v, level, design, q0=q)
        out.update(tau2_ci_lb=lb, tau2_ci_ub=ub,
                   I2_ci_lb=100 * lb / (vt + lb), I2_ci_ub=100 * ub / (vt + ub),
                   H2_ci_lb=lb / vt + 1, H2_ci_ub=ub / vt + 1)
    return out


def wald_test(beta: np.ndarray, vb: np.ndarray, coefs: list[int], test: str, df_resid: int) -> tuple[float, float, float]:
    """Omnibus test that the given coefficients are all zero: (QM, p, numerator df).

    With a t-based test (knha, t) QM is divided by the number of coefficients and referred to
    F(m, k - p), as metafor does.
    """
    b = beta[coefs]
    sub = vb[np.ix_(coefs, coefs)]
    qm = float(b @ np.linalg.solve(sub, b))
    n = len(coefs)
    if test in ("knha", "t"):
        qm /= n
        return qm, float(stats.f.sf(qm, n, df_resid)), float(n)
    return qm, float(stats.chi2.sf(qm, n)), float(n)
