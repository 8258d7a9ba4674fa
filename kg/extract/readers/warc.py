"""WARC files from web archives: each HTML response record is one article.

Records are read one at a time with warcio (gzip per record or plain), and only the payload
of a record that is an HTML page is read, up to the byte limit: a 1 GB archive never sits
in memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract.readers.files import MAX_BYTES, open_regular, read_limited

__all__ = ["WarcPage", "warc_pages"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class WarcPage:
    """One page of an archive, or the reason it cannot be used (`error`)."""

    source: str  # "archive.warc.gz#<target URI>"
    url: str | None
    content: bytes = b""
    error: InputError | None = None


def warc_pages(path: Path, limit: int = MAX_BYTES) -> Iterator[WarcPage]:
    """The HTML pages archived in `path`, in order. Records of other kinds (requests,
    metadata, images, redirects) are passed over."""
    import os

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"record-{number}"
                source = f"{path}#{uri}"
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    content_type = record.http_headers.get_header("Content-Type") or ""
                    if not str(status).startswith("2"):
                        continue
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
                    continue
                try:
                    content = read_limited(record.content_stream(), limit, source)
                except InputError as exc:
                    yield WarcPage(source=source, url=uri, error=exc)
                    continue
                yield WarcPage(source=source, url=uri if "://" in uri else None, content=content)
        except ArchiveLoadFailed as exc:
            reason = str(exc).splitlines()[0][:200]
            raise InputError(f"{path}: is not a readable WARC file ({reason}); check the file") from None
