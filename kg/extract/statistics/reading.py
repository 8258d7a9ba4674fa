"""Pass 2: the words around a number core: currency, unit, approximation and rate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.extract.docindex import doc_text
from kg.extract.statistics.cores import Core, number_core
from kg.extract.statistics.counted import counted_noun, extend_conjuncts, list_unit, normal_unit
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.not_quantity import compound_noun_at
from kg.extract.statistics.numbers import number_words
from kg.extract.statistics.tokens import BASELINE_ADVERBS, lower_at, match_at, match_before

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Draft", "approximation_before", "rate_at", "read_statistic"]


@dataclass
class Draft:
    start: int  # first token of the expression
    end: int  # one past its last token
    value: float
    unit: str
    approximation: str = "exact"
    period: str | None = None
    comparison: dict[str, Any] | None = None
    core: Core | None = None
    anchor: int = 0  # the token the parse hangs the statistic on (unit or number)
    change_word: int | None = None  # token of a change noun inside the span
    adverb_kind: str | None = None
    baseline_tokens: tuple[int, int] | None = None
    low_of_range: bool = False  # the lower bound of a range that borrowed the upper one's unit
    low: float | None = None  # both bounds of a range, on each of its two statistics
    high: float | None = None
    measured: tuple[int, int] | None = None  # tokens of what was measured ("profits")
    about: tuple[int, int] | None = None  # tokens of the entity it is about ("Germany")


def approximation_before(doc: Doc, i: int, lex: Lexicon, floor: int) -> tuple[int, str] | None:
    for seq, kind in lex.approximators:
        if match_before(doc, i, seq, floor):
            return i - len(seq), kind
    return None


def read_statistic(doc: Doc, core: Core, lex: Lexicon) -> Draft | None:
    n = len(doc)
    start, end = core.start, core.end
    value = core.value
    unit: str | None = None
    anchor = core.end - 1
    sent_start = doc[core.start].sent.start

    # Currency before: "$", "£", "US$", "EUR".
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and (prev.text in lex.currency_symbols or prev.text in lex.currency_codes):
        unit = lex.currency_symbols.get(prev.text, prev.text)
        start -= 1
    # A separate scale after a currency number: "£3 m" is tokenised "£", "3", "m".
    abbreviation = lower_at(doc, end).removesuffix(".")  # "$500m." is one token at a sentence end
    if unit and abbreviation in number_words().abbreviations and not core.glued_scale:
        value *= number_words().abbreviations[abbreviation]
        anchor = end
        end += 1

    # "the 3,000m", "10,000m": thousands of metres are a distance; millions would be "3bn".
    written = doc_text(doc)[doc[core.start].idx : doc[core.end - 1].idx + len(doc[core.end - 1])]
    if unit is None and _METRES.match(written):
        value, unit = value / 1e6, "metre"
    # "the 60m hurdles", "100m champion": a race distance, not sixty million hurdles.
    if unit is None and written.lower().endswith("m") and core.glued_scale and lower_at(doc, end) in lex.race_nouns:
        value, unit = value / 1e6, "metre"

    # Percent, points, currency words, currency codes after the number.
    if unit is None:
        for seq in lex.percent:
            if match_at(doc, end, seq):
                unit, anchor, end = "percent", end + len(seq) - 1, end + len(seq)
                break
    if unit is None:
        for seq, name in lex.points:
            if match_at(doc, end, seq):
                unit, anchor, end = name, end + len(seq) - 1, end + len(seq)
                break
    if unit is None:
        of = 1 if core.vague and lower_at(doc, end) == "of" else 0  # "millions of dollars"
        for seq, code in lex.currency_words:
            after = end + of + len(seq)
            if match_at(doc, end + of, seq) and not _names_a_thing(doc, after - 1):
                unit, anchor, end = code, after - 1, after
                break
        if unit is None and end < n and doc[end].text in lex.currency_codes:
            unit, anchor, end = doc[end].text, end, end + 1
    if unit is None and _range_joiner(doc, start, end):
        # "between 80,000 and 100,000 barrels", "three to four megabytes", "three or four
        # players", "5-7%": the lower bound borrows the upper one's unit
        upper = number_core(doc, end + 1) if end + 1 < n else None
        upper_draft = read_statistic(doc, upper, lex) if upper is not None else None
        if upper_draft is not None and upper is not None and upper.value > value:
            return Draft(start, end, value, upper_draft.unit, core=core, anchor=end - 1, low_of_range=True)
    if unit is None and core.value == 1 and not doc[core.start].is_digit:
        return None

    compound = False
    # "a three-judge panel", "a 10-year deal": the noun glued by a hyphen is what is counted.
    if unit is None and end < n and doc[end].text in ("-", "–") and compound_noun_at(doc, end + 1, lex):
        noun = doc[end + 1]
        lemma = lex.time_units.get(noun.lower_) or lex.unit_lemmas.get(noun.lemma_.lower(), noun.lemma_.lower())
        unit, anchor, end = normal_unit(doc, end + 1, lemma, lex), end + 1, end + 2
        compound = True
    # The counted noun; "four times as many vehicles" is a multiplier, not a count.
    if unit is None and end < n and doc[end].lower_ in lex.not_units and doc[end].pos_ == "NOUN":
        return None
    if unit is None:
        found = counted_noun(doc, core)
        if found is None:
            return None
        head_i, noun_end = found
        head = doc[head_i]
        if head.lower_ in lex.not_units or head.lemma_.lower() in lex.not_units:
            return None
        first = doc[core.start]
        if first.is_title and not first.is_digit and not first.is_sent_start and head.is_title:
            return None  # "the Six Nations", "Big Four Banks": a name
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in lex.singular_counts
        # a unit abbreviation counts whatever its tag: "6GB", "hold 30GB" (GB read as a name)
        unit_word = head.lower_ in lex.unit_aliases
        named = not plural and core.value != 1 and not core.glued_scale and not unit_word
        # "777 plane", "Five Live": a singular noun after a number names a thing.
        if named and head.lower_ not in lex.time_units and head.lemma_.lower() not in lex.singular_counts:
            return None
        if head.pos_ == "NOUN":
            lemma = head.lemma_.lower()
        else:  # "Indonesians", "Sri Lankans": proper plurals keep their word, singular
            lemma = head.text.lower()
            if head.tag_ == "NNPS":
                lemma = lemma.removesuffix("s")
        lemma = lex.unit_lemmas.get(lemma, lemma)
        if _selects_members(doc, core.end, head_i, lex):
            return None  # "the six largest Latin American economies", "the two main parties"
        if head.lower_ in lex.time_units:
            # A span of time ("three days of discussions", "the 12 months to December"), unless
            # it is a point ("five years ago"), an age ("six months old") or an era ("two decades").
            if lower_at(doc, noun_end) in lex.time_point_after or lower_at(doc, noun_end) == "old":
                return None
            if head.lower_ in lex.round_time_units:
                return None
            lemma = lex.time_units[head.lower_]
        elif doc[core.start].ent_type_ == "DATE" and core.value <= 31 and not core.vague:
            return None
        unit = normal_unit(doc, head_i, lemma, lex)
        anchor = head_i
        end = extend_conjuncts(doc, head, noun_end)
        if end > noun_end:
            unit = list_unit(doc, head, end, unit, lex)
    elif doc[core.start].ent_type_ == "DATE" and unit not in (*lex.currency_codes, "percent") and not compound:
        return None

    draft = Draft(start, end, value, unit, core=core, anchor=anchor)

    # Approximator before: "about", "more than", "up to"; vague plurals mean "at least".
    found_approx = approximation_before(doc, draft.start, lex, sent_start)
    if found_approx is not None:
        draft.start, draft.approximation = found_approx
    elif core.vague:
        draft.approximation = "at least"
    if lower_at(doc, draft.end) in ("-", "–") and lower_at(doc, draft.end + 1) == "plus":
        draft.approximation, draft.end = "more than", draft.end + 2  # "a £30m-plus bid"

    # A change noun right after money or a percent: "a 37 percent increase".
    measured = unit == "percent" or unit in lex.currency_codes or unit.endswith(" point")
    if measured and end < n and doc[end].lemma_.lower() in lex.change_nouns:
        draft.change_word = end
        draft.end = end + 1
        if lower_at(doc, draft.start - 1) in ("a", "an"):
            draft.start -= 1
    elif anchor >= core.end and doc[anchor].lemma_.lower() in lex.change_nouns:
        draft.change_word = anchor  # "5 point drop"

    # "up 5%", "down 3%": a change adverb right before the number or its approximator.
    adverb = lower_at(doc, draft.start - 1)
    particle = draft.start > 0 and doc[draft.start - 1].dep_ == "prt"  # "make up 30%"
    if adverb in lex.change_adverbs and draft.change_word is None and not particle:
        draft.adverb_kind = lex.change_adverbs[adverb]
        draft.start -= 1

    # A rate right after: "a year", "per annum", "annually" (not "a year earlier"), also past
    # what is measured: "1 million barrels of oil a day".
    starts = [draft.end]
    if lower_at(doc, draft.end) == "of":
        starts += [draft.end + 2, draft.end + 3]
    for at in starts:
        rate = rate_at(doc, at, lex)
        if rate is not None:
            between = doc[draft.end : at]
            if not all(t.pos_ in ("NOUN", "ADJ", "ADP") for t in between):
                continue
            draft.period, draft.end = rate[0], at + rate[1]
            break
    return draft


def rate_at(doc: Doc, i: int, lex: Lexicon) -> tuple[str, int] | None:
    for seq, period in lex.rates:
        if match_at(doc, i, seq) and lower_at(doc, i + len(seq)) not in BASELINE_ADVERBS:
            return period, len(seq)
    return None


_RANGE_JOINERS = frozenset(["to", "or", "-", "–"])
_METRES = re.compile(r"^\d{1,3}(,\d{3})+m$")


def _range_joiner(doc: Doc, start: int, end: int) -> bool:
    """Is the number at start..end the first of a range: "between 5 and 7", "5 to 7", "5-7"?
    Not "from 5 to 7", which is a change with its own statistics."""
    joiner = lower_at(doc, end)
    if lower_at(doc, start - 1) == "between":
        return joiner in ("and", "to")
    if lower_at(doc, start - 1) == "from" or joiner not in _RANGE_JOINERS:
        return False
    return joiner not in ("-", "–") or not doc[end - 1].whitespace_


def _names_a_thing(doc: Doc, i: int) -> bool:
    """ "12 Euro zone countries": a currency word that modifies the noun after it is no unit."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and doc[i].dep_ == "compound" and doc[i].head.i > i


def _selects_members(doc: Doc, start: int, head: int, lex: Lexicon) -> bool:
    """A superlative or a ranking word between a number and its noun picks members out of a set."""
    return any(t.tag_ == "JJS" or t.lower_ in lex.selection_adjectives for t in doc[start:head])
