"""What a statistic measures and what it is about: "Quarterly profits at TimeWarner jumped 76%"
measures "Quarterly profits", about "TimeWarner"; "a 52% rise in profits" measures "profits";
"87% of searchers" measures "searchers"; "127 million people" counts "people".

Rules over the dependency parse, tried in order (the first that finds a noun wins):
1. a count measures its counted noun;
2. a change noun in or after the figure measures its "in"/"of" object ("rise in profits");
3. "of"/"in" right after the figure ("£234m of cuts", "$280bn in profits", "44% of searchers");
4. the noun the figure modifies ("a $280bn claim", "1.4% growth target");
5. the noun the figure is "of" ("growth of 2.2%", "a turnout of 25.7%", "fines of up to £2,500"),
   or the noun it restates ("48,000 cases, a 37 percent increase");
6. the subject of the verb the figure hangs from ("profits jumped 76%", "growth is forecast
   to fall from 1.9%"), or its object when the subject is who acted ("cut its debt to £160m").
What it is about is a place, organisation or people named by an entity: in a prepositional
phrase or possessive of the measured noun ("profits at TimeWarner", "Germany's economy"), on
the verb ("sales of 13% in New York"), or the verb's subject when that names who acted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["what_was_measured"]

Range = tuple[int, int]

# Entities that can be what a number is about (a place, an organisation, a people).
_ABOUT_ENTITIES = frozenset(["GPE", "LOC", "ORG", "NORP", "FAC"])
# Entities that are numbers or times, never the measured thing.
_NUMERIC_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"])
# Entities that are amounts: never a modifier of the measured noun ("quarterly" is kept).
_AMOUNT_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY"])
_MODIFIER_DEPS = frozenset(["compound", "amod", "nmod"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
# Prepositions whose object may say where or of whom a number is ("profits at TimeWarner").
_ABOUT_PREPS = frozenset(["at", "in", "of", "for", "across", "among", "within", "from"])


def what_was_measured(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Range | None, Range | None]:
    """(measured words, about words) as token ranges, either None when the parse says nothing."""
    noun = _measured_noun(doc, draft, lex)
    measured = _noun_phrase(doc, noun) if noun is not None else None
    return measured, _about(doc, draft, noun)


def _measured_noun(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    measure = draft.unit == "percent" or draft.unit in lex.currency_codes or draft.unit.endswith(" point")
    counted = not measure and draft.unit not in lex.time_units.values()
    anchor = doc[draft.anchor]
    if counted and draft.core is not None and anchor.pos_ in ("NOUN", "PROPN"):
        return anchor
    rules = [
        _share_of(doc, draft),
        _after_change_noun(doc, draft, lex),
        _to_change_noun(doc, draft, lex),
        _of_after(doc, draft),
    ]
    rules += [_modified_noun(doc, draft), _noun_of(doc, draft), _restated(doc, draft)]
    # A span of time is rarely what its clause's verb measures ("profits rose for the three
    # months to December"), unless the verb changes it ("leave would be increased to nine months").
    verb = _verb_of(doc, draft)
    if measure or (verb is not None and verb[1] in ("to", "from", "by")):
        rules.append(_subject_of_verb(doc, draft, lex))
    for found in rules:
        if found is not None and _is_a_thing(found):
            return found
    return None


def _is_a_thing(tok: Token) -> bool:
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.ent_type_ not in _NUMERIC_ENTITIES
        and tok.ent_type_ not in ("PERSON",)
        and not tok.like_num
        and len(tok.text) > 1
    )


def _root(doc: Doc, draft: Draft) -> Token:
    """The token of the statistic that hangs from outside it."""
    inside = range(draft.start, draft.end)
    roots = [t for t in doc[draft.start : draft.end] if t.head.i not in inside or t.head.i == t.i]
    return roots[0] if roots else doc[draft.anchor]


def _after_change_noun(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    change = doc[draft.change_word] if draft.change_word is not None else None
    if change is None and draft.end < len(doc) and doc[draft.end].lemma_.lower() in lex.change_nouns:
        change = doc[draft.end]  # "a 9% rise in tax revenues" outside the span
    if change is None:
        return None
    return _change_object(change)


def _change_object(change: Token) -> Token | None:
    """ "rise in profits", "fall of sales": what changed."""
    for prep in change.rights:
        if prep.lower_ in ("in", "of") and prep.dep_ == "prep":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _to_change_noun(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """ "a 52% rise in profits to £198m from £130m": the figures after "to"/"from" of a change noun."""
    root = _root(doc, draft)
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("to", "from", "by") or prep.head.pos_ != "NOUN":
        return None
    change = prep.head
    return _change_object(change) if change.lemma_.lower() in lex.change_nouns else None


def _share_of(doc: Doc, draft: Draft) -> Token | None:
    """ "87% of searchers", "nearly half of all users": the whole the share is of."""
    if not draft.comparison or draft.comparison.get("type") != "share" or draft.baseline_tokens is None:
        return None
    start, end = draft.baseline_tokens
    nouns = [t for t in doc[start:end] if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("GPE", "LOC")]
    return nouns[-1] if nouns else None


def _of_after(doc: Doc, draft: Draft) -> Token | None:
    """ "£234m of cuts", "$280bn in profits", "44% of searchers"."""
    if lower_at(doc, draft.end) not in ("of", "in") or draft.end + 1 >= len(doc):
        return None
    prep = doc[draft.end]
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:  # "13% in New York" says where, not what
        return None if objects[0].ent_type_ in ("GPE", "LOC") else objects[0]
    # The parse may hang the noun elsewhere: take the first noun of the phrase after "of".
    for tok in doc[draft.end + 1 : min(draft.end + 5, len(doc))]:
        if tok.pos_ in ("NOUN", "PROPN"):
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN"):
                return tok
        elif tok.pos_ not in ("DET", "ADJ", "PRON"):
            return None
    return None


def _modified_noun(doc: Doc, draft: Draft) -> Token | None:
    """ "a $280bn claim", "an £80m restructuring charge", "its 1.4% growth target"."""
    root = _root(doc, draft)
    head = root.head
    modifies = root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod")
    if modifies and draft.end <= head.i <= draft.end + 3 and head.pos_ in ("NOUN", "PROPN"):
        return head
    if draft.end < len(doc) and doc[draft.end].pos_ == "NOUN" and doc[draft.end].head.i > draft.end:
        head = doc[draft.end].head  # "a 52% pay rise": the figure's noun is a compound of the head
        if head.pos_ == "NOUN" and head.i - draft.end <= 2:
            return head
    return None


def _noun_of(doc: Doc, draft: Draft) -> Token | None:
    """ "growth of 2.2%", "a turnout of 25.7%", "fines of up to £2,500"."""
    prep = doc[draft.start - 1] if draft.start > 0 else None
    if prep is None or prep.lower_ != "of":
        root = _root(doc, draft)
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head  # "sales of 13% in New York and 16% in Ireland"
        prep = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if prep is None or prep.lower_ != "of":
        return None
    head = prep.head
    return head if head.i < prep.i and head.pos_ in ("NOUN", "PROPN") else None


def _restated(doc: Doc, draft: Draft) -> Token | None:
    """ "48,000 cases, a 37 percent increase over 2008": the figure restates the noun before."""
    root = _root(doc, draft)
    if root.dep_ == "appos" and root.head.i < draft.start:
        return root.head
    # The small model often makes both objects of the verb: "investigated 48,000 cases, a 37
    # percent increase": a noun right before the comma with the same head is the one restated.
    if draft.start >= 2 and doc[draft.start - 1].text == ",":
        before = doc[draft.start - 2]
        if before.pos_ == "NOUN" and before.head.i == root.head.i and before.dep_ == root.dep_:
            return before
    return None


def _verb_of(doc: Doc, draft: Draft) -> tuple[Token, str] | None:
    """(the verb the statistic hangs from, the preposition on the way or "")."""
    tok = _root(doc, draft)
    preposition = ""
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.pos_ == "ADP" and not preposition:
            preposition = head.lower_
        if head.pos_ in ("VERB", "AUX"):
            return head, preposition
        if head.pos_ in ("ADP", "ADV") or tok.dep_ in ("pobj", "npadvmod", "advmod"):
            tok = head
            continue
        return None
    return None


def _subject_of_verb(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    found = _verb_of(doc, draft)
    if found is None:
        return None
    verb, preposition = found
    subject = _subject(verb)
    objects = [c for c in verb.children if c.dep_ == "dobj" and not draft.start <= c.i < draft.end]
    if preposition in ("to", "from") and objects:
        changed = objects[0]  # "cut its debt back to £160m", "extend the pay to nine months"
        if changed.lemma_.lower() in lex.change_nouns:  # "posting a rise in profits to £198m"
            return _change_object(changed) or changed
        return changed
    if subject is not None and not _names_someone(subject):
        return subject
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through "is forecast to fall" and "would struggle to meet"."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            continue
        return None
    return None


def _names_someone(tok: Token) -> bool:
    """A subject that names who acted, not what was measured: "Reuters", "it", "the firm"."""
    return tok.pos_ == "PRON" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")


def _noun_phrase(doc: Doc, noun: Token) -> Range:
    """The noun with the modifiers right before it: "tax revenues", "Quarterly profits"."""
    start = noun.i
    while start > 0:
        prev = doc[start - 1]
        attached = noun.i >= prev.head.i >= start
        if (
            prev.dep_ in _MODIFIER_DEPS
            and attached
            and not prev.like_num
            and prev.ent_type_ not in _AMOUNT_ENTITIES
            and prev.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
        ):
            start -= 1
            continue
        break
    return start, noun.i + 1


def _entity_range(doc: Doc, tok: Token) -> Range | None:
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in _ABOUT_ENTITIES:
            return ent.start, ent.end
    return None


def _about(doc: Doc, draft: Draft, noun: Token | None) -> Range | None:
    candidates: list[Token] = []
    if noun is not None:
        if noun.ent_type_ in _ABOUT_ENTITIES and draft.core is None:
            candidates.append(noun)
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in _MODIFIER_DEPS and child.i < noun.i):
                candidates.append(child)  # "Germany's economy", "Palestinian jobs"
            elif child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    found = _verb_of(doc, draft)
    if found is not None:
        verb = found[0]
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
        subject = _subject(verb)
        if subject is not None and subject is not noun:
            candidates.append(subject)
    root = _root(doc, draft)
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
    sentence = doc[draft.start].sent
    for tok in candidates:
        if not sentence.start <= tok.i < sentence.end:
            continue
        # "profits at US media giant TimeWarner": the entity may sit inside the phrase
        near = [t for t in tok.subtree if t.i != tok.i and abs(t.i - tok.i) <= 6]
        phrase = [tok, *(t for t in near if t.i > tok.i), *(t for t in reversed(near) if t.i < tok.i)]
        for word in phrase:
            found_range = _entity_range(doc, word)
            if found_range is not None:
                return found_range
    return None
