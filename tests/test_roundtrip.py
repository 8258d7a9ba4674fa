"""Issue 13 (items 1, 2, 3, 6, 7, 9): what a user does next just works.

Every test goes through the real `kg` command line (the Typer app the `kg` script runs) on a
real on-disk store, and for the union default graph also on a real `oxigraph serve`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.helpers import ROOT, SEED_GOLD, SEED_TEXT, clear_server

SEED_TEXT_PATH = SEED_TEXT

ARTICLES = {
    "budget.txt": (
        "Finance minister Anna Berg said on Monday that the budget would be balanced by 2026. "
        '"We will not raise taxes," Berg told reporters in Oslo.\n'
    ),
    "harbour.txt": (
        "The harbour authority said the new terminal would open in May. "
        '"Ships will wait less," said Peter Lund, the authority\'s director.\n'
    ),
}


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    monkeypatch.delenv("KG_DEBUG", raising=False)
    return path


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ok(result) -> None:
    assert result.exit_code == 0, (result.output, result.stderr if result.stderr_bytes is not None else "")


def stored_ids(output: str) -> list[str]:
    return re.findall(r"^stored (\S+)", output, flags=re.MULTILINE)


# ---------------------------------------------------------------- 1. batch ClaimSets load back


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "json"])
def test_a_batch_extract_loads_back(runner, store, corpus, tmp_path, fmt):
    out = tmp_path / f"batch.{fmt}"
    ok(runner.invoke(app, ["extract", str(corpus), "-f", fmt, "-o", str(out)]))
    result = runner.invoke(app, ["load", str(out)])
    ok(result)
    assert len(stored_ids(result.output)) == 2, result.output


def test_a_json_batch_is_a_json_array(runner, corpus):
    result = runner.invoke(app, ["extract", str(corpus), "-f", "json"])
    ok(result)
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert {Path(item["article"]["source"]).name for item in data} == set(ARTICLES)


def test_eval_scores_every_document_of_a_yaml_batch(runner, corpus, tmp_path):
    out = tmp_path / "gold.yaml"
    ok(runner.invoke(app, ["extract", str(corpus), "-f", "yaml", "-o", str(out)]))
    result = runner.invoke(app, ["eval", str(out), "--format", "json"])
    ok(result)
    report = json.loads(result.stdout)
    assert report["articles"] == 2
    assert report["subsets"]["all attributions"]["fn"] == 0  # its own extraction as gold


def test_a_claimset_file_without_a_known_extension_is_sniffed(runner, store, corpus, tmp_path):
    out = tmp_path / "batch.jsonl"
    ok(runner.invoke(app, ["extract", str(corpus), "-f", "jsonl", "-o", str(out)]))
    for name in ("batch.claims", "batch.json"):  # JSON Lines under another name
        renamed = tmp_path / name
        renamed.write_bytes(out.read_bytes())
        result = runner.invoke(app, ["load", str(renamed)])
        ok(result)
        assert len(stored_ids(result.output)) == 2


# ---------------------------------------------------------------- 2. export -o/-f and reading exports back


@pytest.mark.parametrize("name", ["x.ttl", "x.turtle", "x.trig", "x.nq", "x.nquads", "x.nt", "x.ntriples", "x.jsonld"])
def test_export_follows_the_extension_and_loads_back(runner, store, tmp_path, name):
    import pyoxigraph as ox

    ok(runner.invoke(app, ["load", str(SEED_GOLD)]))
    out = tmp_path / name
    ok(runner.invoke(app, ["export", "-o", str(out)]))
    expected = ox.RdfFormat.from_extension(out.suffix[1:]) or {
        ".turtle": ox.RdfFormat.TURTLE, ".nquads": ox.RdfFormat.N_QUADS, ".ntriples": ox.RdfFormat.N_TRIPLES,
    }[out.suffix]
    assert len(list(ox.parse(out.read_bytes(), format=expected))) > 500  # a TriG file would not parse as Turtle
    result = runner.invoke(app, ["load", str(out), "--store", str(tmp_path / "other")])
    ok(result)
    assert stored_ids(result.output) == ["china-cybersecurity-2010"]


def test_export_format_given_and_file_named_alike_loads_back(runner, store, tmp_path):
    ok(runner.invoke(app, ["load", str(SEED_GOLD)]))
    out = tmp_path / "x.turtle"
    ok(runner.invoke(app, ["export", "-f", "turtle", "-o", str(out)]))
    result = runner.invoke(app, ["load", str(out), "--store", str(tmp_path / "other")])
    ok(result)
    assert stored_ids(result.output) == ["china-cybersecurity-2010"]


@pytest.mark.parametrize("fmt,name", [("nquads", "backup.dump"), ("turtle", "backup.txt"), ("jsonld", "backup"),
                                      ("jsonld", "backup.json")])
def test_an_export_under_any_name_is_sniffed(runner, store, tmp_path, fmt, name):
    ok(runner.invoke(app, ["load", str(SEED_GOLD)]))
    out = tmp_path / name
    ok(runner.invoke(app, ["export", "-f", fmt, "-o", str(out)]))
    result = runner.invoke(app, ["load", str(out), "--store", str(tmp_path / "other")])
    ok(result)
    assert stored_ids(result.output) == ["china-cybersecurity-2010"]


def test_export_format_and_extension_that_disagree_is_a_usage_error(runner, store, tmp_path):
    ok(runner.invoke(app, ["load", str(SEED_GOLD)]))
    result = runner.invoke(app, ["export", "-f", "turtle", "-o", str(tmp_path / "x.gexf")])
    assert result.exit_code == 2, result.output
    assert "x.gexf" in result.output and "turtle" in result.output
    assert not (tmp_path / "x.gexf").exists()


# ---------------------------------------------------------------- 3. union default graph


def _load_two_articles(runner, tmp_path, extra: list[str]) -> None:
    """The seed gold and a copy of it under another id and text (so it is not a duplicate)."""
    ok(runner.invoke(app, ["load", str(SEED_GOLD), *extra]))
    ok(runner.invoke(app, ["load", str(_second_article(tmp_path)), *extra]))


def _second_article(tmp_path: Path, article_id: str = "second-article") -> Path:
    import yaml

    data = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    data["article"]["id"] = article_id
    data["article"]["text"] = SEED_TEXT_PATH.read_text(encoding="utf-8") + f"\nA last line ({article_id})."
    data["article"].pop("sha256", None)
    data["article"]["source"] = f"{article_id}.txt"
    data["article"].pop("url", None)
    path = tmp_path / f"{article_id}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


PLAIN = "PREFIX schema: <https://schema.org/> SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }"


def _graph_iri(article_id: str) -> str:
    from kg.rdf_mapping import article_graph_iri

    return str(article_graph_iri(article_id))


def _plain_queries_see_every_article(runner, tmp_path, extra: list[str]) -> None:
    _load_two_articles(runner, tmp_path, extra)
    result = runner.invoke(app, ["query", PLAIN, "-f", "csv", *extra])
    ok(result)
    rows = result.stdout.strip().splitlines()[1:]
    assert rows.count("Liu Zhengrong") == 2, rows  # once per article graph
    assert "GRAPH" not in result.stderr

    one = f"PREFIX schema: <https://schema.org/> SELECT ?name WHERE {{ GRAPH <{_graph_iri('second-article')}> {{ ?p a schema:Person ; schema:name ?name }} }}"
    result = runner.invoke(app, ["query", one, "-f", "csv", *extra])
    ok(result)
    assert result.stdout.strip().splitlines()[1:].count("Liu Zhengrong") == 1

    from kg.rdf_mapping import article_iri

    result = runner.invoke(app, ["query", f"DESCRIBE <{article_iri('second-article')}>", "-f", "csv", *extra])
    ok(result)
    assert "A last line (second-article)." in result.stdout

    construct = "PREFIX schema: <https://schema.org/> CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"
    result = runner.invoke(app, ["query", construct, "-f", "csv", *extra])
    ok(result)
    assert "Liu Zhengrong" in result.stdout

    result = runner.invoke(app, ["query", "who-said-what", "-f", "csv", *extra])  # named queries unchanged
    ok(result)
    assert len(result.stdout.strip().splitlines()) == 1 + 2 * 16


def test_plain_sparql_sees_every_article_on_disk(runner, store, tmp_path):
    _plain_queries_see_every_article(runner, tmp_path, [])


def test_plain_sparql_sees_every_article_in_memory(runner, tmp_path):
    # memory: is gone after each command, so one process: the library call the CLI makes.
    from kg.operations import read_claim_files, store_claimsets
    from kg.queries import run_query
    from kg.store import open_store

    with open_store("memory:") as st:
        store_claimsets(st, read_claim_files([SEED_GOLD, _second_article(tmp_path)]))
        names = [row[0] for row in run_query(st, PLAIN).rows]
    assert names.count("Liu Zhengrong") == 2


def test_plain_sparql_sees_every_article_on_a_server(runner, server, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    clear_server(server)
    try:
        _plain_queries_see_every_article(runner, tmp_path, ["--store", server])
    finally:
        clear_server(server)


# ---------------------------------------------------------------- 6. host:port is not a directory


@pytest.mark.parametrize("spec", ["127.0.0.1:7879", "localhost:7878", "kg.example.org:80"])
def test_a_store_without_scheme_is_refused(runner, tmp_path, monkeypatch, spec):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["stats", "--store", spec])
    assert result.exit_code == 1
    assert f"did you mean http://{spec}?" in result.stderr
    result = runner.invoke(app, ["load", str(SEED_GOLD), "--store", spec])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []  # no directory named after the address


# ---------------------------------------------------------------- 7. naming articles


@pytest.fixture()
def hashed(runner, store, tmp_path) -> str:
    """The seed gold under an id with the extractor's hash suffix, its source beside it."""
    import shutil

    import yaml

    data = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    data["article"]["id"] = "china-cybersecurity-2010-f95bc110"
    data["article"].pop("text", None)
    folder = tmp_path / "curated"
    folder.mkdir()
    shutil.copy(SEED_TEXT_PATH, folder / "china-cybersecurity-2010.txt")
    data["article"]["source"] = str(folder / "china-cybersecurity-2010.txt")
    (folder / "seed.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    ok(runner.invoke(app, ["load", str(folder / "seed.yaml")]))
    return data["article"]["id"]


def test_param_article_takes_an_id_without_its_hash(runner, hashed):
    result = runner.invoke(app, ["query", "who-said-what", "--param", "article=china-cybersecurity-2010", "-f", "csv"])
    ok(result)
    assert len(result.stdout.strip().splitlines()) == 1 + 16


@pytest.mark.parametrize("how", ["absolute", "relative", "url", "prefix", "id"])
def test_delete_takes_path_url_prefix_or_id(runner, hashed, tmp_path, monkeypatch, how):
    source = tmp_path / "curated" / "china-cybersecurity-2010.txt"
    monkeypatch.chdir(tmp_path / "curated")
    ref = {
        "absolute": str(source),
        "relative": "china-cybersecurity-2010.txt",
        "url": "https://phys.org/news/2010-05-china-international-efforts-cyberspace.html",
        "prefix": "china-cyber",
        "id": hashed,
    }[how]
    result = runner.invoke(app, ["delete", ref])
    ok(result)
    stats = runner.invoke(app, ["stats"])
    assert re.search(r"articles\s+0", stats.output), stats.output


def test_ambiguous_and_unknown_articles_are_one_line_pointing_at_articles(runner, hashed, tmp_path):
    ok(runner.invoke(app, ["load", str(_second_article(tmp_path, "china-cybersecurity-2011-0a1b2c3d"))]))
    before = runner.invoke(app, ["export", "-f", "nquads"]).stdout
    for args, words in (
        (["delete", "no-such-article"], ["no article 'no-such-article'"]),
        (["delete", "china"], ["'china' names 2 articles", hashed, "china-cybersecurity-2011-0a1b2c3d"]),
        (["query", "who-said-what", "--param", "article=no-such-article"], ["no article 'no-such-article'"]),
        (["query", "who-said-what", "--param", "article=china-cyber"], ["names 2 articles"]),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        message = result.stderr.strip()
        assert "\n" not in message and "kg query articles" in message, message
        for word in words:
            assert word in message, (word, message)
    assert runner.invoke(app, ["export", "-f", "nquads"]).stdout == before


# ---------------------------------------------------------------- 9. shown text without markup


def test_demo_shows_statements_without_markdown(runner, store, tmp_path):
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "out")])
    ok(result)
    assert "[hacking](#)" not in result.output
    assert "losses from hacking networks" in result.output


def test_query_tables_clean_markup_and_csv_keeps_the_exact_text(runner, store):
    ok(runner.invoke(app, ["load", str(SEED_GOLD)]))
    query = ["query", "statements-by-speaker", "--param", "speaker=liu"]
    table = runner.invoke(app, [*query, "--format", "table"], env={"COLUMNS": "400"})
    ok(table)
    assert "[hacking](#)" not in table.stdout and "losses from hacking networks" in table.stdout
    csv_out = runner.invoke(app, [*query, "--format", "csv"])
    assert "losses from [hacking](#) networks" in csv_out.stdout


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("losses from [hacking](#) networks", "losses from hacking networks"),
        ("a **bold** and _quiet_ claim", "a bold and quiet claim"),
        ("see <a href='x'>the report</a> &amp; more", "see the report & more"),
        ("no markup: 5 * 3 = 15, snake_case_name", "no markup: 5 * 3 = 15, snake_case_name"),
        ("![chart](img.png) rose", "chart rose"),
        ("line<br/>break", "line break"),
    ],
)
def test_display_text_removes_markup_only(raw, shown):
    from kg.display import display_text

    assert display_text(raw) == shown
