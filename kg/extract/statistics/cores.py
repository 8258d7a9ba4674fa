"""Pass 1: the number cores of a Doc: digits, number words, scales and vague plurals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.statistics.numbers import number_words, parse_digits, parse_number, token_kind
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Core", "glued_scale", "number_core"]


@dataclass
class Core:
    start: int  # first token of the number itself
    end: int  # one past its last token
    value: float
    vague: bool = False
    glued_scale: bool = False


def number_core(doc: Doc, i: int) -> Core | None:
    """The number that starts at token i, if one does."""
    words = number_words()
    first = doc[i].text
    kind = token_kind(first)
    n = len(doc)
    if doc[i].lower_ in ("a", "an") and i + 1 < n and token_kind(doc[i + 1].text) == "scale":
        kind = "article"
    if kind is None or kind == "scale" or kind == "abbr":
        return None
    if kind == "vague":
        # "millions of bloggers", "tens of thousands of jobs", "hundreds of millions of dollars"
        value = words.vague[doc[i].lower_]
        end = i + 1
        if lower_at(doc, end) == "of" and doc[end + 1 : end + 2].text.lower() in words.vague:
            value *= words.vague[doc[end + 1].lower_]
            end += 2
        return Core(i, end, value, vague=True)
    end = i + 1
    glued_tokens = False
    while end < n:
        nxt = doc[end]
        nk = token_kind(nxt.text)
        prev_kind = token_kind(doc[end - 1].text)
        if nk == "scale":
            end += 1
        elif (
            nk == "abbr"
            and prev_kind == "digits"
            and (nxt.lower_ not in ("m", "k", "b") or not doc[end - 1].whitespace_)
        ):
            # "2.5 bn", and "151m" that the tokenizer split; a spaced "3 m" may be metres
            # and is only a scale after a currency (see read_statistic).
            end += 1
            glued_tokens = True
        elif nk in ("unit",) and prev_kind == "tens":
            end += 1  # "twenty one"
        elif nxt.text == "-" and prev_kind == "tens" and end + 1 < n and token_kind(doc[end + 1].text) == "unit":
            end += 2  # "forty-two"
        elif (
            nxt.lower_ == "and"
            and doc[end - 1].lower_ == "hundred"
            and end + 1 < n
            and token_kind(doc[end + 1].text) in ("unit", "tens")
        ):
            end += 2  # "two hundred and fifty"
        else:
            break
    parsed = parse_number([t.text for t in doc[i:end]])
    if parsed is None:
        return None
    glued = glued_tokens or any(glued_scale(t.text) for t in doc[i:end])
    return Core(i, end, parsed, glued_scale=glued)


def glued_scale(text: str) -> bool:
    parsed = parse_digits(text)
    return parsed is not None and parsed[1]
