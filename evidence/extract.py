"""Re-run text extraction (references, citation markers, cohort figures) over stored documents.

Ingest already extracts; this brings documents read by an older extractor up to date, or
redoes every document with ``force``. Each document's results replace the old ones in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evidence.pipeline import EXTRACTOR_VERSION, analyse_parsed
from evidence.store import Store

__all__ = ["ExtractSummary", "extract_corpus"]


@dataclass(frozen=True)
class ExtractSummary:
    extracted: int
    up_to_date: int
    figures: int
    references: int
    markers: int

    def line(self) -> str:
        return (f"extracted {self.extracted} documents ({self.figures} figures, {self.references} references, "
                f"{self.markers} citation markers); {self.up_to_date} already up to date")


def extract_corpus(store: Store, *, force: bool = False, document: int | None = None,
                   on_document: Callable[[int], None] | None = None) -> ExtractSummary:
    """Extract from every stored document whose extractor version is stale (all with ``force``)."""
    versions = store.extractor_versions()
    if document is not None:
        store.document(document)  # raises a StoreError naming the id when it does not exist
        versions = {document: versions[document]}
    todo = [doc_id for doc_id, version in versions.items() if force or version != EXTRACTOR_VERSION]
    figures = references = markers = 0
    for doc_id in todo:
        result = analyse_parsed(store.load_parsed(doc_id))
        store.replace_extraction(doc_id, references=result.references, markers=result.markers,
                                 figures=result.figures, extractor_version=EXTRACTOR_VERSION)
        figures += len(result.figures)
        references += len(result.references)
        markers += len(result.markers)
        if on_document:
            on_document(doc_id)
    return ExtractSummary(extracted=len(todo), up_to_date=len(versions) - len(todo), figures=figures,
                          references=references, markers=markers)
