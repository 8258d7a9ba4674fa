"""Conversions between rdflib terms (the library's public currency) and pyoxigraph terms.

Every backend speaks pyoxigraph terms internally (the embedded store natively, the remote
store through pyoxigraph's parsers), so results are converted to rdflib in one place.
Plain literals come back as rdflib plain literals (not ^^xsd:string), and typed literals are
rebuilt by rdflib from their lexical form, so rdflib's normalisation makes a stored graph
compare equal to the graph that was put (Oxigraph itself canonicalises numbers: "1.50" -> "1.5").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.query import Result

from kg.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Identifier, Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term; raises ValueError for what RDF does not allow."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(_bnode_id(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"cannot store {term!r}: not an IRI, blank node or literal")


def _bnode_id(label: str) -> str:
    # pyoxigraph accepts only [A-Za-z0-9_-] style labels; rdflib's are usually fine already.
    return label if label.replace("_", "").replace("-", "").isalnum() else label.encode().hex()


def from_ox(term: Any) -> Identifier:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        raise ValueError("the default graph is not an RDF term")
    raise ValueError(f"unsupported RDF term from the store: {term!r}")


def graph_name_from_ox(name: Any) -> URIRef | BNode | None:
    return None if isinstance(name, ox.DefaultGraph) else from_ox(name)  # type: ignore[return-value]


def triples_to_quads(graph_iri: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> list[Any]:
    """The triples of an rdflib graph as quads of one named graph.

    Blank nodes get fresh store-wide labels: blank nodes are shared across the graphs of a
    dataset, so two articles that happen to use the same label must not be merged."""
    name = ox.NamedNode(str(graph_iri))
    fresh: dict[BNode, ox.BlankNode] = {}

    def conv(term: Node) -> Any:
        if isinstance(term, BNode):
            if term not in fresh:
                fresh[term] = ox.BlankNode()
            return fresh[term]
        return to_ox(term)

    return [ox.Quad(conv(s), conv(p), conv(o), name) for s, p, o in triples]


def ox_result_to_rdflib(result: Any, should_stop: Any = None, max_rows: int | None = None) -> Result:
    """Turn a pyoxigraph query answer into an rdflib Result (SELECT, ASK, CONSTRUCT/DESCRIBE).

    `should_stop` is polled between rows so an abandoned query stops pulling rows; with
    `max_rows`, no more rows (triples) than that are pulled (the engine evaluates lazily)."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
        return out
    if isinstance(result, ox.QuerySolutions):
        out = Result("SELECT")
        variables = [Variable(v.value) for v in result.variables]
        out.vars = variables
        rows: list[Mapping[Variable, Identifier]] = []
        for solution in result:
            if max_rows is not None and len(rows) >= max_rows:
                break
            if should_stop is not None and should_stop():
                raise QueryError("query stopped")
            row: dict[Variable, Identifier] = {}
            for var in variables:
                value = solution[str(var)]
                if value is not None:
                    row[var] = from_ox(value)
            rows.append(row)
        out.bindings = rows
        return out
    if isinstance(result, ox.QueryTriples):
        from rdflib import Graph

        out = Result("CONSTRUCT")
        graph = Graph()
        for triple in result:
            if max_rows is not None and len(graph) >= max_rows:
                break
            if should_stop is not None and should_stop():
                raise QueryError("query stopped")
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        out.graph = graph
        return out
    raise QueryError(f"unexpected query answer {type(result).__name__}")


def iter_rdflib_quads(quads: Iterable[Any]) -> Iterator[tuple[Node, Node, Node, URIRef | BNode | None]]:
    # The same IRIs (predicates, graph names, subjects) recur in every quad: convert each once.
    cache: dict[Any, Node] = {}

    def conv(term: Any) -> Node:
        node = cache.get(term)
        if node is None:
            node = cache[term] = from_ox(term)
        return node

    for quad in quads:
        name = quad.graph_name
        yield (
            conv(quad.subject),
            conv(quad.predicate),
            conv(quad.object),
            None if isinstance(name, ox.DefaultGraph) else conv(name),  # type: ignore[misc]
        )


def graph_from_ntriples(data: bytes) -> Any:
    """An rdflib Graph of N-Triples bytes (the fallback path of Store.put_articles)."""
    from rdflib import Graph

    graph = Graph()
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


def ntriples_of(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """rdflib triples as N-Triples bytes, every blank node given a fresh store-wide label.

    Raises ValueError (UnicodeEncodeError is one) for what a store would refuse: an IRI or a
    language tag pyoxigraph rejects, a lone surrogate in a literal; so that is found before
    anything is written. Written directly, each distinct term rendered once (subjects and
    predicates recur in every triple): 4x cheaper than building pyoxigraph triples, and the
    workers of an ingest spend it on every article (issue 11)."""
    rendered: dict[Node, str] = {}

    def render(term: Node) -> str:
        found = rendered.get(term)
        if found is None:
            found = rendered[term] = _ntriples_term(term)
        return found

    lines = [f"{render(s)} {render(p)} {render(o)} .\n" for s, p, o in triples]
    return "".join(lines).encode("utf-8")


def _ntriples_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{ox.NamedNode(str(term)).value}>"  # pyoxigraph checks the IRI
    if isinstance(term, BNode):
        return f"_:{ox.BlankNode().value}"
    if isinstance(term, Literal):
        lexical = _quoted(str(term))
        if term.language:
            return f"{lexical}@{ox.Literal('', language=term.language).language}"  # checks the tag
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{lexical}^^<{ox.NamedNode(str(term.datatype)).value}>"
        return lexical
    raise ValueError(f"cannot store {term!r}: not an IRI, blank node or literal")


def _quoted(value: str) -> str:
    """A N-Triples string literal: only the quote, the backslash and line ends are escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
