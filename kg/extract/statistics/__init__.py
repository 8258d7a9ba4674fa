"""Statistics in a spaCy Doc: a number with its unit, approximation, period and comparison.

How it works, in three passes over the tokens:
1. find number cores by token rules (digits, number words, scales; spaCy's number entities
   are too unreliable in the small model to be the only candidates) and drop the ones that
   are not quantities: dates, times, ages, ordinals, phone numbers, list numbering,
   hyphenated compounds ("45-year-old", "10-year deal", sport scores "3-1"), numbers in
   names ("FTSE 100"), the determiner-like "one";
2. read the words around each core: approximator and currency before it; percent, currency
   word, counted noun (from the dependency parse, falling back to the next nouns) and a rate
   ("a year") after it. A core with no unit at all is not reported;
3. attach comparisons (change nouns, change verbs, "up"/"down", "compared with") with their
   baseline, and a period from the DATE entities of the sentence.

Sport scores ("won 3-1") are deliberately not statistics: they are results, not quantities,
and the same hyphen pattern also covers ranges and fiscal years, which are left out too.
Word lists are data: kg/extract/data/statistics_*.yaml and kg/extract/data/numbers_words.yaml.

Modules, in the order the passes run: cores (number cores), not_quantity (what is not a
quantity), reading + counted (unit, approximation, rate), groups (ranges, conversions),
comparison and period (context); numbers reads number words and digits; lexicon loads the
word lists; tokens holds small token tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.extract.statistics.comparison import attach_comparisons
from kg.extract.statistics.cores import number_core
from kg.extract.statistics.groups import mark_ranges, share_within_conversions
from kg.extract.statistics.lexicon import lexicon
from kg.extract.statistics.measured import attach_measured
from kg.extract.statistics.multiples import read_multiple
from kg.extract.statistics.not_quantity import not_a_quantity
from kg.extract.statistics.period import attach_periods, iso_date
from kg.extract.statistics.reading import Draft, read_statistic
from kg.extract.statistics.shares import read_share
from kg.extract.statistics.tokens import end_char

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FoundStatistic", "find_statistics"]


@dataclass(frozen=True)
class FoundStatistic:
    span: tuple[int, int]  # character offsets of the whole expression in doc.text
    value: float
    unit: str
    approximation: str
    period: str | None
    comparison: dict[str, Any] | None
    low: float | None = None  # the bounds of a range ("5-7%": 5 and 7), on both its statistics
    high: float | None = None
    measured: tuple[int, int] | None = None  # character offsets of what was measured ("profits")
    about: tuple[int, int] | None = None  # character offsets of the place/organisation/people it is about
    date: str | None = None  # the period as an ISO date when it names one ("2009", "2005-01")


def find_statistics(doc: Doc) -> list[FoundStatistic]:
    """Every statistic in `doc`, in text order, with character offsets into doc.text."""
    lex = lexicon()
    drafts: list[Draft] = []
    i = 0
    n = len(doc)
    while i < n:
        # The number starting here, read once: the share and multiple readers need it too.
        core = number_core(doc, i)
        written = read_share(doc, i, lex, core) or read_multiple(doc, i, lex, core)
        if written is not None:
            if drafts and written.start < drafts[-1].end:
                written.start = drafts[-1].end
            drafts.append(written)
            i = written.end
            continue
        if core is None:
            i += 1
            continue
        if not_a_quantity(doc, core, lex):
            i = core.end
            continue
        draft = read_statistic(doc, core, lex)
        if draft is None:
            i = core.end
            continue
        if drafts and draft.start < drafts[-1].end:
            draft.start = drafts[-1].end  # never overlap the previous statistic
        drafts.append(draft)
        i = max(draft.end, core.end)
    mark_ranges(doc, drafts)
    attach_comparisons(doc, drafts, lex)
    attach_periods(doc, drafts, lex)
    attach_measured(doc, drafts, lex)
    share_within_conversions(doc, drafts)
    found = []
    for d in drafts:
        found.append(
            FoundStatistic(
                span=(doc[d.start].idx, end_char(doc, d.end)),
                value=d.value,
                unit=d.unit,
                approximation=d.approximation,
                period=d.period,
                comparison=d.comparison,
                low=d.low,
                high=d.high,
                measured=_chars(doc, d.measured),
                about=_chars(doc, d.about),
                date=iso_date(d.period),
            )
        )
    return found


def _chars(doc: Doc, tokens: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if tokens is None else (doc[tokens[0]].idx, end_char(doc, tokens[1]))
