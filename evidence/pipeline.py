"""The pure per-file job: parse a file, then read its references, citation markers and figures.

:func:`analyse_file` is a function from a path to a :class:`ParsedDocument`; it touches no
database, so any executor (a process pool now, a distributed engine later) can run it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractors import figures, references
from extractors.gcpause import gc_paused
from extractors.parse import ParseOptions, parse_file
from evidence.schema import ParsedDocument

EXTRACTOR_VERSION = f"figures-{figures.VERSION}+references-{references.VERSION}"


def analyse_parsed(parsed: ParsedDocument) -> ParsedDocument:
    """Read references, citation markers and cohort figures from a parsed document's text."""
    with gc_paused():
        entries = references.extract_references(parsed)
        markers = references.find_citation_markers(parsed, entries)
        found = figures.extract_figures(parsed)
    return replace(parsed, references=entries, markers=markers, figures=found)


def analyse_file(path: str | Path, options: ParseOptions = ParseOptions(), *,
                 source: str | None = None) -> ParsedDocument:
    """Parse one file and read everything the corpus keeps from it."""
    return analyse_parsed(parse_file(path, options, source=source))
