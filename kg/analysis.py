"""The store's statements as NetworkX graphs: who said what, who talks about whom, centrality.

Everything is read with SPARQL over all article graphs. Actors are per article in RDF
(kgr:article/{id}/actor/{id}); here they are merged by (name, type), so the same person quoted
in two articles is one node. Node ids are readable strings: "actor:Person:Liu Zhengrong" and
the statement's IRI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "GRAPH_FORMATS",
    "ActorCentrality",
    "actor_network",
    "actor_node_id",
    "centrality",
    "who_said_what_graph",
    "write_graph",
]

GRAPH_FORMATS = ("graphml", "gexf", "json")

_PREFIXES = """PREFIX kgo:    <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX oa:     <http://www.w3.org/ns/oa#>
"""

# The actor type is the class next to kgo:Actor; VALUES keeps the mapping in one place.
_ACTORS = _PREFIXES + """
SELECT ?actor ?name ?type WHERE {
  GRAPH ?g {
    VALUES (?class ?type) {
      (schema:Person "Person") (schema:Organization "Organization") (schema:Country "Country")
      (schema:Place "Place") (schema:Event "Event") (kgo:Group "Group")
    }
    ?actor a kgo:Actor, ?class ; schema:name ?name .
  }
}"""

_STATEMENTS = _PREFIXES + """
SELECT ?statement ?text ?kind ?article ?start WHERE {
  GRAPH ?g {
    ?statement a kgo:Statement ; schema:text ?text ; kgo:kind ?kind ;
               prov:wasDerivedFrom ?doc ; kgo:content ?first .
    ?doc kgo:articleId ?article .
    ?first kgo:index 0 ; oa:hasSelector ?position .
    ?position oa:start ?start .
  }
}"""

# One row per link between a statement and an actor, named by the edge it becomes.
_LINKS = _PREFIXES + """
SELECT ?statement ?relation ?actor WHERE {
  GRAPH ?g {
    ?statement a kgo:Statement .
    { ?statement prov:wasAttributedTo ?actor . BIND("said" AS ?relation) }
    UNION { ?statement kgo:mentions ?actor . BIND("mentions" AS ?relation) }
    UNION { ?statement kgo:via ?actor . BIND("via" AS ?relation) }
    UNION { ?statement kgo:audience ?actor . BIND("to" AS ?relation) }
  }
}"""


@dataclass(frozen=True)
class ActorCentrality:
    name: str
    type: str
    statements: int  # statements the actor made
    mentioned: int  # statements whose content mentions the actor
    degree: int  # distinct actors it talks about or is talked about by
    betweenness: float
    pagerank: float


def actor_node_id(name: str, actor_type: str) -> str:
    return f"actor:{actor_type}:{name}"


def _rows(store: Any, query: str) -> list[list[Any]]:
    return [list(row) for row in store.query(query)]


def who_said_what_graph(store: Any) -> nx.MultiDiGraph:
    """Actors and statements as nodes; edges speaker -said-> statement, statement -mentions->
    actor, statement -via-> intermediary, statement -to-> audience (edge key = relation)."""
    import networkx as nx

    G = nx.MultiDiGraph()
    node_of: dict[str, str] = {}  # actor IRI -> merged node id
    for actor, name, actor_type in _rows(store, _ACTORS):
        node = actor_node_id(str(name), str(actor_type))
        node_of[str(actor)] = node
        if node not in G:
            G.add_node(node, kind="actor", name=str(name), type=str(actor_type), statements=0,
                       mentioned=0, articles=0)
        G.nodes[node]["articles"] += 1
    for statement, text, kind, article, start in _rows(store, _STATEMENTS):
        G.add_node(str(statement), kind="statement", text=str(text), statement_kind=str(kind),
                   article=str(article), start=int(start), label=_short(str(text)))
    for statement, relation, actor in _rows(store, _LINKS):
        actor_node = node_of.get(str(actor))
        if actor_node is None or str(statement) not in G:
            continue  # an actor without a name or type: the shapes reject it; skip, don't crash
        relation = str(relation)
        if relation == "said":
            G.add_edge(actor_node, str(statement), key="said", relation="said")
            G.nodes[actor_node]["statements"] += 1
        else:
            G.add_edge(str(statement), actor_node, key=relation, relation=relation)
            if relation == "mentions":
                G.nodes[actor_node]["mentioned"] += 1
    return G


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def actor_network(store: Any) -> nx.DiGraph:
    """Speakers -> the actors their statements mention; weight = number of such statements.
    Nodes are the actors that speak or are mentioned (merged across articles)."""
    return _actor_network(who_said_what_graph(store))


def _actor_network(wsw: nx.MultiDiGraph) -> nx.DiGraph:
    import networkx as nx

    net = nx.DiGraph()
    weights: Counter[tuple[str, str]] = Counter()
    for node, data in wsw.nodes(data=True):
        if data["kind"] != "actor" or not (data["statements"] or data["mentioned"]):
            continue
        net.add_node(node, name=data["name"], type=data["type"], statements=data["statements"],
                     mentioned=data["mentioned"])
    for speaker, statement, key in wsw.edges(keys=True):
        if key != "said":
            continue
        for _, target, rel in wsw.out_edges(statement, keys=True):
            if rel == "mentions" and target != speaker:
                weights[(speaker, target)] += 1
    for (speaker, target), weight in weights.items():
        net.add_edge(speaker, target, weight=weight)
    return net


def centrality(store: Any) -> list[ActorCentrality]:
    """Centrality of each actor in the actor network, most central (PageRank) first; ties by
    statements made, then name."""
    import networkx as nx

    net = actor_network(store)
    if net.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(net)
    pagerank = _pagerank(net)
    rows = [
        ActorCentrality(
            name=data["name"],
            type=data["type"],
            statements=data["statements"],
            mentioned=data["mentioned"],
            degree=len(set(net.predecessors(node)) | set(net.successors(node))),
            betweenness=float(betweenness[node]),
            pagerank=float(pagerank[node]),
        )
        for node, data in net.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-round(r.pagerank, 12), -r.statements, r.name))


def _pagerank(net: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-12) -> dict[Any, float]:
    """Weighted PageRank by power iteration. networkx's own needs scipy, which is not a
    dependency; this is the same definition (dangling nodes spread their rank evenly)."""
    nodes = list(net)
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / n)
    out_weight = {u: sum(d.get("weight", 1) for _, _, d in net.out_edges(u, data=True)) for u in nodes}
    for _ in range(1000):
        dangling = alpha * sum(rank[u] for u in nodes if not out_weight[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, data in net.edges(data=True):
            new[v] += alpha * rank[u] * data.get("weight", 1) / out_weight[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


def write_graph(G: nx.Graph, path: str | Path, fmt: str = "graphml") -> Path:
    """Write a graph as GraphML, GEXF or node-link JSON (written whole or not at all)."""
    import json

    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise KGError(f"unknown graph format '{fmt}'; use {', '.join(GRAPH_FORMATS)}")
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        if fmt == "graphml":
            nx.write_graphml(G, tmp)
        elif fmt == "gexf":
            nx.write_gexf(G, tmp)
        else:
            data = nx.node_link_data(G, edges="edges")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KGError(f"{path}: cannot write the graph ({exc.strerror or exc})") from None
    return path
