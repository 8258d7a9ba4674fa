"""Quotations inside someone's sentence: after a naming verb ('called the report
“outrageous”'), on a headline line ('Graham: Trump’s ‘Hateful Rhetoric’ ...'), or under a
verb whose subject is a person, group or pronoun ('applauded him for fighting “over and over
again”'): partial statements. A quotation under no such verb ('a system sometimes dubbed the
“Great Firewall of China”') is a scare quote and no statement."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.docindex import DocIndex
from kg.extract.statements.attribution import bare_participle, cue_span, names_speaker, speaker_span, subject_of
from kg.extract.statements.drafts import Draft, Taken, holds_quote, mostly_inside
from kg.models import StatementKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["governed_quotes", "headline_statements", "naming_statement"]


def naming_statement(ix: DocIndex, verb: Token) -> Draft | None:
    """'X called the report “outrageous.”': from the verb's first following dependent to
    the end of the quotation in it; only when a quotation is there."""
    subject = subject_of(ix, verb)
    rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
    # "X was dubbed “…”" names no one who said it: the subject must be the namer; and a
    # bare participle ("a system sometimes dubbed “…”") describes, it does not report.
    if subject is None or subject.dep_ == "nsubjpass" or not rights or bare_participle(verb):
        return None
    first = rights[0].left_edge.i
    last = max(c.right_edge.i for c in rights)
    span = ix.doc[first : last + 1]
    start, end = span.start_char, span.end_char
    inside = ix.quotes_opening_in(start, end)
    if not inside:
        return None
    end = max(end, inside[-1].outer_end)
    content = ix.trim(start, end)
    if content is None:
        return None
    cue, speaker = cue_span(ix, verb), speaker_span(ix, subject)
    return Draft(StatementKind.partial, [content], cue=cue, speaker=speaker, verb=verb.i)


def headline_statements(ix: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """A headline-style line 'Graham: Trump’s ‘Incredibly Hateful Rhetoric’ Destroying
    GOP': a short name, a colon, then what the named one said."""
    taken = Taken(len(ix.text), (seg for d in drafts for seg in d.content))
    found = []
    for match in re.finditer(r"(?m)^[ \t]*([^\n:]{2,40}):[ \t]+([^\n]{12,})$", ix.text):
        name_start, name_end = match.span(1)
        toks = [t for t in ix.tokens_in(name_start, name_end) if not t.is_space]
        if not toks or len(toks) > 5:
            continue
        if not all(t.pos_ == "PROPN" or t.text in ".-'’" for t in toks):
            continue
        content = ix.trim(*match.span(2))
        if content is None or mostly_inside([content], taken):
            continue
        kind = StatementKind.partial if holds_quote(ix, [content]) else StatementKind.indirect
        found.append(Draft(kind, [content], cue=(name_end, name_end + 1), speaker=(name_start, name_end)))
    return found


def governed_quotes(ix: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """A quotation inside someone's sentence with no reporting verb ('Trump applauded him
    for fighting “over and over again.”'): the nearest verb above it whose subject names
    a person, a group or a pronoun is the cue; its words up to the quotation's end are
    the content. A quotation under a verb without such a subject is a scare quote."""
    taken = Taken(len(ix.text), (seg for d in drafts for seg in d.content))
    found = []
    for quote in ix.quotes:
        if taken.covers(quote.start):
            continue
        inner = [t for t in ix.tokens_in(quote.start, quote.end) if not t.is_space]
        if not inner:
            continue
        verb = inner[0].head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or ix.in_quote(verb) or verb.idx > quote.open_at:
            continue
        subject = subject_of(ix, verb)
        if subject is None or not names_speaker(subject) or bare_participle(verb):
            continue
        rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
        if not rights:
            continue
        start = rights[0].left_edge.idx
        content = ix.trim(start, quote.outer_end)
        if content is None or content[0] > quote.open_at:
            continue
        cue, speaker = cue_span(ix, verb), speaker_span(ix, subject)
        draft = Draft(StatementKind.partial, [content], cue=cue, speaker=speaker, verb=verb.i)
        found.append(draft)
        taken.add(content)
    return found
