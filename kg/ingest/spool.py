"""What the check pass of an ingest read, kept on disk for the run itself.

Without --skip-bad every file is read and checked before the first write (a bad file stops
the run with nothing stored). The run then uses exactly what was checked, from a temporary
file: a web page is extracted once, a URL fetched once, and a file that changed after its
check cannot slip in unchecked. The spool holds compressed pickles one after the other, so
memory stays flat whatever the corpus size (the disk holds about the corpus's text).
"""

from __future__ import annotations

import pickle
import struct
import tempfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

_LENGTH = struct.Struct("<Q")


class Spool:
    """Items written in order, then read back once in the same order."""

    def __init__(self) -> None:
        # Closed by close() (the Spool is the context manager); the file is gone once closed.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="kg-ingest-")  # noqa: SIM115
        self.count = 0

    def add(self, item: Any) -> None:
        data = zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._file.write(_LENGTH.pack(len(data)))
        self._file.write(data)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            (size,) = _LENGTH.unpack(self._file.read(_LENGTH.size))
            yield pickle.loads(zlib.decompress(self._file.read(size)))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
