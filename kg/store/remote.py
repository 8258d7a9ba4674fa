"""A SPARQL 1.1 endpoint over HTTP (Oxigraph server conventions: <base>/query, <base>/update,
<base>/store for the Graph Store Protocol).

Uses only the standard library (urllib) and pyoxigraph's parsers for the answers, so any
SPARQL 1.1 Protocol server works (Oxigraph, Fuseki, GraphDB, Virtuoso, QLever) once
--query-endpoint / --update-endpoint point at it. put_article sends ONE update request; it
is all or nothing when the server runs a request as one transaction (Oxigraph and Fuseki
TDB2 do). Many processes may use one server at once: the server serialises the writes.

Bulk writes (put_articles, from `kg ingest` and `kg load`) send each article as ONE Graph
Store Protocol `PUT <base>/store?graph=<g>` with an N-Triples body: the server parses no
SPARQL and replaces the graph in one transaction; a server without the protocol gets the
SPARQL update instead. Every request has a connect and read timeout (KG_REMOTE_TIMEOUT,
default 60 s), and writes are retried a bounded number of times on transient failures
(refused or reset connections, timeouts, HTTP 502/503/504): PUT is idempotent, so a retry
never stores an article twice.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.query import ResultRow

from kg.errors import QueryError, StoreError
from kg.store.base import SerializedArticle, Store, bind_prefixes, is_article_graph
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
TIMEOUT_ENV = "KG_REMOTE_TIMEOUT"
_RETRY_WAITS = (0.5, 2.0)  # seconds before the 2nd and 3rd try of a write; then give up
_TRANSIENT_HTTP = (502, 503, 504)


def request_timeout() -> float:
    """Seconds a request may wait to connect, or between two reads of the answer."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else 60.0
    except ValueError:
        raise StoreError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds; set it to e.g. 60") from None
    if value <= 0:
        raise StoreError(f"{TIMEOUT_ENV} must be a positive number of seconds, not {raw}")
    return value


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
        # The Graph Store Protocol endpoint is only guessed for an Oxigraph-style base URL.
        self.store_endpoint: str | None = None if update_endpoint else f"{base}/store"
        self.timeout = request_timeout()
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

    # Each PUT is its own transaction: the writer commits (and reports) article by article.
    batch_articles = 1

    def put_articles(self, articles: Sequence[SerializedArticle]) -> None:
        for article in articles:
            self._check_writable(f"store {article.graph_iri}")
            self._with_retries(article.graph_iri, lambda a=article: self._put_one(a))

    def _put_one(self, article: SerializedArticle) -> None:
        if self.store_endpoint and not article.replaces:
            url = f"{self.store_endpoint}?{urllib.parse.urlencode({'graph': article.graph_iri})}"
            try:
                self._send("PUT", url, article.ntriples, "application/n-triples", self.timeout)
                return
            except QueryError:  # 4xx: no Graph Store Protocol here; use SPARQL Update from now on
                self.store_endpoint = None
        from rdflib import URIRef

        names = [graph_name_text(URIRef(g)) for g in (*article.replaces, article.graph_iri)]
        drops = "".join(f"DROP SILENT GRAPH {n} ;\n" for n in names)
        update = f"{drops}INSERT DATA {{ GRAPH {names[-1]} {{\n{article.ntriples.decode('utf-8')}}} }}"
        self._update(update)

    def _with_retries(self, what: str, write: Any) -> None:
        for attempt, wait in enumerate((*_RETRY_WAITS, None)):
            try:
                write()
                return
            except _Transient as exc:
                if wait is None:
                    raise StoreError(
                        f"writing {what} to {self.spec} failed {attempt + 1} times ({exc}); "
                        f"that article may or may not be stored"
                    ) from None
                time.sleep(wait)

    def delete_article(self, graph_iri: URIRef) -> bool:
        self._check_writable(f"delete {graph_iri}")
        name = graph_name_text(graph_iri)
        existed = bool(self.query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}").askAnswer)
        self._update(f"DROP SILENT GRAPH {name}")
        return existed

    def _update(self, update: str) -> None:
        try:
            self._send("POST", self.update_endpoint, update.encode("utf-8"), "application/sparql-update", self.timeout)
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
        union: bool = False,
        max_rows: int | None = None,
    ) -> rdflib.query.Result:
        self._check_open()
        if timeout is not None and timeout <= 0:
            raise QueryError(f"timeout must be a positive number of seconds, not {timeout:g}; fix --timeout")
        text = substitute(sparql, bindings)
        if max_rows is not None:  # read only the first rows of the response (kg.store.remote_stream)
            from kg.store.remote_stream import first_rows

            url = _with_union_option(self.query_endpoint) if union else self.query_endpoint
            wait = self.timeout if timeout is None else min(timeout, self.timeout)
            first = first_rows(url, text, wait, max_rows, timeout)
            if first is not None:
                return first
        try:
            # Oxigraph's protocol option; other servers need their own union setting (e.g.
            # Fuseki's tdb2:unionDefaultGraph), since SPARQL 1.1 has no standard one.
            url = _with_union_option(self.query_endpoint) if union else self.query_endpoint
            content_type, body = self._post(url, text, "application/sparql-query", timeout, query=True)
        except QueryError as exc:
            raise QueryError(f"{exc}; fix the query") from exc
        except _Timeout:
            raise QueryError(timeout_message(timeout or 0)) from None
        return _parse_answer(content_type, body)

    def stream_rows(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> tuple[list[str], Iterator[list[Node | None]]] | None:
        """The answer parsed as the HTTP response arrives (kg.store.remote_stream)."""
        from kg.store.remote_stream import stream_rows

        self._check_open()
        url = _with_union_option(self.query_endpoint) if union else self.query_endpoint
        return stream_rows(url, substitute(sparql, bindings), self.timeout)

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
        """POST one SPARQL query (see _send); a transient failure is a StoreError here: a
        query is not retried."""
        try:
            return self._send("POST", url, text.encode("utf-8"), content_type, timeout, query=query)
        except _Transient as exc:
            if exc.timed_out:
                raise _Timeout from None
            raise StoreError(f"{exc}; start the server or fix --store / --query-endpoint") from None

    def _send(
        self, method: str, url: str, body: bytes, content_type: str, timeout: float | None, *, query: bool = False
    ) -> tuple[str, bytes]:
        """One HTTP request; (content type, body). Raises QueryError when the server rejects
        the request (4xx), StoreError when it fails for good, _Transient for what a retry may
        cure (no answer within the timeout, connection refused or reset, HTTP 502/503/504).
        `timeout` bounds the whole answer; every socket wait is bounded by self.timeout."""
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": _ACCEPT if query else "*/*"},
            method=method,
        )
        socket_timeout = min(timeout, self.timeout) if timeout is not None else self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=socket_timeout) as response:
                chunks = []
                while chunk := response.read(_CHUNK):
                    chunks.append(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise _Transient(f"{url} did not answer within {timeout:g} s", timed_out=True)
                return response.headers.get("Content-Type", ""), b"".join(chunks)
        except urllib.error.HTTPError as exc:
            message = first_line_of(exc.read()) or exc.reason
            if 400 <= exc.code < 500:
                raise QueryError(f"the endpoint rejected the request: {message}") from exc
            if exc.code in _TRANSIENT_HTTP:
                raise _Transient(f"{url} answered HTTP {exc.code}: {message}") from exc
            raise StoreError(f"SPARQL endpoint {url} failed with HTTP {exc.code}: {message}; check the server") from exc
        except TimeoutError as exc:
            raise _Transient(f"{url} did not answer within {socket_timeout:g} s", timed_out=True) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Transient(f"{url} did not answer within {socket_timeout:g} s", timed_out=True) from exc
            if isinstance(exc.reason, ConnectionError):
                raise _Transient(f"cannot reach SPARQL endpoint {url} ({exc.reason})") from exc
            raise StoreError(
                f"cannot reach SPARQL endpoint {url} ({exc.reason}); start the server or fix --store / --query-endpoint"
            ) from exc
        except (ConnectionError, OSError) as exc:
            raise _Transient(f"connection to {url} failed ({exc})") from exc


class _Transient(Exception):
    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


def _with_union_option(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}union-default-graph"


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
