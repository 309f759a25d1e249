"""The numeric core: Brent's root finder against R's uniroot, the Q-profile shortcut, REML's
Newton finish, and sums over studies that do not depend on the rest of the batch."""

from __future__ import annotations

import numpy as np
import pytest

from evidence.pooling import estimators, heterogeneity
from evidence.pooling.rootfind import zeroin
from evidence.pooling.transforms import effect_sizes
from evidence.pooling.weighted import Design, coldot, colsum

# R 4.2.2: r <- uniroot(f, interval, tol = tol, maxiter = 1000); sprintf("%.17g", r$root); r$iter
# (tol = 1e-12 and .Machine$double.eps^0.25 = 0.0001220703125)
R_UNIROOT = [
    (lambda x: x ** 3 - 2 * x - 5, (0.0, 10.0), 1e-12, 2.0945514815423265, 13),
    (lambda x: x ** 3 - 2 * x - 5, (0.0, 10.0), 0.0001220703125, 2.0945515168188189, 11),
    (lambda x: 1 / (x + 0.3) + 2 / (x + 0.05) - 7, (0.0, 1e6), 1e-12, 0.3210666756796306, 29),
    (lambda x: 1 / (x + 0.3) + 2 / (x + 0.05) - 7, (0.0, 1e6), 0.0001220703125, 0.32109066778945067, 27),
    (lambda x: 1 / (x + 1e-9) + 1 / (x + 3e-10) - 2.5e9, (0.0, 1e6), 1e-12, 2.8145604511196199e-10, 46),
    (lambda x: 1 / (x + 1e-9) + 1 / (x + 3e-10) - 2.5e9, (0.0, 1e6), 0.0001220703125, 0.0, 27),
    (lambda x: np.exp(-x) - x, (-1.0, 1e3), 1e-12, 0.56714329040978384, 6),
    (lambda x: np.exp(-x) - x, (-1.0, 1e3), 0.0001220703125, 0.56716941731718196, 5),
    (lambda x: (x - 1e-9) * (x + 5), (0.0, 1e6), 1e-12, 1.0000000000005439e-09, 41),
    (lambda x: (x - 1e-9) * (x + 5), (0.0, 1e6), 0.0001220703125, 0.0, 1),
]


def _solve(cases):
    calls = [0] * len(cases)

    def f(x, idx):
        for i in idx:
            calls[i] += 1
        return np.array([cases[i][0](xi) for i, xi in zip(idx, x)])
    lower = np.array([c[1][0] for c in cases])
    upper = np.array([c[1][1] for c in cases])
    f_lower = np.array([c[0](lo) for c, lo in zip(cases, lower)])
    f_upper = np.array([c[0](hi) for c, hi in zip(cases, upper)])
    roots = [zeroin(f, lower[i:i + 1], upper[i:i + 1], f_lower[i:i + 1], f_upper[i:i + 1],
                    tol=cases[i][2], maxiter=1000)[0][0] for i in range(len(cases))]
    return roots, calls


@pytest.mark.parametrize("case", R_UNIROOT)
def test_zeroin_stops_where_r_uniroot_stops(case):
    (root,), (calls,) = _solve([case])
    assert root == case[3]  # the same double, not just close
    assert calls == case[4]  # one evaluation of f per iteration, as uniroot's iter counts them


def test_zeroin_solves_problems_together_as_one_by_one():
    # mixed tolerances are not supported in one call: group by tolerance
    for tol in (1e-12, 0.0001220703125):
        cases = [c for c in R_UNIROOT if c[2] == tol]

        def f(x, idx, cases=cases):
            return np.array([cases[i][0](xi) for i, xi in zip(idx, x)])
        lower = np.array([c[1][0] for c in cases])
        upper = np.array([c[1][1] for c in cases])
        roots, ok = zeroin(f, lower, upper, np.array([c[0](v) for c, v in zip(cases, lower)]),
                           np.array([c[0](v) for c, v in zip(cases, upper)]), tol=tol, maxiter=1000)
        assert roots.tolist() == [c[3] for c in cases] and ok.all()


def test_zeroin_reports_a_search_cut_short_by_maxiter():
    f, (lo, hi), tol, root, iterations = R_UNIROOT[2]
    roots, ok = zeroin(lambda x, idx: f(x), np.array([lo]), np.array([hi]), np.array([f(lo)]),
                       np.array([f(hi)]), tol=tol, maxiter=5)
    assert not ok[0] and roots[0] != root


def _batch(seed: int, m: int = 300):
    """Raw proportions of rare events (tau² bounds from 1e-10 up) and logits, k = 3..15; in half
    of the analyses every study has the same true proportion (tau² often estimated as 0)."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 16))
    n = rng.integers(20, 200_000, size=(k, m))
    p = np.where(np.arange(m) < m // 2, rng.beta(0.4, 40, size=(k, m)), rng.beta(0.4, 40, size=m))
    x = rng.binomial(n, p)
    return [effect_sizes(x, n, measure, 0.5)[:2] for measure in ("PR", "PLO")]


@pytest.mark.parametrize("seed", [1, 2])
def test_q_profile_root_is_within_1e9_of_r_stopping_point_above_the_replay_threshold(seed):
    """QP_REPLAY_BELOW's justification: above it, the root we return and the point where R's
    search would stop differ by less than 1e-9 relative; below it we return R's stopping point."""
    design = Design()
    checked = 0
    for y, v in _batch(seed):
        q0, _ = estimators.generalized_q(y, v, np.zeros(y.shape[1]), design)
        lower, upper = heterogeneity.q_profile_ci(y, v, 0.95, design, q0=q0)
        crit_l, crit_u = heterogeneity._chi2_quantiles(0.95, y.shape[0] - 1)
        for bound, crit in ((lower, crit_u), (upper, crit_l)):
            found = np.flatnonzero(bound > 0)
            r_stop = heterogeneity._uniroot(y[:, found], v[:, found], crit, design, q0[found])
            ours = bound[found]
            replayed = ours < heterogeneity.QP_REPLAY_BELOW
            assert (ours[replayed] == r_stop[replayed]).all()
            assert np.all(np.abs(ours - r_stop) <= 1e-9 * r_stop)
            checked += int((~replayed).sum())
    assert checked > 100


def test_reml_newton_finish_reaches_the_root_fisher_scoring_reaches(monkeypatch):
    """Pure Fisher scoring (metafor's iteration) and our Fisher-then-Newton agree, boundary
    cases (tau² = 0) included."""
    for y, v in _batch(3, m=200):
        for method in ("REML", "ML"):
            fast, _ = estimators.tau2_estimate(y, v, method)
            with monkeypatch.context() as mp:
                mp.setattr(estimators, "NEWTON_SWITCH", 0.0)
                slow, _ = estimators.tau2_estimate(y, v, method)
            assert (fast == 0).sum() > 0 and (fast > 0).sum() > 0
            assert np.all(np.abs(fast - slow) <= 1e-8 * slow + 1e-13)


def test_sums_over_studies_of_one_column_equal_that_column_in_a_batch():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(23, 40)) * 10.0 ** rng.uniform(-3, 3, size=(23, 40))
    b = rng.normal(size=(23, 40))
    spaced = np.zeros((23, 80))
    spaced[:, ::2] = a
    for layout in (a, np.asfortranarray(a), spaced[:, ::2]):
        for j in range(0, 40, 7):
            assert colsum(layout[:, j:j + 1])[0] == colsum(a)[j]
            assert coldot(layout[:, j:j + 1], b[:, j:j + 1])[0] == coldot(a, b)[j]
