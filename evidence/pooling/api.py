"""The one entry point for pooling proportions: counts in, a frozen :class:`PooledEstimate` out.

Many analyses passed together are pooled column-wise: grouped by their number of studies k,
each group goes through the numeric core as (k, m) arrays (``CHUNK`` analyses at a time) and
comes back as columns (:class:`ResultColumns`) inside a :class:`PooledBatch`, which builds each
result only when it is read. k = 1 is a closed form over the same columns; the GLMM is fitted one analysis at a time.
Everything a reader needs to interpret a result (one study, a two-study Hartung-Knapp interval,
a GLMM that could not be fitted, an unreliable Freeman-Tukey back-transform) is written into
``notes`` in plain language.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import repeat
from typing import Any

import numpy as np
from scipy import stats

from evidence.errors import PoolingError
from evidence.pooling.glmm import GlmmNotFitted, fit_glmm
from evidence.pooling.model import CHUNK, fit_batch
from evidence.pooling.result import PooledBatch, PooledEstimate, ResultColumns
from evidence.pooling.transforms import back_transform, effect_sizes, harmonic_mean_n
from evidence.pooling.validate import check_counts, check_many, check_options

__all__ = ["FT_SIZE_RATIO", "pool_proportions"]

# Schwarzer et al. (2019, Res Synth Methods 10:476) show the Freeman-Tukey back-transform with a
# harmonic-mean n misleads when study sizes differ a lot; a tenfold spread is where their
# examples start to disagree visibly with the other transforms.
FT_SIZE_RATIO = 10.0

_LOCATION = ("estimate", "ci_lb", "ci_ub", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub")
_PROPS = ("prop", "prop_ci_lb", "prop_ci_ub", "prop_pi_lb", "prop_pi_ub", "prop_pi_tk2_lb", "prop_pi_tk2_ub")
_SCALARS = ("estimate", "se", "stat", "pval", "ci_lb", "ci_ub", "df", "tau2", "tau", "se_tau2",
            "I2", "H2", "Q", "Q_p", "tau2_ci_lb", "tau2_ci_ub", "I2_ci_lb", "I2_ci_ub",
            "H2_ci_lb", "H2_ci_ub", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub")
_GLMM_TESTS = ("Q_wald", "Q_wald_p", "Q_lrt", "Q_lrt_p")
_SEQUENCES = (list, tuple, np.ndarray)


def _is_many(events: Any) -> bool:
    if isinstance(events, np.ndarray):
        return events.ndim == 2 or (events.dtype == object and events.ndim == 1)
    return isinstance(events, (list, tuple)) and len(events) > 0 and all(
        map(isinstance, events, repeat(_SEQUENCES)))


def pool_proportions(events: Any, totals: Any, *, measure: str = "PLO", method: str = "REML",
                     test: str = "z", level: float = 0.95, cc: float = 0.5) -> PooledEstimate | PooledBatch:
    """Pool single proportions with a random-effects (or common-effect) meta-analysis.

    ``events``/``totals`` are counts per study; a list of count arrays pools many analyses in
    one vectorized pass and returns a :class:`PooledBatch` (a sequence of results, in order).
    ``measure``: PLO, PFT, PAS or PR; ``method``: EE, DL, REML, PM, ML, HS, SJ, EB or GLMM
    (binomial-normal model, logit scale); ``test``: z, knha or t (GLMM: z or t); ``cc``:
    continuity correction for PLO/PR studies with 0 or n events (0 turns it off).
    """
    check_options(measure, method, test, level, cc)
    level, cc = float(level), float(cc)
    if not _is_many(events):
        x, n = check_counts(events, totals)
        if method == "GLMM":
            return _glmm_or_fallback(x, n, test, level, cc)
        return _pool_columns(x[:, None], n[:, None], measure, method, test, level, cc).result(0)
    if not _is_many(totals) or len(events) != len(totals):
        raise PoolingError("to pool many analyses pass a list of event arrays and a list of total arrays "
                           f"of the same length (got {len(events)} event arrays)")
    parts: list[tuple[np.ndarray, ResultColumns | list[PooledEstimate]]] = []
    for positions, x, n in check_many(events, totals):
        if method == "GLMM":
            parts.append((positions, [_glmm_or_fallback(x[:, j], n[:, j], test, level, cc)
                                      for j in range(x.shape[1])]))
            continue
        for s in range(0, positions.size, CHUNK):
            cut = slice(s, s + CHUNK)
            parts.append((positions[cut], _pool_columns(x[:, cut], n[:, cut], measure, method, test, level, cc)))
    return PooledBatch(parts, len(events))


def _pool_columns(x: np.ndarray, n: np.ndarray, measure: str, method: str, test: str,
                  level: float, cc: float) -> ResultColumns:
    """Pool the m analyses in the columns of the (k, m) count arrays."""
    k = x.shape[0]
    y, v, corrected = effect_sizes(x, n, measure, cc)
    _refuse_undefined(y, v, measure, cc)
    cols = _single_study(y, v, level) if k == 1 else fit_batch(y, v, method=method, test=test, level=level)
    props = back_transform(np.stack([cols[f] for f in _LOCATION]), measure,
                           harmonic_mean_n(n) if measure == "PFT" else None)
    scalars = {f: cols[f] for f in _SCALARS}
    scalars.update(zip(_PROPS, props))
    nan = np.full(x.shape[1], np.nan)
    scalars.update((f, nan) for f in _GLMM_TESTS)
    return ResultColumns(measure=measure, method=method, test="z" if k == 1 else test, level=level, k=k,
                         scalars=scalars, yi=y, vi=v, weights_pct=cols["weights_pct"], corrected=corrected,
                         notes=_notes(k, method, test, level),
                         extra_notes=_FreemanTukeyNotes(n) if measure == "PFT" else None)


def _refuse_undefined(y: np.ndarray, v: np.ndarray, measure: str, cc: float) -> None:
    bad = ~np.isfinite(y) | ~np.isfinite(v) | (v <= 0)
    if bad.any():
        _, study = np.argwhere(bad.T)[0]
        raise PoolingError(
            f"study {study + 1} has no finite {measure} effect size with positive variance "
            f"(0 or all events and cc={cc:g}); use cc=0.5, or measure PFT or PAS")


def _single_study(y: np.ndarray, v: np.ndarray, level: float) -> dict[str, np.ndarray]:
    m = y.shape[1]
    est = y[0]
    se = np.sqrt(v[0])
    crit = stats.norm.ppf(1 - (1 - level) / 2)
    stat = est / se
    nan = np.full(m, np.nan)
    cols = {f: nan for f in _SCALARS}
    cols.update(estimate=est, se=se, stat=stat, pval=2 * stats.norm.sf(np.abs(stat)),
                ci_lb=est - crit * se, ci_ub=est + crit * se, Q=np.zeros(m),
                weights_pct=np.full((1, m), 100.0))
    return cols


def _notes(k: int, method: str, test: str, level: float) -> tuple[str, ...]:
    """The notes every analysis with these options and k studies shares."""
    notes: list[str] = []
    if k == 1:
        notes.append("only one study: its own estimate, heterogeneity not estimable")
        if test != "z":
            notes.append(f"the {test} test needs at least two studies; the z test was used")
    elif k == 2 and test in ("knha", "t"):
        crit_t = stats.t.ppf(1 - (1 - level) / 2, 1)
        crit_z = stats.norm.ppf(1 - (1 - level) / 2)
        notes.append(f"only two studies: the {test} interval uses a t distribution with 1 degree of "
                     f"freedom (critical value {crit_t:.2f} instead of {crit_z:.2f}), so it is very wide")
    if method == "EE" and test == "knha" and k > 1:
        notes.append("the Hartung-Knapp adjustment is not meant for a common-effect (EE) model")
    return tuple(notes)


class _FreemanTukeyNotes:
    """Analysis j's own note for PFT: the back-transform misleads with very unequal study sizes.

    A picklable callable (a batch may be sent to another process), built from the (k, m) totals.
    """

    def __init__(self, n: np.ndarray) -> None:
        self.smallest = n.min(axis=0)
        self.largest = n.max(axis=0)

    def __call__(self, j: int) -> tuple[str, ...]:
        lo, hi = int(self.smallest[j]), int(self.largest[j])
        if hi / lo < FT_SIZE_RATIO:
            return ()
        return (f"Freeman-Tukey back-transform unreliable: study sizes differ {hi / lo:.0f}-fold "
                f"({lo} to {hi}); compare with the logit (PLO) or GLMM result",)


def _glmm_or_fallback(x: np.ndarray, n: np.ndarray, test: str, level: float, cc: float) -> PooledEstimate:
    try:
        cols = fit_glmm(x, n, test=test, level=level)
    except GlmmNotFitted as exc:
        fallback = _pool_columns(x[:, None], n[:, None], "PLO", "ML", "knha" if test == "t" else "z",
                                 level, cc).result(0)
        reason = (f"GLMM not fitted: {exc.reason}; reported instead: inverse-variance logit model "
                  f"(ML, cc={cc:g})")
        return replace(fallback, notes=(reason,) + fallback.notes)
    y, v, corrected = effect_sizes(x, n, "PLO", cc)
    props = back_transform(np.array([cols[f] for f in _LOCATION]), "PLO")
    return PooledEstimate(
        measure="PLO", method="GLMM", test=test, level=level, k=int(x.size), Q_df=int(x.size) - 1,
        **dict(zip(_PROPS, props.tolist())),
        weights_pct=tuple([math.nan] * x.size), yi=tuple(y.tolist()), vi=tuple(v.tolist()),
        cc_applied=tuple(np.flatnonzero(corrected).tolist()), notes=_notes(int(x.size), "GLMM", test, level),
        **{f: float(cols[f]) for f in _SCALARS + _GLMM_TESTS})
