"""The one entry point for pooling proportions: counts in, a frozen :class:`PooledEstimate` out.

Many analyses passed together are pooled in one vectorized pass per study count k; k = 1 and
the GLMM are handled one analysis at a time. Everything a reader needs to interpret a result
(one study, a two-study Hartung-Knapp interval, a GLMM that could not be fitted, an unreliable
Freeman-Tukey back-transform) is written into ``notes`` in plain language.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from scipy import stats

from evidence.errors import PoolingError
from evidence.pooling.glmm import GlmmNotFitted, fit_glmm
from evidence.pooling.model import fit_batch
from evidence.pooling.result import PooledEstimate
from evidence.pooling.transforms import back_transform, effect_sizes
from evidence.pooling.validate import check_counts, check_many, check_options

__all__ = ["FT_SIZE_RATIO", "pool_proportions"]

# Schwarzer et al. (2019, Res Synth Methods 10:476) show the Freeman-Tukey back-transform with a
# harmonic-mean n misleads when study sizes differ a lot; a tenfold spread is where their
# examples start to disagree visibly with the other transforms.
FT_SIZE_RATIO = 10.0

_LOCATION = ("estimate", "ci_lb", "ci_ub", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub")
_SCALARS = ("estimate", "se", "stat", "pval", "ci_lb", "ci_ub", "df", "tau2", "tau", "se_tau2",
            "I2", "H2", "Q", "Q_p", "tau2_ci_lb", "tau2_ci_ub", "I2_ci_lb", "I2_ci_ub",
            "H2_ci_lb", "H2_ci_ub", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub")


def _is_many(events: Any) -> bool:
    if isinstance(events, np.ndarray):
        return events.ndim == 2 or (events.dtype == object and events.ndim == 1)
    return isinstance(events, (list, tuple)) and len(events) > 0 and all(
        isinstance(e, (list, tuple, np.ndarray)) for e in events)


def pool_proportions(events: Any, totals: Any, *, measure: str = "PLO", method: str = "REML",
                     test: str = "z", level: float = 0.95, cc: float = 0.5) -> PooledEstimate | list[PooledEstimate]:
    """Pool single proportions with a random-effects (or common-effect) meta-analysis.

    ``events``/``totals`` are counts per study; a list of count arrays pools many analyses and
    returns a list. ``measure``: PLO, PFT, PAS or PR; ``method``: EE, DL, REML, PM, ML, HS, SJ,
    EB or GLMM (binomial-normal model, logit scale); ``test``: z, knha or t (GLMM: z or t);
    ``cc``: continuity correction for PLO/PR studies with 0 or n events (0 turns it off).
    """
    check_options(measure, method, test, level, cc)
    if not _is_many(events):
        x, n = check_counts(events, totals)
        return _pool_many([x], [n], measure, method, test, float(level), float(cc))[0]
    if not _is_many(totals) or len(events) != len(totals):
        raise PoolingError("to pool many analyses pass a list of event arrays and a list of total arrays "
                           f"of the same length (got {len(events)} event arrays)")
    xs, ns = check_many(events, totals)
    return _pool_many(xs, ns, measure, method, test, float(level), float(cc))


def _pool_many(xs: Sequence[np.ndarray], ns: Sequence[np.ndarray], measure: str, method: str,
               test: str, level: float, cc: float) -> list[PooledEstimate]:
    results: list[PooledEstimate | None] = [None] * len(xs)
    by_k: dict[int, list[int]] = defaultdict(list)
    for i, x in enumerate(xs):
        if method == "GLMM":
            results[i] = _glmm_or_fallback(xs[i], ns[i], test, level, cc)
        else:
            by_k[x.size].append(i)
    for k, idx in by_k.items():
        x = np.stack([xs[i] for i in idx])
        n = np.stack([ns[i] for i in idx])
        for i, res in zip(idx, _pool_same_k(x, n, measure, method, test, level, cc)):
            results[i] = res
    return results  # type: ignore[return-value]


def _pool_same_k(x: np.ndarray, n: np.ndarray, measure: str, method: str, test: str,
                 level: float, cc: float) -> list[PooledEstimate]:
    m, k = x.shape
    y, v, corrected = effect_sizes(x, n, measure, cc)
    _refuse_undefined(y, v, measure, cc)
    eff_test = "z" if k == 1 else test
    cols = _single_study(y, v, level) if k == 1 else fit_batch(y, v, method=method, test=test, level=level)
    props = back_transform(np.stack([cols[f] for f in _LOCATION], axis=1), measure, n)
    notes = _notes(x, n, measure, method, test, level)
    scalars = {f: np.asarray(cols[f], dtype=float).tolist() for f in _SCALARS}
    prop_cols = props.T.tolist()
    weights = cols["weights_pct"].tolist()
    ys, vs = y.tolist(), v.tolist()
    applied = [tuple(np.flatnonzero(row).tolist()) for row in corrected]
    out = []
    for j in range(m):
        s = {f: scalars[f][j] for f in _SCALARS}
        out.append(PooledEstimate(
            measure=measure, method=method, test=eff_test, level=level, k=k, Q_df=k - 1,
            prop=prop_cols[0][j], prop_ci_lb=prop_cols[1][j], prop_ci_ub=prop_cols[2][j],
            prop_pi_lb=prop_cols[3][j], prop_pi_ub=prop_cols[4][j],
            prop_pi_tk2_lb=prop_cols[5][j], prop_pi_tk2_ub=prop_cols[6][j],
            weights_pct=tuple(weights[j]), yi=tuple(ys[j]), vi=tuple(vs[j]),
            cc_applied=applied[j], notes=notes[j], **s))
    return out


def _refuse_undefined(y: np.ndarray, v: np.ndarray, measure: str, cc: float) -> None:
    bad = ~np.isfinite(y) | ~np.isfinite(v) | (v <= 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise PoolingError(
            f"study {col + 1} has no finite {measure} effect size with positive variance "
            f"(0 or all events and cc={cc:g}); use cc=0.5, or measure PFT or PAS")


def _single_study(y: np.ndarray, v: np.ndarray, level: float) -> dict[str, np.ndarray]:
    m = y.shape[0]
    est = y[:, 0]
    se = np.sqrt(v[:, 0])
    crit = stats.norm.ppf(1 - (1 - level) / 2)
    stat = est / se
    nan = np.full(m, np.nan)
    cols = {f: nan for f in _SCALARS}
    cols.update(estimate=est, se=se, stat=stat, pval=2 * stats.norm.sf(np.abs(stat)),
                ci_lb=est - crit * se, ci_ub=est + crit * se, Q=np.zeros(m),
                weights_pct=np.full((m, 1), 100.0))
    return cols


def _notes(x: np.ndarray, n: np.ndarray, measure: str, method: str, test: str, level: float) -> list[tuple[str, ...]]:
    m, k = x.shape
    common: list[str] = []
    if k == 1:
        common.append("only one study: its own estimate, heterogeneity not estimable")
        if test != "z":
            common.append(f"the {test} test needs at least two studies; the z test was used")
    elif k == 2 and test in ("knha", "t"):
        crit_t = stats.t.ppf(1 - (1 - level) / 2, 1)
        crit_z = stats.norm.ppf(1 - (1 - level) / 2)
        common.append(f"only two studies: the {test} interval uses a t distribution with 1 degree of "
                      f"freedom (critical value {crit_t:.2f} instead of {crit_z:.2f}), so it is very wide")
    if method == "EE" and test == "knha" and k > 1:
        common.append("the Hartung-Knapp adjustment is not meant for a common-effect (EE) model")
    out = []
    ratio = n.max(axis=1) / n.min(axis=1)
    for j in range(m):
        notes = list(common)
        if measure == "PFT" and ratio[j] >= FT_SIZE_RATIO:
            notes.append(f"Freeman-Tukey back-transform unreliable: study sizes differ {ratio[j]:.0f}-fold "
                         f"({int(n[j].min())} to {int(n[j].max())}); compare with the logit (PLO) or GLMM result")
        out.append(tuple(notes))
    return out


def _glmm_or_fallback(x: np.ndarray, n: np.ndarray, test: str, level: float, cc: float) -> PooledEstimate:
    try:
        cols = fit_glmm(x, n, test=test, level=level)
    except GlmmNotFitted as exc:
        fallback = _pool_same_k(x[None, :], n[None, :], "PLO", "ML", "knha" if test == "t" else "z", level, cc)[0]
        reason = (f"GLMM not fitted: {exc.reason}; reported instead: inverse-variance logit model "
                  f"(ML, cc={cc:g})")
        return replace(fallback, notes=(reason,) + fallback.notes)
    y, v, corrected = effect_sizes(x[None, :], n[None, :], "PLO", cc)
    props = back_transform(np.array([[cols[f] for f in _LOCATION]]), "PLO", n[None, :])[0]
    notes = _notes(x[None, :], n[None, :], "PLO", "GLMM", test, level)[0]
    return PooledEstimate(
        measure="PLO", method="GLMM", test=test, level=level, k=int(x.size), Q_df=int(x.size) - 1,
        prop=float(props[0]), prop_ci_lb=float(props[1]), prop_ci_ub=float(props[2]),
        prop_pi_lb=float(props[3]), prop_pi_ub=float(props[4]),
        prop_pi_tk2_lb=float(props[5]), prop_pi_tk2_ub=float(props[6]),
        weights_pct=tuple([math.nan] * x.size), yi=tuple(y[0].tolist()), vi=tuple(v[0].tolist()),
        cc_applied=tuple(np.flatnonzero(corrected[0]).tolist()), notes=notes,
        **{f: float(cols[f]) for f in _SCALARS},
        Q_wald=float(cols["Q_wald"]), Q_wald_p=float(cols["Q_wald_p"]),
        Q_lrt=float(cols["Q_lrt"]), Q_lrt_p=float(cols["Q_lrt_p"]))
