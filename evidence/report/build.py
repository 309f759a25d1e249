"""From the corpus to a :class:`ReportContext`: gather, pool, audit, then shape the view-models.

:func:`build_report` reads the store and runs pooling, the audit and the citation network;
:func:`assemble_report` is the pure part that turns their results into view-models, so it can be
tested with hand-made inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from evidence import __version__
from evidence.audit import audit_corpus
from evidence.citations import CitationReport, citation_graph_svg, citation_report
from evidence.errors import ReportError
from evidence.report.citations_view import citations_view
from evidence.report.documents import audit_groups, document_views
from evidence.report.outcomes import MEASURE_NAMES, outcome_view, unit_comparisons
from evidence.report.viewmodels import CountView, ReportContext
from evidence.schema import AuditFinding, CohortFigure, DocumentRecord
from evidence.store import Store
from evidence.synthesis import OutcomeAnalysis, synthesize

__all__ = ["DEFAULT_TITLE", "ReportOptions", "assemble_report", "build_report"]

DEFAULT_TITLE = "Evidence summary"


@dataclass(frozen=True)
class ReportOptions:
    """What to pool and how; passed through to :func:`evidence.synthesis.synthesize`."""

    concepts: tuple[str, ...] | None = None
    unit: str | None = None
    by: str | None = None
    measure: str = "PLO"
    method: str = "REML"
    test: str = "z"
    level: float = 0.95
    title: str = DEFAULT_TITLE
    citations: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.level < 1.0:
            raise ReportError(f"'level' must be between 0 and 1, e.g. 0.95 (got {self.level})")
        if not self.title.strip():
            raise ReportError("'title' must not be empty; drop --title to use the default")
        if self.concepts is not None:
            if isinstance(self.concepts, str) or not all(isinstance(c, str) for c in self.concepts):
                raise ReportError(f"'concepts' must be a list of concept names (got {self.concepts!r})")
            # Frozen: normalize a list given by a caller to the tuple the type promises.
            object.__setattr__(self, "concepts", tuple(self.concepts) or None)

    def describe(self) -> str:
        measure = MEASURE_NAMES.get(self.measure, self.measure)
        test = {"z": "z test", "knha": "Hartung-Knapp", "t": "t test"}.get(self.test, self.test)
        parts = [f"{measure} ({self.measure})", f"{self.method} estimator", test, f"{self.level:.0%} CI"]
        if self.by:
            parts.append(f"subgroups by {self.by}")
        if self.unit:
            parts.append(f"unit: {self.unit}")
        if self.concepts:
            parts.append("concepts: " + ", ".join(self.concepts))
        return "; ".join(parts)


def assemble_report(documents: Sequence[DocumentRecord], figures: Sequence[CohortFigure],
                    analyses: Sequence[OutcomeAnalysis], findings: Sequence[AuditFinding], *,
                    options: ReportOptions = ReportOptions(), citations: CitationReport | None = None,
                    draw_graph: Callable[[nx.DiGraph], str] | None = None, report_dir: Path | None = None,
                    generated: datetime | None = None) -> ReportContext:
    """Shape already computed results into the report's view-models (no I/O, no statistics)."""
    by_id: Mapping[int, DocumentRecord] = {d.id: d for d in documents}
    # Best-supported outcomes first; within one k, the order pooling gave (concept, then unit).
    analyses = sorted(analyses, key=lambda a: -a.pooled.k)
    outcomes = tuple(outcome_view(i, a, by_id, report_dir) for i, a in enumerate(analyses, start=1))
    notes = []
    if not documents:
        notes.append("The corpus holds no documents yet: run 'evidence ingest PATH' first.")
    elif not figures:
        notes.append("No cohort figures were found in the corpus, so nothing could be pooled.")
    elif not analyses:
        notes.append("No figures matched the requested concepts and unit, so nothing was pooled.")
    citation_section = None
    if citations is not None:
        if draw_graph is None:
            raise ReportError("a citations section needs a graph drawing function (draw_graph)")
        citation_section = citations_view(citations, by_id, draw_graph)
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    counts = (
        CountView(label="Documents", value=str(len(documents))),
        CountView(label="Cohort figures", value=str(len(figures))),
        CountView(label="Outcomes pooled", value=str(len(outcomes))),
        CountView(label="Audit findings", value=str(len(findings))),
    )
    return ReportContext(
        title=options.title, generated=when, version=__version__, options=options.describe(),
        counts=counts, notes=tuple(notes), outcomes=outcomes, comparisons=unit_comparisons(analyses),
        documents=document_views(documents, figures, report_dir), audit=audit_groups(findings, by_id),
        citations=citation_section)


def build_report(store: Store, options: ReportOptions = ReportOptions(), *,
                 report_dir: Path | None = None) -> ReportContext:
    """Read the corpus, pool it, audit it and shape the report.

    ``report_dir`` is where the report will be written: links to source files are made
    relative to it (absolute ``file:`` URLs when it is None).
    """
    documents = store.documents()
    figures = store.figures()
    by_id = {d.id: d for d in documents}
    analyses = synthesize(figures, by_id, concepts=options.concepts, unit=options.unit, by=options.by,
                          measure=options.measure, method=options.method, test=options.test,
                          level=options.level) if figures else []
    citations, draw = None, None
    if options.citations:
        citations, draw = citation_report(store), citation_graph_svg
    return assemble_report(documents, figures, analyses, audit_corpus(store), options=options,
                           citations=citations, draw_graph=draw, report_dir=report_dir)
