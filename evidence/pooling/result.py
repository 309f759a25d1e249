"""The frozen result of one pooled analysis of proportions, its plain-dict views, and a batch.

Field names follow the metaprop conformance suite (R metafor's record fields), so a result can be
compared with the reference, written as JSON and rendered without renaming. Quantities that are
not estimable are NaN and ``notes`` says why in plain language.

Many analyses pooled in one call come back as a :class:`PooledBatch`: the numbers are held as
columns (one array per field, computed for all analyses at once) and each
:class:`PooledEstimate` is built, and validated, only when it is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any, overload

import numpy as np

from evidence.errors import PoolingError

__all__ = ["FLOAT_FIELDS", "MEASURES", "METHODS", "PooledBatch", "PooledEstimate", "ResultColumns", "TESTS"]

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


FLOAT_FIELDS = tuple(f.name for f in fields(PooledEstimate) if f.type in ("float", float) and f.name != "level")


@dataclass(frozen=True, eq=False)
class ResultColumns:
    """Analyses pooled together with the same options and the same number of studies k.

    ``scalars`` maps every float field of :class:`PooledEstimate` to an array of shape (m,);
    ``yi``, ``vi``, ``weights_pct`` and ``corrected`` are (k, m), column j for analysis j.
    ``notes`` holds the notes shared by all; ``extra_notes(j)`` adds analysis j's own.
    """

    measure: str
    method: str
    test: str
    level: float
    k: int
    scalars: Mapping[str, np.ndarray]
    yi: np.ndarray
    vi: np.ndarray
    weights_pct: np.ndarray
    corrected: np.ndarray
    notes: tuple[str, ...] = ()
    extra_notes: Callable[[int], tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        missing = sorted(set(FLOAT_FIELDS) - set(self.scalars))
        if missing:
            raise PoolingError(f"ResultColumns: no column for {', '.join(missing)}")
        for name in ("yi", "vi", "weights_pct", "corrected"):
            if getattr(self, name).shape[0] != self.k:
                raise PoolingError(f"ResultColumns: {name} needs k={self.k} rows (got {getattr(self, name).shape})")
        for a in (*self.scalars.values(), self.yi, self.vi, self.weights_pct, self.corrected):
            a.flags.writeable = False

    def __len__(self) -> int:
        return self.yi.shape[1]

    @cached_property
    def _rows(self) -> tuple[list[list[float]], list[list[float]], list[list[float]], list[list[float]]]:
        """Python floats per analysis (scalars, yi, vi, weights), converted once for all."""
        table = np.stack([self.scalars[f] for f in FLOAT_FIELDS], axis=1)
        return table.tolist(), self.yi.T.tolist(), self.vi.T.tolist(), self.weights_pct.T.tolist()

    @cached_property
    def _any_corrected(self) -> np.ndarray:
        return self.corrected.any(axis=0)

    def result(self, j: int) -> PooledEstimate:
        scalars, yi, vi, weights = self._rows
        notes = self.notes + (self.extra_notes(j) if self.extra_notes else ())
        corrected = tuple(np.flatnonzero(self.corrected[:, j]).tolist()) if self._any_corrected[j] else ()
        return PooledEstimate(
            measure=self.measure, method=self.method, test=self.test, level=self.level, k=self.k,
            Q_df=self.k - 1, weights_pct=tuple(weights[j]), yi=tuple(yi[j]), vi=tuple(vi[j]),
            cc_applied=corrected, notes=notes, **dict(zip(FLOAT_FIELDS, scalars[j])))


class PooledBatch(Sequence[PooledEstimate]):
    """The results of many analyses pooled in one call, in the order they were given.

    A read-only sequence of :class:`PooledEstimate` (``len``, indexing, slicing, iteration);
    each is built on access from columns computed for all analyses at once. ``column(name)``
    returns one field for every analysis as an array without building any of them.
    """

    def __init__(self, parts: Sequence[tuple[np.ndarray, ResultColumns | Sequence[PooledEstimate]]], size: int) -> None:
        """``parts``: (positions in the batch, the results at those positions)."""
        self._parts = tuple(parts)
        self._part = np.full(size, -1, dtype=np.intp)
        self._col = np.empty(size, dtype=np.intp)
        for p, (positions, results) in enumerate(self._parts):
            if len(positions) != len(results):
                raise PoolingError(f"PooledBatch: {len(positions)} positions for {len(results)} results")
            self._part[positions] = p
            self._col[positions] = np.arange(len(positions))
        if (self._part < 0).any():
            raise PoolingError(f"PooledBatch: no result for position {int(np.flatnonzero(self._part < 0)[0])}")

    def __len__(self) -> int:
        return self._part.size

    @overload
    def __getitem__(self, i: int) -> PooledEstimate: ...

    @overload
    def __getitem__(self, i: slice) -> list[PooledEstimate]: ...

    def __getitem__(self, i: int | slice) -> PooledEstimate | list[PooledEstimate]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        j = range(len(self))[i]  # accepts negative indices, raises IndexError out of range
        results = self._parts[self._part[j]][1]
        col = int(self._col[j])
        return results.result(col) if isinstance(results, ResultColumns) else results[col]

    def __iter__(self) -> Iterator[PooledEstimate]:
        return (self[j] for j in range(len(self)))

    def column(self, name: str) -> np.ndarray:
        """One float field (e.g. "estimate", "tau2_ci_ub", "prop") of every analysis, in order."""
        if name not in FLOAT_FIELDS:
            raise PoolingError(f"'name' must be a numeric field of PooledEstimate, one of "
                               f"{', '.join(FLOAT_FIELDS)} (got {name!r})")
        out = np.empty(len(self))
        for positions, results in self._parts:
            if isinstance(results, ResultColumns):
                out[positions] = results.scalars[name]
            else:
                out[positions] = [getattr(r, name) for r in results]
        return out

    def __repr__(self) -> str:
        return f"<PooledBatch of {len(self)} analyses>"
