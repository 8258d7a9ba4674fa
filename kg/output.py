"""The one way kg writes an output file (`-o`): whole or nothing, and never over a device.

A regular file (or a new one) is written to a hidden temporary file beside it and renamed
over it at the end, so a reader never sees half a file and a failure (full disk, an error
while formatting, Ctrl-C) leaves the old file as it was and no temporary file behind.
Anything else is written through, never renamed over: a FIFO, a device (`/dev/null`), a
terminal, `/dev/stdout` and `/proc/self/fd/N` (the shell already opened them; replacing the
name would lose the output). A symlink is followed: its target is replaced atomically and the
link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

# Names the kernel gives to the process's own streams: always written through, even when
# the stream is redirected to a regular file (replacing that file would detach the shell's).
_PASS_THROUGH_PREFIXES = ("/dev/", "/proc/")


def writes_through(path: str | Path) -> bool:
    """True when `path` must be opened and written in place rather than replaced."""
    name = os.path.abspath(path)
    if name.startswith(_PASS_THROUGH_PREFIXES):
        return True
    try:
        mode = os.stat(name).st_mode  # follows symlinks: what the link points at decides
    except FileNotFoundError:
        return os.path.realpath(name).startswith(_PASS_THROUGH_PREFIXES)
    if not stat.S_ISREG(mode):
        return True
    return os.path.realpath(name).startswith(_PASS_THROUGH_PREFIXES)


@contextmanager
def open_output(path: str | Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Open `path` for writing; on a clean exit the file holds exactly what was written.

    On an exception a regular file keeps its old content (or does not appear) and no
    temporary file is left; the exception propagates.
    """
    path = Path(path)
    mode = "wb" if binary else "w"
    encoding = None if binary else "utf-8"
    if writes_through(path):
        # No truncation, appended: `-o /dev/stdout >> log` must not wipe what the shell kept.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        with open(fd, mode, encoding=encoding) as handle:
            yield handle
        return
    target = Path(os.path.realpath(path))  # a symlink keeps pointing at the new content
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with open(fd, mode, encoding=encoding) as handle:
            yield handle
        _keep_mode(target, tmp_name)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _keep_mode(target: Path, tmp_name: str) -> None:
    """A replaced file keeps its permissions; a new one gets the usual umask-based mode."""
    try:
        os.chmod(tmp_name, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)  # mkstemp makes 0600; a plain open() would not


def write_text(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all."""
    with open_output(path) as handle:
        handle.write(text)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    with open_output(path, binary=True) as handle:
        handle.write(data)
