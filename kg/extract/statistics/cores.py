"""Pass 1: the number cores of a Doc: digits, number words, scales and vague plurals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.statistics.numbers import number_words, parse_digits, parse_number, token_kind
from kg.extract.statistics.tokens import lower_at, lowers, texts

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
    text, lower = texts(doc), lowers(doc)
    kind = token_kind(text[i])
    n = len(doc)
    if lower[i] in ("a", "an") and i + 1 < n and token_kind(text[i + 1]) == "scale":
        kind = "article"
    if lower[i] == "half" and lower_at(doc, i + 1) in ("a", "an") and token_kind(lower_at(doc, i + 2)) == "scale":
        # "half a million properties": not "a million"
        return Core(i, i + 3, 0.5 * words.scales[doc[i + 2].lower_])
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
        half = _and_a_half(doc, end)
        if half and prev_kind in ("digits", "unit", "tens", "scale"):
            end = half  # "five and a half", "two-and-a-half"
        elif nk == "scale":
            end += 1
        elif nxt.lower_ == "point" and prev_kind in ("unit", "tens") and token_kind(lower_at(doc, end + 1)) == "unit":
            end += 2  # "one point three": the digits after "point" are read one word each
            while end < n and token_kind(doc[end].text) == "unit":
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


def _and_a_half(doc: Doc, i: int) -> int | None:
    """The end of "and a half" (also "-and-a-half") starting at token i, if it is there."""
    words: list[str] = []
    j = i
    while j < len(doc) and len(words) < 3 and j - i < 6:
        if doc[j].text not in ("-", "‐"):
            words.append(doc[j].lower_)
        j += 1
    return j if words == ["and", "a", "half"] else None


def glued_scale(text: str) -> bool:
    parsed = parse_digits(text)
    return parsed is not None and parsed[1]
