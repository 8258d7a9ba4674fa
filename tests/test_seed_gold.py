"""The hand-made gold ClaimSet of the seed article: it loads, it is complete where that can
be checked mechanically, and spoiled copies of it are refused with a message naming the item."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kg.claimfile import load_claimset
from kg.errors import ClaimSetError
from kg.models import ClaimSet, parse_claimset, sha256_text
from tests.helpers import SEED_GOLD, SEED_TEXT

# Quotation marks that enclose no attributed words; each says why. The test below also
# checks that every entry is still in the article and still uncovered, so it cannot go stale.
NOT_SPEECH = {
    "Great Firewall of China": "a nickname in scare quotes ('sometimes dubbed'), not a statement",
}

# Word numbers and scale words that occur in statistic spans ("one billion", "millions of").
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "hundred": 100}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


@pytest.fixture(scope="module")
def gold() -> ClaimSet:
    return load_claimset(SEED_GOLD)


def quotations(text: str) -> list[tuple[int, int]]:
    """Interior (start, end) of each pair of straight double quotes, in order."""
    marks = [m.start() for m in re.finditer('"', text)]
    assert len(marks) % 2 == 0, f"odd number of quotation marks ({len(marks)}) in the article"
    return [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks), 2)]


def covered_offsets(gold: ClaimSet) -> set[int]:
    return {i for st in gold.statements for span in st.content for i in range(span.start, span.end)}


def numbers_in(text: str) -> set[float]:
    """Every number written in `text`: '48,000', '400 million', 'one billion', 'millions'."""
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower())
    found: set[float] = set()
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            value: float | None = float(token.replace(",", ""))
        else:
            value = NUMBER_WORDS.get(token)
        if token.endswith("s") and token[:-1] in SCALES:  # "millions of": the lower bound
            found.add(SCALES[token[:-1]])
        if value is None:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        found.add(value * SCALES.get(nxt, 1))
    return found


# ------------------------------------------------------------------------- loads, as data


def test_gold_loads_and_describes_the_article(gold: ClaimSet, seed_text: str) -> None:
    art = gold.article
    assert art.id == "china-cybersecurity-2010"
    assert art.text == seed_text
    assert art.sha256 == sha256_text(seed_text)
    assert (art.author, art.publisher, str(art.published)) == ("Chris Lefkow", "AFP", "2010-05-04")
    assert art.title and art.title in seed_text
    assert art.url and art.url in seed_text and art.url.startswith("https://phys.org/")
    raw = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    assert "text" not in raw["article"], "the gold must read the text from source, not copy it"
    assert (SEED_GOLD.parent / raw["article"]["source"]) == SEED_TEXT


def test_every_span_reads_back_from_the_article(gold: ClaimSet, seed_text: str) -> None:
    spans = gold.spans()
    assert len(spans) > 100
    for where, span in spans:
        assert seed_text[span.start : span.end] == span.text, where


# ------------------------------------------------------------------------- completeness


def test_every_quotation_is_the_content_of_a_statement(gold: ClaimSet, seed_text: str) -> None:
    covered = covered_offsets(gold)
    missing = []
    exempt_seen = set()
    for start, end in quotations(seed_text):
        inner = seed_text[start:end]
        if inner in NOT_SPEECH:
            exempt_seen.add(inner)
            assert not covered & set(range(start, end)), f"{inner!r} is exempt but in a statement"
            continue
        # the closing comma/period belongs to the frame; a paragraph break inside one
        # quotation falls between two content segments
        words = inner.rstrip(",. ")
        uncovered = [i for i in range(start, start + len(words))
                     if i not in covered and not seed_text[i].isspace()]
        if uncovered:
            missing.append(inner)
    assert not missing, f"quotations in no statement content: {missing}"
    assert exempt_seen == set(NOT_SPEECH), "NOT_SPEECH names a quotation the article lacks"


def test_kind_matches_the_quotation_marks(gold: ClaimSet, seed_text: str) -> None:
    quotes = quotations(seed_text)
    for st in gold.statements:
        if st.kind.value == "direct":
            for span in st.content:
                assert any(a <= span.start and span.end <= b for a, b in quotes), (
                    f"{st.id} is direct but {span.text!r} is not inside one quotation"
                )
        else:
            assert ('"' in st.text) == (st.kind.value == "partial"), st.id


def test_liu_zhengrong_speaks_most(gold: ClaimSet) -> None:
    counts = Counter(st.speaker for st in gold.statements).most_common()
    (top, top_n), (_, second_n) = counts[0], counts[1]
    assert gold.actor(top).name == "Liu Zhengrong"
    assert top_n > second_n


def test_speaker_mentions_are_mentions_of_the_speaker(gold: ClaimSet) -> None:
    for st in gold.statements:
        if st.speaker_mention is not None:
            assert st.speaker_mention in gold.actor(st.speaker).mentions, st.id
        assert st.cue is not None, f"{st.id} has no reporting cue"


def test_the_relayed_statements(gold: ClaimSet) -> None:
    relayed = {st.id: (gold.actor(st.speaker).name, gold.actor(st.via).name, st.cue.text)
               for st in gold.statements if st.via}
    assert sorted(relayed.values()) == [
        ("Wang Chen", "Chinese state press", "urging"),
        ("Wang Chen", "Xinhua News Agency", "was quoted as saying"),
    ]


def test_quotation_across_a_paragraph_break_is_one_statement(gold: ClaimSet) -> None:
    split = [st for st in gold.statements if len(st.content) > 1]
    assert len(split) == 1
    (st,) = split
    assert st.text.startswith("The Chinese government firmly opposes")
    assert st.text.endswith("held liable for hacking")
    assert st.speaker_mention.text == "he"


def test_each_statistic_span_holds_its_number(gold: ClaimSet) -> None:
    for stat in gold.statistics:
        assert stat.value in numbers_in(stat.span.text), f"{stat.id}: {stat.span.text!r}"


def test_number_reader_is_not_fooled() -> None:
    assert numbers_in("around one billion dollars a year") == {1e9}
    assert numbers_in("about 48,000 cases") == {48000}
    assert 400 not in numbers_in("more than 400 million users")
    assert numbers_in("millions of bloggers") == {1e6}


def test_statistics_sit_in_the_statement_that_asserts_them(gold: ClaimSet) -> None:
    statements = {st.id: st for st in gold.statements}
    for stat in gold.statistics:
        inside = [st.id for st in gold.statements for c in st.content
                  if c.start <= stat.span.start and stat.span.end <= c.end]
        if stat.statement is None:
            assert not inside, f"{stat.id} is in {inside} but has no statement"
        else:
            assert inside == [stat.statement], f"{stat.id} is in {inside}, says {stat.statement}"
            assert statements[stat.statement].speaker is not None


# ------------------------------------------------------------------------- spoiled copies


def _shift(data: dict) -> None:
    span = data["statements"][1]["content"][0]
    span["start"] += 1
    span["end"] += 1


def _dangling_speaker(data: dict) -> None:
    data["statements"][0]["speaker"] = "liu-zhenrong"


def _duplicate_actor(data: dict) -> None:
    data["actors"][1]["id"] = data["actors"][0]["id"]


def _missing_statement(data: dict) -> None:
    data["statistics"][1]["statement"] = "s99"


SPOILS: list[tuple[str, Callable[[dict], None], list[str]]] = [
    ("wrong offset", _shift, ["statements[1] (s2).content[0]", "offsets"]),
    ("dangling speaker", _dangling_speaker, ["statements[0] (s1).speaker", "liu-zhenrong"]),
    ("duplicate id", _duplicate_actor, ["actors[1].id", "duplicate id 'liu'"]),
    ("missing statement", _missing_statement, ["statistics[1] (n2).statement", "s99"]),
]


def _gold_data() -> dict:
    data = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    with open(SEED_TEXT, encoding="utf-8", newline="") as handle:
        data["article"]["text"] = handle.read()  # inline: the ClaimSet is written elsewhere
    return data


@pytest.mark.parametrize(("name", "spoil", "words"), SPOILS, ids=[s[0] for s in SPOILS])
def test_spoiled_file_is_refused(tmp_path: Path, name: str, spoil, words: list[str]) -> None:
    data = _gold_data()
    spoil(data)
    path = tmp_path / "spoiled.claims.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ClaimSetError) as caught:
        load_claimset(path)
    message = str(caught.value)
    assert "\n" not in message
    for word in [str(path), *words]:
        assert word in message, f"{name}: {word!r} not in {message!r}"


@pytest.mark.parametrize(("name", "spoil", "words"), SPOILS, ids=[s[0] for s in SPOILS])
def test_spoiled_data_is_refused(seed_text: str, name: str, spoil, words: list[str]) -> None:
    data = _gold_data()
    data["article"]["text"] = seed_text
    parse_claimset(data)  # unspoiled, the same data is accepted
    spoil(data)
    with pytest.raises(ClaimSetError) as caught:
        parse_claimset(data, where="gold")
    for word in words:
        assert word in str(caught.value), f"{name}: {word!r} not in {caught.value}"
