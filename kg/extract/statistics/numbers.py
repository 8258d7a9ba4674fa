"""Reading numbers written in digits, words or both ("48,000", "2.5bn", "one billion").

The word lists live in data/numbers_words.yaml. Nothing here knows about spaCy: the
statistics extractor hands over token texts and gets back a value or None. None means "not a
number we can read safely" (e.g. "1,2,3", "10e9999", "3rd"), never an exception.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.errors import KGError
from kg.extract.lexicon import load_yaml

__all__ = ["NumberWords", "number_words", "parse_digits", "parse_number", "token_kind"]

_WHERE = "kg/extract/data/numbers_words.yaml"

# Digits with optional thousands groups, an optional decimal part and an optional glued scale
# ("48,000", "2.5", "2.5bn", "3m"). A grouping like "1,2,3" does not match: it is a list.
_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([a-z]{1,3})?$")


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    abbreviations: dict[str, float]
    vague: dict[str, float]
    fractions: dict[str, float]
    multiple_verbs: dict[str, float]
    multiple_adverbs: dict[str, float]


def _mapping(data: dict[str, Any], key: str) -> dict[str, float]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise KGError(f"{_WHERE}: '{key}' must be a mapping of word -> number; restore the file")
    return {str(k).lower(): float(v) for k, v in value.items()}


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    data = load_yaml("numbers_words.yaml")
    return NumberWords(
        units=_mapping(data, "units"),
        tens=_mapping(data, "tens"),
        scales=_mapping(data, "scales"),
        abbreviations=_mapping(data, "scale_abbreviations"),
        vague=_mapping(data, "vague"),
        fractions=_mapping(data, "fractions"),
        multiple_verbs=_mapping(data, "multiple_verbs"),
        multiple_adverbs=_mapping(data, "multiple_adverbs"),
    )


def _ascii_digits(text: str) -> str | None:
    """Map any Unicode decimal digit ("٣") to ASCII; keep ",", "."; None for other symbols."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        if digit is None:
            return None
        out.append(str(digit))
    return "".join(out)


def parse_digits(text: str) -> tuple[float, bool] | None:
    """The value of one digit token and whether a glued scale ("bn", "m") was applied.

    "48,000" -> (48000, False); "2.5bn" -> (2.5e9, True); "½" -> (0.5, False);
    "1,2,3", "10e9999", "3rd", "" -> None.
    """
    if len(text) == 1 and not text.isascii():
        fraction = unicodedata.numeric(text, None)
        if fraction is not None and unicodedata.decimal(text, None) is None:
            return float(fraction), False
    ascii_text = _ascii_digits(text.strip())
    if not ascii_text:
        return None
    match = _DIGITS.match(ascii_text.lower())
    if match is None:
        return None
    whole, decimals, suffix = match.groups()
    value = float(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
    scaled = False
    if suffix:
        scale = number_words().abbreviations.get(suffix)
        if scale is None:
            return None
        value *= scale
        scaled = True
    if not math.isfinite(value):
        return None
    return value, scaled


# Asked twice for every token of an article (is a number starting here?): the same few
# thousand words recur, so the answers are kept (bounded: memory stays flat on a long run).
@lru_cache(maxsize=1 << 16)
def token_kind(text: str) -> str | None:
    """What a token can be inside a number: digits | unit | tens | scale | abbr | vague | None."""
    lower = text.lower()
    words = number_words()
    if parse_digits(text) is not None:
        return "digits"
    if lower in words.units:
        return "unit"
    if lower in words.tens:
        return "tens"
    if lower in words.scales:
        return "scale"
    if lower in words.abbreviations:
        return "abbr"
    if lower in words.vague:
        return "vague"
    return None


def parse_number(texts: list[str]) -> float | None:
    """The value of a run of number tokens: ["one", "billion"] -> 1e9,
    ["400", "million"] -> 4e8, ["two", "hundred", "and", "fifty"] -> 250,
    ["forty", "-", "two"] -> 42, ["a", "million"] -> 1e6, ["five", "and", "a", "half"] -> 5.5,
    ["one", "point", "three"] -> 1.3. None if the run is not one number."""
    words = number_words()
    total = 0.0
    current: float | None = None
    seen_any = False
    decimals: str | None = None  # digits read after "point", in words
    for i, raw in enumerate(texts):
        lower = raw.lower()
        if decimals is not None:
            digit = words.units.get(lower)
            if digit is None or digit > 9 or current is None:
                return None
            decimals += str(int(digit))
            continue
        if lower == "point" and current is not None and seen_any:
            decimals = ""
            continue
        if lower in ("and", "-") and seen_any:
            continue
        if lower in ("a", "an") and i == 0:
            current = 1.0
            continue
        words_only = [t.lower() for t in texts if t != "-"]  # "two-and-a-half" as words
        at = len([t for t in texts[:i] if t != "-"])
        if lower in ("a", "an") and seen_any and words_only[at + 1 : at + 2] == ["half"]:
            continue  # "five and a half"
        if lower == "half" and seen_any and words_only[at - 1] in ("a", "an"):
            current = (current or 0.0) + 0.5
            continue
        digits = parse_digits(raw)
        if digits is not None:
            if current is not None:
                return None  # two numbers side by side ("20 30") are not one number
            current = digits[0]
        elif lower in words.units or lower in words.tens:
            add = words.units.get(lower, words.tens.get(lower, 0.0))
            current = (current or 0.0) + add
        elif lower in words.scales or lower in words.abbreviations:
            scale = words.scales.get(lower) or words.abbreviations[lower]
            base = 1.0 if current is None else current
            if scale < 1000:  # hundred, dozen: multiply and keep going ("two hundred thousand")
                current = base * scale
            else:
                total += base * scale
                current = None
        else:
            return None
        seen_any = True
    if not seen_any or decimals == "":
        return None
    if decimals:
        current = float(f"{int(current or 0.0)}.{decimals}")
    value = total + (current or 0.0)
    return value if math.isfinite(value) else None
