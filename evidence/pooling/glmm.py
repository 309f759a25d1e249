"""The binomial-normal model: random-intercept logistic regression fitted by maximum likelihood.

This is metafor's ``rma.glmm(measure="PLO")``, which calls lme4's ``glmer(..., nAGQ=7)``: each
study's likelihood integrates the binomial over a normal random intercept with 7-point adaptive
Gauss-Hermite quadrature (nodes centred on the conditional mode, scaled by its curvature). The
fixed-effect variance comes from the inverse Hessian of the log-likelihood in (beta, tau), as
lme4's default ``vcov``. Heterogeneity tests are those metafor reports for this model: the Wald
and likelihood-ratio tests of the saturated against the common-effect logistic model.

The model cannot be fitted from one study, when no study (or every study) has all its units
with the event, or when every study reports the same proportion (the variance has no
information; lme4 fails there too). :class:`GlmmNotFitted` then carries the reason.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy import special, stats

__all__ = ["AGQ_POINTS", "GlmmNotFitted", "fit_glmm"]

AGQ_POINTS = 7  # lme4's nAGQ used by metafor's rma.glmm
_NODES, _W = hermegauss(AGQ_POINTS)
_LOG_W = np.log(_W / math.sqrt(2 * math.pi))
# Below this random-intercept SD the fit is the common-effect model: the log-likelihood is flat
# in tau to within 1e-12 there, and tau² < 1e-8 is far under any reported precision.
_TAU_ZERO = 1e-4


class GlmmNotFitted(Exception):
    """The binomial-normal model cannot be fitted to these counts; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _log_joint(x: np.ndarray, n: np.ndarray, beta: float, tau: float, u: np.ndarray) -> np.ndarray:
    eta = beta + tau * u
    return x * eta - n * np.logaddexp(0.0, eta) - 0.5 * u * u


def _modes(x: np.ndarray, n: np.ndarray, beta: float, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """Conditional modes of the spherical random effects, and the curvature there.

    Newton on a concave function can still overshoot when the binomial saturates (studies with
    all or no events), so each step is halved until the log joint density does not decrease.
    """
    u = np.zeros_like(x)
    g = _log_joint(x, n, beta, tau, u)
    for _ in range(200):
        p = special.expit(beta + tau * u)
        step = (tau * (x - n * p) - u) / (tau * tau * n * p * (1 - p) + 1.0)
        for _ in range(60):
            g_new = _log_joint(x, n, beta, tau, u + step)
            # rounding makes g wobble by ~1e-13 near the mode: only a real decrease counts
            worse = g_new < g - 1e-10 * (1.0 + np.abs(g))
            if not worse.any():
                break
            step = np.where(worse, step / 2, step)
        u = u + step
        g = _log_joint(x, n, beta, tau, u)
        if np.max(np.abs(step)) < 1e-12:
            break
    p = special.expit(beta + tau * u)
    return u, tau * tau * n * p * (1 - p) + 1.0


def _study_loglik(x: np.ndarray, n: np.ndarray, beta: float, tau: float) -> np.ndarray:
    u, curv = _modes(x, n, beta, tau)
    s = 1.0 / np.sqrt(curv)
    nodes = u[:, None] + s[:, None] * _NODES[None, :]
    eta = beta + tau * nodes
    log_binom = x[:, None] * eta - n[:, None] * np.logaddexp(0.0, eta)
    g = log_binom - 0.5 * nodes ** 2 + 0.5 * _NODES[None, :] ** 2
    return np.log(s) + special.logsumexp(g + _LOG_W[None, :], axis=1)


def _loglik(theta: np.ndarray, x: np.ndarray, n: np.ndarray) -> float:
    return float(_study_loglik(x, n, float(theta[0]), abs(float(theta[1]))).sum())


def _hessian(f, theta: np.ndarray, h: np.ndarray) -> np.ndarray:
    d = theta.size
    hess = np.empty((d, d))
    for i in range(d):
        for j in range(i, d):
            ei = np.zeros(d)
            ej = np.zeros(d)
            ei[i] = h[i]
            ej[j] = h[j]
            val = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (4 * h[i] * h[j])
            hess[i, j] = hess[j, i] = val
    return hess


def _newton(f, theta: np.ndarray) -> np.ndarray:
    """Minimize f by Newton steps on finite-difference derivatives, with a halving line search.

    The log-likelihood is even in tau, so tau may cross zero freely; where the Hessian is not
    positive definite (far from the optimum) the step falls back to scaled gradient descent.
    """
    fx = f(theta)
    for _ in range(200):
        h = 1e-4 * np.maximum(1.0, np.abs(theta))
        hess = _hessian(f, theta, h)
        grad = np.array([(f(theta + e) - f(theta - e)) / (2 * he) for e, he in zip(np.diag(h), h)])
        if np.all(np.linalg.eigvalsh(hess) > 0):
            step = np.linalg.solve(hess, grad)
        else:
            step = grad / np.maximum(np.abs(np.diag(hess)), 1.0)
        t = 1.0
        for _ in range(40):
            candidate = theta - t * step
            fc = f(candidate)
            if fc <= fx:
                break
            t /= 2
        else:
            return theta
        moved = np.max(np.abs(candidate - theta))
        theta, fx = candidate, fc
        if moved < 1e-10:
            break
    return theta


def _check_fittable(x: np.ndarray, n: np.ndarray) -> None:
    if x.size < 2:
        raise GlmmNotFitted("only one study: a between-study variance cannot be estimated from one study")
    if (x == 0).all():
        raise GlmmNotFitted("no study reports any event, so the pooled logit is minus infinity")
    if (x == n).all():
        raise GlmmNotFitted("every study reports the event in all its units, so the pooled logit is plus infinity")
    if (x * n[0] == x[0] * n).all():
        raise GlmmNotFitted(f"all studies report the same proportion ({x[0]}/{n[0]}), so there is no "
                            "between-study variation to estimate (lme4, which R metafor uses, fails here too)")


def _logit_dl_tau2(x: np.ndarray, n: np.ndarray) -> float:
    """DerSimonian-Laird tau² on the continuity-corrected logit scale: a starting value."""
    corrected = (x == 0) | (x == n)
    xc = np.where(corrected, x + 0.5, x)
    nc = np.where(corrected, n + 1.0, n)
    y = np.log(xc / (nc - xc))
    w = (xc * (nc - xc)) / nc
    mu = (w * y).sum() / w.sum()
    q = (w * (y - mu) ** 2).sum()
    return max(0.0, (q - (x.size - 1)) / (w.sum() - (w * w).sum() / w.sum()))


def _heterogeneity_tests(x: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Wald and likelihood-ratio statistics of the saturated vs the common-effect logistic model.

    A study with 0 or n events has an infinite saturated logit with infinite variance, so it
    adds nothing to the Wald statistic (glm's finite approximation adds ~1e-8).
    """
    inner = (x > 0) & (x < n)
    xi, ni = x[inner], n[inner]
    wald = 0.0
    if xi.size >= 2:
        y = np.log(xi / (ni - xi))
        w = 1.0 / (1.0 / xi + 1.0 / (ni - xi))
        wald = float((w * (y - (w * y).sum() / w.sum()) ** 2).sum())
    p = x.sum() / n.sum()
    lrt = 2.0 * float((special.xlogy(x, x / (n * p)) + special.xlogy(n - x, (n - x) / (n * (1 - p)))).sum())
    return max(wald, 0.0), max(lrt, 0.0)


@lru_cache(maxsize=256)
def _optimum(events: tuple[int, ...], totals: tuple[int, ...]) -> tuple[float, float, float]:
    """(beta, tau, var(beta)) at the maximum likelihood; cached because the z and t versions
    of one analysis (and a sensitivity table) share the same fit."""
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    pooled = x.sum() / n.sum()
    start_beta = math.log(pooled / (1 - pooled))
    f = lambda th: -_loglik(th, x, n)  # noqa: E731
    theta = _newton(f, np.array([start_beta, max(0.3, math.sqrt(_logit_dl_tau2(x, n)))]))
    if abs(theta[1]) < _TAU_ZERO:
        return start_beta, 0.0, float(1.0 / (n * pooled * (1 - pooled)).sum())
    beta, tau = float(theta[0]), float(abs(theta[1]))
    h = 1e-4 * np.maximum(1.0, np.abs(theta))
    return beta, tau, float(np.linalg.inv(_hessian(f, np.array([beta, tau]), h))[0, 0])


def fit_glmm(events: np.ndarray, totals: np.ndarray, *, test: str, level: float) -> dict[str, float]:
    """Fit the model; return the model-scale fields of a pooled estimate (no proportions)."""
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    _check_fittable(x, n)
    k = x.size
    beta, tau, var_beta = _optimum(tuple(int(v) for v in x), tuple(int(v) for v in n))
    se = math.sqrt(var_beta)
    tau2 = tau * tau
    alpha = 1 - level
    stat = beta / se
    if test == "t":
        df = float(k - 1)
        crit = stats.t.ppf(1 - alpha / 2, df)
        pval = 2 * stats.t.sf(abs(stat), df)
    else:
        df = math.nan
        crit = stats.norm.ppf(1 - alpha / 2)
        pval = 2 * stats.norm.sf(abs(stat))
    pred_sd = math.sqrt(se * se + tau2)
    crit2 = stats.t.ppf(1 - alpha / 2, k - 2) if k >= 3 else math.nan
    # I² and H² use the logit sampling variances with metafor's continuity correction.
    corrected = (x == 0) | (x == n)
    xc = np.where(corrected, x + 0.5, x)
    nc = np.where(corrected, n + 1.0, n)
    w = 1.0 / (1.0 / xc + 1.0 / (nc - xc))
    vt = (k - 1) / (w.sum() - (w * w).sum() / w.sum())
    wald, lrt = _heterogeneity_tests(x, n)
    nan = math.nan
    return {
        "estimate": beta, "se": se, "stat": stat, "pval": pval,
        "ci_lb": beta - crit * se, "ci_ub": beta + crit * se, "df": df,
        "tau2": tau2, "tau": tau, "se_tau2": nan,
        "I2": 100 * tau2 / (vt + tau2), "H2": tau2 / vt + 1,
        "Q": nan, "Q_p": nan,
        "tau2_ci_lb": nan, "tau2_ci_ub": nan, "I2_ci_lb": nan, "I2_ci_ub": nan,
        "H2_ci_lb": nan, "H2_ci_ub": nan,
        "pi_lb": beta - crit * pred_sd, "pi_ub": beta + crit * pred_sd,
        "pi_tk2_lb": beta - crit2 * pred_sd, "pi_tk2_ub": beta + crit2 * pred_sd,
        "Q_wald": wald, "Q_wald_p": float(stats.chi2.sf(wald, k - 1)),
        "Q_lrt": lrt, "Q_lrt_p": float(stats.chi2.sf(lrt, k - 1)),
    }
