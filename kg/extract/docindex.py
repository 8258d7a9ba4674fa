"""One parsed article, indexed for the rules that read it: text, char->token map, sentence
and paragraph bounds, quotation ranges, and the trims both the actor and the statement
rules use.

spaCy's `Doc.text` rebuilds the string on every call and its sentences may run across a
paragraph break (a headline joined to the first sentence); these helpers cache the text
once per Doc and bound sentences by paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.lexicon import QUOTE_MARKS, QUOTE_MARKS_STRICT, grammar, load_lines
from kg.extract.quotes import Quote, find_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "INLINE_SPACE",
    "DocIndex",
    "Offsets",
    "doc_text",
    "is_name_word",
    "phrase_root",
    "squeezed_text",
    "trim_tokens",
]

Offsets = tuple[int, int]  # character offsets [start, end) into the article text
# Spaces that do not end a line ('said: “…”' may have a no-break space before the mark).
INLINE_SPACE = " \t\xa0\u2009\u202f"


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load_lines("abbreviations.txt"))


# ------------------------------------------------------------------------ token helpers


def doc_text(doc: Doc) -> str:
    # Doc.text rebuilds the string from every token on each call: keep it once per doc.
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return str(text)


def squeezed_text(doc: Doc, start: int, end: int) -> str:
    """text[start:end] with runs of whitespace as one space: a name as a reader would write it."""
    return " ".join(doc_text(doc)[start:end].split())


def is_name_word(token: Token) -> bool:
    """A word that can be part of a name: capitalised or a number, with a letter in it."""
    return (
        bool(token.text)
        and (token.text[0].isupper() or token.text[0].isdigit())
        and any(c.isalpha() for c in token.text)
    )


def trim_tokens(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Drop determiners, quotes, punctuation, spaces and a possessive from the edges."""
    while first < last and (
        doc[first].is_space
        or doc[first].is_punct
        or doc[first].lower_ in grammar().determiners
        or doc[first].text in QUOTE_MARKS
    ):
        first += 1
    while last > first and (
        doc[last - 1].is_space
        or doc[last - 1].is_punct
        or doc[last - 1].tag_ == "POS"
        or doc[last - 1].lower_ in ("'s", "’s", "'", "’")
        or doc[last - 1].text in QUOTE_MARKS
    ):
        last -= 1
    return first, last


def phrase_root(doc: Doc, first: int, last: int) -> Token:
    """The head of tokens [first, last): the one whose head lies outside them."""
    for token in doc[first:last]:
        if not (first <= token.head.i < last) or token.head.i == token.i:
            return token
    return doc[first]


# ---------------------------------------------------------------------------- the index


def _covered(size: int, ranges: list[Offsets]) -> bytearray:
    """1 at each character offset inside one of `ranges` ([start, end)), else 0; one pass
    over the text whatever the number of ranges (a running count of open ranges)."""
    delta = [0] * (size + 1)
    for start, end in ranges:
        if start < end:
            delta[max(start, 0)] += 1
            delta[min(end, size)] -= 1
    covered = bytearray(size + 1)
    depth = 0
    for i in range(size + 1):
        depth += delta[i]
        if depth > 0:
            covered[i] = 1
    return covered


class DocIndex:
    """A Doc with its text, a char -> token map and the ranges of its quotations."""

    def __init__(self, doc: Doc, quotes: list[Quote] | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quotes = find_quotes(self.text) if quotes is None else quotes
        # Character offset -> token index, for mapping spans of text to tokens (each token's
        # characters set by one slice assignment, not one by one: issue 11).
        size = len(self.text) + 1
        self.char_token = [0] * size
        # Lookups made once per quotation or token are bisections or array reads, not scans
        # of every quotation or token: 20k short quotes made those quadratic (issue 14.5).
        self.token_starts: list[int] = []  # sorted
        for tok in doc:
            start = tok.idx
            end = min(start + max(1, len(tok.text)), size)
            if start < end:
                self.char_token[start:end] = [tok.i] * (end - start)
            self.token_starts.append(start)
        self.quote_ranges = [(q.open_at, q.outer_end) for q in self.quotes]
        self.quote_opens = [q.open_at for q in self.quotes]  # sorted: find_quotes sorts them
        self.quote_starts = sorted(s for s, _ in self.quote_ranges)
        self.quote_ends = sorted(e for _, e in self.quote_ranges)
        self.quoted = _covered(len(self.text), self.quote_ranges)
        segments = sorted(seg for q in self.quotes for seg in q.segments)
        self._segment_starts = [a for a, _ in segments]
        self._segment_min_end = [b for _, b in segments]  # from each segment on, the least end
        for i in range(len(segments) - 2, -1, -1):
            self._segment_min_end[i] = min(self._segment_min_end[i], self._segment_min_end[i + 1])

    def in_quote(self, tok: Token) -> bool:
        """Does tok start inside a quotation (open mark to close mark)?"""
        return bool(self.quoted[tok.idx])

    def holds_segment(self, start: int, end: int) -> bool:
        """Does [start, end) hold a whole segment of a quotation?"""
        i = bisect_left(self._segment_starts, start)
        return i < len(self._segment_starts) and self._segment_min_end[i] <= end

    def quotes_opening_in(self, start: int, end: int) -> list[Quote]:
        """The quotations opening at or after `start` whose words start before `end`."""
        found = []
        for i in range(bisect_left(self.quote_opens, start), len(self.quotes)):
            quote = self.quotes[i]
            if quote.open_at >= end:  # its words start after its mark
                break
            if quote.start < end:
                found.append(quote)
        return found

    def last_quote_end(self, at: int) -> int | None:
        """The latest end of a quotation at or before `at`."""
        i = bisect_right(self.quote_ends, at)
        return self.quote_ends[i - 1] if i else None

    def next_quote_start(self, at: int) -> int | None:
        """The first start of a quotation at or after `at`."""
        i = bisect_left(self.quote_starts, at)
        return self.quote_starts[i] if i < len(self.quote_starts) else None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens wholly inside [start, end). Tokens follow each other, so they are one
        run: found by bisection, not by a scan of the whole Doc for each quote (issue 14.5)."""
        found = []
        for i in range(bisect_left(self.token_starts, start), len(self.token_starts)):
            token = self.doc[i]
            if token.idx + len(token.text) > end:
                break
            found.append(token)
        return found

    def trim(self, start: int, end: int) -> Offsets | None:
        """Drop spaces and sentence punctuation at both ends (keeps quote marks)."""
        while start < end and (self.text[start].isspace() or self.text[start] in ",;:—–-"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:.—–-"):
            end -= 1
        return (start, end) if end > start else None

    def sent_start(self, tok: Token) -> int:
        """First token of tok's sentence, not before its paragraph (spaCy may run a headline
        into the first sentence)."""
        para = self.text.rfind("\n", 0, tok.idx) + 1
        return max(tok.sent.start, self.char_token[para])

    def same_paragraph(self, a: Token, b: Token) -> bool:
        lo, hi = sorted((a.idx, b.idx))
        return "\n" not in self.text[lo:hi]

    def sent_end(self, tok: Token) -> int:
        """Token index just past tok's sentence, not past its paragraph."""
        para = self.text.find("\n", tok.idx)
        if para < 0:
            return tok.sent.end
        return min(tok.sent.end, self.char_token[para])

    def ends_sentence(self, i: int) -> bool:
        """Is the character at i a sentence end? '.', '!' or '?' followed by a space and a
        capital, a quotation mark or the line end; not the period of 'Sen.', 'N.C.,'."""
        text = self.text
        if text[i] not in ".!?":
            return False
        after = text[i + 1 : i + 3]
        if after and after[0] != "\n":
            if after[0] not in INLINE_SPACE:
                return False
            if len(after) == 2 and not (after[1].isupper() or after[1] in QUOTE_MARKS_STRICT + "\n"):
                return False
        if text[i] == ".":
            word = re.search(r"([A-Za-z]+)$", text[max(0, i - 12) : i])
            if word and (len(word.group(1)) == 1 or word.group(1).lower() in _abbreviations()):
                return False
        return True
