"""Small token tests shared by the statistics passes, and the closed word sets they use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.docindex import doc_text
from kg.extract.statistics.numbers import number_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "BASELINE_ADVERBS",
    "WEEKDAYS",
    "end_char",
    "glued",
    "lemmas",
    "lower_at",
    "lowers",
    "match_at",
    "match_before",
    "text_of",
    "texts",
    "verb_above",
]


# `doc[i].lower_` makes a Token and a new string on each call, and the statistics passes test
# every token of an article several times over (a share? a multiple? a number?): read once
# per Doc into lists kept in Doc.user_data, a read is an index (issue 11: most of the rules'
# CPU was spent making Tokens). A Doc is not changed once parsed, so the lists stay true.


def lowers(doc: Doc) -> list[str]:
    """Every token's lower-case text: `lowers(doc)[i] == doc[i].lower_`."""
    found = doc.user_data.get("kg.lowers")
    if found is None:
        found = doc.user_data["kg.lowers"] = [tok.lower_ for tok in doc]
    return found  # type: ignore[no-any-return]


def texts(doc: Doc) -> list[str]:
    """Every token's text: `texts(doc)[i] == doc[i].text`."""
    found = doc.user_data.get("kg.texts")
    if found is None:
        found = doc.user_data["kg.texts"] = [tok.text for tok in doc]
    return found  # type: ignore[no-any-return]


def lemmas(doc: Doc) -> list[str]:
    """Every token's lemma in lower case: `lemmas(doc)[i] == doc[i].lemma_.lower()`."""
    found = doc.user_data.get("kg.lemmas")
    if found is None:
        found = doc.user_data["kg.lemmas"] = [tok.lemma_.lower() for tok in doc]
    return found  # type: ignore[no-any-return]


def text_of(doc: Doc, start: int, end: int) -> str:
    """`doc[start:end].text`, cut from the article text: a Span's text joins its tokens one
    by one, and the words between two statistics may be many."""
    if not 0 <= start < end <= len(doc):
        return doc[start:end].text
    last = doc[end - 1]
    return doc_text(doc)[doc[start].idx : last.idx + len(last.text)]


def lower_at(doc: Doc, i: int) -> str:
    words = lowers(doc)
    return words[i] if 0 <= i < len(words) else ""


def match_at(doc: Doc, i: int, seq: tuple[str, ...], limit: int | None = None) -> bool:
    """Do the tokens from i on spell `seq` (lower case) without crossing `limit`?"""
    words = lowers(doc)
    end = i + len(seq)
    if i < 0 or end > (len(words) if limit is None else limit):
        return False
    return tuple(words[i:end]) == seq


def match_before(doc: Doc, i: int, seq: tuple[str, ...], floor: int) -> bool:
    """Do the tokens ending right before i spell `seq`, starting at or after `floor`?"""
    return i - len(seq) >= floor and match_at(doc, i - len(seq), seq)


def glued(doc: Doc, i: int) -> bool:
    """Token i follows token i-1 with no space ("45-year", "3-1")."""
    return i > 0 and not doc[i - 1].whitespace_


def end_char(doc: Doc, end: int) -> int:
    """Where the text of tokens ending before `end` ends, leaving out the full stop that the
    tokenizer glues to a scale at a sentence end ("$500m.")."""
    last = doc[end - 1]
    if len(last.text) > 1 and last.text.endswith(".") and last.text[:-1].lower() in number_words().abbreviations:
        return last.idx + len(last.text) - 1
    return last.idx + len(last.text)


# Adverbs that end a baseline phrase rather than start a new clause.
BASELINE_ADVERBS = frozenset(["earlier", "ago", "before", "previously", "beforehand"])


WEEKDAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"]
)


def verb_above(tok: Token, steps: int) -> Token | None:
    """The first verb among the `steps` nearest heads of `tok` (not `tok` itself)."""
    for _ in range(steps):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None
