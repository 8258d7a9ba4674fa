"""Fuzzing the readers and extractors (issue 14): random and structured-hostile text.

For every generated article: no exception, every span exact (`text[start:end] == span.text`),
the guards keep length and offsets, and the work per KB is bounded. Work is counted, not
timed: the number of Python-level calls (sys.setprofile 'call' and 'c_call' events) made by
reading and extracting, which is deterministic for a given text, so the bound cannot flake
on a busy machine. The bound is generous (WORK_FACTOR times the seed article's calls per
character, plus a fixed allowance for short texts); a stage that is quadratic in some
structure exceeds it by orders of magnitude on a few KB of that structure. Hypothesis runs
a fixed number of examples (a bounded time in CI).
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.guards import tame
from kg.extract.readers import read_text

WORK_FACTOR = 20
FIXED_ALLOWANCE = 200_000  # calls for a text of any size (sentence set-up, empty lists, ...)
WORK_GROWTH = 6  # the most calls may grow for 4x the text (linear: 4, quadratic: 16)

MARKS = '"\'“”‘’«»()[]{}<>*_#|-.,;:!?'
WORDS = ["said", "told", "he", "she", "the minister", "Reuters", "according to", "5%", "$3 million",
         "\n", "\n\n", "\r\n", "\ufeff", "😀", "שלום", "ﷺ", "  ", "\t", "| a | b |", "---"]


def _extract(text: str):
    from kg.extract.nlp import load_nlp
    from kg.extract.pieces import parse
    from kg.extract.pipeline import _checked, build_claimset

    nlp = load_nlp()
    article = _checked(read_text(text, source="fuzz.txt"), nlp.max_length)
    return build_claimset(article, parse(nlp, article.nlp_text))


def _counted(text: str) -> tuple[object, int]:
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        claims = _extract(text)
    finally:
        sys.setprofile(None)
    return claims, calls


@pytest.fixture(scope="module")
def calls_per_char(nlp, seed_text) -> float:
    _extract("warm up: imports and caches are not the text's work.")
    _, calls = _counted(seed_text)
    return calls / len(seed_text)


def _check(text: str, calls_per_char: float) -> None:
    tamed = tame(text)
    assert len(tamed) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, tamed, strict=True))
    claims, calls = _counted(text)
    body = claims.article.text
    for statement in claims.statements:
        for span in [*statement.content, statement.cue, statement.speaker_mention]:
            if span is not None:
                assert body[span.start : span.end] == span.text
    for actor in claims.actors:
        for span in actor.mentions:
            assert body[span.start : span.end] == span.text
    for statistic in claims.statistics:
        assert body[statistic.span.start : statistic.span.end] == statistic.span.text
    bound = FIXED_ALLOWANCE + WORK_FACTOR * calls_per_char * len(text)
    assert calls <= bound, f"{calls} calls for {len(text)} characters (bound {bound:.0f})"


random_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=2000)
tokens = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(MARKS)), st.text("abcXYZ ", max_size=8)),
                  max_size=600).map("".join)
runs = st.builds(lambda mark, n, before, after: before + mark * n + after,
                 st.sampled_from(list(MARKS)), st.integers(1, 3000), tokens, tokens)
quotes = st.lists(st.builds(lambda w, i: f'"{w} {i}," {w} said. ', st.sampled_from(["We act", "No", "Yes"]),
                            st.integers(0, 999)), max_size=150).map("".join)
table = st.integers(1, 200).map(lambda n: "| a | b |\n|---|---|\n" + "".join(f"| x{i} | {i}% |\n" for i in range(n)))

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                HealthCheck.function_scoped_fixture, HealthCheck.data_too_large], derandomize=True)


@FUZZ
@given(text=random_text)
def test_random_text(calls_per_char, text):
    _check(text, calls_per_char)


@FUZZ
@given(text=st.one_of(tokens, runs, quotes, table))
def test_structured_hostile_text(calls_per_char, text):
    _check(text, calls_per_char)


@FUZZ
@given(text=st.one_of(tokens, quotes, table, random_text))
def test_texts_parsed_in_pieces_keep_every_offset(calls_per_char, monkeypatch, text):
    """A long text is parsed in pieces joined into one Doc (kg.extract.pieces): with pieces
    of 200 characters every fuzzed text is cut, and the Doc's text, hence every span, is
    still the article's."""
    import kg.extract.pieces as pieces
    from kg.extract.nlp import load_nlp

    monkeypatch.setattr(pieces, "PIECE_CHARS", 200)
    assert pieces.parse(load_nlp(), text).text == text
    assert "".join(doc.text for doc, _ in pieces.pipe(load_nlp(), [(text, 1), ("A short one.", 2)], 4)) == (
        text + "A short one."
    )
    _check(text, calls_per_char)


def _many_quotes(n: int) -> str:
    return "".join(f'"We act {i}," he said. ' + ("\n\n" if i % 7 == 6 else "") for i in range(n))


def _number_table(n: int) -> str:
    rows = "".join(f"| Country{i} | {7 * i} | +{i % 90}% | said the minister {i} |\n" for i in range(n))
    return "Trade table\n\n| Country | Value | Change | Note |\n|---|---|---|---|\n" + rows


FIRST_NAMES = ["Anna", "Boris", "Clara", "David", "Elena", "Frank", "Grace", "Henry", "Irene", "James"]
FAMILY_NAMES = ["Abbott", "Barker", "Carver", "Dalton", "Ellison", "Fowler", "Garner", "Hadley", "Ingram",
                "Jarvis", "Keller", "Lowell", "Marlow", "Norton", "Oakley", "Parker", "Quincy", "Rowley",
                "Sutton", "Tucker", "Underwood", "Vaughan", "Walton", "Yardley", "Zeller"]


def _many_names(n: int) -> str:
    """n paragraphs, each a new person of a new company who speaks, a pronoun that speaks
    and "the company": every mention is linked against every actor seen before it."""
    paragraphs = []
    for i in range(n):
        first, family = FIRST_NAMES[i % 10], FAMILY_NAMES[i // 10 % 25] + ("" if i < 250 else str(i))
        pronoun = "She" if i % 2 == 0 else "He"
        paragraphs.append(
            f"{first} {family} of {family} Holdings said the plan was fair. "
            f"{pronoun} told reporters it would work, and the company agreed.\n\n"
        )
    return "".join(paragraphs)


@pytest.mark.parametrize(
    "make", [_many_quotes, _number_table, _many_names], ids=["short-quotes", "markdown-table", "many-names"]
)
def test_work_grows_linearly_with_repeated_structure(nlp, make):
    """The stages after the parser are near-linear (issue 14.5): four times the rows or
    quotations or distinct actors take at most WORK_GROWTH times the Python calls (linear
    work gives 4, a stage that compares every quotation or actor with every other gives 16). Calls are
    counted on the same parsed Doc kind the pipeline builds, deterministically."""
    _extract("warm up")
    small, large = make(100), make(400)
    _, small_calls = _counted(small)
    _, large_calls = _counted(large)
    assert large_calls <= WORK_GROWTH * small_calls, (
        f"{large_calls} calls for {len(large)} characters, {small_calls} for {len(small)}: "
        f"x{large_calls / small_calls:.1f} for x{len(large) / len(small):.1f} the text"
    )
