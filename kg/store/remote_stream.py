"""A remote store's answer read as it arrives (issue 14.8): SELECT rows or CONSTRUCT/DESCRIBE
triples parsed from the HTTP response one at a time by pyoxigraph's streaming parsers, never
the whole body in memory (SparqlStore.query reads the body whole, then converts it).

Every socket wait is bounded by the store's request timeout; `kg query`, the caller, also
stops the whole run at its --timeout (it runs in a child process, kg.isolated). A body that
ends early is an error, worded like SparqlStore.query's (Oxigraph's server ends the body
with a note when its own --timeout-s strikes).
"""

from __future__ import annotations

import io
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.query import Result

from kg.errors import QueryError, StoreError
from kg.store.deadline import timeout_message
from kg.store.terms import from_ox

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["first_rows", "stream_rows"]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_TAIL = 256
Rows = Generator[list["Node | None"], None, None]  # bytes of the body kept to word an answer that ends early


def stream_rows(url: str, text: str, socket_timeout: float) -> tuple[list[str], Iterator[list[Node | None]]] | None:
    """(columns, rows) of the answer to query `text` posted to `url`: a SELECT's variables and
    solutions, or subject/predicate/object and the triples of a CONSTRUCT/DESCRIBE, parsed as
    the body arrives; None for an ASK (nothing worth streaming)."""
    opened = _open_rows(url, text, socket_timeout)
    return None if opened is None else opened[1:]


def first_rows(url: str, text: str, socket_timeout: float, max_rows: int, timeout: float | None) -> Result | None:
    """The answer as SparqlStore.query gives it, with at most `max_rows` rows (or distinct
    triples): the rest of the response is never read. None for an ASK."""
    from rdflib import Graph, Variable

    opened = _open_rows(url, text, socket_timeout)
    if opened is None:
        return None
    kind, columns, rows = opened
    deadline = None if timeout is None else time.monotonic() + timeout
    out = Result(kind)
    graph = Graph()
    bindings: list[Any] = []
    try:
        for row in rows:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryError(timeout_message(timeout or 0))
            if kind == "SELECT":
                if len(bindings) >= max_rows:
                    break
                bindings.append({Variable(c): term for c, term in zip(columns, row, strict=True) if term is not None})
            else:
                if len(graph) >= max_rows:
                    break
                graph.add(tuple(row))  # type: ignore[arg-type]
    finally:
        rows.close()  # closes the response
    if kind == "SELECT":
        out.vars = [Variable(c) for c in columns]
        out.bindings = bindings
    else:
        out.graph = graph
    return out


def _open_rows(url: str, text: str, socket_timeout: float) -> tuple[str, list[str], Rows] | None:
    request = urllib.request.Request(
        url,
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT},
        method="POST",
    )
    with _Reading(url, socket_timeout):
        response = urllib.request.urlopen(request, timeout=socket_timeout)  # closed with the rows
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = _TailKeeping(response)
    stream = io.BufferedReader(body)
    results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    rdf_format = ox.RdfFormat.from_media_type(media) if media and results_format is None else None
    try:
        if results_format is not None:
            with _Reading(url, socket_timeout, body):
                answer = ox.parse_query_results(stream, format=results_format)
            if not isinstance(answer, ox.QuerySolutions):
                response.close()
                return None
            columns = [v.value for v in answer.variables]
            solutions = ([s[name] for name in columns] for s in answer)
            return "SELECT", columns, _rows(solutions, response, url, socket_timeout, body)
        if rdf_format is not None:
            triples = ([q.subject, q.predicate, q.object] for q in ox.parse(stream, format=rdf_format))
            return "CONSTRUCT", ["subject", "predicate", "object"], _rows(triples, response, url, socket_timeout, body)
    except BaseException:
        response.close()
        raise
    response.close()
    raise StoreError(f"the SPARQL endpoint answered with unknown content type '{media}'; check the server")


def _rows(
    terms: Iterator[list[Any]], response: Any, url: str, socket_timeout: float, body: _TailKeeping
) -> Rows:
    try:
        with _Reading(url, socket_timeout, body):
            for row in terms:
                yield [None if term is None else from_ox(term) for term in row]
    finally:
        response.close()


class _Reading:
    """Turns what can go wrong while asking or reading into kg's one-line errors."""

    def __init__(self, url: str, socket_timeout: float, body: _TailKeeping | None = None) -> None:
        self.url, self.socket_timeout, self.body = url, socket_timeout, body

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc is None or isinstance(exc, (QueryError, StoreError)):
            return
        url, wait = self.url, self.socket_timeout
        if isinstance(exc, urllib.error.HTTPError):
            message = exc.read().decode("utf-8", "replace").strip().split("\n")[0][:300] or exc.reason
            if 400 <= exc.code < 500:
                raise QueryError(f"the endpoint rejected the request: {message}; fix the query") from None
            raise StoreError(f"SPARQL endpoint {url} failed with HTTP {exc.code}: {message}; check the server") from exc
        if isinstance(exc, SyntaxError):
            tail = self.body.tail() if self.body is not None else ""
            if "cancelled" in tail.lower() or "timeout" in tail.lower():
                raise QueryError(
                    f"the SPARQL server stopped the query at its own time limit ({tail[-80:]}); narrow the "
                    "query (LIMIT, more specific patterns) or raise the server's limit (oxigraph serve --timeout-s)"
                ) from None
            raise StoreError(
                f"the SPARQL endpoint sent an answer that is cut off or malformed ({exc}); check the server"
            ) from None
        timed_out = isinstance(exc, (TimeoutError, socket.timeout)) or isinstance(
            getattr(exc, "reason", None), (TimeoutError, socket.timeout)
        )
        if timed_out:
            raise StoreError(f"{url} did not send its answer within {wait:g} s; check the server") from None
        if isinstance(exc, OSError):
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"cannot read from SPARQL endpoint {url} ({reason}); start the server or fix --store / --query-endpoint"
            ) from None


class _TailKeeping(io.RawIOBase):
    """The response body as a raw stream for pyoxigraph, keeping its last bytes."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.last = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count: int = self.response.readinto(buffer)
        self.last = (self.last + bytes(buffer[:count]))[-_TAIL:]
        return count

    def tail(self) -> str:
        lines = self.last.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""
