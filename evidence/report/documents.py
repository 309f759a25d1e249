"""Per-document sections: study characteristics with their figures, and the audit findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from evidence.report.formatting import fmt_count, fmt_prop
from evidence.report.provenance import doi_href, file_href, split_quote
from evidence.report.viewmodels import AuditGroupView, DocumentView, FigureView, FindingView, QuoteView
from evidence.schema import AuditFinding, CohortFigure, DocumentRecord

__all__ = ["audit_groups", "document_views"]

CORPUS_LABEL = "Corpus"


def _page(page: int | None) -> str:
    return f"p. {page}" if page is not None else ""


def _figure_view(record: DocumentRecord, n: int, figure: CohortFigure, report_dir: Path | None) -> FigureView:
    return FigureView(
        anchor=f"doc-{record.id}-fig-{n}", concept=figure.concept, outcome=figure.outcome, unit=figure.unit,
        counts=fmt_count(figure.events, figure.total), proportion=fmt_prop(figure.proportion),
        percent=f"{figure.percent}%" if figure.percent else "", subgroup=figure.subgroup or "",
        timepoint=figure.timepoint or "", page=_page(figure.page), section=figure.section, rule=figure.rule,
        flags=", ".join(figure.flags), quote=QuoteView(*split_quote(figure)),
        pdf_href=file_href(record, figure.page, report_dir))


def document_views(documents: Sequence[DocumentRecord], figures: Iterable[CohortFigure],
                   report_dir: Path | None) -> tuple[DocumentView, ...]:
    """One view per document, in corpus order, each with the figures read from it."""
    by_document: dict[int | None, list[CohortFigure]] = {}
    for figure in figures:
        by_document.setdefault(figure.document, []).append(figure)
    views = []
    for record in documents:
        found = by_document.get(record.id, [])
        views.append(DocumentView(
            anchor=f"doc-{record.id}", label=record.label, title=record.title or "",
            authors=", ".join(record.authors), year=str(record.year) if record.year else "",
            journal=record.journal or "", doi=record.doi or "", doi_href=doi_href(record.doi),
            pages=str(record.pages), source=PurePosixPath(Path(record.source).as_posix()).name,
            pdf_href=file_href(record, None, report_dir), n_figures=str(len(found)),
            units=", ".join(sorted({f.unit for f in found})), status=record.status,
            warnings=tuple(record.warnings),
            figures=tuple(_figure_view(record, n, f, report_dir) for n, f in enumerate(found, start=1))))
    return tuple(views)


def _finding_view(finding: AuditFinding) -> FindingView:
    return FindingView(kind=finding.kind, severity=finding.severity, message=finding.message,
                       page=_page(finding.page), quotes=tuple(finding.quotes))


def audit_groups(findings: Iterable[AuditFinding], documents: Mapping[int, DocumentRecord]) -> tuple[AuditGroupView, ...]:
    """Findings grouped by document in corpus order; findings about no known document come last."""
    grouped: dict[int | None, list[AuditFinding]] = {}
    for finding in findings:
        key = finding.document if finding.document in documents else None
        grouped.setdefault(key, []).append(finding)
    groups = [AuditGroupView(label=documents[doc_id].label, document_anchor=f"doc-{doc_id}",
                             findings=tuple(_finding_view(f) for f in grouped[doc_id]))
              for doc_id in documents if doc_id in grouped]
    if None in grouped:
        groups.append(AuditGroupView(label=CORPUS_LABEL, document_anchor="",
                                     findings=tuple(_finding_view(f) for f in grouped[None])))
    return tuple(groups)
