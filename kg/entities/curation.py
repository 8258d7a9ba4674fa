"""A person's corrections to the machine's entities, kept in their own named graph.

The curation graph `kgr:curation` holds only what a person said: merges (`kgo:mergedInto`),
splits (`kgo:splitFrom` + `kgo:splitArticle`), names (`kgo:preferredName`), types
(`kgo:entityType`) and links to outside identifiers (`schema:sameAs`, e.g. a Wikidata item).
Re-ingesting articles replaces article graphs only, so curation survives it, and since
entity IRIs are made from names (kg.entities.linking), it applies again to the re-extracted
actors. `kg export` writes it with the rest; the named queries apply it when they read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from kg.entities.linking import entity_iri
from kg.entities.names import name_tokens
from kg.errors import InputError
from kg.models import ActorType
from kg.vocab import KGO, KGR, RDF, SCHEMA, bind_prefixes

__all__ = [
    "CURATION_GRAPH",
    "curated_entities",
    "curation_graph",
    "entity_links",
    "find_entity",
    "link_entity",
    "merge_entities",
    "merges",
    "rename_entity",
    "set_entity_type",
    "split_entity",
]

CURATION_GRAPH = KGR["curation"]
WIKIDATA = "http://www.wikidata.org/entity/"
_QID = re.compile(r"^Q[1-9][0-9]*$")

_PREFIXES = """PREFIX kgo: <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def curation_graph(store) -> Graph:
    """A copy of the curation graph (empty when nobody has curated anything)."""
    return store.get_graph(CURATION_GRAPH)


def _save(store, graph: Graph) -> None:
    from kg.entities.resolution import resolve_surnames

    if len(graph):
        store.put_article(CURATION_GRAPH, graph)
    else:
        store.delete_article(CURATION_GRAPH)
    # the machine's surname decisions leave what a person curated alone: recompute them
    resolve_surnames(store)


def _machine_graph(store) -> Graph:
    from kg.entities.resolution import RESOLUTION_GRAPH

    return store.get_graph(RESOLUTION_GRAPH)


def _fresh(graph: Graph) -> Graph:
    copy = Graph(identifier=CURATION_GRAPH)
    bind_prefixes(copy)
    for triple in graph:
        copy.add(triple)
    return copy


def _merged(graph: Graph, entity: URIRef) -> URIRef:
    target = graph.value(entity, KGO.mergedInto)
    return target if isinstance(target, URIRef) else entity


def find_entity(store, ref: str) -> URIRef:
    """The entity named by `ref`: its IRI, the last part of its IRI ("tony-blair"), or any
    name or alias of its actors (any case). Merges in the curation graph are followed."""
    graph = curation_graph(store)
    ref = ref.strip()
    if not ref:
        raise InputError("no entity given; name one by IRI, id (e.g. tony-blair) or name")
    if ref.startswith(("http://", "https://")):
        candidates = [URIRef(ref)]
    elif re.fullmatch(r"[a-z0-9][a-z0-9-]*(/[A-Za-z0-9._%-]+)*", ref):
        candidates = [KGR[f"entity/{ref}"]]
    else:
        candidates = []
    for iri in candidates:
        if _exists(store, graph, iri):
            return _merged(graph, iri)
    found = _entities_named(store, graph, _machine_graph(store), ref)
    if len(found) == 1:
        return found.pop()
    if found:
        listed = ", ".join(sorted(str(e).rsplit("/", 1)[-1] for e in found)[:8])
        raise InputError(f"'{ref}' names {len(found)} entities ({listed}); give one of these ids instead")
    raise InputError(f"no entity '{ref}' in the store; `kg entities list` shows them")


def _exists(store, graph: Graph, iri: URIRef) -> bool:
    if (iri, None, None) in graph:
        return True
    result = store.query(_PREFIXES + "ASK { GRAPH ?g { ?actor kgo:refersTo ?e } }", bindings={"e": iri})
    return bool(result.askAnswer)


def _entities_named(store, graph: Graph, machine: Graph, name: str) -> set[URIRef]:
    query = (
        _PREFIXES
        + """SELECT DISTINCT ?e0 ?doc WHERE { GRAPH ?g {
        ?actor kgo:refersTo ?e0 ; prov:wasDerivedFrom ?doc .
        { ?actor schema:name ?label } UNION { ?actor schema:alternateName ?label } UNION { ?e0 schema:name ?label }
        FILTER(LCASE(STR(?label)) = ?wanted) } }"""
    )
    found = set()
    for e0, doc in store.query(query, bindings={"wanted": Literal(name.lower())}):
        found.add(_merged(graph, _split_target(graph, machine, e0, doc)))
    for entity, label in graph.subject_objects(KGO.preferredName):
        if str(label).lower() == name.lower() and isinstance(entity, URIRef):
            found.add(_merged(graph, entity))
    return found


def _split_target(graph: Graph, machine: Graph, entity: URIRef, doc: URIRef) -> URIRef:
    """Where the actors of `entity` in article `doc` go: a person's split, else the
    machine's (kg.entities.resolution), else nowhere."""
    for splits in (graph, machine):
        for split in splits.subjects(KGO.splitFrom, entity):
            if (split, KGO.splitArticle, doc) in splits and isinstance(split, URIRef):
                return split
    return entity


def merge_entities(store, keep: str, others: Iterable[str]) -> URIRef:
    """Make every entity in `others` the same as `keep` (queries report `keep`)."""
    graph = _fresh(curation_graph(store))
    target = find_entity(store, keep)
    for ref in others:
        other = find_entity(store, ref)
        if other == target:
            raise InputError(f"'{ref}' is already the entity '{keep}'; nothing to merge")
        # Flat: whatever pointed at `other` now points at `target` directly.
        for earlier in list(graph.subjects(KGO.mergedInto, other)):
            graph.set((earlier, KGO.mergedInto, target))
        graph.add((other, RDF.type, KGO.Entity))
        graph.set((other, KGO.mergedInto, target))
    graph.add((target, RDF.type, KGO.Entity))
    _save(store, graph)
    return target


def split_entity(store, ref: str, articles: Iterable[str], name: str) -> URIRef:
    """Give the actors of entity `ref` in `articles` (ids, sources or IRIs) to an entity
    called `name`; its IRI is the one that name would have, so a split to an existing name
    joins that entity."""
    from kg.operations import find_article_graph
    from kg.rdf_mapping import article_iri

    source = find_entity(store, ref)
    if not name.strip() or not name_tokens(name):
        raise InputError("the split needs a name for the new entity (--name)")
    target = entity_iri(" ".join(name_tokens(name)))
    if target == source:
        raise InputError(f"'{name}' is the name of '{ref}' itself; choose another name for the split")
    docs = []
    for article in articles:
        graph_iri = find_article_graph(store, article)
        docs.append(article_iri(_article_id(store, graph_iri)))
    if not docs:
        raise InputError("the split needs at least one --article whose actors move to the new entity")
    graph = _fresh(curation_graph(store))
    raw = _raw_entities(store, graph, _machine_graph(store), source, docs)
    if not raw:
        raise InputError(f"entity '{ref}' has no actor in the given article(s); nothing to split")
    for entity in raw:
        graph.add((target, KGO.splitFrom, entity))
    for doc in docs:
        graph.add((target, KGO.splitArticle, doc))
    graph.add((target, RDF.type, KGO.Entity))
    graph.set((target, KGO.preferredName, Literal(name.strip())))
    _save(store, graph)
    return target


def _article_id(store, graph_iri: URIRef) -> str:
    result = store.query(
        _PREFIXES + "SELECT ?id WHERE { GRAPH ?g { ?a a schema:NewsArticle ; kgo:articleId ?id } }",
        bindings={"g": graph_iri},
    )
    for row in result:
        return str(row[0])
    raise InputError(f"{graph_iri} holds no article")


def _raw_entities(store, graph: Graph, machine: Graph, entity: URIRef, docs: list[URIRef]) -> set[URIRef]:
    """The entities written in the article graphs whose actors in `docs` resolve to `entity`."""
    found = set()
    query = _PREFIXES + "SELECT DISTINCT ?e0 WHERE { GRAPH ?g { ?actor kgo:refersTo ?e0 ; prov:wasDerivedFrom ?doc } }"
    for doc in docs:
        for (e0,) in store.query(query, bindings={"doc": doc}):
            if _merged(graph, _split_target(graph, machine, e0, doc)) == entity:
                found.add(e0)
    return found


def rename_entity(store, ref: str, name: str) -> URIRef:
    if not name.strip():
        raise InputError("the new name is empty")
    entity = find_entity(store, ref)
    graph = _fresh(curation_graph(store))
    graph.add((entity, RDF.type, KGO.Entity))
    graph.set((entity, KGO.preferredName, Literal(name.strip())))
    _save(store, graph)
    return entity


def set_entity_type(store, ref: str, type_name: str) -> URIRef:
    from kg.rdf_mapping import ACTOR_CLASSES

    try:
        kind = ActorType(type_name)
    except ValueError:
        choices = ", ".join(t.value for t in ActorType)
        raise InputError(f"unknown type '{type_name}'; use one of {choices}") from None
    entity = find_entity(store, ref)
    graph = _fresh(curation_graph(store))
    graph.add((entity, RDF.type, KGO.Entity))
    graph.set((entity, KGO.entityType, ACTOR_CLASSES[kind]))
    _save(store, graph)
    return entity


def link_entity(store, ref: str, external: str) -> URIRef:
    """Say the entity is the thing an outside identifier names: a Wikidata item ("Q42")
    or any http(s) IRI. Several links may be given, one call each."""
    external = external.strip()
    if _QID.match(external):
        target = URIRef(WIKIDATA + external)
    elif external.startswith(("http://", "https://")) and " " not in external:
        target = URIRef(external)
    else:
        raise InputError(f"'{external}' is not a Wikidata id (Q42) or an http(s) IRI")
    entity = find_entity(store, ref)
    graph = _fresh(curation_graph(store))
    graph.add((entity, RDF.type, KGO.Entity))
    graph.add((entity, SCHEMA.sameAs, target))
    _save(store, graph)
    return target


def curated_entities(store) -> tuple[set[str], set[tuple[str, str]]]:
    """What a person's curation decided, for the machine's surname resolution
    (kg.entities.resolution) to leave alone: the entities it names (merged, renamed, typed,
    linked, or a split's target) and the (entity, article) pairs it split off."""
    graph = curation_graph(store)
    prefix = str(KGR["entity/"])
    pairs = {
        (str(source), str(article))
        for target, source in graph.subject_objects(KGO.splitFrom)
        for article in graph.objects(target, KGO.splitArticle)
    }
    entities = {
        str(term)
        for s, p, o in graph
        if p != KGO.splitFrom
        for term in (s, o)
        if isinstance(term, URIRef) and str(term).startswith(prefix)
    }
    return entities, pairs


def merges(store) -> dict[str, str]:
    """Entity -> the entity a person merged it into."""
    return {str(s): str(o) for s, o in curation_graph(store).subject_objects(KGO.mergedInto)}


def entity_links(store) -> dict[str, list[str]]:
    """Entity IRI -> the outside identifiers a person linked it to."""
    links: dict[str, list[str]] = {}
    for entity, target in curation_graph(store).subject_objects(SCHEMA.sameAs):
        links.setdefault(str(entity), []).append(str(target))
    return {k: sorted(v) for k, v in links.items()}
