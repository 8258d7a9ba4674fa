"""What a statistic measures and what it is about: "Quarterly profits at TimeWarner jumped 76%"
measures "Quarterly profits", about "TimeWarner"; "a 52% rise in profits" measures "profits";
"87% of searchers" measures "searchers"; "127 million people" counts "people".

Rules over the dependency parse, tried in order (the first that finds a thing wins):
1. a count measures its counted noun (not a unit of measure: "5 million tonnes of LNG");
2. nouns right around the figure (measured_near.py): the whole a share is of; the "in"/"of"
   object of a change noun ("rise in profits"); "of"/"in" right after the figure ("£234m of
   cuts"); the noun the figure modifies ("a $280bn claim", "a three-day event"); the noun the
   figure is "of" ("growth of 2.2%"); the noun it restates ("48,000 cases, a 37% increase");
3. for a span of time (measured_time.py): the event it leads to or follows ("five days before
   the ceremony") or what it took ("it took him two years to graduate");
4. the clause (measured_clause.py): the object of a verb that changes or values it ("lifted
   interest rates 0.25%"), the subject of a verb whose subject is the quantity ("profits
   rose", and through a pronoun: "it fell to 9.6%"), or the verb someone acted with ("lost
   $646m", "banned for eight months").
Then numbers linked in one clause share what they measure: the two bounds of a range, the
figures of one verb ("profits rose 76% to £1bn"), and a figure and its baseline ("£3.1bn,
down from £3.6bn"). What it is about: about.py.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from kg.extract.statistics.about import what_it_is_about
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.measured_clause import AMOUNT_ENTITIES, compared_thing, from_clause, verb_of
from kg.extract.statistics.measured_near import (
    GROUP_PRONOUNS,
    after_change_noun,
    change_object,
    headline_noun,
    modified_noun,
    noun_of,
    of_after,
    restated,
    share_of,
    statistic_root,
    to_change_noun,
)
from kg.extract.statistics.measured_time import described_span, distant_thing, interval_event, time_taken_for
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import verb_above

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["attach_measured", "what_was_measured"]

Range = tuple[int, int]

# Entities that are numbers or times, never the measured thing.
_NUMERIC_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"])
_MODIFIER_DEPS = frozenset(["compound", "amod", "nmod"])


def attach_measured(doc: Doc, drafts: list[Draft], lex: Lexicon) -> None:
    for draft in drafts:
        draft.measured, draft.about = what_was_measured(doc, draft, lex)
    _share_within_ranges(drafts)
    _share_within_clauses(doc, drafts, lex)


def what_was_measured(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Range | None, Range | None]:
    """(measured words, about words) as token ranges, either None when the parse says nothing."""
    found = _measured_thing(doc, draft, lex)
    if found is None:
        return None, what_it_is_about(doc, draft, None, lex)
    head, words = found
    if words is None:
        words = _noun_phrase(doc, head, floor=draft.end if head.i >= draft.end else 0)
        if head.lemma_.lower() in lex.placeholder_nouns and _described_by_a_clause(head):
            words = (words[0], _clause_end(doc, head))
    noun = head if head.pos_ in ("NOUN", "PROPN") else None
    return words, what_it_is_about(doc, draft, noun, lex)


def _is_measure(draft: Draft, lex: Lexicon) -> bool:
    """A figure of a unit of measure (money, percent, points, tonnes): it measures something
    other than its unit word."""
    return (
        draft.unit == "percent"
        or draft.unit in lex.currency_codes
        or draft.unit.endswith(" point")
        or draft.unit in lex.measure_units
    )


def _measured_thing(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Token, Range | None] | None:
    measure = _is_measure(draft, lex)
    counted = not measure and draft.unit not in lex.time_units.values()
    anchor = doc[draft.anchor]
    if counted and draft.core is not None and anchor.pos_ in ("NOUN", "PROPN"):
        whole = anchor.head
        if anchor.dep_ == "compound" and anchor.i == draft.end - 1 and whole.i >= draft.end and _is_a_thing(whole, lex):
            return whole, None  # "a 30-man squad", "a three-judge panel": the count is of the whole
        return anchor, _noun_phrase(doc, anchor, floor=draft.core.end)
    change = doc[draft.change_word] if draft.change_word is not None else None
    near = [
        share_of(doc, draft),
        after_change_noun(doc, draft, lex),
        change,  # "after seeing 9% growth last year": the growth (not "a 7.5% rise": see _a_bare_change)
        to_change_noun(doc, draft, lex),
        of_after(doc, draft),
        modified_noun(doc, draft),
        noun_of(doc, draft),
        restated(doc, draft, lex),
        headline_noun(doc, draft),
    ]
    for found in near:
        found = _through_placeholder(found, lex)
        if found is not None and _is_a_thing(found, lex):
            return found, None
    if draft.unit in lex.time_units.values():
        distant = _through_placeholder(distant_thing(doc, draft, lex), lex)
        if distant is not None and _is_a_thing(distant, lex):
            return distant, None
        verb = verb_of(doc, draft, lex)
        words = (
            interval_event(doc, draft, lex)
            or described_span(doc, draft)
            or time_taken_for(doc, draft, verb[0] if verb else None, lex)
        )
        if words is not None:
            return doc[words[0]], words
    compared = compared_thing(doc, draft, lex)
    if compared is not None:
        return compared
    clause = from_clause(doc, draft, lex, measure)
    if clause is None or clause[1] is not None:
        return clause
    found = _through_placeholder(clause[0], lex)
    return (found, None) if found is not None and _is_a_thing(found, lex) else None


def _through_placeholder(tok: Token | None, lex: Lexicon) -> Token | None:
    """ "the number of gadgets", "the level of unemployment": a noun that stands for a figure
    measures its "of" object."""
    if tok is None or tok.lemma_.lower() not in lex.placeholder_nouns or _named_by_a_noun(tok):
        return tok
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return tok


def _is_a_thing(tok: Token, lex: Lexicon) -> bool:
    if tok.lower_ in GROUP_PRONOUNS:
        return any(c.dep_ in ("acl", "relcl") for c in tok.children)  # "those surveyed"
    lemma = tok.lemma_.lower()
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.ent_type_ not in _NUMERIC_ENTITIES
        and tok.ent_type_ not in ("PERSON",)
        and not tok.like_num
        and len(tok.text) > 1
        and (lemma not in lex.placeholder_nouns or _named_by_a_noun(tok) or _described_by_a_clause(tok))
        and not (lemma in lex.change_nouns and _a_bare_change(tok))
        and lemma not in lex.measure_units
        and tok.lower_ not in lex.time_units
        # "50,000 euros (£35,000)": money, not a thing; "the dollar fell 0.7%" is a thing
        and not (tok.tag_ == "NNS" and any(seq[-1] == tok.lower_ for seq, _ in lex.currency_words))
    )


def _a_bare_change(change: Token) -> bool:
    """ "following a fall of 0.6%": one change, with nothing said of what changed, is no thing
    ("economic growth of 2.2%", "£234m of cuts" are)."""
    named = [c for c in change.children if c.dep_ in _MODIFIER_DEPS and c.ent_type_ not in _NUMERIC_ENTITIES]
    if any(not c.like_num and c.text != "%" for c in named):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in change.children):
        return False
    changed = change_object(change)
    return changed is None or changed.like_num or changed.ent_type_ in _NUMERIC_ENTITIES


def _described_by_a_clause(tok: Token) -> bool:
    """ "the level at which house buyers pay stamp duty": a clause makes a placeholder a thing."""
    return any(c.dep_ in ("relcl", "acl") and c.i > tok.i for c in tok.children)


def _named_by_a_noun(tok: Token) -> bool:
    """ "wave heights", "sea level": a noun right before it makes a placeholder noun a thing
    (not "an all-time record")."""
    return any(
        c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and c.i == tok.i - 1 and c.lower_ != "time"
        for c in tok.children
    )


def _noun_phrase(doc: Doc, noun: Token, floor: int = 0) -> Range:
    """The noun with the modifiers right before it: "tax revenues", "Quarterly profits"; a
    group pronoun with the participle that says who: "those surveyed". The phrase never
    reaches back to `floor` (the figure's own words: "three-day event" measures "event")."""
    if noun.lower_ in GROUP_PRONOUNS:
        said = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.i == noun.i + 1]
        return noun.i, (said[0].i + 1 if said else noun.i + 1)
    start = noun.i
    while start > floor:
        prev = doc[start - 1]
        if prev.text in ("-", "–") and start - 2 >= floor and _glued(doc, start - 1) and doc[start - 2].is_alpha:
            start -= 2  # "bail-out", "e-commerce"
            continue
        attached = noun.i >= prev.head.i >= start
        if (
            prev.dep_ in _MODIFIER_DEPS
            and attached
            and not prev.like_num
            and prev.ent_type_ not in AMOUNT_ENTITIES
            and prev.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
        ):
            start -= 1
            continue
        break
    return start, noun.i + 1


def _glued(doc: Doc, i: int) -> bool:
    """Token i touches its neighbours with no space on either side."""
    return not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _clause_end(doc: Doc, noun: Token) -> int:
    """Where the clause describing a placeholder noun ends, before any figure and at most
    eight words on: "level at which house buyers pay stamp duty (to £120,000)"."""
    clause = next(c for c in noun.children if c.dep_ in ("relcl", "acl") and c.i > noun.i)
    end = min(max(t.i for t in clause.subtree) + 1, noun.i + 9)
    figure = next((t.i for t in doc[noun.i + 1 : end] if t.like_num or t.ent_type_ in AMOUNT_ENTITIES), end)
    end = figure
    while end > noun.i + 1 and (doc[end - 1].is_punct or doc[end - 1].pos_ in ("ADP", "DET", "CCONJ", "PART")):
        end -= 1
    return end


def _share_within_ranges(drafts: list[Draft]) -> None:
    """The two bounds of a range measure the same thing: "its 2-3% target range"."""
    for low, high in itertools.pairwise(drafts):
        if low.low is not None and (low.low, low.high) == (high.low, high.high):
            _fill(low, high)
            _fill(high, low)


def _share_within_clauses(doc: Doc, drafts: list[Draft], lex: Lexicon) -> None:
    """Figures linked in one clause measure one thing: "profits rose 76% to £1bn" (one verb),
    "the deficit was £3.1bn, down from £3.6bn" (a baseline). Counts keep their own noun, and
    a span of time is shared only with another span of time."""
    measures = [d for d in drafts if _is_measure(d, lex) or d.unit in lex.time_units.values()]
    verbs = {id(d): _clause_verb(doc, d, lex) for d in measures}
    for draft, other in itertools.permutations(measures, 2):
        if draft.measured is not None or other.measured is None:
            continue
        if doc[draft.start].sent.start != doc[other.start].sent.start:
            continue
        if (draft.unit in lex.time_units.values()) != (other.unit in lex.time_units.values()):
            continue
        mine, theirs = verbs[id(draft)], verbs[id(other)]
        same_verb = mine is not None and theirs is not None and mine.i == theirs.i
        tokens = other.baseline_tokens
        baseline = tokens is not None and tokens[0] <= draft.start < tokens[1]
        if same_verb or baseline:
            _fill(draft, other)


def _clause_verb(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """The verb of the figure's clause, past a verb that only sets it beside another ("car
    sales fell 2.8%, following a fall of 0.6%": both figures belong to "fell")."""
    found = verb_of(doc, draft, lex)
    verb = found[0] if found is not None else verb_above(statistic_root(doc, draft), 5)
    while verb is not None and verb.lemma_.lower() in lex.silent_verbs and verb.head.i != verb.i:
        if verb.dep_ not in ("prep", "advcl", "xcomp", "conj") or verb.head.pos_ not in ("VERB", "AUX"):
            break
        verb = verb.head
    return verb


def _fill(draft: Draft, other: Draft) -> None:
    draft.measured = draft.measured or other.measured
    draft.about = draft.about or other.about
