"""Run a function over chunks in worker processes, in order, with a bounded number of chunks
in flight (so reading never runs ahead of parsing and memory stays flat).

Workers are forked (cheap start: the parent has not loaded spaCy, each worker loads it once)
and die with the parent: a SIGKILLed ingest leaves no orphan parsing on. A worker is
replaced after `RECYCLE_AFTER` chunks, which returns whatever spaCy's string store and the
allocator kept from earlier articles (RSS would otherwise grow with the corpus)."""

from __future__ import annotations

import gc
import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

RECYCLE_AFTER = 100  # chunks per worker process before a fresh one takes over
# A worker allocates millions of short-lived objects per chunk (spaCy tokens, spans) and
# rarely makes a cycle: collecting the youngest generation every 100,000 allocations instead
# of every 700 cut the CPU of parsing + rules by ~7% (48 BBC articles; see
# docs/scale.md). Generations 1 and 2 keep their defaults relative to it.
WORKER_GC_THRESHOLD = 100_000


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(func: Callable[[T], R], chunks: Iterable[T], workers: int) -> Iterator[R]:
    """func(chunk) for every chunk, in order; in this process when workers == 1."""
    if workers <= 1:
        for chunk in chunks:
            yield func(chunk)
        return
    import multiprocessing

    chunks = iter(chunks)
    first = next(chunks, None)  # produced before the fork: what it loads, the workers share
    if first is None:
        return
    # Freeze what the parent holds (the spaCy model, loaded by the first chunk): the workers'
    # collector then never walks those objects, which would also copy their memory pages into
    # each worker (RSS). The parent keeps them for the whole run anyway.
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(
        workers, initializer=_start_worker, maxtasksperchild=RECYCLE_AFTER
    )
    try:
        pending: deque[Any] = deque()
        for chunk in itertools.chain([first], chunks):
            pending.append(pool.apply_async(func, (chunk,)))
            while len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _start_worker() -> None:
    _die_with_parent()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the process that forked it dies (SIGKILL gives the
    parent no chance to stop its workers, which would otherwise wait on their queue)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
