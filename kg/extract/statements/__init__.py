"""Statements (who said what) from a parsed article: direct, partial and indirect speech.

Passes over one spaCy Doc, one module each (word lists in kg/extract/data/):

1. `direct`: quotations (found by their marks, kg.extract.quotes). A quotation that stands
   as its own clause (it opens a paragraph or follows ", : ." and ends a sentence or meets
   its attribution) is a direct statement. Its attribution is looked for in the words around
   it, up to the sentence ends outside the quotation: a reporting verb there and that verb's
   subject (`attribution`). One statement per quotation (the seed gold's convention): in
   '"A," Liu said. "B."' or '"A," Liu said, "B."' both share the frame's cue and speaker
   mention; a quotation in a later paragraph with no attribution continues the previous
   speaker (`continues`, and the earlier statement's cue). A quotation after "Name:" takes
   the colon as its cue.
2. `reported`: reported speech from the dependency parse: a reporting verb with a clausal
   complement ("Liu said China was ..."; the complement may come first: "X, sources said"),
   a parenthetical attribution ("..., the official added, ..."), "according to X", and
   intermediaries ("X was quoted as saying by Y", "Y quoted X as urging ..."). Reported
   speech that holds a quotation is `partial`; without one it is `indirect`. Its content
   leaves out the complementiser ("that") and a leading connective ("But,").
3. `embedded`: quotations inside someone's sentence: after a naming verb ("called the report
   “outrageous”"), right after a reporting verb the parse missed (`direct.led_quotes`), a
   headline line ("Graham: Trump’s ‘Hateful Rhetoric’ ..."), or under a verb whose subject
   is a person, group or pronoun ("applauded him for fighting “over and over again”"):
   partial statements.

A quotation under no such verb ("a system sometimes dubbed the “Great Firewall of China”")
is a scare quote and no statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.docindex import DocIndex
from kg.extract.statements.direct import direct_statements, led_quotes
from kg.extract.statements.drafts import Draft, FoundStatement
from kg.extract.statements.embedded import governed_quotes, headline_statements
from kg.extract.statements.reported import reported_statements

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FoundStatement", "find_statements"]


def find_statements(doc: Doc) -> list[FoundStatement]:
    """Every statement of the article, in text order. Never raises on odd punctuation."""
    ix = DocIndex(doc)
    drafts = direct_statements(ix)
    drafts += reported_statements(ix, drafts)
    drafts += led_quotes(ix, drafts)
    drafts += headline_statements(ix, drafts)
    drafts += governed_quotes(ix, drafts)
    drafts.sort(key=lambda d: d.content[0][0])
    return _link_continuations(drafts)


def _link_continuations(drafts: list[Draft]) -> list[FoundStatement]:
    """Turn each draft's `parent` (a draft object) into an index of the sorted list."""
    position = {id(d): i for i, d in enumerate(drafts)}
    for d in drafts:
        if d.parent is not None:
            d.continues = position[id(d.parent)]
    return [d.freeze() for d in drafts]
