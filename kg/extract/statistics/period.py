"""Pass 3: the period of a statistic, from the DATE entities of its sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.statistics.lexicon import Lexicon, lexicon
from kg.extract.statistics.reading import Draft, rate_at
from kg.extract.statistics.tokens import WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["attach_periods", "clause_of", "iso_date"]


def attach_periods(doc: Doc, drafts: list[Draft], lex: Lexicon) -> None:
    # Dates inside a baseline belong to it ("over 2008"), unless the baseline is itself a
    # figure, which then takes the date as its own ("from $500m the previous year").
    if not drafts:
        return
    starts = [d.start for d in drafts]
    baselines = [
        d.baseline_tokens
        for d in drafts
        if d.baseline_tokens and not any(d.baseline_tokens[0] <= s < d.baseline_tokens[1] for s in starts)
    ]
    taken = [(d.start, d.end) for d in drafts] + baselines
    dates: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        first, last = ent.start, ent.end  # read once: a Span's properties are not free
        if any(s < last and first < e for s, e in taken):
            continue
        if ent.text.lower().removeprefix("on ").strip() in WEEKDAYS:
            continue  # "said on Tuesday" dates the saying, not the figure
        if not any(t.is_alpha or len(t.text) == 4 for t in ent):
            continue  # "78," tagged DATE is no period
        if ent[-1].lower_ in ("earlier", "ago", "before", "previously", "old"):
            continue  # "a year earlier" is a baseline, not the figure's period
        dates.append(ent)
    # The sentence of each date and each figure, found once (Span.sent walks the tokens).
    date_sentences = [ent.sent.start for ent in dates]
    draft_sentences = [doc[draft.start].sent.start for draft in drafts]
    claimed: dict[int, Draft] = {}
    for draft, sentence in zip(drafts, draft_sentences, strict=True):
        for ent, ent_sentence in zip(dates, date_sentences, strict=True):
            same_sentence = ent_sentence == sentence
            # A verb-like multiple ("halved in 2004") leaves the date to the clause's figures.
            if 0 <= ent.start - draft.end <= 2 and same_sentence and draft.core is not None:
                claimed.setdefault(ent.start, draft)
    for draft, sentence in zip(drafts, draft_sentences, strict=True):
        if draft.period is not None:
            continue
        clause = clause_of(doc[draft.anchor])
        governing = {a.i for a in clause.ancestors if a.lemma_.lower() not in lex.saying_verbs}
        best: tuple[int, int, Span] | None = None  # (rank, distance, date)
        for ent, ent_sentence in zip(dates, date_sentences, strict=True):
            if ent_sentence != sentence:
                continue
            if ent.start in claimed and claimed[ent.start] is not draft:
                continue  # "... from $500m the previous year": that figure's date
            after = ent.start >= draft.end
            distance = ent.start - draft.end if after else draft.start - ent.end
            ent_clause = clause_of(ent.root)
            if after and distance <= 2:
                rank = 0  # "... in 2009" right after the figure
            elif after and distance <= 6 and rate_at(doc, ent.start, lex):
                rank = 0  # "200,000 jobs will be created each month"
            elif ent_clause.i == clause.i:
                rank = 1  # the same clause: "In 2009, police investigated 48,000 cases"
            elif ent_clause.i in governing and ent_clause.lemma_.lower() not in lex.saying_verbs:
                rank = 2  # a clause above it that is not a saying
            else:
                continue  # another clause: "after it warned of a fall in full-year profits"
            if best is None or (rank, distance) < best[:2]:
                best = (rank, distance, ent)
        if best is not None:
            ent = best[2]
            rate = rate_at(doc, ent.start, lex)
            if rate is not None and rate[1] == len(ent):
                draft.period = rate[0]  # "saves $5bn (£2.7bn) a year": a rate, said further on
            else:
                draft.period = ent.text.removeprefix("the ").strip()


def clause_of(tok: Token) -> Token:
    """The verb that heads the clause a token is in (or the sentence root)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,? (1[89]\d\d|20\d\d)\b")


def iso_date(period: str | None) -> str | None:
    """The period as an ISO 8601 date when it names one calendar year or month: "2009" ->
    "2009", "in January 2005" -> "2005-01", "the last quarter of 2004" -> "2004"; a span of
    years ("between 2003 and 2004") or a rate ("per year") has none."""
    if not period:
        return None
    years = _YEAR.findall(period)
    if len(set(years)) != 1:
        return None
    months = lexicon().month_numbers
    for name, year in _MONTH_YEAR.findall(period):
        number = months.get(name.lower())
        if number is not None:
            return f"{year}-{number:02d}"
    return years[0]
