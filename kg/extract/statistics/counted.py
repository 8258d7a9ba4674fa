"""What a count counts: the noun after a number, over a list of nouns when there is one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.cores import Core
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.numbers import token_kind
from kg.extract.statistics.tokens import lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["counted_noun", "extend_conjuncts", "list_unit", "normal_unit"]


def counted_noun(doc: Doc, core: Core) -> tuple[int, int] | None:
    """(head noun index, end of the noun phrase) of what a number counts, if anything."""
    n = len(doc)
    if core.vague:
        # "millions of bloggers": the object of "of".
        if lower_at(doc, core.end) != "of" or core.end + 1 >= n:
            return None
        j = core.end + 1
        nominal = ("NOUN", "PROPN")
        while j < n and doc[j].pos_ in ("DET", "ADJ", "NUM", "ADV", *nominal) and j - core.end < 6:
            if doc[j].pos_ in nominal and (j + 1 >= n or doc[j + 1].pos_ not in nominal):
                return j, j + 1  # the last noun of "of the world's bloggers"
            j += 1
        return None
    last = doc[core.end - 1]
    head = last.head
    # The parse: the number modifies a noun a few tokens later ("400 government officials").
    while head.i < n and head.dep_ == "compound" and head.pos_ == "NUM":
        head = head.head
    if (
        head.i >= core.end
        and head.i - core.end <= 4
        and head.pos_ in ("NOUN", "PROPN")
        and last.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod")
        and all(
            t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB") and t.text not in ",;("
            for t in doc[core.end : head.i]
        )
    ):
        return head.i, head.i + 1
    # A part of a group: "two of the band's guitarists", "six of those months".
    if lower_at(doc, core.end) == "of" and core.value != 1:
        j = core.end + 1
        if j < n and (doc[j].pos_ in ("DET", "PRON") or doc[j].tag_ == "PRP$"):
            # Not through another number: "16 of the 21 principals" leaves "21 principals" whole.
            while j < n and j - core.end < 6 and doc[j].pos_ in ("DET", "PRON", "ADJ", "NOUN", "PROPN", "PART"):
                if doc[j].tag_ in ("NNS", "NNPS") and not (j + 1 < n and doc[j + 1].pos_ in ("NOUN", "PART")):
                    return j, j + 1
                j += 1
        return None
    # Fallback: the nouns right after the number ("48,000 cases", "3 barrels").
    j = core.end
    while j < n and doc[j].pos_ == "ADJ" and j - core.end < 2:
        j += 1
    if j < n and doc[j].pos_ == "NOUN" and doc[j].tag_ in ("NNS", "NN"):
        # "5 bank accounts": through singular nouns to the plural head
        while j + 1 < n and doc[j].tag_ == "NN" and doc[j + 1].tag_ in ("NNS", "NN"):
            j += 1
        if doc[j].tag_ == "NNS" or core.value == 1:
            return j, j + 1
    return None


def extend_conjuncts(doc: Doc, head: Token, end: int) -> int:
    """'400 officials, business leaders and experts': the count covers every conjunct."""
    last = end
    members = [head, *head.conjuncts]
    joiners = {c.lower_ for m in members for c in m.children if c.dep_ == "cc"}
    if "and" not in joiners or "or" in joiners:
        return last  # "operations, or calculations" renames the thing, it adds nothing
    for conj in head.conjuncts:
        counted_again = token_kind(conj.text) is not None or any(
            c.dep_ == "nummod" or token_kind(c.text) is not None for c in conj.children
        )
        with_article = conj.left_edge.pos_ == "DET"  # "leaders and a range of experts"
        if (
            conj.i >= end
            and conj.pos_ in ("NOUN", "PROPN")
            and conj.i - last <= 5
            and not counted_again
            and not with_article
        ):
            last = conj.i + 1
    return last


def list_unit(doc: Doc, head: Token, end: int, unit: str, lex: Lexicon) -> str:
    """The unit of a count over a list of nouns: "person" when every noun names people
    (officials, leaders and experts), else the first noun's lemma."""
    members = [head, *(c for c in head.conjuncts if head.i < c.i < end)]
    lemmas = {lex.unit_lemmas.get(m.lemma_.lower(), m.lemma_.lower()) for m in members}
    return "person" if lemmas <= lex.person_nouns else unit


def normal_unit(doc: Doc, head_i: int, lemma: str, lex: Lexicon) -> str:
    """The unit in its one normal form: "GB" and "gigabytes" -> gigabyte; "square feet" ->
    square foot (data: unit_aliases, unit_prefixes in statistics_units.yaml)."""
    unit = lex.unit_aliases.get(lemma, lex.unit_aliases.get(doc[head_i].lower_, lemma))
    before = doc[head_i - 1].lower_ if head_i > 0 else ""
    if before in lex.unit_prefixes:
        unit = f"{before} {unit}"
    return unit
