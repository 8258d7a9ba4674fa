"""`kg load`, `kg extract`, `kg ingest`: articles and ClaimSet files into ClaimSets and the store."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from kg.choices import ClaimSetFormat
from kg.cli.app import app
from kg.cli.options import (
    QueryEndpointOpt,
    StoreOpt,
    UpdateEndpointOpt,
    fail,
    friendly_errors,
    opened_store,
    write_lines,
    write_or_print,
)

if TYPE_CHECKING:
    from kg.ingest.run import Listener  # the printer below implements it; imported lazily for a fast --help


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

    from kg.entities.resolution import resolve_surnames
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
            resolve_surnames(st)
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
    fmt: Annotated[
        ClaimSetFormat,
        typer.Option("--format", "-f", help="How to write them (jsonl: one article a line, as it is ready)."),
    ] = ClaimSetFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    skip_bad: SkipBadOpt = False,
    workers: WorkersOpt = 1,
) -> None:
    """Extract actors, statements and statistics from articles (files, web pages, URLs) as ClaimSets
    (several articles: a JSON array, JSON Lines or YAML documents; `kg load` and `kg eval` read
    each back)."""
    from kg.claimfile import dump_claimset, dump_claimsets
    from kg.extract import extract_paths

    found = extract_paths(_articles(paths, urls), on_bad_file=_bad_input_handler(skip_bad), workers=workers)
    if fmt is ClaimSetFormat.jsonl:  # one line per article as it is ready: a large corpus never sits in memory
        write_lines((dump_claimset(claims, fmt.value) for _, claims in found), output)
        return
    results = [claims for _, claims in found]
    if not results:
        fail("no article was extracted (every input was skipped)")
    # One article: one ClaimSet object. Several: a JSON array or YAML documents (kg load
    # and kg eval read both back).
    text = dump_claimset(results[0], fmt.value) if len(results) == 1 else dump_claimsets(results, fmt.value)
    write_or_print(text, output)


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
    from kg.entities.resolution import resolve_surnames
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
        if summary.stored:
            with opened_store(store, query_endpoint, update_endpoint) as st:
                resolve_surnames(st)
        if not quiet:
            typer.echo(f"kg: {summary.line()}", err=True)
        return
    with opened_store(store, query_endpoint, update_endpoint) as st:
        listener = _IngestPrinter(quiet)
        try:
            summary = run_ingest(st, articles, workers=workers, skip_bad=skip_bad, listener=cast("Listener", listener))
        finally:
            listener.close()
        if summary.stored:
            # surname-only people across articles: decided again from the whole store
            resolve_surnames(st)
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
