"""Which language a page is in: py3langid, whose model ships inside the package (no download).

kg's rules are written for English; a page in another language is reported and skipped. A
page is called non-English only when the detector is sure on enough text, so that a short
or mixed English page is never refused."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.errors import InputError

__all__ = ["NotEnglishError", "check_english", "detect_language", "language_name"]

# Below this many characters the detector guesses; a page that short is not judged.
_MIN_CHARS = 200
# The normalised probability above which the detector's answer is taken. On the 47 English
# pages of news-html-dev the lowest probability of English is far above any other language.
_SURE = 0.95
# Enough text to tell the language; detecting on the whole of a long page only costs time.
_SAMPLE_CHARS = 5000


class NotEnglishError(InputError):
    """The page is in another language; it is skipped, not mined with English rules."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(language), float(probability)


def language_name(code: str) -> str:
    """'it' -> 'Italian' (the code itself when the name is not known)."""
    try:
        from babel import Locale

        return str(Locale.parse(code).english_name)
    except Exception:  # babel raises several types for codes it does not know
        return code


def check_english(text: str, where: str) -> str | None:
    """The detected language code when the text is long enough to judge (else None);
    NotEnglishError when the text is surely in another language."""
    if len(text.strip()) < _MIN_CHARS:
        return None
    code, probability = detect_language(text)
    if code != "en" and probability >= _SURE:
        raise NotEnglishError(
            f"{where}: the article is in {language_name(code)} ({code}); "
            "kg extracts English articles only, so it is skipped"
        )
    return "en" if code == "en" else None
