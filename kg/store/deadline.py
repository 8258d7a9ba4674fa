"""Run a query with a time limit.

Neither pyoxigraph 0.5 (its Rust API and server have a timeout, the Python API does not: oxigraph
issue #1926) nor the SPARQL protocol lets a client cancel a running evaluation, so
the query runs in a daemon worker thread and the caller waits at most `timeout` seconds.
pyoxigraph releases the GIL while it evaluates (measured: a ticker thread kept running during
a 16 s aggregate), so the caller really gets control back on time. On timeout the worker is
told to stop; it stops at the next result row it pulls, but an evaluation step that is
inside Oxigraph (an aggregate, a sort) runs to its end in the background, using one core.
The store stays closable: close() returns at once and the store's files are released when
that last step returns (or when the process exits, which is what the CLI does next).
A remote store stops waiting for the HTTP answer after `timeout` seconds; start an Oxigraph server with
`--timeout-s N` so that it stops the evaluation on its side too.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from kg.errors import QueryError

T = TypeVar("T")
ShouldStop = Callable[[], bool]


def timeout_message(timeout: float) -> str:
    return f"query stopped after {timeout:g} s (--timeout); narrow it or raise the timeout"


def run_with_timeout(
    work: Callable[[ShouldStop], T],
    timeout: float | None,
    on_finish: Callable[[], None] | None = None,
) -> T:
    """`work(should_stop)` in a worker thread, waiting at most `timeout` seconds for it.

    `on_finish` runs in the worker when it ends, whether or not anyone still waits for it
    (the embedded store uses it to release its files after an abandoned query)."""
    if timeout is not None and timeout <= 0:
        raise QueryError(f"timeout must be a positive number of seconds, not {timeout:g}; fix --timeout")
    if timeout is None:
        try:
            return work(lambda: False)
        finally:
            if on_finish:
                on_finish()

    stop = threading.Event()
    done = threading.Event()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work(stop.is_set)
        except BaseException as exc:  # handed to the waiting caller below
            _drop_frames(exc)
            box["error"] = exc
        finally:
            done.set()
            if on_finish:
                on_finish()
            if stop.is_set():
                box.clear()  # nobody will read it

    threading.Thread(target=target, name="kg-query", daemon=True).start()
    if not done.wait(timeout):
        stop.set()
        raise QueryError(timeout_message(timeout))
    # pop, so the worker's finished frame (which holds `box`) and the result part ways
    if "error" in box:
        raise box.pop("error")  # type: ignore[misc]
    return box.pop("value")  # type: ignore[return-value]


def _drop_frames(exc: BaseException | None) -> None:
    """Free the locals of the frames an exception went through, here in the worker thread.

    pyoxigraph's result iterators may only be dropped by the thread that made them; if a
    traceback kept one alive it would be freed later by another thread, which PyO3 refuses
    (it leaks the object, and with it the open store and its directory lock)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
