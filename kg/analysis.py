"""The store's statements as NetworkX graphs: who said what, who talks about whom, centrality.

Everything is read with SPARQL over all article graphs. Actors are per article in RDF
(kgr:article/{id}/actor/{id}); here they are merged by (name, type), so the same person quoted
in two articles is one node. Node ids are readable strings: "actor:Person:Liu Zhengrong" and
the statement's IRI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.choices import Level, values
from kg.errors import KGError
from kg.queries import internal_rows

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.base import Store

__all__ = [
    "LEVELS",
    "ActorCentrality",
    "Community",
    "actor_network",
    "actor_network_of",
    "actor_node_id",
    "centrality",
    "communities",
    "ego_network",
    "find_actor",
    "only_articles",
    "who_said_what_graph",
]

@dataclass(frozen=True)
class ActorCentrality:
    name: str
    type: str
    statements: int  # statements the actor made
    mentioned: int  # statements whose content mentions the actor
    degree: int  # distinct actors it talks about or is talked about by
    betweenness: float
    pagerank: float
    community: int = 0  # Louvain community number (1 = largest)


LEVELS = values(Level)


def actor_node_id(name: str, actor_type: str) -> str:
    return f"actor:{actor_type}:{name}"


def _entity_nodes(store: Store) -> dict[str, tuple[str, str, str]]:
    """Actor IRI -> (node id, name, type) of the corpus-level entity it refers to, with the
    curation applied, from the named queries `entities` and `entity-of-actor` when the project
    has them (kg.entities); {} otherwise, and for stores written before entities existed."""
    from kg.queries import list_queries, run_query

    names = {q.name for q in list_queries()}
    if not {"entities", "entity-of-actor"} <= names:
        return {}
    entities = {}
    for entity, name, entity_type, *_ in run_query(store, "entities").terms:
        if name is None or entity_type is None:
            continue
        # A description ("a spokesman") is its own entity in each article: keep them apart.
        local = "/entity/local/" in str(entity)
        node = f"actor:{entity_type}:{name}:{entity}" if local else actor_node_id(str(name), str(entity_type))
        entities[str(entity)] = (node, str(name), str(entity_type))
    return {
        str(actor): entities[str(entity)]
        for actor, entity in run_query(store, "entity-of-actor").terms
        if str(entity) in entities
    }


def who_said_what_graph(store: Store, level: str = "actor") -> nx.MultiDiGraph:
    """Actors and statements as nodes; edges speaker -said-> statement, statement -mentions->
    actor, statement -via-> intermediary, statement -to-> audience (edge key = relation).

    level "entity": the actors of all articles that refer to one corpus-level entity are one
    node, named as the entity is (kg.entities); "actor", or a store without entities: actors
    with the same name and type are one node."""
    import networkx as nx

    if level not in LEVELS:
        raise KGError(f"unknown level '{level}'; use {' or '.join(LEVELS)}")
    G = nx.MultiDiGraph()
    node_of: dict[str, str] = {}  # actor IRI -> merged node id
    entity_of = _entity_nodes(store) if level == "entity" else {}
    for actor, name, actor_type in internal_rows(store, "analysis-actors"):
        node = actor_node_id(str(name), str(actor_type))
        if str(actor) in entity_of:
            node, name, actor_type = entity_of[str(actor)]
        node_of[str(actor)] = node
        if node not in G:
            G.add_node(node, kind="actor", name=str(name), type=str(actor_type), statements=0, mentioned=0, articles=0)
        G.nodes[node]["articles"] += 1
    for statement, text, kind, article, start, cue in internal_rows(store, "analysis-statements"):
        if str(statement) in G:
            continue  # a second cue selector (never written by kg): keep the first row
        G.add_node(
            str(statement),
            kind="statement",
            text=str(text),
            statement_kind=str(kind),
            article=str(article),
            start=int(start),
            label=_short(str(text)),
            cue="" if cue is None else str(cue),
        )
    for statement, relation, actor in internal_rows(store, "analysis-links"):
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


def actor_network(store: Store, level: str = "actor") -> nx.DiGraph:
    """Speakers -> the actors their statements mention; weight = number of such statements.
    Nodes are the actors that speak or are mentioned (merged across articles)."""
    return actor_network_of(who_said_what_graph(store, level))


def actor_network_of(wsw: nx.MultiDiGraph) -> nx.DiGraph:
    """The actor network of a (possibly filtered) who-said-what graph."""
    import networkx as nx

    net = nx.DiGraph()
    weights: Counter[tuple[str, str]] = Counter()
    for node, data in wsw.nodes(data=True):
        if data["kind"] != "actor" or not (data["statements"] or data["mentioned"]):
            continue
        net.add_node(
            node, name=data["name"], type=data["type"], statements=data["statements"], mentioned=data["mentioned"]
        )
    for speaker, statement, key in wsw.edges(keys=True):
        if key != "said":
            continue
        for _, target, rel in wsw.out_edges(statement, keys=True):
            if rel == "mentions" and target != speaker:
                weights[(speaker, target)] += 1
    for (speaker, target), weight in weights.items():
        net.add_edge(speaker, target, weight=weight)
    return net


def centrality(store: Store, network: nx.DiGraph | None = None) -> list[ActorCentrality]:
    """Centrality of each actor in the actor network, most central (PageRank) first; ties by
    statements made, then name.

    Betweenness is measured on the undirected network: speakers point at the actors they
    mention and almost nobody is both, so directed shortest paths rarely pass through anyone
    and directed betweenness is zero for nearly every actor. Undirected, it finds the actors
    who connect otherwise separate conversations."""
    import networkx as nx

    net = actor_network(store) if network is None else network
    if net.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(net.to_undirected(as_view=True), normalized=True)
    pagerank = _pagerank(net)
    group = {node: i for i, members in enumerate(_louvain(net), start=1) for node in members}
    rows = [
        ActorCentrality(
            name=data["name"],
            type=data["type"],
            statements=data["statements"],
            mentioned=data["mentioned"],
            degree=len(set(net.predecessors(node)) | set(net.successors(node))),
            betweenness=float(betweenness[node]),
            pagerank=float(pagerank[node]),
            community=group[node],
        )
        for node, data in net.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-round(r.pagerank, 12), -r.statements, r.name))


@dataclass(frozen=True)
class Community:
    number: int  # 1 = the largest
    members: list[str]  # actor names, most statements made or received first


def communities(store: Store, network: nx.DiGraph | None = None) -> list[Community]:
    """Louvain communities of the actor network (undirected, weighted by statements), largest
    first. The seed is fixed so the same store always gives the same groups."""
    net = actor_network(store) if network is None else network
    out = []
    for i, members in enumerate(_louvain(net), start=1):
        ranked = sorted(
            members, key=lambda n: (-(net.nodes[n]["statements"] + net.nodes[n]["mentioned"]), net.nodes[n]["name"])
        )
        out.append(Community(i, [net.nodes[n]["name"] for n in ranked]))
    return out


def _louvain(net: nx.DiGraph) -> list[set[str]]:
    import networkx as nx

    if net.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(net.to_undirected(), weight="weight", seed=42)
    return sorted(found, key=lambda c: (-len(c), min(net.nodes[n]["name"] for n in c)))


# ---------------------------------------------------------------- parts of a graph


def find_actor(G: nx.Graph, name: str) -> str:
    """The node of the actor called `name` (case-insensitive; a unique part of a name is
    enough). Raises KGError naming the candidates when it is missing or ambiguous."""
    wanted = name.strip().casefold()
    actors = [(n, d["name"]) for n, d in G.nodes(data=True) if d.get("kind", "actor") == "actor" and "name" in d]
    exact = [n for n, label in actors if label.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [n for n, label in actors if wanted in label.casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise KGError(f"no actor named '{name}' in the graph; `kg analyze` lists the actors")
    names = sorted({G.nodes[n]["name"] + " (" + G.nodes[n]["type"] + ")" for n in partial})
    shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
    raise KGError(f"'{name}' matches {len(names)} actors: {shown}; give the full name")


def ego_network(G: nx.Graph, name: str, depth: int = 1) -> nx.Graph:
    """The actor called `name` and everything within `depth` steps of it. In a who-said-what
    graph one step is actor -> statement -> actor, so the radius there is twice the depth."""
    import networkx as nx

    if depth < 1:
        raise KGError(f"--depth must be 1 or more, not {depth}")
    centre = find_actor(G, name)
    radius = 2 * depth if G.is_multigraph() else depth
    return nx.ego_graph(G, centre, radius=radius, undirected=True).copy()


def only_articles(G: nx.MultiDiGraph, articles: list[str]) -> nx.MultiDiGraph:
    """The statements of the named articles (id, or the start of an id) and their actors."""
    known = {d["article"] for _, d in G.nodes(data=True) if d["kind"] == "statement"}
    chosen: set[str] = set()
    for ref in articles:
        hits = {a for a in known if a == ref} or {a for a in known if a.startswith(ref)}
        if not hits:
            raise KGError(f"no statements from an article '{ref}'; `kg query articles` lists the ids")
        chosen |= hits
    statements = [n for n, d in G.nodes(data=True) if d["kind"] == "statement" and d["article"] in chosen]
    keep = set(statements)
    for statement in statements:
        keep |= set(G.predecessors(statement)) | set(G.successors(statement))
    return G.subgraph(keep).copy()


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
