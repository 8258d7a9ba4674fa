"""Mentions of actors in one Doc: spaCy entities and capitalised organisation names, cleaned
of "the", "'s", honorifics and titles, and filtered ("Tuesday", "Internet" are never actors).
Also the definite descriptions ("the Internet giant") that may refer to a known actor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.actors.lexicon import ENTITY_TYPES, ActorLexicon, name_key, name_words
from kg.extract.docindex import Offsets, is_name_word, squeezed_text, trim_tokens
from kg.extract.lexicon import QUOTE_MARKS, grammar
from kg.models import ActorType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.actors.clusters import Cluster

__all__ = ["Mention", "definite_descriptions", "find_mentions", "headline_checked"]


@dataclass
class Mention:
    start: int  # characters, into the text
    end: int
    first_token: int  # tokens of the cleaned name
    last_token: int  # exclusive
    lookup: tuple[int, int]  # tokens that point to this mention (the uncleaned entity)
    name: str
    type: ActorType
    titles: list[str] = field(default_factory=list)
    from_metadata: bool = False  # the author or publisher, not found by the parser
    gender: str | None = None  # from "Mr"/"Mrs" or a listed first name
    # Evidence for the kind of a name the model may type either way ("Yukos", "Lib Dems" as
    # PERSON): + organisation ("the Lib Dems", "oil firm Yukos", "Macrovision said its ..."),
    # - person ("Mr", a listed first name). The clusters weigh it with the model's labels.
    org_vote: int = 0


def type_of(label: str, name: str, lex: ActorLexicon) -> ActorType:
    last = name.split()[-1].lower() if name.split() else ""
    if label in ("GPE", "LOC", "ORG", "NORP") and name_key(name) in lex.country_of:
        return ActorType.Country
    if label in ("ORG", "EVENT", "RULE") and last in lex.event_suffixes:
        return ActorType.Event
    if label == "PERSON" and (last in lex.org_suffixes or last in lex.org_words):
        return ActorType.Organization  # "Age Concern", "Christian Aid" marked PERSON
    if label == "RULE":
        return ActorType.Organization
    return ENTITY_TYPES[label]


def acceptable_name(name: str, lex: ActorLexicon) -> bool:
    if not name or len(name) > 80 or not any(c.isalpha() for c in name):
        return False
    if name_key(name) in lex.stop or name.lower() in lex.stop:
        return False
    words = name.split()
    if not any(w[0].isupper() for w in words if w):
        return False  # "cyberspace", "the web": common nouns the model tagged
    if len(words) == 1 and words[0].lower() in lex.org_suffixes | lex.org_nouns:
        return False  # "State", "Court", "Police" alone: a common noun, not a name
    return not all(w.lower() in lex.titles | lex.honorifics for w in words)


def rule_organisations(doc: Doc, lex: ActorLexicon) -> list[tuple[int, int]]:
    """Capitalised runs ending in an organisation word: "Internet Affairs Bureau",
    "Ministry of Defence" (but not "Bureau of China" in "Bureau of China's Office")."""
    found: list[tuple[int, int]] = []
    for token in doc:
        if token.lower_ not in lex.org_suffixes or not token.text[:1].isupper():
            continue
        first = token.i
        while first > 0:
            prev = doc[first - 1]
            if prev.is_space or (
                is_name_word(prev)
                and prev.lower_ not in grammar().determiners
                and not prev.is_sent_start
                and prev.tag_ != "POS"
            ):
                first -= 1
            else:
                break
        last = token.i + 1
        if last + 1 < len(doc) and doc[last].lower_ == "of":
            run = last + 1
            if run < len(doc) and doc[run].lower_ == "the":
                run += 1
            end = run
            while end < len(doc) and is_name_word(doc[end]):
                end += 1
            possessive = end < len(doc) and doc[end].tag_ == "POS"
            if end > run and not possessive:
                last = end
        first, last = trim_tokens(doc, first, last)
        if last - first >= 2:
            found.append((first, last))
    return found


# Quotation marks other than apostrophes ("Great Firewall" in quotes; not "O'Brien").
_DOUBLE_QUOTE_MARKS = frozenset(QUOTE_MARKS) - {"'", "’"}


def find_mentions(doc: Doc, lex: ActorLexicon) -> list[Mention]:
    candidates: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        if ent.label_ != "PERSON" and not _DOUBLE_QUOTE_MARKS.isdisjoint(ent.text):
            continue  # the model's boundaries are off inside quoted phrases ("Great Firewall ...")
        if ent.label_ == "NORP" and not (ent[-1].tag_ in ("NNPS", "NNS") and ent[-1].text.endswith("s")):
            continue  # "Chinese" is an adjective, not an actor; "Republicans" is a group
        candidates.append((ent.start, ent.end, ent.label_))
    for first, last in rule_organisations(doc, lex):
        overlapping = [c for c in candidates if c[0] < last and first < c[1]]
        if all(first <= c[0] and c[1] <= last and (c[1] - c[0]) < (last - first) for c in overlapping):
            candidates = [c for c in candidates if c not in overlapping]
            candidates.append((first, last, "RULE"))
    mentions = []
    for first, last, label in sorted(candidates):
        mention = clean_mention(doc, first, last, label, lex)
        if mention is not None:
            mentions.append(mention)
    return mentions


def clean_mention(doc: Doc, first: int, last: int, label: str, lex: ActorLexicon) -> Mention | None:
    lookup = trim_tokens(doc, first, last)
    first, last = lookup
    titles: list[str] = []
    if (
        label in ("ORG", "GPE")
        and last > first
        and (
            doc[first].lower_ in lex.honorifics
            or (
                doc[first].text in lex.first_names
                and last - first in (2, 3)
                and all(t.is_title for t in doc[first:last])
            )
        )
    ):
        label = "PERSON"  # the model's "Mr Ebbers" or "Nicola Sturgeon" as an ORG
    if label == "PERSON":
        # "President Bush" / "Mr Blair": the title is a role, the honorific nothing.
        lead = first
        while lead < last - 1 and (
            doc[lead].lower_ in lex.titles or doc[lead].lower_ in lex.honorifics or doc[lead].is_space
        ):
            lead += 1
        title_words = [t.text for t in doc[first:lead] if t.lower_ in lex.titles]
        if title_words:
            titles.append(" ".join(title_words))
        first = lead
        # A title just before the entity: "Prime Minister" + "Tony Blair".
        before = first
        while before > 0 and doc[before - 1].lower_ in lex.titles and doc[before - 1].text[:1].isupper():
            before -= 1
        if before < first and not titles:
            titles.append(" ".join(t.text for t in doc[before:first]))
    described_to = None
    if label in ("ORG", "RULE"):
        # "Xinhua news agency": the name is "Xinhua", "news agency" a role; the mention keeps
        # all the words, as a reader would mark it.
        end = last
        while end > first + 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha:
            end -= 1
        if end < last and any(is_name_word(t) for t in doc[first:end]):
            titles.append(doc[end:last].text)
            described_to = doc[last - 1].idx + len(doc[last - 1].text)
            last = end
    # "World Health Organization (WHO": the bracketed acronym is another mention, not the name.
    bracket = next((t.i for t in doc[first:last] if t.text in "([{" and t.i > first), None)
    if bracket is not None:
        last = bracket
    first, last = trim_tokens(doc, first, last)
    if last <= first:
        return None
    start, end_char = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    name = squeezed_text(doc, start, end_char)
    if not acceptable_name(name, lex):
        return None
    if described_to is not None and bracket is None:
        end_char = described_to
    gender = None
    if label == "PERSON":
        # "Mr Blair" (in or just before the entity) first, then the first name.
        cues = [t.lower_ for t in doc[max(lookup[0] - 1, 0) : first]] + [name.split()[0].lower()]
        gender = next((lex.gender_of[c] for c in cues if c in lex.gender_of), None)
    mtype = type_of(label, name, lex)
    return Mention(
        start, end_char, first, last, lookup, name, mtype, titles, gender=gender,
        org_vote=org_evidence(doc, first, last, lex) if mtype in (ActorType.Person, ActorType.Organization) else 0,
    )


def org_evidence(doc: Doc, first: int, last: int, lex: ActorLexicon, weak: bool = False) -> int:
    """How much the words around a name say organisation (> 0) or person (< 0): "the" or a
    company noun right before it ("the Lib Dems", "Russian oil firm Yukos", "a spokesman for
    Age Concern"); with `weak`, also "its" later in its clause ("Macrovision said its ...",
    for a name the model did not mark: "its" may mean something else named there). An
    honorific or a listed first name says person."""
    vote = 0
    before = doc[first - 1] if first > 0 else None
    if doc[first].text in lex.first_names or (before is not None and before.lower_ in lex.honorifics):
        return -2
    if before is not None and before.lower_ in lex.titles and before.text[:1].isupper() and before.pos_ == "PROPN":
        return -2  # "President Obama", "AG Vanita Gupta"
    if before is not None and before.lower_ == "the" and last - first <= 3:
        vote += 2
    if before is not None and before.lower_ in lex.company_nouns:
        vote += 2  # "the Russian oil firm Yukos", "the club Manchester United"
    if before is not None and before.lower_ == "for" and before.head.lemma_.lower() in lex.spokesperson_nouns:
        vote += 2  # "a spokesman for Age Concern"
    root = doc[last - 1]
    vote += _company_kept(root, lex)
    if weak and root.dep_ in ("nsubj", "nsubjpass"):
        clause = [t for t in root.head.subtree if t.i >= last]
        possessives = ("its", "his", "her", "their")
        pronoun = next((t.lower_ for t in clause if t.pos_ == "PRON" and t.lower_ in possessives), None)
        if pronoun == "its":
            vote += 1
    return vote


def _company_kept(root: Token, lex: ActorLexicon) -> int:
    """+2 when the name's grammar says organisation: listed among organisations ("the
    Alzheimer's Society, Age Concern, Mencap and the National Autistic Society"), described
    in apposition by an organisation noun ("Mencap, the learning disability charity,"; "the
    charity, Mencap,"), or the subject of a plural verb with no other subject ("Age Concern
    say", "Shelter have warned": British agreement with a body, never with one person)."""
    org_nouns = lex.org_nouns - lex.person_nouns
    conjuncts = root.conjuncts
    if conjuncts:
        # by their words, not the model's labels ("Djokovic and Andy Murray" may be ORG there);
        # "Obama and his Justice Department": "his" says the first is a person.
        orgs = sum(c.lower_ in lex.org_suffixes or c.lower_ in lex.org_words for c in conjuncts)
        people = sum(
            c.ent_type_ == "PERSON" or any(p.lower_ in ("his", "her") for p in c.children) for c in conjuncts
        )
        return 2 if orgs > people else 0
    # only an apposition right next to the name: the parser hangs far ones on it too
    described = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.left_edge.i == root.i + 2]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i + 2 == root.left_edge.i:
        described.append(root.head)
    if any(d.lemma_.lower() in org_nouns for d in described):
        return 2
    if root.dep_ == "nsubj" and root.tag_ == "NNP":
        verb = root.head
        finite = [verb, *(c for c in verb.children if c.dep_ == "aux")]
        if any(t.tag_ == "VBP" for t in finite) and not any(
            c.dep_ == "nsubj" and c.i != root.i for c in verb.children
        ):
            return 2
    return 0


def headline_checked(mentions: list[Mention], text: str) -> list[Mention]:
    """In A Headline Written In Title Case the model takes capitalised words for names
    ("Stealth Over Health"); keep a headline mention only if the body names it too."""
    stripped = text.lstrip()
    line_start = len(text) - len(stripped)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text[line_start:line_end]) if len(w) >= 4]
    headline = text[line_start:line_end].strip()
    if (
        line_end - line_start > 200
        or len(words) < 3
        or sum(w[0].isupper() for w in words) < 0.7 * len(words)
        or headline.endswith((".", "!"))
        or not text[line_end:].strip()
    ):
        return mentions  # not a headline: a sentence, or the whole text
    body = [m for m in mentions if m.start >= line_end or m.start < 0]
    body_words = {w for m in body for w in name_words(m.name)}
    return [m for m in mentions if m.start >= line_end or m.start < 0 or set(name_words(m.name)) & body_words]


def definite_descriptions(doc: Doc, lex: ActorLexicon, token_cluster: dict[int, Cluster]) -> list[Offsets]:
    """'the Internet giant', 'the summit', 'the Chinese official': singular noun phrases with
    'the' whose head is a person, company, institution or event word."""
    heads = lex.person_nouns | lex.org_nouns | lex.event_nouns
    found = []
    for root in doc:
        if root.tag_ != "NN" or root.lemma_.lower() not in heads or root.pos_ != "NOUN":
            continue
        chunk = doc[root.left_edge.i : root.i + 1]  # "the California company" of "...company's decision"
        if chunk[0].lower_ != "the" or len(chunk) > 6:
            continue
        if root.i in token_cluster or any(t.tag_ == "POS" for t in chunk):
            continue
        if any(
            token_cluster[t.i].type not in (ActorType.Place, ActorType.Country) for t in chunk if t.i in token_cluster
        ):
            continue  # "the Google team": the name is the mention
        found.append((chunk[0].idx, root.idx + len(root.text)))
    return found
