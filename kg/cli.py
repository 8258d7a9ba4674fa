"""The `kg` command line: a thin layer over the library.

Every command opens the store, calls one library function and prints. Errors the library
raises on purpose (kg.errors.KGError) become one line on stderr and exit code 1; usage
errors exit 2 (Typer/Click's convention). Set KG_DEBUG=1 to see tracebacks.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.ingest.run import Listener  # the printer below implements it; imported lazily for a fast --help

app = typer.Typer(
    name="kg",
    help="A claims knowledge graph for news: who said what, to whom, through whom, with which numbers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])

MAX_VIOLATIONS_SHOWN = 25

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        help="Store: a directory (embedded Oxigraph, default .kg/store), 'memory:', or http://host:port.",
        show_default=False,
    ),
]
QueryEndpointOpt = Annotated[
    str | None, typer.Option("--query-endpoint", help="SPARQL query URL of a remote store (default: <store>/query).")
]
UpdateEndpointOpt = Annotated[
    str | None, typer.Option("--update-endpoint", help="SPARQL update URL of a remote store (default: <store>/update).")
]


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """A claims knowledge graph for news: who said what, to whom, through whom, with which numbers."""


# Control characters (a newline in a file name, an escape sequence in a path) are shown
# escaped, so the error stays one line and cannot repaint the terminal.
_ONE_LINE = {code: repr(chr(code))[1:-1] for code in [*range(0x20), 0x7F] if code != 0x09}


def _fail(message: str) -> None:
    typer.echo(f"kg: {message.translate(_ONE_LINE)}", err=True)
    raise typer.Exit(code=1)


def friendly_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted; the store keeps every article that was completely written")
        except BrokenPipeError:
            sys.stderr.close()  # reader went away (e.g. `| head`): not an error worth a message
        except (typer.Exit, typer.Abort, SystemExit, typer.TyperException):
            raise  # usage errors (exit 2) are Click's to print
        except OSError as exc:  # writing an output file: full disk, no permission, ...
            if os.environ.get("KG_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; check the path and free space")
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            _fail(f"internal error ({type(exc).__name__}: {first}); rerun with KG_DEBUG=1 and report it")

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened_store(
    spec: str | None, query_endpoint: str | None = None, update_endpoint: str | None = None, read_only: bool = False
) -> Iterator[Any]:
    from kg.store import open_store

    store = open_store(spec, query_endpoint=query_endpoint, update_endpoint=update_endpoint, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text)
        return
    from kg.output import write_text

    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, text if text.endswith("\n") else text + "\n")  # whole file or nothing
    typer.echo(f"wrote {output}", err=True)


# ---------------------------------------------------------------- load, ingest, extract


@app.command()
@friendly_errors
def load(
    files: Annotated[
        list[Path],
        typer.Argument(help="ClaimSet files (.yaml, .json) or RDF from `kg export` (.trig, .ttl, .nq, .nt, .jsonld)."),
    ],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Validate curated ClaimSet (or exported RDF) files and store each article as its named graph.

    Every file is checked before the first write. N-Quads and TriG exports are checked in one
    streaming pass, article by article, then bulk-loaded (fast restore of a whole store)."""
    import tempfile

    from kg.ingest.restore import is_streamable_export
    from kg.operations import check_exports, read_claim_files, store_claimsets

    exports = [f for f in files if is_streamable_export(f)]
    claimsets = read_claim_files([f for f in files if not is_streamable_export(f)])
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        listing = Path(tmp) / "articles.tsv"
        if exports:
            check_exports(exports, listing)
        with opened_store(store, query_endpoint, update_endpoint) as st:
            # "stored" lines appear as each batch commits: if the store fails part way they
            # are exactly what it holds
            report = store_claimsets(st, claimsets, on_stored=lambda article_id: typer.echo(f"stored {article_id}"))
            if exports:
                st.bulk_load_articles(exports, listing, on_stored=lambda article_id: typer.echo(f"stored {article_id}"))
    _print_duplicates(report)


def _print_duplicates(report: Any) -> None:
    for article_id, twin in report.duplicates:
        typer.echo(f"skipped {article_id}: same text as stored article {twin}")


SkipBadOpt = Annotated[
    bool,
    typer.Option(
        "--skip-bad", help="Report unreadable files and URLs on stderr and go on (default: stop before any output)."
    ),
]
ArticlesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article files (.txt, .md, .html, .html.gz, .warc[.gz]), directories or http(s) URLs.", show_default=False
    ),
]
UrlsOpt = Annotated[
    Path | None,
    typer.Option("--urls", help="Also read the pages at the URLs in FILE (one a line; # starts a comment)."),
]


WorkersOpt = Annotated[
    int, typer.Option("--workers", min=1, help="Parse in this many processes (2 on 2 cores: ~1.7x on large batches).")
]


def _warn_bad_file(path: Path | str, exc: Exception) -> None:
    typer.echo(f"kg: skipped {exc}", err=True)


def _bad_input_handler(skip_bad: bool) -> Callable[[Path | str, Exception], None]:
    """Pages not in English are always reported and skipped; other bad input only with --skip-bad."""
    from kg.extract.readers import NotEnglishError

    def handle(path: Path | str, exc: Exception) -> None:
        if not skip_bad and not isinstance(exc, NotEnglishError):
            raise exc
        _warn_bad_file(path, exc)

    return handle


def _articles(paths: list[str] | None, urls: Path | None) -> list[str]:
    """What to read: the paths and URLs given, then the URLs listed in the --urls file."""
    from kg.extract.readers import read_urls_file

    articles = list(paths or [])
    if urls is not None:
        articles += read_urls_file(urls)
    if not articles:  # bad usage: exit code 2
        typer.echo("kg: give article files, directories or URLs, or --urls FILE", err=True)
        raise typer.Exit(code=2)
    return articles


@app.command()
@friendly_errors
def extract(
    paths: ArticlesArg = None,
    urls: UrlsOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | yaml")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    skip_bad: SkipBadOpt = False,
    workers: WorkersOpt = 1,
) -> None:
    """Extract actors, statements and statistics from articles (files, web pages, URLs) as ClaimSets
    (several articles: a JSON array, JSON Lines or YAML documents; `kg load` and `kg eval` read
    each back)."""
    from kg.claimfile import dump_claimset, dump_claimsets
    from kg.extract import extract_paths

    if fmt not in ("json", "jsonl", "yaml"):
        _fail(f"unknown format '{fmt}'; use json, jsonl or yaml")
    found = extract_paths(_articles(paths, urls), on_bad_file=_bad_input_handler(skip_bad), workers=workers)
    if fmt == "jsonl":  # one line per article as it is ready: a large corpus never sits in memory
        _write_lines((dump_claimset(claims, "jsonl") for _, claims in found), output)
        return
    results = [claims for _, claims in found]
    if not results:
        _fail("no article was extracted (every input was skipped)")
    # One article: one ClaimSet object. Several: a JSON array or YAML documents (kg load
    # and kg eval read both back).
    text = dump_claimset(results[0], fmt) if len(results) == 1 else dump_claimsets(results, fmt)
    _write_or_print(text, output)


def _write_lines(lines: Iterator[str], output: Path | None) -> None:
    if output is None:
        for line in lines:
            typer.echo(line)
        return
    from kg.output import open_output

    output.parent.mkdir(parents=True, exist_ok=True)
    with open_output(output) as handle:  # whole file or nothing
        for line in lines:
            handle.write(line + "\n")
    typer.echo(f"wrote {output}", err=True)


@app.command()
@friendly_errors
def ingest(
    paths: ArticlesArg = None,
    urls: UrlsOpt = None,
    skip_bad: SkipBadOpt = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Worker processes for parsing and mapping (default: the number of cores)."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no per-article lines; errors only.")
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Dask scheduler address (tcp://host:8786): its workers read, parse, map and write to --store, "
            "which must then be a SPARQL server (http://...).",
        ),
    ] = None,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Extract articles (files, web pages, URLs) and store them: workers parse and map, batched writes.

    Files already stored unchanged are skipped before parsing; a changed file replaces its
    earlier version. A progress bar on a terminal (plain lines otherwise), a summary at the end."""
    from kg.ingest import ingest as run_ingest

    articles = _articles(paths, urls)
    if cluster:
        from kg.ingest.cluster import ingest_on_cluster
        from kg.store import default_store_spec

        listener = _IngestPrinter(quiet)
        try:
            summary = ingest_on_cluster(
                cluster,
                store or default_store_spec(),
                articles,
                endpoints=(query_endpoint, update_endpoint),
                skip_bad=skip_bad,
                listener=cast("Listener", listener),
            )
        finally:
            listener.close()
        if not quiet:
            typer.echo(f"kg: {summary.line()}", err=True)
        return
    with opened_store(store, query_endpoint, update_endpoint) as st:
        listener = _IngestPrinter(quiet)
        try:
            summary = run_ingest(st, articles, workers=workers, skip_bad=skip_bad, listener=cast("Listener", listener))
        finally:
            listener.close()
    if not quiet:
        typer.echo(f"kg: {summary.line()}", err=True)


class _IngestPrinter:
    """Progress on stderr; on stdout one line per article when it is not a terminal (logs,
    scripts: the exact record of what was stored)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.lines = not quiet and not sys.stdout.isatty()
        self.progress: Any = None

    def started(self, total: int) -> None:
        from kg.ingest.progress import Progress

        mode = "quiet" if self.quiet else ("bar" if sys.stderr.isatty() else "lines")
        self.progress = Progress(total, mode)

    def stored(self, prepared: Any, replaced: bool) -> None:
        if self.lines:
            typer.echo(
                f"stored {prepared.article_id}" + (" (replacing the earlier version of its source)" if replaced else "")
            )
        self.progress.advance()

    def skipped(self, source: str, reason: str) -> None:
        if self.lines and reason != "unchanged":
            typer.echo(f"skipped {source}: {reason}")
        self.progress.advance()

    def bad_file(self, source: str, message: str) -> None:
        typer.echo(f"kg: skipped {message}", err=True)
        self.progress.advance()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()


@app.command()
@friendly_errors
def optimize(store: StoreOpt = None) -> None:
    """Flush and compact the embedded store (a bulk ingest does this at its end)."""
    from kg.store.embedded import directory_size

    with opened_store(store) as st:
        path = getattr(st, "path", None)
        if path is None:
            owner = "the server manages its own files" if st.backend == "sparql" else "an in-memory store has no files"
            typer.echo(f"kg: {st.spec}: {owner}; nothing to optimize", err=True)
            return
        before = directory_size(path)
        st.compact()
        after = directory_size(path)
    typer.echo(f"kg: optimized {path}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB", err=True)


@app.command()
@friendly_errors
def delete(
    article: Annotated[str, typer.Argument(help="Article id, id prefix, IRI, source path or URL.")],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Delete one article (its whole named graph)."""
    from kg.operations import delete_article

    with opened_store(store, query_endpoint, update_endpoint) as st:
        graph = delete_article(st, article)
    typer.echo(f"deleted {graph}")


# ---------------------------------------------------------------- query, queries, export


@app.command()
@friendly_errors
def query(
    query_ref: Annotated[
        str, typer.Argument(metavar="NAME|FILE.rq|SPARQL", help="A named query, a .rq file or SPARQL text.")
    ],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value, bound safely; repeatable.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json")] = "table",
    timeout: Annotated[float | None, typer.Option("--timeout", help="Stop the query after this many seconds.")] = 30.0,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Allow SERVICE (federated calls to other endpoints).")
    ] = False,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Run a read-only SPARQL query (named, from a file, or inline). Patterns outside GRAPH
    see every article (the default graph is their union); GRAPH ?g gives each article's graph."""
    from kg.queries import format_result, run_query

    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format '{fmt}'; use table, csv or json")
    params = _parse_params(param or [])
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        result = run_query(st, query_ref, params, allow_service=allow_service, timeout=timeout)
    typer.echo(format_result(result, fmt))


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            _fail(f"--param '{pair}' is not name=value")
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
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle | trig | nquads | ntriples | jsonld (default: from -o's extension, else trig)",
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
    from kg.operations import check_export_format

    if fmt is not None:
        check_export_format(fmt)
    try:
        fmt = output_format(fmt, output, EXPORT_SUFFIXES, default="trig")
    except FormatMismatch as exc:
        raise typer.BadParameter(str(exc), param_hint="'--format' / '--output'") from None
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        data = st.serialize(fmt)
    _write_or_print(data.decode("utf-8"), output)


@app.command()
@friendly_errors
def stats(
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Count articles, actors, statements and statistics in the store."""
    from kg.operations import store_stats

    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        counts = store_stats(st)
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        typer.echo(f"{key:<{width}}  {value}")


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
        _fail(f"{len(failures)} SHACL violation(s) in {len(graphs)} article(s)")
    typer.echo(f"{len(graphs)} article(s) conform to the shapes")


# ---------------------------------------------------------------- graph, analyze


@app.command()
@friendly_errors
def graph(
    kind: Annotated[str, typer.Argument(help="who-said-what | actor-network")] = "who-said-what",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="png | svg | html | graphml | gexf | json (default: -o's extension, else png)"
        ),
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
    level: Annotated[
        str, typer.Option("--level", help="actor: merge actors by name and type | entity: by corpus-level entity.")
    ] = "actor",
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Draw the who-said-what network (png, svg, an interactive html page) or write it for Gephi and NetworkX."""
    from kg.analysis import actor_network_of, ego_network, only_articles, who_said_what_graph
    from kg.graph_files import FormatMismatch, choose_output, write_graph

    kinds = ("who-said-what", "actor-network")
    if kind not in kinds:
        _fail(f"unknown graph '{kind}'; use {' or '.join(kinds)}")
    try:
        chosen, path = choose_output(kind, fmt, output)
    except FormatMismatch as exc:
        _usage_error(str(exc))
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        network = who_said_what_graph(st, level)
        if article:
            from kg.articles import resolve_article  # an id, its start, a source path or URL

            network = only_articles(network, [resolve_article(st, ref).id for ref in article])
        if chosen == "html":
            from kg.serve.graph_page import write_graph_page

            if entity:
                network = ego_network(network, entity, depth)
            write_graph_page(network, st, path, title="Who said what" if kind == "who-said-what" else "Actor network")
            typer.echo(f"wrote {path} ({network.number_of_nodes()} nodes)")
            return
    if kind == "actor-network":
        network = actor_network_of(network)
    if entity:
        network = ego_network(network, entity, depth)
    path.parent.mkdir(parents=True, exist_ok=True)
    if chosen in ("png", "svg"):
        from kg.render import render_picture

        render_picture(network, path, title=kind, fmt=chosen)
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
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Browse the store in a local web app: overview, speakers, articles, search, the graph and a /sparql endpoint."""
    try:
        import uvicorn

        from kg.serve.app import create_app
    except ImportError as exc:
        _fail(f"kg serve needs the web app's packages ({exc.name} is missing); pip install 'kg-claims[serve]'")
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        typer.echo("kg: reading the store ...", err=True)
        application = create_app(st, timeout=timeout)
        typer.echo(f"kg: serving on http://{host}:{port}/ (Ctrl+C stops)", err=True)
        uvicorn.run(application, host=host, port=port, log_level="warning")


def _usage_error(message: str) -> None:
    typer.echo(f"kg: {message}", err=True)
    raise typer.Exit(code=2)


@app.command()
@friendly_errors
def analyze(
    top: Annotated[int, typer.Option("--top", help="Show this many actors.")] = 20,
    sort: Annotated[
        str, typer.Option("--sort", help="statements | degree | betweenness | pagerank | community")
    ] = "statements",
    level: Annotated[
        str, typer.Option("--level", help="actor: merge actors by name and type | entity: by corpus-level entity.")
    ] = "actor",
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Print centrality and Louvain communities of actors in the who-said-what network (speaker -> actors)."""
    from kg.analysis import actor_network, centrality, communities

    sorts = ("statements", "degree", "betweenness", "pagerank", "community")
    if sort not in sorts:
        _fail(f"unknown --sort '{sort}'; use {', '.join(sorts)}")
    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        net = actor_network(st, level)
    rows = centrality(st, net)
    groups = communities(st, net)
    # Stable sort: ties keep the library's order (PageRank, then statements, then name).
    rows = sorted(rows, key=lambda r: r.community if sort == "community" else -getattr(r, sort))[:top]
    betweenness = _distinct_decimals([r.betweenness for r in rows])
    pagerank = _distinct_decimals([r.pagerank for r in rows])
    _print_table(
        ["actor", "statements", "degree", "betweenness", "pagerank", "community"],
        [
            [r.name, str(r.statements), str(r.degree), b, p, str(r.community)]
            for r, b, p in zip(rows, betweenness, pagerank, strict=True)
        ],
    )
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


def _print_table(columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*row)
    Console(width=max(100, min(200, _terminal_width()))).print(table)


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 140


# ---------------------------------------------------------------- eval, demo


@app.command(name="eval")
@friendly_errors
def eval_(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="A gold ClaimSet file, or a directory in brat format (PolNeAR split); default: the seed's gold.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N articles of a directory.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1, speaker accuracy."""
    import json

    from kg import resources
    from kg.evaluate import evaluate_path

    if fmt not in ("table", "json"):
        _fail(f"unknown format '{fmt}'; use table or json")
    report = evaluate_path(gold or resources.seed_gold(), limit=limit)
    typer.echo(json.dumps(report.to_dict(), indent=2) if fmt == "json" else report.to_table())


@app.command()
@friendly_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the Turtle export and the picture.")] = Path("out"),
    store: StoreOpt = None,
) -> None:
    """Extract the seed article, store it, print who-said-what, score it, write out/."""
    from kg.demo import run_demo

    with opened_store(store) as st:
        result = run_demo(st, out)
    typer.echo(f"Article: {result.title} ({result.article_id}) -> store {result.store_spec}")
    typer.echo("")
    typer.echo("Who said what")
    typer.echo(result.who_said_what)
    typer.echo(f"Main speaker: {result.main_speaker} ({result.main_speaker_count} statements)")
    typer.echo("")
    typer.echo("Extraction scored against the hand-made gold (seeds/*.claims.yaml)")
    typer.echo(result.score_table)
    typer.echo("")
    for path in result.files:
        typer.echo(f"wrote {path}")


# `kg entities ...` lives in its own module.
from kg.cli_entities import entities_app  # noqa: E402

app.add_typer(entities_app, name="entities")


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
