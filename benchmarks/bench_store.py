"""Store figures: article writes, reads, export and a query, per backend.

    .venv/bin/python benchmarks/bench_store.py [--articles 200] [--triples 600]

Starts its own `oxigraph serve` on a free loopback port for the http backend. Prints one
line per backend and step; it asserts nothing (tests assert behaviour, this prints figures).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_store import start_server, stop_server

from kg.store import open_store

KGO = Namespace("https://w3id.org/kg-news/ns#")
KGR = Namespace("https://w3id.org/kg-news/id/")


def article(i: int, triples: int) -> tuple[URIRef, Graph]:
    g = Graph()
    art = KGR[f"article/a{i}"]
    g.add((art, KGO.articleId, Literal(f"a{i}")))
    for j in range(triples - 1):
        node = URIRef(f"{art}/statement/s{j // 6}")
        if j % 6 == 5:
            g.add((node, KGO.comparison, BNode()))
        else:
            g.add((node, KGO[f"p{j % 6}"], Literal(f"text {j} of article {i}")))
    return KGR[f"graph/a{i}"], g


def bench(spec: str, graphs: list[tuple[URIRef, Graph]]) -> None:
    name = spec if spec.startswith(("memory", "http")) else "disk"
    with open_store(spec) as store:
        t = time.perf_counter()
        for iri, g in graphs:
            store.put_article(iri, g)
        put = time.perf_counter() - t
        quads = store.quad_count()
        t = time.perf_counter()
        for iri, g in graphs[:20]:
            store.put_article(iri, g)
        replace = (time.perf_counter() - t) / min(20, len(graphs))
        t = time.perf_counter()
        for iri, _ in graphs[:20]:
            store.get_graph(iri)
        get = (time.perf_counter() - t) / min(20, len(graphs))
        t = time.perf_counter()
        rows = list(store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
        query = time.perf_counter() - t
        t = time.perf_counter()
        store.serialize("nquads")
        export = time.perf_counter() - t
        t = time.perf_counter()
        store.dataset()
        dataset = time.perf_counter() - t
    print(
        f"{name:8} {len(graphs)} articles, {quads} quads: put {len(graphs) / put:7.1f} articles/s "
        f"({quads / put:8.0f} quads/s), replace {replace * 1000:6.1f} ms, get_graph {get * 1000:6.1f} ms, "
        f"count-per-graph query {query * 1000:6.1f} ms ({len(rows)} rows), nquads export {export:5.2f} s, "
        f"dataset() {dataset:5.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--triples", type=int, default=600)
    args = parser.parse_args()
    graphs = [article(i, args.triples) for i in range(args.articles)]
    with tempfile.TemporaryDirectory() as tmp:
        bench("memory:", graphs)
        bench(str(Path(tmp) / "store"), graphs)
        proc, url = start_server(Path(tmp) / "server")
        try:
            bench(url, graphs)
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
