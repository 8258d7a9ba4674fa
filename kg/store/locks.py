"""Who may open an on-disk store: one writer, or any number of readers, never both.

RocksDB (under Oxigraph) takes an exclusive POSIX lock on <dir>/LOCK when it opens a store
for writing; a second writer gets "While lock file: <dir>/LOCK: Resource temporarily
unavailable". A read-only open takes no lock at all, and pyoxigraph documents that reading
while another process writes is undefined behaviour. So a reader takes a *shared* POSIX lock
on the same LOCK file: a writer (kg, the oxigraph CLI or server) cannot start while readers
hold it, and a reader cannot start while a writer holds the exclusive lock.

POSIX locks belong to a process, not to a file descriptor (closing any descriptor of the
file drops them all), so inside one process a registry decides instead, and readers of one
directory share one descriptor.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from pathlib import Path

from kg.errors import StoreError, StoreInUseError

_guard = threading.Lock()
_writers: set[str] = set()  # directories this process has open for writing
_readers: dict[str, tuple[int, int]] = {}  # directory -> (LOCK descriptor, open readers)


def in_use_error(shown: str) -> StoreInUseError:
    return StoreInUseError(
        f"store {shown} is in use by another kg process; wait for it to finish or use a different --store"
    )


def is_lock_error(exc: OSError) -> bool:
    """Whether RocksDB refused to open because another holder has the LOCK file."""
    text = str(exc)
    return "LOCK" in text and ("lock" in text.lower())


def claim_writer(key: str, shown: str) -> None:
    with _guard:
        if key in _writers or key in _readers:
            raise in_use_error(shown)
        _writers.add(key)


def release_writer(key: str) -> None:
    with _guard:
        _writers.discard(key)


def claim_reader(key: str, directory: Path, shown: str) -> None:
    with _guard:
        if key in _writers:
            raise in_use_error(shown)
        if key in _readers:
            fd, count = _readers[key]
            _readers[key] = (fd, count + 1)
            return
        try:
            fd = os.open(directory / "LOCK", os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise StoreError(f"cannot read store {shown} ({exc.strerror}); check the path and its permissions") from exc
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise in_use_error(shown) from exc
            raise StoreError(f"cannot lock store {shown} ({exc.strerror}); check the file system") from exc
        _readers[key] = (fd, 1)


def is_locked(key: str, lock_file: Path) -> bool:
    """True when a process holds RocksDB's LOCK file (RocksDB locks it with fcntl)."""
    with _guard:
        if key in _writers or key in _readers:
            # Held here; and a probe must not run: closing any descriptor of the file would
            # drop this process's own fcntl locks on it.
            return True
    try:
        fd = os.open(lock_file, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EAGAIN, errno.EACCES)
    finally:
        os.close(fd)  # closing drops the probe's lock
    return False


def release_reader(key: str) -> None:
    with _guard:
        if key not in _readers:
            return
        fd, count = _readers[key]
        if count > 1:
            _readers[key] = (fd, count - 1)
        else:
            del _readers[key]
            os.close(fd)  # drops the shared lock
