"""The lines of a PDF page as the parser sees them, shared by reading order and table finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CAPTION", "TEXT_RULE", "Layout", "Line", "Word"]

Word = tuple  # (x0, y0, x1, y1, text, block, line, word) as PyMuPDF's get_text("words") gives
CAPTION = re.compile(r"^(?:Table|TABLE)\s+(?:[0-9]{1,2}|[IVX]{1,4})\b")
TEXT_RULE = re.compile(r"^[.\u2026_\-\u2013\u2014=\u00b7\s]{5,}$")  # a rule typed as dots or dashes


@dataclass
class Line:
    """One line of a page as PyMuPDF laid it out, with the facts the parser decides on."""

    spans: list[dict]
    bbox: tuple[float, float, float, float]
    block: int
    index: int
    size: float
    bold: bool
    text: str
    horizontal: bool = True
    role: str = "body"
    column: int = 0
    caption: bool = False
    pieces: list[tuple[dict, str]] = field(default_factory=list)

    @property
    def y_mid(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2



@dataclass
class Layout:
    number: int
    width: float
    height: float
    lines: list[Line]
    image_only: bool = False
    ocr: bool = False
    words: list[Word] | None = None  # the page's words, kept only where a table caption is printed
