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
    "OPENING_DOUBLE",
    "QUOTE_MARKS",
    "QUOTE_MARKS_STRICT",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "STRAIGHT_DOUBLE",
    "UNAMBIGUOUS_QUOTE_MARKS",
    "GrammarWords",
    "SpeechVerbs",
    "grammar",
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


# ------------------------------------------------------------------------------ loading


def _read(name: str) -> str:
    from kg.resources import package_text

    try:
        return package_text("kg.extract", "data", name)
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


@dataclass(frozen=True)
class SpeechVerbs:
    """The verbs of speech (speech_verbs.yaml), by what they do in a sentence."""

    reporting: frozenset[str]  # lemmas that report speech: "say", "tell", "warn"
    cue_forms: frozenset[str]  # the evaluation's speech cues: lemmas and every inflected form
    frame_forms: frozenset[str]  # inflected forms the tagger misses: '“…,” the two write.'
    relay: frozenset[str]  # lemmas that pass speech on: "quote" ("was quoted as saying by")
    naming: frozenset[str]  # lemmas that name with a quotation: "call" ('called it “outrageous”')
    addressing: frozenset[str]  # lemmas whose object is the audience: "tell" ("told participants")
    according_to: tuple[str, ...]  # phrases that name the source: "according to"
    clause_only: frozenset[str]  # lemmas that report speech only with a clause: "continue"


@cache
def speech_verbs() -> SpeechVerbs:
    data = load_yaml("speech_verbs.yaml")

    def words(key: str) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list | dict):
            raise KGError(f"kg/extract/data/speech_verbs.yaml: '{key}' is missing; restore the file")
        return [str(word).lower() for word in value]

    cues: dict[str, list[str]] = data.get("speech_cues") or {}
    cue_forms = {str(form).lower() for lemma, forms in cues.items() for form in [lemma, *(forms or [])]}
    return SpeechVerbs(
        reporting=frozenset(words("speech_cues") + words("other_reporting")),
        cue_forms=frozenset(cue_forms),
        frame_forms=frozenset(words("frame_forms")),
        relay=frozenset(words("relay")),
        naming=frozenset(words("naming")),
        addressing=frozenset(words("addressing")),
        according_to=tuple(words("according_to")),
        clause_only=frozenset(words("clause_only")),
    )


def speech_cue_forms() -> frozenset[str]:
    """Single words (every inflected form) that make a cue a speech cue."""
    return speech_verbs().cue_forms


def speech_cue_phrases() -> tuple[str, ...]:
    """Multi-word speech cues matched as a whole ("according to")."""
    return speech_verbs().according_to


def reporting_lemmas() -> frozenset[str]:
    """Lemmas of verbs that report speech ("say", "tell", "warn")."""
    return speech_verbs().reporting


@dataclass(frozen=True)
class GrammarWords:
    """Closed-class words the rules test for (grammar.yaml; each key explained there)."""

    determiners: frozenset[str]
    definite: frozenset[str]
    relative_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    leading_connectives: tuple[str, ...]  # in order: they make a regular expression
    name_joiners: frozenset[str]
    acronym_skips: frozenset[str]
    not_role_start: frozenset[str]
    not_role_end: frozenset[str]
    place_words: frozenset[str]
    declining_verbs: frozenset[str]
    object_not_content_verbs: frozenset[str]


@cache
def grammar() -> GrammarWords:
    data = load_yaml("grammar.yaml")
    values: dict[str, Any] = {}
    for name, kind in GrammarWords.__annotations__.items():
        words = data.get(name)
        if not isinstance(words, list):
            raise KGError(f"kg/extract/data/grammar.yaml: '{name}' is missing or not a list; restore the file")
        values[name] = (tuple if kind.startswith("tuple") else frozenset)(str(w).lower() for w in words)
    return GrammarWords(**values)
