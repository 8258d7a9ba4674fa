"""Do `kg graph`'s GraphML and GEXF files open in other tools with names and unique ids?

    .venv/bin/python benchmarks/check_graph_files.py --store STORE [--out DIR]

Writes both kinds of graph (who-said-what, actor-network) as GraphML and GEXF with the real
`kg graph` command, then reads each back with NetworkX, and with a second reader: igraph's
GraphML reader, and a plain XML parse of the GEXF (the format Gephi reads). Checks that every
node has a label that is not an internal id and that edge ids are unique; prints the counts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML_EDGE = "{http://graphml.graphdrawing.org/xmlns}edge"


def check_graphml(path: Path) -> str:
    import warnings

    import igraph
    import networkx as nx

    warnings.simplefilter("error")  # igraph only warns when edge ids clash
    G = nx.read_graphml(path)
    nx_labels = [d.get("label") for _, d in G.nodes(data=True)]
    ig = igraph.Graph.Read_GraphML(str(path))
    ig_labels = ig.vs["label"]
    ids = Counter(e.get("id") for e in ET.parse(path).getroot().iter(GRAPHML_EDGE))
    assert all(nx_labels) and all(ig_labels), "a node without a label"
    assert not any(label.startswith("actor:") for label in ig_labels), "an internal id as label"
    assert max(ids.values()) == 1 and None not in ids, "repeated or missing edge ids"
    assert ig.vcount() == G.number_of_nodes() and ig.ecount() == G.number_of_edges()
    assert len(set(ig.es["edge_id"])) == ig.ecount(), "igraph sees repeated edge ids"
    return (
        f"networkx {G.number_of_nodes()} nodes / {G.number_of_edges()} edges; igraph {ig.vcount()} / "
        f"{ig.ecount()}; {len(ids)} unique edge ids; e.g. {ig_labels[0]!r}"
    )


def check_gexf(path: Path) -> str:
    import networkx as nx

    G = nx.read_gexf(path)
    root = ET.parse(path).getroot()
    labels = [n.get("label") for n in root.iter(f"{GEXF}node")]
    ids = Counter(e.get("id") for e in root.iter(f"{GEXF}edge"))
    assert all(labels) and not any(label.startswith("actor:") for label in labels)
    assert max(ids.values()) == 1 and None not in ids
    assert len(labels) == G.number_of_nodes() and sum(ids.values()) == G.number_of_edges()
    return (
        f"networkx {G.number_of_nodes()} nodes / {G.number_of_edges()} edges; XML {len(labels)} labelled "
        f"nodes, {len(ids)} unique edge ids; e.g. {labels[0]!r}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for kind in ("who-said-what", "actor-network"):
            for ext, check in ((".graphml", check_graphml), (".gexf", check_gexf)):
                path = out / f"{kind}{ext}"
                t = time.perf_counter()
                subprocess.run(
                    [str(kg), "graph", kind, "-o", str(path), "--store", args.store], check=True, capture_output=True
                )
                written = time.perf_counter() - t
                print(f"{path.name:26} {path.stat().st_size / 1e6:6.1f} MB in {written:5.1f} s: {check(path)}")


if __name__ == "__main__":
    main()
