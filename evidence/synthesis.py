"""Pool the corpus's cohort figures concept by concept, keeping units of analysis apart.

Each analysis gathers, for one (concept, unit), at most one figure per document, pools them with
:func:`evidence.pooling.pool_proportions`, repeats the pooling under every transform as a
sensitivity analysis and, on request, tests subgroup differences. Everything a reader should be
told (mixed units, a shared cohort, few studies, an unreliable back-transform) becomes a warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from evidence.pooling.result import PooledEstimate
from evidence.schema import CohortFigure

__all__ = ["OutcomeAnalysis", "StudyRow", "SubgroupAnalysis"]


@dataclass(frozen=True)
class StudyRow:
    """One study in an analysis, with its exact interval and where its numbers came from."""

    label: str
    events: int
    total: int
    proportion: float
    ci_lb: float
    ci_ub: float
    weight_pct: float
    document: int | None = None
    page: int | None = None
    subgroup: str | None = None
    figure: CohortFigure | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "events": self.events, "total": self.total,
                "proportion": self.proportion, "ci_lb": self.ci_lb, "ci_ub": self.ci_ub,
                "weight_pct": self.weight_pct, "document": self.document, "page": self.page,
                "subgroup": self.subgroup,
                "quote": None if self.figure is None else self.figure.quote,
                "section": None if self.figure is None else self.figure.section,
                "rule": None if self.figure is None else self.figure.rule}


@dataclass(frozen=True)
class SubgroupAnalysis:
    """The test for subgroup differences, with separate and with common between-study variance."""

    by: str
    groups: tuple[tuple[str, PooledEstimate], ...]
    q_between: float
    df_between: int
    p_between: float
    qm: float
    qm_df: int
    qm_p: float

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "groups": [{"name": n, "pooled": p.to_dict()} for n, p in self.groups],
                "q_between": self.q_between, "df_between": self.df_between, "p_between": self.p_between,
                "qm": self.qm, "qm_df": self.qm_df, "qm_p": self.qm_p}


@dataclass(frozen=True)
class OutcomeAnalysis:
    """The pooled analysis of one concept in one unit of analysis."""

    concept: str
    unit: str
    studies: tuple[StudyRow, ...]
    pooled: PooledEstimate
    sensitivity: tuple[PooledEstimate, ...]
    subgroups: SubgroupAnalysis | None
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "unit": self.unit, "k": self.pooled.k,
                "studies": [s.to_dict() for s in self.studies], "pooled": self.pooled.to_dict(),
                "sensitivity": [p.to_dict() for p in self.sensitivity],
                "subgroups": None if self.subgroups is None else self.subgroups.to_dict(),
                "warnings": list(self.warnings)}


_NAN = math.nan
