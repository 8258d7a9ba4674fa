"""What the statement rules produce: drafts while they work, `FoundStatement` at the end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.docindex import DocIndex, Offsets

__all__ = ["Draft", "FoundStatement", "holds_quote", "mostly_inside"]


@dataclass(frozen=True)
class FoundStatement:
    kind: str  # "direct" | "partial" | "indirect"
    content: tuple[Offsets, ...]  # in order; direct quotes exclude the quote marks
    # Reporting words: "said", "according to", "was quoted as saying"; a continuation quote
    # carries the cue of the statement it continues (the frame that attributes both).
    cue: Offsets | None
    speaker_mention: Offsets | None  # words naming the speaker here: "Liu", "he"
    continues: int | None = None  # index of an earlier statement whose speaker this one shares
    via_mention: Offsets | None = None  # intermediary: "the Xinhua news agency"
    audience_mention: Offsets | None = None  # "a cybersecurity conference"


@dataclass
class Draft:
    kind: str
    content: list[Offsets]
    cue: Offsets | None = None
    speaker: Offsets | None = None
    continues: int | None = None
    via: Offsets | None = None
    audience: Offsets | None = None
    verb: int | None = None  # token index of the cue verb
    parent: Draft | None = None  # the statement whose speaker an unattributed quote shares

    def freeze(self) -> FoundStatement:
        return FoundStatement(
            kind=self.kind,
            content=tuple(self.content),
            cue=self.cue,
            speaker_mention=self.speaker,
            continues=self.continues,
            via_mention=self.via,
            audience_mention=self.audience,
        )


def holds_quote(ix: DocIndex, content: Iterable[Offsets]) -> bool:
    """Does `content` hold a whole quotation segment (reported speech with a quote is partial)?"""
    return any(qa >= a and qb <= b + 1 for a, b in content for q in ix.quotes for qa, qb in q.segments)


def mostly_inside(content: list[Offsets], taken: list[Offsets]) -> bool:
    """Is at least half of `content` inside spans already `taken` by another statement?"""
    total = sum(b - a for a, b in content)
    covered = sum(max(0, min(b, tb) - max(a, ta)) for a, b in content for ta, tb in taken)
    return total > 0 and covered / total >= 0.5
