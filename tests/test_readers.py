"""Article readers: text exactly as read, an offset-preserving parser view, metadata, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.readers import nlp_view, parse_date, read_article, read_text
from tests.helpers import BBC, SEED_TEXT


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    return path


# ------------------------------------------------------------------------------ seed


def test_seed_text_is_exactly_the_file(seed_text: str) -> None:
    article = read_article(SEED_TEXT)
    assert article.text == seed_text
    assert len(article.nlp_text) == len(article.text)


def test_seed_metadata() -> None:
    article = read_article(SEED_TEXT)
    assert article.title == "China backs international efforts to secure cyberspace"
    assert article.author == "Chris Lefkow"
    assert article.publisher == "AFP"
    assert article.published == dt.date(2010, 5, 4)
    assert article.url == "https://phys.org/news/2010-05-china-international-efforts-cyberspace.html"
    assert article.source == str(SEED_TEXT)


def test_seed_view_blanks_markup_and_boilerplate_only(seed_text: str) -> None:
    view = read_article(SEED_TEXT).nlp_text
    link = seed_text.index("[Internet](#)")
    assert view[link : link + len("[Internet](#)")] == " Internet    "
    for boilerplate in ("Citation:", "This document is subject to copyright", "(c) 2010 AFP",
                        "May 4 2010, by Chris Lefkow", "---", "# "):
        at = seed_text.index(boilerplate)
        assert view[at : at + len(boilerplate)].strip() == "", boilerplate
    # Everything the parser sees is the text itself or a space; newlines stay.
    assert all(v == t or v == " " for v, t in zip(view, seed_text, strict=True))
    assert view.count("\n") == seed_text.count("\n")
    # The headline stays for the parser, without its "#".
    assert view[view.index("China backs") - 3 :].startswith("\n  China backs")
    quote = '"China faces severe cybersecurity threats," Liu told participants'
    at = seed_text.index(quote)
    assert view[at : at + len(quote)] == quote


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("see [the report](http://x.org/a) now", "see  the report                  now"),
        ("![logo](a.png) Acme", "  logo         Acme"),
        ("**Bold** and __under__ and *it*", "  Bold   and   under   and  it "),
        ("## Heading here", "   Heading here"),
        ("> quoted line", "  quoted line"),
        ("a <b>tag</b> b", "a    tag     b"),
        ("Copyright 2005 BBC", "                  "),
        ("© Reuters 2016", "              "),
        ("Copyright holders said the law was unfair.", "Copyright holders said the law was unfair."),
        ("Liu said 5 * 3 = 15", "Liu said 5 * 3 = 15"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("line one\r\n---\r\nline two", "line one\r\n   \r\nline two"),
    ],
)
def test_nlp_view_cases(text: str, view: str) -> None:
    assert nlp_view(text) == view
    assert len(nlp_view(text)) == len(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("May 4 2010", dt.date(2010, 5, 4)),
        ("4 May 2010", dt.date(2010, 5, 4)),
        ("Sept. 12, 2016", dt.date(2016, 9, 12)),
        ("2016-11-08T14:03:00Z", dt.date(2016, 11, 8)),
        ("February 30 2010", None),
        ("yesterday", None),
    ],
)
def test_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_text_metadata_byline_first_and_bbc_headline() -> None:
    by_first = read_text("Headline words here\n\nBy Jane Smith, March 3, 2015\n\nBody text said a man.\n")
    assert by_first.title == "Headline words here"
    assert by_first.author == "Jane Smith"
    assert by_first.published == dt.date(2015, 3, 3)
    no_title = read_text("This is a sentence that starts the article.\nCopyright holders said no.\n")
    assert no_title.title is None and no_title.author is None and no_title.published is None
    assert no_title.publisher is None


def test_byte_order_mark_is_kept_in_text_not_in_title(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", "\ufeffHeadline here\n\nLiu said it.\n")
    article = read_article(path)
    assert article.text.startswith("\ufeff")  # offsets count it, as open(..., encoding="utf-8") does
    assert article.title == "Headline here"


def test_crlf_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", "Title line\r\n\r\nLiu said it.\r\n")
    article = read_article(path)
    assert article.text == "Title line\r\n\r\nLiu said it.\r\n"
    assert article.title == "Title line"


def test_bbc_file_headline() -> None:
    path = BBC / "business" / "001.txt"
    if not path.exists():
        pytest.skip(f"corpus not present: {path} (../shared/corpora)")
    article = read_article(path)
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.text.startswith("Ad sales boost Time Warner profit\n")


# ------------------------------------------------------------------------------ HTML

PAGE = """<!doctype html>
<html><head>
<title>Page title | Daily Planet</title>
<meta property="og:title" content="Mayor backs new bridge">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2016-10-02T08:00:00Z">
<meta property="og:site_name" content="Daily Planet">
<link rel="canonical" href="https://planet.example/bridge">
<style>p { color: red }</style>
<script>var said = "nobody said this";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header>Site header text</header>
<article>
<h1>Mayor backs new bridge</h1>
<p>The mayor, John Smith, said the bridge would cost &pound;5m &amp; open in <b>2017</b>.</p>
<p>"It is a fine bridge," he said.</p>
<script>alert("inline")</script>
</article>
<aside>Related: other story</aside>
<footer>Copyright Daily Planet</footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "bridge.html", PAGE))
    assert article.text == (
        "Mayor backs new bridge\n\n"
        "The mayor, John Smith, said the bridge would cost £5m & open in 2017.\n\n"
        '"It is a fine bridge," he said.'
    )
    assert len(article.nlp_text) == len(article.text)
    assert article.title == "Mayor backs new bridge"
    assert article.author == "Lois Lane"
    assert article.published == dt.date(2016, 10, 2)
    assert article.publisher == "Daily Planet"
    assert article.url == "https://planet.example/bridge"


def test_html_without_article_element_keeps_body_blocks(tmp_path: Path) -> None:
    from webpages import BODY

    paragraphs = "".join(f"<div class='para'>{p}</div>" for p in BODY)
    page = (f"<html><head><title>Bridge vote</title></head><body><div class='menu'><a href='/'>Home</a> "
            f"<a href='/n'>News</a></div><div class='story'><h1>Bridge vote</h1>{paragraphs}</div></body></html>")
    article = read_article(write(tmp_path, "plain.htm", page))
    assert article.text == "\n\n".join(["Bridge vote", *BODY])
    assert article.title == "Bridge vote"


def test_html_with_no_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><script>x()</script><nav>Menu</nav></html>")
    with pytest.raises(InputError, match="empty.html"):
        read_article(path)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\t\r\n ", "empty"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary"),
        ("garbage.txt", bytes(range(128, 256)) * 4, "not UTF-8"),
    ],
)
def test_unusable_files_raise_one_line_input_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_article(tmp_path)


def test_clear_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = 'The naïve café owner, Zoë Müller, said: “We are déçu.”\n'
    path = write(tmp_path, "latin.txt", text.encode("cp1252"))
    assert read_article(path).text == text


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(11 * 1024 * 1024)  # sparse: size without writing 11 MB
    with pytest.raises(InputError, match=r"huge.txt: 11.0 MB is too large"):
        read_article(path)


def test_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "broken.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="broken.txt: is a link to a missing file"):
        read_article(link)
