"""The citation network: build the corpus graph, audit papers and corpus, export and draw it.

Building is pure (:func:`build_citation_graph`); auditing reads the built graph
(:mod:`evidence.citations.audit` per paper, :mod:`evidence.citations.corpus_audit` for the
corpus); :func:`citation_report` puts it together from a store.
"""

from evidence.citations.audit import audit_citations
from evidence.citations.corpus_audit import audit_corpus_citations
from evidence.citations.drawing import citation_graph_svg
from evidence.citations.export import GRAPH_FORMATS, export_graph
from evidence.citations.graph import build_citation_graph
from evidence.citations.records import CitingRecord
from evidence.citations.report import CitationReport, DocumentCitations, citation_report
from evidence.citations.snowball import SnowballItem, snowball_list

__all__ = [
    "GRAPH_FORMATS",
    "CitationReport",
    "CitingRecord",
    "DocumentCitations",
    "SnowballItem",
    "audit_citations",
    "audit_corpus_citations",
    "build_citation_graph",
    "citation_graph_svg",
    "citation_report",
    "export_graph",
    "snowball_list",
]
