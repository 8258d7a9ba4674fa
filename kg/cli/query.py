"""`kg query`, `kg queries`, `kg export`, `kg stats`, `kg validate`: reading the store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from kg.choices import ExportFormat, ResultFormat
from kg.cli.app import app
from kg.cli.options import (
    QueryEndpointOpt,
    StoreOpt,
    UpdateEndpointOpt,
    fail,
    friendly_errors,
    opened_store,
    usage_error,
    write_or_print,
)
from kg.isolated import DEFAULT_MEMORY_GB

MAX_VIOLATIONS_SHOWN = 25
TABLE_ROWS = 1000  # a table is for people: more rows are cut, with a note saying how to see them



@app.command()
@friendly_errors
def query(
    query_ref: Annotated[
        str, typer.Argument(metavar="NAME|FILE.rq|SPARQL", help="A named query, a .rq file or SPARQL text.")
    ],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value, bound safely; repeatable.")
    ] = None,
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="A table for people, CSV, or SPARQL 1.1 JSON results.")
    ] = ResultFormat.table,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help="Stop the query (and the writing of its rows) after this many seconds "
            "(default: the query's own `# timeout:`, else 30).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help=f"Show at most N rows, 0 for all (default: {TABLE_ROWS} in a table, all in csv and json).",
            show_default=False,
        ),
    ] = None,
    max_memory: Annotated[
        float, typer.Option("--max-memory", help="Stop the query if it needs more than this many GB of memory.")
    ] = DEFAULT_MEMORY_GB,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Allow SERVICE (federated calls to other endpoints).")
    ] = False,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Run a read-only SPARQL query (named, from a file, or inline). Patterns outside GRAPH
    see every article (the default graph is their union); GRAPH ?g gives each article's graph."""
    from kg.isolated import run_isolated
    from kg.queries import DEFAULT_TIMEOUT, format_result, load_query, run_query, write_streamed
    from kg.store.deadline import timeout_message

    params = _parse_params(param or [])
    named = load_query(query_ref)
    seconds = timeout if timeout is not None else named.timeout or DEFAULT_TIMEOUT
    if limit is not None and limit < 0:
        fail(f"--limit must be 0 (all rows) or more, not {limit}")
    rows = limit if limit is not None else (TABLE_ROWS if fmt == ResultFormat.table else 0)

    def answer(out: IO[bytes]) -> None:
        # In a forked child with a memory limit; the parent stops it at --timeout (kg.isolated).
        with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
            # every row of a csv/json answer: streamed where the store can (nothing held)
            if not rows and write_streamed(st, named, params, fmt.value, out, allow_service=allow_service):
                return
            result = run_query(st, named, params, allow_service=allow_service, timeout=seconds,
                               max_rows=rows or None)
        out.write(format_result(result, fmt.value).encode("utf-8") + b"\n")

    written = run_isolated(answer, timeout=seconds, memory_gb=max_memory, timeout_message=timeout_message)
    with written:
        _copy_out(written)


def _copy_out(source: IO[bytes]) -> None:
    """The child's output to stdout, in chunks (a large CSV is never one string here)."""
    target = getattr(sys.stdout, "buffer", None)
    if target is None:  # a text-only stdout (some test runners)
        typer.echo(source.read().decode("utf-8"), nl=False)
        return
    sys.stdout.flush()
    shutil.copyfileobj(source, target)
    target.flush()


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            fail(f"--param '{pair}' is not name=value")
        params[name.strip()] = value
    return params


@app.command()
@friendly_errors
def queries() -> None:
    """List the named queries with their descriptions and parameters."""
    from kg.queries import list_queries

    for named in list_queries():
        typer.echo(f"{named.name}: {named.description}")
        for p in named.params:
            need = "required" if p.required else "optional"
            typer.echo(f"    --param {p.name}=...  ({need}) {p.description}")


@app.command()
@friendly_errors
def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="The RDF format (default: from -o's extension, else trig).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Export the store (turtle and ntriples merge the article graphs; the others keep them).
    `kg load` reads every format back."""
    from kg.fileformats import EXPORT_SUFFIXES, FormatMismatch, output_format

    try:
        chosen = output_format(fmt.value if fmt else None, output, EXPORT_SUFFIXES, default="trig")
    except FormatMismatch as exc:
        usage_error(str(exc))
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        data = st.serialize(chosen)
    write_or_print(data.decode("utf-8"), output)


@app.command()
@friendly_errors
def stats(
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Count articles, actors, statements and statistics in the store."""
    from kg.operations import store_stats
    from kg.tables import format_table

    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        counts = store_stats(st)
    typer.echo(format_table(["count", "value"], [[key, str(value)] for key, value in counts.items()], borders=False))


@app.command()
@friendly_errors
def validate(
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Check the store against the SHACL shapes; exit 1 and list violations if any."""
    from kg.validate import format_violations, validate_graph

    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        graphs = st.article_graphs()
        failures: list[str] = []
        for graph_iri in graphs:
            report = validate_graph(st.get_graph(graph_iri))
            failures += format_violations(report)
    if failures:
        shown = failures[:MAX_VIOLATIONS_SHOWN]
        for line in shown:
            typer.echo(line, err=True)
        if len(failures) > len(shown):
            typer.echo(f"... and {len(failures) - len(shown)} more", err=True)
        fail(f"{len(failures)} SHACL violation(s) in {len(graphs)} article(s)")
    typer.echo(f"{len(graphs)} article(s) conform to the shapes")
