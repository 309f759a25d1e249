"""Write the citation graph as GraphML or GEXF, for Gephi and yEd.

Both formats take only scalar attributes: lists, tuples and dicts are written as JSON text, and
missing values (None) are left out rather than written as the string "None".
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from evidence.errors import CitationError

__all__ = ["GRAPH_FORMATS", "export_graph", "scalar_graph"]

GRAPH_FORMATS = ("graphml", "gexf")


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return json.dumps(items, ensure_ascii=False, sort_keys=True)
    return value


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _scalar(v) for k, v in data.items() if v is not None}


def scalar_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``graph`` whose attributes are strings, numbers or booleans only."""
    flat = nx.DiGraph()
    flat.add_nodes_from((n, _attrs(d)) for n, d in graph.nodes(data=True))
    flat.add_edges_from((u, v, _attrs(d)) for u, v, d in graph.edges(data=True))
    return flat


def export_graph(graph: nx.DiGraph, fmt: str) -> bytes:
    """The graph serialized as ``fmt`` ('graphml' or 'gexf'), UTF-8 XML."""
    if fmt not in GRAPH_FORMATS:
        raise CitationError(f"graph format must be one of {', '.join(GRAPH_FORMATS)} (got {fmt!r})")
    buffer = io.BytesIO()
    flat = scalar_graph(graph)
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8")
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8")
    return buffer.getvalue()
