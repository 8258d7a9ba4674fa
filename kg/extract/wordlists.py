"""Word lists of the statement extractor and the evaluation, read from kg/extract/data/*.txt.

The lists are data (one entry a line, `#` starts a comment) so a reader can extend them
without touching code. Each is read once per process.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from kg.errors import KGError

__all__ = ["load_lines", "reporting_lemmas", "speech_cue_forms", "speech_cue_phrases"]

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of data/<name>, stripped and lower-cased."""
    path = DATA_DIR / name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise KGError(f"{path}: word list missing; reinstall kg or restore the file") from None
    lines = (line.split("#", 1)[0].strip().lower() for line in raw.splitlines())
    return tuple(line for line in lines if line)


@lru_cache(maxsize=1)
def speech_cue_forms() -> frozenset[str]:
    """Single words (every inflected form) that make a cue a speech cue."""
    return frozenset(word for line in load_lines("speech_cues.txt") for word in line.split())


@lru_cache(maxsize=1)
def speech_cue_phrases() -> tuple[str, ...]:
    """Multi-word speech cues matched as a whole ("according to"): according_to.txt."""
    return load_lines("according_to.txt")


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    return frozenset(load_lines("reporting_verbs.txt"))
