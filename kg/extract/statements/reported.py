"""Reported speech from the dependency parse: a reporting verb with a clausal complement
("Liu said China was ..."; the complement may come first: "X, sources said"), a loose
complement the parser did not label, a parenthetical attribution ("..., the official added,
..."), "according to X", and intermediaries ("X was quoted as saying by Y", "Y quoted X as
urging ..."). Reported speech that holds a quotation is `partial`; without one it is
`indirect`. Its content leaves out the complementiser ("that") and a leading connective."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.docindex import DocIndex, Offsets
from kg.extract.lexicon import QUOTE_MARKS_STRICT, grammar, speech_verbs
from kg.extract.statements.attribution import (
    as_complement,
    audience_of,
    cue_span,
    is_reporting,
    phrase_span,
    speaker_span,
    subject_of,
    via_of,
)
from kg.extract.statements.drafts import Draft, Taken, holds_quote, mostly_inside
from kg.extract.statements.embedded import naming_statement
from kg.models import StatementKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["reported_statements"]

_CONTENT_DEPS = ("ccomp",)


@cache
def _leading_connectives() -> re.Pattern[str]:
    """'that', 'but', 'and' ... (and commas) at the start of reported content."""
    words = "|".join(re.escape(w) for w in grammar().leading_connectives)
    return re.compile(rf"(?:(?:{words})\b[\s,]*)+", re.IGNORECASE)


def reported_statements(ix: DocIndex, direct: list[Draft]) -> list[Draft]:
    used_verbs = {d.verb for d in direct if d.verb is not None}
    taken = Taken(len(ix.text), (seg for d in direct for seg in d.content))
    found: list[Draft] = []
    for tok in ix.doc:
        if tok.i in used_verbs or ix.in_quote(tok):
            continue
        draft = None
        if tok.lower_ == "according":
            draft = according_to(ix, tok)
        elif is_reporting(tok):
            draft = reported(ix, tok)
        if draft is None and tok.pos_ == "VERB" and tok.lemma_.lower() in speech_verbs().naming:
            draft = naming_statement(ix, tok)
        if draft is None:
            continue
        draft.content = run_to_quote_end(ix, clip_to_paragraph(ix, draft.content, draft.cue))
        draft.content = [c for c in (trim_reported(ix, a, b) for a, b in draft.content) if c]
        if not draft.content:
            continue
        if mostly_inside(draft.content, taken):
            continue
        draft.kind = StatementKind.partial if holds_quote(ix, draft.content) else StatementKind.indirect
        found.append(draft)
        taken.extend(draft.content)
    return found


def clip_to_paragraph(ix: DocIndex, content: list[Offsets], cue: Offsets | None) -> list[Offsets]:
    """Reported speech stays in its cue's paragraph: the parser may join a headline or
    the previous paragraph into one sentence."""
    if cue is None:
        return content
    lo = ix.text.rfind("\n", 0, cue[0]) + 1
    hi = ix.text.find("\n", cue[1])
    hi = len(ix.text) if hi < 0 else hi
    clipped = []
    for a, b in content:
        seg = ix.trim(max(a, lo), min(b, hi)) if min(b, hi) > max(a, lo) else None
        if seg:
            clipped.append(seg)
    return clipped


def run_to_quote_end(ix: DocIndex, content: list[Offsets]) -> list[Offsets]:
    """Reported speech whose quotation runs past the parsed sentence ('Cruz added that he
    was the only one “fighting to … . The 2nd Amendment …”') takes the whole
    quotation."""
    if not content:
        return content
    a, b = content[-1]
    for quote in ix.quotes:
        for k, (qa, qb) in enumerate(quote.segments):
            if a <= qa - 1 and qa < b < qb:
                end = qb + 1 if quote.close_at == qb and k == len(quote.segments) - 1 else qb
                rest = [ix.trim(x, y) for x, y in quote.segments[k + 1 :]]
                return [*content[:-1], (a, end), *[r for r in rest if r]]
    return content


def reported(ix: DocIndex, verb: Token) -> Draft | None:
    # "Liu declined to answer ...": speech that did not happen.
    if verb.dep_ == "xcomp" and verb.head.lemma_ in grammar().declining_verbs:
        return None
    subject = subject_of(ix, verb)
    relay = verb.lemma_ in speech_verbs().relay
    speaker_tok = subject
    via = None
    content_head = None
    for child in verb.children:
        # The parser may run paragraphs together and hang the next paragraph's verb
        # here as a second complement: only a complement in the verb's paragraph counts.
        if (
            child.dep_ in _CONTENT_DEPS
            and ix.same_paragraph(child, verb)
            and (not is_reporting(child) or content_head is None)
        ):
            content_head = child
    if relay and verb.tag_ != "VBN":
        # "state press quoted a top official as urging lawmakers to ..."
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        as_verb = as_complement(verb)
        if objs and as_verb is not None:
            via = phrase_span(ix, subject) if subject is not None else None
            speaker_tok = objs[0]
            content = complement_of(ix, as_verb)
            if content is None:
                return None
            # The words reported are the "as" verb's ("urging"); "quoted" is the relay's.
            told = [c for c in as_verb.children if c.dep_ in ("dobj", "dative")]
            audience = phrase_span(ix, told[0]) if told and as_verb.lemma_ in speech_verbs().addressing else None
            return Draft(
                StatementKind.indirect,
                [content],
                cue=(as_verb.idx, as_verb.idx + len(as_verb)),
                speaker=speaker_span(ix, speaker_tok),
                via=via,
                audience=audience,
                verb=verb.i,
            )
        if content_head is None:
            return None
    if relay and verb.tag_ == "VBN":
        via = via_of(ix, verb)
        as_verb = as_complement(verb)
        if as_verb is not None and content_head is None:
            for child in as_verb.children:
                if child.dep_ in _CONTENT_DEPS:
                    content_head = child
    if content_head is None and subject is not None:
        loose = loose_complement(ix, verb)
        if loose is not None:
            return Draft(
                StatementKind.indirect,
                [loose],
                cue=cue_span(ix, verb),
                speaker=speaker_span(ix, speaker_tok or subject),
                via=via,
                audience=audience_of(ix, verb),
                verb=verb.i,
            )
    if content_head is None:
        # "X, Y said." parsed with the content as the head of the reporting verb.
        fronted_dep = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        if fronted_dep and verb.head.i < verb.i and subject is not None:
            head = verb.head
            if verb.dep_ == "ccomp" and is_reporting(head):
                return None  # "She said the party would announce ...": inside her statement
            if head.pos_ in ("VERB", "AUX") and not ix.in_quote(head):
                return fronted(ix, verb, head, subject, via)
        return parenthetical(ix, verb, subject, via)
    if content_head.i < verb.i and ix.in_quote(content_head):
        return None
    span = content_span(ix, content_head, verb)
    if span is None:
        return None
    # "what he said" / "he said so": no proposition.
    if span[1] - span[0] < 8:
        return None
    return Draft(
        StatementKind.indirect,
        [span],
        cue=cue_span(ix, verb),
        speaker=speaker_span(ix, speaker_tok) if speaker_tok is not None else None,
        via=via,
        audience=audience_of(ix, verb),
        verb=verb.i,
    )


def loose_complement(ix: DocIndex, verb: Token) -> Offsets | None:
    """A clause the parser did not label as one: 'McCain says the movement that’s
    sweeping the country appeals to ...' parsed with 'movement' as the object. The words
    after the verb count when they hold a verb of their own."""
    parts = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "advcl", "attr", "oprd")]
    if not parts or verb.lemma_ in grammar().object_not_content_verbs or verb.lemma_ in speech_verbs().clause_only:
        return None  # "would continue to thrive", "charges a £10 fee": not speech
    first = parts[0].left_edge.i
    last = max(c.right_edge.i for c in parts)
    span = ix.doc[first : last + 1]
    # It must hold a clause: a verb that is not a mere modifier ("repeated questions").
    if len(span) < 5 or not any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "acl", "nmod") for t in span
    ):
        return None
    return ix.trim(span.start_char, span.end_char)


def complement_of(ix: DocIndex, verb: Token) -> Offsets | None:
    """What a verb of speech says: its clause, or its object with the infinitive after
    it ("urging lawmakers to push through ...")."""
    kids = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "dative")]
    if not kids:
        return None
    first = min(k.left_edge.i for k in kids)
    last = max(k.right_edge.i for k in kids)
    span = ix.doc[first : last + 1]
    return ix.trim(span.start_char, span.end_char)


def content_span(ix: DocIndex, head: Token, verb: Token) -> Offsets | None:
    toks = [t for t in head.subtree]
    start, end = toks[0].i, toks[-1].i
    if head.i > verb.i:
        # Content after the verb runs to the end of its subtree; a relative pronoun
        # before the verb ("which the giant said originated ...") stays out.
        span = ix.doc[max(start, verb.i + 1) : end + 1]
    else:
        # Content before the verb: from the sentence start (keeps "But", "And"), but not
        # across a paragraph break (spaCy may run a headline into the first sentence).
        begin = max(min(start, head.sent.start), ix.sent_start(head))
        span = ix.doc[begin : end + 1]
    return ix.trim(span.start_char, span.end_char)


def fronted(ix: DocIndex, verb: Token, head: Token, subject: Token, via: Offsets | None) -> Draft | None:
    clause_start = min(subject.left_edge.i, verb.i)
    if clause_start == 0 or ix.doc[clause_start - 1].text not in (",", "—", "--", ":", *QUOTE_MARKS_STRICT):
        return None  # "X, sources said" is set off; "to know if inmates would continue" is not
    span = ix.doc[ix.sent_start(verb) : clause_start]
    content = ix.trim(span.start_char, span.end_char) if len(span) else None
    if content is None or content[1] - content[0] < 8:
        return None
    return Draft(
        StatementKind.indirect,
        [content],
        cue=cue_span(ix, verb),
        speaker=speaker_span(ix, subject),
        via=via,
        audience=audience_of(ix, verb),
        verb=verb.i,
    )


def parenthetical(ix: DocIndex, verb: Token, subject: Token | None, via: Offsets | None) -> Draft | None:
    """'..., the Chinese official added, ...' / '..., he said.' with a broken parse: the
    sentence minus the attribution clause, when commas set the clause off."""
    if subject is None:
        return None
    lo = min(subject.left_edge.i, verb.i)
    hi = verb.i
    for child in verb.rights:
        if child.dep_ in ("prep", "npadvmod", "advmod", "dative", "agent") or (
            child.dep_ == "dobj" and child.i == verb.i + 1
        ):
            hi = max(hi, child.right_edge.i)
    first, stop = ix.sent_start(verb), ix.sent_end(verb)
    before = ix.doc[lo - 1] if lo > first else None
    after = ix.doc[hi + 1] if hi + 1 < stop else None
    if before is None or before.text not in (",", "—", "--"):
        return None
    if after is not None and after.text not in (",", ".", "—", "--", "!", "?", ":"):
        return None
    segments = []
    left = ix.doc[first:lo]
    if len(left):
        seg = ix.trim(left.start_char, left.end_char)
        if seg:
            segments.append(seg)
    if after is not None and after.text in (",", "—", "--"):
        right = ix.doc[hi + 1 : stop]
        seg = ix.trim(right.start_char, right.end_char)
        if seg:
            segments.append(seg)
    if not segments or sum(b - a for a, b in segments) < 8:
        return None
    return Draft(
        StatementKind.indirect,
        segments,
        cue=cue_span(ix, verb),
        speaker=speaker_span(ix, subject),
        via=via,
        audience=audience_of(ix, verb),
        verb=verb.i,
    )


def according_to(ix: DocIndex, tok: Token) -> Draft | None:
    """'according to X, ...' / '..., according to X.' The phrase is the cue, X the speaker,
    and the rest of the sentence the content."""
    nxt = tok.nbor(1) if tok.i + 1 < len(ix.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    objs = [c for c in nxt.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    speaker = objs[0]
    phrase_end = speaker.right_edge.i
    segments = []
    left = ix.doc[ix.sent_start(tok) : tok.i]
    right = ix.doc[phrase_end + 1 : ix.sent_end(tok)]
    for part in (left, right):
        if len(part):
            seg = ix.trim(part.start_char, part.end_char)
            if seg and seg[1] - seg[0] >= 8:
                segments.append(seg)
    if not segments:
        return None
    cue = (tok.idx, nxt.idx + len(nxt.text))
    return Draft(StatementKind.indirect, segments, cue=cue, speaker=speaker_span(ix, speaker))


def trim_reported(ix: DocIndex, start: int, end: int) -> Offsets | None:
    """Reported content without the complementiser ('that') or a leading connective
    ('But,'): those are the journalist's words, not the speaker's."""
    span = ix.trim(start, end)
    if span is None:
        return None
    match = _leading_connectives().match(ix.text, span[0], span[1])
    if match:
        return ix.trim(match.end(), span[1]) if match.end() < span[1] else None
    return span
