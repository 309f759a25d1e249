"""PDF bytes into a ``ParsedDocument``: body text in reading order, layout spans, tables, OCR.

Each page is extracted once (one ``TextPage``: its lines and spans as "dict", and its words on
pages that print a table caption). The parser then

* OCRs what needs it: every page with ``--ocr always``; with ``--ocr auto`` the image-only
  pages of a scanned document only (an image-only page in a document with text is a figure,
  left alone with a warning that names ``--ocr always``);
* sets aside running matter: lines in the top or bottom tenth of the page whose text (digits
  ignored) recurs on other pages are headers or footers, a lone number there is a page number
  (unless text starts right after it: entry 17 of a reference list), and text running up the
  margin is treated as a footer;
* finds tables (:mod:`extractors.pdf_tables`) on pages that print a "Table N" caption: ruled
  ones from the cells each drawn grid makes (:mod:`extractors.pdf_grids`; PyMuPDF's
  ``find_tables(strategy="lines")`` stays available as ``ParseOptions(ruled_tables="pymupdf")``);
  unruled ones inside the regions where rows line up numbers, by an alignment grid built from
  the words (``text_grid``, about a millisecond a table; ``find_tables(strategy="text")`` costs
  tens and stays available as ``ParseOptions(text_tables="pymupdf")``). Cell text is read from
  the words, as printed, and table lines are kept out of the body text;
* orders the remaining lines: full-width lines stay in place, and between two of them the left
  column is read top to bottom before the right one (a sidebar's wide column after it);
* writes the body: superscript citation markers (PyMuPDF's superscript flag, or a smaller size
  on a raised baseline) become marker spans instead of text, lines join into paragraphs with
  hyphenation repaired (see :mod:`extractors.text`), headings stand alone, a bold heading run
  into its text starts a paragraph, and a numbered reference list printed without a heading
  keeps its line breaks as one under a References heading would.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from extractors.mupdf import pymupdf

from evidence.errors import EncryptedPdf, IngestError, LimitExceeded, UnreadablePdf, UnsupportedFile
from evidence.schema import Page, ParsedDocument, Span, Table
from extractors import ocr
from extractors.gcpause import gc_paused
from extractors.metadata import TextLine, read_metadata
from extractors.sections import LIST_LOOKAHEAD, find_sections, heading_kind, numbered_list_start, run_in_heading
from extractors.pdf_lines import CAPTION, Layout, Line
from extractors.pdf_tables import column_width, page_tables
from extractors.text import MARK_CLOSE, MARK_OPEN, MARK_SPAN, Paragraph, assemble, extract_marks, superscript_kind

if TYPE_CHECKING:
    from extractors.parse import ParseOptions

__all__ = ["TEXT_FLAGS", "parse_pdf"]

# Whitespace kept so spans join as typeset; text outside the media box dropped; ligatures
# expanded ("fi" not "\ufb01"); images left out, which is much faster.
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
MARGIN_ZONE = 0.1  # running matter lives in the top and bottom tenth of a page
SMALLER = 0.85  # a superscript is at most this fraction of the line's main size...
RAISED = 0.15  # ...with its baseline raised by at least this fraction of that size
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_TERMINAL = ".!?:"
_LIST_LABEL = re.compile(r"^\[?(\d{1,3})[.\])]?(?:\s|$)")  # "17", "17.", "[17]" opening a list entry
_FIRST_ENTRY = re.compile(r"^(?:\[1\]|1[.)]?)(?:\s|$)")  # a line that may start entry 1 of a reference list
_SUPERSCRIPT_FLAG = pymupdf.TEXT_FONT_SUPERSCRIPT
_BOLD_FLAG = pymupdf.TEXT_FONT_BOLD


def _is_raised(span: dict, line: Line) -> bool:
    if span["flags"] & _SUPERSCRIPT_FLAG:
        return True
    size = line.size
    if span["size"] > SMALLER * size:
        return False
    baselines = [s["origin"][1] for s in line.spans if abs(s["size"] - size) < 0.3 and s["text"].strip()]
    baseline = max(baselines) if baselines else line.bbox[3]
    return span["origin"][1] < baseline - RAISED * size


def _render(line: Line) -> str:
    """The line's text with marks; fills ``line.pieces`` with (span, role) in mark order.

    Consecutive runs of one size and weight (italics may differ) become one body piece: a copy
    of the first run's dict, its text and box grown over the others."""
    spans = line.spans
    if len(spans) == 1:  # most lines: one run of one style, which sets the line's size
        span = spans[0]
        text = span["text"]
        if text and not text.isspace() and not span["flags"] & _SUPERSCRIPT_FLAG:
            line.pieces = [(span, "body")]
            return MARK_SPAN + text
    pieces: list[tuple[dict, str]] = []
    line.pieces = pieces
    out: list[str] = []
    plain: list[str] = []  # the text without marks, which superscript_kind reads
    spaced = False  # whether the plain text so far ends with a space
    previous_x1: float | None = None
    smaller = SMALLER * line.size
    # The body piece being grown: its first run, where it sits in pieces, its texts and box.
    first: dict | None = None
    at = 0
    texts: list[str] = []
    top = bottom = right = 0.0

    def close() -> None:
        if first is not None and len(texts) > 1:
            merged = dict(first)
            merged["text"] = "".join(texts)
            merged["bbox"] = (first["bbox"][0], top, right, bottom)
            pieces[at] = (merged, "body")

    for span in spans:
        text = span["text"]
        bbox = span["bbox"]
        if not text or text.isspace():
            if plain and not spaced:
                out.append(" ")
                plain.append(" ")
                spaced = True
            previous_x1 = bbox[2]
            continue
        size = span["size"]
        flags = span["flags"]
        raised = bool(flags & _SUPERSCRIPT_FLAG) or (size <= smaller and _is_raised(span, line))
        if previous_x1 is not None and not raised and not spaced and text[0] != " " and bbox[0] - previous_x1 > 0.2 * size:
            out.append(" ")
            plain.append(" ")
            spaced = True
        if spaced:
            text = text.lstrip()
        previous_x1 = bbox[2]
        if raised:
            kind = superscript_kind(text, "".join(plain))
            if kind == "marker":
                close()
                first = None
                out.append(f"{MARK_OPEN}{text.strip()}{MARK_CLOSE}")
                pieces.append((span, "marker"))
                if text[-1].isspace() and not spaced:
                    # MuPDF often ends a marker's run with the word space, flagged superscript
                    # too: it still separates "artery" from "in".
                    out.append(" ")
                    plain.append(" ")
                    spaced = True
                continue
            if kind == "exponent":
                text = "^" + text.strip()
        if first is not None and abs(first["size"] - size) < 0.1 \
                and (first["flags"] & _STYLE_FLAGS) == (flags & _STYLE_FLAGS):
            texts.append(text)
            top, bottom, right = min(top, bbox[1]), max(bottom, bbox[3]), bbox[2]
            out.append(text)
        else:
            close()
            first, at, texts = span, len(pieces), [span["text"]]
            top, bottom, right = bbox[1], bbox[3], bbox[2]
            out.append(MARK_SPAN)
            out.append(text)
            pieces.append((span, "body"))
        plain.append(text)
        spaced = text[-1] == " "
    close()
    return "".join(out)


_STYLE_FLAGS = pymupdf.TEXT_FONT_BOLD | pymupdf.TEXT_FONT_SUPERSCRIPT


def _merge_orphan_superscripts(lines: list[Line]) -> list[Line]:
    """Fold a line made only of small raised text into the line of the same block it sits on."""
    kept: list[Line] = []
    by_block: dict[int, list[Line]] = defaultdict(list)
    largest: dict[int, float] = {}  # the largest size kept so far in each block
    for line in lines:
        host = None
        if line.size < SMALLER * largest.get(line.block, 0.0):
            host = next((other for other in by_block[line.block] if line.size < SMALLER * other.size
                         and other.bbox[1] - 1 <= line.y_mid <= other.bbox[3]
                         and line.bbox[0] <= other.bbox[2] + other.size), None)
        if host is None:
            kept.append(line)
            by_block[line.block].append(line)
            largest[line.block] = max(largest.get(line.block, 0.0), line.size)
            continue
        host.spans = sorted(host.spans + line.spans, key=lambda s: s["bbox"][0])
        host.bbox = (min(host.bbox[0], line.bbox[0]), min(host.bbox[1], line.bbox[1]),
                     max(host.bbox[2], line.bbox[2]), host.bbox[3])
        host.text = "".join(s["text"] for s in host.spans)
    return kept


def _page_lines(page_dict: dict) -> list[Line]:
    lines: list[Line] = []
    bold_flag = pymupdf.TEXT_FONT_BOLD
    for b, block in enumerate(page_dict["blocks"]):
        if block.get("type") != 0:
            continue
        for i, raw in enumerate(block["lines"]):
            spans = raw["spans"]
            if len(spans) == 1:  # most lines: no list to filter, one size
                span = spans[0]
                text = span["text"]
                if not text or text.isspace():
                    continue
                bold = bool(span["flags"] & bold_flag) or "bold" in span["font"].lower()
                size = span["size"]
            else:  # one pass: the runs with text, whether all visible ones are bold, the commonest size
                kept: list[dict] = []
                weights: dict[float, int] = {}
                visible = False
                bold = True
                for span in spans:
                    text = span["text"]
                    if not text:
                        continue
                    kept.append(span)
                    weights[span["size"]] = weights.get(span["size"], 0) + len(text)
                    if not text.isspace():
                        visible = True
                        if bold and not (span["flags"] & bold_flag or "bold" in span["font"].lower()):
                            bold = False
                if not visible:
                    continue
                spans = kept
                text = "".join([span["text"] for span in kept])
                size = max(weights, key=weights.__getitem__)
            dx, dy = raw["dir"]
            lines.append(Line(spans=spans, bbox=tuple(raw["bbox"]), block=b, index=i, size=size, bold=bold,
                              text=text.strip(), horizontal=abs(dy) < 0.05 and dx > 0))
    return _merge_orphan_superscripts(lines)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _mark_running_matter(layouts: Sequence[Layout]) -> None:
    """Give header, footer and page_number roles to the margin lines that are running matter."""
    def margin_lines(layout: Layout) -> Iterator[tuple[str, Line]]:
        top, bottom = MARGIN_ZONE * layout.height, (1 - MARGIN_ZONE) * layout.height
        for line in layout.lines:
            if line.bbox[3] <= top:
                yield "header", line
            elif line.bbox[1] >= bottom:
                yield "footer", line

    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for layout in layouts:
        for where, line in margin_lines(layout):
            seen[(where, _running_key(line.text))].add(layout.number)
    needed = max(2, round(0.25 * len(layouts)))
    numbers: list[tuple[Layout, Line]] = []
    for layout in layouts:
        for line in layout.lines:
            if not line.horizontal:
                line.role = "footer"
        for where, line in margin_lines(layout):
            if not line.horizontal:
                continue
            if _PAGE_NUMBER.match(line.text):
                numbers.append((layout, line))
            elif len(seen[(where, _running_key(line.text))]) >= needed:
                line.role = where
    for layout, line in numbers:
        if not _is_label(line, layout.lines):
            line.role = "page_number"


def _is_label(number: Line, lines: Sequence[Line]) -> bool:
    """Whether a lone number in the margin zone labels an entry of a numbered list (entry 17 of
    a reference list running into the bottom margin) rather than the page: text starts right
    after it, and the entry before it is numbered above it, or the one after below it, at the
    same x."""
    value = int(re.sub(r"\D", "", number.text) or -1)
    beside = any(o.role == "body" and number.bbox[2] - 1 <= o.bbox[0] < number.bbox[2] + 3 * number.size
                 and abs(o.y_mid - number.y_mid) < 0.5 * number.size for o in lines if o is not number)
    if not beside:
        return False
    for other in lines:
        match = _LIST_LABEL.match(other.text) if abs(other.bbox[0] - number.bbox[0]) < 2 else None
        if match and (int(match.group(1)) == value - 1 and other.y_mid < number.y_mid
                      or int(match.group(1)) == value + 1 and other.y_mid > number.y_mid):
            return True
    return False


def _gutter(lines: Sequence[Line]) -> float:
    """The x of least text between the columns: the least-covered point of the middle third."""
    starts = sorted(l.bbox[0] for l in lines)
    ends = sorted(l.bbox[2] for l in lines)
    left, right = starts[0], ends[-1]
    middle, width = (left + right) / 2, right - left
    best_x, best_cover = middle, None
    for step in range(0, 31):
        x = left + width * (0.35 + 0.01 * step)
        cover = bisect_left(starts, x) - bisect_right(ends, x)  # lines with x0 < x < x1
        if best_cover is None or cover < best_cover or (cover == best_cover and abs(x - middle) < abs(best_x - middle)):
            best_x, best_cover = x, cover
    return best_x


def _demote_beside_sidebars(lines: Sequence[Line]) -> None:
    """A line crossing the gutter with a column line beside it, at the same height, is no
    full-width line: it is the wide column of a sidebar layout ("Article info" left, the
    abstract right), read after the narrow one rather than interleaved with it line by line.
    The rest of its block, past the end of the sidebar, goes with it."""
    columns = [l for l in lines if l.column]
    demoted: dict[int, int] = {}
    for line in lines:
        if line.column:
            continue
        for other in columns:
            overlap = min(line.bbox[3], other.bbox[3]) - max(line.bbox[1], other.bbox[1])
            if overlap > 0.5 * min(line.bbox[3] - line.bbox[1], other.bbox[3] - other.bbox[1]):
                if other.bbox[2] <= line.bbox[0]:
                    line.column = demoted[line.block] = 2
                    break
                if other.bbox[0] >= line.bbox[2]:
                    line.column = demoted[line.block] = 1
                    break
    for line in lines:
        if line.block in demoted:
            line.column = demoted[line.block]
    # Lines aligned with the demoted ones (the wide column's heading, its last short line) go
    # with them, not with the sidebar beside them.
    for column in set(demoted.values()):
        wide = [l for l in lines if l.column == column and demoted.get(l.block) == column]
        top, bottom = min(l.bbox[1] for l in wide), max(l.bbox[3] for l in wide)
        edge = min(l.bbox[0] for l in wide) if column == 2 else max(l.bbox[2] for l in wide)
        for line in lines:
            if line.column and line.column != column and top - 3 * line.size <= line.bbox[1] <= bottom + line.size \
                    and abs((line.bbox[0] if column == 2 else line.bbox[2]) - edge) < 2:
                line.column = column


def _reading_order(lines: Sequence[Line]) -> list[Line]:
    """Full-width lines in place; between them, the left column before the right one."""
    if not lines:
        return []
    gutter = _gutter(lines)
    for line in lines:
        if line.bbox[0] < gutter - 1 and line.bbox[2] > gutter + 1:
            line.column = 0
        else:
            line.column = 1 if line.bbox[2] <= gutter + 1 else 2
    _demote_beside_sidebars(lines)
    ordered: list[Line] = []
    pending: list[Line] = []

    def flush() -> None:
        pending.sort(key=lambda l: (l.column, l.bbox[1], l.bbox[0]))
        ordered.extend(pending)
        pending.clear()

    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        if line.column == 0:
            flush()
            ordered.append(line)
        else:
            pending.append(line)
    flush()
    return ordered


def _continues(previous: Line, line: Line) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` across a block or column break."""
    before = previous.text.rstrip()
    return bool(before) and before[-1] not in _TERMINAL and abs(previous.size - line.size) < 0.6 \
        and previous.bold == line.bold and (line.text[:1].islower() or before[-1] in "-,;(")


def _is_heading(line: Line, body_size: float) -> bool:
    return heading_kind(line.text) is not None and (line.bold or line.size > body_size + 0.5 or line.text[:1].isupper())


def _run_in(line: Line) -> bool:
    """A line opening with a bold heading run into regular text ("Methods. We reviewed...")."""
    if line.bold:
        return False
    first = None
    for s in line.spans:
        if s["text"].strip():
            if first is not None:
                return _is_bold(first) and run_in_heading(line.text) is not None
            first = s
    return False


def _is_bold(span: dict) -> bool:
    return bool(span["flags"] & pymupdf.TEXT_FONT_BOLD) or "bold" in span["font"].lower()


def _paragraphs(ordered: Sequence[Line], body_size: float, find_list: bool = False) -> list[Paragraph]:
    """The page's lines as paragraphs. ``find_list``: look for a numbered reference list
    printed without a heading (:func:`extractors.sections.numbered_list_start`)."""
    paragraphs: list[Paragraph] = []
    previous: Line | None = None
    for i, line in enumerate(ordered):
        rendered = _render(line)
        # A heading word ending a wrapped title line ("...review of the / literature") is no heading.
        wrapped = previous is not None and previous.block == line.block and not paragraphs[-1].heading \
            and previous.size == line.size and previous.bold == line.bold and previous.text[-1:] not in _TERMINAL
        heading = not wrapped and _is_heading(line, body_size)
        opens_list = find_list and _FIRST_ENTRY.match(line.text) is not None \
            and numbered_list_start([l.text for l in ordered[i:i + LIST_LOOKAHEAD]])
        if opens_list:
            find_list = False
            paragraphs.append(Paragraph([rendered], references=True))
            previous = line
            continue
        if previous is None or heading or paragraphs[-1].heading or _run_in(line):
            new = True
        elif line.block != previous.block or line.column != previous.column:
            new = not _continues(previous, line)
        else:
            gap = line.bbox[1] - previous.bbox[3]
            indented = line.bbox[0] - previous.bbox[0] > 0.8 * line.size and previous.text.rstrip()[-1:] in _TERMINAL
            new = gap > 0.8 * line.size or indented or line.bold != previous.bold or abs(line.size - previous.size) > 1.0
        if new:
            paragraphs.append(Paragraph([rendered], heading=heading))
        else:
            paragraphs[-1].lines.append(rendered)
        previous = line
    return paragraphs


def _span(span: dict, line: Line, role: str, char_start: int | None) -> Span:
    flags = span["flags"]
    return Span(text=span["text"].strip() if role == "marker" else span["text"], bbox=tuple(span["bbox"]),
                font_size=span["size"],
                font=span["font"], superscript=bool(flags & _SUPERSCRIPT_FLAG) or role == "marker",
                bold=bool(flags & _BOLD_FLAG), block=line.block, line=line.index, role=role,
                char_start=char_start)


def _build_page(layout: Layout, body_size: float, in_references: bool, find_list: bool = False) -> tuple[Page, bool]:
    body = [l for l in layout.lines if l.role == "body"]
    ordered = _reading_order(body)
    paragraphs = _paragraphs(ordered, body_size, find_list=find_list and not in_references)
    assembled = assemble(paragraphs, in_references=in_references)
    starts, markers = iter(assembled.span_starts), iter(assembled.markers)
    spans: list[Span] = []
    for line in ordered:
        for span, role in line.pieces:
            if role == "marker":
                spans.append(_span(span, line, "marker", next(markers)[0]))
            else:
                spans.append(_span(span, line, "caption" if line.caption else "body", next(starts)))
    for line in layout.lines:
        if line.role != "body":
            spans.extend(_span(s, line, line.role, None) for s in line.spans if s["text"].strip())
    page = Page(number=layout.number, text=assembled.text, width=round(layout.width, 2),
                height=round(layout.height, 2), spans=tuple(spans), ocr=layout.ocr, image_only=layout.image_only)
    return page, assembled.in_references


def _open(data: bytes, source: str, options: ParseOptions) -> pymupdf.Document:
    if not data:
        raise UnreadablePdf(source, "the file is empty (0 bytes)")
    head = data[:1024]
    if b"%PDF-" not in head:
        if re.search(rb"<(?:!doctype\s+html|html|head|body)\b", head.lower()):
            raise UnsupportedFile(source, "the file is an HTML page, not a PDF (a publisher's landing or login page?); download the PDF itself")
        raise UnsupportedFile(source, "the file is not a PDF (it has no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadablePdf(source, "the PDF is truncated (no %%EOF end marker); download it again")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadablePdf(source, f"the PDF is corrupt and cannot be opened ({reason}); download it again, or repair it with qpdf and ingest the copy") from exc
    refusal: IngestError | None = None
    if doc.needs_pass and not doc.authenticate(""):
        refusal = EncryptedPdf(source, "the PDF is encrypted and needs a password; save an unprotected copy (e.g. qpdf --decrypt) and ingest that")
    elif doc.page_count == 0:
        refusal = UnreadablePdf(source, "the PDF has no pages (it is corrupt or truncated)")
    elif doc.page_count > options.max_pages:
        refusal = LimitExceeded(source, f"the PDF has {doc.page_count} pages, more than the --max-pages limit of "
                                        f"{options.max_pages}; raise --max-pages to ingest it")
    if refusal is not None:
        doc.close()
        raise refusal
    return doc


def _error_line(exc: Exception, default: str) -> str:
    return str(exc).splitlines()[0] if str(exc) else default


def _layout(page: pymupdf.Page, number: int, textpage: pymupdf.TextPage) -> Layout:
    """The page's lines from one text extraction, and its words when it prints a table caption."""
    lines = _page_lines(page.get_text("dict", textpage=textpage))
    layout = Layout(number, page.rect.width, page.rect.height, lines)
    if any(CAPTION.match(line.text) for line in lines):
        layout.words = page.get_text("words", textpage=textpage)
    return layout


def _read_layout(page: pymupdf.Page, number: int, warnings: list[str]) -> Layout:
    """The page's lines as its text layer gives them; ``image_only`` when it has none but images."""
    try:
        layout = _layout(page, number, page.get_textpage(flags=TEXT_FLAGS))
    except RuntimeError as exc:
        warnings.append(f"page {number} could not be read ({_error_line(exc, 'MuPDF error')})")
        layout = Layout(number, page.rect.width, page.rect.height, [])
    layout.image_only = not layout.lines and bool(page.get_images())
    return layout


def _apply_ocr(doc: pymupdf.Document, layouts: list[Layout], options: ParseOptions, warnings: list[str]) -> None:
    """OCR the pages that need it, and warn about the image-only pages left without text.

    "always" OCRs every page. "auto" OCRs the image-only pages of a scanned document, one
    without a text layer on any page; an image-only page in a document that has text is a
    figure (OCR would cost more than the rest of the document and read little but axis labels).
    """
    image_only = [layout for layout in layouts if layout.image_only]
    scanned = not any(layout.lines for layout in layouts)
    figures = [] if options.ocr == "always" or scanned else image_only
    if options.ocr == "always":
        wanted = layouts
    else:
        wanted = image_only if options.ocr == "auto" and scanned else []
    available = ocr.tesseract_available()
    for layout in wanted if available else ():
        page = doc[layout.number - 1]
        try:
            textpage = ocr.ocr_textpage(page, language=options.ocr_language, dpi=options.ocr_dpi, flags=TEXT_FLAGS)
            read = _layout(page, layout.number, textpage)
        except RuntimeError as exc:
            warnings.append(f"OCR of page {layout.number} failed ({_error_line(exc, 'Tesseract error')})")
            continue
        layout.lines, layout.words, layout.ocr = read.lines, read.words, True
    if figures:
        warnings.append(ocr.figure_pages_warning([layout.number for layout in figures]))
    untexted = [layout.number for layout in image_only if not layout.ocr and layout not in figures]
    if untexted:
        warnings.append(ocr.missing_text_warning(untexted, ocr=options.ocr if available else "auto"))


def parse_pdf(data: bytes, options: ParseOptions, *, source: str, sha256: str) -> ParsedDocument:
    """Parse the bytes of a PDF; ``source`` names the file in errors and in the result."""
    with gc_paused():
        return _parse_pdf(data, options, source=source, sha256=sha256)


def _parse_pdf(data: bytes, options: ParseOptions, *, source: str, sha256: str) -> ParsedDocument:
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    doc = _open(data, source, options)
    try:
        warnings: list[str] = []
        layouts = [_read_layout(page, number, warnings) for number, page in enumerate(doc, start=1)]
        _apply_ocr(doc, layouts, options, warnings)
        _mark_running_matter(layouts)
        tables: list[Table] = []
        column = column_width(layouts)
        for layout in layouts:
            if layout.words is not None:  # only pages that print a table caption
                tables.extend(page_tables(doc[layout.number - 1], layout, column, text_tables=options.text_tables,
                                          ruled_tables=options.ruled_tables))
                layout.words = None
        sizes: Counter[float] = Counter()
        for layout in layouts:
            for line in layout.lines:
                if line.role == "body":
                    sizes[line.size] += len(line.text)
        body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        pages: list[Page] = []
        in_references = False
        # A reference list without a heading is looked for in the second half of a document
        # that prints no References heading.
        headless = not any(heading_kind(l.text) == "references" for layout in layouts for l in layout.lines)
        for layout in layouts:
            find_list = headless and 2 * layout.number > len(layouts)
            page, in_references = _build_page(layout, body_size, in_references, find_list)
            pages.append(page)
        first = sorted(layouts[0].lines, key=lambda l: (l.bbox[1], l.bbox[0]))
        # Page 1 and the margins of page 2 (running matter, or the journal line heading the
        # article's first page after a publisher's cover page) print the paper's own citation;
        # the body of page 2 may already cite other papers' years and journals.
        head_text = "\n".join([l.text for l in first] + [
            l.text for layout in layouts[1:2] for l in layout.lines
            if l.role in ("header", "footer") or l.bbox[3] <= MARGIN_ZONE * layout.height])
        metadata = read_metadata(
            doc.metadata or {},
            [TextLine(_plain(l), l.size, l.bbox[1], l.bbox[3], l.bold) for l in first if l.horizontal],
            layouts[0].height, head_text,
        )
    finally:
        doc.close()
    status = "ocr" if any(p.ocr for p in pages) else "ok" if any(p.text.strip() for p in pages) else "no_text"
    return ParsedDocument(
        source=source, sha256=sha256, file_type="pdf", size_bytes=len(data), metadata=metadata,
        pages=tuple(pages), sections=find_sections(pages), tables=tuple(tables), warnings=tuple(warnings),
        status=status,
    )


def _plain(line: Line) -> str:
    """A line's text without its superscript markers (for metadata: author lines carry many)."""
    return extract_marks(_render(line))[0].strip()
