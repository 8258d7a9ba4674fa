"""Who-said-what networks as files other tools open: GraphML, GEXF (Gephi), node-link JSON.

What a graph tool needs to show the network as people read it: every node has a `label`
(the actor's name, or the start of the statement), every edge a unique id and a `label`
(said, mentions, via, to; or the number of statements in an actor network), and attributes
keep their types (counts are integers, not strings). The graphs kg.analysis builds use the
relation as the edge key, which GraphML writers turn into repeated edge ids; the copy written
here numbers the edges instead. Which format a file name asks for: kg.fileformats.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DATA_FORMATS", "labelled", "write_graph"]

DATA_FORMATS = ("graphml", "gexf", "json")


def labelled(G: nx.Graph, id_attribute: str = "id", renamed: dict[str, str] | None = None) -> nx.Graph:
    """A copy ready for graph tools: node labels, unique edge ids (in `id_attribute`) and
    labels, no None values; node attributes in `renamed` get another name."""
    import networkx as nx

    renamed = renamed or {}
    out = nx.MultiDiGraph() if G.is_multigraph() else nx.DiGraph()
    for node, data in G.nodes(data=True):
        attrs = {renamed.get(k, k): v for k, v in data.items() if v is not None}
        attrs["label"] = str(data.get("name") or data.get("label") or node)
        out.add_node(node, **attrs)
    if G.is_multigraph():
        for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
            relation = str(data.get("relation", key))
            out.add_edge(u, v, key=f"e{i}", relation=relation, label=relation, **{id_attribute: f"e{i}"})
    else:
        for i, (u, v, data) in enumerate(G.edges(data=True)):
            weight = int(data.get("weight", 1))
            label = f"{weight} statement{'s' * (weight != 1)}"
            out.add_edge(u, v, weight=weight, label=label, **{id_attribute: f"e{i}"})
    return out


def write_graph(G: nx.Graph, path: str | Path, fmt: str = "graphml") -> Path:
    """Write a graph as GraphML, GEXF or node-link JSON (written whole or not at all)."""
    import networkx as nx

    if fmt not in DATA_FORMATS:
        raise KGError(f"unknown graph format '{fmt}'; use {', '.join(DATA_FORMATS)}")
    from kg.output import open_output

    path = Path(path)
    # GraphML readers (igraph) keep the XML edge id as an attribute "id" and refuse a second
    # one; GEXF's writer takes "id" as the XML id and drops the attribute.
    # In GEXF "start" is the time a node appears (it would make Gephi read a timeline); the
    # statement's character offset is written as "offset" there.
    if fmt == "graphml":
        ready = labelled(G, "edge_id")
    else:
        ready = labelled(G, "id", {"start": "offset"} if fmt == "gexf" else None)
    try:
        with open_output(path, binary=True) as handle:  # whole file or nothing
            if fmt == "graphml":
                nx.write_graphml(ready, handle, edge_id_from_attribute="edge_id")
            elif fmt == "gexf":
                nx.write_gexf(ready, handle)
            else:
                data = nx.node_link_data(ready, edges="edges")
                handle.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise KGError(f"{path}: cannot write the graph ({exc.strerror or exc})") from None
    return path
