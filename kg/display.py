"""Text as people should see it in tables and pages, without the markup an article carried.

Articles often keep remnants of their web page: Markdown links (`losses from [hacking](#)
networks`), emphasis, inline HTML tags and entities. The stored spans keep those characters
(offsets must match the file exactly); only what is shown to a person is cleaned, by parsing
the text as CommonMark inline content with markdown-it-py (already installed for rich), so
`5 * 3` or `snake_case` are left alone where a regular expression would eat them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["display_text"]

# Characters without which a text holds no Markdown or HTML to remove (the fast path).
_MARKUP_CHARS = re.compile(r"[\[\]*_`<>&!\\]")
# Inline tags that separate words when a browser shows them.
_BREAKING_TAG = re.compile(r"^</?\s*(br|p|div|li|tr|td|th|h[1-6])\b", re.IGNORECASE)


def display_text(text: str | None) -> str:
    """`text` without Markdown/HTML markup and with runs of white space made one space.

    Link and image texts stay (`[hacking](#)` -> `hacking`, `![chart](x.png)` -> `chart`),
    emphasis and code marks go, HTML tags go (a `<br>` or `<p>` becomes a space) and
    entities are decoded (`&amp;` -> `&`)."""
    if not text:
        return ""
    if _MARKUP_CHARS.search(text):
        text = "".join(_plain_parts(_parser().parseInline(text)))
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")  # inline HTML on, so tags become tokens we can drop


def _plain_parts(tokens: list[Any]) -> list[str]:
    parts: list[str] = []
    for token in tokens:
        if token.children:
            parts += _plain_parts(token.children)
        elif token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak") or (
            token.type == "html_inline" and _BREAKING_TAG.match(token.content)
        ):
            parts.append(" ")
    return parts
