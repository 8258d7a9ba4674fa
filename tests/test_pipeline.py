"""The extraction pipeline end to end: file or text -> valid ClaimSet, on the seed article,
on small texts, on directories, and on random and adversarial text (hypothesis)."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.claimfile import load_claimset
from kg.errors import InputError
from kg.extract import extract_file, extract_paths, extract_text
from kg.extract.pipeline import article_files, article_id
from kg.models import ActorType, ClaimSet, parse_claimset, sha256_text
from tests.helpers import BBC, SEED_GOLD, SEED_TEXT


def assert_faithful(claims: ClaimSet, text: str) -> None:
    """Valid as a ClaimSet, and every span is the article text at its offsets."""
    assert claims.article.text == text
    assert claims.article.sha256 == sha256_text(text)
    for where, span in claims.spans():
        assert text[span.start : span.end] == span.text, where
    parse_claimset(claims.model_dump(mode="json"))  # validates again from plain data


@pytest.fixture(scope="module")
def seed_claims() -> ClaimSet:
    return extract_file(SEED_TEXT)


def test_seed_article(seed_claims: ClaimSet, seed_text: str) -> None:
    assert_faithful(seed_claims, seed_text)
    article = seed_claims.article
    assert article.id == f"china-cybersecurity-2010-{sha256_text(seed_text)[:8]}"
    assert article.source == str(SEED_TEXT)
    assert (article.title, article.author, article.publisher, article.published) == (
        "China backs international efforts to secure cyberspace", "Chris Lefkow", "AFP", dt.date(2010, 5, 4))
    assert article.url.startswith("https://phys.org/news/2010-05-china")


def test_seed_actors(seed_claims: ClaimSet) -> None:
    actors = {a.name: a for a in seed_claims.actors}
    liu = actors["Liu Zhengrong"]
    assert liu.type == ActorType.Person
    assert any(role.startswith("deputy director general") for role in liu.roles)
    assert seed_claims.actor(liu.affiliation).name == "Internet Affairs Bureau"
    for name, kind in [("Wang Chen", ActorType.Person), ("Google", ActorType.Organization),
                       ("Xinhua", ActorType.Organization), ("China", ActorType.Country),
                       ("Chris Lefkow", ActorType.Person), ("AFP", ActorType.Organization)]:
        assert actors[name].type == kind, name
    for never in ("Tuesday", "Internet", "Web", "2009", "Chinese"):
        assert never not in actors


def _speakers(claims: ClaimSet) -> collections.Counter[str]:
    return collections.Counter(
        actor.name for s in claims.statements if (actor := claims.actor(s.speaker)) is not None
    )


def test_seed_statements(seed_claims: ClaimSet) -> None:
    """Who said how many statements is the gold's, exactly (Liu Zhengrong 13, Wang Chen 2,
    Google 1)."""
    gold = load_claimset(SEED_GOLD)
    assert len(seed_claims.statements) == len(gold.statements)
    assert _speakers(seed_claims) == _speakers(gold)
    assert [s.id for s in seed_claims.statements] == [f"s{i}" for i in range(1, len(seed_claims.statements) + 1)]
    by_mention = {s.speaker_mention.text: seed_claims.actor(s.speaker).name
                  for s in seed_claims.statements if s.speaker_mention and s.speaker}
    assert by_mention["the Chinese official"] == "Liu Zhengrong"
    assert by_mention["he"] == "Liu Zhengrong"
    assert by_mention["the Internet giant"] == "Google"
    first = seed_claims.statements[0]
    assert first.speaker_mention.text == "a top Chinese official"
    assert seed_claims.actor(first.speaker).name == "Liu Zhengrong"
    assert first.cue.text == "told"


def test_seed_statistics_point_at_their_statements(seed_claims: ClaimSet) -> None:
    stats = {n.span.text: n for n in seed_claims.statistics}
    cases = next(n for text, n in stats.items() if "48,000" in text)
    assert cases.value == 48000
    statement = next(s for s in seed_claims.statements if s.id == cases.statement)
    assert seed_claims.actor(statement.speaker).name == "Liu Zhengrong"
    assert any(c.start <= cases.span.start and cases.span.end <= c.end for c in statement.content)
    assert [n.id for n in seed_claims.statistics] == [f"n{i}" for i in range(1, len(seed_claims.statistics) + 1)]
    # The journalist's own numbers belong to no statement.
    officials = next(n for text, n in stats.items() if text.startswith("Some 400"))
    assert officials.statement is None


def test_seed_boilerplate_makes_nothing(seed_claims: ClaimSet, seed_text: str) -> None:
    boilerplate = seed_text.index("Citation:")
    for where, span in seed_claims.spans():
        assert span.start < boilerplate, where


def test_extract_text_reads_metadata_and_takes_overrides(seed_text: str) -> None:
    claims = extract_text(seed_text, source="copy.md", title="Other title", published="2011-01-02")
    assert claims.article.title == "Other title"
    assert claims.article.published == dt.date(2011, 1, 2)
    assert claims.article.author == "Chris Lefkow"
    assert claims.article.id.startswith("copy-")
    with pytest.raises(InputError, match="unknown metadata 'colour'"):
        extract_text("Hello.", colour="red")


def test_continued_quote_keeps_its_speaker() -> None:
    text = ('"We will win the vote," said John Smith, the party leader.\n\n'
            '"Nothing can stop us now, and the voters know it."\n')
    claims = extract_text(text)
    assert_faithful(claims, text)
    assert len(claims.statements) == 2
    first, second = claims.statements
    assert claims.actor(first.speaker).name == "John Smith"
    assert second.speaker == first.speaker
    assert second.speaker_mention is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [("seeds/China Cyber_2010.txt", "china-cyber-2010-"), ("<text>", "text-"), ("___.md", "article-"),
     ("dir/ÉTÉ.html", "t-")],
)
def test_article_id(source: str, expected: str) -> None:
    made = article_id(source, "some text")
    assert made == expected + sha256_text("some text")[:8]


def test_extract_paths_directory(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("# Two\n\nAnn Lee said the plan would fail.\n", encoding="utf-8")
    (tmp_path / "one.txt").write_text('"It works," said Bob Stone.\n', encoding="utf-8")
    (tmp_path / "three.html").write_text("<html><body><p>Acme Corp said profits rose 5%.</p></body></html>",
                                         encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    results = list(extract_paths([tmp_path]))
    assert [p.name for p, _ in results] == ["two.md", "one.txt", "three.html"]  # sorted by path
    names = [{a.name for a in claims.actors} for _, claims in results]
    assert "Ann Lee" in names[0] and "Bob Stone" in names[1] and "Acme Corp" in names[2]
    assert results[0][1].article.title == "Two"
    for path, claims in results:
        assert claims.article.source == str(path)


def test_extract_paths_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        article_files([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .txt, .md, .html or .warc files"):
        article_files([tmp_path / "empty"])
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="bad.txt"):
        list(extract_paths([tmp_path / "bad.txt"]))


def test_extract_paths_matches_extract_file() -> None:
    (path, from_batch), = list(extract_paths([SEED_TEXT]))
    assert from_batch == extract_file(SEED_TEXT)


def test_bbc_sample_is_faithful() -> None:
    if not BBC.is_dir():
        pytest.skip(f"corpus not present: {BBC} (../shared/corpora)")
    files = [BBC / folder / "010.txt" for folder in ("business", "entertainment", "politics", "sport", "tech")]
    for path, claims in extract_paths(files):
        with open(path, encoding="utf-8", newline="") as handle:
            assert_faithful(claims, handle.read())
        assert claims.actors, path


# ------------------------------------------------------------------------ robustness

_FRAGMENTS = [
    '"', "“", "”", "‘", "’", "'", "«", "»", "(", ")", "[", "]", "](#)", "**", "#", "<p>", "</p>",
    "\n", "\r\n", "\n\n", " ", "  ", "\t", ",", ".", ":", "--", "—", "said", " said ", "told", "according to",
    "he", "she", "they", "Liu", "Liu Zhengrong", "China's", "the Chinese official", "a source",
    "Google", "percent", "%", "$", "£", "1", "2009", "48,000", "one billion", "about", "more than",
    "Mr", "Dr.", "the", "of", "Citation:", "(c) 2010 AFP", "By Jane Doe", "May 4 2010",
    "x" * 300, "Supercalifragilistic" * 20, "\u200b", "\ufeff", "é", "中国", "🙂", "\x00",
]

_TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join),
    st.sampled_from(["", " ", "\n", '"', '""', "“", '"said"', "said", "(", "he said", "42", "\r\n\r\n"]),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_any_text_gives_a_faithful_claimset(text: str) -> None:
    claims = extract_text(text)
    assert_faithful(claims, text)
    ids = {a.id for a in claims.actors}
    for statement in claims.statements:
        assert statement.content and all(c.end > c.start for c in statement.content)
        assert statement.speaker is None or statement.speaker in ids


def test_bad_file_anywhere_in_a_batch_fails_before_the_first_result(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('"We will win," Mary Smith said on Monday.\n', encoding="utf-8")
    (tmp_path / "z.txt").symlink_to(tmp_path / "missing-target.txt")
    results = extract_paths([tmp_path])
    with pytest.raises(InputError, match="z.txt"):
        next(results)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("table.xlsx", b"PK\x03\x04", "not an article format"),
     ("long.txt", b"Word said. " * 100_000, "more than the parser takes")],
)
def test_unusable_articles(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=words) as info:
        extract_file(path)
    assert name in str(info.value)


def test_parallel_parsing_gives_the_same_claimsets(tmp_path):
    """--workers 2 (spaCy n_process) changes speed, not results."""
    from kg.extract.pipeline import _BATCH_SIZE

    for i in range(2 * _BATCH_SIZE + 3):
        (tmp_path / f"a{i:03d}.txt").write_text(
            f'"Figure {i} is about {i + 5} million dollars," Mary Smith said. She added that {i} jobs went.\n',
            encoding="utf-8",
        )
    single = [claims for _, claims in extract_paths([tmp_path])]
    parallel = [claims for _, claims in extract_paths([tmp_path], workers=2)]
    assert parallel == single
    assert all(claims.statements for claims in single)


@pytest.mark.parametrize(
    "text,speaker",
    [
        ("Budget row deepens\n\nThe finance minister, Anna Berg, said on Monday that spending would rise.\n", "Anna Berg"),
        ("Liverpool revel in night of glory\n\nLiverpool manager Rafael Benitez said the win was special.\n",
         "Rafael Benitez"),
    ],
)
def test_a_headline_without_full_stop_is_not_the_speaker(text, speaker):
    """A blank line ends a sentence (kg.extract.nlp.paragraph_breaks)."""
    claims = extract_text(text)
    assert claims.statements
    assert claims.actor(claims.statements[0].speaker).name == speaker
