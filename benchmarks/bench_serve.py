"""How fast `kg serve` answers, page by page, on a real store.

    .venv/bin/python benchmarks/bench_serve.py --store STORE

Starts the real `kg serve` on a free loopback port (its start-up, which reads the store once,
is timed too), then requests every kind of page: the overview, the lists, the pages of the
ten busiest speakers and of ten articles, searches, the graph, downloads and /sparql queries.
Each URL three times; prints the slowest and the median answer per kind of page. The first
request of the run, to /sparql with a trivial ASK, is the reference for the machine's load.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

SELECT = """PREFIX schema: <https://schema.org/>
SELECT ?name (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a schema:Person ; schema:name ?name } }
GROUP BY ?name ORDER BY DESC(?n) LIMIT 20"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    port = free_port()
    kg = Path(sys.executable).with_name("kg")
    t = time.perf_counter()
    proc = subprocess.Popen(
        [str(kg), "serve", "--store", args.store, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(3000):
                try:
                    client.get("/sparql", params={"query": "ASK {}"})
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            print(f"start-up (reads the store once): {time.perf_counter() - t:.1f} s")
            speakers = client.get("/speakers", params={"format": "json"}).json()[:10]
            articles = client.get("/articles", params={"format": "json"}).json()
            picked = articles[:: max(1, len(articles) // 10)][:10]
            pages = {
                "sparql ASK (reference)": ["/sparql?query=" + quote("ASK {}")],
                "overview": ["/"],
                "articles list": ["/articles"],
                "speakers list": ["/speakers"],
                "speaker page": [f"/actor/{quote(s['type'])}/{quote(s['name'], safe='')}" for s in speakers],
                "article page": [f"/article/{quote(a['id'], safe='')}" for a in picked],
                "search": ["/search?q=" + quote(q) for q in ("blair", "minister", "said the", "x")],
                "graph page": ["/graph"],
                "download csv": ["/speakers?format=csv", "/articles?format=csv"],
                "sparql select": ["/sparql?query=" + quote(SELECT)],
            }
            print(f"{'page':24} {'urls':>4} {'median s':>9} {'max s':>7}")
            for name, urls in pages.items():
                times = []
                for url in urls:
                    for _ in range(3):
                        t = time.perf_counter()
                        answer = client.get(url)
                        times.append(time.perf_counter() - t)
                        if answer.status_code != 200:
                            raise SystemExit(f"{url}: HTTP {answer.status_code} {answer.text[:200]}")
                print(f"{name:24} {len(urls):>4} {statistics.median(times):>9.3f} {max(times):>7.3f}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
