"""A web page -> its article: main text by trafilatura, metadata declared by the page first.

The text kept is the headline and the body paragraphs, one blank line between paragraphs
(the parser needs the breaks); navigation, share bars, captions, teasers, comments and
scripts are left out. Every offset of the ClaimSet refers to this text, which is stored.
Why trafilatura: on news-html-dev it scored body F1 0.963 against readability-lxml's 0.916
and jusText's 0.737 (benchmarks/bench_html_extractors.py; docs in /work/notes/issue-8.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.errors import InputError
from kg.extract.readers.article import ReadArticle
from kg.extract.readers.language import check_english
from kg.extract.readers.metadata import authors, declared_metadata
from kg.extract.readers.text import nlp_view, parse_date

__all__ = ["NoArticleError", "html_extractor", "read_html"]


class NoArticleError(InputError):
    """The page has no article text (an index page, a video page, only scripts)."""


@lru_cache(maxsize=1)
def html_extractor() -> str:
    """The extractor's name and version, recorded with every article it produced."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def read_html(html: str | bytes, source: str, url: str | None = None, check_language: bool = True) -> ReadArticle:
    """The article of a page given as text (or bytes in the page's own encoding). `url` is
    where it was fetched from, if it was. NoArticleError when there is no article,
    NotEnglishError when it is surely not in English."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise NoArticleError(f"{source}: is not an HTML page that can be parsed; give the saved page")
    declared = declared_metadata(tree)
    # The library's own heuristics only fill what the page does not declare. Its date search
    # stays on the page's markup and URL: a date found anywhere in the text is a guess.
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = _paragraphs(document)
    if not any(_SENTENCE.search(block) for block in body):
        raise NoArticleError(
            f"{source}: the page has no article text (only navigation, scripts or markup); "
            "give the article's own page or its text as .txt"
        )
    title = declared.title or _value(document, "title")
    headline_given = _headline_first(body, title) if title else False
    text = "\n\n".join(([title] if title and not headline_given else []) + body)
    # The headline stays in the text (it is part of the article) but not in the parser's
    # view: headline grammar ("Sweden drops rape investigation", "..., Austria says") is a
    # summary in telegraphic style, which the statement rules would misread as claims.
    nlp_text = nlp_view(text)
    if title:
        headline_end = len(body[0]) if headline_given else len(title)
        nlp_text = " " * headline_end + nlp_text[headline_end:]
    language = check_english(text, source) if check_language else None
    return ReadArticle(
        text=text,
        nlp_text=nlp_text,
        title=title,
        author=declared.author or authors(_value(document, "author")),
        publisher=declared.publisher or _sitename(document),
        published=declared.published or _date(_value(document, "date")),
        url=declared.url or url,
        source=source,
        extractor=html_extractor(),
        language=language or declared.language,
    )


# An article has at least one sentence (some words, then a full stop) or a long paragraph.
# When the library finds no main text it falls back to all the page's text, which on a page
# without an article is menu words ("Home News Sport"): that is no article.
_SENTENCE = re.compile(r"\w+(?:\W+\w+){3,}[^\w\n]*[.!?。！？][\"'”’)]*(?:\s|$)|[^\n]{120}")


def _headline_first(body: list[str], title: str) -> bool:
    """Whether the main text already starts with the headline (the page's <h1>), which may
    be worded a little differently from the declared title: a short first block with no
    full stop is a headline."""
    first = body[0]
    looks_like_headline = len(first) <= 200 and not first.rstrip().endswith((".", "!", "?"))
    return first.startswith(title) or (looks_like_headline and len(body) > 1)


def _paragraphs(document: Any) -> list[str]:
    """The main text's blocks (trafilatura puts one per line), each on one line."""
    text = getattr(document, "text", None) or ""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _value(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _sitename(document: Any) -> str | None:
    """The site's name when the library found one, not the host name it falls back to."""
    name = _value(document, "sitename")
    hostname = _value(document, "hostname") or ""
    if name and name.lower() not in {hostname.lower(), hostname.lower().removeprefix("www.")}:
        return name
    return None


def _date(value: str | None) -> Any:
    return parse_date(value) if value else None
