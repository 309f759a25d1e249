"""Ruled tables on PDF pages: the grids a page draws, and their cells, from its vector strokes.

A grid is a group of touching strokes with three rules across and three down at least. Its
cells come from the rules themselves: strokes are snapped to common positions and joined where
they continue each other, the crossings of rules across and rules down are the grid's corners,
and a cell is the smallest rectangle whose four corners are crossings joined by rules (a cell
spanning two columns is one cell, as drawn). That is the model of ``find_tables(strategy=
"lines")``, computed from the strokes of one grid rather than from the characters of the whole
page, which ``find_tables`` builds first (most of its cost on a page with a large table).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from extractors.mupdf import pymupdf

__all__ = ["Grid", "grid_cells", "grid_tables", "page_grids"]

# Strokes longer than these (points) may rule a grid if thinner than RULE_THICKNESS; rules
# closer than RULE_TOUCH belong to one grid.
RULE_ACROSS = 20.0
RULE_DOWN = 8.0
RULE_THICKNESS = 3.0
RULE_TOUCH = 2.0
MAX_RULES = 1500  # beyond this many strokes a page is a drawing, not a table
# Inside a grid: rules this long or longer (once joined) are cell sides; positions this close
# are one position, and rules this close to a crossing reach it.
MIN_SIDE = 3.0
SNAP = 3.0

T = TypeVar("T")
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1 and y0 <= y1
Cell = tuple[float, float, float, float]


@dataclass(frozen=True)
class Grid:
    """A ruled area of a page: its bounding box and every axis-parallel stroke inside it."""

    bbox: pymupdf.Rect
    strokes: tuple[Segment, ...]


def _strokes(page: pymupdf.Page) -> list[Segment]:
    """The page's axis-parallel strokes: lines, thin rectangles, and the sides of boxes, stroked
    or filled (tables shaded cell by cell have no other rules). Curves are no rules."""
    segments: list[Segment] = []
    for path in page.get_cdrawings():
        for item in path.get("items", ()):
            if item[0] == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                segments.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
            elif item[0] == "re":
                x0, y0, x1, y1 = item[1]
                x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
                if x1 - x0 < RULE_THICKNESS or y1 - y0 < RULE_THICKNESS:
                    segments.append((x0, y0, x1, y1))
                else:
                    segments += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    return segments


def _is_rule(segment: Segment) -> bool:
    x0, y0, x1, y1 = segment
    return (x1 - x0 > RULE_ACROSS and y1 - y0 < RULE_THICKNESS) or (y1 - y0 > RULE_DOWN and x1 - x0 < RULE_THICKNESS)


def page_grids(page: pymupdf.Page) -> list[Grid]:
    """Areas ruled as grids: groups of touching rules at three heights or more and three x
    positions or more, the least a table of two rows and two columns needs. Rules only across
    (booktabs) or boxes of one column leave the table to the text reader."""
    strokes = _strokes(page)
    rules = [s for s in strokes if _is_rule(s)]
    if len(rules) > MAX_RULES:
        return []
    ordered = sorted(range(len(rules)), key=lambda i: rules[i][0])

    def touching() -> Iterator[tuple[int, int]]:
        for position, i in enumerate(ordered):  # sweep along x: only rules that reach each other meet
            a = rules[i]
            for j in ordered[position + 1:]:
                b = rules[j]
                if b[0] > a[2] + RULE_TOUCH:
                    break
                if b[1] <= a[3] + RULE_TOUCH and a[1] <= b[3] + RULE_TOUCH:
                    yield i, j

    grids = []
    for group in _grouped(rules, touching()):
        across = {round(r[1]) for r in group if r[2] - r[0] > r[3] - r[1]}
        down = {round(r[0]) for r in group if r[3] - r[1] > r[2] - r[0]}
        if len(across) < 3 or len(down) < 3:
            continue
        bbox = pymupdf.Rect(min(r[0] for r in group), min(r[1] for r in group),
                            max(r[2] for r in group), max(r[3] for r in group))
        # Strokes reaching into the grid count as far as they are inside it (a top rule running
        # across the whole column over a narrower table still closes its first row).
        x0, y0, x1, y1 = bbox + (-SNAP, -SNAP, SNAP, SNAP)
        inside = tuple((max(s[0], x0), max(s[1], y0), min(s[2], x1), min(s[3], y1)) for s in strokes
                       if s[0] <= x1 and s[2] >= x0 and s[1] <= y1 and s[3] >= y0)
        grids.append(Grid(bbox, inside))
    return grids


def _snapped(values: Sequence[float]) -> dict[float, float]:
    """Each value mapped to the mean of its cluster: values in a chain of steps <= SNAP."""
    mapping: dict[float, float] = {}
    cluster: list[float] = []
    for value in sorted(set(values)) + [float("inf")]:
        if cluster and value - cluster[-1] > SNAP:
            mean = sum(cluster) / len(cluster)
            mapping.update((v, mean) for v in cluster)
            cluster = []
        cluster.append(value)
    return mapping


def _joined(lines: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules at one position (position, start, end) joined where one continues another."""
    joined: list[tuple[float, float, float]] = []
    for position, start, end in sorted(lines):
        if joined and joined[-1][0] == position and start <= joined[-1][2] + SNAP:
            joined[-1] = (position, joined[-1][1], max(joined[-1][2], end))
        else:
            joined.append((position, start, end))
    return joined


def grid_cells(grid: Grid) -> list[Cell]:
    """The cells a grid's rules draw: for each crossing, the smallest rectangle to its right
    and below whose corners are all crossings and whose sides lie on rules."""
    across_raw = [s for s in grid.strokes if s[3] - s[1] < RULE_THICKNESS and s[2] - s[0] >= s[3] - s[1]]
    down_raw = [s for s in grid.strokes if s[2] - s[0] < RULE_THICKNESS and s[3] - s[1] > s[2] - s[0]]
    y_of = _snapped([(s[1] + s[3]) / 2 for s in across_raw])
    x_of = _snapped([(s[0] + s[2]) / 2 for s in down_raw])
    # Short pieces count once joined: a rule drawn as dashes is one rule.
    across = [r for r in _joined([(y_of[(s[1] + s[3]) / 2], s[0], s[2]) for s in across_raw]) if r[2] - r[1] >= MIN_SIDE]
    down = [r for r in _joined([(x_of[(s[0] + s[2]) / 2], s[1], s[3]) for s in down_raw]) if r[2] - r[1] >= MIN_SIDE]
    # A crossing: which rule across and which rule down meet there (each rule is maximal after
    # joining, so two crossings are linked by a side exactly when they share a rule).
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for d, (x, top, bottom) in enumerate(down):
        for a, (y, left, right) in enumerate(across):
            if left - SNAP <= x <= right + SNAP and top - SNAP <= y <= bottom + SNAP:
                on_across, on_down = crossings.setdefault((x, y), (set(), set()))
                on_across.add(a)
                on_down.add(d)
    below: dict[float, list[float]] = defaultdict(list)  # x -> ys of its crossings
    right: dict[float, list[float]] = defaultdict(list)  # y -> xs of its crossings
    for x, y in sorted(crossings):  # so each list is in order
        below[x].append(y)
        right[y].append(x)
    cells = []
    for (x, y), (on_across, on_down) in crossings.items():
        cell = _smallest_cell(x, y, on_across, on_down, crossings,
                              below[x][bisect_left(below[x], y) + 1:], right[y][bisect_left(right[y], x) + 1:])
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(x: float, y: float, on_across: set[int], on_down: set[int],
                   crossings: dict[tuple[float, float], tuple[set[int], set[int]]],
                   ys_below: Sequence[float], xs_right: Sequence[float]) -> Cell | None:
    for bottom in ys_below:
        if not on_down & crossings[(x, bottom)][1]:
            break  # the side down from (x, y) ends before this crossing, and so before the next
        for far in xs_right:
            if not on_across & crossings[(far, y)][0]:
                break
            corner = crossings.get((far, bottom))
            if corner is not None and corner[0] & crossings[(x, bottom)][0] and corner[1] & crossings[(far, y)][1]:
                return (x, y, far, bottom)
    return None


def _connected(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Cells grouped into tables: cells sharing a corner belong to one table."""
    first_at: dict[tuple[float, float], int] = {}

    def sharing_a_corner() -> Iterator[tuple[int, int]]:
        for i, (x0, y0, x1, y1) in enumerate(cells):
            for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
                yield i, first_at.setdefault(corner, i)

    return _grouped(cells, sharing_a_corner())


def _grouped(items: Sequence[T], links: Iterable[tuple[int, int]]) -> list[list[T]]:
    """``items`` in groups, linked ones (directly or through others) together, each group in
    item order and the groups in the order of their first items. ``links`` are pairs of
    indexes into ``items``."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        parent[root(j)] = root(i)
    groups: dict[int, list[T]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[root(i)].append(item)
    return list(groups.values())


def grid_tables(grid: Grid) -> list[list[list[Cell | None]]]:
    """The tables a grid draws, each as rows top to bottom: one row per distinct cell top, one
    column per distinct cell left edge, ``None`` where a spanning cell covers the slot. Cells
    that share no corner with others (the boxes of a flow diagram, a frame round the page)
    and groups of one row or one column are no tables."""
    tables = []
    for cells in _connected(grid_cells(grid)):
        lefts = sorted({c[0] for c in cells})
        tops = sorted({c[1] for c in cells})
        if len(lefts) < 2 or len(tops) < 2:
            continue
        rows = [[None] * len(lefts) for _ in tops]
        for cell in cells:
            rows[tops.index(cell[1])][lefts.index(cell[0])] = cell
        tables.append(rows)
    return tables
