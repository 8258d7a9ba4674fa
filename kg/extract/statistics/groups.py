"""Pass 3: statistics read together: ranges and one amount in several currencies."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import lower_at, text_of, texts

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["mark_ranges", "share_within_conversions"]

_COMPARATIVES = frozenset(["lower", "higher", "more", "less", "fewer", "above", "below"])


def mark_ranges(doc: Doc, drafts: list[Draft]) -> None:
    """ "between 10% and 15%", "5-7%", "three to four megabytes", "three or four players": the
    first bound is "at least", the second "at most", and both carry the range as low/high
    (two statistics, so each bound keeps its own words)."""
    for first, second in itertools.pairwise(drafts):
        if first.approximation != "exact" or second.approximation != "exact":
            continue
        joiner = text_of(doc, first.end, second.start).strip().lower()
        if first.low_of_range and second.start == first.end + 1 and second.unit == first.unit:
            if lower_at(doc, first.start - 1) == "between":
                first.start -= 1
            first.approximation, second.approximation = "at least", "at most"
            first.low = second.low = first.value
            first.high = second.high = second.value
            first.period = first.period or second.period  # "three to four megabytes per day"
        elif lower_at(doc, first.start - 1) == "between" and joiner in ("and", "to"):
            first.start -= 1
            first.approximation, second.approximation = "at least", "at most"
            first.low = second.low = first.value
            first.high = second.high = second.value
        elif joiner == "to" and lower_at(doc, second.anchor + 1) in _COMPARATIVES:
            # "8% to 9% lower than the prior year" is a range; "rose 5% to 9%" is not
            first.approximation, second.approximation = "at least", "at most"
            first.low = second.low = first.value
            first.high = second.high = second.value
            if first.unit != second.unit and first.core is not None and first.core.end == first.end:
                first.unit = second.unit  # "between 10 and 15 percent"


def share_within_conversions(doc: Doc, drafts: list[Draft]) -> None:
    """ "$186m (£98m; 143m euros) in the quarter" is one amount in three currencies: what
    is said of one (period, comparison, what was measured and about what) is said of all."""
    groups: list[list[Draft]] = []
    for draft in drafts:
        if groups:
            previous = groups[-1][-1]
            between = set(texts(doc)[previous.end : draft.start])
            if (
                between
                and between <= {"(", ";", ",", "/"}
                and "(" in texts(doc)[groups[-1][0].end : draft.start]
            ):
                groups[-1].append(draft)
                continue
        groups.append([draft])
    for group in groups:
        if len(group) < 2:
            continue
        period = next((d.period for d in group if d.period), None)
        comparison = next((d.comparison for d in group if d.comparison), None)
        measured = next((d.measured for d in group if d.measured), None)
        about = next((d.about for d in group if d.about), None)
        for draft in group:
            draft.period = draft.period or period
            draft.comparison = draft.comparison or comparison
            # one amount measures one thing: the words found for the first figure that has
            # any win over what the parse of a bracket gave ("took $121.9m (£63.3m)")
            draft.measured = measured
            draft.about = draft.about or about
