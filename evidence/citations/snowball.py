"""The reviewer's snowballing list: works the corpus cites but does not hold, most cited first."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["SnowballItem", "snowball_list"]


@dataclass(frozen=True)
class SnowballItem:
    """An outside work: how it was printed, which corpus documents cite it, and its known fields."""

    reference: str
    cited_by: tuple[int, ...]
    count: int
    doi: str | None = None
    year: int | None = None
    title: str | None = None

    def to_dict(self) -> dict:
        return {"reference": self.reference, "cited_by": list(self.cited_by), "count": self.count,
                "doi": self.doi, "year": self.year, "title": self.title}


def snowball_list(graph: nx.DiGraph) -> tuple[SnowballItem, ...]:
    """Outside works ranked by how many corpus documents cite them, then newest first."""
    items = []
    for node, data in graph.nodes(data=True):
        if data.get("ingested"):
            continue
        cited_by = tuple(sorted(graph.nodes[p]["document"] for p in graph.predecessors(node)
                                if graph.nodes[p].get("ingested")))
        if not cited_by:
            continue
        items.append(SnowballItem(reference=data["references"][0], cited_by=cited_by, count=len(cited_by),
                                  doi=data.get("doi"), year=data.get("year"), title=data.get("title")))
    items.sort(key=lambda i: (-i.count, -(i.year or 0), i.reference))
    return tuple(items)
