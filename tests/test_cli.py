"""The command line end to end, on a real on-disk store, through the real `kg` entry point."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.helpers import ROOT, SEED_GOLD



def _command_names() -> list[str]:
    """Every command as the app registers it, groups with their commands (`entities merge`)."""
    import typer.main

    names = []
    for name, command in typer.main.get_command(app).commands.items():
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return names


COMMANDS = _command_names()


def test_the_command_list_is_complete():
    assert {"load", "extract", "ingest", "optimize", "delete", "query", "queries", "export", "stats",
            "validate", "graph", "serve", "analyze", "eval", "demo", "entities", "entities merge"} <= set(COMMANDS)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def store(tmp_path, monkeypatch):
    path = tmp_path / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    monkeypatch.delenv("KG_DEBUG", raising=False)
    return path


@pytest.fixture()
def loaded(runner, store):
    result = runner.invoke(app, ["load", str(SEED_GOLD)])
    assert result.exit_code == 0, result.output
    return store


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output
        summary = result.output.split("Usage", 1)[1]
        assert len(summary.strip()) > 40, f"kg {name} has no help text"
        assert f"kg {name}" in readme, f"kg {name} is not documented in README.md"


def test_load_query_export_validate_delete(runner, loaded):
    result = runner.invoke(app, ["query", "who-said-what", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Liu Zhengrong" in result.output
    assert "Wang Chen" in result.output

    result = runner.invoke(app, ["query", "statements-by-speaker", "--param", "speaker=liu zhengrong", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    assert len(rows) == 13
    assert {row["name"]["value"] for row in rows} == {"Liu Zhengrong"}

    result = runner.invoke(app, ["export", "--format", "turtle"])
    assert result.exit_code == 0, result.output
    import pyoxigraph

    triples = list(pyoxigraph.parse(result.stdout.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) > 500

    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conform" in result.output

    stats = runner.invoke(app, ["stats"])
    assert re.search(r"articles\s+1", stats.output), stats.output

    result = runner.invoke(app, ["delete", "china-cybersecurity-2010"])
    assert result.exit_code == 0, result.output
    stats = runner.invoke(app, ["stats"])
    assert re.search(r"articles\s+0", stats.output), stats.output


def test_a_query_with_or_without_graph_finds_the_same(runner, loaded):
    plain = runner.invoke(app, ["query", "SELECT ?s WHERE { ?s a <https://schema.org/Person> }", "-f", "csv"])
    assert plain.exit_code == 0 and "liu" in plain.stdout
    graph = runner.invoke(app, ["query", "SELECT ?s WHERE { GRAPH ?g { ?s a <https://schema.org/Person> } }", "-f", "csv"])
    assert graph.exit_code == 0
    assert sorted(graph.stdout.splitlines()) == sorted(plain.stdout.splitlines())


def test_loading_twice_gives_the_same_store(runner, loaded):
    first = runner.invoke(app, ["export", "--format", "nquads"]).stdout
    assert runner.invoke(app, ["load", str(SEED_GOLD)]).exit_code == 0
    second = runner.invoke(app, ["export", "--format", "nquads"]).stdout
    assert sorted(first.splitlines()) == sorted(second.splitlines())


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "ntriples", "jsonld"])
def test_export_formats_parse(runner, loaded, tmp_path, fmt):
    """Every format carries the same triples as the N-Quads export (the reference), and the
    formats with named graphs the same graphs."""
    import rdflib

    reference = rdflib.Dataset()
    reference.parse(data=runner.invoke(app, ["export", "--format", "nquads"]).stdout, format="nquads")
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset()
    dataset.parse(out, format={"turtle": "turtle", "trig": "trig", "nquads": "nquads",
                               "ntriples": "nt", "jsonld": "json-ld"}[fmt])

    def triples(ds):
        return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}

    expected = triples(reference)
    assert len(expected) > 500  # the seed gold: 16 statements, their spans, actors, statistics
    assert triples(dataset) == expected
    if fmt in ("trig", "nquads", "jsonld"):
        def graphs(ds):
            return {g for *_, g in ds.quads((None, None, None, None))}

        assert graphs(dataset) == graphs(reference)


@pytest.mark.parametrize(
    "args,words",
    [
        (["query", "SELECT * WHERE { ?s ?p }"], ["line", "column"]),
        (["query", "no-such-query"], ["who-said-what"]),
        (["query", "statements-by-speaker"], ["speaker"]),
        (["query", "who-said-what", "--param", "colour=red"], ["colour"]),
        (["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], ["kg load"]),
        (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"], ["--allow-service"]),
        (["delete", "no-such-article"], ["no-such-article"]),
        (["export", "--format", "rdfxml-ish"], ["turtle"]),
        (["export", "--format", "trig", "-o", "/proc/no-such-dir/x.trig"], ["/proc/no-such-dir"]),
    ],
)
def test_user_errors_are_one_line(runner, loaded, args, words):
    before = runner.invoke(app, ["export", "--format", "nquads"]).stdout
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, (word, message)
    assert runner.invoke(app, ["export", "--format", "nquads"]).stdout == before


def test_graph_and_analyze(runner, loaded, tmp_path):
    import networkx as nx

    for fmt in ("graphml", "gexf", "json"):
        out = tmp_path / f"g.{fmt}"
        result = runner.invoke(app, ["graph", "who-said-what", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    graph = nx.read_graphml(tmp_path / "g.graphml")
    names = {data.get("name") for _, data in graph.nodes(data=True)}
    assert "Liu Zhengrong" in names

    png = tmp_path / "g.png"
    result = runner.invoke(app, ["graph", "who-said-what", "--format", "png", "-o", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    result = runner.invoke(app, ["analyze"])
    assert result.exit_code == 0, result.output
    first_row = next(line for line in result.output.splitlines() if "Liu" in line or "Wang" in line)
    assert "Liu Zhengrong" in first_row


def test_usage_error_exits_2(runner):
    result = runner.invoke(app, ["load"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "kg: Missing argument 'files'. (see 'kg load --help')"


@pytest.mark.parametrize("args", [["--no-such-option"], ["no-such-command"], ["query", "q", "--no-such-option"]])
def test_usage_errors_are_one_line(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message.startswith("kg: ") and "\n" not in message and "--help" in message


def test_help_lists_the_choices_and_a_bare_group_shows_its_help(runner):
    wide = {"COLUMNS": "200"}
    assert "turtle|trig|nquads|ntriples|jsonld" in runner.invoke(app, ["export", "--help"], env=wide).output
    assert "statements|degree|betweenness|pagerank|community" in runner.invoke(app, ["analyze", "--help"], env=wide).output
    for bare in ([], ["entities"]):
        result = runner.invoke(app, bare)
        assert "Usage" in result.output and "Commands" in result.output


def test_the_readme_library_example_runs(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "-- Liu Zhengrong" in printed
    assert printed.count("Liu Zhengrong,") == 13
    assert "statements: 16" in printed  # the plain (no GRAPH) query sees the article


@pytest.mark.parametrize("gold_first", [False, True], ids=["empty store", "gold already loaded"])
def test_demo_end_to_end(runner, store, tmp_path, gold_first):
    import pyoxigraph
    import rdflib

    from kg.validate import validate_graph

    if gold_first:  # the same text under the gold's id must not hide the demo's extraction
        assert runner.invoke(app, ["load", str(SEED_GOLD)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Main speaker: Liu Zhengrong (13 statements)" in result.output
    assert result.output.count("Liu Zhengrong ") >= 13  # the who-said-what rows
    assert "quoted contents" in result.output

    turtle = (out / "seed.ttl").read_bytes()
    assert len(list(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))) > 500
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert validate_graph(graph).conforms
    assert (out / "who-said-what.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_extract_then_load_round_trip(runner, store, tmp_path, fmt):
    """The workflow of the design: kg extract writes a ClaimSet, a person edits it, kg load stores it."""
    out = tmp_path / f"seed.claims.{fmt}"
    result = runner.invoke(app, ["extract", str(ROOT / "seeds" / "china-cybersecurity-2010.txt"), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["load", str(out)])
    assert result.exit_code == 0, result.output
    assert "stored china-cybersecurity-2010-" in result.output


def test_eval_scores_the_seed_from_any_folder(runner, tmp_path, monkeypatch):
    """Issue 3's bar on the seed: every statement with the right speaker, every statistic right."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["eval", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    every = report["subsets"]["all attributions"]
    assert every["fn"] == 0 and every["speaker_accuracy"] == 1.0
    assert report["statistics"]["matched"] == report["statistics"]["gold"]
    assert report["statistics"]["value_accuracy"] == report["statistics"]["unit_accuracy"] == 1.0
