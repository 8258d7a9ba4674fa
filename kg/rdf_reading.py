"""RDF triples -> the ClaimSet they came from: the reading half of kg.rdf_mapping (its
docstring says how ClaimSets are written; `graph_to_claimset(claimset_to_graph(c)[1]) == c`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from kg.errors import InputError
from kg.models import ClaimSet, parse_claimset
from kg.rdf_mapping import ACTOR_TYPES
from kg.vocab import KGO, OA, PROV, RDF, SCHEMA, SCHEMA_OBSERVATION_ABOUT, XSD

__all__ = ["graph_to_claimset"]


def graph_to_claimset(graph: Graph, article_iri: URIRef | None = None) -> ClaimSet:
    """Read an article's triples back into the ClaimSet they came from.

    `article_iri` picks the article when the graph holds more than one. Derived triples
    (kgo:mentions, the qualified attribution, the run) are not needed and are ignored."""
    art = article_iri if article_iri is not None else _only_article(graph)
    reader = _Reader(graph, art)
    if (art, RDF.type, SCHEMA.NewsArticle) not in graph:
        raise InputError(f"graph has no article {art} (no triple `<{art}> a schema:NewsArticle`)")

    article = {
        "id": reader.one(art, KGO.articleId),
        "source": reader.one(art, KGO.source),
        "title": reader.maybe(art, SCHEMA.headline),
        "author": reader.maybe(art, SCHEMA.author),
        "publisher": reader.maybe(art, SCHEMA.publisher),
        "published": reader.maybe(art, SCHEMA.datePublished),
        "url": reader.maybe(art, SCHEMA.url),
        "sha256": reader.maybe(art, KGO.sha256),
        "extractor": reader.maybe(art, KGO.extractor),
        "language": reader.maybe(art, SCHEMA.inLanguage),
        "text": reader.maybe(art, SCHEMA.text),
    }

    ids: dict[Node, str] = {}  # actor IRI -> actor id, to turn references back into ids
    actor_nodes = reader.items(KGO.Actor)
    for node in actor_nodes:
        ids[node] = reader.one(node, KGO.actorId)
    actors = []
    for node in actor_nodes:
        types = [ACTOR_TYPES[t] for t in graph.objects(node, RDF.type) if t in ACTOR_TYPES]
        if len(types) != 1:
            raise InputError(
                f"actor {node} needs exactly one of the actor classes, found {len(types)}"
            )
        actors.append(
            {
                "id": ids[node],
                "name": reader.one(node, SCHEMA.name),
                "type": types[0],
                "aliases": reader.literal_list(node, SCHEMA.alternateName, KGO.aliasOrder),
                "roles": reader.literal_list(node, KGO.role, KGO.roleOrder),
                "affiliation": reader.ref(node, SCHEMA.affiliation, ids),
                "mentions": reader.spans(node, KGO.mention),
                "members": reader.refs(node, KGO.member, KGO.memberOrder, ids),
            }
        )

    statement_nodes = reader.items(KGO.Statement)
    statement_ids = {node: reader.one(node, KGO.statementId) for node in statement_nodes}
    statements = []
    for node in statement_nodes:
        statements.append(
            {
                "id": statement_ids[node],
                "kind": reader.one(node, KGO.kind),
                "content": reader.spans(node, KGO.content),
                "text": reader.maybe(node, SCHEMA.text) or "",
                "speaker": reader.ref(node, PROV.wasAttributedTo, ids),
                "speaker_mention": reader.single_span(node, KGO.speakerMention),
                "cue": reader.single_span(node, KGO.cue),
                "via": reader.ref(node, KGO.via, ids),
                "audience": reader.ref(node, KGO.audience, ids),
                "via_mention": reader.single_span(node, KGO.viaMention),
                "audience_mention": reader.single_span(node, KGO.audienceMention),
            }
        )

    statistics = []
    for node in reader.items(KGO.Statistic):
        comparison_node = graph.value(node, KGO.comparison)
        comparison = None
        if comparison_node is not None:
            comparison = {
                "type": reader.one(comparison_node, KGO.comparisonType),
                "baseline": reader.maybe(comparison_node, KGO.baseline),
            }
        span = reader.single_span(node, KGO.span)
        statistics.append(
            {
                "id": reader.one(node, KGO.statisticId),
                "span": span,
                "value": reader.one(node, SCHEMA.value),
                "unit": reader.one(node, SCHEMA.unitText),
                "approximation": reader.one(node, KGO.approximation),
                "period": reader.maybe(node, KGO.period),
                "comparison": comparison,
                "statement": reader.ref(node, KGO.assertedIn, statement_ids),
                "low": reader.maybe(node, SCHEMA.minValue),
                "high": reader.maybe(node, SCHEMA.maxValue),
                "measured": reader.single_span(node, KGO.measured),
                "about": reader.ref(node, SCHEMA_OBSERVATION_ABOUT, ids),
                "date": reader.lexical(node, SCHEMA.observationDate),
                "asserted_by": reader.ref(node, PROV.wasAttributedTo, ids),
            }
        )

    data = {
        "article": article,
        "actors": actors,
        "statements": statements,
        "statistics": statistics,
    }
    return parse_claimset(data, where=f"graph of {art}")


def _only_article(graph: Graph) -> URIRef:
    found = sorted(cast("set[URIRef]", set(graph.subjects(RDF.type, SCHEMA.NewsArticle))))
    if len(found) != 1:
        raise InputError(
            f"graph holds {len(found)} articles (schema:NewsArticle); pass article_iri to pick one"
        )
    node = found[0]
    if not isinstance(node, URIRef):
        raise InputError(f"the article node {node} is not an IRI")
    return node


class _Reader:
    """Reads values of one article's nodes, each error naming the node and property."""

    def __init__(self, graph: Graph, article: URIRef) -> None:
        self.g = graph
        self.article = article

    def _values(self, subject: Node, prop: URIRef) -> list[Identifier]:
        return sorted(cast("set[Identifier]", set(self.g.objects(subject, prop))))

    def maybe(self, subject: Node, prop: URIRef) -> Any:
        values = self._values(subject, prop)
        if len(values) > 1:
            raise InputError(f"{subject} has {len(values)} values of {prop}; it takes one")
        if not values:
            return None
        value = values[0]
        return _python(value) if isinstance(value, Literal) else value

    def lexical(self, subject: Node, prop: URIRef) -> str | None:
        """The literal's text as written (for dates that need no conversion: "2009")."""
        values = self._values(subject, prop)
        if len(values) > 1:
            raise InputError(f"{subject} has {len(values)} values of {prop}; it takes one")
        return str(values[0]) if values else None

    def one(self, subject: Node, prop: URIRef) -> Any:
        value = self.maybe(subject, prop)
        if value is None:
            raise InputError(f"{subject} has no {prop}; it is required")
        return value

    def items(self, cls: URIRef) -> list[Node]:
        """This article's items of a class, in their kgo:index order (then by IRI)."""
        nodes = [
            n
            for n in self.g.subjects(RDF.type, cls)
            if (n, PROV.wasDerivedFrom, self.article) in self.g
        ]
        return sorted(set(nodes), key=lambda n: (self._index(n), str(n)))

    def _index(self, node: Node) -> int:
        value = self.maybe(node, KGO.index)
        return int(value) if value is not None else 1 << 62

    def ref(self, subject: Node, prop: URIRef, ids: dict[Node, str]) -> str | None:
        target = self.maybe(subject, prop)
        if target is None:
            return None
        if target not in ids:
            raise InputError(
                f"{subject} {prop} points to {target}, which is not an item of this article"
            )
        return ids[target]

    def refs(self, subject: Node, prop: URIRef, order_prop: URIRef, ids: dict[Node, str]) -> list[str]:
        """The ids of the items an ordered list of IRIs names (an actor's members)."""
        seq = self.maybe(subject, order_prop)
        # no order known (a graph written by hand): by IRI, for stability
        targets: list[Node] = list(self._values(subject, prop)) if seq is None else self._seq_items(seq)
        missing = [t for t in targets if t not in ids]
        if missing:
            raise InputError(f"{subject} {prop} points to {missing[0]}, which is not an item of this article")
        return [ids[t] for t in targets]

    def literal_list(self, subject: Node, prop: URIRef, order_prop: URIRef) -> list[str]:
        seq = self.maybe(subject, order_prop)
        if seq is None:
            # A graph written by hand or another tool: no order known, so sort for stability.
            return sorted(str(v) for v in self._values(subject, prop))
        return [str(value) for value in self._seq_items(seq)]

    def _seq_items(self, seq: Node) -> list[Node]:
        """The items of an rdf:Seq in order (rdf:_1, rdf:_2, ...)."""
        numbered = [
            (int(str(p)[len(f"{RDF}_") :]), o) for p, o in self.g.predicate_objects(seq) if str(p).startswith(f"{RDF}_")
        ]
        return [o for _, o in sorted(numbered, key=lambda item: (item[0], str(item[1])))]

    def spans(self, owner: Node, prop: URIRef) -> list[dict[str, Any]]:
        nodes = sorted(self._values(owner, prop), key=lambda n: (self._index(n), str(n)))
        return [self._span(n) for n in nodes]

    def single_span(self, owner: Node, prop: URIRef) -> dict[str, Any] | None:
        node = self.maybe(owner, prop)
        return None if node is None else self._span(node)

    def _span(self, node: Node) -> dict[str, Any]:
        start = end = exact = None
        for selector in self._values(node, OA.hasSelector):
            types = set(self.g.objects(selector, RDF.type))
            if OA.TextPositionSelector in types:
                start, end = self.one(selector, OA.start), self.one(selector, OA.end)
            if OA.TextQuoteSelector in types:
                exact = self.one(selector, OA.exact)
        if start is None or end is None or exact is None:
            raise InputError(
                f"span {node} needs a TextPositionSelector (oa:start, oa:end) "
                "and a TextQuoteSelector (oa:exact)"
            )
        return {"start": int(start), "end": int(end), "text": str(exact)}


def _python(value: Literal) -> Any:
    # Plain strings stay str even if they look like numbers or dates; typed literals convert.
    if value.datatype is None or value.datatype in (XSD.string, XSD.anyURI):
        return str(value)
    if value.datatype == XSD.date:
        return dt.date.fromisoformat(str(value))
    if value.datatype in (XSD.double, XSD.float, XSD.decimal):
        return float(str(value))
    if value.datatype in (XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.long):
        return int(str(value))
    return value.toPython()

