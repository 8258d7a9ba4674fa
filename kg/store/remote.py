"""A SPARQL 1.1 endpoint over HTTP (Oxigraph server conventions: <base>/query, <base>/update).

Uses only the standard library (urllib) and pyoxigraph's parsers for the answers, so any
SPARQL 1.1 Protocol server works (Oxigraph, Fuseki, GraphDB, Virtuoso, QLever) once
--query-endpoint / --update-endpoint point at it. put_article sends ONE update request; it
is all or nothing when the server runs a request as one transaction (Oxigraph and Fuseki
TDB2 do). Many processes may use one server at once: the server serialises the writes.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.query import ResultRow

from kg.errors import QueryError, StoreError
from kg.store.base import Store, bind_prefixes, is_article_graph
from kg.store.deadline import timeout_message
from kg.store.params import substitute
from kg.store.terms import from_ox, ox_result_to_rdflib
from kg.store.updates import graph_name_text, replace_graph_update

if TYPE_CHECKING:
    import rdflib
    import rdflib.query
    from rdflib import URIRef
    from rdflib.term import Node

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_OPEN_TIMEOUT = 10.0  # seconds to wait for the endpoint to answer when the store is opened
_CHUNK = 1 << 16


class _Timeout(Exception):
    pass


class SparqlStore(Store):
    backend = "sparql"
    shared = True

    def __init__(
        self,
        spec: str,
        query_endpoint: str | None = None,
        update_endpoint: str | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(spec, read_only)
        base = spec.rstrip("/")
        self.query_endpoint = query_endpoint or f"{base}/query"
        self.update_endpoint = update_endpoint or f"{base}/update"
        try:
            self._post(self.query_endpoint, "ASK {}", "application/sparql-query", _OPEN_TIMEOUT, query=True)
        except _Timeout:
            raise StoreError(
                f"SPARQL endpoint {self.query_endpoint} did not answer within {_OPEN_TIMEOUT:g} s; "
                "check that the server is up"
            ) from None
        except QueryError as exc:
            raise StoreError(
                f"{self.query_endpoint} did not answer a SPARQL query ({exc}); check --store / --query-endpoint"
            ) from exc

    # --- writes -------------------------------------------------------------------------
    def put_article(self, graph_iri: URIRef, graph: rdflib.Graph) -> None:
        self._check_writable(f"store {graph_iri}")
        self._update(replace_graph_update(graph_iri, graph))

    def delete_article(self, graph_iri: URIRef) -> bool:
        self._check_writable(f"delete {graph_iri}")
        name = graph_name_text(graph_iri)
        existed = bool(self.query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}").askAnswer)
        self._update(f"DROP SILENT GRAPH {name}")
        return existed

    def _update(self, update: str) -> None:
        try:
            self._post(self.update_endpoint, update, "application/sparql-update", None, query=False)
        except QueryError as exc:
            raise StoreError(f"{self.update_endpoint} refused an update ({exc}); check --update-endpoint") from exc

    # --- reads --------------------------------------------------------------------------
    def article_graphs(self) -> list[URIRef]:
        from rdflib import URIRef

        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in result if isinstance(row[0], URIRef) and is_article_graph(row[0]))  # type: ignore[index]

    def get_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        from rdflib import Graph

        name = graph_name_text(graph_iri)
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        graph = Graph(identifier=graph_iri)
        bind_prefixes(graph)
        for triple in result.graph or ():
            graph.add(triple)
        return graph

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
    ) -> rdflib.query.Result:
        self._check_open()
        if timeout is not None and timeout <= 0:
            raise QueryError(f"timeout must be a positive number of seconds, not {timeout:g}; fix --timeout")
        text = substitute(sparql, bindings)
        try:
            content_type, body = self._post(self.query_endpoint, text, "application/sparql-query", timeout, query=True)
        except QueryError as exc:
            raise QueryError(f"{exc}; fix the query") from exc
        except _Timeout:
            raise QueryError(timeout_message(timeout or 0)) from None
        return _parse_answer(content_type, body)

    def quad_count(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }")
        row = next(iter(result))
        assert isinstance(row, ResultRow)  # a SELECT answers rows
        return int(row[0])

    def _ox_quads(self) -> Iterator[Any]:
        _, body = self._post(
            self.query_endpoint,
            "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
            "application/sparql-query",
            None,
            query=True,
        )
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT answers solutions
        for row in solutions:
            graph = row["g"] if row["g"] is not None else ox.DefaultGraph()
            yield ox.Quad(row["s"], row["p"], row["o"], graph)

    # --- HTTP ---------------------------------------------------------------------------
    def _post(self, url: str, text: str, content_type: str, timeout: float | None, *, query: bool) -> tuple[str, bytes]:
        """POST one SPARQL request; (content type, body). Raises QueryError when the server
        rejects the request (4xx), StoreError when it cannot be reached or fails, _Timeout
        when `timeout` seconds pass before the whole answer has arrived."""
        request = urllib.request.Request(
            url,
            data=text.encode("utf-8"),
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": _ACCEPT if query else "*/*"},
            method="POST",
        )
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                chunks = []
                while chunk := response.read(_CHUNK):
                    chunks.append(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise _Timeout
                return response.headers.get("Content-Type", ""), b"".join(chunks)
        except urllib.error.HTTPError as exc:
            message = first_line_of(exc.read()) or exc.reason
            if 400 <= exc.code < 500:
                raise QueryError(f"the endpoint rejected the request: {message}") from exc
            raise StoreError(f"SPARQL endpoint {url} failed with HTTP {exc.code}: {message}; check the server") from exc
        except TimeoutError as exc:
            raise _Timeout from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Timeout from exc
            raise StoreError(
                f"cannot reach SPARQL endpoint {url} ({exc.reason}); start the server or fix --store / --query-endpoint"
            ) from exc
        except (ConnectionError, OSError) as exc:
            raise StoreError(f"connection to SPARQL endpoint {url} failed ({exc}); check the server") from exc


def first_line_of(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:300] if text else ""


def _parse_answer(content_type: str, body: bytes) -> rdflib.query.Result:
    try:
        return _parse_body(content_type, body)
    except SyntaxError as exc:
        # Oxigraph's server streams rows and, when its own --timeout-s strikes, ends the body
        # with a plain-text note instead of the rest of the JSON.
        tail = body[-200:].decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "cancelled" in tail[0].lower() or "timeout" in tail[0].lower():
            raise QueryError(
                f"the SPARQL server stopped the query at its own time limit ({tail[0][-80:]}); "
                "narrow the query (LIMIT, more specific patterns) or raise the server's limit "
                "(oxigraph serve --timeout-s)"
            ) from None
        raise StoreError(
            f"the SPARQL endpoint sent an answer that is cut off or malformed ({exc}); check the server"
        ) from None


def _parse_body(content_type: str, body: bytes) -> rdflib.query.Result:
    media = content_type.split(";")[0].strip().lower()
    results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    if results_format is not None:
        return ox_result_to_rdflib(ox.parse_query_results(body, format=results_format))
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None:
        raise StoreError(f"the SPARQL endpoint answered with unknown content type '{content_type}'; check the server")
    from rdflib import Graph
    from rdflib.query import Result

    result = Result("CONSTRUCT")
    graph = Graph()
    for quad in ox.parse(body, format=rdf_format):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    result.graph = graph
    return result
