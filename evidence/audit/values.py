"""One quantity, two values: the same count reported differently in different parts of a paper.

Two figures state the same quantity when they agree on concept, unit, subgroup, timepoint and
total. They are only compared across sections (abstract, results, a table, the discussion):
within one section, differing counts of one concept are far more often two moments or two
subsets the extractor could not tell apart than an error of the author's. Figures about other
work (the introduction, sentences with a citation) are left out: they count other cohorts.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidence.audit.findings import INCONSISTENT_VALUE, finding, place, reports_other_work, stated_value
from evidence.schema import AuditFinding, CohortFigure

__all__ = ["audit_values", "reading_order"]

Key = tuple[str, str, str | None, str | None, int]


def reading_order(figure: CohortFigure) -> tuple[int, int, int]:
    return (figure.page or 0, figure.sentence_start, figure.start)


def _key(figure: CohortFigure) -> Key:
    return (figure.concept, figure.unit, figure.subgroup, figure.timepoint, figure.total)


def _describe_quantity(figure: CohortFigure) -> str:
    qualifiers = [f"of {figure.total} {figure.unit}"]
    if figure.subgroup:
        qualifiers.append(figure.subgroup)
    if figure.timepoint:
        qualifiers.append(figure.timepoint)
    return f"{figure.outcome} ({', '.join(qualifiers)})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _conflict(group: list[CohortFigure]) -> AuditFinding | None:
    by_value: dict[int, list[CohortFigure]] = {}
    for figure in group:
        by_value.setdefault(figure.events, []).append(figure)
    if len(by_value) < 2:
        return None
    across = any(a.events != b.events and a.section != b.section
                 for i, a in enumerate(group) for b in group[i + 1:])
    if not across:
        return None
    statements = []
    for figures in by_value.values():
        places = list(dict.fromkeys(place(f) for f in figures))
        shown = next((f for f in figures if f.percent is not None), figures[0])
        statements.append(f"{stated_value(shown)} in {_join(places)}")
    message = f"{_describe_quantity(group[0])} is {statements[0]} but {' and '.join(statements[1:])}"
    return finding(INCONSISTENT_VALUE, message, group)


def audit_values(figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    """Quantities one document states with different counts in different sections."""
    groups: dict[Key, list[CohortFigure]] = {}
    for figure in sorted(figures, key=reading_order):
        if not reports_other_work(figure):
            groups.setdefault(_key(figure), []).append(figure)
    found = []
    for group in groups.values():
        result = _conflict(group)
        if result is not None:
            found.append(result)
    return found
