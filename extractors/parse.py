"""The one entry point of parsing: a path in, a ``ParsedDocument`` out.

:func:`parse_file` picks the parser by extension, enforces the size limit before reading and
hashes the bytes it reads. It is a pure function of the file's content (it runs in worker
processes) and raises only :mod:`evidence.errors` subclasses of :class:`IngestError`, whose
message is one line naming the reason and the next step.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import ExtractionError, IngestError, LimitExceeded, UnsupportedFile
from evidence.schema import ParsedDocument
from extractors.text import parse_text

__all__ = ["MEGABYTE", "OCR_MODES", "ParseOptions", "RULED_TABLE_MODES", "SUPPORTED_SUFFIXES", "TEXT_TABLE_MODES",
           "parse_file"]

OCR_MODES = ("auto", "never", "always")
TEXT_TABLE_MODES = ("fast", "pymupdf")
RULED_TABLE_MODES = ("fast", "pymupdf")
MEGABYTE = 1024 * 1024
SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class ParseOptions:
    """How to parse: when to OCR, how to read unruled tables, and the limits that keep a bad
    file from hanging a run.

    ``ocr`` is "auto" (OCR the pages of a scanned document, one whose pages hold images and no
    text, when Tesseract is installed; an image-only page in a document that has text elsewhere
    is a figure and is left alone), "never" or "always" (OCR every PDF page). ``ocr_language``
    is a Tesseract language code such as "eng" or "eng+deu"; ``ocr_dpi`` the resolution pages
    are rendered at for OCR. ``text_tables`` chooses the reader of unruled tables: "fast" (our
    alignment-based grid, about a millisecond a table) or "pymupdf" (``find_tables`` with the
    text strategy, tens of milliseconds a table). ``ruled_tables`` chooses the reader of ruled
    tables: "fast" (cells from the strokes of each grid the page draws) or "pymupdf"
    (``find_tables`` with the lines strategy, clipped to the grid; it first builds every
    character of the page, ~0.1 s on a page with a large table, and finds no ruled table on a
    rotated page, which then goes to the unruled reader). ``max_bytes`` is set by the CLI's
    ``--max-mb``.
    """

    ocr: str = "auto"
    max_pages: int = 2000
    max_bytes: int = 200 * MEGABYTE
    ocr_language: str = "eng"
    ocr_dpi: int = 300
    text_tables: str = "fast"
    ruled_tables: str = "fast"

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            raise ExtractionError(f"'ocr' must be one of {', '.join(OCR_MODES)} (got {self.ocr!r})")
        if self.text_tables not in TEXT_TABLE_MODES:
            raise ExtractionError(f"'text_tables' must be one of {', '.join(TEXT_TABLE_MODES)} (got {self.text_tables!r})")
        if self.ruled_tables not in RULED_TABLE_MODES:
            raise ExtractionError(f"'ruled_tables' must be one of {', '.join(RULED_TABLE_MODES)} (got {self.ruled_tables!r})")
        for name in ("max_pages", "max_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ExtractionError(f"'{name}' must be a whole number >= 1 (got {value!r})")
        if not isinstance(self.ocr_dpi, int) or not 72 <= self.ocr_dpi <= 1200:
            raise ExtractionError(f"'ocr_dpi' must be a whole number from 72 to 1200 (got {self.ocr_dpi!r})")
        if not re.fullmatch(r"[A-Za-z_]+(?:\+[A-Za-z_]+)*", self.ocr_language or ""):
            raise ExtractionError(f"'ocr_language' must be Tesseract language codes such as eng or eng+deu (got {self.ocr_language!r})")


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MEGABYTE:
        return f"{size / 1024:.1f} KB"
    return f"{size / MEGABYTE:.1f} MB"


def _megabytes(size: int) -> str:
    """A limit in the unit of ``--max-mb``: '200 MB', or '0.5 MB' for a limit set in bytes."""
    return f"{size // MEGABYTE} MB" if size % MEGABYTE == 0 else f"{size / MEGABYTE:.3g} MB"


def parse_file(path: str | Path, options: ParseOptions = ParseOptions(), *, source: str | None = None) -> ParsedDocument:
    """Parse one .pdf, .txt, .md, .html or .htm file; ``source`` is the path as the user gave it."""
    path = Path(path)
    source = str(path) if source is None else source
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(source, f"unsupported file type {suffix or '(no extension)'!r}; evidence reads {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise LimitExceeded(source, f"the file is {_size(size)}, larger than the --max-mb limit of "
                                        f"{_megabytes(options.max_bytes)}; raise --max-mb to ingest it")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise UnsupportedFile(source, "is a folder, not a file") from exc
    except OSError as exc:
        raise IngestError(source, f"cannot be read ({exc.strerror or exc})") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix != ".pdf" and not data.strip():
        raise UnsupportedFile(source, "the file is empty (no text); nothing to ingest")
    if suffix == ".pdf":
        # PyMuPDF loads in about a second; commands that never parse a PDF should not pay for it.
        from extractors.pdf import parse_pdf

        return parse_pdf(data, options, source=source, sha256=sha256)
    return parse_text(data, suffix, options, source=source, sha256=sha256)
