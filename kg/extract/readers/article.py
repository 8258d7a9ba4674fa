"""What a reader gives the extractor: the article text, the parser's view of it, metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["ReadArticle"]


@dataclass
class ReadArticle:
    """`text` is what every offset refers to (for a web page: the extracted main text, which
    is stored as the article body); `nlp_text` has the same length, markup blanked."""

    text: str
    nlp_text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str = "<text>"
    # How the text was obtained: "trafilatura 2.3.1" for a web page, the text as read otherwise.
    extractor: str | None = None
    # ISO 639-1 code of the page's language when it was checked (web pages), else None.
    language: str | None = None
