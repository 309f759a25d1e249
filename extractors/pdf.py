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
* finds tables on pages that print a "Table N" caption: ruled ones with PyMuPDF's
  ``find_tables(strategy="lines")``, clipped to each grid the page draws; unruled ones inside
  the regions where rows line up numbers, by an alignment grid built from the words
  (:func:`_text_grid`, about a millisecond a table; ``find_tables(strategy="text")`` costs tens
  and stays available as ``ParseOptions(text_tables="pymupdf")``). Cell text is read from the
  words, as printed, and table lines are kept out of the body text;
* orders the remaining lines: full-width lines stay in place, and between two of them the left
  column is read top to bottom before the right one (a sidebar's wide column after it);
* writes the body: superscript citation markers (PyMuPDF's superscript flag, or a smaller size
  on a raised baseline) become marker spans instead of text, lines join into paragraphs with
  hyphenation repaired (see :mod:`extractors.text`), headings stand alone, a bold heading run
  into its text starts a paragraph, and a numbered reference list printed without a heading
  keeps its line breaks as one under a References heading would.
"""

from __future__ import annotations

import contextlib
import gc
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.mupdf import pymupdf

from evidence.errors import EncryptedPdf, IngestError, LimitExceeded, UnreadablePdf, UnsupportedFile
from evidence.schema import Page, ParsedDocument, Span, Table
from extractors import ocr
from extractors.metadata import TextLine, read_metadata
from extractors.sections import LIST_LOOKAHEAD, find_sections, heading_kind, numbered_list_start, run_in_heading
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
_CAPTION = re.compile(r"^(?:Table|TABLE)\s+(?:[0-9]{1,2}|[IVX]{1,4})\b")
_NUMERIC_CELL = re.compile(r"^[<>\u2264\u2265\u00b1~]?\s*[-\u2212\u2013]?\d[\d.,\u00b7]*\s*%?(?:\s*[(\[][^)\]]{0,20}[)\]])?\s*[a-z*\u2020]?$")
_TERMINAL = ".!?:"
_LIST_LABEL = re.compile(r"^\[?(\d{1,3})[.\])]?(?:\s|$)")  # "17", "17.", "[17]" opening a list entry
_FIRST_ENTRY = re.compile(r"^(?:\[1\]|1[.)]?)(?:\s|$)")  # a line that may start entry 1 of a reference list
_TEXT_RULE = re.compile(r"^[.\u2026_\-\u2013\u2014=\u00b7\s]{5,}$")  # a rule typed as dots or dashes
_SUPERSCRIPT_FLAG = pymupdf.TEXT_FONT_SUPERSCRIPT
_BOLD_FLAG = pymupdf.TEXT_FONT_BOLD
HEADER_ROWS = 4  # printed lines of column headings above an unruled table's first row of numbers


@dataclass
class _Line:
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


def _dominant_size(spans: Sequence[dict]) -> float:
    weights: dict[float, int] = {}
    for span in spans:
        weights[span["size"]] = weights.get(span["size"], 0) + len(span["text"])
    return max(weights, key=weights.__getitem__) if weights else 0.0


def _is_raised(span: dict, line: _Line) -> bool:
    if span["flags"] & _SUPERSCRIPT_FLAG:
        return True
    size = line.size
    if span["size"] > SMALLER * size:
        return False
    baselines = [s["origin"][1] for s in line.spans if abs(s["size"] - size) < 0.3 and s["text"].strip()]
    baseline = max(baselines) if baselines else line.bbox[3]
    return span["origin"][1] < baseline - RAISED * size


def _render(line: _Line) -> str:
    """The line's text with marks; fills ``line.pieces`` with (span, role) in mark order."""
    pieces: list[tuple[dict, str]] = []
    line.pieces = pieces
    out = ""
    plain = ""
    previous_x1: float | None = None
    smaller = SMALLER * line.size
    owned = False  # whether pieces[-1] holds a merged copy made here (mutable), not PyMuPDF's run
    for span in line.spans:
        text = span["text"]
        if not text or text.isspace():
            if plain and not plain.endswith(" "):
                out += " "
                plain += " "
            previous_x1 = span["bbox"][2]
            continue
        bbox = span["bbox"]
        raised = bool(span["flags"] & _SUPERSCRIPT_FLAG) or (span["size"] <= smaller and _is_raised(span, line))
        if previous_x1 is not None and not raised and not plain.endswith(" ") and not text.startswith(" ") \
                and bbox[0] - previous_x1 > 0.2 * span["size"]:
            out += " "
            plain += " "
        if plain.endswith(" "):
            text = text.lstrip()
        previous_x1 = bbox[2]
        if raised:
            kind = superscript_kind(text, plain)
            if kind == "marker":
                out += f"{MARK_OPEN}{text.strip()}{MARK_CLOSE}"
                pieces.append((span, "marker"))
                owned = False
                if text[-1].isspace() and not plain.endswith(" "):
                    # MuPDF often ends a marker's run with the word space, flagged superscript
                    # too: it still separates "artery" from "in".
                    out += " "
                    plain += " "
                continue
            if kind == "exponent":
                text = "^" + text.strip()
        if pieces and pieces[-1][1] == "body" and _same_style(pieces[-1][0], span):
            merged = pieces[-1][0]
            if not owned:  # copy PyMuPDF's run once, then grow the copy
                merged = dict(merged)
                pieces[-1] = (merged, "body")
                owned = True
            merged["text"] += text
            merged_bbox = merged["bbox"]
            merged["bbox"] = (merged_bbox[0], min(merged_bbox[1], bbox[1]), bbox[2], max(merged_bbox[3], bbox[3]))
            out += text
        else:
            out += MARK_SPAN + text
            pieces.append((span, "body"))
            owned = False
        plain += text
    return out


_STYLE_FLAGS = pymupdf.TEXT_FONT_BOLD | pymupdf.TEXT_FONT_SUPERSCRIPT


def _same_style(a: dict, b: dict) -> bool:
    """Whether two runs may be stored as one span: same size and weight (italics may differ)."""
    return abs(a["size"] - b["size"]) < 0.1 and (a["flags"] & _STYLE_FLAGS) == (b["flags"] & _STYLE_FLAGS)


def _merge_orphan_superscripts(lines: list[_Line]) -> list[_Line]:
    """Fold a line made only of small raised text into the line of the same block it sits on."""
    kept: list[_Line] = []
    by_block: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        host = next((other for other in by_block[line.block] if line.size < SMALLER * other.size
                     and other.bbox[1] - 1 <= line.y_mid <= other.bbox[3]
                     and line.bbox[0] <= other.bbox[2] + other.size), None)
        if host is None:
            kept.append(line)
            by_block[line.block].append(line)
            continue
        host.spans = sorted(host.spans + line.spans, key=lambda s: s["bbox"][0])
        host.bbox = (min(host.bbox[0], line.bbox[0]), min(host.bbox[1], line.bbox[1]),
                     max(host.bbox[2], line.bbox[2]), host.bbox[3])
        host.text = "".join(s["text"] for s in host.spans)
    return kept


def _page_lines(page_dict: dict) -> list[_Line]:
    lines: list[_Line] = []
    bold_flag = pymupdf.TEXT_FONT_BOLD
    for b, block in enumerate(page_dict["blocks"]):
        if block.get("type") != 0:
            continue
        for i, raw in enumerate(block["lines"]):
            spans = [s for s in raw["spans"] if s["text"]]
            visible = [s for s in spans if not s["text"].isspace()]  # spans' text is non-empty
            if not visible:
                continue
            bold = True
            for s in visible:
                if not (s["flags"] & bold_flag or "bold" in s["font"].lower()):
                    bold = False
                    break
            dx, dy = raw["dir"]
            lines.append(_Line(
                spans=spans, bbox=tuple(raw["bbox"]), block=b, index=i, size=_dominant_size(spans), bold=bold,
                text="".join([s["text"] for s in spans]).strip(), horizontal=abs(dy) < 0.05 and dx > 0,
            ))
    return _merge_orphan_superscripts(lines)


@dataclass
class _Layout:
    number: int
    width: float
    height: float
    lines: list[_Line]
    image_only: bool = False
    ocr: bool = False
    words: list[Word] | None = None  # the page's words, kept only where a table caption is printed


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _mark_running_matter(layouts: Sequence[_Layout]) -> None:
    """Give header, footer and page_number roles to the margin lines that are running matter."""
    def zone(layout: _Layout, line: _Line) -> str | None:
        if line.bbox[3] <= MARGIN_ZONE * layout.height:
            return "header"
        if line.bbox[1] >= (1 - MARGIN_ZONE) * layout.height:
            return "footer"
        return None

    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for layout in layouts:
        for line in layout.lines:
            where = zone(layout, line)
            if where:
                seen[(where, _running_key(line.text))].add(layout.number)
    needed = max(2, round(0.25 * len(layouts)))
    numbers: list[tuple[_Layout, _Line]] = []
    for layout in layouts:
        for line in layout.lines:
            if not line.horizontal:
                line.role = "footer"
                continue
            where = zone(layout, line)
            if where is None:
                continue
            if _PAGE_NUMBER.match(line.text):
                numbers.append((layout, line))
            elif len(seen[(where, _running_key(line.text))]) >= needed:
                line.role = where
    for layout, line in numbers:
        if not _is_label(line, layout.lines):
            line.role = "page_number"


def _is_label(number: _Line, lines: Sequence[_Line]) -> bool:
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


# Ruled tables: strokes longer than these (points) may be the rules of a grid, if thinner
# than RULE_THICKNESS; rules closer than RULE_TOUCH belong to one grid.
RULE_ACROSS = 20.0
RULE_DOWN = 8.0
RULE_THICKNESS = 3.0
RULE_TOUCH = 2.0
MAX_RULES = 1500  # beyond this many strokes a page is a drawing, not a table
MIN_GRID_WORDS = 6  # fewer words inside a grid: a framed figure or legend, not a table
# Unruled tables: words closer than this fraction of their height belong to one cell (a space
# is about a quarter of it, a column gap at least one).
CELL_GAP = 0.6

Word = tuple  # (x0, y0, x1, y1, text, block, line, word) as PyMuPDF's get_text("words") gives


def _rules(page: pymupdf.Page) -> list[tuple[float, float, float, float, bool]]:
    """The page's axis-parallel strokes long enough to rule a table: (x0, y0, x1, y1, across).

    Lines and thin rectangles count, and the sides of boxes, stroked or filled (tables shaded
    cell by cell have no other rules). Glyphs drawn as outlines are short and fall out."""
    segments: list[tuple[float, float, float, float]] = []
    for path in page.get_cdrawings():
        for item in path.get("items", ()):
            if item[0] == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                segments.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
            elif item[0] == "re":
                x0, y0, x1, y1 = item[1]
                if x1 - x0 < RULE_THICKNESS or y1 - y0 < RULE_THICKNESS:
                    segments.append((x0, y0, x1, y1))
                else:
                    segments += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    rules = []
    for x0, y0, x1, y1 in segments:
        if x1 - x0 > RULE_ACROSS and y1 - y0 < RULE_THICKNESS:
            rules.append((x0, y0, x1, y1, True))
        elif y1 - y0 > RULE_DOWN and x1 - x0 < RULE_THICKNESS:
            rules.append((x0, y0, x1, y1, False))
    return rules


def _grids(rules: Sequence[tuple[float, float, float, float, bool]]) -> list[pymupdf.Rect]:
    """Areas ruled as grids: groups of touching rules at three heights or more and three x
    positions or more, the least a table of two rows and two columns needs. Rules only across
    (booktabs) or boxes of one column leave the table to the text reader."""
    if len(rules) > MAX_RULES:
        return []
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ordered = sorted(range(len(rules)), key=lambda i: rules[i][0])
    for position, i in enumerate(ordered):  # sweep along x: only rules that reach each other meet
        a = rules[i]
        for j in ordered[position + 1:]:
            b = rules[j]
            if b[0] > a[2] + RULE_TOUCH:
                break
            if b[1] <= a[3] + RULE_TOUCH and a[1] <= b[3] + RULE_TOUCH:
                parent[root(j)] = root(i)
    groups: dict[int, list[tuple[float, float, float, float, bool]]] = defaultdict(list)
    for i, rule in enumerate(rules):
        groups[root(i)].append(rule)
    grids = []
    for group in groups.values():
        # Two rows and two columns at least: three distinct rules across and three down.
        across = {round(r[1]) for r in group if r[4]}
        down = {round(r[0]) for r in group if not r[4]}
        if len(across) >= 3 and len(down) >= 3:
            grids.append(pymupdf.Rect(min(r[0] for r in group), min(r[1] for r in group),
                                      max(r[2] for r in group), max(r[3] for r in group)))
    return grids


def _visual_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    middle = 0.0
    for word in sorted(words, key=lambda w: (w[1] + w[3]) / 2):
        y = (word[1] + word[3]) / 2
        if lines and abs(y - middle) <= 0.4 * (word[3] - word[1]):
            lines[-1].append(word)
        else:
            lines.append([word])
            middle = y
    for line in lines:
        line.sort(key=lambda w: w[0])
    return lines


def _words_text(words: Sequence[Word]) -> str:
    return " ".join(text for line in _visual_lines(words) for w in line if (text := w[4].strip()))


def _cell_rows(words: Sequence[Word], table: pymupdf.table.Table) -> tuple[tuple[str, ...], ...]:
    """A ruled table's cell texts, read from the page's words (a word belongs to the cell holding
    its centre). ``Table.extract`` garbles numbers when glyph boxes are loose ("72.4 ± 9.1"
    becomes "724±91" and ". ."); words keep them as printed. Empty rows go."""
    x0, y0, x1, y1 = table.bbox
    centres = [((w[0] + w[2]) / 2, (w[1] + w[3]) / 2, w) for w in words]
    centres = [c for c in centres if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("")
                continue
            cx0, cy0, cx1, cy1 = cell
            cells.append(_words_text([w for x, y, w in centres if cx0 <= x <= cx1 and cy0 <= y <= cy1]))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _merge_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _columns(rows: Sequence[Sequence[list]], depth: int = 0) -> list[tuple[float, float]]:
    """Column extents of an unruled table: the x ranges its cells cover, where no cell crosses.

    A cell spanning two columns (a group header over "n" and "%") would join them, so a range
    that holds two cells of one row is split again by the rows that have two cells in it."""
    columns: list[tuple[float, float]] = []
    for start, end in _merge_spans([(c[0], c[2]) for row in rows for c in row]):
        within = [inside for inside in ([c for c in row if start <= c[0] and c[2] <= end] for row in rows) if inside]
        fine = [inside for inside in within if len(inside) >= 2]
        # Split only where most rows agree: one header of two words must not split a column.
        parts = _columns(fine, depth + 1) if fine and 2 * len(fine) >= len(within) and depth < 3 else []
        columns.extend(parts if len(parts) >= 2 else [(start, end)])
    return columns


def _text_grid(words: Sequence[Word], region: pymupdf.Rect) -> tuple[tuple[tuple[str, ...], ...], pymupdf.Rect] | None:
    """An unruled table read from the words inside ``region``, by alignment alone.

    Rows are printed lines; a row's words form cells where the gap between them is wider than
    CELL_GAP of their height and than a character of theirs; columns are the x ranges the cells
    cover (see :func:`_columns`); each cell goes to the first column it overlaps; a row label
    wrapped onto a line of its own (lower case or bracketed) joins the row above. About a
    millisecond a table, where ``find_tables(strategy="text")`` takes tens (it remains
    available as ``ParseOptions(text_tables="pymupdf")``)."""
    inside = [w for w in words if region.x0 <= (w[0] + w[2]) / 2 <= region.x1
              and region.y0 <= (w[1] + w[3]) / 2 <= region.y1 and w[4].strip() and not _TEXT_RULE.match(w[4])]
    if not inside:
        return None
    rows: list[list[list]] = []
    for line in _visual_lines(inside):
        cells: list[list] = []
        previous = 0.0
        for x0, y0, x1, y1, text, *_ in line:
            text = text.strip()
            pitch = max(previous, (x1 - x0) / len(text))  # letter-spaced capitals space words wider
            previous = (x1 - x0) / len(text)
            if cells and x0 - cells[-1][2] < max(CELL_GAP * (y1 - y0), pitch):
                cell = cells[-1]
                cell[1], cell[2], cell[3], cell[4] = min(cell[1], y0), x1, max(cell[3], y1), f"{cell[4]} {text}"
            else:
                cells.append([x0, y0, x1, y1, text])
        rows.append(cells)
    columns = _columns(rows)
    table = []
    for cells in rows:
        texts = [""] * len(columns)
        for x0, _, x1, _, text in cells:
            # A cell spanning columns (a group header) goes to the first, as HTML's colspan does.
            best = next((k for k, (start, end) in enumerate(columns) if min(x1, end) - max(x0, start) > 0),
                        max(range(len(columns)), key=lambda k: min(x1, columns[k][1]) - max(x0, columns[k][0])))
            texts[best] = f"{texts[best]} {text}" if texts[best] else text
        if table and (texts[0][:1].islower() or texts[0][:1] == "(") and not any(texts[1:]) and table[-1][0]:
            # A row label wrapped onto a second line ("Time on natalizumab prior to study" /
            # "entry (months)"): one cell, in lower case or in brackets, under a labelled row.
            table[-1] = (f"{table[-1][0]} {texts[0]}", *table[-1][1:])
            continue
        table.append(tuple(texts))
    bbox = pymupdf.Rect(min(w[0] for w in inside), min(w[1] for w in inside),
                        max(w[2] for w in inside), max(w[3] for w in inside))
    return tuple(table), bbox


def _is_numeric(text: str) -> bool:
    """A table value: a number with its trimmings ("28 (64%)", "<0.001"), or mostly digits and
    no word ("46.6 (11.3); 47.5 (38.3 - 55.4)" but not "Relat Res 1996;328:19-24")."""
    if _NUMERIC_CELL.match(text):
        return True
    compact = text.replace(" ", "")
    return len(compact) <= 40 and sum(c.isdigit() for c in compact) >= 0.4 * len(compact) \
        and not re.search(r"[^\W\d_]{3}", text)


def _column_width(layouts: Sequence[_Layout]) -> float:
    """The width of the document's text column: the commonest width of lines of five words or more."""
    widths = Counter(round((l.bbox[2] - l.bbox[0]) / 5) * 5 for layout in layouts for l in layout.lines
                     if l.role == "body" and len(l.text.split()) >= 5)
    return float(widths.most_common(1)[0][0]) if widths else 0.0


def _prose_lines(lines: Sequence[_Line], column: float) -> set[int]:
    """Ids of the lines that belong to paragraphs of running text, which no table holds.

    A paragraph is a PyMuPDF block of two lines or more, none of them a number, most of them
    running the width of the text column with five words or more. (A long row label of a table
    is a block of one line, or shares its block with the row's numbers.)"""
    if not column:
        return set()
    blocks: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        blocks[line.block].append(line)
    prose: set[int] = set()
    for block in blocks.values():
        full = sum(1 for l in block if l.bbox[2] - l.bbox[0] >= 0.8 * column and len(l.text.split()) >= 5)
        if len(block) >= 2 and full * 2 >= len(block) and not any(_is_numeric(l.text) for l in block):
            prose.update(id(l) for l in block)
    return prose


def _numeric_regions(lines: Sequence[_Line], column: float) -> list[pymupdf.Rect]:
    """Areas where rows of cells line up with numbers in them: where an unruled table may be.

    A region starts at a row of two or more cells with a number after the first, spans from
    that row's first cell to its last numeric cell, and grows down through the rows that follow
    closely (label-only rows too), then up through at most HEADER_ROWS header lines of two or
    more cells. Rules typed as a row of dots or dashes are looked through. Lines of running text (:func:`_prose_lines`) never start a region and end one; lines
    starting left or right of it (the other column of the page) are ignored.
    """
    body = [l for l in lines if l.role == "body" and l.horizontal and not _TEXT_RULE.match(l.text)]
    prose = _prose_lines(body, column)
    rows: list[list[_Line]] = []
    for line in sorted(body, key=lambda l: (l.y_mid, l.bbox[0])):
        if rows and abs(rows[-1][0].y_mid - line.y_mid) < 0.4 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda l: l.bbox[0])

    def numeric_right(row: Sequence[_Line]) -> float | None:
        ends = [c.bbox[2] for c in row[1:] if _is_numeric(c.text)]
        return max(ends) if ends else None

    def inside(row: Sequence[_Line], left: float, right: float) -> list[_Line]:
        return [c for c in row if left - 2 * c.size <= c.bbox[0] < right]

    def joins(cells: Sequence[_Line], rect: pymupdf.Rect, above: bool) -> bool:
        if not cells or any(id(c) in prose for c in cells):
            return False
        top, bottom = min(c.bbox[1] for c in cells), max(c.bbox[3] for c in cells)
        gap = rect.y0 - bottom if above else top - rect.y1
        return gap <= 2.5 * cells[0].size and all(c.bbox[2] <= rect.x1 + 4 * c.size for c in cells)

    regions: list[pymupdf.Rect] = []
    i = 0
    while i < len(rows):
        start = [c for c in rows[i] if id(c) not in prose]
        right = numeric_right(start)
        if right is None:
            i += 1
            continue
        left = start[0].bbox[0]
        first = inside(start, left, right + 1)
        rect = pymupdf.Rect(left, min(c.bbox[1] for c in first), right, max(c.bbox[3] for c in first))
        values = min(c.bbox[0] for c in first[1:]) if len(first) > 1 else right
        count, j = 1, i + 1
        while j < len(rows):
            cells = inside(rows[j], left, rect.x1)
            if not cells:  # only lines beside the region, in the other column
                j += 1
                continue
            if not joins(cells, rect, above=False):
                break
            if len(cells) == 1 and cells[0].bbox[2] > values + cells[0].size and len(cells[0].text.split()) >= 5:
                break  # a sentence running across the value columns: the table's note
            for cell in cells:
                rect |= pymupdf.Rect(cell.bbox)
            count += numeric_right(cells) is not None
            j += 1
        labels = [c for row in rows[i:j] for c in row
                  if c.bbox[0] < left and c.bbox[2] <= left + c.size and id(c) not in prose]
        if len(labels) >= 2:  # the first numeric row had no label: take in the label column
            left = min(c.bbox[0] for c in labels)
            for cell in labels:
                rect |= pymupdf.Rect(cell.bbox)
        for k in range(i - 1, i - 1 - HEADER_ROWS, -1):
            cells = inside(rows[k], left, rect.x1) if k >= 0 else []
            if len(cells) < 2 or not joins(cells, rect, above=True):
                break  # a caption or prose line above ends the header
            for cell in cells:
                rect |= pymupdf.Rect(cell.bbox)
        if count >= 2:
            regions.append(rect + (-2, -2, 2, 2))
            i = j
        else:
            i += 1
    return regions


def _plausible_text_table(rows: tuple[tuple[str, ...], ...]) -> bool:
    """Reject a grid read from what is no table: demand two rows or more of short cells, mostly
    filled, and a column after the first whose cells are mostly numbers."""
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return False
    filled = [c for r in rows for c in r if c]
    if len(filled) < 0.5 * sum(len(r) for r in rows) or sum(len(c) for c in filled) > 25 * len(filled):
        return False
    for k in range(1, max(len(r) for r in rows)):
        column = [r[k] for r in rows if k < len(r) and r[k]]
        if sum(1 for c in column if _is_numeric(c)) >= max(2, 0.5 * len(column)):
            return True
    return False


def _caption(lines: Sequence[_Line], bbox: pymupdf.Rect) -> str:
    best: tuple[float, _Line] | None = None
    for line in lines:
        if not _CAPTION.match(line.text):
            continue
        above = bbox.y0 - line.bbox[3]
        below = line.bbox[1] - bbox.y1
        distance = above if -2 <= above <= 6 * line.size else below if -2 <= below <= 3 * line.size else None
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, line)
    if best is None:
        return ""
    best[1].caption = True
    return " ".join(best[1].text.split())


def _inside(line: _Line, rect: pymupdf.Rect) -> bool:
    x = (line.bbox[0] + line.bbox[2]) / 2
    return rect.x0 <= x <= rect.x1 and rect.y0 <= line.y_mid <= rect.y1


def _page_tables(page: pymupdf.Page, layout: _Layout, text_tables: str, column: float) -> list[Table]:
    """Tables of a page that prints a table caption (``layout.words`` is set on those only).

    Ruled tables go to ``find_tables(strategy="lines")``, clipped to each grid the page draws;
    unruled ones are read inside the regions where rows line up numbers, by :func:`_text_grid`
    or, with ``text_tables="pymupdf"``, by ``find_tables(strategy="text")``."""
    words = layout.words
    if words is None:
        return []
    found: list[tuple[pymupdf.Rect, tuple[tuple[str, ...], ...], str]] = []
    for grid in _grids(_rules(page)):
        if sum(1 for w in words if grid.contains(((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))) < MIN_GRID_WORDS:
            continue  # a framed figure or an empty box: find_tables costs ~0.1 ms a word, and more
        finder = page.find_tables(clip=grid + (-3, -3, 3, 3), strategy="lines", use_layout=False)
        for table in finder.tables if finder else ():
            rows = _cell_rows(words, table)
            if sum(1 for row in rows if sum(1 for cell in row if cell) >= 2) >= 2:  # not a framed figure
                found.append((pymupdf.Rect(table.bbox), rows, "lines"))
    for region in _numeric_regions(layout.lines, column):
        if any(region.intersects(rect) for rect, _, _ in found):
            continue
        if text_tables == "fast":
            grid = _text_grid(words, region)
            candidates = [(grid[1], grid[0])] if grid else []
        else:
            finder = page.find_tables(clip=region, strategy="text", use_layout=False, paths=[])
            candidates = [(pymupdf.Rect(t.bbox), _cell_rows(words, t)) for t in (finder.tables if finder else ())]
        found.extend((rect, rows, "text") for rect, rows in candidates if _plausible_text_table(rows))
    tables = []
    for rect, rows, strategy in sorted(found, key=lambda f: (f[0].y0, f[0].x0)):
        if _CAPTION.match(rows[0][0]) and not any(rows[0][1:]):
            # The caption printed in the table's first (shaded) row, as the BMJ does.
            caption, rows = " ".join(rows[0][0].split()), rows[1:]
            for line in layout.lines:
                if _inside(line, rect) and " ".join(line.text.split()) in caption:
                    line.caption = True
        else:
            caption = _caption(layout.lines, rect)
        if len(rows) < 2:
            continue
        for line in layout.lines:
            if line.role == "body" and not line.caption and _inside(line, rect):
                line.role = "table"
        tables.append(Table(page=layout.number, index=len(tables), rows=rows, bbox=tuple(rect), strategy=strategy,
                            caption=caption))
    return tables


def _gutter(lines: Sequence[_Line]) -> float:
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


def _demote_beside_sidebars(lines: Sequence[_Line]) -> None:
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


def _reading_order(lines: Sequence[_Line]) -> list[_Line]:
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
    ordered: list[_Line] = []
    pending: list[_Line] = []

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


def _continues(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` across a block or column break."""
    before = previous.text.rstrip()
    return bool(before) and before[-1] not in _TERMINAL and abs(previous.size - line.size) < 0.6 \
        and previous.bold == line.bold and (line.text[:1].islower() or before[-1] in "-,;(")


def _is_heading(line: _Line, body_size: float) -> bool:
    return heading_kind(line.text) is not None and (line.bold or line.size > body_size + 0.5 or line.text[:1].isupper())


def _run_in(line: _Line) -> bool:
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


def _paragraphs(ordered: Sequence[_Line], body_size: float, find_list: bool = False) -> list[Paragraph]:
    """The page's lines as paragraphs. ``find_list``: look for a numbered reference list
    printed without a heading (:func:`extractors.sections.numbered_list_start`)."""
    paragraphs: list[Paragraph] = []
    previous: _Line | None = None
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


def _span(span: dict, line: _Line, role: str, char_start: int | None) -> Span:
    flags = span["flags"]
    return Span(text=span["text"].strip() if role == "marker" else span["text"], bbox=tuple(span["bbox"]),
                font_size=span["size"],
                font=span["font"], superscript=bool(flags & _SUPERSCRIPT_FLAG) or role == "marker",
                bold=bool(flags & _BOLD_FLAG), block=line.block, line=line.index, role=role,
                char_start=char_start)


def _build_page(layout: _Layout, body_size: float, in_references: bool, find_list: bool = False) -> tuple[Page, bool]:
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


def _layout(page: pymupdf.Page, number: int, textpage: pymupdf.TextPage) -> _Layout:
    """The page's lines from one text extraction, and its words when it prints a table caption."""
    lines = _page_lines(page.get_text("dict", textpage=textpage))
    layout = _Layout(number, page.rect.width, page.rect.height, lines)
    if any(_CAPTION.match(line.text) for line in lines):
        layout.words = page.get_text("words", textpage=textpage)
    return layout


def _read_layout(page: pymupdf.Page, number: int, warnings: list[str]) -> _Layout:
    """The page's lines as its text layer gives them; ``image_only`` when it has none but images."""
    try:
        layout = _layout(page, number, page.get_textpage(flags=TEXT_FLAGS))
    except RuntimeError as exc:
        warnings.append(f"page {number} could not be read ({_error_line(exc, 'MuPDF error')})")
        layout = _Layout(number, page.rect.width, page.rect.height, [])
    layout.image_only = not layout.lines and bool(page.get_images())
    return layout


def _apply_ocr(doc: pymupdf.Document, layouts: list[_Layout], options: ParseOptions, warnings: list[str]) -> None:
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


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector (restoring its state after). A page's text dict is
    thousands of small dicts and tuples, freed by reference counting; their allocation alone
    would trigger collections that rescan every live object, about a fifth of parse time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_pdf(data: bytes, options: ParseOptions, *, source: str, sha256: str) -> ParsedDocument:
    """Parse the bytes of a PDF; ``source`` names the file in errors and in the result."""
    with _gc_paused():
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
        column = _column_width(layouts)
        for layout, page in zip(layouts, doc):
            tables.extend(_page_tables(page, layout, options.text_tables, column))
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


def _plain(line: _Line) -> str:
    """A line's text without its superscript markers (for metadata: author lines carry many)."""
    return extract_marks(_render(line))[0].strip()
