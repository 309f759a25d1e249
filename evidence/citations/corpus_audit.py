"""Audit the corpus citation graph: what is missing, isolated, impossible, self-cited or misquoted.

Finding kinds: ``not_ingested`` (outside works cited by at least :data:`SNOWBALL_MIN_CITERS`
corpus documents, most cited first; the full list is :func:`snowball_list`),
``isolated_document``, ``impossible_date`` (a work citing a later one), ``self_citation``
(info: citing and cited work share an author), ``claim_mismatch`` and ``claim_not_found``
(a citing sentence states a figure the cited corpus document does not report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from evidence.citations.claims import check_claim, claimed_figures
from evidence.citations.graph import doc_node, entry_targets
from evidence.citations.records import CitingRecord
from evidence.citations.resolve import family_of
from evidence.citations.snowball import snowball_list
from evidence.schema import AuditFinding, CitationMarker, CohortFigure

__all__ = ["SNOWBALL_MIN_CITERS", "audit_corpus_citations"]

# An outside work cited by one paper is routine; cited by two or more it is a gap in the corpus
# worth a finding. The snowballing list itself keeps every outside work.
SNOWBALL_MIN_CITERS = 2


def _name(graph: nx.DiGraph, node: str) -> str:
    data = graph.nodes[node]
    if data.get("ingested"):
        return f"document {data['document']} ({data['label']})"
    return data["label"]


def _not_ingested(graph: nx.DiGraph) -> list[AuditFinding]:
    return [AuditFinding(kind="not_ingested",
                         message=f"cited by {item.count} corpus documents ({', '.join(map(str, item.cited_by))}) "
                                 f"but not ingested: {item.reference}; add it to the corpus if it qualifies",
                         quotes=(item.reference,), severity="info")
            for item in snowball_list(graph) if item.count >= SNOWBALL_MIN_CITERS]


def _isolated(graph: nx.DiGraph) -> list[AuditFinding]:
    documents = [n for n, d in graph.nodes(data=True) if d.get("ingested")]
    if len(documents) < 2:
        return []
    found = []
    for node in documents:
        neighbours = set(graph.successors(node)) | set(graph.predecessors(node))
        if not any(graph.nodes[n].get("ingested") for n in neighbours):
            data = graph.nodes[node]
            found.append(AuditFinding(
                kind="isolated_document", document=data["document"],
                message=f"document {data['document']} ({data['source']}) cites no other corpus document and none "
                        f"cites it ({graph.out_degree(node)} references); check its reference list was read, "
                        f"or whether it belongs in this review"))
    return found


def _impossible_dates(graph: nx.DiGraph) -> list[AuditFinding]:
    found = []
    for citing, cited, data in graph.edges(data=True):
        before, after = graph.nodes[citing].get("year"), graph.nodes[cited].get("year")
        if before is not None and after is not None and after > before:
            contexts = data["contexts"]
            found.append(AuditFinding(
                kind="impossible_date", document=graph.nodes[citing]["document"],
                page=contexts[0]["page"] if contexts else None,
                message=f"{_name(graph, citing)}, dated {before}, cites {_name(graph, cited)}, dated {after}: "
                        f"a metadata or reference-parsing error, unless it was cited in press",
                quotes=(data["reference"],)))
    return found


def _first_initial(name: str) -> str:
    """'J' from 'Decker JA', 'Decker, J. A.' or 'Jane A. Decker'."""
    name = name.strip()
    if "," in name:
        rest = name.split(",", 1)[1].strip()
    else:
        parts = name.split()
        rest = parts[-1] if len(parts) > 1 and parts[-1].replace(".", "").replace("-", "").isupper() \
            and len(parts[-1]) <= 6 else (parts[0] if len(parts) > 1 else "")
    return rest[:1].upper()


def _author_keys(authors: Sequence[str]) -> set[str]:
    """Family name plus first initial, so two different Lis are not one self-citing author."""
    return {f"{family_of(a)} {_first_initial(a)}".strip() for a in authors if family_of(a)}


def _self_citations(graph: nx.DiGraph) -> list[AuditFinding]:
    found = []
    for citing, cited, data in graph.edges(data=True):
        shared = _author_keys(graph.nodes[citing].get("authors", ())) & _author_keys(graph.nodes[cited].get("authors", ()))
        if shared:
            found.append(AuditFinding(
                kind="self_citation", document=graph.nodes[citing]["document"], severity="info",
                message=f"{_name(graph, citing)} cites {_name(graph, cited)}, which shares the author"
                        f"{'s' if len(shared) > 1 else ''} {', '.join(sorted(k.split(' ')[0] for k in shared))}",
                quotes=(data["reference"],)))
    return found


def _claims(graph: nx.DiGraph, records: Sequence[CitingRecord],
            figures: Mapping[int, Sequence[CohortFigure]]) -> list[AuditFinding]:
    targets = entry_targets(graph)
    found = []
    for record in sorted(records, key=lambda r: r.document.id):
        for marker in record.markers:
            cited = {targets.get((record.document.id, t)) for t in marker.targets}
            if len(cited) != 1:
                continue  # several works behind one marker: the figure cannot be attributed
            node = cited.pop()
            if node is None or not graph.nodes[node].get("ingested"):
                continue
            cited_figures = figures.get(graph.nodes[node]["document"], ())
            if not cited_figures:
                continue  # nothing was read from the cited work, so there is nothing to compare
            found.extend(_check_marker(graph, record, marker, node, cited_figures))
    return found


def _check_marker(graph: nx.DiGraph, record: CitingRecord, marker: CitationMarker, node: str,
                  figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    found = []
    page = marker.page if record.public_page else None
    where = f" on page {marker.page}" if record.public_page else ""
    citing = _name(graph, doc_node(record.document.id))
    for claim in claimed_figures(marker.sentence, [marker.text]):
        check = check_claim(claim, marker.sentence, figures)
        if check.verdict == "mismatch" and check.figure is not None:
            figure = check.figure
            shown = f"{figure.events} of {figure.total} ({100 * figure.events / figure.total:.0f}%) {figure.outcome}"
            where_figure = f" on page {figure.page}" if figure.page else ""
            found.append(AuditFinding(
                kind="claim_mismatch", document=record.document.id, page=page,
                message=f"{citing} says {claim.text!r}{where} citing {_name(graph, node)}, which reports "
                        f"{shown}{where_figure}; check which figure is right",
                quotes=(marker.sentence, figure.quote)))
        elif check.verdict == "not_found":
            found.append(AuditFinding(
                kind="claim_not_found", document=record.document.id, page=page,
                message=f"{citing} says {claim.text!r}{where} citing {_name(graph, node)}, but no figure read "
                        f"from that work matches; check the source",
                quotes=(marker.sentence,)))
    return found


def audit_corpus_citations(graph: nx.DiGraph, records: Sequence[CitingRecord],
                           figures: Mapping[int, Sequence[CohortFigure]]) -> list[AuditFinding]:
    """Corpus-level citation findings, grouped by kind in a stable order."""
    return (_not_ingested(graph) + _isolated(graph) + _impossible_dates(graph) + _self_citations(graph)
            + _claims(graph, records, figures))
