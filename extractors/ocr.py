"""OCR of image-only PDF pages through PyMuPDF and Tesseract, and the warnings when it does not run.

Which pages are OCRed is the PDF parser's decision: with ``--ocr auto`` only the pages of a
scanned document (image-only pages, and no page with a text layer), because an image-only
page inside a document that has text is a figure, and OCRing it costs more than the rest of
the document together; ``--ocr always`` OCRs every page.

Tesseract is an optional system tool. Whether it is present is asked of the PATH, and where
its language data lives of ``TESSDATA_PREFIX``, PyMuPDF's own search, then the usual Debian
and Homebrew locations, once per process.
"""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Sequence
from functools import lru_cache

from extractors.mupdf import pymupdf

__all__ = [
    "INSTALL_HINT",
    "figure_pages_warning",
    "missing_text_warning",
    "ocr_textpage",
    "tessdata_dir",
    "tesseract_available",
]

INSTALL_HINT = "install tesseract-ocr (apt-get install tesseract-ocr)"
_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                   "/opt/homebrew/share/tessdata")


@lru_cache(maxsize=1)
def tesseract_available() -> bool:
    """True when the ``tesseract`` program is on the PATH."""
    return shutil.which("tesseract") is not None


@lru_cache(maxsize=1)
def tessdata_dir() -> str | None:
    """The folder holding Tesseract's ``*.traineddata`` files, or None when none is found."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    try:
        found = pymupdf.get_tessdata()
    except Exception:  # PyMuPDF raises a bare Exception when its own search fails
        found = None
    if found and os.path.isdir(found):
        return found
    for pattern in _TESSDATA_GLOBS:
        for folder in sorted(glob.glob(pattern), reverse=True):
            if glob.glob(os.path.join(folder, "*.traineddata")):
                return folder
    return None


def ocr_textpage(page: pymupdf.Page, *, language: str, dpi: int, flags: int) -> pymupdf.TextPage:
    """A text page for ``page`` read by Tesseract from a rendering of the whole page."""
    return page.get_textpage_ocr(flags=flags, language=language, dpi=dpi, full=True, tessdata=tessdata_dir())


def _page_list(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}{more}"


def missing_text_warning(numbers: Sequence[int], *, ocr: str) -> str:
    """The document warning for pages that have no text layer and were not OCRed."""
    verb = "has" if len(numbers) == 1 else "have"
    if ocr == "never":
        return f"{_page_list(numbers)} {verb} no text layer and OCR is off; re-run with --ocr auto --force"
    return f"{_page_list(numbers)} {verb} no text layer; {INSTALL_HINT} and re-run with --ocr auto --force"


def figure_pages_warning(numbers: Sequence[int]) -> str:
    """The document warning for image-only pages left alone because the document has text."""
    verb, pronoun = ("holds", "it was") if len(numbers) == 1 else ("hold", "they were")
    return (f"{_page_list(numbers)} {verb} only images (figures in a document with a text layer), so {pronoun} "
            f"not OCRed; re-run with --ocr always --force to read them")
