"""Plain-text and Markdown articles: the parser's view of a text and the metadata its lines carry.

`nlp_view(text)` has the same length as `text`, with markdown remnants, HTML tags and
boilerplate lines (copyright, citation, byline, rules) replaced by spaces, so the parser is
not confused and boilerplate yields no actors or statements, while an offset in one is the
same offset in the other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.extract.readers.article import ReadArticle

__all__ = ["nlp_view", "parse_date", "read_text", "text_metadata"]


def read_text(text: str, source: str = "<text>") -> ReadArticle:
    """A plain-text or markdown article already in memory: metadata from the lines that carry it."""
    meta = text_metadata(text)
    return ReadArticle(text=text, nlp_text=nlp_view(text), source=source, extractor=TEXT_EXTRACTOR, **meta)


# The "extractor" of a text file: the text is taken as it is.
TEXT_EXTRACTOR = "kg text (as read)"

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
# A headline is short: the bound keeps a "#" line of 200k characters from backtracking.
_HEADING = re.compile(r"^[ \t]*#[ \t]+(?P<title>[^\r\n]{1,300}?)[ \t#]{0,50}\r?$", re.M)


# Only lines that start near the top are bylines ("By the way ..." deep in an article is
# not), and a byline is short: each candidate line is matched on its own, so the work is
# bounded whatever follows (a byline then 200k spaces once took minutes: the pattern
# backtracks over the whole line).
_BYLINE_REACH = 600
_BYLINE_MAX_LINE = 300


def _byline_lines(text: str) -> list[re.Match[str]]:
    found = []
    start = 0
    while start < _BYLINE_REACH and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start <= _BYLINE_MAX_LINE:
            match = _BYLINE.match(text, start, end)
            if match:
                found.append(match)
        start = end + 1
    return found


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


def text_metadata(text: str) -> dict[str, Any]:
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
