"""`kg graph`, `kg serve`, `kg analyze`: the who-said-what network as pictures, files, a web app, figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.choices import ActorSort, GraphFormat, GraphKind, Level
from kg.cli.app import app
from kg.cli.options import (
    QueryEndpointOpt,
    StoreOpt,
    UpdateEndpointOpt,
    fail,
    friendly_errors,
    opened_store,
    usage_error,
)

LevelOpt = Annotated[
    Level, typer.Option("--level", help="actor: merge actors by name and type | entity: by corpus-level entity.")
]


@app.command()
@friendly_errors
def graph(
    kind: Annotated[
        GraphKind, typer.Argument(help="Statements with their speakers and actors, or the actors only.")
    ] = GraphKind.who_said_what,
    fmt: Annotated[
        GraphFormat | None,
        typer.Option("--format", "-f", help="The file to write (default: -o's extension, else png)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: KIND.FORMAT).")] = None,
    article: Annotated[
        list[str] | None,
        typer.Option(
            "--article", help="Only the statements of this article (id, its start, source path or URL); repeatable."
        ),
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only the network around this actor (name or a unique part).")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, help="With --entity: how many steps out from the actor.")] = 1,
    level: LevelOpt = Level.actor,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Draw the who-said-what network (png, svg, an interactive html page) or write it for Gephi and NetworkX."""
    from kg.analysis import actor_network_of, ego_network, only_articles, who_said_what_graph
    from kg.fileformats import GRAPH_SUFFIXES, FormatMismatch, output_format
    from kg.graph_files import write_graph

    try:
        chosen = output_format(fmt.value if fmt else None, output, GRAPH_SUFFIXES, "png", name_must_tell=True)
    except FormatMismatch as exc:
        usage_error(str(exc))
    path = output or Path(kind.value + GRAPH_SUFFIXES[chosen][0])  # no -o: KIND.FORMAT
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        network = who_said_what_graph(st, level.value)
        if article:
            from kg.articles import resolve_article  # an id, its start, a source path or URL

            network = only_articles(network, [resolve_article(st, ref).id for ref in article])
        if chosen == "html":
            from kg.serve.graph_page import write_graph_page

            if entity:
                network = ego_network(network, entity, depth)
            write_graph_page(
                network, st, path, title="Who said what" if kind is GraphKind.who_said_what else "Actor network"
            )
            typer.echo(f"wrote {path} ({network.number_of_nodes()} nodes)")
            return
    if kind is GraphKind.actor_network:
        network = actor_network_of(network)
    if entity:
        network = ego_network(network, entity, depth)
    path.parent.mkdir(parents=True, exist_ok=True)
    if chosen in ("png", "svg"):
        from kg.render import render_picture

        render_picture(network, path, title=kind.value, fmt=chosen)
    else:
        write_graph(network, path, chosen)
    typer.echo(f"wrote {path} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)")


@app.command()
@friendly_errors
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Stop a /sparql query after this many seconds.")] = 30.0,
    max_memory: Annotated[
        float, typer.Option("--max-memory", help="Stop a /sparql query that needs more than this many GB of memory.")
    ] = 4.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Refuse a /sparql answer of more rows (or triples) than this.")
    ] = 100_000,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Browse the store in a local web app: overview, speakers, articles, search, the graph and a /sparql endpoint."""
    try:
        import uvicorn

        from kg.serve.app import create_app
    except ImportError as exc:
        fail(f"kg serve needs the web app's packages ({exc.name} is missing); pip install 'kg-claims[serve]'")
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        typer.echo("kg: reading the store ...", err=True)
        if timeout <= 0 or max_memory <= 0:
            fail("--timeout and --max-memory must be positive numbers")
        application = create_app(st, timeout=timeout, memory_gb=max_memory, max_rows=max_rows)
        typer.echo(f"kg: serving on http://{host}:{port}/ (Ctrl+C stops)", err=True)
        uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
@friendly_errors
def analyze(
    top: Annotated[int, typer.Option("--top", help="Show this many actors.")] = 20,
    sort: Annotated[ActorSort, typer.Option("--sort", help="The column to rank the actors by.")] = ActorSort.statements,
    level: LevelOpt = Level.actor,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Print centrality and Louvain communities of actors in the who-said-what network (speaker -> actors)."""
    from kg.analysis import actor_network, centrality, communities
    from kg.tables import format_table

    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        net = actor_network(st, level.value)
    rows = centrality(st, net)
    groups = communities(st, net)
    # Stable sort: ties keep the library's order (PageRank, then statements, then name).
    rows = sorted(rows, key=lambda r: r.community if sort is ActorSort.community else -getattr(r, sort.value))[:top]
    betweenness = _distinct_decimals([r.betweenness for r in rows])
    pagerank = _distinct_decimals([r.pagerank for r in rows])
    table = format_table(
        ["actor", "statements", "degree", "betweenness", "pagerank", "community"],
        [
            [r.name, str(r.statements), str(r.degree), b, p, str(r.community)]
            for r, b, p in zip(rows, betweenness, pagerank, strict=True)
        ],
    )
    typer.echo(table)
    if groups:
        typer.echo(f"{len(groups)} Louvain communities (largest first):")
        for group in groups[:10]:
            names = ", ".join(group.members[:6]) + (" ..." if len(group.members) > 6 else "")
            typer.echo(f"  {group.number}: {len(group.members)} actors: {names}")


def _distinct_decimals(values: list[float]) -> list[str]:
    """The values with the fewest decimals (3 to 10) that keep different values different."""
    for places in range(3, 11):
        shown = [f"{v:.{places}f}" for v in values]
        if len(set(shown)) == len({round(v, 12) for v in values}):  # float noise is not a difference
            return shown
    return [f"{v:.3e}" for v in values]
