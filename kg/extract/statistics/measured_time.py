"""What a span of time measures when no noun says so: the time to or since an event ("five days
before the ceremony", "40 years after the film was released"), or the time something took
("it took him two years to graduate to the full England XV", "spent four months attempting to
trick them"). Each rule returns the words as a token range, or None."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.measured_near import closed_end
from kg.extract.statistics.reading import Draft

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["described_span", "distant_thing", "interval_event", "time_taken_for"]

Range = tuple[int, int]

# The longest description of an event or purpose kept as the measured words.
_LONGEST = 8


def interval_event(doc: Doc, draft: Draft, lex: Lexicon) -> Range | None:
    """ "five days before the ceremony" -> "before the ceremony"."""
    if draft.end >= len(doc) or doc[draft.end].lower_ not in lex.interval_words:
        return None
    word = doc[draft.end]
    objects = [c for c in word.children if c.dep_ in ("pobj", "pcomp")]
    if objects:
        return _phrase(word, objects[0])
    if word.dep_ == "mark" and word.head.i > word.i:
        return _phrase(word, word.head)  # "after the film was released": a clause
    return None


def distant_thing(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """ "the film is four years away", "Hobbit picture 'four years away'" -> the film, the picture."""
    if draft.end >= len(doc) or doc[draft.end].lower_ not in lex.distance_words:
        return None
    head = doc[draft.end].head
    if head.pos_ in ("NOUN", "PROPN"):
        return head  # a headline without a verb
    if head.pos_ in ("VERB", "AUX"):
        return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def described_span(doc: Doc, draft: Draft) -> Range | None:
    """ "three or four years taken off their careers": a clause on the time noun says what the
    span is of."""
    anchor = doc[draft.anchor]
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl") and child.i >= draft.end and child.pos_ == "VERB":
            return _phrase(child, child)
    return None


def time_taken_for(doc: Doc, draft: Draft, verb: Token | None, lex: Lexicon) -> Range | None:
    """ "it took him two years to graduate" -> "graduate to the full England XV"."""
    if verb is None or verb.lemma_.lower() not in lex.taking_verbs:
        return None
    span_tokens = {t.i for t in doc[draft.start : draft.end]}
    holders = [verb, *(doc[i] for i in span_tokens)]
    for holder in holders:
        for child in holder.children:
            purpose = child.dep_ in ("xcomp", "relcl", "advcl") and child.i >= draft.end
            if purpose and child.pos_ == "VERB":
                return _phrase(child, child)
    return None


def _phrase(first: Token, head: Token) -> Range:
    """From `first` to the end of `head`'s phrase, cut after `_LONGEST` tokens."""
    end = min(max(t.i for t in head.subtree) + 1, first.i + _LONGEST)
    if end <= head.i:
        return first.i, head.i + 1
    return first.i, closed_end(head.doc, head.i, end)
