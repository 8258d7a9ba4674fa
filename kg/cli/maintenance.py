"""`kg optimize`, `kg delete`: looking after the store."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import (
    QueryEndpointOpt,
    StoreOpt,
    UpdateEndpointOpt,
    friendly_errors,
    opened_store,
)


@app.command()
@friendly_errors
def optimize(store: StoreOpt = None) -> None:
    """Merge the embedded store's files after many small writes or deletions (flushes first; see docs/scale.md)."""
    from kg.store.embedded import directory_size

    with opened_store(store) as st:
        path = getattr(st, "path", None)
        if path is None:
            owner = "the server manages its own files" if st.backend == "sparql" else "an in-memory store has no files"
            typer.echo(f"kg: {st.spec}: {owner}; nothing to optimize", err=True)
            return
        before = directory_size(path)
        st.compact()
    after = directory_size(path)  # once closed: RocksDB deletes the replaced files at close
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
    from kg.entities.resolution import resolve_surnames
    from kg.operations import delete_article

    with opened_store(store, query_endpoint, update_endpoint) as st:
        graph = delete_article(st, article)
        resolve_surnames(st)  # the surname decisions that article supported go with it
    typer.echo(f"deleted {graph}")
