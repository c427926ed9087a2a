"""Where each store of a group stands in its picture: a spring layout computed on the server.

The page passes the result as JSON to a small script of ours, which draws it with plotly.js
(served by the app from the plotly package). Strong links pull their stores closer.

>>> from reinstate.association.graph import Graph, Link, Shared
>>> g = Graph({(1, 2): Link(1, 2, [Shared("uscc", "9135", "strong", None)])}, [[1, 2]])
>>> [n["id"] for n in layout(g, [1, 2], {1: "A", 2: "B"}, {}, current=1)["nodes"]]
[1, 2]
"""

from __future__ import annotations

import json
from typing import Any

from .graph import Graph
from .identifiers import rank

WEIGHTS = {"strong": 3.0, "medium": 2.0, "weak": 1.0}


def layout(
    graph: Graph,
    members: list[int],
    names: dict[int, str],
    trouble: dict[int, str],
    *,
    current: int,
    at_risk: set[int] | None = None,
) -> dict[str, Any]:
    """Nodes with x, y in [-1, 1] and the links between them, strongest first."""
    import networkx as nx  # only a page with a picture pays for it

    inside = set(members)
    links = [link for (a, b), link in graph.links.items() if a in inside and b in inside]
    g = nx.Graph()
    g.add_nodes_from(members)
    for link in links:
        g.add_edge(link.a, link.b, weight=WEIGHTS[link.strength])
    positions = nx.spring_layout(g, weight="weight", seed=18) if len(members) > 1 else {}
    nodes = [
        {
            "id": i,
            "name": names[i],
            "x": round(float(positions[i][0]), 4) if i in positions else 0.0,
            "y": round(float(positions[i][1]), 4) if i in positions else 0.0,
            "trouble": i in trouble,
            "at_risk": i in (at_risk or set()),
            "current": i == current,
        }
        for i in members
    ]
    edges = [
        {
            "a": link.a,
            "b": link.b,
            "strength": link.strength,
            "label": ", ".join(f"{s.kind}: {s.masked}" for s in link.shared),
        }
        for link in sorted(links, key=lambda lk: -rank(lk.strength))
    ]
    return {"nodes": nodes, "edges": edges}


def as_script_json(document: dict[str, Any]) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` can close it)."""
    return json.dumps(document, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
