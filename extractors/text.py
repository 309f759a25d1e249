"""Plain text, Markdown and HTML files into a one-page ``ParsedDocument``; line joining for all.

Every parser writes page text the same way: paragraphs separated by a blank line, the lines of a
paragraph joined by spaces with end-of-line hyphenation repaired, headings on a paragraph of
their own, and, from a References heading on, line breaks kept as "\\n" so that a reference
splitter can see where entries begin. :func:`line_separator` and :func:`superscript_kind` are
the shared rules; the PDF parser uses them too.

HTML is read with the standard library's parser: nothing is fetched or executed, ``<script>``,
``<style>`` and comments are dropped, entities decoded, ``<sup>12</sup>`` becomes a citation
marker kept out of the text, and ``<table>`` becomes a :class:`Table`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal

from evidence.errors import UnsupportedFile
from evidence.schema import Page, ParsedDocument, Span, Table
from extractors.metadata import read_text_metadata
from extractors.sections import find_sections, heading_kind

if TYPE_CHECKING:
    from extractors.parse import ParseOptions

__all__ = [
    "HYPHEN_PREFIXES",
    "MARK_CLOSE",
    "MARK_OPEN",
    "MARK_SPAN",
    "Assembled",
    "Paragraph",
    "assemble",
    "decode_text",
    "extract_marks",
    "marker_span",
    "line_separator",
    "parse_text",
    "superscript_kind",
]

# Prefixes whose hyphen is part of the word ("post-operative", "non-haemophilic"), so a line
# break after them keeps the hyphen.
HYPHEN_PREFIXES = frozenset({
    "anti", "non", "post", "pre", "self", "well", "co", "multi", "inter", "intra", "semi", "sub", "over",
    "under", "long", "short", "low", "high", "cross", "follow", "re", "ex", "mid", "half", "all", "x",
})
# Private-use characters that mark, while lines are joined, a superscript marker (between OPEN
# and CLOSE) and the start of a layout span (SPAN); they never reach the page text.
MARK_OPEN, MARK_CLOSE, MARK_SPAN = "\ue000", "\ue001", "\ue002"
_MARKS = re.compile(f"{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}|{MARK_SPAN}")
_SPLIT = re.compile(f"({MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}|{MARK_SPAN})")

_HYPHENS = "-\u2010\u00ad"
_TAIL = 200  # characters of a paragraph's end that decide how the next line joins it
_LAST_WORD = re.compile(r"([A-Za-z\u00c0-\u024f]+)[-\u2010\u00ad]$")
_MARKER = re.compile(
    r"^[\[(]?(?:\d{1,3}(?:\s*[-\u2013\u2014,;]\s*\d{1,3})*|[a-h](?:\s*,\s*[a-h])*|[*\u2020\u2021\u00a7\u00b6\u2016#]+)[\])]?[,;]?$"
)
_EXPONENT_BASE = re.compile(r"(?:[\u00d7x\u00b7]\s?10|\b(?:m|cm|mm|km|ft|m/s))\s?$")
_ORDINAL = re.compile(r"\d$")


def superscript_kind(text: str, before: str) -> Literal["marker", "exponent", "inline"]:
    """What a superscript run is, given the text just before it on its line.

    "marker" for citation and footnote signs ("12", "3-5", "a", "*"), kept out of the text;
    "exponent" for powers after a unit or ten ("10" then "9", "m" then "2"), written with a
    caret; "inline" for anything else ("th" after "5", a trademark sign), kept as it is.
    """
    stripped = text.strip()
    if re.fullmatch(r"-?\u2212?\d{1,2}", stripped) and _EXPONENT_BASE.search(before):
        return "exponent"
    if stripped in ("st", "nd", "rd", "th") and _ORDINAL.search(before):
        return "inline"
    return "marker" if _MARKER.match(stripped) else "inline"


def line_separator(previous: str, following: str, *, keep_breaks: bool = False) -> tuple[int, str]:
    """How to join two lines of one paragraph: (characters to drop from ``previous``, separator).

    A word broken by a hyphen at the line end is joined without it ("haema-" + "toma"); the
    hyphen stays when the next line starts with a capital or digit ("COVID-" + "19") or the
    broken part is a prefix ("post-" + "operative"). Otherwise lines are joined by a space, or
    by "\\n" when ``keep_breaks`` (reference lists).
    """
    if previous and following and previous[-1] in _HYPHENS:
        if previous[-1] == "\u00ad":
            return 1, ""
        word = _LAST_WORD.search(previous)
        if word is None or not following[0].isalpha():
            return 0, ""
        if following[0].isupper() or word.group(1).lower() in HYPHEN_PREFIXES:
            return 0, ""
        return 1, ""
    if previous.endswith(("\u2013", "/")) and following[:1].isdigit():
        return 0, ""
    return 0, "\n" if keep_breaks else " "


@dataclass
class Paragraph:
    """Lines of one paragraph before joining; ``heading`` when it is a heading line,
    ``references`` when it opens a reference list printed without a heading."""

    lines: list[str]
    heading: bool = False
    references: bool = False


@dataclass(frozen=True)
class Assembled:
    """Page text with the places of its marks: where each MARK_SPAN stood, and each marker."""

    text: str
    span_starts: tuple[int, ...]
    markers: tuple[tuple[int, str], ...]
    in_references: bool


def assemble(paragraphs: Iterable[Paragraph], *, in_references: bool = False) -> Assembled:
    """Join paragraphs into page text, turning marks into offsets.

    Lines may carry MARK_SPAN (a layout span starts here) and MARK_OPEN...MARK_CLOSE (a
    superscript marker kept out of the text). ``in_references`` says whether the text starts
    inside a reference list; the result says whether it ends inside one, so the next page of a
    PDF continues with kept line breaks.
    """
    pieces: list[str] = []
    after_heading = False
    for paragraph in paragraphs:
        lines = [line for line in (" ".join(raw.split()) for raw in paragraph.lines) if _unmarked(line).strip()]
        if not lines:
            continue
        if paragraph.heading:
            kind = heading_kind(_unmarked(" ".join(lines)).strip())
            if kind is not None:
                in_references = kind == "references"
        if pieces:
            breaks = in_references and not (paragraph.heading or after_heading or paragraph.references)
            pieces.append("\n" if breaks else "\n\n")
        in_references = in_references or paragraph.references
        after_heading = paragraph.heading
        parts = [lines[0]]
        # The end of the paragraph so far, unmarked: enough for line_separator to see the word
        # broken at the line end, even one broken over three lines ("electro-" "co-" "agulation").
        tail = _unmarked(lines[0])[-_TAIL:]
        for line in lines[1:]:
            plain = _unmarked(line)
            drop, separator = line_separator(tail, plain.lstrip(), keep_breaks=in_references)
            if drop and parts[-1][-1] in _HYPHENS:
                parts[-1] = parts[-1][:-1]
                tail = tail[:-1]
            parts += (separator, line)
            tail = (tail + separator + plain)[-_TAIL:]
        pieces.append("".join(parts))
    text, starts, markers = extract_marks("".join(pieces))
    return Assembled(text, starts, markers, in_references)


def _unmarked(text: str) -> str:
    return _MARKS.sub("", text)


def extract_marks(text: str) -> tuple[str, tuple[int, ...], tuple[tuple[int, str], ...]]:
    """Remove the marks from ``text``: (clean text, span start offsets, (offset, marker text) pairs)."""
    if MARK_OPEN not in text and MARK_SPAN not in text:
        return text, (), ()
    out: list[str] = []
    starts: list[int] = []
    markers: list[tuple[int, str]] = []
    length = 0
    for part in _SPLIT.split(text):
        if part == MARK_SPAN:
            starts.append(length)
        elif part.startswith(MARK_OPEN):
            markers.append((length, part[1:-1]))
        elif part:
            out.append(part)
            length += len(part)
    return "".join(out), tuple(starts), tuple(markers)


def marker_span(offset: int, text: str) -> Span:
    """A marker kept out of a text file's page text (no layout: zero box and size)."""
    return Span(text=text, bbox=(0.0, 0.0, 0.0, 0.0), font_size=0.0, superscript=True, role="marker",
                char_start=offset)


_MAGIC = (
    (b"%PDF-", "a PDF", "rename it .pdf"),
    (b"\x89PNG", "a PNG image", ""),
    (b"\xff\xd8\xff", "a JPEG image", ""),
    (b"GIF8", "a GIF image", ""),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx?)", "save it as PDF or text first"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc?)", "save it as PDF or text first"),
)


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file as UTF-8, falling back to cp1252; refuse binary content."""
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFile(source, f"the content is {what}, not text" + (f"; {hint}" if hint else ""))
    if b"\x00" in data[:8192]:
        raise UnsupportedFile(source, "the content is binary (it holds NUL bytes), not text; check what the file really is")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _plain_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current = Paragraph([])
    for raw in text.splitlines():
        line = raw.strip()
        if not line or heading_kind(line) is not None:
            if current.lines:
                paragraphs.append(current)
            current = Paragraph([])
            if line:
                paragraphs.append(Paragraph([line], heading=True))
            continue
        current.lines.append(line)
    if current.lines:
        paragraphs.append(current)
    return paragraphs


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MD_ITEM = re.compile(r"^(?:[-*+]\s+|\d{1,3}[.)]\s+)")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_CAPTION = re.compile(r"^(?:Table|TABLE)\s+[0-9IVX]+\b")


def _md_inline(line: str) -> str:
    line = re.sub(r"<sup>(.*?)</sup>", lambda m: f"{MARK_OPEN}{m.group(1)}{MARK_CLOSE}", line)
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"</?[A-Za-z][^>]*>", "", line)
    line = re.sub(r"(\*\*|__|`)", "", line)
    return re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", line)


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def _markdown(text: str) -> tuple[list[Paragraph], list[Table]]:
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    current = Paragraph([])
    lines = text.splitlines()

    def close() -> None:
        nonlocal current
        if current.lines:
            paragraphs.append(current)
        current = Paragraph([])

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if "|" in line and _MD_TABLE_SEPARATOR.match(following):
            close()
            rows = [_cells(_md_inline(line))]
            i += 2
            while i < len(lines) and "|" in lines[i]:
                rows.append(_cells(_md_inline(lines[i])))
                i += 1
            caption = ""
            if paragraphs and _CAPTION.match(paragraphs[-1].lines[0]):
                caption = " ".join(paragraphs[-1].lines)
            elif i + 1 < len(lines) and _CAPTION.match(lines[i + 1].strip() or lines[i].strip()):
                caption = (lines[i].strip() or lines[i + 1].strip())
            tables.append(Table(page=1, index=len(tables), rows=tuple(rows), strategy="markup", caption=caption))
            continue
        heading = _MD_HEADING.match(line)
        if heading or (line and re.fullmatch(r"=+|-+", following) and not current.lines):
            close()
            paragraphs.append(Paragraph([_md_inline(heading.group(1) if heading else line)], heading=True))
            i += 1 if heading else 2
            continue
        if not line or line.startswith("```") or _MD_RULE.match(line):
            close()
        elif heading_kind(line) is not None:
            close()
            paragraphs.append(Paragraph([_md_inline(line)], heading=True))
        else:
            if _MD_ITEM.match(line):
                close()
                line = re.sub(r"^[-*+]\s+", "", line)
            current.lines.append(_md_inline(line.lstrip("> ")))
        i += 1
    close()
    return paragraphs, tables


_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head"})
_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre", "ul", "ol",
    "li", "dl", "dt", "dd", "figure", "figcaption", "form", "hr", "address", "body", "html",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _HtmlReader(HTMLParser):
    """Collects paragraphs, tables, the title and citation_* meta tags of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self._skip = 0
        self._in_title = False
        self._line: list[str] = []
        self._lines: list[str] = []
        self._heading = False
        self._table_stack: list[tuple[list[list[str]], list[str]]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def _end_line(self) -> None:
        line = "".join(self._line).strip()
        if line:
            self._lines.append(line)
        self._line = []

    def _end_paragraph(self) -> None:
        self._end_line()
        if self._lines:
            self.paragraphs.append(Paragraph(self._lines, heading=self._heading))
        self._lines, self._heading = [], False

    def _sink(self) -> list[str]:
        if self._caption is not None:
            return self._caption
        if self._cell is not None:
            return self._cell
        return self._line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("name") or values.get("property") or "").lower()
            if name and values.get("content"):
                self.meta.setdefault(name, []).append(values["content"] or "")
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _SKIPPED and tag != "head":
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "table":
            self._end_paragraph()
            self._table_stack.append(([], []))
        elif tag == "tr" and self._table_stack:
            self._table_stack[-1][0].append([])
        elif tag in ("td", "th") and self._table_stack:
            self._cell = []
        elif tag == "caption" and self._table_stack:
            self._caption = []
        elif tag == "sup":
            self._sink().append(MARK_OPEN)
        elif tag == "br":
            if self._cell is None and self._caption is None:
                self._end_line()
            else:
                self._sink().append(" ")
        elif tag in _HEADINGS:
            self._end_paragraph()
            self._heading = True
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIPPED and tag != "head":
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "sup":
            sink = self._sink()
            if MARK_OPEN in sink:
                start = len(sink) - 1 - sink[::-1].index(MARK_OPEN)
                content = "".join(sink[start + 1:])
                before = _unmarked("".join(sink[:start]))
                del sink[start:]
                kind = superscript_kind(content, before)
                if kind == "marker" and self._cell is None and self._caption is None:
                    sink.append(f"{MARK_OPEN}{content.strip()}{MARK_CLOSE}")
                elif kind == "exponent":
                    sink.append(f"^{content.strip()}")
                elif kind == "inline":
                    sink.append(content)
        elif tag in ("td", "th") and self._cell is not None and self._table_stack:
            rows = self._table_stack[-1][0]
            if not rows:
                rows.append([])
            rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None and self._table_stack:
            self._table_stack[-1][1].append(" ".join("".join(self._caption).split()))
            self._caption = None
        elif tag == "table" and self._table_stack:
            rows, caption = self._table_stack.pop()
            cells = tuple(tuple(row) for row in rows if row)
            if not caption and self.paragraphs and _CAPTION.match(self.paragraphs[-1].lines[0]):
                caption = [" ".join(self.paragraphs[-1].lines)]
            if cells:
                self.tables.append(Table(page=1, index=len(self.tables), rows=cells, strategy="markup",
                                         caption=" ".join(caption)))
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._sink().append(data)

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def parse_text(data: bytes, suffix: str, options: ParseOptions, *, source: str, sha256: str) -> ParsedDocument:
    """Parse the bytes of a .txt, .md or .html file into a one-page document."""
    del options  # text files need no OCR and have no pages to limit
    text = decode_text(data, source)
    tables: list[Table] = []
    title = None
    meta: dict[str, list[str]] = {}
    if suffix in (".html", ".htm"):
        reader = _HtmlReader()
        reader.feed(text)
        reader.close()
        paragraphs, tables, meta = reader.paragraphs, reader.tables, reader.meta
        title = " ".join(reader.title.split()) or None
        file_type = "html"
    elif suffix == ".md":
        paragraphs, tables = _markdown(text)
        headings = [p for p in paragraphs if p.heading]
        title = _unmarked(headings[0].lines[0]) if headings and heading_kind(_unmarked(headings[0].lines[0])) is None else None
        file_type = "md"
    else:
        paragraphs = _plain_paragraphs(text)
        file_type = "txt"
    assembled = assemble(paragraphs)
    body = assembled.text
    page = Page(number=1, text=body, spans=tuple(marker_span(at, text) for at, text in assembled.markers))
    sections = find_sections((page,))
    # Years and journal names in the reference list belong to other papers: read the front only.
    front = body[:sections[1].start] if len(sections) > 1 and sections[0].kind == "front" else body[:2000]
    return ParsedDocument(
        source=source, sha256=sha256, file_type=file_type, size_bytes=len(data),
        metadata=read_text_metadata(front, title=title, tags=meta), pages=(page,),
        sections=sections, tables=tuple(tables),
        status="ok" if body.strip() else "no_text",
    )
