"""`kg graph` and `kg analyze` end to end on the seed's gold ClaimSet in a real on-disk store:
output formats and file names, graph files that other tools read with names and unique ids,
filters, the picture as SVG, the interactive page's file, and analyses that tell actors apart."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.helpers import SEED_GOLD

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def seed_store(tmp_path, monkeypatch, runner):
    path = tmp_path / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    monkeypatch.delenv("KG_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["load", str(SEED_GOLD)])
    assert result.exit_code == 0, result.output
    return path


def test_output_extension_decides_the_format_through_the_installed_command(seed_store, tmp_path):
    """Issue 13 item 5: `kg graph -o x.gexf` wrote a PNG."""
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([str(kg), "graph", "-o", "x.gexf"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    root = ET.parse(tmp_path / "x.gexf").getroot()
    assert root.tag == f"{GEXF}gexf"
    labels = {node.get("label") for node in root.iter(f"{GEXF}node")}
    assert "Liu Zhengrong" in labels and not any(label.startswith("actor:") for label in labels)


def test_format_decides_the_default_file_name(seed_store, tmp_path, runner):
    """Issue 13 item 5: `-f graphml` without -o wrote GraphML into who-said-what.png."""
    result = runner.invoke(app, ["graph", "actor-network", "-f", "graphml"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "who-said-what.png").exists()
    back = nx.read_graphml(tmp_path / "actor-network.graphml")
    assert back.nodes["actor:Person:Liu Zhengrong"]["label"] == "Liu Zhengrong"

    result = runner.invoke(app, ["graph"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "who-said-what.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "args", [["-f", "png", "-o", "x.gexf"], ["-f", "graphml", "-o", "x.html"], ["-o", "x.unknown"], ["-o", "x.ttl"]]
)
def test_contradicting_or_unknown_formats_are_usage_errors(seed_store, tmp_path, runner, args):
    result = runner.invoke(app, ["graph", *args])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message.startswith("kg: ") and "\n" not in message and "Traceback" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


@pytest.mark.parametrize(
    "args,choices",
    [
        (["graph", "-f", "dot"], "'png', 'svg', 'html', 'graphml', 'gexf', 'json'"),
        (["graph", "who-said-whom"], "'who-said-what', 'actor-network'"),
        (["graph", "--level", "person"], "'actor', 'entity'"),
        (["analyze", "--sort", "fame"], "'statements', 'degree', 'betweenness', 'pagerank', 'community'"),
    ],
)
def test_a_value_outside_the_choices_is_one_line_naming_them(seed_store, tmp_path, runner, args, choices):
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert message.startswith("kg: ") and "\n" not in message and "Traceback" not in message
    assert f"is not one of {choices}" in message and f"'kg {args[0]} --help'" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_graphml_has_unique_edge_ids_labels_and_typed_attributes(seed_store, tmp_path, runner):
    result = runner.invoke(app, ["graph", "-o", "g.graphml"])
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "g.graphml").getroot()
    keys = {k.get("id"): (k.get("attr.name"), k.get("attr.type"), k.get("for")) for k in root.iter(f"{GRAPHML}key")}
    edge_ids = [e.get("id") for e in root.iter(f"{GRAPHML}edge")]
    assert len(edge_ids) == len(set(edge_ids)) > 30 and None not in edge_ids
    types = {(name, kind): typ for name, typ, kind in keys.values()}
    assert types[("statements", "node")] in ("int", "long")
    assert types[("label", "node")] == "string" and types[("label", "edge")] == "string"
    label_key = next(k for k, (name, _, kind) in keys.items() if name == "label" and kind == "node")
    labels = [d.text for n in root.iter(f"{GRAPHML}node") for d in n if d.get("key") == label_key]
    assert len(labels) == len(list(root.iter(f"{GRAPHML}node")))  # every node has a label
    assert "Liu Zhengrong" in labels
    back = nx.read_graphml(tmp_path / "g.graphml")
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert relations == {"said", "mentions", "via", "to"}


def test_svg_picture_keeps_names_as_text(seed_store, tmp_path, runner):
    result = runner.invoke(app, ["graph", "-o", "g.svg"])
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "g.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Liu Zhengrong" in texts and "Wang Chen" in texts


def test_entity_ego_network_and_depth(seed_store, tmp_path, runner):
    result = runner.invoke(app, ["graph", "actor-network", "--entity", "wang chen", "-o", "wang.graphml"])
    assert result.exit_code == 0, result.output
    near = {d["label"] for _, d in nx.read_graphml(tmp_path / "wang.graphml").nodes(data=True)}
    assert "Wang Chen" in near and "China" in near and "Liu Zhengrong" not in near
    result = runner.invoke(app, ["graph", "actor-network", "--entity", "Wang Chen", "--depth", "2", "-o", "w2.graphml"])
    assert result.exit_code == 0, result.output
    further = {d["label"] for _, d in nx.read_graphml(tmp_path / "w2.graphml").nodes(data=True)}
    assert "Liu Zhengrong" in further and near < further  # Wang -> China <- Liu

    result = runner.invoke(app, ["graph", "--entity", "nobody at all", "-o", "x.graphml"])
    assert result.exit_code == 1 and "no actor named 'nobody at all'" in result.stderr
    result = runner.invoke(app, ["graph", "--entity", "Chinese", "-o", "x.graphml"])
    assert result.exit_code == 1 and "give the full name" in result.stderr


def test_article_filter(seed_store, tmp_path, runner):
    result = runner.invoke(app, ["graph", "--article", "china-cyber", "-o", "a.json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["graph", "--article", "no-such-article", "-o", "b.json"])
    assert result.exit_code == 1 and "kg query articles" in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_analyze_tells_actors_apart_and_finds_communities(seed_store, runner):
    result = runner.invoke(app, ["analyze", "--sort", "betweenness"])
    assert result.exit_code == 0, result.output
    rows = [line.split("│") for line in result.output.splitlines() if line.startswith("│")]
    betweenness = [float(row[4]) for row in rows]
    assert len(set(betweenness)) >= 3  # not 0.000 for everyone
    assert betweenness == sorted(betweenness, reverse=True)
    assert rows[0][1].strip() == "China"  # Liu's and Wang's statements meet at China
    assert {int(row[6]) for row in rows} == {1, 2}
    assert "2 Louvain communities" in result.output


def test_html_page_file_is_self_contained(seed_store, tmp_path, runner):
    result = runner.invoke(app, ["graph", "--format", "html", "-o", "page.html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "Liu Zhengrong" in html and "cytoscape" in html.lower()
    for fetch in ('src="http', "src='http", 'href="http', "@import", "url(http", '<link rel="stylesheet'):
        assert fetch not in html, fetch


def test_gephi_and_igraph_read_the_files_with_names(seed_store, tmp_path, runner):
    import warnings

    import igraph

    assert runner.invoke(app, ["graph", "-o", "g.gexf"]).exit_code == 0
    graph = ET.parse(tmp_path / "g.gexf").getroot().find(f"{GEXF}graph")
    assert graph.get("mode") != "dynamic"  # a "start" attribute would make Gephi read a timeline
    titles = {a.get("title") for a in graph.iter(f"{GEXF}attribute")}
    assert {"offset", "statements", "relation"} <= titles and "start" not in titles

    assert runner.invoke(app, ["graph", "-o", "g.graphml"]).exit_code == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph warns about a clash of edge ids
        ig = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert "Liu Zhengrong" in ig.vs["label"]
    assert len(set(ig.es["edge_id"])) == ig.ecount() and set(ig.es["relation"]) == {"said", "mentions", "via", "to"}


def test_entity_level_follows_the_curation(seed_store, tmp_path, runner):
    """`kg entities merge` makes one entity of two; --level entity draws one node for it,
    --level actor still two (merged by name and type only)."""
    result = runner.invoke(app, ["entities", "merge", "China", "Government of China"])
    assert result.exit_code == 0, result.output
    for level, expected in (("entity", 1), ("actor", 2)):
        out = tmp_path / f"{level}.graphml"
        result = runner.invoke(app, ["graph", "actor-network", "--level", level, "-o", str(out)])
        assert result.exit_code == 0, result.output
        labels = [d["label"] for _, d in nx.read_graphml(out).nodes(data=True)]
        assert sum(label in ("China", "Government of China") for label in labels) == expected, labels
    result = runner.invoke(app, ["analyze", "--level", "entity"])
    assert result.exit_code == 0, result.output
    rows = [line.split("│")[1].strip() for line in result.output.splitlines() if line.startswith("│")]
    assert sum(name in ("China", "Government of China") for name in rows) == 1, rows
