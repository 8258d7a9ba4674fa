"""The web app behind `kg serve`: server-rendered pages over one store, read-only.

Routes: / (overview), /articles, /speakers, /actor/{type}/{name}, /article/{id}, /search?q=,
/graph (the interactive page), /sparql (SPARQL 1.1 Protocol). Every list answers as CSV or
JSON with ?format=csv|json. Nothing is fetched from elsewhere: the style is in the page.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from kg.isolated import DEFAULT_MEMORY_GB
from kg.serve.index import Index, build_index
from kg.serve.isolated import DEFAULT_MAX_ROWS, Limits, address_of
from kg.serve.sparql import sparql_endpoint

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["PAGE_ROWS", "create_app"]

PAGE_ROWS = 200

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters["actor_url"] = lambda row: f"/actor/{quote(row['type'])}/{quote(row['name'], safe='')}"
TEMPLATES.env.filters["article_url"] = lambda article_id: f"/article/{quote(article_id, safe='')}"


def create_app(
    store: Store,
    timeout: float = 30.0,
    index: Index | None = None,
    memory_gb: float = DEFAULT_MEMORY_GB,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Starlette:
    """The app for an open store (read-only is enough). The snapshot of the store is built
    here, before the first request, unless one is given. A /sparql query runs in a child
    process that opens the store again, stopped after `timeout` s, `memory_gb` GB of memory
    or `max_rows` rows (kg.serve.isolated)."""
    app = Starlette(
        routes=[
            Route("/", overview),
            Route("/articles", articles),
            Route("/speakers", speakers),
            Route("/actor/{type}/{name:path}", actor),
            Route("/article/{article_id:path}", article),
            Route("/search", search),
            Route("/graph", graph),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        ]
    )
    app.state.store = store
    app.state.timeout = timeout
    app.state.address = address_of(store)
    app.state.limits = Limits(timeout=timeout, memory_gb=memory_gb, max_rows=max_rows)
    app.state.index = index if index is not None else build_index(store)
    return app


def _index(request: Request) -> Index:
    return request.app.state.index  # type: ignore[no-any-return]


def _page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def _list_or_page(request: Request, rows: list[dict[str, Any]], template: str, **context: Any) -> Response:
    """The rows as CSV or JSON when ?format= asks, else the HTML page."""
    fmt = request.query_params.get("format")
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False, indent=1), media_type="application/json")
    if fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
    # The page shows PAGE_ROWS rows at a time (thousands of table rows are slow to render and
    # to read); the downloads above always hold the whole list.
    try:
        number = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        number = 1
    first = (number - 1) * PAGE_ROWS
    pages = {
        "total": len(rows),
        "first": first + 1,
        "last": min(first + PAGE_ROWS, len(rows)),
        "previous": _with_page(request, number - 1) if number > 1 else "",
        "next": _with_page(request, number + 1) if first + PAGE_ROWS < len(rows) else "",
    }
    return _page(request, template, rows=rows[first : first + PAGE_ROWS], pages=pages, **context)


def _with_page(request: Request, number: int) -> str:
    params = dict(request.query_params)
    params["page"] = str(number)
    return "?" + urlencode(params)


async def overview(request: Request) -> Response:
    index = _index(request)
    return _page(
        request, "overview.html", counts=index.counts, speakers=index.speakers()[:25], articles=index.articles[:25]
    )


async def articles(request: Request) -> Response:
    return _list_or_page(request, _index(request).articles, "articles.html")


async def speakers(request: Request) -> Response:
    return _list_or_page(request, _index(request).speakers(), "speakers.html")


async def actor(request: Request) -> Response:
    index = _index(request)
    key = (request.path_params["type"], request.path_params["name"])
    number = index.actor_of.get(key)
    if number is None:
        return _page(request, "missing.html", status=404, what=f"No statements by or about {key[1]} ({key[0]}).")
    data = index.data["actors"][number]
    said = [index.statement_row(i) for i in index.said.get(number, [])]
    view = request.query_params.get("list", "statements")
    if view == "about":
        return _list_or_page(
            request,
            [index.statement_row(i) for i in index.about.get(number, [])],
            "actor.html",
            actor=data,
            talks_about=[],
            statistics=[],
            view=view,
        )
    if view == "talks-about":
        return _list_or_page(
            request, index.talks_about(number), "actor.html", actor=data, talks_about=[], statistics=[], view=view
        )
    statistics = [
        dict(s, statement=index.statement_row(i)["text"])
        for i in index.said.get(number, [])
        for s in index.statistics.get(i, [])
    ]
    return _list_or_page(
        request,
        said,
        "actor.html",
        actor=data,
        talks_about=index.talks_about(number),
        statistics=statistics,
        about=len(index.about.get(number, [])),
        view=view,
    )


async def article(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from kg.serve.article_view import article_view

    article_id = request.path_params["article_id"]
    index = _index(request)
    view = await run_in_threadpool(article_view, request.app.state.store, article_id, index)
    if view is None:
        return _page(request, "missing.html", status=404, what=f"No article '{article_id}' in the store.")
    return _list_or_page(request, view.statements, "article.html", view=view)


async def search(request: Request) -> Response:
    q = request.query_params.get("q", "")
    found_actors, found_statements = _index(request).search(q)
    if request.query_params.get("list") == "statements":
        return _list_or_page(
            request, found_statements, "search.html", q=q, actors=found_actors, statements=found_statements
        )
    return _list_or_page(request, found_actors, "search.html", q=q, actors=found_actors, statements=found_statements)


async def graph(request: Request) -> Response:
    return HTMLResponse(_index(request).page)
