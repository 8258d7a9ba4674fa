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

import itertools
from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["attach_measured", "what_was_measured"]

Range = tuple[int, int]

# Entities that can be what a number is about (a place, an organisation, a people).
_ABOUT_ENTITIES = frozenset(["GPE", "LOC", "ORG", "NORP", "FAC"])
# Entities that are numbers or times, never the measured thing.
_NUMERIC_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"])
# Entities that are amounts: never a modifier of the measured noun ("quarterly" is kept).
_AMOUNT_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY"])
# Pronouns that stand for a surveyed group when a participle follows ("those questioned").
_GROUP_PRONOUNS = frozenset(["those", "these"])
_MODIFIER_DEPS = frozenset(["compound", "amod", "nmod"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
# Prepositions whose object may say where or of whom a number is ("profits at TimeWarner").
_ABOUT_PREPS = frozenset(["at", "in", "of", "for", "across", "among", "within", "from"])


def attach_measured(doc: Doc, drafts: list[Draft], lex: Lexicon) -> None:
    for draft in drafts:
        draft.measured, draft.about = what_was_measured(doc, draft, lex)
    # The two bounds of a range measure the same thing: "its 2-3% target range".
    for low, high in itertools.pairwise(drafts):
        if low.low is not None and (low.low, low.high) == (high.low, high.high):
            low.measured = low.measured or high.measured
            high.measured = high.measured or low.measured
            low.about = low.about or high.about
            high.about = high.about or low.about


def what_was_measured(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Range | None, Range | None]:
    """(measured words, about words) as token ranges, either None when the parse says nothing."""
    noun = _measured_noun(doc, draft, lex)
    measured = _noun_phrase(doc, noun) if noun is not None else None
    return measured, _about(doc, draft, noun, lex)


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
    rules += [_modified_noun(doc, draft), _noun_of(doc, draft), _restated(doc, draft, lex)]
    # A span of time is rarely what its clause's verb measures ("profits rose for the three
    # months to December"), unless the verb changes it ("leave would be increased to nine months").
    verb = _verb_of(doc, draft, lex)
    if measure or (verb is not None and verb[1] in ("to", "from", "by")):
        rules.append(_subject_of_verb(doc, draft, lex))
    for found in rules:
        if found is not None and _is_a_thing(found) and found.lemma_.lower() not in lex.placeholder_nouns:
            return found
    return None


def _is_a_thing(tok: Token) -> bool:
    if tok.lower_ in _GROUP_PRONOUNS:
        return any(c.dep_ in ("acl", "relcl") for c in tok.children)  # "those surveyed"
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
    if nouns:
        return nouns[-1]
    if doc[start].lower_ in _GROUP_PRONOUNS:
        return doc[start]  # "12% of those surveyed"
    # "80% of medium and large companies": the phrase stopped at "and"; its head noun is further
    of_word = doc[start - 1] if start > 0 and doc[start - 1].lower_ == "of" else None
    objects = [c for c in of_word.children if c.dep_ == "pobj"] if of_word is not None else []
    return objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN") else None


def _of_after(doc: Doc, draft: Draft) -> Token | None:
    """ "£234m of cuts", "$280bn in profits", "44% of searchers", also past a conversion in
    brackets: "$300bn (£158.8bn; 230.9bn euros) in farm subsidies"."""
    at = draft.end
    if lower_at(doc, at) == "(":
        at = next((k + 1 for k in range(at, min(at + 12, len(doc))) if doc[k].text == ")"), at)
    elif lower_at(doc, at) == ")":
        at += 1
    if lower_at(doc, at) not in ("of", "in") or at + 1 >= len(doc):
        return None
    prep = doc[at]
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:  # "13% in New York" says where, not what
        return None if objects[0].ent_type_ in ("GPE", "LOC") else objects[0]
    # The parse may hang the noun elsewhere: take the first noun of the phrase after "of".
    for tok in doc[at + 1 : min(at + 5, len(doc))]:
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


def _restated(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """ "48,000 cases, a 37 percent increase over 2008": the figure restates the noun before."""
    root = _root(doc, draft)
    if root.dep_ == "appos" and root.head.i < draft.start:
        currency = any(seq[-1] == root.head.lower_ for seq, _ in lex.currency_words)
        return None if currency else root.head  # "50,000 euros (£35,000)": a conversion, not a noun
    # The small model often makes both objects of the verb: "investigated 48,000 cases, a 37
    # percent increase": a noun right before the comma with the same head is the one restated.
    if draft.start >= 2 and doc[draft.start - 1].text == ",":
        before = doc[draft.start - 2]
        if before.pos_ == "NOUN" and before.head.i == root.head.i and before.dep_ == root.dep_:
            return before
    return None


def _verb_of(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Token, str] | None:
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
        amount = head.like_num or head.pos_ == "NUM" or head.ent_type_ in _AMOUNT_ENTITIES or head.text in "%$£€"
        placeholder = head.lemma_.lower() in lex.placeholder_nouns  # "rose to a new record of £27.9bn"
        if head.pos_ in ("ADP", "ADV") or tok.dep_ in ("pobj", "npadvmod", "advmod") or amount or placeholder:
            tok = head  # through "by", "back to", and a next amount the parse hung it from
            continue
        return None
    return None


def _subject_of_verb(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    found = _verb_of(doc, draft, lex)
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
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "penalties totalling nearly $2bn"
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


def _clause_verb(tok: Token) -> Token | None:
    for _ in range(4):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _names_someone(tok: Token) -> bool:
    """A subject that names who acted, not what was measured: "Reuters", "it", "the firm"."""
    return tok.pos_ == "PRON" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")


def _noun_phrase(doc: Doc, noun: Token) -> Range:
    """The noun with the modifiers right before it: "tax revenues", "Quarterly profits"; a
    group pronoun with the participle that says who: "those surveyed"."""
    if noun.lower_ in _GROUP_PRONOUNS:
        said = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.i == noun.i + 1]
        return noun.i, (said[0].i + 1 if said else noun.i + 1)
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


def _about(doc: Doc, draft: Draft, noun: Token | None, lex: Lexicon) -> Range | None:
    candidates: list[Token] = []
    if noun is not None:
        if noun.ent_type_ in _ABOUT_ENTITIES and draft.core is None:
            candidates.append(noun)
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in _MODIFIER_DEPS and child.i < noun.i):
                candidates.append(child)  # "Germany's economy", "Palestinian jobs"
            elif child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    found = _verb_of(doc, draft, lex)
    verb = found[0] if found is not None else (_clause_verb(noun) if noun is not None else None)
    if verb is not None:  # the verb of the figure, or of the measured noun ("Absa has a value of")
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
