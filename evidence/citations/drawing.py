"""Draw the corpus citation graph as a self-contained inline SVG.

The layout is deterministic and reads like a timeline: one column per publication year (oldest
left, unknown years first), so citation arrows point back in time and a forward arrow stands
out. Ingested documents are large and coloured; outside works cited by at least two corpus
documents are small and grey; outside works cited once are counted in a note, not drawn. Every
piece of text is XML-escaped: titles come from PDFs and may contain markup.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

import networkx as nx

__all__ = ["MAX_OUTSIDE", "citation_graph_svg"]

# Beyond a couple of dozen grey nodes the drawing stops being readable; the snowballing list
# carries the rest.
MAX_OUTSIDE = 24
_INGESTED_R = 9.0
_OUTSIDE_R = 5.0
_MARGIN = 36.0
_INGESTED_FILL = "#1f6feb"
_OUTSIDE_FILL = "#b0b4b9"
_EDGE = "#8a8f98"
# How far an edge bows sideways, as a fraction of its length.
_BOW = 0.12


def _drawn_nodes(graph: nx.DiGraph) -> tuple[list[str], int]:
    ingested = [n for n, d in graph.nodes(data=True) if d.get("ingested")]
    outside = [n for n, d in graph.nodes(data=True) if not d.get("ingested")]
    cited_often = [n for n in outside if graph.in_degree(n) >= 2]
    cited_often.sort(key=lambda n: (-graph.in_degree(n), str(graph.nodes[n].get("label")), n))
    shown = cited_often[:MAX_OUTSIDE]
    return sorted(ingested) + shown, len(outside) - len(shown)


def _layout(graph: nx.DiGraph, nodes: list[str], width: float, height: float) -> dict[str, tuple[float, float]]:
    columns: dict[int | None, list[str]] = defaultdict(list)
    for node in nodes:
        columns[graph.nodes[node].get("year")].append(node)
    years = sorted(columns, key=lambda y: (y is not None, y or 0))
    step_x = (width - 2 * _MARGIN) / max(1, len(years))
    positions = {}
    for i, year in enumerate(years):
        members = sorted(columns[year], key=lambda n: (not graph.nodes[n].get("ingested"),
                                                       str(graph.nodes[n].get("label")), n))
        step_y = (height - 2 * _MARGIN - 24) / max(1, len(members))
        # Neighbouring columns are staggered so that a chain of citations is not one straight line.
        stagger = ((i % 3) - 1) * min(step_y / 3, 40.0)
        for j, node in enumerate(members):
            positions[node] = (_MARGIN + step_x * (i + 0.5), _MARGIN + step_y * (j + 0.5) + stagger)
    return positions


def _radius(graph: nx.DiGraph, node: str) -> float:
    return _INGESTED_R if graph.nodes[node].get("ingested") else _OUTSIDE_R


def _edge(graph: nx.DiGraph, u: str, v: str, positions: dict[str, tuple[float, float]]) -> str:
    """A gently bowed arrow, so that edges between aligned nodes do not hide one another."""
    (x1, y1), (x2, y2) = positions[u], positions[v]
    dx, dy = x2 - x1, y2 - y1
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    cx, cy = (x1 + x2) / 2 - dy * _BOW, (y1 + y2) / 2 + dx * _BOW
    ru, rv = _radius(graph, u), _radius(graph, v) + 3
    sx, sy = _towards(x1, y1, cx, cy, ru)
    ex, ey = _towards(x2, y2, cx, cy, rv)
    return (f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" stroke="{_EDGE}" '
            f'stroke-width="1" marker-end="url(#cite-arrow)"/>') if length else ""


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    return x + dx * distance / length, y + dy * distance / length


def _node(graph: nx.DiGraph, node: str, x: float, y: float) -> str:
    data = graph.nodes[node]
    ingested = bool(data.get("ingested"))
    label = escape(str(data.get("label") or node), quote=True)
    tooltip = escape(str(data.get("title") or data.get("label") or node), quote=True)
    fill = _INGESTED_FILL if ingested else _OUTSIDE_FILL
    size, colour = ("10", "#1b1f24") if ingested else ("8", "#6a737d")
    return (f'<g class="{"ingested" if ingested else "outside"}"><title>{tooltip}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_radius(graph, node):.0f}" fill="{fill}"/>'
            f'<text x="{x:.1f}" y="{y + _radius(graph, node) + 10:.1f}" font-size="{size}" fill="{colour}" '
            f'text-anchor="middle">{label}</text></g>')


def citation_graph_svg(graph: nx.DiGraph, *, width: int = 720, height: int = 480) -> str:
    """An ``<svg>`` element drawing ``graph``; the same graph always gives the same text."""
    nodes, hidden = _drawn_nodes(graph)
    positions = _layout(graph, nodes, float(width), float(height))
    drawn = set(nodes)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="Citation network of the corpus" '
             f'font-family="sans-serif">',
             '<defs><marker id="cite-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
             f'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{_EDGE}"/>'
             '</marker></defs>']
    for u, v in sorted(graph.edges()):
        if u in drawn and v in drawn:
            parts.append(_edge(graph, u, v, positions))
    for node in nodes:
        parts.append(_node(graph, node, *positions[node]))
    years = sorted({graph.nodes[n].get("year") for n in nodes}, key=lambda y: (y is not None, y or 0))
    for year in years:
        xs = [positions[n][0] for n in nodes if graph.nodes[n].get("year") == year]
        parts.append(f'<text x="{xs[0]:.1f}" y="{height - 10:.1f}" font-size="9" fill="#6a737d" '
                     f'text-anchor="middle">{year if year is not None else "year?"}</text>')
    if hidden:
        parts.append(f'<text x="{width - 8}" y="14" font-size="9" fill="#6a737d" text-anchor="end">'
                     f'{hidden} outside work{"s" if hidden != 1 else ""} cited once or beyond the first '
                     f'{MAX_OUTSIDE} not drawn</text>')
    if not nodes:
        parts.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" font-size="12" fill="#6a737d" '
                     'text-anchor="middle">No documents in the citation graph</text>')
    parts.append("</svg>")
    return "".join(parts)
