"""Web pages in (issue 8): the article's main text without boilerplate, paragraph breaks kept,
metadata declared by the page (JSON-LD, OpenGraph) and nothing when it declares nothing,
non-English pages and pages without an article refused, and the dev pages scored."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from webpages import BODY, BOILERPLATE, FRENCH, NO_ARTICLE_PAGE, json_ld, news_page, opengraph

from kg.errors import InputError
from kg.extract.readers import NoArticleError, NotEnglishError, read_article
from kg.extract.readers.html import read_html
from tests.helpers import SHARED

NEWS_HTML_DEV = SHARED / "corpora" / "news-html-dev"


def test_boilerplate_is_removed_and_paragraphs_kept() -> None:
    article = read_html(news_page(), "bridge.html")
    assert article.text.split("\n\n") == ["Council approves new bridge over the Elm River", *BODY]
    for junk in [*BOILERPLATE, "nobody said this", "Home", "Teaser one"]:
        assert junk not in article.text, junk
    assert len(article.nlp_text) == len(article.text)
    assert article.extractor is not None and article.extractor.startswith("trafilatura ")
    assert article.language == "en"


def test_json_ld_comes_first_and_authors_are_names() -> None:
    head = json_ld(
        headline="Council approves new bridge",
        author=[{"@type": "Person", "name": "Jane Doe", "url": "https://herald.example/staff/jane"},
                {"@type": "Person", "name": "By Bob Roe"}, "https://herald.example/staff/someone"],
        datePublished="2024-03-05T10:00:00-05:00",
        publisher={"@type": "Organization", "name": "Riverside Herald"},
    ) + opengraph(og_title="OpenGraph title", og_url="https://herald.example/bridge")
    article = read_html(news_page(head=head), "bridge.html")
    assert article.title == "Council approves new bridge"
    assert article.author == "Jane Doe, Bob Roe"
    assert article.published == dt.date(2024, 3, 5)
    assert article.publisher == "Riverside Herald"
    assert article.url == "https://herald.example/bridge"


def test_json_ld_inside_a_graph_is_found() -> None:
    graph = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
             '{"@type": "WebSite", "name": "Site"}, {"@type": ["NewsArticle"], "headline": "From the graph",'
             ' "author": {"@type": "Person", "name": "Ann Lee"}, "datePublished": "2023-12-01"}]}</script>'
             '<script type="application/ld+json">{broken json</script>')
    article = read_html(news_page(head=graph), "graph.html")
    assert (article.title, article.author, article.published) == ("From the graph", "Ann Lee", dt.date(2023, 12, 1))


def test_opengraph_and_meta_tags() -> None:
    head = opengraph(og_title="Bridge vote", og_site_name="Riverside Herald", og_url="https://herald.example/b",
                     article_published_time="2022-07-08T09:00:00Z")
    head += '<meta name="author" content="https://herald.example/author/ann"><meta name="author" content="x">'
    head += '<meta name="parsely-author" content="Carl Diaz">'
    article = read_html(news_page(head=head), "og.html")
    assert (article.title, article.publisher, article.url) == ("Bridge vote", "Riverside Herald", "https://herald.example/b")
    assert article.published == dt.date(2022, 7, 8)
    assert article.author == "Carl Diaz"  # a profile URL is not a name


def test_a_page_that_declares_nothing_gets_nothing() -> None:
    article = read_html(news_page(), "plain.html")
    assert (article.author, article.published, article.publisher, article.url) == (None, None, None, None)


def test_non_english_page_is_refused_naming_the_language() -> None:
    with pytest.raises(NotEnglishError, match=r"fr.html: the article is in French \(fr\)"):
        read_html(news_page(headline="Le conseil approuve un nouveau pont", paragraphs=FRENCH, lang="fr"), "fr.html")


def test_page_without_article_is_refused() -> None:
    with pytest.raises(NoArticleError, match=r"no.html: the page has no article text"):
        read_html(NO_ARTICLE_PAGE, "no.html")


def test_compressed_page_reads_like_the_page(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "bridge.html").write_text(news_page(), encoding="utf-8")
    (tmp_path / "bridge.html.gz").write_bytes(gzip.compress(news_page().encode("utf-8")))
    assert read_article(tmp_path / "bridge.html.gz").text == read_article(tmp_path / "bridge.html").text
    (tmp_path / "bad.html.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match=r"bad.html.gz: is not a readable gzip file"):
        read_article(tmp_path / "bad.html.gz")


def test_compressed_page_is_limited_by_its_uncompressed_size(tmp_path: Path) -> None:
    import gzip

    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as handle:
        for _ in range(11):
            handle.write(b" " * (1024 * 1024))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"bomb.html.gz: more than 10 MB is too large"):
        read_article(bomb)


# ------------------------------------------------------------- the dev pages (real sites)


def _shingles(text: str) -> Counter:
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3)) if words[i : i + 4])


@pytest.mark.slow
def test_dev_pages_body_f1_and_languages() -> None:
    """The 55 real pages: every English page is read with a body F1 of at least 0.95 overall
    (4-word shingles, as score.py and the benchmark), and every other language is refused."""
    truth_file = NEWS_HTML_DEV / "ground-truth.json"
    if not truth_file.exists():
        pytest.skip(f"corpus not present: {NEWS_HTML_DEV} (../shared/corpora)")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    tp = fp = fn = 0.0
    refused: dict[str, str] = {}
    for key, page in truth.items():
        try:
            text = read_article(NEWS_HTML_DEV / f"{key}.html").text
        except NotEnglishError as exc:
            refused[key] = str(exc)
            continue
        a, b = _shingles(page["articleBody"]), _shingles(text)
        both = sum((a & b).values())
        union = sum(a.values()) + sum(b.values()) - both
        tp, fp, fn = tp + both / union, fp + (sum(b.values()) - both) / union, fn + (sum(a.values()) - both) / union
    languages = sorted(re.search(r"\((\w+)\)", message)[1] for message in refused.values())
    assert languages == ["it", "it", "ja", "pt", "pt", "pt", "pt", "ru"]  # no English page refused
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.95


def test_bylines_become_names_and_titles_lose_the_site_name() -> None:
    head = json_ld(headline="Council approves new bridge | TheHill",
                   author=[{"@type": "Person", "name": "By ROBERT BURNS, AP National Security Writer"}],
                   publisher={"@type": "Organization", "name": "Associated Press"})
    head += opengraph(og_site_name="TheHill | Hill.com")
    article = read_html(news_page(head=head), "byline.html")
    assert article.author == "Robert Burns"
    assert article.title == "Council approves new bridge"
    assert article.publisher == "TheHill"  # the site's own name, not the agency's
