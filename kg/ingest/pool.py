"""Run a function over chunks in worker processes, in order, with a bounded number of chunks
in flight (so reading never runs ahead of parsing and memory stays flat).

Workers are forked (cheap start: the parent has loaded spaCy, the workers share it) and die
with the parent: a SIGKILLed ingest leaves no orphan parsing on. A worker is replaced after
`RECYCLE_AFTER` chunks, which returns whatever spaCy's string store and the allocator kept
from earlier articles (RSS would otherwise grow with the corpus).

Each worker has its own pipes, so the parent knows which chunks a worker holds. When one dies
(killed by the kernel's OOM killer, a signal, a crash in native code), its chunks go to a fresh
worker; a chunk that was being worked on when a worker died a second time is given to
`on_lost` (the ingest reports its articles as failed) instead of being tried again.
multiprocessing.Pool, used before, never completed the task of a dead worker: the run waited
for it forever (issue 11)."""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from kg.errors import KGError

T = TypeVar("T")
R = TypeVar("R")

RECYCLE_AFTER = 100  # chunks per worker process before a fresh one takes over
PER_WORKER = 2  # chunks sent to a worker at once: one it works on, one waiting (no idle gap)
# Chunks read and not yet given back in order, per worker: results come back in input order, so
# this is how far a fast worker may get ahead of a slow one's oldest chunk before it idles.
AHEAD = 4
TRIES = 2  # a chunk whose worker died this many times is lost, not tried again
# A worker allocates millions of short-lived objects per chunk (spaCy tokens, spans) and
# rarely makes a cycle: collecting the youngest generation every 100,000 allocations instead
# of every 700 cut the CPU of parsing + rules by ~7% (48 BBC articles; see
# docs/scale.md). Generations 1 and 2 keep their defaults relative to it.
WORKER_GC_THRESHOLD = 100_000
_END: Any = object()


class WorkerLostError(KGError):
    """A worker process died while it worked on a chunk, on every try."""


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(
    func: Callable[[T], R],
    chunks: Iterable[T],
    workers: int,
    on_lost: Callable[[T, str], R] | None = None,
) -> Iterator[R]:
    """func(chunk) for every chunk, in order; in this process when workers == 1.

    A chunk whose worker died `TRIES` times yields on_lost(chunk, why) instead (why: e.g.
    "killed by SIGKILL"), or raises WorkerLostError without `on_lost`. An exception raised by
    func is raised here."""
    if workers <= 1:
        for chunk in chunks:
            yield func(chunk)
        return
    chunks = iter(chunks)
    first = next(chunks, None)  # produced before the fork: what it loads, the workers share
    if first is None:
        return
    # Freeze what the parent holds (the spaCy model, loaded by the first chunk): the workers'
    # collector then never walks those objects, which would also copy their memory pages into
    # each worker (RSS). The parent keeps them for the whole run anyway.
    gc.freeze()
    pool = _Pool(func, workers, on_lost)
    try:
        yield from pool.run(itertools.chain([first], chunks))
    finally:
        pool.stop()


class _Worker:
    """One forked process with a pipe for its chunks and one for its results."""

    def __init__(self, func: Callable) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        task_reader, self.tasks = ctx.Pipe(duplex=False)
        self.results, result_writer = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_work, args=(func, task_reader, result_writer), daemon=True)
        self.process.start()
        # Only the worker holds the writing end of its results: its death is an end of file.
        task_reader.close()
        result_writer.close()
        self.holds: deque[int] = deque()  # numbers of the chunks sent, oldest (being worked on) first
        self.sent = 0

    def can_take(self) -> bool:
        return len(self.holds) < PER_WORKER and self.sent < RECYCLE_AFTER

    def send(self, number: int, chunk: Any) -> None:
        self.tasks.send((number, chunk))  # before counting it held: a dead worker raises here
        self.holds.append(number)
        self.sent += 1

    def why_dead(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is None:
            return "stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exited with code {code}"

    def close(self, wait: float) -> None:
        with contextlib.suppress(OSError):  # a dead worker's pipe is closed
            self.tasks.send(None)
        self.process.join(wait)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()


class _Pool(Generic[T, R]):
    def __init__(self, func: Callable[[T], R], size: int, on_lost: Callable[[T, str], R] | None) -> None:
        self.func = func
        self.on_lost = on_lost
        self.workers: list[_Worker] = []
        self.chunks: dict[int, T] = {}  # every chunk sent and not yet answered, by number
        self.tries: dict[int, int] = {}  # deaths of a worker while it worked on the chunk
        self.todo: deque[int] = deque()  # numbers of chunks to send, in order
        self.done: dict[int, R] = {}
        for _ in range(size):
            self.workers.append(_Worker(func))

    def run(self, chunks: Iterator[T]) -> Iterator[R]:
        from multiprocessing.connection import wait

        bound = AHEAD * len(self.workers)
        issued = 0  # chunks taken from the input
        yielded = 0
        exhausted = False
        while True:
            while not exhausted and issued - yielded < bound:
                chunk = next(chunks, _END)
                if chunk is _END:
                    exhausted = True
                    break
                self.chunks[issued] = chunk
                self.todo.append(issued)
                issued += 1
            self._hand_out()
            while yielded in self.done:
                yield self.done.pop(yielded)
                yielded += 1
            if exhausted and yielded == issued:
                return
            if yielded in self.done or (not exhausted and issued - yielded < bound):
                continue
            ready = wait([w.results for w in self.workers] + [w.process.sentinel for w in self.workers])
            for worker in list(self.workers):
                if worker.results in ready or worker.process.sentinel in ready:
                    self._collect(worker)

    def _hand_out(self) -> None:
        for worker in list(self.workers):
            if not worker.holds and worker.sent >= RECYCLE_AFTER:
                self._replace(worker, wait=5)
        for worker in sorted(self.workers, key=lambda w: len(w.holds)):  # an idle worker first
            while self.todo and worker.can_take():
                number = self.todo.popleft()
                try:
                    worker.send(number, self.chunks[number])
                except OSError:  # it died: waiting on it below finds out how, and replaces it
                    self.todo.appendleft(number)
                    break

    def _collect(self, worker: _Worker) -> None:
        """Read what the worker answered; if it died, give its chunks to a fresh worker."""
        answers = []
        try:
            while worker.results.poll():
                answers.append(worker.results.recv())
        except (EOFError, OSError):
            pass  # it died, maybe half-way through sending
        for status, number, value in answers:
            if status == "error":
                raise value
            worker.holds.remove(number)
            del self.chunks[number]
            self.tries.pop(number, None)
            self.done[number] = value
        if worker.process.is_alive() or (not worker.holds and worker.sent >= RECYCLE_AFTER):
            return
        why = worker.why_dead()
        retry = []
        for position, number in enumerate(worker.holds):
            if position == 0:  # the chunk it was working on; the others only waited
                self.tries[number] = self.tries.get(number, 0) + 1
                if self.tries[number] >= TRIES:
                    self._lose(number, why)
                    continue
            retry.append(number)
        worker.holds.clear()
        self.todo.extendleft(reversed(retry))
        self._replace(worker, wait=0)

    def _lose(self, number: int, why: str) -> None:
        chunk = self.chunks.pop(number)
        self.tries.pop(number, None)
        if self.on_lost is None:
            raise WorkerLostError(f"a worker process was {why} while working on chunk {number}, {TRIES} times")
        self.done[number] = self.on_lost(chunk, why)

    def _replace(self, worker: _Worker, wait: float) -> None:
        worker.close(wait)
        self.workers[self.workers.index(worker)] = _Worker(self.func)

    def stop(self) -> None:
        for worker in self.workers:
            worker.close(wait=5 if not worker.holds else 0)
        self.workers = []


def _work(func: Callable, tasks: Any, results: Any) -> None:
    """A worker's life: take chunks from `tasks`, answer each on `results`, until told to stop.

    A thread reads the chunks as they come, so the parent never waits to send one while this
    process waits to send a result (a deadlock when both are bigger than a pipe's buffer)."""
    import queue
    import threading

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent handles it
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                item = tasks.recv()
            except (EOFError, OSError):
                item = None
            inbox.put(item)
            if item is None:
                return

    threading.Thread(target=read, daemon=True).start()
    while (item := inbox.get()) is not None:
        number, chunk = item
        try:
            answer = ("ok", number, func(chunk))
        except Exception as exc:  # raised again in the parent, as multiprocessing.Pool did
            answer = ("error", number, exc)
        try:
            results.send(answer)
        except Exception as exc:  # an exception that does not pickle
            results.send(("error", number, RuntimeError(f"{type(exc).__name__}: {exc} (in a worker process)")))


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the process that forked it dies (SIGKILL gives the
    parent no chance to stop its workers, which would otherwise wait on their pipe)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
