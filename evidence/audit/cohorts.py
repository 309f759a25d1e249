"""Counts that cannot fit their cohort: ``events_exceed_total`` and ``subgroup_exceeds_cohort``.

A :class:`CohortFigure` with more events than its total cannot be built, so the extractor drops
such phrases; this module finds them again in the sentences the paper's figures were read from:
"30 of 28 patients", "31/28 (110.7%)", "30 (107.14%)". Only count-shaped phrases are read, never
a bare percentage above 100 ("rose by 150%" is a legitimate change, not a proportion).

The whole cohort of a unit is the largest total a sentence states without a subgroup: taking the
largest keeps screened-then-enrolled papers (120 screened, 80 enrolled) silent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from evidence.audit.findings import (
    DENOMINATOR_INFERRED,
    EVENTS_EXCEED_TOTAL,
    SUBGROUP_EXCEEDS_COHORT,
    finding,
    reports_other_work,
)
from evidence.audit.values import reading_order
from evidence.schema import AuditFinding, CohortFigure

__all__ = ["audit_cohorts", "audit_impossible_counts", "impossible_counts"]

_NUMBER = r"(?<![\d.,])(\d{1,6})(?![\d]|[.,]\d)"
_OF = re.compile(_NUMBER + r"\s+(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+)?" + _NUMBER, re.IGNORECASE)
# A slash is a count only when a percentage follows it: "120/80" alone is a blood pressure.
_SLASH = re.compile(_NUMBER + r"\s*/\s*" + _NUMBER + r"(?=\s*[,;(]?\s*\(?\s*\d+(?:[.,]\d+)?\s*%)")
_PAREN_PERCENT = re.compile(_NUMBER + r"\s*(?:[a-z]+\s+){0,2}\(\s*(\d{3,}(?:[.,]\d+)?)\s*%\s*\)", re.IGNORECASE)


def impossible_counts(sentence: str) -> list[str]:
    """Count phrases in ``sentence`` whose events exceed their total, or whose percent tops 100."""
    found, claimed = [], []
    for pattern in (_OF, _SLASH):
        for match in pattern.finditer(sentence):
            if int(match.group(1)) > int(match.group(2)):
                found.append(f"{match.group(1)} of {match.group(2)}")
                claimed.append(match.span())
    for match in _PAREN_PERCENT.finditer(sentence):
        # "34 of 32 (106.3%)" is one impossible figure, already named by its count phrase.
        inside = any(start <= match.start() < end for start, end in claimed)
        if not inside and Fraction(match.group(2).replace(",", ".")) > 100:
            found.append(f"{match.group(1)} ({match.group(2)}%)")
    return found


def audit_impossible_counts(figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    """Impossible count phrases in the sentences the document's figures come from."""
    found = []
    seen: set[str] = set()
    for figure in sorted(figures, key=reading_order):
        if figure.quote in seen:
            continue
        seen.add(figure.quote)
        phrases = impossible_counts(figure.quote)
        if phrases:
            message = f"more events than the total (or a percentage above 100) in: {'; '.join(phrases)}"
            found.append(finding(EVENTS_EXCEED_TOTAL, message, [figure], severity="error"))
    return found


def audit_cohorts(figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    """Subgroups whose total is larger than the whole cohort of the same unit."""
    figures = [f for f in figures if not reports_other_work(f)]
    cohorts: dict[str, CohortFigure] = {}
    for figure in sorted(figures, key=reading_order):
        # Only a total the sentence states counts as the cohort: a borrowed one is the
        # extractor's guess at it, and a wrong guess would make every subgroup look too big.
        stated = DENOMINATOR_INFERRED not in figure.flags
        if stated and figure.subgroup is None and figure.total > getattr(cohorts.get(figure.unit), "total", 0):
            cohorts[figure.unit] = figure
    found = []
    seen: set[tuple] = set()
    for figure in sorted(figures, key=reading_order):
        cohort = cohorts.get(figure.unit)
        key = (figure.unit, figure.subgroup, figure.total)
        if figure.subgroup is None or cohort is None or figure.total <= cohort.total or key in seen:
            continue
        seen.add(key)
        message = (f"subgroup '{figure.subgroup}' has {figure.total} {figure.unit}, more than the whole "
                   f"cohort of {cohort.total} {figure.unit} ({figure.outcome} {figure.events} of {figure.total})")
        found.append(finding(SUBGROUP_EXCEEDS_COHORT, message, [figure, cohort]))
    return found
