"""Crash safety of the on-disk store: a writer killed with SIGKILL at random moments while it
replaces (and deletes) large article graphs leaves every named graph exactly as the last
finished write left it, or as the write in progress would have: old or new, never half,
and nothing a finished write stored is lost.

Every graph carries a marker triple `<graph> kgo:tripleCount N` where N is the number of
triples of that version including the marker, so a complete graph is recognisable: its
triple count equals its marker and the marker is one of the versions the writer puts."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

from rdflib import Literal, URIRef

from kg.store import open_store

SIZES = (2500, 4000, 6000)  # triples per version, marker included
ARTICLES = 3
KILLS = 6

WRITER = """
    import random, sys
    from rdflib import Graph, Literal, Namespace, URIRef
    from kg.store import open_store

    KGO = Namespace("https://w3id.org/kg-news/ns#")
    path, seed = sys.argv[1], int(sys.argv[2])
    sizes = [int(n) for n in sys.argv[3].split(",")]
    articles = int(sys.argv[4])
    rng = random.Random(seed)

    def version(article, size, salt):
        iri = URIRef(f"https://w3id.org/kg-news/id/graph/crash-{article}")
        g = Graph()
        g.add((iri, KGO.tripleCount, Literal(size)))
        for i in range(size - 1):
            node = URIRef(f"https://w3id.org/kg-news/id/article/crash-{article}/n{i % 400}")
            g.add((node, KGO[f"p{i % 9}"], Literal(f"value {i} of version {size}/{salt} with some words")))
        return iri, g

    versions = [[version(a, size, seed) for size in sizes] for a in range(articles)]
    with open_store(path) as store:
        print("ready", flush=True)
        while True:
            article = rng.randrange(articles)
            iri, graph = rng.choice(versions[article])
            if rng.random() < 0.15:
                print("begin", article, 0, flush=True)
                store.delete_article(iri)
            else:
                print("begin", article, len(graph), flush=True)
                store.put_article(iri, graph)
            print("end", flush=True)
"""


def check_complete(path: str) -> dict[str, int]:
    """Open the store as the next writer would and check every graph is whole."""
    counts = {}
    with open_store(path) as store:
        for iri in store.article_graphs():
            rows = list(
                store.query(
                    "SELECT ?marker (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    "OPTIONAL { GRAPH ?g { ?g <https://w3id.org/kg-news/ns#tripleCount> ?marker } } } "
                    "GROUP BY ?marker",
                    bindings={"g": iri},
                )
            )
            assert len(rows) == 1, f"{iri}: several or no markers {rows} (two versions mixed)"
            marker, n = rows[0]
            assert marker is not None, f"{iri}: {int(n)} triples without the marker (half written)"
            assert int(marker) in SIZES, f"{iri}: unknown version {marker}"
            assert int(n) == int(marker), f"{iri}: {int(n)} triples but the version has {int(marker)}"
            counts[str(iri)] = int(n)
    return counts


def article_of(iri: str) -> int:
    return int(iri.rsplit("-", 1)[1])


def test_sigkill_during_writes_leaves_only_whole_graphs(tmp_path):
    path = str(tmp_path / "store")
    rng = random.Random(20101)
    expected = dict.fromkeys(range(ARTICLES), 0)  # article -> size of its stored version, 0 = absent
    killed_mid_write = 0
    for round_ in range(KILLS):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(WRITER),
                path,
                str(round_),
                ",".join(str(n) for n in SIZES),
                str(ARTICLES),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        # read through the same buffered pipe readline() used (communicate() would skip
        # what readline() had already buffered)
        out, err = proc.stdout.read(), proc.stderr.read()
        assert proc.wait(timeout=30) == -signal.SIGKILL, err
        in_flight = None
        for line in out.splitlines():
            if line.startswith("begin"):
                _, article, size = line.split()
                in_flight = (int(article), int(size))
            elif line == "end" and in_flight:
                expected[in_flight[0]] = in_flight[1]
                in_flight = None
        actual = dict.fromkeys(range(ARTICLES), 0)
        actual.update({article_of(iri): n for iri, n in check_complete(path).items()})
        for article, size in actual.items():
            allowed = {expected[article]}
            if in_flight and in_flight[0] == article:
                allowed.add(in_flight[1])
            assert size in allowed, f"round {round_}: article {article} holds version {size}, expected one of {allowed}; writer said {out!r}"
        if in_flight:
            killed_mid_write += 1
            expected[in_flight[0]] = actual[in_flight[0]]
    # The writer spends most of its time inside put_article, so most kills land mid-write;
    # if none did, the test proved nothing.
    assert killed_mid_write >= 1, f"no kill landed inside a write in {KILLS} rounds"
    assert any(expected.values()), "the writer never completed a write"


def test_marker_check_catches_a_half_written_graph(tmp_path):
    # The checker above must be able to fail: build the damage it looks for by hand.
    from rdflib import Graph

    path = str(tmp_path / "store")
    iri = URIRef("https://w3id.org/kg-news/id/graph/crash-0")
    g = Graph()
    g.add((iri, URIRef("https://w3id.org/kg-news/ns#tripleCount"), Literal(SIZES[0])))
    for i in range(10):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    with open_store(path) as store:
        store.put_article(iri, g)
    try:
        check_complete(path)
    except AssertionError as exc:
        assert "11 triples but the version has 2500" in str(exc)
    else:
        raise AssertionError("a graph with 11 of 2500 triples passed the completeness check")
