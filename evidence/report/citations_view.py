"""The citations section: the citation-network report (issue 6) as a documented view-model."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import networkx as nx

from evidence.citations import CitationReport
from evidence.report.documents import audit_groups
from evidence.report.viewmodels import CitationsView, CountView, SnowballView
from evidence.schema import DocumentRecord

__all__ = ["citations_view"]


def _citing(cited_by: tuple[int, ...], documents: Mapping[int, DocumentRecord]) -> str:
    return ", ".join(documents[who].label if who in documents else f"document {who}" for who in cited_by)


def citations_view(report: CitationReport, documents: Mapping[int, DocumentRecord],
                   draw: Callable[[nx.DiGraph], str]) -> CitationsView:
    """``draw`` turns the report's graph into an inline SVG string (evidence.citations draws it)."""
    data = report.to_dict()
    references = [ref for doc in data.get("documents", []) for ref in doc.get("references", [])]
    resolved = sum(1 for ref in references if ref.get("resolved_to") is not None)
    counts = (
        CountView(label="Documents", value=str(len(documents))),
        CountView(label="References parsed", value=str(len(references))),
        CountView(label="References to corpus documents", value=str(resolved)),
        CountView(label="Works in the graph", value=str(report.graph.number_of_nodes())),
        CountView(label="Citation links", value=str(report.graph.number_of_edges())),
        CountView(label="Works cited but not ingested", value=str(len(report.snowball))),
    )
    findings = [f for doc_findings in report.document_findings.values() for f in doc_findings]
    findings += list(report.corpus_findings)
    snowball = tuple(
        SnowballView(reference=item.reference, title=item.title or "", year=str(item.year) if item.year else "",
                     doi=item.doi or "", count=str(item.count), cited_by=_citing(item.cited_by, documents))
        for item in report.snowball)
    return CitationsView(counts=counts, graph_svg=draw(report.graph),
                         findings=audit_groups(findings, documents), snowball=snowball)
