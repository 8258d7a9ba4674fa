"""Find quotations in raw text by their marks: curly or straight, double or single.

News prose follows one convention this module relies on: a quotation that runs over several
paragraphs leaves each paragraph open and re-opens the next one with a new opening mark; the
closing mark comes only at the end. A quotation may also be broken by a paragraph break
without re-opening (badly converted text); then it continues until its closing mark if the
next paragraph closes before it opens anything.

Unbalanced marks never raise: an opening mark that is never closed ends at its paragraph's
end, a closing mark with nothing open is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import CLOSING_DOUBLE, OPENING_DOUBLE, SINGLE_CLOSE, SINGLE_OPEN, STRAIGHT_DOUBLE

__all__ = ["Quote", "find_quotes"]


@dataclass
class Quote:
    """One quotation: its segments (inside the marks) in text order, one per paragraph."""

    segments: list[tuple[int, int]]
    open_at: int  # offset of the first opening mark
    close_at: int | None  # offset of the closing mark, None when never closed
    single: bool = False  # ‘…’ rather than “…”

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def outer_end(self) -> int:
        """Just after the closing mark (or the end of the text inside, when unclosed)."""
        return self.close_at + 1 if self.close_at is not None else self.end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Positions and roles ('open' / 'close') of double marks in one paragraph."""
    marks: list[tuple[int, str]] = []
    depth_open = False
    for i in range(start, end):
        ch = text[i]
        if ch in OPENING_DOUBLE:
            marks.append((i, "open"))
            depth_open = True
        elif ch in CLOSING_DOUBLE:
            marks.append((i, "close"))
            depth_open = False
        elif ch == STRAIGHT_DOUBLE:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            if before.isspace() or before in "([{—–-/":
                role = "open"
            elif after.isspace() or after in ".,;:!?)]}—–-":
                role = "close"
            else:
                role = "close" if depth_open else "open"
            marks.append((i, role))
            depth_open = role == "open"
    return marks


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """‘ opens when it starts a word; ’ closes when no letter follows (else it is an
    apostrophe)."""
    marks: list[tuple[int, str]] = []
    for i in range(start, end):
        ch = text[i]
        if ch == SINGLE_OPEN:
            marks.append((i, "open"))
        elif ch == SINGLE_CLOSE:
            after = text[i + 1] if i + 1 < end else " "
            if not after.isalnum():
                marks.append((i, "close"))
    return marks


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in `text`, in order. Nested quotes (single inside double) are not
    returned separately: they are part of the outer quotation."""
    quotes: list[Quote] = []
    open_quote: Quote | None = None  # a quotation left open at the end of a paragraph
    for p_start, p_end in _paragraphs(text):
        marks = _double_marks(text, p_start, p_end)
        carried: Quote | None = None  # the open quotation, if this paragraph goes on with it
        if open_quote is not None:
            first = marks[0] if marks else None
            lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
            if first is not None and first[1] == "open" and first[0] == lead:
                carried = open_quote  # re-opened at the paragraph start: the same quotation
            elif first is not None and first[1] == "close":
                open_quote.segments.append((p_start, first[0]))
                open_quote.close_at = first[0]
                quotes.append(open_quote)
                marks = marks[1:]
            else:
                quotes.append(open_quote)  # never closed: it ended with its paragraph
            open_quote = None
        current_start: int | None = None
        for pos, role in marks:
            if role == "open":
                if current_start is None:
                    current_start = pos
                elif _reopens(text, current_start, pos):
                    # `views. "We have...`: a new paragraph of quotation whose break was
                    # lost; the words so far are one quotation, the next starts here.
                    segment = (current_start + 1, pos - 1)
                    if carried is not None:
                        carried.segments.append(segment)
                        quotes.append(carried)
                        carried = None
                    else:
                        quotes.append(Quote([segment], current_start, None))
                    current_start = pos
                continue
            if current_start is None:
                continue  # a closing mark with nothing open
            if carried is not None:
                carried.segments.append((current_start + 1, pos))
                carried.close_at = pos
                quotes.append(carried)
                carried = None
            else:
                quotes.append(Quote([(current_start + 1, pos)], current_start, pos))
            current_start = None
        if current_start is not None:
            segment = (current_start + 1, p_end)
            if carried is not None:
                carried.segments.append(segment)
                open_quote = carried
            else:
                open_quote = Quote([segment], current_start, None)
        elif carried is not None:
            quotes.append(carried)
    if open_quote is not None:
        quotes.append(open_quote)
    quotes.extend(_single_quotes(text, quotes))
    quotes.sort(key=lambda q: q.open_at)
    return [q for q in quotes if q.end > q.start]


def _reopens(text: str, open_at: int, pos: int) -> bool:
    """An opening mark inside an open quotation, right after the end of a sentence of it
    and a space, before a capital: the next paragraph of the quotation (lost break)."""
    if pos - open_at < 3 or not text[pos - 1].isspace() or pos + 1 >= len(text):
        return False
    return text[pos - 2] in ".?!" and (text[pos + 1].isupper() or text[pos + 1] in "‘'")


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    # A byte per character, 1 inside a double quotation: one lookup per single mark, not a
    # scan of every double quotation (quadratic on 20k quotations, issue 14.5).
    inside = bytearray(len(text) + 1)
    for q in doubles:
        start, end = max(q.open_at, 0), min(q.outer_end, len(text))
        if start < end:
            inside[start:end] = b"\x01" * (end - start)
    found = []
    for p_start, p_end in _paragraphs(text):
        current: int | None = None
        for pos, role in _single_marks(text, p_start, p_end):
            if inside[pos]:
                continue
            if role == "open":
                current = pos
            elif current is not None:
                found.append(Quote([(current + 1, pos)], current, pos, single=True))
                current = None
    return found
