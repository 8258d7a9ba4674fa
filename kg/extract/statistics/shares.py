"""Shares written as fractions or odds, read as a percent: "nearly half of all users" = 50,
"two-thirds of those questioned" = 66.67, "one in five adults" = 20; and a fraction of a
point: "a quarter of a percentage point" = 0.25 percentage point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.cores import Core, number_core
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.numbers import number_words
from kg.extract.statistics.reading import Draft, approximation_before
from kg.extract.statistics.tokens import lower_at, lowers, match_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["read_share"]

# Words before a fraction that make it a part of time ("the first half of 2005", "this
# quarter"), not a share.
_NOT_A_SHARE_BEFORE = frozenset(
    ["the", "first", "second", "third", "fourth", "final", "last", "this", "next", "each", "every", "that"]
)
# Words after "half" that open the whole it is a share of ("half the population").
_WHOLE_AFTER_HALF = frozenset(["the", "its", "their", "his", "her", "all", "our", "your", "those", "these"])


def read_share(doc: Doc, i: int, lex: Lexicon, core: Core | None) -> Draft | None:
    """A fraction or an "N in M" share starting at token i (`core`: the number that starts
    there, cores.number_core), with its approximation."""
    draft = _fraction(doc, i, lex) or _one_in(doc, i, core)
    if draft is None:
        return None
    found = approximation_before(doc, draft.start, lex, doc[i].sent.start)
    if found is not None:
        draft.start, draft.approximation = found
    return draft


def _fraction(doc: Doc, i: int, lex: Lexicon) -> Draft | None:
    words = number_words()
    lower = lowers(doc)
    n = len(doc)
    numerator, j = 1.0, i
    first = lower[i]
    if first in ("a", "an", "one"):
        j = i + 1
    elif first in words.units and 2 <= words.units[first] <= 9:
        numerator, j = words.units[first], i + 1
    if j < n and j > i and doc[j].text in ("-", "–"):
        j += 1  # "two-thirds"
    if j >= n or lower[j] not in words.fractions:
        return None
    word = lower[j]
    if j == i and word != "half":
        return None  # "quarter of 2004" is a time; a share says "a quarter of", "three quarters of"
    if lower_at(doc, i - 1) in _NOT_A_SHARE_BEFORE or (i > 0 and doc[i - 1].like_num):
        return None
    fraction = numerator * words.fractions[word]
    after = j + 1
    # "a quarter of a percentage point", "half a percentage point"
    skip = after + 1 if lower_at(doc, after) == "of" else after
    if lower_at(doc, skip) in ("a", "an"):
        for seq, name in lex.points:
            if match_at(doc, skip + 1, seq):
                end = skip + 1 + len(seq)
                return Draft(i, end, round(fraction, 4), name, anchor=end - 1)
    whole = lower_at(doc, after + 1) if lower_at(doc, after) == "of" else None
    direct = whole is None and word == "half" and lower_at(doc, after) in _WHOLE_AFTER_HALF
    if direct:
        whole = lower_at(doc, after)
    if whole is None or whole in ("a", "an"):
        return None
    of_whole = doc[after + 1] if lower_at(doc, after) == "of" and after + 1 < n else None
    if of_whole is not None and (of_whole.ent_type_ == "DATE" or of_whole.like_num):
        return None  # "half of 2005", "a third of 10"
    draft = Draft(i, j + 1, round(fraction * 100, 2), "percent", anchor=j)
    if direct:  # "half the nation's total annual output": the whole follows without "of"
        end = _phrase_end(doc, after)
        draft.baseline_tokens = (after, end)
        draft.comparison = {"type": "share", "baseline": doc[after:end].text}
    return draft


def _phrase_end(doc: Doc, i: int) -> int:
    """One past the last noun of the noun phrase starting at token i."""
    end = i + 1
    for tok in doc[i : min(i + 8, len(doc))]:
        if tok.pos_ in ("NOUN", "PROPN"):
            end = tok.i + 1
        elif tok.pos_ not in ("DET", "ADJ", "PART", "PRON") and tok.tag_ != "POS":
            break
    return end


def _one_in(doc: Doc, i: int, part: Core | None) -> Draft | None:
    """ "one in five adults", "one in every four", "three out of 10": a share in percent."""
    if part is None or part.end >= len(doc) or not doc[i].like_num:
        return None
    j = part.end
    if lower_at(doc, j) == "in":
        j += 1
    elif lower_at(doc, j) == "out" and lower_at(doc, j + 1) == "of":
        j += 2
    else:
        return None
    if lower_at(doc, j) == "every":
        j += 1
    whole = number_core(doc, j) if j < len(doc) else None
    if whole is None or whole.vague or part.vague or not part.value < whole.value <= 1000:
        return None
    if whole.end - whole.start == 1 and len(doc[whole.start].text) == 4 and doc[whole.start].is_digit:
        return None  # "one in 2005"
    if lower_at(doc, whole.end) in ("%", "percent", "per"):
        return None
    return Draft(i, whole.end, round(part.value / whole.value * 100, 2), "percent", anchor=whole.end - 1)
