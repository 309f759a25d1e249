"""Where a number came from, made safe to show: the quote split around the figure, and links.

Links are the only values the report builds from untrusted text (paths and DOIs read from
papers). Every path segment and DOI is percent-encoded, so whatever the source is called the
result is a relative path or a ``file:`` URL (or a doi.org URL); never ``javascript:`` or any
other scheme.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from evidence.schema import CohortFigure, DocumentRecord

__all__ = ["DOI_HREF", "FILE_HREF", "doi_href", "file_href", "split_quote"]

# What the view-models accept: relative ('./', '../') or file:/// paths made of unreserved and
# percent-encoded characters, with an optional page fragment; DOIs under https://doi.org/ only.
FILE_HREF = re.compile(r"(?:\.{1,2}/|file:///)[A-Za-z0-9._~%/-]*(?:#page=[1-9][0-9]*)?")
DOI_HREF = re.compile(r"https://doi\.org/10\.[A-Za-z0-9._~%/-]+")
_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}-?(?:[A-Z]\.?)?")


def split_quote(figure: CohortFigure) -> tuple[str, str, str]:
    """(before, figure, after) of the figure's quote; no highlight when offsets fall outside it."""
    quote_text = figure.quote
    a, b = figure.start - figure.sentence_start, figure.end - figure.sentence_start
    if 0 <= a < b <= len(quote_text):
        return quote_text[:a], quote_text[a:b], quote_text[b:]
    return quote_text, "", ""


def _encode(parts: tuple[str, ...] | list[str]) -> str:
    return "/".join(quote(part, safe="") for part in parts)


def file_href(record: DocumentRecord, page: int | None, report_dir: Path | None) -> str:
    """A link to the document's file, at ``page`` for PDFs.

    Relative to ``report_dir`` when the file sits on the same tree (the report folder can be
    moved with the corpus), otherwise an absolute ``file:`` URL. The file is where it was at
    ingest (``location``); documents stored before locations were kept fall back to ``source``
    taken relative to the current directory.
    """
    target = Path(record.location or os.path.abspath(record.source))
    href = ""
    if report_dir is not None:
        try:
            relative = os.path.relpath(target, os.path.abspath(report_dir))
        except ValueError:  # another drive on Windows: no relative path exists
            relative = ""
        if relative:
            parts = PurePosixPath(Path(relative).as_posix()).parts
            encoded = _encode(parts)
            href = encoded if encoded.startswith("../") else f"./{encoded}"
    if not href:
        href = "file:///" + _encode(target.as_posix().lstrip("/").split("/"))
    if record.paginated and page is not None:
        href += f"#page={page}"
    return href


def doi_href(doi: str | None) -> str:
    """The doi.org URL of a DOI that looks like one ('10.'), else ''."""
    if not doi:
        return ""
    cleaned = doi.strip()
    cleaned = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", cleaned, flags=re.IGNORECASE)
    if not cleaned.startswith("10.") or "/" not in cleaned:
        return ""
    return "https://doi.org/" + quote(cleaned, safe="/")


