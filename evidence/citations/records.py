"""The input of the citation graph: one ingested document with its references and markers."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import CitationError
from evidence.schema import CitationMarker, DocumentRecord, ReferenceEntry

__all__ = ["CitingRecord"]


@dataclass(frozen=True)
class CitingRecord:
    """A document as the citation graph sees it. Markers may only name entries of its own list."""

    document: DocumentRecord
    references: tuple[ReferenceEntry, ...] = ()
    markers: tuple[CitationMarker, ...] = ()

    def __post_init__(self) -> None:
        numbers = [r.n for r in self.references]
        if len(set(numbers)) != len(numbers):
            raise CitationError(f"document {self.document.id} ({self.document.source}): reference numbers "
                                f"repeat ({numbers}); re-run 'evidence extract --force' to rebuild its list")
        known = set(numbers)
        for marker in self.markers:
            missing = [t for t in marker.targets if t not in known]
            if missing:
                raise CitationError(f"document {self.document.id} ({self.document.source}): marker "
                                    f"{marker.text!r} on page {marker.page} targets entry {missing[0]}, but the "
                                    f"list has entries {_span(numbers)}; re-run 'evidence extract --force'")

    @property
    def public_page(self) -> bool:
        """Whether page numbers mean anything to a reader (PDFs), or are the one stored page."""
        return self.document.paginated


def _span(numbers: list[int]) -> str:
    return f"{min(numbers)}-{max(numbers)}" if numbers else "none"
