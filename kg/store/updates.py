"""SPARQL Update text shared by the embedded and the remote store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import StoreError
from kg.store.terms import to_ox, triples_to_quads

if TYPE_CHECKING:
    import rdflib
    from rdflib import URIRef


def graph_name_text(graph_iri: URIRef) -> str:
    """`<iri>`, validated (pyoxigraph rejects IRIs with spaces, quotes, angle brackets...)."""
    try:
        return str(to_ox(graph_iri))
    except (ValueError, TypeError) as exc:
        raise StoreError(f"graph name {graph_iri!s} is not a valid IRI; use kgr:graph/<article id>") from exc


def replace_graph_update(graph_iri: URIRef, graph: rdflib.Graph) -> str:
    """ONE update request that replaces a named graph: a store that runs a request as one
    transaction (Oxigraph embedded and server, Fuseki TDB2) makes the replace all or nothing.
    Terms are written by pyoxigraph in N-Triples form, so every value is properly escaped."""
    name = graph_name_text(graph_iri)
    try:
        quads = triples_to_quads(graph_iri, graph)
    except (ValueError, TypeError) as exc:
        raise StoreError(
            f"graph {graph_iri} holds a term RDF does not allow ({first_line(exc)}); fix the mapping"
        ) from exc
    update = f"DROP SILENT GRAPH {name} ;\n"
    if quads:
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        update += f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"
    return update


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
