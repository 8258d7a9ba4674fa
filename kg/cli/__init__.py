"""The `kg` command line: a thin layer over the library.

Every command opens the store, calls one library function and prints. The package, by
command group: app (the Typer app, --version), options (what every command shares: the store
options, one-line errors, the opened store, output), ingest (load, extract, ingest),
maintenance (optimize, delete), query (query, queries, export, stats, validate), graph
(graph, serve, analyze), evaluation (eval, demo), entities (the `kg entities` group).
"""

from kg.cli.app import app, main

# Each module registers its commands on `app`; this order is the order of `kg --help`.
from kg.cli import ingest, maintenance, query, graph, evaluation  # noqa: F401  isort: skip
from kg.cli.entities import entities_app

app.add_typer(entities_app, name="entities")

__all__ = ["app", "main"]
