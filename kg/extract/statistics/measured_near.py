"""What a statistic measures, read from the nouns right around the figure: "a 52% rise in
profits", "£234m of cuts", "44% of searchers", "a $280bn claim", "growth of 2.2%", "48,000
cases, a 37 percent increase". Each rule returns the head noun or None; measured.py tries them
in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "GROUP_PRONOUNS",
    "after_brackets",
    "after_change_noun",
    "change_object",
    "closed_end",
    "headline_noun",
    "modified_noun",
    "noun_of",
    "of_after",
    "restated",
    "share_of",
    "statistic_root",
    "to_change_noun",
]

# Pronouns that stand for a surveyed group when a participle follows ("those questioned").
GROUP_PRONOUNS = frozenset(["those", "these"])


def statistic_root(doc: Doc, draft: Draft) -> Token:
    """The token of the statistic that hangs from outside it."""
    # Asked again and again by the measured and about rules: found once per token range.
    known: dict[tuple[int, int, int], int] = doc.user_data.setdefault("kg.statistic_roots", {})
    key = (draft.start, draft.end, draft.anchor)
    root = known.get(key)
    if root is None:
        inside = range(draft.start, draft.end)
        roots = (t.i for t in doc[draft.start : draft.end] if t.head.i not in inside or t.head.i == t.i)
        root = known[key] = next(roots, draft.anchor)
    return doc[root]


def after_brackets(doc: Doc, at: int) -> int:
    """The first token after a conversion in brackets that starts at `at` ("$420bn (£227bn)"),
    or `at` itself when no bracket starts there."""
    if lower_at(doc, at) == "(":
        return next((k + 1 for k in range(at, min(at + 12, len(doc))) if doc[k].text == ")"), at)
    if lower_at(doc, at) == ")":
        return at + 1
    return at


# Words a phrase cut short must not end on: "after leading Sir Clive Woodward's team to".
_DANGLING = frozenset(["ADP", "DET", "CCONJ", "PART", "ADJ", "AUX"])


def closed_end(doc: Doc, floor: int, end: int) -> int:
    """Move `end` back (not below floor + 1) past punctuation, dangling words and modifiers of
    words left out: "stopped by British immigration" -> "stopped"."""
    while end > floor + 1:
        last = doc[end - 1]
        modifies_beyond = last.dep_ in ("compound", "amod", "poss", "det", "nummod") and last.head.i >= end
        if last.is_punct or last.pos_ in _DANGLING or modifies_beyond:
            end -= 1
            continue
        break
    return end


def change_object(change: Token) -> Token | None:
    """ "rise in profits", "fall of sales": what changed."""
    for prep in change.rights:
        if prep.lower_ in ("in", "of") and prep.dep_ == "prep":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def after_change_noun(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    change = doc[draft.change_word] if draft.change_word is not None else None
    if change is None and draft.end < len(doc) and doc[draft.end].lemma_.lower() in lex.change_nouns:
        change = doc[draft.end]  # "a 9% rise in tax revenues" outside the span
    if change is None:
        return None
    return change_object(change)


def to_change_noun(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """ "a 52% rise in profits to £198m from £130m": the figures after "to"/"from" of a change noun."""
    root = statistic_root(doc, draft)
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("to", "from", "by") or prep.head.pos_ != "NOUN":
        return None
    change = prep.head
    return change_object(change) if change.lemma_.lower() in lex.change_nouns else None


def share_of(doc: Doc, draft: Draft) -> Token | None:
    """ "87% of searchers", "nearly half of all users", "six out of every 10 planes": the whole
    the share is of."""
    if not draft.comparison or draft.comparison.get("type") != "share" or draft.baseline_tokens is None:
        return None
    start, end = draft.baseline_tokens
    nouns = [t for t in doc[start:end] if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("GPE", "LOC")]
    if nouns:
        return nouns[-1]
    if doc[start].lower_ in GROUP_PRONOUNS:
        return doc[start]  # "12% of those surveyed"
    # "80% of medium and large companies": the phrase stopped at "and"; its head noun is further
    of_word = doc[start - 1] if start > 0 and doc[start - 1].lower_ == "of" else None
    objects = [c for c in of_word.children if c.dep_ == "pobj"] if of_word is not None else []
    if objects and objects[0].pos_ in ("NOUN", "PROPN"):
        return objects[0]
    # "six out of every 10 planes": the whole is the noun right after the baseline
    at = end
    while at < min(end + 3, len(doc)) and doc[at].pos_ in ("ADJ", "NUM"):
        at += 1
    return doc[at] if at < len(doc) and doc[at].pos_ == "NOUN" else None


def of_after(doc: Doc, draft: Draft) -> Token | None:
    """ "£234m of cuts", "$280bn in profits", "44% of searchers", "5 million tonnes of LNG",
    also past a conversion in brackets: "$300bn (£158.8bn; 230.9bn euros) in farm subsidies"."""
    at = after_brackets(doc, draft.end)
    if lower_at(doc, at) not in ("of", "in") or at + 1 >= len(doc):
        return None
    prep = doc[at]
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:  # "13% in New York" says where, not what
        return None if objects[0].ent_type_ in ("GPE", "LOC", "DATE") else objects[0]
    # The parse may hang the noun elsewhere: take the first noun of the phrase after "of".
    for tok in doc[at + 1 : min(at + 5, len(doc))]:
        if tok.pos_ in ("NOUN", "PROPN"):
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN"):
                return tok
        elif tok.pos_ not in ("DET", "ADJ", "PRON"):
            return None
    return None


def modified_noun(doc: Doc, draft: Draft) -> Token | None:
    """ "a $280bn claim", "an £80m restructuring charge", "its 1.4% growth target", "a three-day
    event", and past a conversion: "a $27.5bn (£13bn) tax demand"."""
    root = statistic_root(doc, draft)
    head = root.head
    modifies = root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod")
    after = after_brackets(doc, draft.end)
    if modifies and draft.end <= head.i <= after + 3 and head.pos_ in ("NOUN", "PROPN"):
        return head
    last = doc[draft.end - 1]  # "six out of every 10 planes": the figure's last word counts it
    if last.dep_ in ("nummod", "compound") and draft.end <= last.head.i <= draft.end + 2 and last.head.pos_ == "NOUN":
        return last.head
    if after < len(doc) and doc[after].pos_ in ("NOUN", "PROPN") and doc[after].head.i > after:
        head = doc[after].head  # "a 52% pay rise": the figure's noun is a compound of the head
        if head.pos_ == "NOUN" and head.i - after <= 2:
            return head
    return None


def headline_noun(doc: Doc, draft: Draft) -> Token | None:
    """ "UK pledges £1bn to vaccine effort": in a headline the tagger may take the verb for a
    noun that the figure then hangs from; that word says what the figure is."""
    root = statistic_root(doc, draft)
    head = root.head
    if root.dep_ == "npadvmod" and head.dep_ == "ROOT" and head.pos_ == "NOUN" and head.i < draft.start:
        return head
    return None


def noun_of(doc: Doc, draft: Draft) -> Token | None:
    """ "growth of 2.2%", "a turnout of 25.7%", "fines of up to £2,500"."""
    prep = doc[draft.start - 1] if draft.start > 0 else None
    if prep is None or prep.lower_ != "of":
        root = statistic_root(doc, draft)
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head  # "sales of 13% in New York and 16% in Ireland"
        prep = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if prep is None or prep.lower_ != "of":
        return None
    head = prep.head
    return head if head.i < prep.i and head.pos_ in ("NOUN", "PROPN") else None


def restated(doc: Doc, draft: Draft, lex: Lexicon) -> Token | None:
    """ "48,000 cases, a 37 percent increase over 2008": the figure restates the noun before."""
    root = statistic_root(doc, draft)
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
