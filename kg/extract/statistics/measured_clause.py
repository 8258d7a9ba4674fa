"""What a statistic measures, read from the clause it is in when no noun next to the figure says
so. The verb the figure hangs from decides (word lists: statistics_measured.yaml and the change
verbs of statistics_changes.yaml):
- a verb whose direct object is what changed or was valued: "lifted interest rates 0.25%",
  "cut its debt to £160m", "estimated reconstruction costs at $3bn" -> the object;
- a verb whose subject is the quantity: "profits rose 76%", "the rate was 9.6%", "the delays
  amounted to 62 months" -> the subject, and a pronoun subject ("it fell to 9.6%") stands for
  the nearest subject noun before it that agrees in number and is not someone who acts;
- a verb whose subject is someone who acts on the figure: "Delta lost $646m", "he was banned
  for eight months", "promised to publish the plan within 10 days" -> the verb (with its
  object for a span of time): the loss, the ban, the publishing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.measured_near import change_object, closed_end, statistic_root
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["antecedent", "compared_thing", "from_clause", "names_someone", "subject_of", "verb_of"]

Range = tuple[int, int]

# Entities that are amounts: never a modifier or object standing for the measured thing.
AMOUNT_ENTITIES = frozenset(["MONEY", "PERCENT", "CARDINAL", "QUANTITY"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
_SOMEONE_ENTITIES = frozenset(["ORG", "PERSON", "GPE", "NORP"])
# How many sentences back a pronoun's antecedent is looked for.
_ANTECEDENT_SENTENCES = 2
# What may follow a verb in the words a span of time measures: "publish the plan", "stormed
# 22-6 ahead", "retired from international rugby"; at most this many words.
_COMPLEMENT_DEPS = frozenset(["dobj", "prt", "advmod", "acomp", "prep", "dative", "npadvmod"])
_LONGEST = 7


def verb_of(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Token, str] | None:
    """(the verb the statistic hangs from, the preposition on the way or "")."""
    tok = statistic_root(doc, draft)
    preposition = ""
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.pos_ == "ADP" and not preposition:
            preposition = head.lower_
        if head.pos_ in ("VERB", "AUX"):
            return head, preposition
        amount = head.like_num or head.pos_ == "NUM" or head.ent_type_ in AMOUNT_ENTITIES or head.text in "%$£€"
        placeholder = head.lemma_.lower() in lex.placeholder_nouns  # "rose to a new record of £27.9bn"
        if head.pos_ in ("ADP", "ADV") or tok.dep_ in ("pobj", "npadvmod", "advmod") or amount or placeholder:
            tok = head  # through "by", "back to", and a next amount the parse hung it from
            continue
        return None
    return None


def subject_of(verb: Token) -> Token | None:
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


def names_someone(tok: Token, lex: Lexicon) -> bool:
    """A subject that names who acted, not what was measured: "Reuters", "it", "analysts"."""
    return tok.pos_ == "PRON" or tok.ent_type_ in _SOMEONE_ENTITIES or tok.lemma_.lower() in lex.person_nouns


def antecedent(doc: Doc, pronoun: Token, lex: Lexicon, quantity: bool) -> Token | None:
    """The noun a subject pronoun stands for: the nearest subject before it, in its sentence or
    the two before, that agrees in number ("it" a singular noun, "they" a plural one). When the
    verb's subject is the quantity ("it fell to 9.6%"), a subject naming someone is passed over
    ("The IBGE said it fell": "it" is the unemployment rate of the sentence before)."""
    plural = lex.pronouns.get(pronoun.lower_) == "plural"
    sentence = pronoun.sent
    start, stop = sentence.start, pronoun.i
    for _ in range(_ANTECEDENT_SENTENCES + 1):
        for tok in reversed(doc[start:stop]):
            if tok.dep_ not in _SUBJECT_DEPS or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if (tok.tag_ in ("NNS", "NNPS")) != plural:
                continue
            if quantity and names_someone(tok, lex):
                continue
            return tok
        if start == 0:
            return None
        sentence = doc[start - 1].sent
        start, stop = sentence.start, sentence.end
    return None


def _object(verb: Token, draft: Draft) -> Token | None:
    for child in verb.children:
        if child.dep_ != "dobj" or draft.start <= child.i < draft.end:
            continue
        if any(t.like_num or t.ent_type_ in AMOUNT_ENTITIES for t in child.lefts) or child.like_num:
            continue  # "lost $646m", "taking some 15 million tonnes": another amount, not a thing
        return child
    return None


def _described(relative: Token) -> Token | None:
    """The noun a relative clause describes: "a deal that could be worth $6bn" -> deal."""
    clause = relative.head
    for _ in range(3):
        if clause.dep_ == "relcl":
            return clause.head if clause.head.pos_ in ("NOUN", "PROPN") else None
        if clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _acted_on(doc: Doc, draft: Draft, verb: Token) -> bool:
    """Is the figure the verb's object, itself or through a placeholder ("lost $646m", "pay a
    total of $515m")?"""
    tok = statistic_root(doc, draft)
    for _ in range(4):
        if tok.head.i == verb.i:
            return tok.dep_ in ("dobj", "oprd")
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _object_of_prep(verb: Token, preps: tuple[str, ...]) -> Token | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _verb_phrase(verb: Token, draft: Draft, with_complement: bool) -> Range:
    """The verb with its particle ("cut back"); for a span of time also what follows it up to
    the span ("publish the plan", "stormed 22-6 ahead", "retired from international rugby"),
    at most `_LONGEST` words, not ending on a dangling word."""
    doc = verb.doc
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    if not with_complement:
        return verb.i, end
    for child in verb.rights:
        if child.dep_ not in _COMPLEMENT_DEPS or child.i < end:
            continue
        last = max(t.i for t in child.subtree) + 1
        holds_the_span = any(draft.start <= t.i < draft.end for t in child.subtree)
        if holds_the_span or child.i > end + 3 or any(t.text in ",;:" for t in doc[end:last]):
            break
        end = last
    return verb.i, closed_end(doc, verb.i, min(end, verb.i + _LONGEST))


def from_clause(doc: Doc, draft: Draft, lex: Lexicon, measure: bool) -> tuple[Token, Range | None] | None:
    """(head token, its words when they are not a noun phrase) of what the clause says the
    figure measures, or None."""
    root = statistic_root(doc, draft)
    found = (root, "") if root.pos_ == "VERB" else verb_of(doc, draft, lex)  # "has doubled the level"
    if found is None:
        return None
    verb, preposition = found
    lemma = verb.lemma_.lower()
    span_of_time = draft.unit in lex.time_units.values()
    changes = lemma in lex.change_verbs
    obj = _object(verb, draft)
    if obj is not None and obj.lemma_.lower() in lex.placeholder_nouns and not list(obj.rights):
        obj = None  # "widened to $60bn, an all-time record": the object restates the figure
    if obj is not None and (changes or lemma in lex.object_verbs or preposition in ("to", "from", "at")):
        if obj.lemma_.lower() in lex.change_nouns:  # "posting a rise in profits to £198m"
            obj = change_object(obj) or obj
        if obj.lower_ in lex.relative_pronouns:
            obj = _described(obj)  # "revenues of $3bn, which EA hoped to double"
        if obj is not None and not names_someone(obj, lex):
            return obj, None  # "cut its debt back to £160m", "put the offer at 300p"
        if not draft.start <= verb.i < draft.end:
            return verb, (verb.i, verb.i + 1)  # "value Manchester United at £800m": the value
        return None
    quantity = changes or lemma in lex.quantity_verbs or preposition in ("to", "from", "by")
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in lex.relative_pronouns:
        subject = _described(subject)
    if subject is not None and subject.pos_ == "PRON" and subject.lower_ in lex.pronouns:
        subject = antecedent(doc, subject, lex, quantity) or subject
    acted_on = _acted_on(doc, draft, verb)
    if acted_on and (changes or lemma in lex.object_verbs):  # "slash $5bn from its costs"
        source = _object_of_prep(verb, ("from", "off"))
        if source is not None and not names_someone(source, lex):
            return source, None
    # "talks ended after 90 minutes": a span of time measures a subject that is not someone,
    # unless the verb acts on an object ("the government will publish the plan within 10 days")
    lasting = span_of_time and obj is None
    # "sales posted a 7% rise": a change the subject went through, not one it made
    went_through = draft.change_word is not None
    if subject is not None and not names_someone(subject, lex) and (
        quantity or lasting or went_through or (measure and not acted_on)
    ):
        return subject, None
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head, None  # "penalties totalling nearly $2bn"
    if quantity or lemma in lex.silent_verbs or verb.pos_ == "AUX":
        return None
    if (measure or span_of_time) and not draft.start <= verb.i < draft.end:  # not "doubled" itself
        return verb, _verb_phrase(verb, draft, with_complement=span_of_time)
    return None


def compared_thing(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[Token, Range | None] | None:
    """A multiple before a comparative: "makes TV picture quality four times better" -> the
    object; "sales were four times higher" -> the subject; "Roma Czechs were 400 times more
    likely to be stopped" (the subject is who) -> "likely to be stopped"."""
    at = draft.end + (1 if lower_at(doc, draft.end) in ("more", "less") else 0)
    if at >= len(doc) or doc[at].tag_ not in ("JJR", "RBR", "JJ", "RB"):
        return None
    if at == draft.end and doc[at].tag_ in ("JJ", "RB"):
        return None  # a plain adjective needs "more"/"less": "more likely"
    comparative = doc[at]
    verb = comparative.head if comparative.head.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return None
    obj = _object(verb, draft)
    if obj is not None and not names_someone(obj, lex):
        return obj, None
    subject = subject_of(verb)
    if subject is not None and not names_someone(subject, lex):
        return subject, None
    said = [c for c in comparative.children if c.dep_ in ("xcomp", "prep") and c.i > comparative.i]
    end = max(t.i for t in said[0].subtree) + 1 if said else comparative.i + 1
    return comparative, (comparative.i, closed_end(doc, comparative.i, min(end, comparative.i + _LONGEST)))
