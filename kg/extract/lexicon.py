"""The extractors' words: one loader for the data files, and the marks every rule shares.

Word lists are data (kg/extract/data/), so a reader can extend them without touching code:
- `*.txt`: one entry a line; `#` starts a comment, blank lines are skipped;
- `*.yaml`: named lists or mappings (safe_load).
Each file is read once per process. A missing or broken file raises `KGError` naming the
file and the fix, the same way for both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.errors import KGError

__all__ = [
    "APOSTROPHES",
    "CLOSING_DOUBLE",
    "DETERMINERS",
    "OPENING_DOUBLE",
    "QUOTE_MARKS",
    "QUOTE_MARKS_STRICT",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "STRAIGHT_DOUBLE",
    "UNAMBIGUOUS_QUOTE_MARKS",
    "SpeechVerbs",
    "load_lines",
    "load_yaml",
    "month_numbers",
    "reporting_lemmas",
    "speech_cue_forms",
    "speech_cue_phrases",
    "speech_verbs",
]

# ------------------------------------------------------------------------ quotation marks
# Defined once; each rule names the set it means.
OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"  # also the typographic apostrophe ("China’s")
APOSTROPHES = "'’"
_RARE_MARKS = "‟‹›`"
# Marks that are never an apostrophe: a text holding one of them quotes someone.
UNAMBIGUOUS_QUOTE_MARKS = STRAIGHT_DOUBLE + OPENING_DOUBLE + CLOSING_DOUBLE + SINGLE_OPEN
# The marks the quote finder pairs, apostrophes included: what a statement span may start
# or end with.
QUOTE_MARKS_STRICT = UNAMBIGUOUS_QUOTE_MARKS + APOSTROPHES
# Every character that can mark a quotation, rare ones too: stripped from actor names.
QUOTE_MARKS = QUOTE_MARKS_STRICT + _RARE_MARKS

# Words that open a noun phrase without being part of a name ("the", "a top official").
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "one", "another", "any"})


# ------------------------------------------------------------------------------ loading


def _read(name: str) -> str:
    from importlib.resources import files

    resource = files("kg.extract") / "data" / name
    try:
        return resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise KGError(
            f"kg/extract/data/{name}: word list missing or unreadable; reinstall kg or restore the file"
        ) from None


@cache
def load_lines(name: str, *, lower: bool = True) -> tuple[str, ...]:
    """The non-comment, non-blank lines of data/<name>, stripped (and lower-cased unless
    `lower` is False: country names keep their capitals)."""
    lines = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return tuple(line.lower() if lower else line for line in lines if line)


@cache
def load_yaml(name: str) -> Any:
    """The parsed data/<name> (a YAML mapping of lists or of mappings)."""
    import yaml

    try:
        data = yaml.safe_load(_read(name))
    except yaml.YAMLError as exc:
        raise KGError(f"kg/extract/data/{name}: not valid YAML ({exc}); restore the file") from None
    if not isinstance(data, dict):
        raise KGError(f"kg/extract/data/{name}: expected a YAML mapping; restore the file")
    return data


# ---------------------------------------------------------------------- shared word sets


@cache
def month_numbers() -> dict[str, int]:
    """Lower-case month names and abbreviations -> month number: 'sept' -> 9 (months.txt)."""
    return {form: number for number, line in enumerate(load_lines("months.txt"), start=1) for form in line.split()}


@cache
def speech_cue_forms() -> frozenset[str]:
    """Single words (every inflected form) that make a cue a speech cue."""
    return frozenset(word for line in load_lines("speech_cues.txt") for word in line.split())


@cache
def speech_cue_phrases() -> tuple[str, ...]:
    """Multi-word speech cues matched as a whole ("according to"): according_to.txt."""
    return load_lines("according_to.txt")


@cache
def reporting_lemmas() -> frozenset[str]:
    """Lemmas of verbs that report speech ("say", "tell", "warn")."""
    return frozenset(load_lines("reporting_verbs.txt"))


@dataclass(frozen=True)
class SpeechVerbs:
    """The verbs the statement rules look for, by what they do in a sentence."""

    reporting: frozenset[str]  # lemmas that report speech: "say", "tell", "warn"
    relay: frozenset[str]  # lemmas that pass speech on: "quote" ("was quoted as saying by")
    naming: frozenset[str]  # lemmas that name with a quotation: "call" ('called it “outrageous”')
    addressing: frozenset[str]  # lemmas whose object is the audience: "tell" ("told participants")
    frame_forms: frozenset[str]  # inflected forms the tagger misses: '“…,” the two write.'


@cache
def speech_verbs() -> SpeechVerbs:
    return SpeechVerbs(
        reporting=reporting_lemmas(),
        relay=frozenset(load_lines("intermediary.txt")),
        naming=frozenset(load_lines("naming_verbs.txt")),
        addressing=frozenset(load_lines("addressing_verbs.txt")),
        frame_forms=frozenset(load_lines("frame_verb_forms.txt")),
    )
