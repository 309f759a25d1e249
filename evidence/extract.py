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
    failures: tuple[str, ...] = ()

    def line(self) -> str:
        failed = f"; failed {len(self.failures)}" if self.failures else ""
        return (f"extracted {self.extracted} documents ({self.figures} figures, {self.references} references, "
                f"{self.markers} citation markers); {self.up_to_date} already up to date{failed}")


def extract_corpus(store: Store, *, force: bool = False, document: int | None = None,
                   on_document: Callable[[int], None] | None = None) -> ExtractSummary:
    """Extract from every stored document whose extractor version is stale (all with ``force``)."""
    versions = store.extractor_versions()
    if document is not None:
        store.document(document)  # raises a StoreError naming the id when it does not exist
        versions = {document: versions[document]}
    todo = [doc_id for doc_id, version in versions.items() if force or version != EXTRACTOR_VERSION]
    figures = references = markers = 0
    failures: list[str] = []
    for doc_id in todo:
        parsed = store.load_parsed(doc_id)
        try:
            result = analyse_parsed(parsed)
        except Exception as exc:  # noqa: BLE001 - one document must not stop the others
            # Its previous figures stay as they were: nothing is lost or half-replaced.
            failures.append(f"document {doc_id} ({parsed.source}): extraction failed "
                            f"({type(exc).__name__}: {exc}); please report this file")
            continue
        store.replace_extraction(doc_id, references=result.references, markers=result.markers,
                                 figures=result.figures, extractor_version=EXTRACTOR_VERSION)
        figures += len(result.figures)
        references += len(result.references)
        markers += len(result.markers)
        if on_document:
            on_document(doc_id)
    return ExtractSummary(extracted=len(todo) - len(failures), up_to_date=len(versions) - len(todo),
                          figures=figures, references=references, markers=markers, failures=tuple(failures))
