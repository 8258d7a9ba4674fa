"""Hostile ClaimSet files through the real `kg load` (issue 14, items 3 and 6).

A ClaimSet is data a person may have been sent: its `source` reads only an article file in
its own folder (or below), and YAML aliases cannot blow a small file up into a huge document.
Each case checks one line on stderr, exit code 1 and a store left as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.test_bad_input import run_kg

SECRET = 'NAME="Secret OS"\nPRETTY_NAME="do not store me"\n'
ARTICLE = 'The minister spoke. "We will act," she said.\n'


def _claims(source: str) -> str:
    return yaml.safe_dump({"article": {"id": "sneaky", "source": source}, "actors": [], "statements": []})


@pytest.fixture
def layout(tmp_path) -> Path:
    """tmp/claims/ holds the ClaimSets and the articles they may read; tmp/secret/ does not."""
    (tmp_path / "claims" / "sub").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "os-release.txt").write_text(SECRET)
    (tmp_path / "secret" / "os-release").write_text(SECRET)
    (tmp_path / "claims" / "sub" / "article.txt").write_text(ARTICLE)
    return tmp_path


def _assert_refused(result, store: Path, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    exported = run_kg("export", "-f", "nquads", store=store)
    assert "do not store me" not in exported.stdout and "sneaky" not in exported.stdout


@pytest.mark.parametrize(
    "source",
    ["../secret/os-release.txt", "../secret/os-release", "SECRET/os-release.txt"],
    ids=["dot-dot", "dot-dot-no-suffix", "absolute"],
)
def test_a_claimset_cannot_read_a_file_outside_its_folder(layout, tmp_path, source):
    claims = layout / "claims" / "c.yaml"
    claims.write_text(_claims(source.replace("SECRET", str(layout / "secret"))))
    store = tmp_path / "store"
    result = run_kg("load", str(claims), store=store)
    _assert_refused(result, store, "outside the ClaimSet's folder", "article.text")


def test_a_link_out_of_the_folder_is_refused(layout, tmp_path):
    (layout / "claims" / "innocent.txt").symlink_to(layout / "secret" / "os-release.txt")
    claims = layout / "claims" / "c.yaml"
    claims.write_text(_claims("innocent.txt"))
    store = tmp_path / "store"
    result = run_kg("load", str(claims), store=store)
    _assert_refused(result, store, "outside the ClaimSet's folder")


def test_an_article_in_the_folder_or_below_is_read(layout, tmp_path):
    claims = layout / "claims" / "c.yaml"
    claims.write_text(_claims("sub/article.txt"))
    store = tmp_path / "store"
    result = run_kg("load", str(claims), store=store)
    assert result.returncode == 0, result.stderr
    assert "stored sneaky" in result.stdout


def _alias_bomb(width: int) -> str:
    """`width` actors, each an alias of one actor whose mentions are `width` aliases of one
    span: width * width mentions written in a few KB."""
    mentions = "[&s {start: 0, end: 1, text: x}" + ", *s" * (width - 1) + "]"
    lines = [
        "article: {id: bomb, source: bomb.txt, text: 'x'}",
        f"actors: [&a {{id: a, name: X, type: Person, mentions: {mentions}}}" + ", *a" * (width - 1) + "]",
        "statements: []",
    ]
    return "\n".join(lines) + "\n"


def test_yaml_aliases_cannot_expand_to_a_huge_document(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_alias_bomb(300))  # 90 000 mentions from 3 KB (the report: 1M from 90 KB)
    store = tmp_path / "store"
    result = run_kg("load", str(bomb), store=store)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "aliases expand" in result.stderr and "bomb.yaml" in result.stderr


def test_an_alias_cycle_is_refused(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.write_text("article: &x {id: loop, text: 'x', again: [*x]}\n")
    result = run_kg("load", str(loop), store=tmp_path / "store")
    assert result.returncode == 1
    assert "alias refers to a node that contains it" in result.stderr


def test_a_few_aliases_are_still_fine(tmp_path):
    claims = tmp_path / "ok.yaml"
    claims.write_text(
        "article: {id: fine, source: fine.txt, text: 'x said'}\n"
        "actors: [{id: a, name: X, type: Person, mentions: [&s {start: 0, end: 1, text: x}]},\n"
        "         {id: b, name: Y, type: Person, mentions: [*s]}]\n"
        "statements: []\n"
    )
    result = run_kg("load", str(claims), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["claims.yaml", "export.trig", "unknown.dat"], ids=["claimset", "rdf", "sniffed"])
def test_load_refuses_a_fifo_instead_of_hanging(tmp_path, name):
    """`kg load` of a FIFO blocked forever in open() (no writer ever comes): only regular
    files are read, like the article readers."""
    import os

    fifo = tmp_path / name
    os.mkfifo(fifo)
    store = tmp_path / "store"
    result = run_kg("load", str(fifo), store=store, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is a FIFO (named pipe), not a file to load" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_load_refuses_a_link_to_a_device(tmp_path):
    """A link to /dev/zero read until memory ran out; a device is refused before reading."""
    link = tmp_path / "claims.json"
    link.symlink_to("/dev/zero")
    store = tmp_path / "store"
    result = run_kg("load", str(link), store=store, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is a device, not a file to load" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
