"""Statistics extractor: text -> (value, unit, approximation, period, comparison), with the
real spaCy model. Negatives (dates, ages, ordinals, ...) must give nothing."""

from __future__ import annotations

import math

import pytest

from kg.extract.statistics import FoundStatistic, find_statistics
from kg.extract.statistics.numbers import parse_digits, parse_number

pytestmark = pytest.mark.slow


def stats(nlp, text: str) -> list[FoundStatistic]:
    return find_statistics(nlp(text))


def one(nlp, text: str) -> tuple[FoundStatistic, str]:
    found = stats(nlp, text)
    assert len(found) == 1, [(text[s.span[0] : s.span[1]], s) for s in found]
    stat = found[0]
    return stat, text[stat.span[0] : stat.span[1]]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("tokens", "value"),
    [
        (["one", "billion"], 1e9),
        (["400", "million"], 4e8),
        (["48,000"], 48000),
        (["2.5bn"], 2.5e9),
        (["1.2", "trillion"], 1.2e12),
        (["two", "hundred", "and", "fifty", "thousand"], 250000),
        (["forty", "-", "two"], 42),
        (["a", "million"], 1e6),
        (["a", "dozen"], 12),
        (["½"], 0.5),
        (["٣"], 3),
        (["1,2,3"], None),
        (["10e9999"], None),
        (["3rd"], None),
        (["20", "30"], None),
        ([], None),
    ],
)
def test_parse_number(tokens, value):
    assert parse_number(tokens) == value


def test_parse_digits_reports_glued_scale():
    assert parse_digits("3m") == (3e6, True)
    assert parse_digits("3") == (3.0, False)
    assert parse_digits("1e400") is None


# --------------------------------------------------------------------------- patterns

CASES = [
    # text, expected span text, value, unit, approximation, period, comparison
    ("The firm hired 48,000 people.", "48,000 people", 48000, "person", "exact", None, None),
    ("It made $2.5bn last year.", "$2.5bn", 2.5e9, "USD", "exact", "last year", None),
    ("The deal is worth £3m.", "£3m", 3e6, "GBP", "exact", None, None),
    ("The fine was £2000.", "£2000", 2000, "GBP", "exact", None, None),
    ("The debt reached €1.2 trillion.", "€1.2 trillion", 1.2e12, "EUR", "exact", None, None),
    ("It spent 400 million dollars.", "400 million dollars", 4e8, "USD", "exact", None, None),
    ("Sony lost 50 billion yen.", "50 billion yen", 5e10, "JPY", "exact", None, None),
    ("The fund holds 3 million euros.", "3 million euros", 3e6, "EUR", "exact", None, None),
    ("The club owes 20 million pounds.", "20 million pounds", 2e7, "GBP", "exact", None, None),
    ("Turnout was 37 percent.", "37 percent", 37, "percent", "exact", None, None),
    ("Turnout was 37%.", "37%", 37, "percent", "exact", None, None),
    ("Turnout was 37 per cent.", "37 per cent", 37, "percent", "exact", None, None),
    ("The site has 2,000 users.", "2,000 users", 2000, "user", "exact", None, None),
    ("Some 400 officials attended.", "Some 400 officials", 400, "official", "about", None, None),
    (
        "It hired 30 engineers, lawyers and doctors.",
        "30 engineers, lawyers and doctors",
        30,
        "person",
        "exact",
        None,
        None,
    ),
    (
        "It sold 50 laptops and printers.",
        "50 laptops and printers",
        50,
        "laptop",
        "exact",
        None,
        None,
    ),
    ("Troops left 12 countries.", "12 countries", 12, "country", "exact", None, None),
    ("The plant will create 700 jobs.", "700 jobs", 700, "job", "exact", None, None),
    ("They saw about 300 cases.", "about 300 cases", 300, "case", "about", None, None),
    ("They saw around 300 cases.", "around 300 cases", 300, "case", "about", None, None),
    ("They saw some 300 cases.", "some 300 cases", 300, "case", "about", None, None),
    ("They saw roughly 300 cases.", "roughly 300 cases", 300, "case", "about", None, None),
    ("Approximately 300 cases.", "Approximately 300 cases", 300, "case", "about", None, None),
    ("They saw nearly 300 cases.", "nearly 300 cases", 300, "case", "about", None, None),
    ("They saw almost 300 cases.", "almost 300 cases", 300, "case", "about", None, None),
    ("They saw more than 300 cases.", "more than 300 cases", 300, "case", "more than", None, None),
    ("They saw over 300 cases.", "over 300 cases", 300, "case", "more than", None, None),
    ("We saw fewer than 300 cases.", "fewer than 300 cases", 300, "case", "less than", None, None),
    ("They saw at least 300 cases.", "at least 300 cases", 300, "case", "at least", None, None),
    ("They saw up to 300 cases.", "up to 300 cases", 300, "case", "up to", None, None),
    ("They saw at most 300 cases.", "at most 300 cases", 300, "case", "at most", None, None),
    ("It has millions of readers.", "millions of readers", 1e6, "reader", "at least", None, None),
    ("It killed thousands of men.", "thousands of men", 1e3, "man", "at least", None, None),
    ("They held dozens of rebels.", "dozens of rebels", 12, "rebel", "at least", None, None),
    ("Hundreds of workers marched.", "Hundreds of workers", 100, "worker", "at least", None, None),
    ("Tens of thousands of cars.", "Tens of thousands of cars", 1e4, "car", "at least", None, None),
    ("Losses are $5m a year.", "$5m a year", 5e6, "USD", "exact", "per year", None),
    ("Losses are $5m per year.", "$5m per year", 5e6, "USD", "exact", "per year", None),
    ("Losses are $5m annually.", "$5m annually", 5e6, "USD", "exact", "per year", None),
    ("Losses are $5m per annum.", "$5m per annum", 5e6, "USD", "exact", "per year", None),
    ("In 2009 police investigated 500 cases.", "500 cases", 500, "case", "exact", "2009", None),
    (
        "Sales hit a 37 percent increase over 2008.",
        "a 37 percent increase over 2008",
        37,
        "percent",
        "exact",
        None,
        {"type": "increase", "baseline": "2008"},
    ),
    (
        "Exports were up 5% from a year earlier.",
        "up 5% from a year earlier",
        5,
        "percent",
        "exact",
        None,
        {"type": "increase", "baseline": "a year earlier"},
    ),
    (
        "Profits were down 3% on last year.",
        "down 3% on last year",
        3,
        "percent",
        "exact",
        None,
        {"type": "decrease", "baseline": "last year"},
    ),
    (
        "The rate was 10%, compared with a higher level in 2003.",
        "10%",
        10,
        "percent",
        "exact",
        None,
        {"type": "compared with", "baseline": "a higher level in 2003"},
    ),
    (
        "The firm owns 8% of Google.",
        "8% of Google",
        8,
        "percent",
        "exact",
        None,
        {"type": "share", "baseline": "Google"},
    ),
    (
        "The field pumps around 1 million barrels of oil a day.",
        "around 1 million barrels of oil a day",
        1e6,
        "barrel",
        "about",
        "per day",
        None,
    ),
    (
        "Old people will make up over 30% of the population.",
        "over 30% of the population",
        30,
        "percent",
        "more than",
        None,
        {"type": "share", "baseline": "the population"},
    ),
    (
        "The summit featured three days of talks.",
        "three days",
        3,
        "day",
        "exact",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "span_text", "value", "unit", "approximation", "period", "comparison"), CASES
)
def test_patterns(nlp, text, span_text, value, unit, approximation, period, comparison):
    stat, got_span = one(nlp, text)
    assert got_span == span_text
    assert math.isclose(stat.value, value)
    assert stat.unit == unit
    assert stat.approximation == approximation
    assert stat.period == period
    assert stat.comparison == comparison


def test_change_verb_gives_comparison(nlp):
    found = stats(nlp, "Quarterly sales rose 2% to $11.1bn from $10.9bn.")
    by_text = {s.value: s for s in found}
    assert by_text[2].comparison == {"type": "increase", "baseline": "$10.9bn"}
    assert by_text[1.11e10].unit == "USD"
    assert by_text[1.09e10].comparison is None  # the baseline is itself a figure, not a change


INCREASE = {"type": "increase", "baseline": None}
DECREASE = {"type": "decrease", "baseline": None}


@pytest.mark.parametrize(
    ("text", "span_text", "period", "comparison"),
    [
        # "a year earlier" is a baseline, not a rate
        ("It lost $56m, against $66m a year earlier.", "$66m", None, None),
        # a weekday or a reason is not a baseline
        ("Shares closed down 1.2% on Tuesday.", "down 1.2%", None, DECREASE),
        ("It posted a 4% gain on hopes of a deal.", "a 4% gain", None, INCREASE),
        # a loss is an amount, not a decrease
        ("It made a $111m loss.", "$111m", None, None),
    ],
)
def test_comparison_edges(nlp, text, span_text, period, comparison):
    found = {text[s.span[0] : s.span[1]]: s for s in stats(nlp, text)}
    assert span_text in found, list(found)
    assert found[span_text].period == period
    assert found[span_text].comparison == comparison


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Profits will be between 10% to 15% lower.",
            [("between 10%", 10, "percent", "at least"), ("15%", 15, "percent", "at most")],
        ),
        (
            "It pumps between 80,000 and 100,000 barrels a day.",
            [
                ("between 80,000", 8e4, "barrel", "at least"),
                ("100,000 barrels a day", 1e5, "barrel", "at most"),
            ],
        ),
        (
            "Sales will be 8% to 9% lower.",
            [("8%", 8, "percent", "at least"), ("9%", 9, "percent", "at most")],
        ),
        (
            "Sales rose from 5% to 9%.",
            [("5%", 5, "percent", "exact"), ("9%", 9, "percent", "exact")],
        ),
    ],
)
def test_range_gives_two_bounds(nlp, text, expected):
    found = [
        (text[s.span[0] : s.span[1]], s.value, s.unit, s.approximation) for s in stats(nlp, text)
    ]
    assert found == expected


def test_converted_amounts_and_a_dated_baseline(nlp):
    text = "Losses halved in 2004 to $200m (£104m; 151m euros) from $500m the previous year."
    found = {text[s.span[0] : s.span[1]]: s for s in stats(nlp, text)}
    assert list(found) == ["halved", "$200m", "£104m", "151m euros", "$500m"]
    assert (found["halved"].value, found["halved"].comparison["type"]) == (50, "decrease")
    assert found["151m euros"].value == 1.51e8 and found["151m euros"].unit == "EUR"
    assert found["$200m"].comparison == {"type": "decrease", "baseline": "$500m the previous year"}
    assert found["$200m"].period == "2004"
    assert found["$500m"].period == "previous year"


@pytest.mark.parametrize(
    ("text", "span_text", "comparison"),
    [
        (
            "Nortel made $434m (£231m), compared to the previously reported $732m.",
            "$434m",
            {"type": "compared with", "baseline": "the previously reported $732m"},
        ),
        (
            "Output was 21% more than the average.",
            "21% more than the average",
            {"type": "more than", "baseline": "the average"},
        ),
        ("It sold 400 cars, more than 300 of them red.", "400 cars", None),
    ],
)
def test_comparison_after_the_figure(nlp, text, span_text, comparison):
    found = {text[s.span[0] : s.span[1]]: s for s in stats(nlp, text)}
    assert span_text in found, list(found)
    assert found[span_text].comparison == comparison


def test_conversions_in_brackets_share_the_period(nlp):
    text = "Net profit was $186m (£98m; 143m euros) in the quarter."
    found = [(text[s.span[0] : s.span[1]], s.unit, s.period) for s in stats(nlp, text)]
    assert found == [
        ("$186m", "USD", "quarter"),
        ("£98m", "GBP", "quarter"),
        ("143m euros", "EUR", "quarter"),
    ]


def test_down_from_names_the_earlier_figure(nlp):
    found = stats(nlp, "Unemployment fell to 10%, down from 12% in 2003.")
    first = found[0]
    assert first.value == 10
    assert first.comparison == {"type": "decrease", "baseline": "12% in 2003"}
    assert [s.value for s in found] == [10, 12]


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "The article appeared on May 4 2010.",
        "It was retrieved on 26 April 2024.",
        "The law was passed in 2009.",
        "The meeting starts at 10:30.",
        "The meeting starts at 5 pm.",
        "The result was announced at 2200 GMT.",
        "Smith, aged 45, was arrested.",
        "The 45-year-old was arrested.",
        "John Smith, 45, was arrested.",
        "He is 45 years old.",
        "He came third in the race.",
        "It was the 3rd attempt.",
        "Call 020 7946 0958 for details.",
        "Chelsea won 3-1 on Saturday.",
        "1. Open the box.\n2. Take out the phone.",
        "He is one of the richest men.",
        "No one knows; one must wait.",
        "The FTSE 100 closed higher.",
        "Boeing unveiled the 787 Dreamliner plane.",
        "They met five years ago.",
        "Profits rose five times.",
        "Section 404 obliges firms to report.",
        "Wales won the Six Nations title.",
    ],
)
def test_not_statistics(nlp, text):
    found = stats(nlp, text)
    assert found == [], [(text[s.span[0] : s.span[1]], s) for s in found]


@pytest.mark.parametrize(
    "text", ["1,2,3 go", "It was 10e9999 units.", "½ of them", "٣ cases", "", "$", "1" * 400]
)
def test_weird_numbers_do_not_crash(nlp, text):
    for stat in stats(nlp, text):
        assert math.isfinite(stat.value)
        assert 0 <= stat.span[0] < stat.span[1] <= len(text)


def test_spans_index_the_text_with_markdown_links(nlp):
    text = "We suffer losses from [hacking](#) networks -- around one billion dollars a year."
    stat, got = one(nlp, text)
    assert got == "around one billion dollars a year"
    assert (stat.value, stat.unit, stat.period) == (1e9, "USD", "per year")


# --------------------------------------------------------------------------- seed article

SEED_EXPECTED = [
    ("some 40 countries", 40, "country", "about", None, None),
    ("around one billion dollars a year", 1e9, "USD", "about", "per year", None),
    ("about 48,000 cases", 48000, "case", "about", "2009", None),
    (
        "a 37 percent increase over 2008",
        37,
        "percent",
        "exact",
        "2009",
        {"type": "increase", "baseline": "2008"},
    ),
    ("more than 400 million users", 4e8, "user", "more than", None, None),
    ("millions of bloggers", 1e6, "blogger", "at least", None, None),
    (
        "Some 400 government officials, business leaders and cybersecurity experts",
        400,
        "person",
        "about",
        None,
        None,
    ),
    ("three days", 3, "day", "exact", None, None),
]


def test_seed_article_exactly(nlp, seed_text):
    found = find_statistics(nlp(seed_text))
    got = [
        (seed_text[s.span[0] : s.span[1]], s.value, s.unit, s.approximation, s.period, s.comparison)
        for s in found
    ]
    assert got == SEED_EXPECTED


def test_results_are_in_text_order_and_do_not_overlap(nlp, seed_text):
    found = find_statistics(nlp(seed_text))
    for before, after in zip(found, found[1:], strict=False):
        assert before.span[1] <= after.span[0]


# --------------------------------------------------------------------------- corpus


def test_bbc_business_sample_keeps_the_contract(nlp):
    """On real articles dense in figures: every statistic has a unit, a known approximation,
    a finite value and a span inside the text; spans come in order and never overlap."""
    from kg.models import Approximation
    from tests.helpers import BBC

    folder = BBC / "business"
    if not folder.is_dir():
        pytest.skip(f"BBC corpus not found at {folder} (../shared/corpora is absent)")
    allowed = {a.value for a in Approximation}
    total = 0
    for path in sorted(folder.glob("*.txt"))[:25]:
        text = path.read_text(encoding="utf-8", errors="replace")
        previous_end = 0
        for stat in find_statistics(nlp(text)):
            total += 1
            start, end = stat.span
            assert previous_end <= start < end <= len(text), (path.name, stat)
            assert stat.unit and stat.approximation in allowed, (path.name, stat)
            assert math.isfinite(stat.value), (path.name, stat)
            previous_end = end
    assert total > 100  # business news is dense in figures; far fewer means a broken reader


def test_seed_article_matches_the_gold_file(nlp, seed_text):
    """The hand-made gold ClaimSet of the seed article is the contract for its statistics."""
    import yaml

    from tests.helpers import SEED_GOLD

    gold = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))["statistics"]
    expected = [
        (
            (g["span"]["start"], g["span"]["end"]),
            g["value"],
            g["unit"],
            g["approximation"],
            g["period"],
            g["comparison"],
        )
        for g in gold
    ]
    found = [
        (s.span, s.value, s.unit, s.approximation, s.period, s.comparison)
        for s in find_statistics(nlp(seed_text))
    ]
    assert found == expected
