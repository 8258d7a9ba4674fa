"""The registered backend factories (imported on first use by kg.store.open_store)."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import Store


def open_memory(spec: str, *, read_only: bool = False, **_: object) -> Store:
    from kg.store.embedded import OxigraphStore

    return OxigraphStore(spec, None, read_only)


def open_directory(spec: str, *, read_only: bool = False, **_: object) -> Store:
    from kg.store.embedded import OxigraphStore

    return OxigraphStore(spec, Path(spec).expanduser(), read_only)


def open_remote(
    spec: str,
    *,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
    read_only: bool = False,
) -> Store:
    from kg.store.remote import SparqlStore

    return SparqlStore(spec, query_endpoint, update_endpoint, read_only)
