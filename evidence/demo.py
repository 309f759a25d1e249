"""The main job on the bundled example corpus, after ingest: extract, pool, audit, cite, report."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from evidence.audit import audit_corpus
from evidence.citations import citation_report
from evidence.extract import ExtractSummary, extract_corpus
from evidence.report import write_report
from evidence.store import Store
from evidence.synthesis import OutcomeAnalysis, synthesize

__all__ = ["DemoSummary", "example_corpus_dir", "finish_demo"]


def example_corpus_dir() -> Path:
    """The bundled example papers: ``corpus/examples`` here, else the installed copy."""
    local = Path("corpus") / "examples"
    if local.is_dir():
        return local
    return Path(str(importlib.resources.files("corpus") / "examples"))


@dataclass(frozen=True)
class DemoSummary:
    """What the demo found in the corpus, and where it wrote the report."""

    refreshed: ExtractSummary
    documents: int
    pages: int
    figures: int
    references: int
    markers: int
    analyses: tuple[OutcomeAnalysis, ...]
    audit_findings: int
    citation_findings: int
    not_ingested: int
    report: Path

    @property
    def pooled(self) -> tuple[OutcomeAnalysis, ...]:
        """Outcomes reported by at least two studies."""
        return tuple(a for a in self.analyses if a.pooled.k >= 2)


def finish_demo(store: Store, out: Path) -> DemoSummary:
    """Bring extraction up to date, then pool, audit, cite and write the HTML report."""
    refreshed = extract_corpus(store)
    documents = {d.id: d for d in store.documents()}
    figures = store.figures()
    counts = store.counts()
    analyses = tuple(synthesize(figures, documents))
    citations = citation_report(store)
    return DemoSummary(
        refreshed=refreshed, documents=len(documents), pages=counts["pages"], figures=len(figures),
        references=counts["reference_entries"], markers=counts["citation_markers"], analyses=analyses,
        audit_findings=len(audit_corpus(store)), citation_findings=len(citations.corpus_findings),
        not_ingested=len(citations.snowball), report=write_report(store, out, by="subgroup"),
    )
