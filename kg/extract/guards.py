"""Guards that keep extraction near-linear on pathological text (issue 14.5).

They change only what the parser sees (`nlp_text`), never the article text, and keep every
character where it is (marks are blanked to spaces), so spans stay exact. Each guard caps a
structure that real news text does not have but that made a stage quadratic:
- a run of punctuation marks without a space (100 KB of quote marks, 20 KB of "("): spaCy's
  tokenizer strips prefixes one at a time, copying the rest of the chunk each time;
- brackets nested deeper than any sentence nests them;
- a "sentence" of thousands of tokens (a Markdown table, a list with no full stops): the
  parser and the per-sentence scans of the finders grow with its square. A sentence start
  is set every MAX_SENTENCE_TOKENS tokens (at a line break when there is one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_MARK_RUN = 8  # news runs up to ~6 (.'."  ...!!!); the 9th mark of a run and later are blanked
MAX_NESTING = 6
MAX_SENTENCE_TOKENS = 300
SENTENCE_CAP = "kg_sentence_cap"

_MARK_RUN = re.compile(rf"[^\w\s]{{{MAX_MARK_RUN + 1},}}")
_OPEN, _CLOSE = "([{", ")]}"


def tame(text: str) -> str:
    """`text` with runs of marks and too deep brackets blanked; same length, same offsets."""
    if not _MARK_RUN.search(text) and _max_depth(text) <= MAX_NESTING:
        return text  # the usual case: nothing to do, no copy
    chars = list(text)
    for match in _MARK_RUN.finditer(text):
        for i in range(match.start() + MAX_MARK_RUN, match.end()):
            chars[i] = " "
    depth = 0
    for i, char in enumerate(chars):
        if char in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                chars[i] = " "
        elif char in _CLOSE and depth > 0:
            if depth > MAX_NESTING:
                chars[i] = " "
            depth -= 1
    return "".join(chars)


def _max_depth(text: str) -> int:
    deepest = depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE and depth > 0:
            depth -= 1
    return deepest


def sentence_cap(doc: Doc) -> Doc:
    """A spaCy component before the parser: no sentence longer than MAX_SENTENCE_TOKENS."""
    since = 0
    last_break = -1  # the last token after a line break in the current run
    for token in doc:
        if token.i == 0 or token.is_sent_start:
            since, last_break = 0, -1
            continue
        since += 1
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            last_break = token.i
        if since >= MAX_SENTENCE_TOKENS:
            cut = last_break if last_break > token.i - MAX_SENTENCE_TOKENS // 2 else token.i
            doc[cut].is_sent_start = True
            since, last_break = token.i - cut, -1
    return doc
