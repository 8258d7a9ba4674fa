"""Each /sparql query of `kg serve` in a process of its own, with a deadline, a memory limit
and a row limit (issue 14.8 for the endpoint), so a hostile query cannot exhaust the server.

The web server is multithreaded, and forking a multithreaded process copies locks other
threads may hold (RocksDB's, kg's store registry), so the child is not a fork of it: it comes
from multiprocessing's fork server, a clean single-threaded process started on the first
query. The child checks the query (kg.queries.prepare: read-only, no SERVICE), opens the
store read-only itself, runs the query with an address-space limit (RLIMIT_AS) and writes the
answer to a file; the server waits at most `timeout` seconds, then kills it. An engine abort
(Rust aborts when an allocation fails), a MemoryError, a deadline or too many rows is then a
one-line HTTP 400 and the server goes on answering. A memory: store exists only inside the
server, so it is queried there (as before).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.isolated import ENGINE_CRASHES, limit_child, memory_message

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["DEFAULT_MAX_ROWS", "Limits", "Outcome", "StoreAddress", "address_of", "run_in_child"]

DEFAULT_MAX_ROWS = 100_000
# imported once in the fork server (rdflib's SPARQL grammar takes half a second to build)
_PRELOAD = ["pyoxigraph", "rdflib", "rdflib.plugins.sparql", "kg.queries", "kg.store", "kg.serve.sparql", __name__]


@dataclass(frozen=True)
class StoreAddress:
    """How a child process opens the server's store again (read-only)."""

    spec: str
    query_endpoint: str | None = None
    update_endpoint: str | None = None


@dataclass(frozen=True)
class Limits:
    timeout: float
    memory_gb: float
    max_rows: int


@dataclass(frozen=True)
class Outcome:
    """The answer: status 200 with the body in `path` (the caller deletes it), or an error
    status with a one-line message."""

    status: int
    media: str = "text/plain"
    path: str | None = None
    message: str = ""


def address_of(store: Store) -> StoreAddress | None:
    """Where a child finds `store`; None for a store only this process can see (memory:)."""
    if store.backend == "memory":
        return None
    return StoreAddress(store.spec, getattr(store, "query_endpoint", None), getattr(store, "update_endpoint", None))


def run_in_child(address: StoreAddress, query: str, fmt: str | None, accept: str, limits: Limits) -> Outcome:
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", *_PRELOAD])  # before the first query starts it
    handle, path = tempfile.mkstemp(prefix="kg-sparql-")
    os.close(handle)
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(writer, address, query, fmt, accept, limits, path), daemon=True)
    try:
        child.start()
    except BaseException:
        os.unlink(path)
        raise
    finally:
        writer.close()
    report: tuple[Any, ...] | None = None
    try:
        if reader.poll(limits.timeout):
            report = reader.recv()
        else:
            report = ("timeout",)
            child.kill()  # the engine cannot be cancelled from inside
    except EOFError:
        pass  # the child died before it reported
    finally:
        reader.close()
        child.join()
    if report is not None and report[0] == "ok":
        return Outcome(200, report[1], path)
    os.unlink(path)
    return _failure(report, child.exitcode, limits)


def _failure(report: tuple[Any, ...] | None, exitcode: int | None, limits: Limits) -> Outcome:
    from kg.store.deadline import timeout_message

    if report is None:
        if exitcode is not None and exitcode < 0 and -exitcode in ENGINE_CRASHES:
            return Outcome(400, message=_memory(limits))  # Rust aborts when an allocation fails
        return Outcome(500, message=f"the query process ended unexpectedly (exit {exitcode}); see the server's log")
    kind = report[0]
    if kind == "timeout":
        return Outcome(400, message=timeout_message(limits.timeout).replace("--timeout", "kg serve --timeout"))
    if kind == "memory":
        return Outcome(400, message=_memory(limits))
    return Outcome(int(report[1]), message=str(report[2]))


def _memory(limits: Limits) -> str:
    return memory_message(limits.memory_gb).replace("--max-memory", "kg serve --max-memory")


def _child(
    writer: Any, address: StoreAddress, query: str, fmt: str | None, accept: str, limits: Limits, path: str
) -> None:
    try:
        limit_child(limits.memory_gb)
        report: tuple[Any, ...] = _answer(address, query, fmt, accept, limits.max_rows, path)
    except MemoryError:
        report = ("memory",)
    except BaseException as exc:  # carried to the server, which answers 500 with it
        first = str(exc).splitlines()[0] if str(exc) else ""
        report = ("error", 500, f"internal error ({type(exc).__name__}: {first})")
    writer.send(report)
    writer.close()


def _answer(
    address: StoreAddress, query: str, fmt: str | None, accept: str, max_rows: int, path: str
) -> tuple[Any, ...]:
    from kg.errors import KGError, QueryError
    from kg.queries import NamedQuery, prepare
    from kg.serve.sparql import serialize
    from kg.store import open_store

    try:
        text, bindings = prepare(NamedQuery(name="query", description="", params=(), text=query), {},
                                 allow_service=False)
    except QueryError as exc:
        return ("error", 403 if "SPARQL UPDATE" in str(exc) else 400, str(exc))
    try:
        store = open_store(address.spec, query_endpoint=address.query_endpoint,
                           update_endpoint=address.update_endpoint, read_only=True)
        try:
            result = store.query(text, bindings=bindings or None, max_rows=max_rows + 1)
        finally:
            store.close()
    except KGError as exc:
        return ("error", 400 if isinstance(exc, QueryError) else 500, str(exc))
    graph = result.graph if str(result.type).upper() in ("CONSTRUCT", "DESCRIBE") else None
    count = len(graph) if graph is not None else len(result) if str(result.type).upper() == "SELECT" else 0
    if count > max_rows:
        what = "triples" if graph is not None else "rows"
        return ("error", 400, f"the answer has more than {max_rows} {what}; page through it with LIMIT and OFFSET "
                              "or raise kg serve --max-rows")
    media, body = serialize(result, fmt, accept)
    with open(path, "wb") as out:
        out.write(body)
    return ("ok", media)
