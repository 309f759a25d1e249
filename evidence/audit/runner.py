"""Run every check of the numbers audit over one document's figures, or over the whole corpus."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from evidence.audit.breakdowns import audit_breakdowns
from evidence.audit.cohorts import audit_cohorts, audit_impossible_counts
from evidence.audit.percents import audit_percents, infer_convention
from evidence.audit.values import audit_values
from evidence.schema import AuditFinding, CohortFigure
from evidence.store import Store

__all__ = ["audit_corpus", "audit_figures"]


def _order(finding: AuditFinding) -> tuple:
    return (finding.page or 0, finding.kind)


def audit_figures(figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    """Findings about the figures of ONE document, ordered by page, then kind.

    Pure: the same figures in any order give the same findings in the same order.
    """
    figures = list(figures)
    convention = infer_convention(figures)
    found = [
        *audit_percents(figures),
        *audit_values(figures),
        *audit_breakdowns(figures, convention),
        *audit_impossible_counts(figures),
        *audit_cohorts(figures),
    ]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_order)


def audit_corpus(store: Store, *, document: int | None = None) -> list[AuditFinding]:
    """Audit every stored document (or only ``document``), each finding naming its document."""
    ids = [store.document(document).id] if document is not None else [d.id for d in store.documents()]
    found: list[AuditFinding] = []
    for doc_id in ids:
        found.extend(replace(f, document=doc_id) for f in audit_figures(store.figures(document=doc_id)))
    return found
