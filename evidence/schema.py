"""The shared schema: frozen dataclasses, validated when built.

Every stage of the pipeline (corpus -> extractors -> evidence -> templates -> outputs) speaks in
these types. An object that violates its invariants cannot exist: constructing one raises
:class:`InvalidRecord` naming the field and the bad value. Conversion to and from database rows
lives in :mod:`evidence.rows`, nowhere else.

Offsets: ``start``/``end`` are character offsets into :attr:`Page.text` of the page named by
``page`` (1-based). Documents without pages (plain text, Markdown, HTML) are stored as a single
page numbered 1 whose ``paginated`` flag on the document is false; their public ``page`` is null.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from evidence.errors import InvalidRecord

__all__ = [
    "AuditFinding",
    "CITES_OTHER_WORK",
    "CitationMarker",
    "CohortFigure",
    "DocumentMetadata",
    "DocumentRecord",
    "FILE_TYPES",
    "InvalidRecord",
    "MARKER_STYLES",
    "Page",
    "ParsedDocument",
    "ReferenceEntry",
    "SECTION_KINDS",
    "SPAN_ROLES",
    "STATUSES",
    "Section",
    "Span",
    "Table",
]

FILE_TYPES = ("pdf", "txt", "md", "html")
STATUSES = ("ok", "ocr", "no_text")
SPAN_ROLES = ("body", "header", "footer", "page_number", "marker", "caption", "table")
SECTION_KINDS = (
    "front",  # title block, authors, affiliations
    "abstract",
    "introduction",
    "methods",
    "results",
    "discussion",
    "conclusion",
    "references",
    "acknowledgements",
    "other",
)
MARKER_STYLES = ("superscript", "bracket", "parenthetical", "author_year")
# Flag of a figure quoted from another study (a review restating a series): not the paper's own
# cohort, so pooling and the audit leave it out.
CITES_OTHER_WORK = "cites_other_work"
BBox = tuple[float, float, float, float]


def _require(condition: bool, owner: str, message: str) -> None:
    if not condition:
        raise InvalidRecord(f"{owner}: {message}")


_INITIALS = re.compile(r"[A-Z][A-Z.\-]{0,5}")


def family_name(author: str) -> str:
    """'Lindqvist MK' -> 'Lindqvist'; 'Berg, T.' -> 'Berg'; 'van der Berg A' -> 'van der Berg'."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    tokens = author.split()
    while len(tokens) > 1 and _INITIALS.fullmatch(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class Span:
    """One run of text on a PDF page, as PyMuPDF laid it out.

    ``char_start`` is where the span's text begins in :attr:`Page.text`; a span kept out of the
    body text (running header, page number, superscript marker) records the offset where it
    stood, or None when it has no place in the body (header, footer).
    """

    text: str
    bbox: BBox
    font_size: float
    font: str = ""
    superscript: bool = False
    bold: bool = False
    block: int = 0
    line: int = 0
    role: str = "body"
    char_start: int | None = None

    def __post_init__(self) -> None:
        # Spans are built by the thousand per page: check first, format a message only on failure.
        if self.role not in SPAN_ROLES:
            _require(False, "Span", f"role must be one of {', '.join(SPAN_ROLES)} (got {self.role!r})")
        if len(self.bbox) != 4:
            _require(False, "Span", f"bbox needs 4 numbers (got {self.bbox!r})")
        if self.font_size < 0:
            _require(False, "Span", f"font_size must be >= 0 (got {self.font_size})")
        if self.char_start is not None and self.char_start < 0:
            _require(False, "Span", f"char_start must be >= 0 (got {self.char_start})")


@dataclass(frozen=True)
class Page:
    """One page of a document: the body text in reading order, and its layout spans."""

    number: int
    text: str
    width: float = 0.0
    height: float = 0.0
    spans: tuple[Span, ...] = ()
    ocr: bool = False
    image_only: bool = False

    def __post_init__(self) -> None:
        _require(isinstance(self.number, int) and self.number >= 1, "Page", f"number must be >= 1 (got {self.number!r})")

    @property
    def markers(self) -> tuple[Span, ...]:
        """Superscript spans kept out of the body text (citation markers, footnote signs)."""
        return tuple(s for s in self.spans if s.role == "marker")


@dataclass(frozen=True)
class Section:
    """A titled part of a document, from (page_start, start) to (page_end, end) in page text."""

    kind: str
    heading: str
    page_start: int
    start: int
    page_end: int
    end: int

    def __post_init__(self) -> None:
        _require(self.kind in SECTION_KINDS, "Section", f"kind must be one of {', '.join(SECTION_KINDS)} (got {self.kind!r})")
        _require(self.page_start >= 1 and self.page_end >= self.page_start, "Section", f"pages {self.page_start}-{self.page_end} are not an ascending 1-based range")
        _require(self.start >= 0 and self.end >= 0, "Section", "offsets must be >= 0")
        _require(self.page_end > self.page_start or self.end >= self.start, "Section", f"end {self.end} precedes start {self.start} on one page")


@dataclass(frozen=True)
class Table:
    """A table found on a page: its cells row by row (empty cells are '')."""

    page: int
    index: int
    rows: tuple[tuple[str, ...], ...]
    bbox: BBox = (0.0, 0.0, 0.0, 0.0)
    strategy: str = "lines"
    caption: str = ""

    def __post_init__(self) -> None:
        _require(self.page >= 1, "Table", f"page must be >= 1 (got {self.page})")
        _require(self.strategy in ("lines", "text", "markup"), "Table", f"strategy must be one of lines, text, markup (got {self.strategy!r})")
        _require(all(isinstance(c, str) for row in self.rows for c in row), "Table", "every cell must be a string")


@dataclass(frozen=True)
class ReferenceEntry:
    """One entry of a document's reference list, raw and parsed.

    ``n`` is the entry's position in the list (1-based); ``label`` the number printed before it
    in numbered styles. ``authors`` holds 'Family Initials' strings, in order.
    """

    n: int
    text: str
    page: int | None = None
    label: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None

    def __post_init__(self) -> None:
        _require(self.n >= 1, "ReferenceEntry", f"n must be >= 1 (got {self.n})")
        _require(bool(self.text.strip()), "ReferenceEntry", "text must not be empty")
        _require(self.year is None or 1500 <= self.year <= 2100, "ReferenceEntry", f"year out of range (got {self.year})")


@dataclass(frozen=True)
class CitationMarker:
    """An in-text citation: where it stands and which reference entries (by ``n``) it names.

    Superscript markers are kept out of the page text, so their ``start == end`` is the offset
    where they stood. ``targets`` is empty when the marker points to no entry (dangling).
    """

    page: int
    start: int
    end: int
    text: str
    style: str
    sentence: str = ""
    targets: tuple[int, ...] = ()
    numbers: tuple[int, ...] = ()
    section: str = "other"

    def __post_init__(self) -> None:
        _require(self.style in MARKER_STYLES, "CitationMarker", f"style must be one of {', '.join(MARKER_STYLES)} (got {self.style!r})")
        _require(0 <= self.start <= self.end, "CitationMarker", f"bad span {self.start}-{self.end}")


@dataclass(frozen=True)
class CohortFigure:
    """A count read from a paper: ``events`` of ``total`` units had ``outcome``.

    Provenance: ``quote`` is the sentence (or table row) it was read from, starting at
    ``sentence_start`` on ``page``; ``start``/``end`` delimit the figure itself. ``rule`` is the
    id of the rule that produced it. When the total is not stated in the quote, ``flags`` holds
    ``denominator_inferred`` and ``denominator_quote`` the sentence that states it.
    ``breakdown`` groups figures that are categories of one list or table column.
    """

    events: int
    total: int
    unit: str
    outcome: str
    concept: str
    quote: str
    start: int
    end: int
    rule: str
    page: int | None = None
    sentence_start: int = 0
    section: str = "other"
    subgroup: str | None = None
    timepoint: str | None = None
    percent: str | None = None
    flags: tuple[str, ...] = ()
    denominator_quote: str | None = None
    denominator_page: int | None = None
    breakdown: str | None = None
    table: int | None = None
    document: int | None = None

    def __post_init__(self) -> None:
        _require(_is_count(self.events), "CohortFigure", f"events must be a whole number >= 0 (got {self.events!r})")
        _require(_is_count(self.total) and self.total >= 1, "CohortFigure", f"total must be a whole number >= 1 (got {self.total!r})")
        _require(self.events <= self.total, "CohortFigure", f"events ({self.events}) exceed total ({self.total})")
        _require(bool(self.unit), "CohortFigure", "unit must not be empty")
        _require(bool(self.concept), "CohortFigure", "concept must not be empty")
        _require(bool(self.rule), "CohortFigure", "rule must not be empty")
        _require(0 <= self.start <= self.end, "CohortFigure", f"bad span {self.start}-{self.end}")
        _require(self.page is None or self.page >= 1, "CohortFigure", f"page must be >= 1 or None (got {self.page})")
        _require(self.section in SECTION_KINDS + ("table",), "CohortFigure", f"section {self.section!r} is not a section kind")
        if self.percent is not None:
            try:
                value = float(self.percent)
            except ValueError:
                value = math.nan
            _require(0.0 <= value <= 100.0, "CohortFigure", f"percent must be a number in [0, 100] (got {self.percent!r})")

    @property
    def proportion(self) -> float:
        return self.events / self.total


@dataclass(frozen=True)
class AuditFinding:
    """One problem found by an audit: of a paper's own numbers, or of its citations."""

    kind: str
    message: str
    document: int | None = None
    page: int | None = None
    quotes: tuple[str, ...] = ()
    severity: str = "warning"

    def __post_init__(self) -> None:
        _require(bool(self.kind), "AuditFinding", "kind must not be empty")
        _require(self.severity in ("info", "warning", "error"), "AuditFinding", f"severity must be info, warning or error (got {self.severity!r})")

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "kind": self.kind, "message": self.message,
                "page": self.page, "quotes": list(self.quotes), "severity": self.severity}


@dataclass(frozen=True)
class DocumentMetadata:
    """Bibliographic facts about a document, from its PDF metadata and first page."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str | None = None
    doi: str | None = None
    pmid: str | None = None

    def __post_init__(self) -> None:
        _require(self.year is None or 1500 <= self.year <= 2100, "DocumentMetadata", f"year out of range (got {self.year})")


@dataclass(frozen=True)
class ParsedDocument:
    """Everything read from one file: the pure result of parsing, before it is stored."""

    source: str
    sha256: str
    file_type: str
    size_bytes: int
    metadata: DocumentMetadata
    pages: tuple[Page, ...]
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    references: tuple[ReferenceEntry, ...] = ()
    markers: tuple[CitationMarker, ...] = ()
    figures: tuple[CohortFigure, ...] = ()
    warnings: tuple[str, ...] = ()
    status: str = "ok"
    location: str | None = None  # absolute path of the file when it was read

    def __post_init__(self) -> None:
        _require(self.file_type in FILE_TYPES, "ParsedDocument", f"file_type must be one of {', '.join(FILE_TYPES)} (got {self.file_type!r})")
        _require(self.status in STATUSES, "ParsedDocument", f"status must be one of {', '.join(STATUSES)} (got {self.status!r})")
        _require(len(self.sha256) == 64, "ParsedDocument", f"sha256 must be 64 hex digits (got {self.sha256!r})")
        numbers = [p.number for p in self.pages]
        _require(numbers == list(range(1, len(numbers) + 1)), "ParsedDocument", "pages must be numbered 1..n in order")

    @property
    def paginated(self) -> bool:
        return self.file_type == "pdf"

    def page_text(self, number: int) -> str:
        return self.pages[number - 1].text


@dataclass(frozen=True)
class DocumentRecord:
    """A document as stored in the corpus, as ``evidence docs`` lists it."""

    id: int
    source: str
    sha256: str
    file_type: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    journal: str | None
    doi: str | None
    pages: int
    ingested_at: str
    status: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    pmid: str | None = None
    size_bytes: int = 0
    location: str | None = None  # absolute path at ingest; ``source`` is the path as given

    @property
    def paginated(self) -> bool:
        return self.file_type == "pdf"

    @property
    def first_author(self) -> str | None:
        return self.authors[0] if self.authors else None

    @property
    def label(self) -> str:
        """'Müller 2019': the first author's family name and the year, as forest plots, tables
        and exports name a study; the file name without extension when either is unknown."""
        if self.first_author and self.year:
            return f"{family_name(self.first_author)} {self.year}"
        return PurePosixPath(Path(self.source).as_posix()).stem

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "sha256": self.sha256, "file_type": self.file_type,
                "title": self.title, "authors": list(self.authors), "year": self.year,
                "journal": self.journal, "doi": self.doi, "pmid": self.pmid, "pages": self.pages,
                "ingested_at": self.ingested_at, "status": self.status, "warnings": list(self.warnings),
                "location": self.location}
