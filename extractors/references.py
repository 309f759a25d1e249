"""A document's reference list and its in-text citation markers, as schema objects.

:func:`extract_references` splits the references section into entries and parses each one
(:mod:`extractors.reference_split`, :mod:`extractors.reference_fields`);
:func:`find_citation_markers` finds the markers in the body and links them to those entries
(:mod:`extractors.markers`). Both are pure functions of a :class:`ParsedDocument`.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidence.schema import CitationMarker, ParsedDocument, ReferenceEntry
from extractors.markers import find_markers
from extractors.reference_fields import clean_text, parse_entry
from extractors.reference_split import reference_lines, split_entries

__all__ = ["VERSION", "extract_references", "find_citation_markers"]

# Bump when a change would read different entries or markers from the same text, so stored
# corpora know to re-extract.
VERSION = "1.1"


def extract_references(doc: ParsedDocument) -> tuple[ReferenceEntry, ...]:
    """Split the references section of ``doc`` into parsed entries, numbered 1..n in list order."""
    entries = []
    for raw in split_entries(reference_lines(doc)):
        text = clean_text(raw.text)
        if not text:
            continue
        fields = parse_entry(text)
        entries.append(ReferenceEntry(
            n=len(entries) + 1, text=text, page=raw.page if doc.paginated else None, label=raw.label,
            authors=fields.authors, year=fields.year, title=fields.title, journal=fields.journal,
            volume=fields.volume, pages=fields.pages, doi=fields.doi, pmid=fields.pmid))
    return tuple(entries)


def find_citation_markers(doc: ParsedDocument, references: Sequence[ReferenceEntry]) -> tuple[CitationMarker, ...]:
    """In-text citation markers of ``doc`` outside its reference list, linked to ``references``."""
    return find_markers(doc, references)
