"""Pass 1, second half: numbers that are not quantities (dates, times, ages, names...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.statistics.cores import Core
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.numbers import number_words, parse_digits
from kg.extract.statistics.tokens import glued, lower_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["NOT_A_QUANTITY", "compound_noun_at", "not_a_quantity"]


def is_clock_time(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "10:30", "2200 GMT", "5 pm" (spaCy's TIME entities also cover spans: "43 minutes")."""
    tok = doc[core.start]
    clock_entity = tok.ent_type_ == "TIME" and lower_at(doc, core.end) not in lex.time_units
    return clock_entity or ":" in tok.text or lower_at(doc, core.end) in lex.clock_after


def is_list_number(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """List numbering: "1." or "1)" at the start of a line, "(1)" anywhere."""
    tok = doc[core.start]
    at_line_start = tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or tok.is_sent_start
    if at_line_start and lower_at(doc, core.end) in (".", ")") and core.end - core.start == 1:
        return True
    return lower_at(doc, core.start - 1) == "(" and lower_at(doc, core.end) == ")" and core.value < 100


def is_digit_string(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """Phone numbers and other digit strings: a leading zero ("020"), a "+", digit runs."""
    tok = doc[core.start]
    leading_zero = len(tok.text) >= 3 and tok.text[0] == "0" and tok.text.isdigit()
    if tok.text.startswith("+") or leading_zero:
        return True
    if core.end < len(doc) and parse_digits(doc[core.end].text) is not None and not core.vague:
        return True
    return core.start > 0 and parse_digits(doc[core.start - 1].text) is not None


def is_hyphen_compound(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "45-year-old", scores "3-1", "2004-05"; but "5-per-cent", "£30m-plus", the bounds of a
    range "5-7%", and a count of its noun "a three-judge panel", "a 10-year deal" are read."""
    if core.end < len(doc) and doc[core.end].text in _HYPHENS and glued(doc, core.end):
        after = lower_at(doc, core.end + 1)
        if any(seq[0] == after for seq in lex.percent) or after == "plus":
            return False
        return not (_range_upper(doc, core.end + 1, lex) or compound_noun_at(doc, core.end + 1, lex))
    return (
        core.start > 1
        and doc[core.start - 1].text in _HYPHENS
        and glued(doc, core.start)
        and parse_digits(doc[core.start - 2].text) is not None
        and not _has_money_or_percent(doc, core, lex)
    )


_HYPHENS = ("-", "–")


def _range_upper(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Token i is the upper bound of "5-7%" or "5-7 per cent": digits glued to the hyphen,
    then a percent or a currency word."""
    if i >= len(doc) or not glued(doc, i) or parse_digits(doc[i].text) is None:
        return False
    after = lower_at(doc, i + 1)
    return any(seq[0] == after for seq in lex.percent) or any(seq[0] == after for seq, _ in lex.currency_words)


def compound_noun_at(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Token i is the noun of "three-judge", "10-year" (a count), not of "45-year-old"."""
    if i >= len(doc) or not glued(doc, i):
        return False
    tok = doc[i]
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lower_ in lex.round_time_units:
        return False
    if tok.lower_ not in lex.time_units and tok.lemma_.lower() not in lex.compound_counts:
        return False
    return lower_at(doc, i + 1) not in (*_HYPHENS, "old")


def is_age(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "aged 45", "age of 45", "45 years old", "John Smith, 45,"."""
    prev = lower_at(doc, core.start - 1)
    if prev in lex.age_before or (prev == "of" and lower_at(doc, core.start - 2) in lex.age_before):
        return True
    if lower_at(doc, core.end) in ("years", "year") and lower_at(doc, core.end + 1) == "old":
        return True
    if lower_at(doc, core.end) == "years" and core.start > 0 and doc[core.start - 1].tag_ == "PRP$":
        return True  # "despite his 69 years"
    return (
        prev == ","
        and core.start > 1
        and doc[core.start - 2].pos_ == "PROPN"
        and lower_at(doc, core.end) in (",", ".", "")
        and core.value < 120
        and not core.vague
    )


def is_date_part(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """A day of the month next to a month name ("4 May"), or a year standing alone."""
    tok = doc[core.start]
    if tok.is_digit and core.value <= 31 and core.end - core.start == 1:
        neighbours = [*doc[max(core.start - 1, 0) : core.start], *doc[core.end : core.end + 1]]
        if any(t.lower_ in lex.months and t.text[:1].isupper() for t in neighbours):
            return True
    return _is_year(tok) and core.end - core.start == 1 and not _has_money_or_percent(doc, core, lex)


def is_in_a_name(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "FTSE 100", "Boeing 747", "Windows 95", "No 10", "Section 404"."""
    tok = doc[core.start]
    before = doc[core.start - 1] if core.start > 0 else None
    if _has_money_or_percent(doc, core, lex) and (before is None or before.lower_ not in lex.name_before):
        return False  # "Pew Research 44% of searchers"
    if (
        before is not None
        and before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and not before.is_sent_start
        and tok.is_digit
        and before.text not in lex.currency_symbols
        and before.text not in lex.currency_codes
    ):
        return True
    return before is not None and before.lower_ in lex.name_before and not core.vague


def is_determiner_one(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """The determiner-like "one"/"a": "one of the", "one company". A bare 1 in words is never
    worth a statistic; "one billion" has a scale and is kept."""
    tok = doc[core.start]
    last = doc[core.end - 1]
    return core.value == 1 and not tok.is_digit and core.end - core.start == 1 and last.lower_ in ("one", "a", "an")


def is_glued_letter(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "3G networks", "4G": a digit with a capital letter glued to it names a generation or a
    model, unless the letter is a scale or a unit ("5M", "2K")."""
    after = doc[core.end] if core.end < len(doc) else None
    if after is None or doc[core.end - 1].whitespace_ or not doc[core.end - 1].is_digit:
        return False
    letter = after.text
    return (
        len(letter) == 1
        and letter.isupper()
        and letter.lower() not in number_words().abbreviations
        and letter.lower() not in lex.unit_aliases
    )


# The tests, in the order they are tried; each names one reason a number is no quantity.
NOT_A_QUANTITY = (
    is_clock_time,
    is_list_number,
    is_digit_string,
    is_hyphen_compound,
    is_age,
    is_date_part,
    is_in_a_name,
    is_determiner_one,
    is_glued_letter,
)


def not_a_quantity(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """Dates, times, ages, ordinals, phone numbers, list numbers, compounds, names."""
    return any(test(doc, core, lex) for test in NOT_A_QUANTITY)


def _has_money_or_percent(doc: Doc, core: Core, lex: Lexicon) -> bool:
    """ "£2000", "2000 euros", "1999%": a year-like number that is an amount."""
    before = doc[core.start - 1].text if core.start > 0 else ""
    if before in lex.currency_symbols or before in lex.currency_codes:
        return True
    after = lower_at(doc, core.end)
    return any(seq[0] == after for seq in lex.percent) or any(seq[0] == after for seq, _ in lex.currency_words)


def _is_year(tok: Token) -> bool:
    text = tok.text
    if len(text) != 4 or not text.isdigit() or not 1000 <= int(text) <= 2100:
        return False
    return tok.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")
