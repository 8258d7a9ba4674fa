"""ClaimSet files: an extracted ClaimSet saved without its text finds the text again."""

from __future__ import annotations

import pytest
import yaml

from kg.claimfile import claimset_to_data, load_claimset
from kg.extract import extract_file


def test_latin1_article_reloads_from_its_source(tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes('"Le café est fermé," said Jean Dupont, the mayor of Besançon.\n'.encode("latin-1"))
    claims = extract_file(article)
    data = claimset_to_data(claims, include_text=False)
    data["article"]["source"] = article.name  # relative to the ClaimSet file
    saved = tmp_path / "latin1.claims.yaml"
    saved.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    reloaded = load_claimset(saved)
    assert reloaded.article.text == claims.article.text
    assert reloaded.statements == claims.statements


def test_html_article_reloads_from_its_source(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Vote</title><script>var x = '\"no\"';</script></head><body><nav>Home</nav>"
        "<article><p>\"We will win,\" Mary Smith said on Monday.</p></article></body></html>",
        encoding="utf-8",
    )
    claims = extract_file(page)
    data = claimset_to_data(claims, include_text=False)
    saved = tmp_path / "page.claims.yaml"
    saved.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_claimset(saved).statements == claims.statements


@pytest.mark.parametrize(
    "text",
    ["\n\n# Title\n\nLine one.\n  indented\n", "CRLF line.\r\nNext line.\r\n", "trailing spaces   \nend", "no newline"],
)
def test_yaml_dump_keeps_the_text_exactly(text):
    from kg.claimfile import dump_claimset
    from kg.models import parse_claimset

    claims = parse_claimset({"article": {"id": "t", "source": "<text>", "text": text}})
    dumped = dump_claimset(claims, "yaml")
    assert yaml.safe_load(dumped)["article"]["text"] == text
