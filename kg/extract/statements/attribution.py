"""Attribution: who speaks (subject), with which words (cue), to whom (audience), through
whom (intermediary), read from the dependency parse around a reporting verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.docindex import DocIndex, Offsets
from kg.extract.lexicon import QUOTE_MARKS_STRICT, grammar, speech_verbs
from kg.extract.statements.drafts import Draft
from kg.models import StatementKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "SUBJECT_DEPS",
    "as_complement",
    "attributed",
    "audience_of",
    "bare_participle",
    "colon_speaker",
    "cue_span",
    "is_reporting",
    "names_speaker",
    "phrase_span",
    "speaker_span",
    "subject_of",
    "via_of",
    "words_before",
]

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Dependents of a speaker's head noun that are not part of the name: "Liu, who ...".
_NAME_STOP_DEPS = ("appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep")
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def speaker_span(ix: DocIndex, head: Token) -> Offsets:
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
        "\n" in ix.doc[start : head.i].text or ix.doc[start].is_punct or ix.doc[start].text in QUOTE_MARKS_STRICT
    ):
        start += 1
    span = ix.doc[start : end + 1]
    return (span.start_char, span.end_char)


def phrase_span(ix: DocIndex, head: Token) -> Offsets:
    """A noun phrase up to its first comma: "participants here in the Summit"."""
    toks = list(head.subtree)
    end = toks[-1].i
    for t in toks:
        if t.i > head.i and t.text in (",", ";", "—", "(", "--"):
            end = t.i - 1
            break
    span = ix.doc[head.left_edge.i : end + 1]
    return (span.start_char, span.end_char)


def cue_span(ix: DocIndex, verb: Token) -> Offsets:
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
    span = ix.doc[start : end + 1]
    return (span.start_char, span.end_char)


def subject_of(ix: DocIndex, verb: Token) -> Token | None:
    # A subject inside a quotation is the quoted speaker's word ("We"), not the speaker.
    subjects = [
        c
        for c in verb.children
        if c.dep_ in SUBJECT_DEPS and c.ent_type_ not in ("DATE", "TIME") and not ix.in_quote(c)
    ]
    if len(subjects) > 1:
        # Two subjects are a misread apposition: "The chairman of the Bar Council, Guy
        # Mansfield QC warned ..." (no comma after the name): the name is the speaker.
        named = [c for c in subjects if c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG")]
        if named and len(named) < len(subjects):
            return named[0]
    if subjects:
        return subjects[0]
    # "said Liu Zhengrong, deputy director..." is sometimes parsed with Liu as an object.
    if verb.lemma_ not in speech_verbs().naming and verb.lemma_ != "tell":
        for child in verb.rights:
            if (
                child.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
                and child.pos_ == "PROPN"
                and child.ent_type_ not in ("DATE", "TIME")
            ):
                return child
        inverted = verb.i > 0 and ix.doc[verb.i - 1].text in ("," + QUOTE_MARKS_STRICT)
        if inverted and not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
            # "..., suggests a report into search habits": the speaker follows the verb.
            from kg.extract.actors.lexicon import actor_lexicon

            lex = actor_lexicon()
            speakers = lex.document_nouns | lex.person_nouns | lex.org_nouns | lex.group_nouns
            for child in verb.rights:
                if child.dep_ in ("dobj", "attr") and child.pos_ == "NOUN" and child.lemma_.lower() in speakers:
                    return child
    # A participle or coordinated verb shares its subject: "Liu spoke, saying ...",
    # "Liu smiled and said ...".
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(ix, verb.head)
    # A reporting gerund after a preposition shares the subject of the verb the preposition
    # hangs on: "Obama responded ... by saying", "After saying ..., she" (not "promoting").
    prep = verb.head
    if (
        verb.dep_ == "pcomp"
        and is_reporting(verb)
        and verb.tag_ == "VBG"
        and prep.dep_ == "prep"
        and prep.head.i != prep.i
        and prep.head.pos_ in ("VERB", "AUX")
    ):
        subject = subject_of(ix, prep.head)
        host = prep.head
        if subject is not None and not could_speak(subject) and host.dep_ in ("ccomp", "xcomp"):
            # "the administration will allow the dollar to weaken despite saying ...": the
            # dollar says nothing; the one who speaks is the subject a level up.
            upper = subject_of(ix, host.head) if host.head.pos_ in ("VERB", "AUX") else None
            if upper is not None and could_speak(upper):
                return upper
        return subject
    return None


def could_speak(tok: Token) -> bool:
    """A subject that may be a speaker: a person's pronoun, a named person, organisation or
    country, or a noun for people, organisations or what they publish."""
    from kg.extract.actors.lexicon import actor_lexicon

    lex = actor_lexicon()
    speakers = lex.document_nouns | lex.person_nouns | lex.org_nouns | lex.group_nouns
    return names_speaker(tok) or tok.lemma_.lower() in speakers or tok.lower_ in speakers


def audience_of(ix: DocIndex, verb: Token) -> Offsets | None:
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and verb.lemma_ in speech_verbs().addressing:
            start, end = phrase_span(ix, child)
            # "told participants here in the Summit, ...": the place words after the
            # object (parsed as the verb's) still describe who was told.
            for sib in verb.rights:
                if sib.i > child.right_edge.i and sib.dep_ in ("advmod", "prep"):
                    if ix.text[end : sib.idx].strip() or sib.lower_ not in grammar().place_words:
                        break
                    end = phrase_span(ix, sib)[1]
            return (start, end)
        if child.dep_ in ("dative", "prep") and child.lower_ == "to":
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and verb.lemma_ != "tell":
                return phrase_span(ix, objs[0])
    return None


def via_of(ix: DocIndex, verb: Token) -> Offsets | None:
    """'was quoted as saying by the Xinhua news agency' -> the agency."""
    if verb.lemma_ not in speech_verbs().relay:
        return None
    as_verb = as_complement(verb)
    kids = list(verb.children) + (list(as_verb.children) if as_verb is not None else [])
    for child in kids:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return phrase_span(ix, objs[0])
    return None


def as_complement(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for grand in child.children:
                if grand.dep_ in ("pcomp", "pobj") and grand.pos_ == "VERB":
                    return grand
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG":
            return child
    return None


def words_before(ix: DocIndex, verb: Token) -> Offsets | None:
    """With no parsed subject ('“…,” the two write.'): the noun phrase right before the
    verb, after the quotation."""
    toks: list[Token] = []
    i = verb.i - 1
    while i >= 0 and len(toks) < 6:
        tok = ix.doc[i]
        if tok.is_punct or tok.is_space or tok.pos_ in ("VERB", "AUX", "ADV"):
            break
        if ix.in_quote(tok):
            break
        toks.append(tok)
        i -= 1
    if not toks or not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in toks):
        return None
    return (toks[-1].idx, toks[0].idx + len(toks[0].text))


def person_before(ix: DocIndex, verb: Token) -> Offsets | None:
    """With no parsed subject and no noun right before the verb ('"…," Jeff Joseph, from the
    Consumer Electronics Association (CEA) told the BBC'): the first person named between
    the quotation (or the sentence start) and the verb."""
    first = verb.i
    while first > 0 and not ix.in_quote(ix.doc[first - 1]) and not ix.doc[first].is_sent_start:
        if ix.doc[first - 1].text in QUOTE_MARKS_STRICT or "\n" in ix.doc[first - 1].text:
            break
        first -= 1
    for ent in ix.doc[first : verb.i].ents:
        if ent.label_ == "PERSON":
            return (ent.start_char, ent.end_char)
    return None


def colon_speaker(ix: DocIndex, before: Offsets) -> tuple[Offsets, Token] | None:
    """'Trump’s word: “…”' / 'Reporter X:' — no verb, the colon is the cue and the
    subject (or the noun phrase) before it is the speaker."""
    stripped = ix.text[before[0] : before[1]].rstrip()
    if not stripped.endswith(":"):
        return None
    colon = before[0] + len(stripped) - 1
    toks = [t for t in ix.tokens_in(before[0], colon) if not t.is_space]
    if not toks or len(toks) > 12:
        return None
    for t in toks:
        if t.dep_ in SUBJECT_DEPS and t.pos_ in ("PROPN", "NOUN", "PRON"):
            return (colon, colon + 1), t
    heads = [t for t in toks if t.head not in toks or t.head == t]
    if heads and heads[0].pos_ in ("PROPN", "NOUN") and heads[0].ent_type_ in _SPEAKER_ENTITIES:
        return (colon, colon + 1), heads[0]
    return None


def attributed(ix: DocIndex, kind: StatementKind, segments: list[Offsets], verb: Token) -> Draft:
    subject = subject_of(ix, verb)
    speaker = speaker_span(ix, subject) if subject is not None else words_before(ix, verb)
    if speaker is None:
        speaker = person_before(ix, verb)
    return Draft(
        kind,
        segments,
        cue=cue_span(ix, verb),
        speaker=speaker,
        audience=audience_of(ix, verb),
        via=via_of(ix, verb),
        verb=verb.i,
    )


def is_reporting(tok: Token) -> bool:
    """A verb (or auxiliary) whose lemma reports speech."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech_verbs().reporting


def names_speaker(tok: Token) -> bool:
    """Could this subject be someone who speaks: a pronoun for people, a name of a person or
    an organisation, or a noun for a person ('the senator')?"""
    if tok.pos_ == "PRON":
        return tok.lower_ in grammar().speaker_pronouns
    return tok.ent_type_ in _SPEAKER_ENTITIES


def bare_participle(verb: Token) -> bool:
    """'a system sometimes dubbed …': a past participle with no auxiliary of its own."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
