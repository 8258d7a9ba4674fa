"""Readers: an article file, web page, archive or URL -> its text (every offset refers to it),
a same-length view for the parser, and metadata.

- text.py: plain text and Markdown (the text exactly as read) and the parser's view;
- files.py: bytes of regular files only, with a hard byte limit; decoding (UTF-8, UTF-16/32
  by byte-order mark, clear legacy encodings);
- html.py and metadata.py: a web page's main text (trafilatura) and declared metadata;
- language.py: non-English pages are reported and skipped;
- fetch.py: one page over HTTP(S); warc.py: pages of a WARC archive, streamed;
- sources.py: which reader a path or URL needs.
"""

from __future__ import annotations

from kg.extract.readers.article import ReadArticle
from kg.extract.readers.fetch import FetchError, is_url
from kg.extract.readers.html import NoArticleError
from kg.extract.readers.language import NotEnglishError
from kg.extract.readers.sources import (
    ARTICLE_SUFFIXES,
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    WARC_SUFFIXES,
    Source,
    article_sources,
    is_article_file,
    is_warc,
    read_article,
    read_source,
    read_url,
    read_urls_file,
)
from kg.extract.readers.text import nlp_view, parse_date, read_text

__all__ = [
    "ARTICLE_SUFFIXES", "HTML_SUFFIXES", "TEXT_SUFFIXES", "WARC_SUFFIXES", "FetchError", "NoArticleError",
    "NotEnglishError", "ReadArticle", "Source", "article_sources", "is_article_file", "is_url", "is_warc",
    "nlp_view", "parse_date", "read_article", "read_source", "read_text", "read_url", "read_urls_file",
]
