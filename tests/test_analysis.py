"""Who-said-what networks from the store, their files, centrality and the picture."""

from __future__ import annotations

import json
import struct

import networkx as nx
import pytest

from kg.analysis import (
    _pagerank,
    actor_network,
    actor_node_id,
    centrality,
    who_said_what_graph,
)
from kg.errors import KGError
from kg.graph_files import write_graph
from tests.backends import BACKENDS, open_backend
from tests.test_queries import fill

LIU = actor_node_id("Liu Zhengrong", "Person")
CHINA = actor_node_id("China", "Country")
GOOGLE = actor_node_id("Google", "Organization")
CLINTON = actor_node_id("Hillary Clinton", "Person")
REUTERS = actor_node_id("Reuters", "Organization")
EASTWEST = actor_node_id("EastWest Institute", "Organization")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    st = open_backend(request.param, tmp_path, request)
    fill(st)
    yield st
    st.close()


@pytest.fixture
def empty_store(tmp_path):
    st = open_backend("memory", tmp_path)
    yield st
    st.close()


def _relations(G: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, _, key in G.edges(keys=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_who_said_what_graph_counts(store):
    G = who_said_what_graph(store)
    actors = [n for n, d in G.nodes(data=True) if d["kind"] == "actor"]
    statements = [n for n, d in G.nodes(data=True) if d["kind"] == "statement"]
    # 10 actors in RDF (6 + 4), 7 once Liu, China and Google are merged across the two articles.
    assert len(actors) == 7
    assert len(statements) == 5
    assert _relations(G) == {"said": 5, "mentions": 4, "via": 1, "to": 1}
    assert G.nodes[LIU] == {"kind": "actor", "name": "Liu Zhengrong", "type": "Person",
                            "statements": 3, "mentioned": 0, "articles": 2}
    assert G.nodes[CHINA]["mentioned"] == 3
    said = sorted(G.nodes[s]["text"] for _, s, k in G.out_edges(LIU, keys=True) if k == "said")
    assert said == ["China is a major victim of hacking,", "China opposes cyberattacks",
                    "Google must obey Chinese law"]
    relayed = next(s for s, _, k in G.in_edges(REUTERS, keys=True) if k == "via")
    assert G.nodes[relayed]["text"] == "attacks rose 20 percent in 2009"
    assert G.nodes[relayed]["article"] == "art-a" and G.nodes[relayed]["statement_kind"] == "indirect"
    told = next(s for s, _, k in G.in_edges(EASTWEST, keys=True) if k == "to")
    assert G.nodes[told]["start"] == 105


def test_actor_network_weights(store):
    net = actor_network(store)
    assert isinstance(net, nx.DiGraph) and not net.is_multigraph()
    assert {(u, v): d["weight"] for u, v, d in net.edges(data=True)} == {
        (LIU, CHINA): 2,
        (LIU, GOOGLE): 1,
        (CLINTON, CHINA): 1,
    }
    assert set(net) == {LIU, CHINA, GOOGLE, CLINTON}  # actors that neither speak nor are mentioned are left out


def test_centrality(store):
    rows = centrality(store)
    assert [r.name for r in rows][0] == "China"  # talked about most
    by_name = {r.name: r for r in rows}
    assert (by_name["Liu Zhengrong"].statements, by_name["Liu Zhengrong"].degree) == (3, 2)
    assert (by_name["China"].mentioned, by_name["China"].degree) == (3, 2)
    assert sum(r.pagerank for r in rows) == pytest.approx(1.0)
    assert all(0.0 <= r.betweenness <= 1.0 for r in rows)
    pageranks = [r.pagerank for r in rows]
    assert pageranks == sorted(pageranks, reverse=True)


def test_pagerank_matches_the_definition():
    # A star pointing at its centre: the centre holds the most rank; weights shift rank.
    G = nx.DiGraph()
    G.add_edge("a", "hub", weight=1)
    G.add_edge("b", "hub", weight=1)
    G.add_edge("c", "hub", weight=3)
    G.add_edge("c", "b", weight=1)
    rank = _pagerank(G)
    assert sum(rank.values()) == pytest.approx(1.0)
    assert rank["hub"] > rank["b"] > rank["a"] == pytest.approx(rank["c"])


def test_empty_store_gives_empty_graphs(empty_store, tmp_path):
    G = who_said_what_graph(empty_store)
    assert G.number_of_nodes() == 0
    assert centrality(empty_store) == []
    from kg.render import render_png

    path = render_png(G, tmp_path / "empty.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("kind", ["who-said-what", "actor-network"])
def test_graph_files_read_back(store, tmp_path, fmt, kind):
    G = who_said_what_graph(store) if kind == "who-said-what" else actor_network(store)
    path = tmp_path / f"graph.{fmt}"
    assert write_graph(G, path, fmt) == path
    if fmt == "graphml":
        back = nx.read_graphml(path)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    else:
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert back.is_directed()
    name_of = {str(n): d.get("name") or d.get("label") for n, d in back.nodes(data=True)}
    assert name_of[LIU] == "Liu Zhengrong"
    assert not list(tmp_path.glob("*.part"))


def test_write_graph_errors(tmp_path):
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(KGError, match="unknown graph format 'dot'; use graphml, gexf, json"):
        write_graph(G, tmp_path / "g.dot", "dot")
    with pytest.raises(KGError, match="cannot write the graph"):
        write_graph(G, tmp_path / "no-such-dir" / "g.graphml", "graphml")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", ["who-said-what", "actor-network"])
def test_png_is_written(store, tmp_path, kind):
    from kg.render import render_png

    G = who_said_what_graph(store) if kind == "who-said-what" else actor_network(store)
    path = render_png(G, tmp_path / "picture.png", title=f"Who said what ({kind})")
    data = path.read_bytes()
    width, height = _png_size(data)
    assert 1200 <= width <= 4000 and 400 <= height <= 4000
    assert len(data) > 20_000  # lines, dots and labels, not a blank canvas
    import matplotlib.image

    pixels = matplotlib.image.imread(path)
    assert pixels.shape[:2] == (height, width)
    assert pixels[..., :3].std() > 0.05  # something is drawn
    assert not list(tmp_path.glob("*.part*"))


def test_png_to_unwritable_place(store, tmp_path):
    from kg.render import render_png

    with pytest.raises(KGError, match="cannot write the picture"):
        render_png(who_said_what_graph(store), tmp_path / "missing" / "x.png")


def test_seed_gold_network_and_picture(tmp_path):
    """The hand-made gold ClaimSet of the seed article, end to end through the store."""
    from kg.claimfile import load_claimset
    from kg.queries import run_query
    from kg.rdf_mapping import claimset_to_graph
    from kg.render import render_png
    from tests.helpers import SEED_GOLD

    claims = load_claimset(SEED_GOLD)
    st = open_backend("memory", tmp_path)
    st.put_article(*claimset_to_graph(claims))
    rows = run_query(st, "who-said-what", {}).rows
    assert len(rows) == len(claims.statements)
    speakers = [claims.actor(s.speaker).name for s in claims.statements if s.speaker]
    assert max(set(speakers), key=speakers.count) == "Liu Zhengrong"
    G = who_said_what_graph(st)
    said = [n for n, d in G.nodes(data=True) if d["kind"] == "actor" and d["statements"]]
    assert {G.nodes[n]["name"] for n in said} == set(speakers)
    path = render_png(G, tmp_path / "seed.png", title="Who said what: seed")
    width, height = _png_size(path.read_bytes())
    assert width >= 1500 and height >= 600  # room for every speaker and actor label
