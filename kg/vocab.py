"""Namespaces of the graph (ontology/kg.ttl): our ontology `KGO`, our resources `KGR`,
and the standards we reuse (schema.org, PROV-O, Web Annotation).

`KGO` and `OA` are `DefinedNamespace`s: a misspelt term raises AttributeError instead of
quietly minting a new IRI that no query or shape knows about.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SH, XSD, DefinedNamespace

__all__ = [
    "KGO",
    "KGR",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SCHEMA_OBSERVATION_ABOUT",
    "SH",
    "XSD",
    "bind_prefixes",
    "sparql_prefixes",
]

KGO_IRI = "https://w3id.org/kg-news/ns#"
KGR_IRI = "https://w3id.org/kg-news/id/"

# Our resources (articles, actors, statements, ...): built by kg.rdf_mapping, never typed by hand.
KGR = Namespace(KGR_IRI)

# rdflib's schema.org namespace is complete and defined, so a typo raises there too.
SCHEMA = SDO
# schema.org terms newer than rdflib's copy of the vocabulary (schema.org 13.0 and later).
SCHEMA_OBSERVATION_ABOUT = URIRef("https://schema.org/observationAbout")


class KGO(DefinedNamespace):
    """The project ontology (ontology/kg.ttl). Every term here is declared in kg.ttl;
    tests/test_ontology.py checks both directions."""

    _NS = Namespace(KGO_IRI)
    _fail = True

    # classes
    Actor: URIRef
    Statement: URIRef
    Statistic: URIRef
    Span: URIRef
    Comparison: URIRef
    Group: URIRef
    Entity: URIRef
    Description: URIRef
    # individual: the prov:Role of an intermediary that relayed a statement
    Intermediary: URIRef

    # article
    articleId: URIRef
    source: URIRef
    sha256: URIRef
    extractor: URIRef
    # actor
    actorId: URIRef
    role: URIRef
    mention: URIRef
    aliasOrder: URIRef
    roleOrder: URIRef
    member: URIRef
    memberOrder: URIRef
    # statement
    statementId: URIRef
    kind: URIRef
    content: URIRef
    speakerMention: URIRef
    viaMention: URIRef
    audienceMention: URIRef
    cue: URIRef
    audience: URIRef
    via: URIRef
    mentions: URIRef
    # statistic
    statisticId: URIRef
    approximation: URIRef
    period: URIRef
    comparison: URIRef
    comparisonType: URIRef
    baseline: URIRef
    assertedIn: URIRef
    span: URIRef
    measured: URIRef
    # corpus-level entities (kg.entities) and their curation graph
    refersTo: URIRef
    entityType: URIRef
    preferredName: URIRef
    mergedInto: URIRef
    splitFrom: URIRef
    splitArticle: URIRef
    # shared
    index: URIRef
    method: URIRef


class OA(DefinedNamespace):
    """The part of the W3C Web Annotation vocabulary we use (selectors on article text)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


PREFIXES: dict[str, str] = {
    "kgo": KGO_IRI,
    "kgr": KGR_IRI,
    "schema": str(SDO._NS),
    "prov": str(PROV._NS),
    "oa": str(OA._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "owl": str(OWL._NS),
    "sh": str(SH._NS),
    "xsd": str(XSD._NS),
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind our prefixes on an rdflib graph or dataset (for readable serialisations)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)


def sparql_prefixes(*names: str) -> str:
    """The PREFIX lines of a SPARQL text, from the one prefix list: sparql_prefixes("kgo")."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
