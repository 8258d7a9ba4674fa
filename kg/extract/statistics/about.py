"""What a statistic is about: a place, organisation or people named by an entity, found in a
prepositional phrase or possessive of the measured noun ("profits at TimeWarner", "Germany's
economy"), on the verb ("sales of 13% in New York"), or the verb's subject when that names who
acted ("Reuters posted a 52% rise")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.measured_clause import subject_of, verb_of
from kg.extract.statistics.measured_near import statistic_root
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import verb_above

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["what_it_is_about"]

Range = tuple[int, int]

# Entities that can be what a number is about (a place, an organisation, a people).
_ABOUT_ENTITIES = frozenset(["GPE", "LOC", "ORG", "NORP", "FAC"])
_MODIFIER_DEPS = frozenset(["compound", "amod", "nmod"])
# Prepositions whose object may say where or of whom a number is ("profits at TimeWarner").
_ABOUT_PREPS = frozenset(["at", "in", "of", "for", "across", "among", "within", "from"])


def what_it_is_about(doc: Doc, draft: Draft, noun: Token | None, lex: Lexicon) -> Range | None:
    """The entity's tokens, or None. `noun` is the head of the measured thing (it may stand in
    an earlier sentence when a pronoun led to it)."""
    candidates: list[Token] = []
    if noun is not None:
        if noun.ent_type_ in _ABOUT_ENTITIES and draft.core is None:
            candidates.append(noun)
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in _MODIFIER_DEPS and child.i < noun.i):
                candidates.append(child)  # "Germany's economy", "Palestinian jobs"
            elif child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    found = verb_of(doc, draft, lex)
    verb = found[0] if found is not None else (verb_above(noun, 4) if noun is not None else None)
    if verb is not None:  # the verb of the figure, or of the measured noun ("Absa has a value of")
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
        subject = subject_of(verb)
        if subject is not None and subject is not noun:
            candidates.append(subject)
    root = statistic_root(doc, draft)
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
    sentences = {doc[draft.start].sent.start}
    if noun is not None:
        sentences.add(noun.sent.start)  # an antecedent's own sentence ("Brazil's unemployment rate")
    for tok in candidates:
        if tok.sent.start not in sentences:
            continue
        # "profits at US media giant TimeWarner": the entity may sit inside the phrase
        near = [t for t in tok.subtree if t.i != tok.i and abs(t.i - tok.i) <= 6]
        phrase = [tok, *(t for t in near if t.i > tok.i), *(t for t in reversed(near) if t.i < tok.i)]
        for word in phrase:
            found_range = _entity_range(doc, word)
            if found_range is not None:
                return found_range
    return None


def _entity_range(doc: Doc, tok: Token) -> Range | None:
    return _about_entities(doc)[tok.i]


def _about_entities(doc: Doc) -> list[Range | None]:
    """For each token, the tokens of the place/organisation/people entity it is in, or None;
    made once per Doc (entities do not overlap): `doc.ents` builds a Span for every entity
    on each read, and this is asked for every word near every statistic (issue 11)."""
    found = doc.user_data.get("kg.about_entities")
    if found is None:
        found = [None] * len(doc)
        for ent in doc.ents:
            if ent.label_ in _ABOUT_ENTITIES:
                found[ent.start : ent.end] = [(ent.start, ent.end)] * (ent.end - ent.start)
        doc.user_data["kg.about_entities"] = found
    return found  # type: ignore[no-any-return]
