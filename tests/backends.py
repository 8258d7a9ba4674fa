"""The four engines every named query must work on: Oxigraph embedded in memory and on disk, a
real Oxigraph server over HTTP (the `server` fixture of conftest), and rdflib's own engine."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, URIRef


class DatasetStore:
    """rdflib's own SPARQL engine over a Dataset, as a second engine beside Oxigraph: a user may
    export the graph and query it with rdflib, and the named queries must work there too."""

    def __init__(self) -> None:
        self.ds = Dataset()

    def put_article(self, graph_iri: URIRef, graph) -> None:
        target = self.ds.graph(graph_iri)
        for triple in graph:
            target.add(triple)

    def query(self, sparql: str, bindings=None, timeout=None, union=False):
        self.ds.default_union = union  # rdflib's union default graph, as kg.store offers
        return self.ds.query(sparql, initBindings=bindings or {})

    def close(self) -> None:
        pass


# Every store backend (embedded in memory, on disk, a real Oxigraph server over HTTP) and rdflib.
BACKENDS = ["memory", "disk", "http", "rdflib"]


def open_backend(kind: str, tmp_path: Path, request=None):
    if kind == "rdflib":
        return DatasetStore()
    from kg.store import open_store

    if kind == "memory":
        return open_store("memory:")
    if kind == "disk":
        return open_store(str(tmp_path / "store"))
    from tests.helpers import clear_server

    url = request.getfixturevalue("server")
    clear_server(url)
    return open_store(url)
