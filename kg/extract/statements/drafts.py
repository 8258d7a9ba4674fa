"""What the statement rules produce: drafts while they work, `FoundStatement` at the end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.docindex import DocIndex, Offsets
from kg.models import StatementKind

__all__ = ["Draft", "FoundStatement", "Taken", "holds_quote", "mostly_inside"]


@dataclass(frozen=True)
class FoundStatement:
    kind: StatementKind
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
    kind: StatementKind
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
    return any(ix.holds_segment(a, b + 1) for a, b in content)


class Taken:
    """The spans already taken by statements, counted per character, so that the overlap
    of new content with all of them is two prefix sums (a Fenwick tree over the text),
    not a scan of every taken span: quadratic on 20k statements (issue 14.5). A character
    inside two taken spans counts twice, as in the sum of pairwise overlaps."""

    def __init__(self, size: int, spans: Iterable[Offsets] = ()) -> None:
        self._size = size + 1
        self._ones = [0] * (self._size + 1)  # range-add, range-sum: two trees
        self._ranks = [0] * (self._size + 1)
        for span in spans:
            self.add(span)

    def add(self, span: Offsets) -> None:
        a, b = max(span[0], 0), min(span[1], self._size - 1)
        if a < b:
            self._add_from(a, 1)
            self._add_from(b, -1)

    def extend(self, spans: Iterable[Offsets]) -> None:
        for span in spans:
            self.add(span)

    def overlap(self, a: int, b: int) -> int:
        """Sum over taken spans of their overlap with [a, b)."""
        a, b = max(a, 0), min(b, self._size - 1)
        return self._prefix(b) - self._prefix(a) if a < b else 0

    def covers(self, at: int) -> bool:
        return self.overlap(at, at + 1) > 0

    def _add_from(self, at: int, delta: int) -> None:
        i = at + 1
        while i <= self._size:
            self._ones[i] += delta
            self._ranks[i] += delta * at
            i += i & -i

    def _prefix(self, end: int) -> int:
        """Sum of the counts of characters [0, end)."""
        ones = ranks = 0
        i = end
        while i > 0:
            ones += self._ones[i]
            ranks += self._ranks[i]
            i -= i & -i
        return ones * end - ranks


def mostly_inside(content: list[Offsets], taken: Taken) -> bool:
    """Is at least half of `content` inside spans already `taken` by another statement?"""
    total = sum(b - a for a, b in content)
    covered = sum(taken.overlap(a, b) for a, b in content)
    return total > 0 and covered / total >= 0.5
