"""Run one piece of work in a forked child with a memory limit and a deadline (issue 14.8).

Oxigraph is Rust: when an allocation fails (a query that doubles a string with CONCAT until
memory runs out) Rust aborts the whole process with a backtrace (SIGABRT, exit 134), which
Python cannot catch; and a step inside Oxigraph cannot be cancelled from Python
(kg.store.deadline). So `kg query` runs the query, and the formatting of its answer, in a
forked child: the child has an address-space limit (RLIMIT_AS) and the parent waits at
most `timeout` seconds for it, then kills it. An abort, a MemoryError or a deadline is then
one error in the parent, and the store, only read, is unchanged. The child writes its
output to a temporary file that the caller copies out once the child succeeded, so a failed
query prints nothing but the error.

Linux and other systems with fork; elsewhere the work runs in this process.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from typing import IO

from kg.errors import KGError, QueryError

__all__ = ["DEFAULT_MEMORY_GB", "ENGINE_CRASHES", "limit_child", "memory_message", "run_isolated"]

DEFAULT_MEMORY_GB = 4.0
# How a child running the engine dies when an allocation fails (Rust aborts) or the kernel kills it.
ENGINE_CRASHES = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL}


def memory_message(gigabytes: float) -> str:
    return (f"query needed more than {gigabytes:.3g} GB of memory and was stopped; narrow it (LIMIT, "
            "FILTER, shorter strings) or raise --max-memory")


def run_isolated(
    work: Callable[[IO[bytes]], None],
    *,
    timeout: float | None,
    memory_gb: float | None,
    timeout_message: Callable[[float], str],
) -> IO[bytes]:
    """`work(out)` in a forked child; returns `out` (a temporary file, at its start) once the
    child succeeded. A KGError raised by `work` is raised again here, with its class and
    message; running out of memory or time is a QueryError."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open to the caller, who closes it
    if not hasattr(os, "fork"):
        work(out)
        out.seek(0)
        return out
    if timeout is not None and timeout <= 0:
        raise QueryError(f"timeout must be a positive number of seconds, not {timeout:g}; fix --timeout")
    if memory_gb is not None and memory_gb <= 0:
        raise QueryError(f"--max-memory must be a positive number of GB, not {memory_gb:g}")
    if memory_gb is not None:
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:  # a lower limit set on kg itself is the one that stops it
            memory_gb = min(memory_gb, soft / 1024**3)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, out, write_end, memory_gb)
    os.close(write_end)
    try:
        report = _wait_for_report(read_end, pid, timeout, timeout_message)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if report:
        kind, message = pickle.loads(report)
        if kind == "ok":
            out.seek(0)
            return out
        if kind == "memory":
            raise QueryError(memory_message(memory_gb or 0))
        raise _error_class(kind)(message)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in ENGINE_CRASHES and memory_gb is not None:
        raise QueryError(memory_message(memory_gb))  # Rust aborts when an allocation fails
    code = os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    raise QueryError(f"the query process ended unexpectedly ({'signal' if os.WIFSIGNALED(status) else 'exit'} "
                     f"{code}); rerun with KG_DEBUG=1 and report it")


def limit_child(memory_gb: float | None) -> None:
    """In a child about to run the engine: stderr to /dev/null (an engine abort prints a Rust
    backtrace; the parent says what happened) unless KG_DEBUG is set, and an address-space
    limit of `memory_gb` (a lower limit set on kg itself stays the one that applies)."""
    if not os.environ.get("KG_DEBUG"):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    if memory_gb is not None:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = int(memory_gb * 1024**3)
        if soft != resource.RLIM_INFINITY:
            limit = min(limit, soft)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(work: Callable[[IO[bytes]], None], out: IO[bytes], write_end: int, memory_gb: float | None) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C reaches the parent, which stops us
        limit_child(memory_gb)
        work(out)
        out.flush()
        report: tuple[str, str] = ("ok", "")
    except MemoryError:
        report = ("memory", "")
    except KGError as exc:
        report = (type(exc).__name__, str(exc))
    except BaseException as exc:  # carried to the parent, which words it
        report = ("internal", f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
        code = 1
    try:
        os.write(write_end, pickle.dumps(report))
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _wait_for_report(read_end: int, pid: int, timeout: float | None, timeout_message: Callable[[float], str]) -> bytes:
    """The child's pickled report (empty if it died without one), read until it closes its end."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise QueryError(timeout_message(timeout or 0))
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except BaseException:  # timeout, Ctrl-C: the child must not run on
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise


def _error_class(name: str) -> type[KGError]:
    import kg.errors

    found = getattr(kg.errors, name, None)
    if isinstance(found, type) and issubclass(found, KGError):
        return found
    return QueryError if name != "internal" else KGError
