"""Statements (who said what) from a parsed article: direct, partial and indirect speech.

Passes over one spaCy Doc (word lists in kg/extract/data/):

1. Quotations (found by their marks, kg.extract.quotes). A quotation that stands as its own
   clause (it opens a paragraph or follows ", : ." and ends a sentence or meets its
   attribution) is a direct statement. Its attribution is looked for in the words around it,
   up to the sentence ends outside the quotation: a reporting verb there and that verb's
   subject. One statement per quotation (the seed gold's convention): in '"A," Liu said.
   "B."' or '"A," Liu said, "B."' both share the frame's cue and speaker mention; a quotation
   in a later paragraph with no attribution continues the previous speaker (`continues`, and
   the earlier statement's cue). A quotation after "Name:" takes the colon as its cue.
2. Reported speech from the dependency parse: a reporting verb with a clausal complement
   ("Liu said China was ..."; the complement may come first: "X, sources said"), a
   parenthetical attribution ("..., the official added, ..."), "according to X", and
   intermediaries ("X was quoted as saying by Y", "Y quoted X as urging ..."). Reported speech
   that holds a quotation is `partial`; without one it is `indirect`. Its content leaves out
   the complementiser ("that") and a leading connective ("But,").
3. Quotations inside someone's sentence: after a naming verb ("called the report
   “outrageous”"), right after a reporting verb the parse missed, a headline line
   ("Graham: Trump’s ‘Hateful Rhetoric’ ..."), or under a verb whose subject is a person,
   group or pronoun ("applauded him for fighting “over and over again”"): partial statements.

A quotation under no such verb ("a system sometimes dubbed the “Great Firewall of China”")
is a scare quote and no statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.quotes import Quote, find_quotes
from kg.extract.wordlists import load_lines, reporting_lemmas

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["FoundStatement", "find_statements"]

Offsets = tuple[int, int]


@dataclass(frozen=True)
class FoundStatement:
    kind: str  # "direct" | "partial" | "indirect"
    content: tuple[Offsets, ...]  # in order; direct quotes exclude the quote marks
    # Reporting words: "said", "according to", "was quoted as saying"; a continuation quote
    # carries the cue of the statement it continues (the frame that attributes both).
    cue: Offsets | None
    speaker_mention: Offsets | None  # words naming the speaker here: "Liu", "he"
    continues: int | None = None  # index of an earlier statement whose speaker this one shares
    via_mention: Offsets | None = None  # intermediary: "the Xinhua news agency"
    audience_mention: Offsets | None = None  # "a cybersecurity conference"


_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CONTENT_DEPS = ("ccomp",)
_QUOTE_CHARS = "\"“”‘’„«»'"
# What a quotation can follow and still stand as its own clause: 'said: “…”', 'said, “…”'.
_CLAUSE_OPENERS = ":,.!?;—–("
_LEADING_FUNCTION_WORDS = re.compile(r"(?:(?:that|but|and|so|yet)\b[\s,]*)+", re.IGNORECASE)
_PLACE_WORDS = frozenset({"here", "there", "in", "at"})
_INLINE_SPACE = " \t\xa0\u2009\u202f"
# Dependents of a speaker's head noun that are not part of the name: "Liu, who ...".
_NAME_STOP_DEPS = ("appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep")


@dataclass
class _Draft:
    kind: str
    content: list[Offsets]
    cue: Offsets | None = None
    speaker: Offsets | None = None
    continues: int | None = None
    via: Offsets | None = None
    audience: Offsets | None = None
    verb: int | None = None  # token index of the cue verb
    parent: _Draft | None = None  # the statement whose speaker an unattributed quote shares

    def freeze(self) -> FoundStatement:
        return FoundStatement(
            kind=self.kind,
            content=tuple(self.content),
            cue=self.cue,
            speaker_mention=self.speaker,
            continues=self.continues,
            via_mention=self.via,
            audience_mention=self.audience,
        )


def find_statements(doc: Doc) -> list[FoundStatement]:
    """Every statement of the article, in text order. Never raises on odd punctuation."""
    text = doc.text
    quotes = find_quotes(text)
    finder = _Finder(doc, quotes)
    drafts = finder.direct_statements()
    drafts += finder.reported_statements(drafts)
    drafts += finder.led_quotes(drafts)
    drafts += finder.headline_statements(drafts)
    drafts += finder.governed_quotes(drafts)
    drafts.sort(key=lambda d: d.content[0][0])
    return _link_continuations(drafts)


def _link_continuations(drafts: list[_Draft]) -> list[FoundStatement]:
    """Turn each draft's `parent` (a draft object) into an index of the sorted list."""
    position = {id(d): i for i, d in enumerate(drafts)}
    for d in drafts:
        if d.parent is not None:
            d.continues = position[id(d.parent)]
    return [d.freeze() for d in drafts]


class _Finder:
    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.lemmas = reporting_lemmas()
        self.according = [p.split() for p in load_lines("according_to.txt")]
        self.relay = frozenset(load_lines("intermediary.txt"))
        self.naming = frozenset(load_lines("naming_verbs.txt"))
        self.addressing = frozenset(load_lines("addressing_verbs.txt"))
        self.abbreviations = frozenset(load_lines("abbreviations.txt"))
        self.frame_forms = frozenset(load_lines("frame_verb_forms.txt"))
        # Character offset -> token index, for mapping spans of text to tokens.
        self.char_token = [0] * (len(self.text) + 1)
        for tok in doc:
            for c in range(tok.idx, tok.idx + max(1, len(tok.text))):
                if c < len(self.char_token):
                    self.char_token[c] = tok.i
        self.quote_ranges = [(q.open_at, q.outer_end) for q in quotes]

    # ------------------------------------------------------------------ helpers

    def in_quote(self, tok: Token) -> bool:
        return any(a <= tok.idx < b for a, b in self.quote_ranges)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.doc if start <= t.idx and t.idx + len(t.text) <= end]

    def is_reporting(self, tok: Token) -> bool:
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.lemmas

    def speaker_span(self, head: Token) -> Offsets:
        """The words naming the speaker: the head noun with what precedes it in its phrase
        ("a top Chinese official"), without appositions or clauses after it."""
        start = head.left_edge.i
        end = head.i
        for child in head.rights:
            if child.dep_ in _NAME_STOP_DEPS:
                break
            if child.dep_ in ("compound", "flat", "nummod", "amod", "nmod", "poss", "case"):
                end = child.right_edge.i
        # Never across a paragraph break or a quotation mark (a misparse can reach there).
        while start < head.i and (
            "\n" in self.doc[start : head.i].text
            or self.doc[start].is_punct
            or self.doc[start].text in _QUOTE_CHARS
        ):
            start += 1
        span = self.doc[start : end + 1]
        return (span.start_char, span.end_char)

    def phrase_span(self, head: Token) -> Offsets:
        """A noun phrase up to its first comma: "participants here in the Summit"."""
        toks = list(head.subtree)
        end = toks[-1].i
        for t in toks:
            if t.i > head.i and t.text in (",", ";", "—", "(", "--"):
                end = t.i - 1
                break
        span = self.doc[head.left_edge.i : end + 1]
        return (span.start_char, span.end_char)

    def cue_span(self, verb: Token) -> Offsets:
        """The verb with its auxiliaries ("has said", "was quoted") and "as saying"."""
        start = verb.i
        for child in verb.lefts:
            if child.dep_ in ("aux", "auxpass", "neg") and child.i >= start - 3:
                start = min(start, child.i)
        end = verb.i
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ == "as" and child.i == verb.i + 1:
                for grand in child.children:
                    if grand.dep_ == "pcomp" and grand.tag_ == "VBG" and grand.i == child.i + 1:
                        end = grand.i
        span = self.doc[start : end + 1]
        return (span.start_char, span.end_char)

    def subject_of(self, verb: Token) -> Token | None:
        for child in verb.children:
            # A subject inside a quotation is the quoted speaker's word ("We"), not the speaker.
            if child.dep_ in _SUBJECT_DEPS and child.ent_type_ not in ("DATE", "TIME"):
                if not self.in_quote(child):
                    return child
        # "said Liu Zhengrong, deputy director..." is sometimes parsed with Liu as an object.
        if verb.lemma_ not in self.naming and verb.lemma_ != "tell":
            for child in verb.rights:
                if (
                    child.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
                    and child.pos_ == "PROPN"
                    and child.ent_type_ not in ("DATE", "TIME")
                ):
                    return child
        # A participle or coordinated verb shares its subject: "Liu spoke, saying ...",
        # "Liu smiled and said ...".
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
            if verb.head.pos_ in ("VERB", "AUX"):
                return self.subject_of(verb.head)
        return None

    def audience_of(self, verb: Token) -> Offsets | None:
        for child in verb.children:
            if child.dep_ in ("dative", "dobj") and verb.lemma_ in self.addressing:
                start, end = self.phrase_span(child)
                # "told participants here in the Summit, ...": the place words after the
                # object (parsed as the verb's) still describe who was told.
                for sib in verb.rights:
                    if sib.i > child.right_edge.i and sib.dep_ in ("advmod", "prep"):
                        if self.text[end : sib.idx].strip() or sib.lower_ not in _PLACE_WORDS:
                            break
                        end = self.phrase_span(sib)[1]
                return (start, end)
            if child.dep_ in ("dative", "prep") and child.lower_ == "to":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs and verb.lemma_ != "tell":
                    return self.phrase_span(objs[0])
        return None

    def trim_reported(self, start: int, end: int) -> Offsets | None:
        """Reported content without the complementiser ('that') or a leading connective
        ('But,'): those are the journalist's words, not the speaker's."""
        span = self.trim(start, end)
        if span is None:
            return None
        match = _LEADING_FUNCTION_WORDS.match(self.text, span[0], span[1])
        if match:
            return self.trim(match.end(), span[1]) if match.end() < span[1] else None
        return span

    def trim(self, start: int, end: int) -> Offsets | None:
        """Drop spaces and sentence punctuation at both ends (keeps quote marks)."""
        while start < end and (self.text[start].isspace() or self.text[start] in ",;:—–-"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:.—–-"):
            end -= 1
        return (start, end) if end > start else None

    def sent_start(self, tok: Token) -> int:
        """First token of tok's sentence, not before its paragraph (spaCy may run a headline
        into the first sentence)."""
        para = self.text.rfind("\n", 0, tok.idx) + 1
        return max(tok.sent.start, self.char_token[para])

    def same_paragraph(self, a: Token, b: Token) -> bool:
        lo, hi = sorted((a.idx, b.idx))
        return "\n" not in self.text[lo:hi]

    def sent_end(self, tok: Token) -> int:
        """Token index just past tok's sentence, not past its paragraph."""
        para = self.text.find("\n", tok.idx)
        if para < 0:
            return tok.sent.end
        return min(tok.sent.end, self.char_token[para])

    # ------------------------------------------------------------------ direct quotes

    def is_clausal(self, quote: Quote) -> bool:
        """Does the quotation stand as its own clause rather than inside someone's sentence?
        It must start one (paragraph start, after ", : ." or another quotation) and end one
        (sentence punctuation or the paragraph end after it, or an attribution: '"…," he
        said')."""
        inner = self.text[quote.start : quote.end].rstrip()
        words = re.findall(r"[\w'’-]+", inner)
        if not words or (quote.single and len(words) < 4):
            return False
        before = self.text[: quote.open_at].rstrip(_INLINE_SPACE)
        if before and not before.endswith("\n"):
            last = before[-1]
            if last not in _CLAUSE_OPENERS and last not in _QUOTE_CHARS:
                return False
        _before, after_frame = self.frame(quote)
        # Punctuation before the closing mark, under any nested closing marks.
        last_char = inner.rstrip(_QUOTE_CHARS + _INLINE_SPACE)[-1:]
        attributed_after = last_char in ",?!—–-" and self.verb_in(*after_frame) is not None
        if len(words) < 3:
            # '“Really,” she added': a short quotation only with its attribution right after.
            return attributed_after
        after = self.text[quote.outer_end :].lstrip(_INLINE_SPACE)
        if not after or after[0] in "\n.?!;:—–)" or after.startswith("--"):
            return True
        if after[0] in _QUOTE_CHARS or last_char in ".?!":
            return True
        return attributed_after

    def led_by_verb(self, quote: Quote) -> Token | None:
        """The reporting verb right before a quotation: 'says “the wind is at our backs”',
        'said that “…”'."""
        before = self.text[: quote.open_at].rstrip(_INLINE_SPACE)
        if not before or not (before[-1].isalnum()):
            return None
        tok = self.doc[self.char_token[len(before) - 1]]
        if tok.lower_ == "that" and tok.i > 0:
            tok = self.doc[tok.i - 1]
        if self.is_reporting(tok) and not self.in_quote(tok):
            return tok
        return None

    def frame(self, quote: Quote) -> tuple[Offsets, Offsets]:
        """The text around a quotation that may hold its attribution: back to the previous
        sentence end, quotation or paragraph start; on to the next sentence end, quotation or
        paragraph end (all outside quotation marks). A quotation opening a paragraph after
        one that ends with a colon ('Reporter X says:') looks back into that paragraph."""
        text = self.text
        para_start = text.rfind("\n", 0, quote.open_at) + 1
        b = quote.open_at
        if not text[para_start : quote.open_at].strip():
            previous = text[:para_start].rstrip()
            if previous.endswith(":"):
                b = len(previous)
                para_start = text.rfind("\n", 0, b) + 1
        limit = max([para_start] + [e for s, e in self.quote_ranges if e <= b])
        while b > limit and not (text[b - 1] == "\n" or self.ends_sentence(b - 1)):
            b -= 1
        para_end = text.find("\n", quote.outer_end)
        para_end = len(text) if para_end < 0 else para_end
        nexts = [s for s, e in self.quote_ranges if s >= quote.outer_end]
        a_limit = min([para_end, *nexts])
        a = quote.outer_end
        while a < a_limit and not (text[a] == "\n" or self.ends_sentence(a)):
            a += 1
        return (b, quote.open_at), (quote.outer_end, a)

    def ends_sentence(self, i: int) -> bool:
        """Is the character at i a sentence end? '.', '!' or '?' followed by a space and a
        capital, a quotation mark or the line end; not the period of 'Sen.', 'N.C.,'."""
        text = self.text
        if text[i] not in ".!?":
            return False
        after = text[i + 1 : i + 3]
        if after and after[0] != "\n":
            if after[0] not in _INLINE_SPACE:
                return False
            if len(after) == 2 and not (after[1].isupper() or after[1] in _QUOTE_CHARS + "\n"):
                return False
        if text[i] == ".":
            word = re.search(r"([A-Za-z]+)$", text[max(0, i - 12) : i])
            if word and (len(word.group(1)) == 1 or word.group(1).lower() in self.abbreviations):
                return False
        return True

    def colon_speaker(self, before: Offsets) -> tuple[Offsets, Token] | None:
        """'Trump’s word: “…”' / 'Reporter X:' — no verb, the colon is the cue and the
        subject (or the noun phrase) before it is the speaker."""
        stripped = self.text[before[0] : before[1]].rstrip()
        if not stripped.endswith(":"):
            return None
        colon = before[0] + len(stripped) - 1
        toks = [t for t in self.tokens_in(before[0], colon) if not t.is_space]
        if not toks or len(toks) > 12:
            return None
        for t in toks:
            if t.dep_ in _SUBJECT_DEPS and t.pos_ in ("PROPN", "NOUN", "PRON"):
                return (colon, colon + 1), t
        heads = [t for t in toks if t.head not in toks or t.head == t]
        if heads and heads[0].pos_ in ("PROPN", "NOUN") and heads[0].ent_type_ in _SPEAKER_ENTITIES:
            return (colon, colon + 1), heads[0]
        return None

    def verb_in(self, start: int, end: int) -> Token | None:
        toks = [t for t in self.tokens_in(start, end) if not self.in_quote(t)]
        for tok in toks:
            if self.is_reporting(tok):
                return tok
        for tok in toks:
            if tok.lower_ in self.frame_forms:
                return tok  # mis-tagged: '“…,” the two write.'
        return None

    def direct_statements(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        last_para_with_statement = -10
        # Paragraph numbers over non-blank paragraphs, so a blank line does not break a run.
        nonblank = [m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]

        def block_of(offset: int) -> int:
            return bisect.bisect_right(nonblank, offset) - 1

        for quote in self.quotes:
            if not self.is_clausal(quote):
                continue
            before, after = self.frame(quote)
            verb = None
            inner_end = self.text[quote.start : quote.end].rstrip()
            # Prefer the side the punctuation points to: '"…," he said' / 'he said: "…"'.
            sides = [after, before]
            lead_in = self.text[before[0] : before[1]].rstrip()
            if lead_in.endswith((":", ",")) and not inner_end.endswith(","):
                sides = [before, after]
            for side in sides:
                verb = self.verb_in(*side)
                if verb is not None:
                    break
            segments = [s for s in (self.trim_quote(seg) for seg in quote.segments) if s]
            if not segments:
                continue
            block = block_of(quote.open_at)
            if verb is None:
                colon = self.colon_speaker(before)
                if colon is not None:
                    cue, subject = colon
                    speaker = self.speaker_span(subject)
                    drafts.append(_Draft("direct", segments, cue=cue, speaker=speaker))
                    last_para_with_statement = block_of(quote.outer_end)
                    continue
                prev = drafts[-1] if drafts else None
                if (
                    prev is not None
                    and prev.kind == "direct"
                    and prev.cue is not None
                    and block_of(prev.content[-1][0]) == block
                ):
                    # '"A," Liu said. "B."': the frame between the two quotations attributes
                    # both; B is its own statement sharing the frame's cue and speaker mention.
                    drafts.append(
                        _Draft("direct", segments, cue=prev.cue, speaker=prev.speaker,
                               audience=prev.audience, via=prev.via, verb=prev.verb)
                    )
                    continue
                if prev is not None and block - last_para_with_statement <= 2:
                    parent = prev
                    while parent.parent is not None:
                        parent = parent.parent
                    drafts.append(_Draft("direct", segments, cue=parent.cue, parent=parent))
                    last_para_with_statement = block_of(quote.outer_end)
                continue
            # '"A," Liu said, "B."' gives two statements with the same cue and speaker mention.
            drafts.append(self.attributed("direct", segments, verb))
            last_para_with_statement = block_of(quote.outer_end)
        return drafts

    def attributed(self, kind: str, segments: list[Offsets], verb: Token) -> _Draft:
        subject = self.subject_of(verb)
        speaker = self.speaker_span(subject) if subject is not None else self.words_before(verb)
        return _Draft(
            kind,
            segments,
            cue=self.cue_span(verb),
            speaker=speaker,
            audience=self.audience_of(verb),
            via=self.via_of(verb),
            verb=verb.i,
        )

    def words_before(self, verb: Token) -> Offsets | None:
        """With no parsed subject ('“…,” the two write.'): the noun phrase right before the
        verb, after the quotation."""
        toks = []
        i = verb.i - 1
        while i >= 0 and len(toks) < 6:
            tok = self.doc[i]
            if tok.is_punct or tok.is_space or tok.pos_ in ("VERB", "AUX", "ADV"):
                break
            if self.in_quote(tok):
                break
            toks.append(tok)
            i -= 1
        if not toks or not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in toks):
            return None
        return (toks[-1].idx, toks[0].idx + len(toks[0].text))

    def led_quotes(self, drafts: list[_Draft]) -> list[_Draft]:
        """Quotations right after a reporting verb that reported speech did not cover
        (the parse missed the clause): direct statements of that verb."""
        taken = [seg for d in drafts for seg in d.content]
        found = []
        for quote in self.quotes:
            if self.is_clausal(quote):
                continue
            verb = self.led_by_verb(quote)
            if verb is None:
                continue
            segments = [s for s in (self.trim_quote(seg) for seg in quote.segments) if s]
            if segments and not _mostly_inside(segments, taken):
                found.append(self.attributed("direct", segments, verb))
        return found

    def headline_statements(self, drafts: list[_Draft]) -> list[_Draft]:
        """A headline-style line 'Graham: Trump’s ‘Incredibly Hateful Rhetoric’ Destroying
        GOP': a short name, a colon, then what the named one said."""
        taken = [seg for d in drafts for seg in d.content]
        found = []
        for match in re.finditer(r"(?m)^[ \t]*([^\n:]{2,40}):[ \t]+([^\n]{12,})$", self.text):
            name_start, name_end = match.span(1)
            toks = [t for t in self.tokens_in(name_start, name_end) if not t.is_space]
            if not toks or len(toks) > 5:
                continue
            if not all(t.pos_ == "PROPN" or t.text in ".-'’" for t in toks):
                continue
            content = self.trim(*match.span(2))
            if content is None or _mostly_inside([content], taken):
                continue
            kind = "partial" if self.holds_quote([content]) else "indirect"
            found.append(_Draft(kind, [content], cue=(name_end, name_end + 1),
                                speaker=(name_start, name_end)))
        return found

    def governed_quotes(self, drafts: list[_Draft]) -> list[_Draft]:
        """A quotation inside someone's sentence with no reporting verb ('Trump applauded him
        for fighting “over and over again.”'): the nearest verb above it whose subject names
        a person, a group or a pronoun is the cue; its words up to the quotation's end are
        the content. A quotation under a verb without such a subject is a scare quote."""
        taken = [seg for d in drafts for seg in d.content]
        found = []
        for quote in self.quotes:
            if any(a <= quote.start < b for a, b in taken):
                continue
            inner = [t for t in self.tokens_in(quote.start, quote.end) if not t.is_space]
            if not inner:
                continue
            verb = inner[0].head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ not in ("VERB", "AUX") or self.in_quote(verb) or verb.idx > quote.open_at:
                continue
            subject = self.subject_of(verb)
            if subject is None or not _names_speaker(subject) or _bare_participle(verb):
                continue
            rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
            if not rights:
                continue
            start = rights[0].left_edge.idx
            content = self.trim(start, quote.outer_end)
            if content is None or content[0] > quote.open_at:
                continue
            draft = _Draft("partial", [content], cue=self.cue_span(verb),
                           speaker=self.speaker_span(subject), verb=verb.i)
            found.append(draft)
            taken.append(content)
        return found

    def trim_quote(self, seg: Offsets) -> Offsets | None:
        start, end = seg
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return (start, end) if end > start else None

    def via_of(self, verb: Token) -> Offsets | None:
        """'was quoted as saying by the Xinhua news agency' -> the agency."""
        if verb.lemma_ not in self.relay:
            return None
        as_verb = self.as_complement(verb)
        kids = list(verb.children) + (list(as_verb.children) if as_verb is not None else [])
        for child in kids:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return self.phrase_span(objs[0])
        return None

    # ------------------------------------------------------------------ reported speech

    def reported_statements(self, direct: list[_Draft]) -> list[_Draft]:
        used_verbs = {d.verb for d in direct if d.verb is not None}
        taken = [seg for d in direct for seg in d.content]
        found: list[_Draft] = []
        for tok in self.doc:
            if tok.i in used_verbs or self.in_quote(tok):
                continue
            draft = None
            if tok.lower_ == "according":
                draft = self.according_to(tok)
            elif self.is_reporting(tok):
                draft = self.reported(tok)
            if draft is None and tok.pos_ == "VERB" and tok.lemma_.lower() in self.naming:
                draft = self.naming_statement(tok)
            if draft is None:
                continue
            draft.content = self.run_to_quote_end(self.clip_to_paragraph(draft.content, draft.cue))
            draft.content = [c for c in (self.trim_reported(a, b) for a, b in draft.content) if c]
            if not draft.content:
                continue
            if _mostly_inside(draft.content, taken):
                continue
            draft.kind = "partial" if self.holds_quote(draft.content) else "indirect"
            found.append(draft)
            taken.extend(draft.content)
        return found

    def clip_to_paragraph(self, content: list[Offsets], cue: Offsets | None) -> list[Offsets]:
        """Reported speech stays in its cue's paragraph: the parser may join a headline or
        the previous paragraph into one sentence."""
        if cue is None:
            return content
        lo = self.text.rfind("\n", 0, cue[0]) + 1
        hi = self.text.find("\n", cue[1])
        hi = len(self.text) if hi < 0 else hi
        clipped = []
        for a, b in content:
            seg = self.trim(max(a, lo), min(b, hi)) if min(b, hi) > max(a, lo) else None
            if seg:
                clipped.append(seg)
        return clipped

    def run_to_quote_end(self, content: list[Offsets]) -> list[Offsets]:
        """Reported speech whose quotation runs past the parsed sentence ('Cruz added that he
        was the only one “fighting to … . The 2nd Amendment …”') takes the whole
        quotation."""
        if not content:
            return content
        a, b = content[-1]
        for quote in self.quotes:
            for k, (qa, qb) in enumerate(quote.segments):
                if a <= qa - 1 and qa < b < qb:
                    end = qb + 1 if quote.close_at == qb and k == len(quote.segments) - 1 else qb
                    rest = [self.trim(x, y) for x, y in quote.segments[k + 1 :]]
                    return [*content[:-1], (a, end), *[r for r in rest if r]]
        return content

    def holds_quote(self, content: Iterable[Offsets]) -> bool:
        return any(
            qa >= a and qb <= b + 1
            for a, b in content
            for q in self.quotes
            for qa, qb in q.segments
        )

    def reported(self, verb: Token) -> _Draft | None:
        # "Liu declined to answer ...": speech that did not happen.
        if verb.dep_ == "xcomp" and verb.head.lemma_ in ("decline", "refuse", "fail"):
            return None
        subject = self.subject_of(verb)
        relay = verb.lemma_ in self.relay
        speaker_tok = subject
        via = None
        content_head = None
        for child in verb.children:
            # The parser may run paragraphs together and hang the next paragraph's verb
            # here as a second complement: only a complement in the verb's paragraph counts.
            if child.dep_ in _CONTENT_DEPS and self.same_paragraph(child, verb):
                if not self.is_reporting(child) or content_head is None:
                    content_head = child
        if relay and verb.tag_ != "VBN":
            # "state press quoted a top official as urging lawmakers to ..."
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            as_verb = self.as_complement(verb)
            if objs and as_verb is not None:
                via = self.phrase_span(subject) if subject is not None else None
                speaker_tok = objs[0]
                content = self.complement_of(as_verb)
                if content is None:
                    return None
                # The words reported are the "as" verb's ("urging"); "quoted" is the relay's.
                told = [c for c in as_verb.children if c.dep_ in ("dobj", "dative")]
                audience = (
                    self.phrase_span(told[0])
                    if told and as_verb.lemma_ in self.addressing
                    else None
                )
                return _Draft("indirect", [content], cue=(as_verb.idx, as_verb.idx + len(as_verb)),
                              speaker=self.speaker_span(speaker_tok), via=via,
                              audience=audience, verb=verb.i)
            if content_head is None:
                return None
        if relay and verb.tag_ == "VBN":
            via = self.via_of(verb)
            as_verb = self.as_complement(verb)
            if as_verb is not None and content_head is None:
                for child in as_verb.children:
                    if child.dep_ in _CONTENT_DEPS:
                        content_head = child
        if content_head is None and subject is not None:
            loose = self.loose_complement(verb)
            if loose is not None:
                return _Draft("indirect", [loose], cue=self.cue_span(verb),
                              speaker=self.speaker_span(speaker_tok or subject), via=via,
                              audience=self.audience_of(verb), verb=verb.i)
        if content_head is None:
            # "X, Y said." parsed with the content as the head of the reporting verb.
            fronted_dep = verb.dep_ in ("parataxis", "ccomp", "advcl", "conj")
            if fronted_dep and verb.head.i < verb.i and subject is not None:
                head = verb.head
                if head.pos_ in ("VERB", "AUX") and not self.in_quote(head):
                    return self.fronted(verb, head, subject, via)
            return self.parenthetical(verb, subject, via)
        if content_head.i < verb.i and self.in_quote(content_head):
            return None
        span = self.content_span(content_head, verb)
        if span is None:
            return None
        # "what he said" / "he said so": no proposition.
        if span[1] - span[0] < 8:
            return None
        return _Draft(
            "indirect",
            [span],
            cue=self.cue_span(verb),
            speaker=self.speaker_span(speaker_tok) if speaker_tok is not None else None,
            via=via,
            audience=self.audience_of(verb),
            verb=verb.i,
        )

    def loose_complement(self, verb: Token) -> Offsets | None:
        """A clause the parser did not label as one: 'McCain says the movement that’s
        sweeping the country appeals to ...' parsed with 'movement' as the object. The words
        after the verb count when they hold a verb of their own."""
        parts = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "advcl", "attr", "oprd")]
        if not parts or verb.lemma_ in ("describe", "call", "ask"):
            return None
        first = parts[0].left_edge.i
        last = max(c.right_edge.i for c in parts)
        span = self.doc[first : last + 1]
        # It must hold a clause: a verb that is not a mere modifier ("repeated questions").
        if len(span) < 5 or not any(
            t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "acl", "nmod")
            for t in span
        ):
            return None
        return self.trim(span.start_char, span.end_char)

    def as_complement(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                for grand in child.children:
                    if grand.dep_ in ("pcomp", "pobj") and grand.pos_ == "VERB":
                        return grand
        for child in verb.children:
            if child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG":
                return child
        return None

    def complement_of(self, verb: Token) -> Offsets | None:
        """What a verb of speech says: its clause, or its object with the infinitive after
        it ("urging lawmakers to push through ...")."""
        kids = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "dative")]
        if not kids:
            return None
        first = min(k.left_edge.i for k in kids)
        last = max(k.right_edge.i for k in kids)
        span = self.doc[first : last + 1]
        return self.trim(span.start_char, span.end_char)

    def content_span(self, head: Token, verb: Token) -> Offsets | None:
        toks = [t for t in head.subtree]
        start, end = toks[0].i, toks[-1].i
        if head.i > verb.i:
            # Content after the verb runs to the end of its subtree; a relative pronoun
            # before the verb ("which the giant said originated ...") stays out.
            span = self.doc[max(start, verb.i + 1) : end + 1]
        else:
            # Content before the verb: from the sentence start (keeps "But", "And"), but not
            # across a paragraph break (spaCy may run a headline into the first sentence).
            begin = max(min(start, head.sent.start), self.sent_start(head))
            span = self.doc[begin : end + 1]
        return self.trim(span.start_char, span.end_char)

    def fronted(
        self, verb: Token, head: Token, subject: Token, via: Offsets | None
    ) -> _Draft | None:
        clause_start = min(subject.left_edge.i, verb.i)
        span = self.doc[self.sent_start(verb) : clause_start]
        content = self.trim(span.start_char, span.end_char) if len(span) else None
        if content is None or content[1] - content[0] < 8:
            return None
        return _Draft("indirect", [content], cue=self.cue_span(verb),
                      speaker=self.speaker_span(subject), via=via,
                      audience=self.audience_of(verb), verb=verb.i)

    def parenthetical(
        self, verb: Token, subject: Token | None, via: Offsets | None
    ) -> _Draft | None:
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
        first, stop = self.sent_start(verb), self.sent_end(verb)
        before = self.doc[lo - 1] if lo > first else None
        after = self.doc[hi + 1] if hi + 1 < stop else None
        if before is None or before.text not in (",", "—", "--"):
            return None
        if after is not None and after.text not in (",", ".", "—", "--", "!", "?", ":"):
            return None
        segments = []
        left = self.doc[first:lo]
        if len(left):
            seg = self.trim(left.start_char, left.end_char)
            if seg:
                segments.append(seg)
        if after is not None and after.text in (",", "—", "--"):
            right = self.doc[hi + 1 : stop]
            seg = self.trim(right.start_char, right.end_char)
            if seg:
                segments.append(seg)
        if not segments or sum(b - a for a, b in segments) < 8:
            return None
        return _Draft("indirect", segments, cue=self.cue_span(verb),
                      speaker=self.speaker_span(subject), via=via,
                      audience=self.audience_of(verb), verb=verb.i)

    def naming_statement(self, verb: Token) -> _Draft | None:
        """'X called the report “outrageous.”': from the verb's first following dependent to
        the end of the quotation in it; only when a quotation is there."""
        subject = self.subject_of(verb)
        rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
        # "X was dubbed “…”" names no one who said it: the subject must be the namer; and a
        # bare participle ("a system sometimes dubbed “…”") describes, it does not report.
        if subject is None or subject.dep_ == "nsubjpass" or not rights or _bare_participle(verb):
            return None
        first = rights[0].left_edge.i
        last = max(c.right_edge.i for c in rights)
        span = self.doc[first : last + 1]
        start, end = span.start_char, span.end_char
        inside = [q for q in self.quotes if start <= q.open_at and q.start < end]
        if not inside:
            return None
        end = max(end, inside[-1].outer_end)
        content = self.trim(start, end)
        if content is None:
            return None
        return _Draft("partial", [content], cue=self.cue_span(verb),
                      speaker=self.speaker_span(subject), verb=verb.i)

    def according_to(self, tok: Token) -> _Draft | None:
        """'according to X, ...' / '..., according to X.' The phrase is the cue, X the speaker,
        and the rest of the sentence the content."""
        nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        objs = [c for c in nxt.children if c.dep_ == "pobj"] or [
            c for c in tok.children if c.dep_ == "pobj"
        ]
        if not objs:
            return None
        speaker = objs[0]
        phrase_end = speaker.right_edge.i
        segments = []
        left = self.doc[self.sent_start(tok) : tok.i]
        right = self.doc[phrase_end + 1 : self.sent_end(tok)]
        for part in (left, right):
            if len(part):
                seg = self.trim(part.start_char, part.end_char)
                if seg and seg[1] - seg[0] >= 8:
                    segments.append(seg)
        if not segments:
            return None
        cue = (tok.idx, nxt.idx + len(nxt.text))
        return _Draft("indirect", segments, cue=cue, speaker=self.speaker_span(speaker))


_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you"})
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _names_speaker(tok: Token) -> bool:
    """Could this subject be someone who speaks: a pronoun for people, a name of a person or
    an organisation, or a noun for a person ('the senator')?"""
    if tok.pos_ == "PRON":
        return tok.lower_ in _SPEAKER_PRONOUNS
    return tok.ent_type_ in _SPEAKER_ENTITIES


def _bare_participle(verb: Token) -> bool:
    """'a system sometimes dubbed …': a past participle with no auxiliary of its own."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _mostly_inside(content: list[Offsets], taken: list[Offsets]) -> bool:
    total = sum(b - a for a, b in content)
    covered = sum(max(0, min(b, tb) - max(a, ta)) for a, b in content for ta, tb in taken)
    return total > 0 and covered / total >= 0.5
