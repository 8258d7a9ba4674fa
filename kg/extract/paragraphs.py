"""A spaCy component that starts a sentence at every paragraph, so the parser never joins a
headline or the previous paragraph into one sentence (it respects preset sentence starts).

`add_paragraph_sentences(nlp)` puts it before the parser; `load_nlp()` may call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["COMPONENT", "add_paragraph_sentences"]

COMPONENT = "kg_paragraph_sentences"


def _mark_paragraphs(doc: Doc) -> Doc:
    for tok in doc[1:]:
        previous = doc[tok.i - 1]
        if "\n" in previous.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


def add_paragraph_sentences(nlp: Language) -> Language:
    """Add the component before the parser (once; a second call changes nothing)."""
    from spacy.language import Language as _Language

    if COMPONENT not in _Language.factories:
        _Language.component(COMPONENT, func=_mark_paragraphs)
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
    return nlp
