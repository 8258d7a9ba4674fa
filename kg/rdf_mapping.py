"""ClaimSet <-> RDF triples, in the terms of ontology/kg.ttl (README: Ontology).

Deterministic: every node is an IRI built from the article id and the item ids (no blank
nodes), so mapping the same ClaimSet twice gives the same set of triples and re-loading an
article replaces it exactly. Lossless: `graph_to_claimset(claimset_to_graph(c)[1]) == c` (the reading half is
kg.rdf_reading),
including the order of every list (kept with `kgo:index` on items and spans, and an
`rdf:Seq` for aliases and roles, which are literals and cannot carry an index).

`FIELD_PROPERTIES` names the RDF property of every model field; tests/test_ontology.py fails
when a model field is missing from it or a property is missing from the ontology or shapes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg import vocab
from kg.models import ActorType, ClaimSet, Span
from kg.vocab import KGR, SCHEMA_OBSERVATION_ABOUT, bind_prefixes

__all__ = [
    "ACTOR_CLASSES",
    "ACTOR_TYPES",
    "DEFAULT_METHOD",
    "FIELD_PROPERTIES",
    "QUOTE_CONTEXT",
    "actor_iri",
    "article_graph_iri",
    "article_iri",
    "claimset_to_graph",
    "run_iri",
    "statement_iri",
    "statistic_iri",
]


class _Terms:
    """A namespace whose terms are looked up once. Reading `KGO.Span` from an rdflib
    DefinedNamespace checks the name and builds a new URIRef every time, and the mapping
    reads a few dozen terms about a thousand times per article (issue 11: an eighth of the
    ingest's mapping CPU). A misspelt term still raises AttributeError."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)  # later reads find it without calling __getattr__
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]  # type: ignore[no-any-return]


KGO, OA, PROV, RDF, SCHEMA, XSD = (
    _Terms(namespace) for namespace in (vocab.KGO, vocab.OA, vocab.PROV, vocab.RDF, vocab.SCHEMA, vocab.XSD)
)

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
ACTOR_TYPES: dict[Node, ActorType] = {iri: kind for kind, iri in ACTOR_CLASSES.items()}

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
    ("Actor", "members"): (KGO.member, KGO.memberOrder),
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


# The article's IRI and its actors' are asked for again for every statement, mention and
# statistic that names them: each is built (percent-encoded, checked) once (bounded caches).
@lru_cache(maxsize=256)
def article_iri(article_id: str) -> URIRef:
    return KGR[f"article/{_segment(article_id)}"]


@lru_cache(maxsize=1 << 12)
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
        # add(triple): setdefault keeps the first insertion (and its place) of each triple;
        # a bound C method, called about a thousand times per article (issue 11).
        self.add = self.triples.setdefault


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
        g.add((node, KGO.index, _integer(i)))
        g.add((node, SCHEMA.name, Literal(actor.name)))
        g.add((node, PROV.wasDerivedFrom, art))
        writer.literal_list(node, SCHEMA.alternateName, KGO.aliasOrder, "aliases", actor.aliases)
        writer.literal_list(node, KGO.role, KGO.roleOrder, "roles", actor.roles)
        if actor.affiliation is not None:
            g.add((node, SCHEMA.affiliation, actor_iri(aid, actor.affiliation)))
        for j, span in enumerate(actor.mentions):
            writer.span(node, KGO.mention, f"mention/{j}", span, index=j)
        writer.node_list(node, KGO.member, KGO.memberOrder, "members", [actor_iri(aid, m) for m in actor.members])
    _link_entities(g, claims)

    for i, st in enumerate(claims.statements):
        node = statement_iri(aid, st.id)
        g.add((node, RDF.type, KGO.Statement))
        g.add((node, RDF.type, SCHEMA.Quotation))
        g.add((node, KGO.statementId, Literal(st.id)))
        g.add((node, KGO.index, _integer(i)))
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
        g.add((node, KGO.index, _integer(i)))
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
        self.node_list(subject, prop, order_prop, name, [Literal(value) for value in values])

    def node_list(self, subject: URIRef, prop: URIRef, order_prop: URIRef, name: str, nodes: list[Node]) -> None:
        # One triple per value for queries, plus an rdf:Seq that keeps order and duplicates.
        if not nodes:
            return
        seq = URIRef(f"{subject}/{name}")
        self.g.add((subject, order_prop, seq))
        self.g.add((seq, RDF.type, RDF.Seq))
        for n, value in enumerate(nodes, start=1):
            self.g.add((subject, prop, value))
            self.g.add((seq, RDF[f"_{n}"], value))

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
            g.add((node, KGO.index, _integer(index)))
        position = URIRef(f"{node}/position")
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, _offset(span.start)))
        g.add((position, OA.end, _offset(span.end)))
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


# Building a Literal from a number costs a few microseconds (rdflib converts and checks it),
# and the same small numbers recur in every article: each is built once (bounded caches).
@lru_cache(maxsize=1 << 12)
def _integer(value: int) -> Literal:
    """An index: "3"^^xsd:integer."""
    return Literal(value)


@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    """A character offset: "3"^^xsd:nonNegativeInteger."""
    return Literal(value, datatype=XSD.nonNegativeInteger)


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
