"""A read-only SPARQL 1.1 Protocol endpoint over the store (GET and POST at /sparql).

The query goes through the same checks as `kg query` (kg.queries.prepare: no updates, no
SERVICE, syntax); an update is refused with 403 whether it comes as `update=` or disguised
as `query=`. Like `kg query`, it runs in a child process with a deadline, a memory limit and
a row limit (kg.serve.isolated), so a hostile query cannot exhaust the server. Results:
SPARQL JSON, XML, CSV or TSV, chosen by the `format` parameter or the Accept header (JSON
when neither says); graphs (CONSTRUCT, DESCRIBE) as Turtle or N-Triples.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["RESULT_TYPES", "sparql_endpoint"]

# format name -> (media type, rdflib result serializer or None for our TSV)
RESULT_TYPES = {
    "json": ("application/sparql-results+json", "json"),
    "xml": ("application/sparql-results+xml", "xml"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", None),
}
GRAPH_TYPES = {"turtle": ("text/turtle", "turtle"), "ntriples": ("application/n-triples", "nt")}
_FORM = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>SPARQL</title></head><body style="font-family:system-ui,sans-serif;margin:1.5em">
<p><a href="/">Overview</a></p><h1>SPARQL (read-only)</h1>
<form method="post" action="/sparql"><textarea name="query" rows="12" cols="90">PREFIX schema: &lt;https://schema.org/&gt;
SELECT ?name WHERE { GRAPH ?g { ?actor a schema:Person ; schema:name ?name } } LIMIT 20</textarea><br>
<select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option></select>
<button>Run</button></form>
<p>Tools such as YASGUI can use this address as their endpoint (GET or POST, SPARQL 1.1 Protocol).</p>
</body></html>"""
_MAX_BODY = 1_000_000  # bytes; a query longer than this is not a query someone typed


async def sparql_endpoint(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.multi_items()}
    if request.method == "POST":
        body = await request.body()
        if len(body) > _MAX_BODY:
            return _error(413, f"request body over {_MAX_BODY} bytes")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return _error(403, "this endpoint is read-only: SPARQL UPDATE is refused")
        if media == "application/sparql-query":
            params["query"] = body.decode("utf-8", errors="replace")
        elif media == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            params.update({k: v[0] for k, v in form.items()})
        else:
            return _error(415, "POST the query as application/sparql-query or a form field 'query'")
    if "update" in params:
        return _error(403, "this endpoint is read-only: SPARQL UPDATE is refused")
    query = params.get("query")
    if not query and "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(_FORM)
    if not query:
        return _error(400, "give a SPARQL query: /sparql?query=SELECT ... (URL-encoded), or POST it")
    app = request.app.state
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_answer, app, query, params.get("format"), request.headers.get("accept", ""))


def _answer(state: Any, query: str, fmt: str | None, accept: str) -> Response:
    from starlette.background import BackgroundTask
    from starlette.responses import FileResponse

    from kg.serve.isolated import run_in_child

    if state.address is None:  # a memory: store lives only in this process
        return _answer_here(state.store, query, fmt, accept, state.limits.timeout)
    outcome = run_in_child(state.address, query, fmt, accept, state.limits)
    if outcome.path is None:
        return _error(outcome.status, outcome.message)
    return FileResponse(outcome.path, media_type=outcome.media, background=BackgroundTask(os.unlink, outcome.path))


def _answer_here(store: Store, query: str, fmt: str | None, accept: str, timeout: float) -> Response:
    from kg.errors import KGError, QueryError
    from kg.queries import NamedQuery, prepare

    try:
        named = NamedQuery(name="query", description="", params=(), text=query)
        text, bindings = prepare(named, {}, allow_service=False)
    except QueryError as exc:
        return _error(403 if "SPARQL UPDATE" in str(exc) else 400, str(exc))
    try:
        result = store.query(text, bindings=bindings or None, timeout=timeout)
    except KGError as exc:
        return _error(400 if isinstance(exc, QueryError) else 500, str(exc))
    media, body = serialize(result, fmt, accept)
    return Response(body, media_type=media)


def serialize(result: Any, fmt: str | None, accept: str) -> tuple[str, bytes]:
    """(media type, body) of a query answer in the format asked for."""
    if str(result.type).upper() in ("CONSTRUCT", "DESCRIBE") and result.graph is not None:
        name = fmt if fmt in GRAPH_TYPES else ("ntriples" if "n-triples" in accept else "turtle")
        media, rdflib_format = GRAPH_TYPES[name]
        return media, result.graph.serialize(format=rdflib_format, encoding="utf-8")
    name = fmt if fmt in RESULT_TYPES else _negotiate(accept)
    media, serializer = RESULT_TYPES[name]
    body = _tsv(result) if serializer is None else result.serialize(format=serializer)
    return media, body if isinstance(body, bytes) else str(body).encode("utf-8")


def _negotiate(accept: str) -> str:
    accept = accept.lower()
    for name, (media, _) in RESULT_TYPES.items():
        if media in accept:
            return name
    return "json"  # also for application/json and */*


def _tsv(result: Any) -> bytes:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in their Turtle/N-Triples form."""
    if str(result.type).upper() == "ASK":
        return b"?_askResult\n" + (b"true\n" if result.askAnswer else b"false\n")
    names = [str(v) for v in result.vars]
    lines = ["\t".join("?" + n for n in names)]
    for row in result:
        lines.append("\t".join("" if row[i] is None else row[i].n3() for i in range(len(names))))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)
