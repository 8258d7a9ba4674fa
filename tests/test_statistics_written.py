"""Every way news writes a number (issue 10): fractions, multiples, counts, conversions, sizes,
spans of time and ranges, what was measured and what it is about; and the false numbers
that must stay out. Real spaCy model; each case is a sentence -> expected reading."""

from __future__ import annotations

import pytest

from kg.extract.statistics import FoundStatistic, find_statistics
from kg.extract.statistics.numbers import parse_number

pytestmark = pytest.mark.slow


def read(nlp, text: str) -> dict[str, FoundStatistic]:
    return {text[s.span[0] : s.span[1]]: s for s in find_statistics(nlp(text))}


def words(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("tokens", "value"),
    [
        (["five", "and", "a", "half"], 5.5),
        (["two", "-", "and", "-", "a", "-", "half"], 2.5),
        (["one", "and", "a", "half", "million"], 1.5e6),
        (["one", "point", "three"], 1.3),
        (["one", "point"], None),
    ],
)
def test_halves_and_spoken_decimals(tokens, value):
    assert parse_number(tokens) == value


@pytest.mark.parametrize(
    ("text", "span_text", "value", "unit", "approximation"),
    [
        # fractions of a whole, as a percent
        ("Nearly half of all users say they would stop.", "Nearly half of all users", 50, "percent", "about"),
        ("Two thirds of voters agreed.", "Two thirds of voters", 66.67, "percent", "exact"),
        (
            "More than two-thirds of those questioned agreed.",
            "More than two-thirds of those",
            66.67,
            "percent",
            "more than",
        ),
        ("One in five adults smoke.", "One in five", 20, "percent", "exact"),
        ("About eight out of 10 said it would not matter.", "About eight out of 10", 80, "percent", "about"),
        ("Less than a quarter of firms agreed.", "Less than a quarter of firms", 25, "percent", "less than"),
        (
            "Rates rose by a quarter of a percentage point.",
            "a quarter of a percentage point",
            0.25,
            "percentage point",
            "exact",
        ),
        # multiples, as a percent change
        ("Profits doubled last year.", "doubled", 100, "percent", "exact"),
        ("Sales almost doubled in 2004.", "almost doubled", 100, "percent", "about"),
        ("Output rose more than tenfold.", "more than tenfold", 900, "percent", "more than"),
        ("Prices nearly double.", "nearly double", 100, "percent", "about"),
        ("A disc that can hold six times as much as a DVD.", "six times", 500, "percent", "exact"),
        ("Losses halved.", "halved", 50, "percent", "exact"),
        # counts with their following noun
        ("Some 127 million people live there.", "Some 127 million people", 127e6, "person", "about"),
        ("There are 12,300 hotspots in the city.", "12,300 hotspots", 12300, "hotspot", "exact"),
        ("There are 4.8 million blogs.", "4.8 million blogs", 4.8e6, "blog", "exact"),
        ("The game has 10 million players.", "10 million players", 1e7, "player", "exact"),
        ("The deaths of two of the band's guitarists.", "two of the band's guitarists", 2, "guitarist", "exact"),
        ("A three-judge panel ruled.", "three-judge", 3, "judge", "exact"),
        ("It signed a 10-year deal.", "10-year", 10, "year", "exact"),
        ("It sold close to half a million properties.", "close to half a million properties", 5e5, "property", "about"),
        # sizes: one normal unit however written
        ("The iPod mini can hold 6GB.", "6GB", 6, "gigabyte", "exact"),
        ("The player holds 30 gigabytes.", "30 gigabytes", 30, "gigabyte", "exact"),
        ("The new iPod holds 30GB of songs.", "30GB", 30, "gigabyte", "exact"),  # GB tagged as a name
        ("A model which can hold 6GB compared to a previous 4GB.", "6GB", 6, "gigabyte", "exact"),
        ("A model which can hold 6GB compared to a previous 4GB.", "4GB", 4, "gigabyte", "exact"),
        (
            "The hall covers more than 1.5 million square feet.",
            "more than 1.5 million square feet",
            1.5e6,
            "square foot",
            "more than",
        ),
        # spans of time
        ("It took five and a half months.", "five and a half months", 5.5, "month", "exact"),
        ("Labour has had two-and-a-half years to convince people.", "two-and-a-half years", 2.5, "year", "exact"),
        ("It aimed to save money during the 12 months to 31 December.", "12 months", 12, "month", "exact"),
        (
            "The average user spends about 43 minutes per month searching.",
            "about 43 minutes per month",
            43,
            "minute",
            "about",
        ),
        ("She will start her 3,000m season in Boston.", "3,000m", 3000, "metre", "exact"),
        # a glued "m" before a race word is a distance; before other nouns it is millions
        ("She won the 60m hurdles in Madrid.", "60m", 60, "metre", "exact"),
        ("He is the reigning 200m world champion.", "200m", 200, "metre", "exact"),
        ("About 5m people watched the final.", "About 5m people", 5e6, "person", "about"),
        # spoken decimals and "-plus"
        ("Sales fell only one point three per cent.", "one point three per cent", 1.3, "percent", "exact"),
        ("Chelsea will test Liverpool with a £30m-plus bid.", "£30m-plus", 3e7, "GBP", "more than"),
    ],
)
def test_ways_of_writing(nlp, text, span_text, value, unit, approximation):
    found = read(nlp, text)
    assert span_text in found, found
    stat = found[span_text]
    assert stat.value == pytest.approx(value, rel=1e-3)
    assert (stat.unit, stat.approximation) == (unit, approximation)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Profits doubled last year.", "increase"),
        ("Output rose more than tenfold.", "increase"),
        ("Losses halved.", "decrease"),
    ],
)
def test_multiples_are_changes(nlp, text, kind):
    (stat,) = read(nlp, text).values()
    assert stat.comparison is not None and stat.comparison["type"] == kind


@pytest.mark.parametrize(
    ("text", "low_text", "high_text", "unit"),
    [
        ("Growth will be between 5% and 7% next year.", "between 5%", "7%", "percent"),
        ("Growth will be 5-7% next year.", "5", "7%", "percent"),
        ("Every user will contribute three to four megabytes per day.", "three", "four megabytes per day", "megabyte"),
        ("We have got three or four Spanish players here.", "three", "four Spanish players", "player"),
    ],
)
def test_ranges_carry_low_and_high(nlp, text, low_text, high_text, unit):
    found = read(nlp, text)
    low, high = found[low_text], found[high_text]
    assert (low.unit, high.unit) == (unit, unit)
    assert (low.approximation, high.approximation) == ("at least", "at most")
    assert (low.low, low.high) == (high.low, high.high) == (low.value, high.value)
    assert low.value < high.value


def test_rise_from_is_no_range(nlp):
    found = read(nlp, "Profits rose from 5 to 7 million dollars.")
    assert all(s.low is None for s in found.values())


def test_amounts_in_brackets_keep_their_currency(nlp):
    text = "The settlement is worth $420bn (£227bn), or 331bn euros."
    found = read(nlp, text)
    assert {k: (s.value, s.unit) for k, s in found.items()} == {
        "$420bn": (420e9, "USD"),
        "£227bn": (227e9, "GBP"),
        "331bn euros": (331e9, "EUR"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "China has seen two decades of blistering economic growth.",
        "For over two decades, governments promised change.",
        "ECLAC said that the six largest Latin American economies grew.",
        "There is a gap between the two main parties.",
        "The baby is six months old.",
        "He kicked over his stool despite his 69 years.",
        "Radical terrorists are engaged in a two-front war.",
        "They branded them two-bit Tories.",
        "Donald Trump is doubling down on his attacks.",
        "In the first half of 2005 sales rose.",
        "The 12 Euro zone countries will slow.",
        "Fast 3G networks are here, and 4G licences will follow.",
    ],
)
def test_false_numbers_stay_out(nlp, text):
    found = read(nlp, text)
    assert [k for k, s in found.items() if s.unit != "country"] == [], found


def test_more_than_before_a_figure_is_its_approximation(nlp):
    """ "over the past six months more than 63,000 phones": not "six months more than 63,000"."""
    found = read(nlp, "Over the past six months more than 63,000 mobile phones have been left in cabs.")
    assert set(found) == {"six months", "more than 63,000 mobile phones"}


def test_a_million_inside_half_a_million(nlp):
    found = read(nlp, "Close to half a million properties, in England and Wales alone, sell for less.")
    assert [(k, s.value) for k, s in found.items()] == [("Close to half a million properties", 5e5)]


def test_euro_zone_is_no_currency(nlp):
    found = read(nlp, "In contrast, the 12 Euro zone countries will put in a lacklustre performance.")
    assert [(k, s.unit) for k, s in found.items()] == [("12 Euro zone countries", "country")]


def test_a_number_after_a_name_with_a_percent_is_read(nlp):
    found = read(nlp, "According to Pew Research 44% of searchers use just a single search engine.")
    assert [s.value for s in found.values()] == [44]


# ------------------------------------------------------------------ what was measured, about what


@pytest.mark.parametrize(
    ("text", "span_text", "measured", "about"),
    [
        (
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
            "76%",
            "Quarterly profits",
            "TimeWarner",
        ),
        ("Reuters posted a 52% rise in profits for the year.", "a 52% rise", "profits", "Reuters"),
        ("Germany's unemployment rate rose to 10.8% in January 2005.", "10.8%", "unemployment rate", "Germany"),
        (
            "UNECE is forecasting economic growth of 2.2% across the European Union.",
            "2.2%",
            "economic growth",
            "the European Union",
        ),
        ("There had been falling cigarette sales of 13% in New York.", "13%", "cigarette sales", "New York"),
        ("The government cut its debt back to £160m.", "£160m", "debt", None),
        ("Israel has cut 12,000 Palestinian jobs.", "12,000 Palestinian jobs", "Palestinian jobs", "Palestinian"),
        ("The report reveals that 87% of searchers find what they want.", "87% of searchers", "searchers", None),
        ("Reuters delivered £234m of cuts.", "£234m", "cuts", "Reuters"),
        ("It rejected the government's $280bn claim.", "$280bn", "claim", None),
        ("It has imposed penalties totalling nearly $2bn on 15 funds.", "nearly $2bn", "penalties", None),
        ("Absa has a market value of about $8.5bn (£4.4bn).", "£4.4bn", "market value", "Absa"),
        ("He has been fined 50,000 euros (£35,000) after a fight.", "£35,000", "fined", None),  # not "euros"
        ("At 2.6%, inflation remains within the Bank's 2-3% target range.", "2", "target range", "Bank"),
        ("12% of those surveyed could not swap.", "12% of those", "those surveyed", None),
        (
            "Debt will grow to more than half the nation's total annual output.",
            "more than half",
            "total annual output",
            None,
        ),
        ("Total imports rose again to a new record of £27.9bn.", "£27.9bn", "Total imports", None),
        ("UK exports rose by more than 3.2% to £24.8bn.", "more than 3.2%", "UK exports", "UK"),
        (
            "It found that more than 80% of medium and large companies were hit.",
            "more than 80% of medium",
            "companies",
            None,
        ),
        (
            "Rich nations spend $300bn (£158.8bn; 230.9bn euros) in farm subsidies.",
            "230.9bn euros",
            "farm subsidies",
            None,
        ),
        # a pronoun subject stands for the subject noun before it, past the speaker of its clause
        (
            "Brazil's unemployment rate fell in December. The IBGE said it fell to 9.6% from 10.6%.",
            "9.6%",
            "unemployment rate",
            "Brazil",
        ),
        ("Sales were weak in the spring. They rose 5% in May.", "5%", "Sales", None),
        # numbers linked in one clause measure one thing
        ("Profits rose 76% to £1bn, up from £600m.", "£1bn", "Profits", None),
        ("Profits rose 76% to £1bn, up from £600m.", "£600m", "Profits", None),
        ("The deficit was £3.1bn, down from £3.6bn.", "£3.6bn", "deficit", None),
        ("The films took $121.9m (£63.3m), compared with $165.8m last year.", "$165.8m", "took", None),
        ("The films took $121.9m (£63.3m), compared with $165.8m last year.", "£63.3m", "took", None),
        # a figure inside a compound measures the noun, not its own unit
        ("The three-day event drew crowds.", "three-day", "event", None),
        ("Sales reached 5m units.", "5m units", "units", None),
        ("Yukos faces a $27.5bn (£13bn) tax demand.", "£13bn", "tax demand", "Yukos"),
        # a unit of measure is never the measured thing
        ("The plant will handle 7.8 million tonnes of LNG each year.", "7.8 million tonnes", "LNG", "LNG"),
        ("EMI shares were down 16.2% at 235.75 pence.", "235.75 pence", "EMI shares", "EMI"),
        # the object of a verb that changes or values it; the verb someone acted with
        (
            "The Reserve Bank of Australia lifted interest rates 0.25% to 5.5%.",
            "0.25%",
            "interest rates",
            "The Reserve Bank of Australia",
        ),
        ("The government estimated reconstruction costs at nearly $3bn.", "nearly $3bn", "reconstruction costs", None),
        ("Delta, which lost $646m in the quarter, cut 6,900 jobs.", "$646m", "lost", None),
        # spans of time
        ("He was banned for eight months.", "eight months", "banned", None),
        ("The government promised to publish the plan within 10 days.", "10 days", "publish the plan", None),
        ("The trial lasted three weeks.", "three weeks", "trial", None),
        ("They found nine years of wave heights.", "nine years", "wave heights", None),
        ("Talks have ended without agreement after 90 minutes.", "90 minutes", "Talks", None),
        ("The vote ends on 22 February, five days before the ceremony.", "five days", "before the ceremony", None),
        (
            "It took him another two years to graduate to the full England XV.",
            "two years",
            "graduate to the full England XV",
            None,
        ),
        # through a placeholder: "a total of", "worth of"; what an amount is taken from
        ("The banks agreed to pay a total of $515m to settle the case.", "$515m", "pay", None),
        ("The UK exported £16.9bn worth of goods.", "£16.9bn", "goods", "UK"),
        ("Delta plans to slash $5bn from its costs.", "$5bn", "costs", "Delta"),
        # hyphenated nouns stay whole; a placeholder described by a clause keeps the clause
        ("The firm averted liquidation after a one trillion won ($960m) bail-out.", "$960m", "bail-out", None),
        (
            "Gordon Brown has doubled the level at which house buyers pay stamp duty to £120,000.",
            "doubled",
            "level at which house buyers pay stamp duty",
            None,
        ),
        # a span of time in a clause: what happened in it; how far off something is; headlines
        ("The Tigers stormed 22-6 ahead within 18 minutes.", "18 minutes", "stormed 22-6 ahead", "Tigers"),
        (
            "Johnson has retired from international rugby over the last 12 months.",
            "12 months",
            "retired from international rugby",
            None,
        ),
        ("Hobbit picture 'four years away'", "four years", "Hobbit picture", "Hobbit"),
        ("UK pledges £1bn to vaccine effort", "£1bn", "UK pledges", "UK"),
        # a multiple before a comparative measures what is compared
        (
            "HD makes TV picture quality at least four times better than now.",
            "at least four times",
            "TV picture quality",
            None,
        ),
        ("Sales were four times higher than last year.", "four times higher than last year", "Sales", None),
        (
            "Roma Czechs were 400 times more likely to be stopped by officials.",
            "400 times",
            "likely to be stopped by officials",
            "Roma Czechs",
        ),
        ("Players will have three or four years taken off their careers.", "three", "taken off their careers", None),
        # a relative pronoun stands for the noun its clause describes
        ("Boeing signed a deal that could be worth as much as $6bn.", "as much as $6bn", "deal", None),
        # a change in the figure's words: the thing that went through it
        ("The economy should grow 8% after seeing 9% growth last year.", "9% growth", "growth", None),
        ("Sales posted a 7% rise.", "a 7% rise", "Sales", None),
        ("Their prices have been cut by an average of £40.", "£40", "prices", None),
        ("An iPod mini model which can hold 6GB.", "6GB", "iPod mini model", "iPod"),
        # a figure beside another through "following" shares its clause's measured thing
        ("Car sales fell 2.8% in January, following a fall of 0.6% in December.", "0.6%", "Car sales", None),
        # a noun standing for a figure measures its "of" object; a hyphen count counts the whole
        ("The number of gadgets in the shops is predicted to grow by 11%.", "11%", "gadgets", None),
        ("The gap has widened to more than $60bn, an all-time record.", "more than $60bn", "gap", None),
        ("Bell has been added to England's 30-man squad.", "30-man", "squad", "England"),
    ],
)
def test_what_was_measured(nlp, text, span_text, measured, about):
    stat = read(nlp, text)[span_text]
    assert words(text, stat.measured) == measured
    assert words(text, stat.about) == about


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Revenues slipped 11% during 2004.", "2004"),
        ("Germany's unemployment rate rose to 10.8% in January 2005.", "2005-01"),
        ("Sales rose 5% a year.", None),
    ],
)
def test_period_as_an_iso_date(nlp, text, date):
    (stat,) = read(nlp, text).values()
    assert stat.date == date
