"""Where the knowledge graph lives: one RDF dataset, one named graph per article.

Pick a backend with a spec string (the `--store` option, or the KG_STORE environment
variable, else `.kg/store` under the current directory):

- a directory path      embedded Oxigraph on disk (RocksDB); the default
- `memory:`             Oxigraph in this process, gone when it exits (tests, one-off runs)
- `http://host:port`    a SPARQL 1.1 endpoint; Oxigraph server conventions `<base>/query` and
                        `<base>/update`, or give `query_endpoint` / `update_endpoint`

Backends are registered by name and imported only when used, so `import kg` stays fast.

Guarantees (see tests/test_store.py and tests/test_store_crash.py):
- put_article replaces one named graph all or nothing, even if the process is killed;
- an on-disk store has one writer or any number of read-only readers; anyone else gets
  StoreInUseError, never a damaged store (use a server for readers beside a writer);
- query(timeout=...) returns control after `timeout` seconds with a QueryError.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.errors import StoreError, StoreInUseError

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = [
    "DEFAULT_STORE",
    "Store",
    "StoreError",
    "StoreInUseError",
    "backend_name",
    "default_store_spec",
    "open_store",
    "register_backend",
]

DEFAULT_STORE = ".kg/store"
ENV_VAR = "KG_STORE"

# `host:port` or `[::1]:port`: a server address missing its scheme, never meant as a directory.
_HOST_PORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):\d{1,5}/?$")

Factory = Callable[..., "Store"]
# name -> "module:function" (imported on first use) or a factory already imported.
_BACKENDS: dict[str, str | Factory] = {
    "memory": "kg.store.factories:open_memory",
    "oxigraph": "kg.store.factories:open_directory",
    "sparql": "kg.store.factories:open_remote",
}


def __getattr__(name: str) -> object:
    # `from kg.store import Store` without importing pyoxigraph at `import kg.store` time.
    if name == "Store":
        from kg.store.base import Store

        return Store
    raise AttributeError(name)


def register_backend(name: str, factory: str | Factory) -> None:
    """Add a backend: `factory(spec, *, query_endpoint, update_endpoint, read_only) -> Store`."""
    _BACKENDS[name] = factory


def default_store_spec() -> str:
    """The store used when none is given: $KG_STORE if set, else `.kg/store` (relative to
    the current directory)."""
    return os.environ.get(ENV_VAR, "").strip() or DEFAULT_STORE


def backend_name(spec: str) -> str:
    """Which registered backend serves a spec string."""
    if spec == "memory:" or spec == "memory":
        return "memory"
    if spec.startswith(("http://", "https://")):
        return "sparql"
    return "oxigraph"


def open_store(
    spec: str | None = None,
    *,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
    read_only: bool = False,
) -> Store:
    """Open the store named by `spec` (see the module doc); raise StoreError if it cannot."""
    if spec is None:
        spec = query_endpoint if query_endpoint else default_store_spec()
    spec = spec.strip()
    if not spec:
        raise StoreError(
            f"empty store name; give --store a directory, 'memory:' or http://host:port (or set {ENV_VAR})"
        )
    name = backend_name(spec)
    if name == "oxigraph" and _HOST_PORT.match(spec) and not os.path.isdir(spec):
        raise StoreError(f"store '{spec}' looks like a server address, not a directory; did you mean http://{spec}?")
    if (query_endpoint or update_endpoint) and name != "sparql":
        raise StoreError(
            f"--query-endpoint/--update-endpoint need a remote store, but --store is {spec}; give --store http://host:port"
        )
    factory = _BACKENDS.get(name)
    if factory is None:
        raise StoreError(f"no store backend '{name}' for {spec}; known: {', '.join(sorted(_BACKENDS))}")
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    return factory(spec, query_endpoint=query_endpoint, update_endpoint=update_endpoint, read_only=read_only)
