"""Direct quotations: a quotation that stands as its own clause, attributed by the reporting
verb in the words around it ('"A," Liu said.', 'Liu said: "A."'), by a colon ('Reporter X:
"A"'), or continuing the previous speaker ('"A," Liu said. "B."' and unattributed quotations
in the next paragraphs). Also quotations right after a reporting verb the parse missed."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from kg.extract.docindex import INLINE_SPACE, DocIndex, Offsets
from kg.extract.lexicon import QUOTE_MARKS_STRICT, speech_verbs
from kg.extract.quotes import Quote
from kg.extract.statements.attribution import attributed, colon_speaker, is_reporting, speaker_span
from kg.extract.statements.drafts import Draft, Taken, mostly_inside
from kg.models import StatementKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["direct_statements", "is_clausal", "led_quotes", "trim_quote"]

# What a quotation can follow and still stand as its own clause: 'said: “…”', 'said, “…”'.
_CLAUSE_OPENERS = ":,.!?;—–("


def is_clausal(ix: DocIndex, quote: Quote) -> bool:
    """Does the quotation stand as its own clause rather than inside someone's sentence?
    It must start one (paragraph start, after ", : ." or another quotation) and end one
    (sentence punctuation or the paragraph end after it, or an attribution: '"…," he
    said')."""
    inner = ix.text[quote.start : quote.end].rstrip()
    words = re.findall(r"[\w'’-]+", inner)
    if not words or (quote.single and len(words) < 4):
        return False
    before = ix.text[: quote.open_at].rstrip(INLINE_SPACE)
    if before and not before.endswith("\n"):
        last = before[-1]
        if last not in _CLAUSE_OPENERS and last not in QUOTE_MARKS_STRICT:
            return False
    _before, after_frame = frame(ix, quote)
    # Punctuation before the closing mark, under any nested closing marks.
    last_char = inner.rstrip(QUOTE_MARKS_STRICT + INLINE_SPACE)[-1:]
    attributed_after = last_char in ",?!—–-" and verb_in(ix, *after_frame) is not None
    if len(words) < 3:
        # '“Really,” she added': a short quotation only with its attribution right after.
        return attributed_after
    after = ix.text[quote.outer_end :].lstrip(INLINE_SPACE)
    if not after or after[0] in "\n.?!;:—–)" or after.startswith("--"):
        return True
    if after[0] in QUOTE_MARKS_STRICT or last_char in ".?!":
        return True
    return attributed_after


def frame(ix: DocIndex, quote: Quote) -> tuple[Offsets, Offsets]:
    """The text around a quotation that may hold its attribution: back to the previous
    sentence end, quotation or paragraph start; on to the next sentence end, quotation or
    paragraph end (all outside quotation marks). A quotation opening a paragraph after
    one that ends with a colon ('Reporter X says:') looks back into that paragraph."""
    text = ix.text
    para_start = text.rfind("\n", 0, quote.open_at) + 1
    b = quote.open_at
    if not text[para_start : quote.open_at].strip():
        previous = text[:para_start].rstrip()
        if previous.endswith(":"):
            b = len(previous)
            para_start = text.rfind("\n", 0, b) + 1
    last_end = ix.last_quote_end(b)
    limit = para_start if last_end is None else max(para_start, last_end)
    while b > limit and not (text[b - 1] == "\n" or ix.ends_sentence(b - 1)):
        b -= 1
    para_end = text.find("\n", quote.outer_end)
    para_end = len(text) if para_end < 0 else para_end
    next_start = ix.next_quote_start(quote.outer_end)
    a_limit = para_end if next_start is None else min(para_end, next_start)
    a = quote.outer_end
    while a < a_limit and not (text[a] == "\n" or ix.ends_sentence(a)):
        a += 1
    return (b, quote.open_at), (quote.outer_end, a)


def verb_in(ix: DocIndex, start: int, end: int) -> Token | None:
    toks = [t for t in ix.tokens_in(start, end) if not ix.in_quote(t)]
    for tok in toks:
        if is_reporting(tok):
            return tok
    for tok in toks:
        if tok.lower_ in speech_verbs().frame_forms:
            return tok  # mis-tagged: '“…,” the two write.'
    return None


def direct_statements(ix: DocIndex) -> list[Draft]:
    drafts: list[Draft] = []
    last_para_with_statement = -10
    # Paragraph numbers over non-blank paragraphs, so a blank line does not break a run.
    # (A line scan, not the regex [^\n]*\S[^\n]*, which retries from every character of a
    # long blank line: quadratic.)
    nonblank = _nonblank_line_starts(ix.text)

    def block_of(offset: int) -> int:
        return bisect.bisect_right(nonblank, offset) - 1

    for quote in ix.quotes:
        if not is_clausal(ix, quote):
            continue
        before, after = frame(ix, quote)
        verb = None
        inner_end = ix.text[quote.start : quote.end].rstrip()
        # Prefer the side the punctuation points to: '"…," he said' / 'he said: "…"'.
        sides = [after, before]
        lead_in = ix.text[before[0] : before[1]].rstrip()
        if lead_in.endswith((":", ",")) and not inner_end.endswith(","):
            sides = [before, after]
        closed = inner_end.rstrip(QUOTE_MARKS_STRICT + INLINE_SPACE).endswith(".")
        for side in sides:
            verb = verb_in(ix, *side)
            if verb is not None and side is after and closed and reports_own_clause(ix, verb):
                # '"… future of gaming." EA, a games publisher, added that …': a quotation
                # closed by a full stop is not what the next sentence's verb reports.
                verb = None
            if verb is not None:
                break
        segments = [s for s in (trim_quote(ix, seg) for seg in quote.segments) if s]
        if not segments:
            continue
        block = block_of(quote.open_at)
        if verb is None:
            colon = colon_speaker(ix, before)
            if colon is not None:
                cue, subject = colon
                speaker = speaker_span(ix, subject)
                drafts.append(Draft(StatementKind.direct, segments, cue=cue, speaker=speaker))
                last_para_with_statement = block_of(quote.outer_end)
                continue
            prev = drafts[-1] if drafts else None
            if (
                prev is not None
                and prev.kind is StatementKind.direct
                and prev.cue is not None
                and block_of(prev.content[-1][0]) == block
            ):
                # '"A," Liu said. "B."': the frame between the two quotations attributes
                # both; B is its own statement sharing the frame's cue and speaker mention.
                drafts.append(
                    Draft(
                        StatementKind.direct,
                        segments,
                        cue=prev.cue,
                        speaker=prev.speaker,
                        audience=prev.audience,
                        via=prev.via,
                        verb=prev.verb,
                    )
                )
                continue
            if prev is not None and block - last_para_with_statement <= 2:
                parent = prev
                while parent.parent is not None:
                    parent = parent.parent
                drafts.append(Draft(StatementKind.direct, segments, cue=parent.cue, parent=parent))
                last_para_with_statement = block_of(quote.outer_end)
            continue
        # '"A," Liu said, "B."' gives two statements with the same cue and speaker mention.
        drafts.append(attributed(ix, StatementKind.direct, segments, verb))
        last_para_with_statement = block_of(quote.outer_end)
    return drafts


def reports_own_clause(ix: DocIndex, verb: Token) -> bool:
    """Does the verb have a clausal complement of its own outside quotation marks ("added
    that the delivery of games was vital")?"""
    return any(
        c.dep_ == "ccomp" and c.i > verb.i and not ix.in_quote(c) for c in verb.children
    )


def trim_quote(ix: DocIndex, seg: Offsets) -> Offsets | None:
    start, end = seg
    while start < end and ix.text[start].isspace():
        start += 1
    while end > start and (ix.text[end - 1].isspace() or ix.text[end - 1] == ","):
        end -= 1
    return (start, end) if end > start else None


def led_by_verb(ix: DocIndex, quote: Quote) -> Token | None:
    """The reporting verb right before a quotation: 'says “the wind is at our backs”',
    'said that “…”'."""
    before = ix.text[: quote.open_at].rstrip(INLINE_SPACE)
    if not before or not (before[-1].isalnum()):
        return None
    tok = ix.doc[ix.char_token[len(before) - 1]]
    if tok.lower_ == "that" and tok.i > 0:
        tok = ix.doc[tok.i - 1]
    if is_reporting(tok) and not ix.in_quote(tok):
        return tok
    return None


def led_quotes(ix: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """Quotations right after a reporting verb that reported speech did not cover
    (the parse missed the clause): direct statements of that verb."""
    taken = Taken(len(ix.text), (seg for d in drafts for seg in d.content))
    found = []
    for quote in ix.quotes:
        if is_clausal(ix, quote):
            continue
        verb = led_by_verb(ix, quote)
        if verb is None:
            continue
        segments = [s for s in (trim_quote(ix, seg) for seg in quote.segments) if s]
        if segments and not mostly_inside(segments, taken):
            found.append(attributed(ix, StatementKind.direct, segments, verb))
    return found


def _nonblank_line_starts(text: str) -> list[int]:
    """The offset where each line holding something other than whitespace starts."""
    starts = []
    at = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            starts.append(at)
        at += len(line) + 1
    return starts
