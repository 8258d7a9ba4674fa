"""Long texts parsed in pieces, joined into one Doc (issue 14.5: bounded memory).

spaCy holds a whole document's arrays at once: a 700 KB article of short quotes (256k tokens)
asked for 281 MB per tok2vec array and ran out of memory at 3.6 GB. A text longer than
PIECE_CHARS is parsed in pieces cut after a blank line (else a line break, else a space) and
the pieces' Docs are joined with `Doc.from_docs`, which keeps the text character for
character, so every offset, hence every span, is the same as for one Doc. A sentence never
crosses a cut (the cut is where a paragraph ends). News articles are far shorter than a piece
(the longest of the 3,200 corpus articles has 34k characters), so they are parsed as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["PIECE_CHARS", "parse", "piece_ends", "pipe"]

PIECE_CHARS = 50_000
_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"\s+"))


def piece_ends(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Where each piece of `text` ends: after the last blank line (else line break, else
    whitespace) in the second half of each `size` window; a hard cut only when the window
    has no whitespace at all. Each window is searched once, so this is linear."""
    ends: list[int] = []
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        end = high
        for cut in _CUTS:
            found = [match.end() for match in cut.finditer(text, low, high)]
            if found:
                end = found[-1]
                break
        ends.append(end)
        start = end
    ends.append(len(text))
    return ends


def _split(text: str) -> list[str]:
    ends = piece_ends(text, PIECE_CHARS)  # read at call time: tests parse in small pieces
    return [text[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def parse(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, in pieces when the text is long (see the module's note)."""
    pieces = _split(text)
    if len(pieces) == 1:
        return nlp(text)
    return _join([_lean(nlp(piece)) for piece in pieces])


def pipe(
    nlp: Language, pairs: Iterable[tuple[str, Any]], batch_size: int, n_process: int = 1
) -> Iterator[tuple[Doc, Any]]:
    """`nlp.pipe(pairs, as_tuples=True, ...)` with each long text parsed in pieces: yields
    (Doc of the whole text, context) in the order given.

    spaCy sizes a batch by its number of texts and runs the whole batch through each pipe at
    once, so pieces sent through `nlp.pipe` would meet again in one batch (32 pieces of 50k
    characters: the same arrays as one long Doc). A long text is therefore parsed on its
    own, piece by piece, when the stream reaches it, and an empty text holds its place."""
    parsed: dict[int, Doc] = {}  # long texts parsed ahead, by their place in the stream

    def texts() -> Iterator[tuple[str, tuple[Any, int | None]]]:
        for place, (text, context) in enumerate(pairs):
            if len(text) > PIECE_CHARS:  # (what _split would cut)
                parsed[place] = parse(nlp, text)
                yield "", (context, place)
            else:
                yield text, (context, None)

    for doc, (context, place) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield (doc if place is None else parsed.pop(place)), context


def _lean(doc: Doc) -> Doc:
    """A piece without tok2vec's array (96 floats a token; no kg stage reads it)."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def _join(docs: list[Doc]) -> Doc:
    from spacy.tokens import Doc

    # `exclude` exists since spaCy 3.3; the type stub does not list it.
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
