"""Descriptions ("a top Chinese official", "those questioned") as names, and how far a
description looks for the actor it means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.docindex import squeezed_text
from kg.extract.lexicon import grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CATAPHORA_CHARS", "NEAR_CHARS", "description_name"]

# Cataphora: how far after "a top official" the named speaker may come.
CATAPHORA_CHARS = 1500
# "the company" right after a name most likely means that name.
NEAR_CHARS = 250


def description_name(doc: Doc, first: int, last: int) -> str:
    """'a top Chinese official' -> 'top Chinese official', 'China's state press' as written."""
    while first < last and (doc[first].lower_ in grammar().determiners or doc[first].is_space):
        if doc[first].head.i == doc[first].i or not first < doc[first].head.i < last:
            break  # "those questioned": the determiner heads the phrase, it is the name
        first += 1
    if last <= first:
        return ""
    name = squeezed_text(doc, doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text))
    opening = doc[first]
    if opening.is_sent_start and opening.tag_ not in ("NNP", "NNPS") and not opening.ent_type_:
        # "Analysts said ..." names the same group as "... analysts said": the capital is the
        # sentence's, not the name's.
        name = name[:1].lower() + name[1:]
    return name
