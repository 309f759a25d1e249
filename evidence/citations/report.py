"""The citation report of a stored corpus: per-document references and findings, the corpus
graph, its findings and the snowballing list, as one frozen object with a JSON-ready view.

``to_dict()`` keys are a public contract (issue 6):
``{"documents": [{"id", "title", "source", "references": [{"n", "text", "authors", "year",
"title", "doi", "resolved_to", "cited_at": [{"page", "quote"}]}], "findings": [{"kind",
"message", "page", "quote"}]}], "corpus_findings": [{"kind", "message", "document", "page",
"quote", "severity", "quotes"}], "graph": {"nodes": N, "edges": N}}``. ``resolved_to`` is the id
of the ingested document the entry names, or null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import networkx as nx

from evidence.citations.audit import audit_citations
from evidence.citations.corpus_audit import audit_corpus_citations
from evidence.citations.graph import build_citation_graph, doc_node, entry_targets
from evidence.citations.records import CitingRecord
from evidence.citations.snowball import SnowballItem, snowball_list
from evidence.errors import CitationError
from evidence.schema import AuditFinding, ReferenceEntry
from evidence.store import Store

__all__ = ["CitationReport", "DocumentCitations", "citation_report"]


@dataclass(frozen=True)
class DocumentCitations:
    """One document's references, markers, what each entry resolved to, and its findings."""

    record: CitingRecord
    resolved: Mapping[int, int | None]
    findings: tuple[AuditFinding, ...]

    def _cited_at(self, entry: ReferenceEntry) -> list[dict[str, Any]]:
        return [{"page": m.page if self.record.public_page else None, "quote": m.sentence}
                for m in self.record.markers if entry.n in m.targets]

    def to_dict(self) -> dict[str, Any]:
        document = self.record.document
        return {
            "id": document.id, "title": document.title, "source": document.source,
            "references": [{"n": r.n, "text": r.text, "authors": list(r.authors), "year": r.year, "title": r.title,
                            "doi": r.doi, "resolved_to": self.resolved.get(r.n), "cited_at": self._cited_at(r)}
                           for r in self.record.references],
            "findings": [{"kind": f.kind, "message": f.message, "page": f.page,
                          "quote": f.quotes[0] if f.quotes else None} for f in self.findings],
        }


def _finding_dict(finding: AuditFinding) -> dict[str, Any]:
    return {"kind": finding.kind, "message": finding.message, "document": finding.document, "page": finding.page,
            "quote": finding.quotes[0] if finding.quotes else None, "severity": finding.severity,
            "quotes": list(finding.quotes)}


@dataclass(frozen=True, eq=False)
class CitationReport:
    """Everything ``evidence cite`` shows; ``graph`` is the corpus graph (or one document's part)."""

    documents: tuple[DocumentCitations, ...]
    graph: nx.DiGraph
    snowball: tuple[SnowballItem, ...]
    corpus_findings: tuple[AuditFinding, ...]
    document_findings: Mapping[int, tuple[AuditFinding, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        return {"documents": [d.to_dict() for d in self.documents],
                "corpus_findings": [_finding_dict(f) for f in self.corpus_findings],
                "graph": {"nodes": self.graph.number_of_nodes(), "edges": self.graph.number_of_edges()}}


def _records(store: Store) -> list[CitingRecord]:
    return [CitingRecord(document=d, references=store.references(d.id), markers=store.markers(d.id))
            for d in store.documents()]


def _resolved(graph: nx.DiGraph, targets: Mapping[tuple[int, int], str], record: CitingRecord) -> dict[int, int | None]:
    resolved: dict[int, int | None] = {}
    for entry in record.references:
        node = targets.get((record.document.id, entry.n))
        resolved[entry.n] = graph.nodes[node]["document"] if node and graph.nodes[node].get("ingested") else None
    return resolved


def _neighbourhood(graph: nx.DiGraph, document: int) -> nx.DiGraph:
    node = doc_node(document)
    keep = {node} | set(graph.successors(node)) | set(graph.predecessors(node))
    return graph.subgraph(keep).copy()


def _involves(finding: AuditFinding, document: int, graph: nx.DiGraph) -> bool:
    if finding.document == document:
        return True
    return finding.kind == "not_ingested" and any(
        q in graph.nodes[n].get("references", ()) for n in graph.successors(doc_node(document)) for q in finding.quotes)


def citation_report(store: Store, *, document: int | None = None) -> CitationReport:
    """Build the graph of the whole corpus, audit it, and report on it (or on one ``document``)."""
    records = _records(store)
    if document is not None and document not in {r.document.id for r in records}:
        known = ", ".join(str(r.document.id) for r in records) or "none"
        raise CitationError(f"no document with id {document} in the corpus (ids: {known}); 'evidence docs' lists them")
    graph = build_citation_graph(records)
    figures = {r.document.id: store.figures(document=r.document.id) for r in records}
    corpus_findings = audit_corpus_citations(graph, records, figures)
    targets = entry_targets(graph)
    per_document: dict[int, tuple[AuditFinding, ...]] = {}
    chosen = [r for r in records if document is None or r.document.id == document]
    documents = []
    for record in chosen:
        findings = tuple(audit_citations(record.references, record.markers, document=record.document.id,
                                         paginated=record.public_page))
        per_document[record.document.id] = findings
        documents.append(DocumentCitations(record=record, resolved=MappingProxyType(_resolved(graph, targets, record)),
                                           findings=findings))
    snowball = snowball_list(graph)
    if document is not None:
        corpus_findings = [f for f in corpus_findings if _involves(f, document, graph)]
        snowball = tuple(s for s in snowball if document in s.cited_by)
        graph = _neighbourhood(graph, document)
    return CitationReport(documents=tuple(documents), graph=graph, snowball=snowball,
                          corpus_findings=tuple(corpus_findings), document_findings=MappingProxyType(per_document))

