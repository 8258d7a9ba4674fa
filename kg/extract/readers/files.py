"""Bytes of an article file, read safely, and their decoding into text.

Only regular files are read (a FIFO would block forever, a device such as /dev/zero never
ends), and never more than a hard byte limit, counted while reading: the size a file
reports is not trusted. Compressed pages (.gz) are limited by their uncompressed size.
"""

from __future__ import annotations

import codecs
import gzip
import os
import stat
import zlib
from pathlib import Path

from kg.errors import InputError

__all__ = ["MAX_BYTES", "MAX_LOAD_BYTES", "decode_text", "open_regular", "read_file_bytes", "read_limited"]

# A news article or page is a few hundred kB at most; far beyond this is a dump or a
# mistake, and reading it whole would take the memory of the whole run.
MAX_BYTES = 10 * 1024 * 1024
# A ClaimSet file or an RDF export to load holds many articles; beyond this the parsers'
# memory (several times the file's size) would take the machine.
MAX_LOAD_BYTES = 1024 * 1024 * 1024

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def open_regular(path: Path, expected: str = "an article file") -> int:
    """A read-only descriptor of `path` (links followed) if it is a regular file; else InputError
    (saying the file is not `expected`).
    Opened non-blocking so that a FIFO cannot hang the open itself, then checked on the
    descriptor, so the file checked is the file read."""
    if path.is_symlink() and not path.exists():
        raise InputError(f"{path}: is a link to a missing file; fix or remove the link")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give an article file or the directory to read all") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check the file") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise InputError(f"{path}: is {kind}, not {expected}; give a regular file")
    return fd


def read_limited(stream, limit: int, what: str, unit: str = "one article",
                 fix: str = "split it into one file per article") -> bytes:
    """At most `limit` bytes of `stream`; InputError naming `what` when there are more
    (too large for `unit`; `fix` says what to do)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError(
                f"{what}: more than {limit // 1024 // 1024} MB is too large for {unit}; {fix}"
            )
    return b"".join(chunks)


def read_file_bytes(path: Path, limit: int = MAX_BYTES, unit: str = "one article",
                    fix: str = "split it into one file per article", expected: str = "an article file") -> bytes:
    """The bytes of a regular file (uncompressed when it ends in .gz), at most `limit`.
    `unit` and `fix` word the error for a file over the limit, `expected` the one for a
    file that is not regular."""
    fd = open_regular(path, expected)
    size = os.fstat(fd).st_size
    if size > limit:  # known too large without reading it (the limit while reading still holds)
        os.close(fd)
        raise InputError(
            f"{path}: {size / 1024 / 1024:.1f} MB is too large for {unit} (the limit is "
            f"{limit // 1024 // 1024} MB); {fix}"
        )
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            if path.name.lower().endswith(".gz"):
                try:
                    with gzip.GzipFile(fileobj=handle) as unzipped:
                        data = read_limited(unzipped, limit, str(path), unit, fix)
                except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                    raise InputError(f"{path}: is not a readable gzip file ({exc}); check the file") from None
            else:
                data = read_limited(handle, limit, str(path), unit, fix)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check the file") from None
    return data


def decode_text(data: bytes, where: str) -> str:
    """Text with no newline translation: UTF-16/32 when a byte-order mark says so, else
    UTF-8, else a legacy encoding only when it is clear."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)  # the codec drops the mark itself
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: starts with a {encoding.upper()} byte-order mark but is not "
                                 f"{encoding.upper()} text (bad bytes at {exc.start}); check the file") from None
            return _not_empty(text, where)
    if b"\x00" in data:
        raise InputError(
            f"{where}: is a binary file (it has NUL bytes and no UTF-16 byte-order mark); "
            "give a .txt, .md or .html article"
        )
    try:
        # Same result as open(path, encoding="utf-8", newline=""): no newline translation.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        legacy = _decode_legacy(data)
        if legacy is None:
            raise InputError(
                f"{where}: not UTF-8 text (bad byte at {exc.start}) and no clear legacy encoding; "
                "convert it with `iconv -f <encoding> -t UTF-8`"
            ) from None
        text = legacy
    return _not_empty(text, where)


def _not_empty(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(f"{where}: the file is empty (or only whitespace); give an article with text")
    return text


def _decode_legacy(data: bytes) -> str | None:
    """Old news dumps are often cp1252/Latin-1. Accept a legacy encoding only when it is
    clear, because a wrong guess would silently garble names: Western (cp1252) when the
    detector lists it without noise and the bytes are mostly ASCII, else the detector's best
    guess only when it also recognises a language in the result."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    mostly_ascii = sum(b > 127 for b in data) <= 0.3 * len(data)
    western = any(
        m.chaos <= 0.1 and {"cp1252", "latin_1", "iso8859_15"} & set(m.could_be_from_charset) for m in matches
    )
    if western and mostly_ascii:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    best = matches[0] if matches else None
    clear = best is not None and best.chaos <= 0.1 and best.coherence >= 0.3
    if best is not None and clear and best.encoding not in ("utf_8", "ascii"):
        return str(best)
    return None
