"""Where articles come from: files (text, Markdown, web pages, gzip-compressed pages, WARC
archives) and URLs, each read into ReadArticles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.extract.readers.article import ReadArticle
from kg.extract.readers.fetch import fetch_page, is_url
from kg.extract.readers.files import decode_text, read_file_bytes
from kg.extract.readers.html import read_html
from kg.extract.readers.text import read_text

__all__ = [
    "ARTICLE_SUFFIXES", "HTML_SUFFIXES", "TEXT_SUFFIXES", "WARC_SUFFIXES", "Source", "article_sources",
    "is_article_file", "is_warc", "read_article", "read_source", "read_url", "read_urls_file",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES

Source = Path | str  # a file, or an http(s) URL


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("warc", WARC_SUFFIXES), ("html", HTML_SUFFIXES), ("text", TEXT_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def is_article_file(path: Path) -> bool:
    return _kind(path) is not None


def is_warc(source: Source) -> bool:
    return isinstance(source, Path) and _kind(source) == "warc"


def article_sources(paths: Iterable[str | Path]) -> list[Source]:
    """URLs as given; files as given, and for each directory its article files (recursively, sorted)."""
    sources: list[Source] = []
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            sources.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            # Everything named like an article that is not a folder is kept, so a broken link,
            # a FIFO or a device is reported (and never read), not silently passed over.
            found = sorted(p for p in path.rglob("*") if is_article_file(p) and (p.is_symlink() or not p.is_dir()))
            if not found:
                raise InputError(f"{path}: no .txt, .md, .html or .warc files in this directory; point at the articles")
            sources.extend(found)
        elif path.exists() or path.is_symlink():
            sources.append(path)
        else:
            raise InputError(f"{path}: no such file or directory; check the path")
    return sources


def read_urls_file(path: Path) -> list[str]:
    """The URLs of a file with one URL a line (blank lines and lines starting with # ignored)."""
    text = decode_text(read_file_bytes(Path(path)), str(path))
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line) or any(c.isspace() for c in line):
            raise InputError(f"{path}:{number}: {line[:80]!r} is not an http(s) URL; give one URL a line")
        urls.append(line)
    if not urls:
        raise InputError(f"{path}: has no URLs; give one http(s) URL a line")
    return urls


def read_article(source: Source) -> ReadArticle:
    """One article from a text, Markdown or web page file, or a URL (a WARC holds many: use read_source)."""
    if isinstance(source, str) and is_url(source):
        return read_url(source)
    path = Path(source)
    kind = _kind(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give an article file, or the directory to extract_paths")
    if kind is None:
        raise InputError(
            f"{path}: '{''.join(path.suffixes[-2:]) or path.name}' is not an article format; give a .txt, .md, "
            ".html, .html.gz or .warc file (or save the article as text)"
        )
    if kind == "warc":
        raise InputError(f"{path}: a WARC archive holds many articles; read it with read_source")
    data = read_file_bytes(path)
    if kind == "html":
        return read_html(_page_text(data), str(path))
    return read_text(decode_text(data, str(path)), source=str(path))


def read_url(url: str) -> ReadArticle:
    page = fetch_page(url)
    if page.content_type in ("text/plain", "text/markdown"):
        text = decode_text(page.content, url)
        article = read_text(text, source=url)
        article.url = article.url or page.url
        return article
    return read_html(_page_text(page.content, page.charset), url, url=page.url)


def read_source(source: Source) -> Iterator[ReadArticle | InputError]:
    """Every article of a source: one for a file or URL, one per page for a WARC archive.
    A page of an archive that cannot be used is yielded as its error, so the rest go on;
    an unusable file or URL raises."""
    if not is_warc(source):
        yield read_article(source)
        return
    from kg.extract.readers.warc import warc_pages

    for page in warc_pages(Path(source)):
        if page.error is not None:
            yield page.error
            continue
        try:
            yield read_html(_page_text(page.content), page.source, url=page.url)
        except InputError as exc:
            yield exc


def _page_text(data: bytes, charset: str | None = None) -> str | bytes:
    """A page's text when its encoding is known (declared, or UTF-8 or a byte-order mark);
    otherwise its bytes, for the HTML parser to read the page's own charset declaration."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_text(data, "page")
    except InputError:
        return data
