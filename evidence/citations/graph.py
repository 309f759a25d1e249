"""Build the corpus citation graph: a pure function from citing records to a networkx DiGraph.

Nodes are works. ``doc:<id>`` is an ingested document (``ingested=True``); ``ext:<key>`` an
outside work known only from references, merged across the papers that cite it. An edge
citing -> cited carries ``reference`` (the first entry text naming the work), ``entries`` (the
entry numbers in the citing list), ``contexts`` (a list of ``{"page", "quote"}`` where the
work is cited) and ``resolved_by`` ('doi', 'pmid', 'title' or 'outside'). Auditing the graph is
another module's job (:mod:`evidence.citations.corpus_audit`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import networkx as nx

from evidence.citations.records import CitingRecord
from evidence.citations.resolve import DocumentIndex, OutsideWorks, WorkKey
from evidence.schema import CitationMarker, DocumentRecord, ReferenceEntry

__all__ = ["build_citation_graph", "doc_node", "entry_targets", "short_label"]


def doc_node(document_id: int) -> str:
    return f"doc:{document_id}"


def short_label(authors: Sequence[str], year: int | None, fallback: str = "?") -> str:
    """'Li 2023' from the first author's family name and the year."""
    family = fallback
    if authors:
        first = authors[0].strip()
        parts = first.replace(",", " ").split()
        initials = parts[-1] if len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 4 else None
        if "," in first:
            family = first.split(",", 1)[0]
        elif initials:
            family = " ".join(parts[:-1])
        else:
            family = parts[-1] if parts else fallback
    return f"{family} {year}" if year else family


def _document_attrs(document: DocumentRecord) -> dict:
    return {"title": document.title, "year": document.year, "authors": tuple(document.authors),
            "doi": document.doi, "pmid": document.pmid, "ingested": True, "document": document.id,
            "source": document.source, "label": short_label(document.authors, document.year, document.source)}


def _outside_attrs(ref: ReferenceEntry) -> dict:
    return {"title": ref.title, "year": ref.year, "authors": tuple(ref.authors), "doi": ref.doi,
            "pmid": ref.pmid, "ingested": False, "references": [ref.text],
            "label": short_label(ref.authors, ref.year, (ref.title or ref.text)[:12])}


def _contexts(record: CitingRecord) -> dict[int, list[dict]]:
    by_entry: dict[int, list[dict]] = defaultdict(list)
    for marker in record.markers:
        for target in dict.fromkeys(marker.targets):
            by_entry[target].append(_context(record, marker))
    return by_entry


def _context(record: CitingRecord, marker: CitationMarker) -> dict:
    return {"page": marker.page if record.public_page else None, "quote": marker.sentence}


def build_citation_graph(records: Sequence[CitingRecord]) -> nx.DiGraph:
    """The citation graph of ``records``; the same records always give the same graph."""
    ordered = sorted(records, key=lambda r: r.document.id)
    graph = nx.DiGraph()
    for record in ordered:
        graph.add_node(doc_node(record.document.id), **_document_attrs(record.document))
    index = DocumentIndex([r.document for r in ordered])
    outside = OutsideWorks()
    for record in ordered:
        citing = doc_node(record.document.id)
        contexts = _contexts(record)
        for ref in record.references:
            key = WorkKey.of_reference(ref)
            resolution = index.resolve(key)
            if resolution is not None and resolution.document == record.document.id:
                continue  # a paper's own title in its list is a parsing slip, not a citation
            if resolution is not None:
                cited, method = doc_node(resolution.document), resolution.method
            else:
                cited, new = outside.node_for(ref, key)
                method = "outside"
                if new:
                    graph.add_node(cited, **_outside_attrs(ref))
                elif not graph.has_edge(citing, cited):
                    graph.nodes[cited]["references"].append(ref.text)
            if graph.has_edge(citing, cited):
                edge = graph.edges[citing, cited]
                edge["entries"].append(ref.n)
                edge["contexts"].extend(contexts.get(ref.n, []))
            else:
                graph.add_edge(citing, cited, reference=ref.text, entries=[ref.n],
                               contexts=list(contexts.get(ref.n, [])), resolved_by=method)
    return graph


def entry_targets(graph: nx.DiGraph) -> dict[tuple[int, int], str]:
    """(citing document id, entry n) -> the node that entry resolved to."""
    targets: dict[tuple[int, int], str] = {}
    for citing, cited, data in graph.edges(data=True):
        document = graph.nodes[citing].get("document")
        for n in data["entries"]:
            targets[(document, n)] = cited
    return targets
