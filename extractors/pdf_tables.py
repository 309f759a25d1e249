"""Tables on PDF pages: ruled ones from the grids the page draws, unruled ones by alignment.

Ruled tables are searched only where the page draws a grid of thin strokes
(:mod:`extractors.pdf_grids`); unruled tables only in regions of aligned numeric rows, and each
candidate must look like a grid before it is kept. PyMuPDF's ``find_tables`` can read either
kind instead (``ParseOptions(ruled_tables="pymupdf", text_tables="pymupdf")``). Cell text is
read from the page's words, which PyMuPDF's ``Table.extract`` garbles for numbers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from evidence.schema import Table
from extractors.mupdf import pymupdf
from extractors.pdf_grids import grid_tables, page_grids
from extractors.pdf_lines import CAPTION, TEXT_RULE, Layout, Line, Word

__all__ = ["column_width", "page_tables", "plausible_text_table", "text_grid"]

_NUMERIC_CELL = re.compile(r"^[<>\u2264\u2265\u00b1~]?\s*[-\u2212\u2013]?\d[\d.,\u00b7]*\s*%?(?:\s*[(\[][^)\]]{0,20}[)\]])?\s*[a-z*\u2020]?$")
HEADER_ROWS = 4  # printed lines of column headings above an unruled table's first row of numbers

MIN_GRID_WORDS = 6  # fewer words inside a grid: a framed figure or legend, not a table
# Unruled tables: words closer than this fraction of their height belong to one cell (a space
# is about a quarter of it, a column gap at least one).
CELL_GAP = 0.6



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


def _cell_rows(words: Sequence[Word], bbox: Sequence[float],
               cells: Sequence[Sequence[Sequence[float] | None]]) -> tuple[tuple[str, ...], ...]:
    """A ruled table's cell texts, read from the page's words (a word belongs to the cell holding
    its centre; ``None`` is a slot a spanning cell covers). Words keep numbers as printed, where
    ``Table.extract`` garbles them when glyph boxes are loose ("72.4 ± 9.1" becomes "724±91").
    Empty rows go."""
    x0, y0, x1, y1 = bbox
    centres = [((w[0] + w[2]) / 2, (w[1] + w[3]) / 2, w) for w in words]
    centres = [c for c in centres if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    rows = []
    for row in cells:
        texts = []
        for cell in row:
            if cell is None:
                texts.append("")
                continue
            cx0, cy0, cx1, cy1 = cell
            texts.append(_words_text([w for x, y, w in centres if cx0 <= x <= cx1 and cy0 <= y <= cy1]))
        if any(texts):
            rows.append(tuple(texts))
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


def text_grid(words: Sequence[Word], region: pymupdf.Rect) -> tuple[tuple[tuple[str, ...], ...], pymupdf.Rect] | None:
    """An unruled table read from the words inside ``region``, by alignment alone.

    Rows are printed lines; a row's words form cells where the gap between them is wider than
    CELL_GAP of their height and than a character of theirs; columns are the x ranges the cells
    cover (see :func:`_columns`); each cell goes to the first column it overlaps; a row label
    wrapped onto a line of its own (lower case or bracketed) joins the row above. About a
    millisecond a table, where ``find_tables(strategy="text")`` takes tens (it remains
    available as ``ParseOptions(text_tables="pymupdf")``)."""
    inside = [w for w in words if region.x0 <= (w[0] + w[2]) / 2 <= region.x1
              and region.y0 <= (w[1] + w[3]) / 2 <= region.y1 and w[4].strip() and not TEXT_RULE.match(w[4])]
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


def column_width(layouts: Sequence[Layout]) -> float:
    """The width of the document's text column: the commonest width of lines of five words or more."""
    widths = Counter(round((l.bbox[2] - l.bbox[0]) / 5) * 5 for layout in layouts for l in layout.lines
                     if l.role == "body" and len(l.text.split()) >= 5)
    return float(widths.most_common(1)[0][0]) if widths else 0.0


def _prose_lines(lines: Sequence[Line], column: float) -> set[int]:
    """Ids of the lines that belong to paragraphs of running text, which no table holds.

    A paragraph is a PyMuPDF block of two lines or more, none of them a number, most of them
    running the width of the text column with five words or more. (A long row label of a table
    is a block of one line, or shares its block with the row's numbers.)"""
    if not column:
        return set()
    blocks: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        blocks[line.block].append(line)
    prose: set[int] = set()
    for block in blocks.values():
        full = sum(1 for l in block if l.bbox[2] - l.bbox[0] >= 0.8 * column and len(l.text.split()) >= 5)
        if len(block) >= 2 and full * 2 >= len(block) and not any(_is_numeric(l.text) for l in block):
            prose.update(id(l) for l in block)
    return prose


def _include(rect: list[float], lines: Sequence[Line]) -> None:
    """Grow ``rect`` (x0, y0, x1, y1) over the boxes of ``lines``; empty boxes add nothing."""
    for x0, y0, x1, y1 in (line.bbox for line in lines):
        if x1 > x0 and y1 > y0:
            rect[:] = min(rect[0], x0), min(rect[1], y0), max(rect[2], x1), max(rect[3], y1)


def _numeric_regions(lines: Sequence[Line], column: float) -> list[pymupdf.Rect]:
    """Areas where rows of cells line up with numbers in them: where an unruled table may be.

    A region starts at a row of two or more cells with a number after the first, spans from
    that row's first cell to its last numeric cell, and grows down through the rows that follow
    closely (label-only rows too), then up through at most HEADER_ROWS header lines of two or
    more cells. Rules typed as a row of dots or dashes are looked through. Lines of running text (:func:`_prose_lines`) never start a region and end one; lines
    starting left or right of it (the other column of the page) are ignored.
    """
    body = [l for l in lines if l.role == "body" and l.horizontal and not TEXT_RULE.match(l.text)]
    prose = _prose_lines(body, column)
    rows: list[list[Line]] = []
    for line in sorted(body, key=lambda l: (l.y_mid, l.bbox[0])):
        if rows and abs(rows[-1][0].y_mid - line.y_mid) < 0.4 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda l: l.bbox[0])

    def numeric_right(row: Sequence[Line]) -> float | None:
        ends = [c.bbox[2] for c in row[1:] if _is_numeric(c.text)]
        return max(ends) if ends else None

    def inside(row: Sequence[Line], left: float, right: float) -> list[Line]:
        return [c for c in row if left - 2 * c.size <= c.bbox[0] < right]

    def joins(cells: Sequence[Line], rect: list[float], above: bool) -> bool:
        if not cells or any(id(c) in prose for c in cells):
            return False
        top, bottom = min(c.bbox[1] for c in cells), max(c.bbox[3] for c in cells)
        gap = rect[1] - bottom if above else top - rect[3]
        return gap <= 2.5 * cells[0].size and all(c.bbox[2] <= rect[2] + 4 * c.size for c in cells)

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
        rect = [left, min(c.bbox[1] for c in first), right, max(c.bbox[3] for c in first)]  # x0, y0, x1, y1
        values = min(c.bbox[0] for c in first[1:]) if len(first) > 1 else right
        count, j = 1, i + 1
        while j < len(rows):
            cells = inside(rows[j], left, rect[2])
            if not cells:  # only lines beside the region, in the other column
                j += 1
                continue
            if not joins(cells, rect, above=False):
                break
            if len(cells) == 1 and cells[0].bbox[2] > values + cells[0].size and len(cells[0].text.split()) >= 5:
                break  # a sentence running across the value columns: the table's note
            _include(rect, cells)
            count += numeric_right(cells) is not None
            j += 1
        labels = [c for row in rows[i:j] for c in row
                  if c.bbox[0] < left and c.bbox[2] <= left + c.size and id(c) not in prose]
        if len(labels) >= 2:  # the first numeric row had no label: take in the label column
            left = min(c.bbox[0] for c in labels)
            _include(rect, labels)
        for k in range(i - 1, i - 1 - HEADER_ROWS, -1):
            cells = inside(rows[k], left, rect[2]) if k >= 0 else []
            if len(cells) < 2 or not joins(cells, rect, above=True):
                break  # a caption or prose line above ends the header
            _include(rect, cells)
        if count >= 2:
            regions.append(pymupdf.Rect(rect) + (-2, -2, 2, 2))
            i = j
        else:
            i += 1
    return regions


def plausible_text_table(rows: tuple[tuple[str, ...], ...]) -> bool:
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


def _caption(lines: Sequence[Line], bbox: pymupdf.Rect) -> str:
    best: tuple[float, Line] | None = None
    for line in lines:
        if not CAPTION.match(line.text):
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


def _inside(line: Line, rect: pymupdf.Rect) -> bool:
    x = (line.bbox[0] + line.bbox[2]) / 2
    return rect.x0 <= x <= rect.x1 and rect.y0 <= line.y_mid <= rect.y1


def _cells_bbox(rows: Sequence[Sequence[Sequence[float] | None]]) -> pymupdf.Rect:
    cells = [c for row in rows for c in row if c]
    return pymupdf.Rect(min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _ruled_tables(page: pymupdf.Page, words: Sequence[Word], ruled_tables: str
                  ) -> list[tuple[pymupdf.Rect, tuple[tuple[str, ...], ...]]]:
    found = []
    for grid in page_grids(page):
        x0, y0, x1, y1 = grid.bbox
        if sum(1 for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1) < MIN_GRID_WORDS:
            continue  # a framed figure or an empty box
        if ruled_tables == "fast":
            tables = [(_cells_bbox(cells), cells) for cells in grid_tables(grid)]
        else:
            finder = page.find_tables(clip=grid.bbox + (-3, -3, 3, 3), strategy="lines", use_layout=False)
            tables = [(pymupdf.Rect(t.bbox), [row.cells for row in t.rows]) for t in (finder.tables if finder else ())]
        for bbox, cells in tables:
            rows = _cell_rows(words, bbox, cells)
            if sum(1 for row in rows if sum(1 for cell in row if cell) >= 2) >= 2:  # not a framed figure
                found.append((bbox, rows))
    return found


def page_tables(page: pymupdf.Page, layout: Layout, column: float, *, text_tables: str = "fast",
                ruled_tables: str = "fast") -> list[Table]:
    """Tables of a page that prints a table caption (``layout.words`` is set on those only).

    Ruled tables are read from the cells each grid draws (:mod:`extractors.pdf_grids`) or, with
    ``ruled_tables="pymupdf"``, by ``find_tables(strategy="lines")`` clipped to the grid;
    unruled ones inside the regions where rows line up numbers, by :func:`text_grid` or, with
    ``text_tables="pymupdf"``, by ``find_tables(strategy="text")``."""
    words = layout.words
    if words is None:
        return []
    found: list[tuple[pymupdf.Rect, tuple[tuple[str, ...], ...], str]] = [
        (bbox, rows, "lines") for bbox, rows in _ruled_tables(page, words, ruled_tables)]
    for region in _numeric_regions(layout.lines, column):
        if any(region.intersects(rect) for rect, _, _ in found):
            continue
        if text_tables == "fast":
            grid = text_grid(words, region)
            candidates = [(grid[1], grid[0])] if grid else []
        else:
            finder = page.find_tables(clip=region, strategy="text", use_layout=False, paths=[])
            candidates = [(pymupdf.Rect(t.bbox), _cell_rows(words, t.bbox, [row.cells for row in t.rows]))
                          for t in (finder.tables if finder else ())]
        found.extend((rect, rows, "text") for rect, rows in candidates if plausible_text_table(rows))
    tables = []
    for rect, rows, strategy in sorted(found, key=lambda f: (f[0].y0, f[0].x0)):
        if CAPTION.match(rows[0][0]) and not any(rows[0][1:]):
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
