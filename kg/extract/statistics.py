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
Word lists are data: data/statistics_*.yaml and data/numbers_words.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.extract.numbers import number_words, parse_digits, parse_number, token_kind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["FoundStatistic", "find_statistics"]

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class FoundStatistic:
    span: tuple[int, int]  # character offsets of the whole expression in doc.text
    value: float
    unit: str
    approximation: str
    period: str | None
    comparison: dict[str, Any] | None


# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class _Lexicon:
    approximators: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    currency_symbols: dict[str, str]
    currency_words: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    currency_codes: frozenset[str]
    percent: tuple[tuple[str, ...], ...]
    points: tuple[tuple[tuple[str, ...], str], ...]
    time_units: dict[str, str]
    rates: tuple[tuple[tuple[str, ...], str], ...]
    months: frozenset[str]
    age_before: frozenset[str]
    not_units: frozenset[str]
    unit_lemmas: dict[str, str]
    singular_counts: frozenset[str]
    clock_after: frozenset[str]
    name_before: frozenset[str]
    person_nouns: frozenset[str]
    saying_verbs: frozenset[str]
    time_point_after: frozenset[str]
    change_nouns: dict[str, str]
    change_verbs: dict[str, str]
    change_adverbs: dict[str, str]
    baseline_preps: frozenset[str]
    compared_phrases: tuple[tuple[str, ...], ...]
    after_change: tuple[tuple[tuple[str, ...], str], ...]
    direct_comparisons: tuple[tuple[tuple[str, ...], str], ...]


def _load_yaml(name: str) -> dict[str, Any]:
    import yaml

    path = _DATA / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KGError(f"{path}: cannot read word list ({exc}); restore the file") from None
    if not isinstance(data, dict):
        raise KGError(f"{path}: expected a mapping at the top; restore the file")
    return data


def _seq(words: Any) -> tuple[str, ...]:
    if isinstance(words, str):
        return tuple(words.lower().split())
    for word in words:
        if not isinstance(word, str):
            # YAML reads a bare on/off/yes/no as a boolean: the list would silently miss it.
            raise KGError(
                f"{_DATA}/statistics_*.yaml: {word!r} in {words!r} is not a word; quote it"
            )
    return tuple(w.lower() for w in words)


_Phrases = tuple[tuple[tuple[str, ...], str], ...]


def _longest_first(pairs: list[tuple[tuple[str, ...], str]]) -> _Phrases:
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    approx = _load_yaml("statistics_approximators.yaml")
    units = _load_yaml("statistics_units.yaml")
    changes = _load_yaml("statistics_changes.yaml")
    try:
        change_of = {kind: changes[kind] for kind in ("increase", "decrease")}
        return _Lexicon(
            approximators=_longest_first(
                [(_seq(phrase), kind) for kind, phrases in approx.items() for phrase in phrases]
            ),
            currency_symbols=dict(units["currency_symbols"]),
            currency_words=_longest_first(
                [(_seq(words), code) for words, code in units["currency_words"].items()]
            ),
            currency_codes=frozenset(units["currency_codes"]),
            percent=tuple(sorted((_seq(p) for p in units["percent"]), key=lambda s: -len(s))),
            points=_longest_first([(_seq(seq), name) for name, seq in units["points"]]),
            time_units={str(k): str(v) for k, v in units["time_units"].items()},
            rates=_longest_first(
                [(_seq(seq), period) for period, seqs in units["rates"].items() for seq in seqs]
            ),
            months=frozenset(units["months"]),
            age_before=frozenset(units["age_before"]),
            not_units=frozenset(units["not_units"]),
            unit_lemmas={str(k): str(v) for k, v in units["unit_lemmas"].items()},
            singular_counts=frozenset(units["singular_counts"]),
            clock_after=frozenset(units["clock_after"]),
            name_before=frozenset(str(w) for w in units["name_before"]),
            person_nouns=frozenset(str(w) for w in units["person_nouns"]),
            saying_verbs=frozenset(str(w) for w in units["saying_verbs"]),
            time_point_after=frozenset(units["time_point_after"]),
            change_nouns={w: k for k, v in change_of.items() for w in v["nouns"]},
            change_verbs={w: k for k, v in change_of.items() for w in v["verbs"]},
            change_adverbs={w: k for k, v in change_of.items() for w in v["adverbs"]},
            baseline_preps=frozenset(str(p) for p in changes["baseline_preps"]),
            compared_phrases=tuple(_seq(p) for p in changes["compared_phrases"]),
            after_change=_longest_first(
                [
                    (_seq(seq), kind)
                    for kind, seqs in changes["after_change_phrases"].items()
                    for seq in seqs
                ]
            ),
            direct_comparisons=_longest_first(
                [
                    (_seq(seq), kind)
                    for kind, seqs in changes["direct_comparisons"].items()
                    for seq in seqs
                ]
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KGError(f"{_DATA}/statistics_*.yaml: missing or malformed entry {exc}") from None


# --------------------------------------------------------------------------- helpers


def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _match_at(doc: Doc, i: int, seq: tuple[str, ...], limit: int | None = None) -> bool:
    """Do the tokens from i on spell `seq` (lower case) without crossing `limit`?"""
    end = i + len(seq)
    if i < 0 or end > (len(doc) if limit is None else limit):
        return False
    return all(doc[i + k].lower_ == word for k, word in enumerate(seq))


def _match_before(doc: Doc, i: int, seq: tuple[str, ...], floor: int) -> bool:
    """Do the tokens ending right before i spell `seq`, starting at or after `floor`?"""
    return i - len(seq) >= floor and _match_at(doc, i - len(seq), seq)


def _glued(doc: Doc, i: int) -> bool:
    """Token i follows token i-1 with no space ("45-year", "3-1")."""
    return i > 0 and not doc[i - 1].whitespace_


# --------------------------------------------------------------------------- pass 1: cores


@dataclass
class _Core:
    start: int  # first token of the number itself
    end: int  # one past its last token
    value: float
    vague: bool = False
    glued_scale: bool = False


def _number_core(doc: Doc, i: int) -> _Core | None:
    """The number that starts at token i, if one does."""
    words = number_words()
    first = doc[i].text
    kind = token_kind(first)
    n = len(doc)
    if doc[i].lower_ in ("a", "an") and i + 1 < n and token_kind(doc[i + 1].text) == "scale":
        kind = "article"
    if kind is None or kind == "scale" or kind == "abbr":
        return None
    if kind == "vague":
        # "millions of bloggers", "tens of thousands of jobs", "hundreds of millions of dollars"
        value = words.vague[doc[i].lower_]
        end = i + 1
        if _lower(doc, end) == "of" and doc[end + 1 : end + 2].text.lower() in words.vague:
            value *= words.vague[doc[end + 1].lower_]
            end += 2
        return _Core(i, end, value, vague=True)
    end = i + 1
    glued_tokens = False
    while end < n:
        nxt = doc[end]
        nk = token_kind(nxt.text)
        prev_kind = token_kind(doc[end - 1].text)
        if nk == "scale":
            end += 1
        elif nk == "abbr" and prev_kind == "digits" and (
            nxt.lower_ not in ("m", "k", "b") or not doc[end - 1].whitespace_
        ):
            # "2.5 bn", and "151m" that the tokenizer split; a spaced "3 m" may be metres
            # and is only a scale after a currency (see _read).
            end += 1
            glued_tokens = True
        elif nk in ("unit",) and prev_kind == "tens":
            end += 1  # "twenty one"
        elif (
            nxt.text == "-"
            and prev_kind == "tens"
            and end + 1 < n
            and token_kind(doc[end + 1].text) == "unit"
        ):
            end += 2  # "forty-two"
        elif (
            nxt.lower_ == "and"
            and doc[end - 1].lower_ == "hundred"
            and end + 1 < n
            and token_kind(doc[end + 1].text) in ("unit", "tens")
        ):
            end += 2  # "two hundred and fifty"
        else:
            break
    value = parse_number([t.text for t in doc[i:end]])
    if value is None:
        return None
    glued = glued_tokens or any(_glued_scale(t.text) for t in doc[i:end])
    return _Core(i, end, value, glued_scale=glued)


def _glued_scale(text: str) -> bool:
    parsed = parse_digits(text)
    return parsed is not None and parsed[1]


def _not_a_quantity(doc: Doc, core: _Core, lex: _Lexicon) -> bool:
    """Dates, times, ages, ordinals, phone numbers, list numbers, compounds, names."""
    tok = doc[core.start]
    last = doc[core.end - 1]
    n = len(doc)
    if tok.ent_type_ == "TIME" or ":" in tok.text or _lower(doc, core.end) in lex.clock_after:
        return True
    # List numbering: "1." or "1)" at the start of a line, "(1)" anywhere.
    at_line_start = tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or tok.is_sent_start
    if at_line_start and _lower(doc, core.end) in (".", ")") and core.end - core.start == 1:
        return True
    if _lower(doc, core.start - 1) == "(" and _lower(doc, core.end) == ")" and core.value < 100:
        return True
    # Phone numbers and other digit strings: a leading zero ("020"), a "+", digit runs.
    leading_zero = len(tok.text) >= 3 and tok.text[0] == "0" and tok.text.isdigit()
    if tok.text.startswith("+") or leading_zero:
        return True
    if core.end < n and parse_digits(doc[core.end].text) is not None and not core.vague:
        return True
    if core.start > 0 and parse_digits(doc[core.start - 1].text) is not None:
        return True
    # Hyphen compounds: "45-year-old", "a 10-year deal", scores "3-1", "2004-05".
    if core.end < n and doc[core.end].text in ("-", "–") and _glued(doc, core.end):
        after = _lower(doc, core.end + 1)
        if not any(seq[0] == after for seq in lex.percent):
            return True
    if core.start > 1 and doc[core.start - 1].text in ("-", "–") and _glued(doc, core.start):
        if parse_digits(doc[core.start - 2].text) is not None:
            return True
    # Ages: "aged 45", "age of 45", "45 years old", "John Smith, 45,".
    prev = _lower(doc, core.start - 1)
    if prev in lex.age_before or (prev == "of" and _lower(doc, core.start - 2) in lex.age_before):
        return True
    if _lower(doc, core.end) in ("years", "year") and _lower(doc, core.end + 1) == "old":
        return True
    if (
        prev == ","
        and core.start > 1
        and doc[core.start - 2].pos_ == "PROPN"
        and _lower(doc, core.end) in (",", ".", "")
        and core.value < 120
        and not core.vague
    ):
        return True
    # Dates: day of month next to a month name, and years standing alone.
    if tok.is_digit and core.value <= 31 and core.end - core.start == 1:
        neighbours = [*doc[max(core.start - 1, 0) : core.start], *doc[core.end : core.end + 1]]
        if any(t.lower_ in lex.months and t.text[:1].isupper() for t in neighbours):
            return True
    if _is_year(tok) and core.end - core.start == 1 and not _has_money_or_percent(doc, core, lex):
        return True
    # Numbers in names: "FTSE 100", "Boeing 747", "Windows 95", "No 10".
    if (
        core.start > 0
        and doc[core.start - 1].pos_ == "PROPN"
        and doc[core.start - 1].text[:1].isupper()
        and not doc[core.start - 1].is_sent_start
        and tok.is_digit
        and doc[core.start - 1].text not in _lexicon().currency_symbols
        and doc[core.start - 1].text not in lex.currency_codes
    ):
        return True
    if prev in lex.name_before and not core.vague:
        return True
    # The determiner-like "one"/"a": "one of the", "one company". A bare 1 in words is never
    # worth a statistic; "one billion" has a scale and is kept.
    return core.value == 1 and not tok.is_digit and core.end - core.start == 1 and last.lower_ in (
        "one", "a", "an"
    )


def _has_money_or_percent(doc: Doc, core: _Core, lex: _Lexicon) -> bool:
    """"£2000", "2000 euros", "1999%": a year-like number that is an amount."""
    before = doc[core.start - 1].text if core.start > 0 else ""
    if before in lex.currency_symbols or before in lex.currency_codes:
        return True
    after = _lower(doc, core.end)
    return any(seq[0] == after for seq in lex.percent) or any(
        seq[0] == after for seq, _ in lex.currency_words
    )


def _is_year(tok: Token) -> bool:
    text = tok.text
    if len(text) != 4 or not text.isdigit() or not 1000 <= int(text) <= 2100:
        return False
    return tok.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")


# --------------------------------------------------------------------------- pass 2: reading


@dataclass
class _Draft:
    start: int  # first token of the expression
    end: int  # one past its last token
    value: float
    unit: str
    approximation: str = "exact"
    period: str | None = None
    comparison: dict[str, Any] | None = None
    core: _Core | None = None
    anchor: int = 0  # the token the parse hangs the statistic on (unit or number)
    change_word: int | None = None  # token of a change noun inside the span
    adverb_kind: str | None = None
    baseline_tokens: tuple[int, int] | None = None


def _approximation_before(doc: Doc, i: int, lex: _Lexicon, floor: int) -> tuple[int, str] | None:
    for seq, kind in lex.approximators:
        if _match_before(doc, i, seq, floor):
            return i - len(seq), kind
    return None


def _counted_noun(doc: Doc, core: _Core) -> tuple[int, int] | None:
    """(head noun index, end of the noun phrase) of what a number counts, if anything."""
    n = len(doc)
    if core.vague:
        # "millions of bloggers": the object of "of".
        if _lower(doc, core.end) != "of" or core.end + 1 >= n:
            return None
        j = core.end + 1
        nominal = ("NOUN", "PROPN")
        while j < n and doc[j].pos_ in ("DET", "ADJ", "NUM", "ADV", *nominal) and j - core.end < 6:
            if doc[j].pos_ in nominal and (j + 1 >= n or doc[j + 1].pos_ not in nominal):
                return j, j + 1  # the last noun of "of the world's bloggers"
            j += 1
        return None
    last = doc[core.end - 1]
    head = last.head
    # The parse: the number modifies a noun a few tokens later ("400 government officials").
    while head.i < n and head.dep_ == "compound" and head.pos_ == "NUM":
        head = head.head
    if (
        head.i >= core.end
        and head.i - core.end <= 4
        and head.pos_ in ("NOUN", "PROPN")
        and last.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod")
        and all(
            t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB") and t.text not in ",;("
            for t in doc[core.end : head.i]
        )
    ):
        return head.i, head.i + 1
    # Fallback: the nouns right after the number ("48,000 cases", "3 barrels").
    j = core.end
    while j < n and doc[j].pos_ == "ADJ" and j - core.end < 2:
        j += 1
    if j < n and doc[j].pos_ == "NOUN" and doc[j].tag_ in ("NNS", "NN"):
        # "5 bank accounts": through singular nouns to the plural head
        while j + 1 < n and doc[j].tag_ == "NN" and doc[j + 1].tag_ in ("NNS", "NN"):
            j += 1
        if doc[j].tag_ == "NNS" or core.value == 1:
            return j, j + 1
    return None


def _extend_conjuncts(doc: Doc, head: Token, end: int) -> int:
    """'400 officials, business leaders and experts': the count covers every conjunct."""
    last = end
    members = [head, *head.conjuncts]
    joiners = {c.lower_ for m in members for c in m.children if c.dep_ == "cc"}
    if "and" not in joiners or "or" in joiners:
        return last  # "operations, or calculations" renames the thing, it adds nothing
    for conj in head.conjuncts:
        counted_again = token_kind(conj.text) is not None or any(
            c.dep_ == "nummod" or token_kind(c.text) is not None for c in conj.children
        )
        with_article = conj.left_edge.pos_ == "DET"  # "leaders and a range of experts"
        if (
            conj.i >= end
            and conj.pos_ in ("NOUN", "PROPN")
            and conj.i - last <= 5
            and not counted_again
            and not with_article
        ):
            last = conj.i + 1
    return last


def _list_unit(doc: Doc, head: Token, end: int, unit: str, lex: _Lexicon) -> str:
    """The unit of a count over a list of nouns: "person" when every noun names people
    (officials, leaders and experts), else the first noun's lemma."""
    members = [head, *(c for c in head.conjuncts if head.i < c.i < end)]
    lemmas = {lex.unit_lemmas.get(m.lemma_.lower(), m.lemma_.lower()) for m in members}
    return "person" if lemmas <= lex.person_nouns else unit


def _read(doc: Doc, core: _Core, lex: _Lexicon) -> _Draft | None:
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
    abbreviation = _lower(doc, end).removesuffix(".")  # "$500m." is one token at a sentence end
    if unit and abbreviation in number_words().abbreviations and not core.glued_scale:
        value *= number_words().abbreviations[abbreviation]
        anchor = end
        end += 1

    # Percent, points, currency words, currency codes after the number.
    if unit is None:
        for seq in lex.percent:
            if _match_at(doc, end, seq):
                unit, anchor, end = "percent", end + len(seq) - 1, end + len(seq)
                break
    if unit is None:
        for seq, name in lex.points:
            if _match_at(doc, end, seq):
                unit, anchor, end = name, end + len(seq) - 1, end + len(seq)
                break
    if unit is None:
        of = 1 if core.vague and _lower(doc, end) == "of" else 0  # "millions of dollars"
        for seq, code in lex.currency_words:
            if _match_at(doc, end + of, seq):
                unit, anchor, end = code, end + of + len(seq) - 1, end + of + len(seq)
                break
        if unit is None and end < n and doc[end].text in lex.currency_codes:
            unit, anchor, end = doc[end].text, end, end + 1
    if unit is None and _lower(doc, start - 1) == "between" and _lower(doc, end) in ("and", "to"):
        # "between 80,000 and 100,000 barrels": the lower bound borrows the upper one's unit
        upper = _number_core(doc, end + 1) if end + 1 < n else None
        upper_draft = _read(doc, upper, lex) if upper is not None else None
        if upper_draft is not None:
            return _Draft(start, end, value, upper_draft.unit, core=core, anchor=end - 1)
    if unit is None and core.value == 1 and not doc[core.start].is_digit:
        return None

    # The counted noun; "four times as many vehicles" is a multiplier, not a count.
    if unit is None and end < n and doc[end].lower_ in lex.not_units and doc[end].pos_ == "NOUN":
        return None
    if unit is None:
        found = _counted_noun(doc, core)
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
        named = not plural and core.value != 1 and not core.glued_scale
        if named and head.lower_ not in lex.time_units:
            # "777 plane", "Five Live": a singular noun after a number names a thing.
            if head.lemma_.lower() not in lex.singular_counts:
                return None
        if head.pos_ == "NOUN":
            lemma = head.lemma_.lower()
        else:  # "Indonesians", "Sri Lankans": proper plurals keep their word, singular
            lemma = head.text.lower()
            if head.tag_ == "NNPS":
                lemma = lemma.removesuffix("s")
        lemma = lex.unit_lemmas.get(lemma, lemma)
        if head.lower_ in lex.time_units:
            # A duration ("three days of discussions") unless it is a point or a period
            # ("five years ago", "the three months to December", "last 12 months").
            if _lower(doc, noun_end) in lex.time_point_after:
                return None
            before = doc[start - 1] if start > 0 else None
            if before is not None and (
                before.pos_ in ("DET", "ADJ", "PRON") or before.lower_ in _PERIOD_WORDS
            ):
                return None
            if _lower(doc, noun_end) in ("to", "ending", "ended", "through", "until") :
                return None
            lemma = lex.time_units[head.lower_]
        elif doc[core.start].ent_type_ == "DATE" and core.value <= 31 and not core.vague:
            return None
        unit = lemma
        anchor = head_i
        end = _extend_conjuncts(doc, head, noun_end)
        if end > noun_end:
            unit = _list_unit(doc, head, end, unit, lex)
    elif doc[core.start].ent_type_ == "DATE" and unit not in (*lex.currency_codes, "percent"):
        return None

    draft = _Draft(start, end, value, unit, core=core, anchor=anchor)

    # Approximator before: "about", "more than", "up to"; vague plurals mean "at least".
    found_approx = _approximation_before(doc, draft.start, lex, sent_start)
    if found_approx is not None:
        draft.start, draft.approximation = found_approx
    elif core.vague:
        draft.approximation = "at least"

    # A change noun right after money or a percent: "a 37 percent increase".
    measured = unit == "percent" or unit in lex.currency_codes or unit.endswith(" point")
    if measured and end < n and doc[end].lemma_.lower() in lex.change_nouns:
        draft.change_word = end
        draft.end = end + 1
        if _lower(doc, draft.start - 1) in ("a", "an"):
            draft.start -= 1
    elif anchor >= core.end and doc[anchor].lemma_.lower() in lex.change_nouns:
        draft.change_word = anchor  # "5 point drop"

    # "up 5%", "down 3%": a change adverb right before the number or its approximator.
    adverb = _lower(doc, draft.start - 1)
    particle = draft.start > 0 and doc[draft.start - 1].dep_ == "prt"  # "make up 30%"
    if adverb in lex.change_adverbs and draft.change_word is None and not particle:
        draft.adverb_kind = lex.change_adverbs[adverb]
        draft.start -= 1

    # A rate right after: "a year", "per annum", "annually" (not "a year earlier"), also past
    # what is measured: "1 million barrels of oil a day".
    starts = [draft.end]
    if _lower(doc, draft.end) == "of":
        starts += [draft.end + 2, draft.end + 3]
    for at in starts:
        rate = _rate_at(doc, at, lex)
        if rate is not None:
            between = doc[draft.end : at]
            if not all(t.pos_ in ("NOUN", "ADJ", "ADP") for t in between):
                continue
            draft.period, draft.end = rate[0], at + rate[1]
            break
    return draft


def _rate_at(doc: Doc, i: int, lex: _Lexicon) -> tuple[str, int] | None:
    for seq, period in lex.rates:
        if _match_at(doc, i, seq) and _lower(doc, i + len(seq)) not in _BASELINE_ADVERBS:
            return period, len(seq)
    return None


# --------------------------------------------------------------------------- pass 3: context


def _phrase_after(
    doc: Doc, i: int, limit: int, stop_at_prep: bool = False
) -> tuple[int, int] | None:
    """The baseline phrase starting at token i: up to punctuation, a conjunction or a verb
    (and, for a share, a preposition: "29% of United through its vehicle")."""
    j = i
    abbreviations = number_words().abbreviations
    while j < limit and j - i < 8:
        t = doc[j]
        if t.lower_.removesuffix(".") in abbreviations and j > i and doc[j - 1].like_num:
            j += 1  # "£138 m": the scale, whatever the tagger made of it
            if t.text.endswith("."):
                break  # "m." closes the sentence
            continue
        glued_dash = t.text == "-" and not doc[j - 1].whitespace_ and bool(t.whitespace_ == "")
        stop = (t.is_punct and t.text not in ("$", "£", "€", "%", "-", "'s")) or t.pos_ in (
            "CCONJ", "VERB", "AUX", "SCONJ", "ADV"
        ) or t.lower_ in ("while", "which", "when")
        if t.lower_ in _BASELINE_ADVERBS:
            stop = False  # "from a year earlier"
        if t.tag_ == "VBN" and j > i and doc[j - 1].pos_ in ("ADV", "DET"):
            stop = False  # "the previously reported $732m"
        if t.text == "-" and not glued_dash:
            stop = True  # a spaced dash starts an aside
        if (stop_at_prep and t.pos_ == "ADP" and j > i) or t.lower_ in ("to", "by"):
            stop = True  # "fell 6.87% on the news to $10.44": "to" starts the new level
        if stop:
            break
        j += 1
    return (i, j) if j > i else None


# How a figure hangs from the verb whose change it measures: "rose 5%" (npadvmod/dobj),
# "rose by 5%" (pobj of by), "5% rise" is handled as a noun.
_MEASURE_DEPS = frozenset(
    ["npadvmod", "dobj", "advmod", "pobj", "nsubj", "attr", "oprd", "appos", "conj"]
)


def _change_from_parse(doc: Doc, draft: _Draft, lex: _Lexicon) -> tuple[str, Token] | None:
    """The change word that the statistic measures: "rose 5%", "growth of 5%", "rose by 5%"."""
    tok = _span_root(doc, draft.start, draft.end, doc[draft.anchor])
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("from", "than", "over", "on", "against", "with"):
        return None  # this statistic is itself a baseline
    if tok.dep_ == "pobj" and head.lower_ in ("by", "of", "to"):
        head = head.head
    if head.i == tok.i:
        return None
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") and lemma in lex.change_verbs and tok.dep_ in _MEASURE_DEPS:
        return lex.change_verbs[lemma], head
    if head.pos_ == "NOUN" and lemma in lex.change_nouns:
        return lex.change_nouns[lemma], head
    return None


def _span_root(doc: Doc, start: int, end: int, default: Token) -> Token:
    """The token of a span that hangs from outside it: the small model attaches "$200m" as
    "200" <- "to" with "m" under "200", not the other way round."""
    roots = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return roots[0] if len(roots) == 1 else default


def _baseline_from(doc: Doc, word: Token, lex: _Lexicon) -> tuple[int, int] | None:
    """The object of a baseline preposition under a change word: "over 2008", "from $639m"."""
    for child in word.children:
        if child.lower_ in lex.baseline_preps and child.i > word.i:
            # The words after the preposition, not the parse subtree: the small model often
            # splits "$639m" into two objects.
            phrase = _phrase_after(doc, child.i + 1, word.sent.end)
            if phrase and _looks_like_baseline(doc, phrase, strict=child.lower_ in ("on", "over")):
                return phrase
        if child.lower_ == "compared":
            for grand in child.children:
                objects = [c for c in grand.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0].left_edge.i, objects[0].right_edge.i + 1
    return None


def _baseline_after(
    doc: Doc, end: int, lex: _Lexicon, limit: int
) -> tuple[str | None, tuple[int, int] | None] | None:
    """A baseline phrase right after the statistic: "from a year earlier", ", down from 12%",
    "compared with 12% in 2003". Returns (change type or None, phrase token range)."""
    i = end
    if _lower(doc, i) == "(":  # a conversion in brackets: "$434m (£231m), compared to $732m"
        close = next((k for k in range(i + 1, min(i + 10, limit)) if doc[k].text == ")"), None)
        if close is not None:
            i = close + 1
    direct = i == end and _lower(doc, i) != ","
    if _lower(doc, i) == ",":
        i += 1
    if direct:
        for seq, kind in lex.direct_comparisons:
            if _match_at(doc, i, seq, limit):
                phrase = _phrase_after(doc, i + len(seq), limit)
                return (kind, phrase)
    for seq, kind in lex.after_change:
        if _match_at(doc, i, seq, limit):
            phrase = _phrase_after(doc, i + len(seq), limit)
            if phrase is None or not _looks_like_baseline(doc, phrase, strict=False):
                return (kind, None)  # "12% down on Wednesday": a fall, against no baseline
            return (kind, phrase)
    for seq in lex.compared_phrases:
        if _match_at(doc, i, seq, limit):
            phrase = _phrase_after(doc, i + len(seq), limit)
            return (None, phrase) if phrase else None
    if direct and _lower(doc, i) in lex.baseline_preps:
        phrase = _phrase_after(doc, i + 1, limit)
        if phrase is None or not _looks_like_baseline(doc, phrase, strict=_lower(doc, i) != "from"):
            return None
        return ("?", phrase)
    return None


_TIME_WORDS = frozenset(["year", "quarter", "month", "week", "period", "level", "levels", "figure"])


def _looks_like_baseline(doc: Doc, phrase: tuple[int, int], strict: bool) -> bool:
    """A weekday is when, not what against: "down 1.2% on Tuesday". After "on"/"over" the
    baseline must name a time or a figure ("on last year", "over 2008"), not "on hopes"."""
    words = doc[phrase[0] : phrase[1]]
    if words.text.lower() in _WEEKDAYS:
        return False
    if not strict:
        return True
    return any(
        t.ent_type_ == "DATE" or t.like_num or t.lower_ in _TIME_WORDS or t.lemma_ in _TIME_WORDS
        for t in words
    )


def _attach_comparisons(doc: Doc, drafts: list[_Draft], lex: _Lexicon) -> None:
    starts = {d.start for d in drafts}
    for draft in drafts:
        sent = doc[draft.core.start].sent if draft.core else doc[draft.start].sent
        kind: str | None = None
        baseline: tuple[int, int] | None = None
        change_token: Token | None = None
        if draft.change_word is not None:
            change_token = doc[draft.change_word]
            kind = lex.change_nouns.get(change_token.lemma_.lower())
        elif draft.adverb_kind:
            kind = draft.adverb_kind
        else:
            found = _change_from_parse(doc, draft, lex)
            if found:
                kind, change_token = found
        if change_token is not None:
            baseline = _baseline_from(doc, change_token, lex)
        after = _baseline_after(doc, draft.end, lex, sent.end)
        if after is not None:
            after_kind, phrase = after
            if after_kind == "?":
                if kind is not None and baseline is None:
                    baseline = phrase  # "up 5% from a year earlier"
            elif after_kind is not None:
                kind, baseline = after_kind, phrase or baseline
            elif baseline is None:
                kind, baseline = kind or "compared with", phrase
        if kind is None and draft.unit == "percent" and _lower(doc, draft.end) == "of":
            phrase = _phrase_after(doc, draft.end + 1, sent.end, stop_at_prep=True)
            if phrase:
                kind = "share"
                baseline = phrase
        if kind is None:
            continue
        text = None
        if baseline is not None:
            text = doc.text[doc[baseline[0]].idx : _end_char(doc, baseline[1])]
            # Take the baseline into the span when it is right after it and holds no other
            # statistic (which keeps its own span): "a 37 percent increase over 2008".
            gap = baseline[0] - draft.end
            inside = any(baseline[0] <= s < baseline[1] for s in starts)
            if 0 <= gap <= 2 and not inside and doc[draft.end].text != ",":
                draft.end = baseline[1]
                draft.baseline_tokens = baseline
            else:
                draft.baseline_tokens = baseline
        draft.comparison = {"type": kind, "baseline": text}


# Adverbs that end a baseline phrase rather than start a new clause.
_BASELINE_ADVERBS = frozenset(["earlier", "ago", "before", "previously", "beforehand"])

# Words before "N months" that make it a period ("the preceding three quarters").
_PERIOD_WORDS = frozenset(["preceding", "following", "past", "last", "next", "first", "final"])

_WEEKDAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
     "yesterday", "tomorrow"]
)


def _attach_periods(doc: Doc, drafts: list[_Draft], lex: _Lexicon) -> None:
    # Dates inside a baseline belong to it ("over 2008"), unless the baseline is itself a
    # figure, which then takes the date as its own ("from $500m the previous year").
    starts = [d.start for d in drafts]
    baselines = [
        d.baseline_tokens
        for d in drafts
        if d.baseline_tokens
        and not any(d.baseline_tokens[0] <= s < d.baseline_tokens[1] for s in starts)
    ]
    taken = [(d.start, d.end) for d in drafts] + baselines
    dates: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if any(s < ent.end and ent.start < e for s, e in taken):
            continue
        if ent.text.lower().removeprefix("on ").strip() in _WEEKDAYS:
            continue  # "said on Tuesday" dates the saying, not the figure
        if not any(t.is_alpha or len(t.text) == 4 for t in ent):
            continue  # "78," tagged DATE is no period
        if ent[-1].lower_ in ("earlier", "ago", "before", "previously", "old"):
            continue  # "a year earlier" is a baseline, not the figure's period
        dates.append(ent)
    claimed: dict[int, _Draft] = {}
    for draft in drafts:
        for ent in dates:
            same_sentence = ent.sent.start == doc[draft.start].sent.start
            if 0 <= ent.start - draft.end <= 2 and same_sentence:
                claimed.setdefault(ent.start, draft)
    for draft in drafts:
        if draft.period is not None:
            continue
        sent = doc[draft.start].sent
        clause = _clause(doc[draft.anchor])
        governing = {a.i for a in clause.ancestors if a.lemma_.lower() not in lex.saying_verbs}
        best: tuple[int, int, Span] | None = None  # (rank, distance, date)
        for ent in dates:
            if ent.sent.start != sent.start:
                continue
            if ent.start in claimed and claimed[ent.start] is not draft:
                continue  # "... from $500m the previous year": that figure's date
            after = ent.start >= draft.end
            distance = ent.start - draft.end if after else draft.start - ent.end
            ent_clause = _clause(ent.root)
            if after and distance <= 2:
                rank = 0  # "... in 2009" right after the figure
            elif after and distance <= 6 and _rate_at(doc, ent.start, lex):
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
            rate = _rate_at(doc, ent.start, lex)
            if rate is not None and rate[1] == len(ent):
                draft.period = rate[0]  # "saves $5bn (£2.7bn) a year": a rate, said further on
            else:
                draft.period = ent.text.removeprefix("the ").strip()


def _clause(tok: Token) -> Token:
    """The verb that heads the clause a token is in (or the sentence root)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


_COMPARATIVES = frozenset(["lower", "higher", "more", "less", "fewer", "above", "below"])


def _mark_ranges(doc: Doc, drafts: list[_Draft]) -> None:
    """"between 10% and 15%", "between 10% to 15%": the first bound is "at least", the
    second "at most" (the contract has no range; two bounded figures keep both ends)."""
    for first, second in zip(drafts, drafts[1:], strict=False):
        if first.approximation != "exact" or second.approximation != "exact":
            continue
        joiner = doc[first.end : second.start].text.strip().lower()
        if _lower(doc, first.start - 1) == "between" and joiner in ("and", "to"):
            first.start -= 1
            first.approximation, second.approximation = "at least", "at most"
        elif joiner == "to" and _lower(doc, second.anchor + 1) in _COMPARATIVES:
            # "8% to 9% lower than the prior year" is a range; "rose 5% to 9%" is not
            first.approximation, second.approximation = "at least", "at most"
            if first.unit != second.unit and first.core is not None and first.core.end == first.end:
                first.unit = second.unit  # "between 10 and 15 percent"


def _share_within_conversions(doc: Doc, drafts: list[_Draft]) -> None:
    """"$186m (£98m; 143m euros) in the quarter" is one amount in three currencies: what
    is said of one (period, comparison) is said of all."""
    groups: list[list[_Draft]] = []
    for draft in drafts:
        if groups:
            previous = groups[-1][-1]
            between = {t.text for t in doc[previous.end : draft.start]}
            if between and between <= {"(", ";", ",", "/"} and "(" in {
                t.text for t in doc[groups[-1][0].end : draft.start]
            }:
                groups[-1].append(draft)
                continue
        groups.append([draft])
    for group in groups:
        if len(group) < 2:
            continue
        period = next((d.period for d in group if d.period), None)
        comparison = next((d.comparison for d in group if d.comparison), None)
        for draft in group:
            draft.period = draft.period or period
            draft.comparison = draft.comparison or comparison


def _end_char(doc: Doc, end: int) -> int:
    """Where the text of tokens ending before `end` ends, leaving out the full stop that the
    tokenizer glues to a scale at a sentence end ("$500m.")."""
    last = doc[end - 1]
    if len(last.text) > 1 and last.text.endswith("."):
        if last.text[:-1].lower() in number_words().abbreviations:
            return last.idx + len(last.text) - 1
    return last.idx + len(last.text)


# --------------------------------------------------------------------------- public


def find_statistics(doc: Doc) -> list[FoundStatistic]:
    """Every statistic in `doc`, in text order, with character offsets into doc.text."""
    lex = _lexicon()
    drafts: list[_Draft] = []
    i = 0
    n = len(doc)
    while i < n:
        core = _number_core(doc, i)
        if core is None:
            i += 1
            continue
        if _not_a_quantity(doc, core, lex):
            i = core.end
            continue
        draft = _read(doc, core, lex)
        if draft is None:
            i = core.end
            continue
        if drafts and draft.start < drafts[-1].end:
            draft.start = drafts[-1].end  # never overlap the previous statistic
        drafts.append(draft)
        i = max(draft.end, core.end)
    _mark_ranges(doc, drafts)
    _attach_comparisons(doc, drafts, lex)
    _attach_periods(doc, drafts, lex)
    _share_within_conversions(doc, drafts)
    found = []
    for d in drafts:
        found.append(
            FoundStatistic(
                span=(doc[d.start].idx, _end_char(doc, d.end)),
                value=d.value,
                unit=d.unit,
                approximation=d.approximation,
                period=d.period,
                comparison=d.comparison,
            )
        )
    return found
