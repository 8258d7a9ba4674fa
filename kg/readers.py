"""Read an article file into its text (offsets as the contract defines them) and metadata.

`text` is what every offset refers to: the file decoded with no newline translation and
nothing stripped (for HTML, the extracted main text). `nlp_text` has the same length, with
markdown remnants, HTML tags and boilerplate lines (copyright, citation, byline, rules)
replaced by spaces, so the parser is not confused and boilerplate yields no actors or
statements, while an offset in one is the same offset in the other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["HTML_SUFFIXES", "TEXT_SUFFIXES", "ReadArticle", "nlp_view", "read_article", "read_text"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class ReadArticle:
    text: str
    nlp_text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str = "<text>"


# A news article is a few kB; a file far beyond this is a dump or a mistake, and reading it
# whole would take the memory of the whole run.
MAX_BYTES = 10 * 1024 * 1024


def read_article(path: Path) -> ReadArticle:
    """Read a .txt, .md or .html article; raise InputError naming the file when it cannot be used."""
    path = Path(path)
    if path.suffix and path.suffix.lower() not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise InputError(
            f"{path}: '{path.suffix}' is not an article format; give a .txt, .md or .html file "
            "(or save the article as text)"
        )
    text = _decode(path, _read_bytes(path))
    if path.suffix.lower() in HTML_SUFFIXES:
        article = _read_html(text, str(path))
        if not article.text.strip():
            raise InputError(
                f"{path}: the HTML page has no article text (only scripts, navigation or markup); "
                "save the article itself or give its text as .txt"
            )
        return article
    return read_text(text, source=str(path))


def read_text(text: str, source: str = "<text>") -> ReadArticle:
    """A plain-text or markdown article already in memory: metadata from the lines that carry it."""
    meta = _text_metadata(text)
    return ReadArticle(text=text, nlp_text=nlp_view(text), source=source, **meta)


# ----------------------------------------------------------------------------------- bytes


def _read_bytes(path: Path) -> bytes:
    if path.is_symlink() and not path.exists():
        raise InputError(f"{path}: is a link to a missing file; fix or remove the link")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: {size / 1024 / 1024:.1f} MB is too large for one article (the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB); split it into one file per article"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give an article file or use extract_paths") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check the file") from None
    if b"\x00" in data:
        raise InputError(f"{path}: is a binary file (it has NUL bytes); give a .txt, .md or .html article")
    return data


def _decode(path: Path, data: bytes) -> str:
    try:
        # Same result as open(path, encoding="utf-8", newline=""): no newline translation.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data)
        if text is None:
            raise InputError(
                f"{path}: not UTF-8 text (bad byte at {exc.start}) and no clear legacy encoding; "
                "convert it with `iconv -f <encoding> -t UTF-8`"
            ) from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty (or only whitespace); give an article with text")
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


# ------------------------------------------------------------------------- markdown view

_LINK = re.compile(r"!?\[([^\[\]\n]*)\](\([^()\n]*\)|\[[^\[\]\n]*\])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^<>\s]*>")
_EMPHASIS = re.compile(
    r"(?<![\w*_~])(\*{1,3}|_{1,3}|~~)(?=[^\s*_~])"  # opening: "**bold"
    r"|(?<=[^\s*_~])(\*{1,3}|_{1,3}|~~)(?![\w*_~])"  # closing: "bold**"
)
_BACKTICKS = re.compile(r"`+")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}(?=[ \t])|>+|[-*+](?=[ \t])|\d{1,3}[.)](?=[ \t]))", re.M)
_RULE = re.compile(r"^[ \t]*([-*_=~.·•][ \t]*){2,}\r?$", re.M)

# Whole lines that are about the article, not part of it.
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:"
    r"(?:<p>)?[ \t]*This document is subject to copyright.*"
    r"|Citation:.*"
    # A copyright line is short and has the sign or a year: "Copyright holders say ..." in
    # the body is a sentence, not boilerplate.
    r"|(?:\(c\)|\(C\)|©|Copyright[ \t]+(?:\(c\)|©|\d{4}))[^\r\n]{0,100}"
    r"|All rights reserved[^\r\n]{0,100}"
    r"|(?:Source|URL|Link|Read more|Related)[ \t]*:[^\r\n]{0,200}"
    r")\r?$",
    re.M,
)


def nlp_view(text: str) -> str:
    """`text` with markup and boilerplate blanked out, same length, same offsets."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "

    for match in _BOILERPLATE.finditer(text):
        blank(match.start(), match.end())
    for match in _byline_lines(text):
        blank(match.start(), match.end())
    for match in _LINK.finditer(text):
        # "[Internet](#)" -> " Internet    ": the words stay where they are.
        blank(match.start(), match.start(1))
        blank(match.end(1), match.end())
    for pattern in (_AUTOLINK, _TAG, _EMPHASIS, _BACKTICKS, _LINE_MARKUP, _RULE):
        for match in pattern.finditer(text):
            blank(match.start(), match.end())
    return "".join(chars)


# ----------------------------------------------------------------------- text metadata

_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}[ \t]+{_MONTH},?[ \t]+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_NAME = r"[A-Z][\w'.-]*(?:[ \t]+(?:[A-Z][\w'.-]*|van|von|de|da|del|la|le|bin|al|el))*"
_BYLINE = re.compile(
    rf"^[ \t]*(?:(?P<date>{_DATE})(?:[ \t]*[,|-][ \t]*|[ \t]+)by[ \t]+(?P<author>{_NAME})"
    rf"|By[ \t]+(?P<author2>{_NAME})(?:[ \t]*[,|-][ \t]*(?P<date2>{_DATE}))?"
    rf"|(?:Published|Posted|Updated)(?:[ \t]+on)?:?[ \t]+(?P<date3>{_DATE}))[ \t]*\.?[ \t]*\r?$",
    re.M,
)
_PUBLISHER = re.compile(
    r"^[ \t]*(?:\(c\)|©|Copyright[ \t]+(?:\(c\)|©|(?=\d{4})))[ \t]*(?:\d{4}[ \t]*)?"
    r"(?P<pub>[^\r\n]{1,80}?)[ \t.]*\r?$",
    re.M | re.I,
)
_CITATION_URL = re.compile(
    r"^[ \t]*(?:Citation|Source|URL|Link)[ \t]*:[^\n]*?<?(?P<url>https?://[^\s<>]+)>?", re.M
)
_CITATION_DATE = re.compile(
    rf"^[ \t]*Citation:[^\n]*?\((?P<year>\d{{4}}),[ \t]*(?P<md>{_MONTH}[ \t]+\d{{1,2}})\)", re.M
)
_HEADING = re.compile(r"^[ \t]*#[ \t]+(?P<title>[^\r\n]+?)[ \t#]*\r?$", re.M)


def _byline_lines(text: str) -> list[re.Match[str]]:
    # Only near the top: "By the way ..." deep in an article is not a byline.
    return [m for m in _BYLINE.finditer(text) if m.start() < 600]


def parse_date(value: str) -> dt.date | None:
    """'May 4 2010', '4 May 2010', 'May 4, 2010', '2010-05-04T10:00Z' -> date, else None."""
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        words = re.findall(r"[A-Za-z]+|\d+", value)
        month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
        numbers = [int(w) for w in words if w.isdigit()]
        year = next((n for n in numbers if n > 31), None)
        day = next((n for n in numbers if n <= 31), None)
        if month and year and day:
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _text_metadata(text: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    heading = _HEADING.search(text)
    if heading:
        meta["title"] = _clean_inline(heading["title"])
    else:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        # A BBC-style headline: a short first line that is not a sentence.
        if first and len(first) <= 150 and not first.endswith((".", ":", ";", ",")):
            meta["title"] = _clean_inline(first)
    for match in _byline_lines(text):
        author = match["author"] or match["author2"]
        date = match["date"] or match["date2"] or match["date3"]
        if author and "author" not in meta:
            meta["author"] = author.strip()
        if date and "published" not in meta:
            meta["published"] = parse_date(date)
    publisher = _PUBLISHER.search(text)
    if publisher and publisher["pub"] and len(publisher["pub"]) <= 80:
        meta["publisher"] = publisher["pub"].strip()
    url = _CITATION_URL.search(text)
    if url:
        meta["url"] = url["url"].rstrip(".,;)")
    if meta.get("published") is None:
        cited = _CITATION_DATE.search(text)
        meta["published"] = parse_date(f"{cited['md']} {cited['year']}") if cited else None
    return meta


def _clean_inline(value: str) -> str:
    value = value.replace("\ufeff", "")  # a byte-order mark is not part of the headline
    return " ".join(nlp_view(value).split()) or value.strip()


# ------------------------------------------------------------------------------- HTML

_SKIP = {"script", "style", "nav", "footer", "header", "aside", "noscript", "form", "template",
         "svg", "iframe", "button", "select", "head", "figure"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section",
          "article", "main", "br", "tr", "pre", "figcaption", "dd", "dt", "td", "th", "ul",
          "ol", "table", "hr", "body"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr"}


class _ArticleParser(HTMLParser):
    """Collects paragraphs (with whether they sit in <article>/<main>) and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.paragraphs: list[tuple[str, bool, bool]] = []  # (text, in <article>, in <main>)
        self.buffer: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.byline_parts: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.byline_depth = 0
        self.time_datetime: str | None = None

    # -- structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        self._metadata_tag(tag, a)
        if tag in _BLOCK:
            self._flush()
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag in _SKIP or "hidden" in a:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        classes = (a.get("class", "") + " " + a.get("rel", "")).lower()
        if self.byline_depth or re.search(r"\b(byline|author)\b", classes):
            self.byline_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        if tag in _BLOCK:
            self._flush()
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == "h1":
                self.in_h1 = False
            if self.byline_depth:
                self.byline_depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.byline_depth:
            self.byline_parts.append(data)
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        paragraph = " ".join("".join(self.buffer).split())
        self.buffer = []
        if paragraph:
            self.paragraphs.append((paragraph, "article" in self.stack, "main" in self.stack))

    # -- metadata
    def _metadata_tag(self, tag: str, a: dict[str, str]) -> None:
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
        elif tag == "time" and a.get("datetime") and self.time_datetime is None:
            self.time_datetime = a["datetime"]


def _first(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _read_html(html: str, source: str) -> ReadArticle:
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    paragraphs = parser.paragraphs
    # The main text: <article> if the page marks it, else <main>, else every kept block.
    for index in (1, 2):
        marked = [p for p in paragraphs if p[index]]
        if marked:
            paragraphs = marked
            break
    text = "\n\n".join(p[0] for p in paragraphs)
    meta = parser.meta
    title = (
        _first(meta, "og:title", "twitter:title", "headline")
        or " ".join("".join(parser.h1_parts).split())
        or " ".join("".join(parser.title_parts).split())
        or None
    )
    author = _first(meta, "author", "article:author", "parsely-author", "dc.creator", "byl")
    if not author and parser.byline_parts:
        byline = " ".join("".join(parser.byline_parts).split())
        author = re.sub(r"^[Bb]y\s+", "", byline)[:100] or None
    if author:
        author = re.sub(r"^[Bb]y\s+", "", author)
    date_value = _first(meta, "article:published_time", "datepublished", "date", "pubdate", "publishdate",
                        "dc.date", "dc.date.issued", "og:published_time") or parser.time_datetime
    publisher = _first(meta, "og:site_name", "publisher", "application-name", "dc.publisher")
    url = _first(meta, "canonical", "og:url", "twitter:url")
    return ReadArticle(
        text=text,
        nlp_text=nlp_view(text),
        title=title,
        author=author,
        publisher=publisher,
        published=parse_date(date_value) if date_value else None,
        url=url,
        source=source,
    )
