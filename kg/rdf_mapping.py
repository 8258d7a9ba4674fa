"""ClaimSet <-> RDF triples, in the terms of ontology/kg.ttl (README: Ontology).

Deterministic: every node is an IRI built from the article id and the item ids (no blank
nodes), so mapping the same ClaimSet twice gives the same set of triples and re-loading an
article replaces it exactly. Lossless: `graph_to_claimset(claimset_to_graph(c)[1]) == c`,
including the order of every list (kept with `kgo:index` on items and spans, and an
`rdf:Seq` for aliases and roles, which are literals and cannot carry an index).

`FIELD_PROPERTIES` names the RDF property of every model field; tests/test_ontology.py fails
when a model field is missing from it or a property is missing from the ontology or shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from kg.errors import InputError
from kg.models import ActorType, ClaimSet, Span, parse_claimset
from kg.vocab import KGO, KGR, OA, PROV, RDF, SCHEMA, SCHEMA_OBSERVATION_ABOUT, XSD, bind_prefixes

__all__ = [
    "ACTOR_CLASSES",
    "DEFAULT_METHOD",
    "FIELD_PROPERTIES",
    "QUOTE_CONTEXT",
    "actor_iri",
    "article_graph_iri",
    "article_iri",
    "claimset_to_graph",
    "graph_to_claimset",
    "run_iri",
    "statement_iri",
    "statistic_iri",
]

# Characters of context kept on each side of a quote selector (oa:prefix / oa:suffix).
QUOTE_CONTEXT = 32
# kgo:method of the extraction run; the ClaimSet contract has no field for it yet.
DEFAULT_METHOD = "manual"

ACTOR_CLASSES: dict[ActorType, URIRef] = {
    ActorType.Person: SCHEMA.Person,
    ActorType.Organization: SCHEMA.Organization,
    ActorType.Country: SCHEMA.Country,
    ActorType.Place: SCHEMA.Place,
    ActorType.Event: SCHEMA.Event,
    ActorType.Group: KGO.Group,
}
_ACTOR_TYPES: dict[Node, ActorType] = {iri: kind for kind, iri in ACTOR_CLASSES.items()}

# (model name, field name) -> the properties that carry it, the main one first. A Span's
# offsets sit on its position selector and its text on its quote selector.
FIELD_PROPERTIES: dict[tuple[str, str], tuple[URIRef, ...]] = {
    ("ClaimSet", "article"): (PROV.wasDerivedFrom,),
    ("ClaimSet", "actors"): (PROV.wasDerivedFrom, KGO.index),
    ("ClaimSet", "statements"): (PROV.wasDerivedFrom, KGO.index),
    ("ClaimSet", "statistics"): (PROV.wasDerivedFrom, KGO.index),
    ("Article", "id"): (KGO.articleId,),
    ("Article", "source"): (KGO.source,),
    ("Article", "title"): (SCHEMA.headline,),
    ("Article", "author"): (SCHEMA.author,),
    ("Article", "publisher"): (SCHEMA.publisher,),
    ("Article", "published"): (SCHEMA.datePublished,),
    ("Article", "url"): (SCHEMA.url,),
    ("Article", "sha256"): (KGO.sha256,),
    ("Article", "extractor"): (KGO.extractor,),
    ("Article", "language"): (SCHEMA.inLanguage,),
    ("Article", "text"): (SCHEMA.text,),
    ("Actor", "id"): (KGO.actorId,),
    ("Actor", "name"): (SCHEMA.name,),
    ("Actor", "type"): (RDF.type,),
    ("Actor", "aliases"): (SCHEMA.alternateName, KGO.aliasOrder),
    ("Actor", "roles"): (KGO.role, KGO.roleOrder),
    ("Actor", "affiliation"): (SCHEMA.affiliation,),
    ("Actor", "mentions"): (KGO.mention, KGO.index),
    ("Statement", "id"): (KGO.statementId,),
    ("Statement", "kind"): (KGO.kind,),
    ("Statement", "content"): (KGO.content, KGO.index),
    ("Statement", "text"): (SCHEMA.text,),
    ("Statement", "speaker"): (PROV.wasAttributedTo,),
    ("Statement", "speaker_mention"): (KGO.speakerMention,),
    ("Statement", "via_mention"): (KGO.viaMention,),
    ("Statement", "audience_mention"): (KGO.audienceMention,),
    ("Statement", "cue"): (KGO.cue,),
    ("Statement", "via"): (KGO.via, PROV.qualifiedAttribution, PROV.agent, PROV.hadRole),
    ("Statement", "audience"): (KGO.audience,),
    ("Statistic", "id"): (KGO.statisticId,),
    ("Statistic", "span"): (KGO.span,),
    ("Statistic", "value"): (SCHEMA.value,),
    ("Statistic", "unit"): (SCHEMA.unitText,),
    ("Statistic", "approximation"): (KGO.approximation,),
    ("Statistic", "period"): (KGO.period,),
    ("Statistic", "comparison"): (KGO.comparison,),
    ("Statistic", "statement"): (KGO.assertedIn,),
    ("Statistic", "low"): (SCHEMA.minValue,),
    ("Statistic", "high"): (SCHEMA.maxValue,),
    ("Statistic", "measured"): (KGO.measured,),
    ("Statistic", "about"): (SCHEMA_OBSERVATION_ABOUT,),
    ("Statistic", "date"): (SCHEMA.observationDate,),
    ("Statistic", "asserted_by"): (PROV.wasAttributedTo,),
    ("Comparison", "type"): (KGO.comparisonType,),
    ("Comparison", "baseline"): (KGO.baseline,),
    ("Span", "start"): (OA.start, OA.hasSelector),
    ("Span", "end"): (OA.end, OA.hasSelector),
    ("Span", "text"): (OA.exact, OA.hasSelector),
}


# ---------------------------------------------------------------- IRIs


def _segment(item_id: str) -> str:
    # Ids become one path segment: percent-encode everything outside unreserved characters,
    # "/" included, so "a/b" cannot collide with a nested path.
    return quote(item_id, safe="")


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph holding every triple of one article: kgr:graph/{article_id}."""
    return KGR[f"graph/{_segment(article_id)}"]


def article_iri(article_id: str) -> URIRef:
    return KGR[f"article/{_segment(article_id)}"]


def actor_iri(article_id: str, actor_id: str) -> URIRef:
    return URIRef(f"{article_iri(article_id)}/actor/{_segment(actor_id)}")


def statement_iri(article_id: str, statement_id: str) -> URIRef:
    return URIRef(f"{article_iri(article_id)}/statement/{_segment(statement_id)}")


def statistic_iri(article_id: str, statistic_id: str) -> URIRef:
    return URIRef(f"{article_iri(article_id)}/statistic/{_segment(statistic_id)}")


def run_iri(article_id: str) -> URIRef:
    return URIRef(f"{article_iri(article_id)}/run")


# ---------------------------------------------------------------- ClaimSet -> triples


def claimset_to_graph(claims: ClaimSet) -> tuple[URIRef, Graph]:
    """The article's named-graph IRI and its triples (a plain Graph with that identifier)."""
    graph_iri = article_graph_iri(claims.article.id)
    g = Graph(identifier=graph_iri, bind_namespaces="core")
    bind_prefixes(g)
    _write_claimset(claims, g)
    return graph_iri, g


class _TripleList:
    """Collects triples in order, each once: the same triples as claimset_to_graph's Graph
    without the cost of rdflib's indexes (the ingest only serialises them)."""

    def __init__(self) -> None:
        self.triples: dict[tuple[Node, Node, Node], None] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.triples[triple] = None


def claimset_triples(claims: ClaimSet) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
    """claimset_to_graph's IRI and triples as a list (3x faster; for serialising at scale)."""
    sink = _TripleList()
    _write_claimset(claims, sink)
    return article_graph_iri(claims.article.id), list(sink.triples)


def _write_claimset(claims: ClaimSet, g: Any) -> None:
    aid = claims.article.id
    art = article_iri(aid)
    text = claims.article.text
    writer = _Writer(g, art, text)

    a = claims.article
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, KGO.articleId, Literal(a.id)))
    g.add((art, KGO.source, Literal(a.source)))
    writer.optional(art, SCHEMA.headline, a.title)
    writer.optional(art, SCHEMA.author, a.author)
    writer.optional(art, SCHEMA.publisher, a.publisher)
    if a.published is not None:
        g.add((art, SCHEMA.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)))
    if a.url is not None:
        g.add((art, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)))
    writer.optional(art, KGO.sha256, a.sha256)
    writer.optional(art, KGO.extractor, a.extractor)
    writer.optional(art, SCHEMA.inLanguage, a.language)
    writer.optional(art, SCHEMA.text, text)

    run = run_iri(aid)
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, KGO.method, Literal(DEFAULT_METHOD)))
    g.add((run, PROV.used, art))

    for i, actor in enumerate(claims.actors):
        node = actor_iri(aid, actor.id)
        g.add((node, RDF.type, KGO.Actor))
        g.add((node, RDF.type, ACTOR_CLASSES[actor.type]))
        g.add((node, KGO.actorId, Literal(actor.id)))
        g.add((node, KGO.index, Literal(i)))
        g.add((node, SCHEMA.name, Literal(actor.name)))
        g.add((node, PROV.wasDerivedFrom, art))
        writer.literal_list(node, SCHEMA.alternateName, KGO.aliasOrder, "aliases", actor.aliases)
        writer.literal_list(node, KGO.role, KGO.roleOrder, "roles", actor.roles)
        if actor.affiliation is not None:
            g.add((node, SCHEMA.affiliation, actor_iri(aid, actor.affiliation)))
        for j, span in enumerate(actor.mentions):
            writer.span(node, KGO.mention, f"mention/{j}", span, index=j)
    _link_entities(g, claims)

    for i, st in enumerate(claims.statements):
        node = statement_iri(aid, st.id)
        g.add((node, RDF.type, KGO.Statement))
        g.add((node, RDF.type, SCHEMA.Quotation))
        g.add((node, KGO.statementId, Literal(st.id)))
        g.add((node, KGO.index, Literal(i)))
        g.add((node, KGO.kind, Literal(st.kind.value)))
        g.add((node, SCHEMA.text, Literal(st.text)))
        g.add((node, PROV.wasDerivedFrom, art))
        g.add((node, PROV.wasGeneratedBy, run))
        for j, span in enumerate(st.content):
            writer.span(node, KGO.content, f"content/{j}", span, index=j)
        if st.speaker is not None:
            g.add((node, PROV.wasAttributedTo, actor_iri(aid, st.speaker)))
        if st.speaker_mention is not None:
            writer.span(node, KGO.speakerMention, "speaker-mention", st.speaker_mention)
        if st.cue is not None:
            writer.span(node, KGO.cue, "cue", st.cue)
        if st.via_mention is not None:
            writer.span(node, KGO.viaMention, "via-mention", st.via_mention)
        if st.audience_mention is not None:
            writer.span(node, KGO.audienceMention, "audience-mention", st.audience_mention)
        if st.audience is not None:
            g.add((node, KGO.audience, actor_iri(aid, st.audience)))
        if st.via is not None:
            agent = actor_iri(aid, st.via)
            g.add((node, KGO.via, agent))
            # The PROV-O form of the same fact, for tools that only know PROV.
            attribution = URIRef(f"{node}/via")
            g.add((node, PROV.qualifiedAttribution, attribution))
            g.add((attribution, RDF.type, PROV.Attribution))
            g.add((attribution, PROV.agent, agent))
            g.add((attribution, PROV.hadRole, KGO.Intermediary))
        for mentioned in _mentioned_actors(claims, st.content):
            g.add((node, KGO.mentions, actor_iri(aid, mentioned)))

    for i, stat in enumerate(claims.statistics):
        node = statistic_iri(aid, stat.id)
        g.add((node, RDF.type, KGO.Statistic))
        g.add((node, RDF.type, SCHEMA.Observation))
        g.add((node, KGO.statisticId, Literal(stat.id)))
        g.add((node, KGO.index, Literal(i)))
        g.add((node, SCHEMA.value, _double(stat.value)))
        g.add((node, SCHEMA.unitText, Literal(stat.unit)))
        g.add((node, KGO.approximation, Literal(stat.approximation.value)))
        writer.optional(node, KGO.period, stat.period)
        g.add((node, PROV.wasDerivedFrom, art))
        writer.span(node, KGO.span, "span", stat.span)
        if stat.comparison is not None:
            comparison = URIRef(f"{node}/comparison")
            g.add((node, KGO.comparison, comparison))
            g.add((comparison, RDF.type, KGO.Comparison))
            g.add((comparison, KGO.comparisonType, Literal(stat.comparison.type)))
            writer.optional(comparison, KGO.baseline, stat.comparison.baseline)
        if stat.statement is not None:
            g.add((node, KGO.assertedIn, statement_iri(aid, stat.statement)))
        if stat.low is not None:
            g.add((node, SCHEMA.minValue, _double(stat.low)))
        if stat.high is not None:
            g.add((node, SCHEMA.maxValue, _double(stat.high)))
        if stat.measured is not None:
            writer.span(node, KGO.measured, "measured", stat.measured)
        if stat.about is not None:
            g.add((node, SCHEMA_OBSERVATION_ABOUT, actor_iri(aid, stat.about)))
        if stat.date is not None:
            g.add((node, SCHEMA.observationDate, _iso_date(stat.date)))
        if stat.asserted_by is not None:
            g.add((node, PROV.wasAttributedTo, actor_iri(aid, stat.asserted_by)))


def _link_entities(g: Graph, claims: ClaimSet) -> None:
    """Each actor kgo:refersTo its corpus-level entity (derived from the names, not read back:
    kg.entities.linking). The entity node carries its name as written in this article."""
    from kg.entities.linking import link_actors

    aid = claims.article.id
    for actor_id, link in link_actors(claims).items():
        g.add((actor_iri(aid, actor_id), KGO.refersTo, link.iri))
        g.add((link.iri, RDF.type, KGO.Entity))
        g.add((link.iri, SCHEMA.name, Literal(link.name)))
        if link.described:
            g.add((link.iri, RDF.type, KGO.Description))
        if link.known_type is not None:
            g.add((link.iri, KGO.entityType, ACTOR_CLASSES[link.known_type]))


class _Writer:
    """Adds the repetitive parts: optional literals, ordered literal lists, span nodes."""

    def __init__(self, graph: Any, article: URIRef, text: str | None) -> None:
        self.g = graph
        self.article = article
        self.text = text

    def optional(self, subject: URIRef, prop: URIRef, value: str | None) -> None:
        if value is not None:
            self.g.add((subject, prop, Literal(value)))

    def literal_list(
        self, subject: URIRef, prop: URIRef, order_prop: URIRef, name: str, values: list[str]
    ) -> None:
        # One triple per value for queries, plus an rdf:Seq that keeps order and duplicates.
        if not values:
            return
        seq = URIRef(f"{subject}/{name}")
        self.g.add((subject, order_prop, seq))
        self.g.add((seq, RDF.type, RDF.Seq))
        for n, value in enumerate(values, start=1):
            self.g.add((subject, prop, Literal(value)))
            self.g.add((seq, RDF[f"_{n}"], Literal(value)))

    def span(
        self, owner: URIRef, prop: URIRef, suffix: str, span: Span, index: int | None = None
    ) -> None:
        node = URIRef(f"{owner}/{suffix}")
        g = self.g
        g.add((owner, prop, node))
        g.add((node, RDF.type, KGO.Span))
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, self.article))
        if index is not None:
            g.add((node, KGO.index, Literal(index)))
        position = URIRef(f"{node}/position")
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        quote_sel = URIRef(f"{node}/quote")
        g.add((node, OA.hasSelector, quote_sel))
        g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
        g.add((quote_sel, OA.exact, Literal(span.text)))
        if self.text is not None:
            # Context lets a reader re-anchor the quote if offsets drift (W3C selector model).
            before = self.text[max(0, span.start - QUOTE_CONTEXT) : span.start]
            g.add((quote_sel, OA.prefix, Literal(before)))
            after = self.text[span.end : span.end + QUOTE_CONTEXT]
            g.add((quote_sel, OA.suffix, Literal(after)))


def _iso_date(value: str) -> Literal:
    """ "2009" -> xsd:gYear, "2005-01" -> xsd:gYearMonth, "2005-01-31" -> xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _double(value: float) -> Literal:
    # repr() is the shortest text that reads back as the same float, and a valid xsd:double;
    # infinities need the XSD spelling (rdflib would write "inf", which stores reject).
    if value != value:
        lexical = "NaN"
    elif value in (float("inf"), float("-inf")):
        lexical = "INF" if value > 0 else "-INF"
    else:
        lexical = repr(float(value))
    return Literal(lexical, datatype=XSD.double)


def _mentioned_actors(claims: ClaimSet, content: list[Span]) -> list[str]:
    """Actors with a mention inside one of the content segments (derived, not read back)."""
    found = []
    for actor in claims.actors:
        inside = (
            seg.start <= m.start and m.end <= seg.end for m in actor.mentions for seg in content
        )
        if any(inside):
            found.append(actor.id)
    return found


# ---------------------------------------------------------------- triples -> ClaimSet


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
        types = [_ACTOR_TYPES[t] for t in graph.objects(node, RDF.type) if t in _ACTOR_TYPES]
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

    def literal_list(self, subject: Node, prop: URIRef, order_prop: URIRef) -> list[str]:
        seq = self.maybe(subject, order_prop)
        if seq is None:
            # A graph written by hand or another tool: no order known, so sort for stability.
            return sorted(str(v) for v in self._values(subject, prop))
        members = []
        for p, o in self.g.predicate_objects(seq):
            if str(p).startswith(str(RDF)) and str(p)[len(str(RDF)) :].startswith("_"):
                members.append((int(str(p)[len(str(RDF)) + 1 :]), str(o)))
        return [value for _, value in sorted(members)]

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

