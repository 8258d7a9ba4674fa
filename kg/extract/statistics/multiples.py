"""Multiples read as a percent change: "doubled" = 100 percent increase, "more than tenfold" =
900, "six times as much" = 500, "twice as many" = 100, "halved" = 50 percent decrease.
The words are data: multiple_verbs and multiple_adverbs in numbers_words.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.cores import Core
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.numbers import number_words, parse_number
from kg.extract.statistics.reading import Draft, approximation_before
from kg.extract.statistics.tokens import lemmas, lower_at, lowers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["read_multiple"]

# Where a multiple verb that is not tagged VERB still reports a change: "prices nearly double".
_PREDICATE_DEPS = frozenset(["ROOT", "acomp", "xcomp", "conj", "ccomp", "advcl"])


def read_multiple(doc: Doc, i: int, lex: Lexicon, core: Core | None) -> Draft | None:
    """A multiple starting at token i (`core`: the number that starts there,
    cores.number_core): its percent change, approximation and direction."""
    found = _multiple_verb(doc, i, lex) or _fold_word(doc, i) or _times_as(doc, i, core)
    if found is None:
        return None
    end, factor = found
    if factor == 1:
        return None
    draft = Draft(i, end, round(abs(factor - 1) * 100, 2), "percent", anchor=end - 1)
    draft.adverb_kind = "increase" if factor > 1 else "decrease"
    approx = approximation_before(doc, i, lex, doc[i].sent.start)
    if approx is not None:
        draft.start, draft.approximation = approx
    return draft


def _multiple_verb(doc: Doc, i: int, lex: Lexicon) -> tuple[int, float] | None:
    verbs = number_words().multiple_verbs
    factor = verbs.get(lemmas(doc)[i]) or verbs.get(lowers(doc)[i])
    if factor is None or lower_at(doc, i + 1) in ("-", "–"):
        return None  # "double-digit"
    tok = doc[i]
    if any(c.dep_ == "prt" for c in tok.children):
        return None  # "doubling down on his attacks", "doubled up in pain"
    approximated = approximation_before(doc, i, lex, tok.sent.start) is not None
    if tok.pos_ == "VERB" or approximated or (tok.dep_ in _PREDICATE_DEPS and tok.pos_ != "NOUN"):
        return i + 1, factor
    return None


def _fold_word(doc: Doc, i: int) -> tuple[int, float] | None:
    """ "tenfold", "ten-fold", "10-fold"."""
    text = lowers(doc)[i]
    if text.endswith("fold") and len(text) > 4:
        value = parse_number([text[:-4].rstrip("-")])
        return (i + 1, value) if value else None
    if lower_at(doc, i + 1) in ("-", "–") and lower_at(doc, i + 2) == "fold":
        value = parse_number([doc[i].text])
        return (i + 3, value) if value else None
    return None


def _times_as(doc: Doc, i: int, core: Core | None) -> tuple[int, float] | None:
    """ "six times as much", "six times more data", "twice as many"."""
    adverb = number_words().multiple_adverbs.get(lowers(doc)[i])
    if adverb is not None:
        return (i + 1, adverb) if _compares(doc, i + 1) else None
    if core is None or core.vague or lower_at(doc, core.end) not in ("times", "time"):
        return None
    return (core.end + 1, core.value) if _compares(doc, core.end + 1) else None


def _compares(doc: Doc, i: int) -> bool:
    """ "as much", "as many", "more", "higher", "bigger": a comparison follows."""
    if i >= len(doc):
        return False
    tok: Token = doc[i]
    return tok.lower_ == "as" or tok.tag_ in ("JJR", "RBR")
