"""The Store interface every backend implements, and what they share (export, dataset view)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.choices import ExportFormat, values
from kg.errors import StoreError
from kg.vocab import KGR_IRI, PREFIXES, bind_prefixes  # one prefix list for the whole project

if TYPE_CHECKING:
    import rdflib
    import rdflib.query
    from rdflib import URIRef
    from rdflib.term import Node

EXPORT_FORMATS = values(ExportFormat)

# Named graphs that are not articles: the entity curation graph (kg.entities.curation) and
# the machine's surname decisions (kg.entities.resolution).
CURATION_GRAPH_IRI = KGR_IRI + "curation"
NOT_ARTICLE_GRAPHS = frozenset({CURATION_GRAPH_IRI, KGR_IRI + "resolution"})


def is_article_graph(graph_iri: object) -> bool:
    return str(graph_iri) not in NOT_ARTICLE_GRAPHS


@dataclass(frozen=True)
class SerializedArticle:
    """One article graph ready to store: made (and checked) by a worker, written as is.

    `ntriples` holds the graph's triples as N-Triples (UTF-8, blank nodes already given
    store-wide unique labels); `replaces` names older graphs of the same source that the
    same transaction removes (an edited file replaces its earlier version)."""

    graph_iri: str
    ntriples: bytes
    replaces: tuple[str, ...] = ()


class Store(ABC):
    """One RDF dataset holding one named graph per article.

    Capabilities are declared as class attributes (rdflib style) so callers can ask instead
    of guessing: `atomic_put` (put_article is all or nothing), `persistent` (data outlives
    the process), `shared` (other processes can use it at the same time)."""

    backend: str = ""
    atomic_put: bool = True
    persistent: bool = True
    shared: bool = False

    def __init__(self, spec: str, read_only: bool = False) -> None:
        self.spec = spec
        self.read_only = read_only
        self.closed = False

    # --- writes -------------------------------------------------------------------------
    @abstractmethod
    def put_article(self, graph_iri: URIRef, graph: rdflib.Graph) -> None:
        """Replace the named graph `graph_iri` by the triples of `graph`, all or nothing."""

    # How many articles put_articles writes in one transaction (BatchWriter's batch size):
    # 1 where each article is its own transaction, so a failure report stays exact; and how
    # long the oldest article of a batch may wait for it to fill (progress stays visible).
    batch_articles: int = 1
    batch_seconds: float = 2.0

    def put_articles(self, articles: Sequence[SerializedArticle]) -> None:
        """Store several serialized articles, each replacing its named graph (and the graphs it
        `replaces`). Every article is all or nothing; backends that can write the whole batch
        in one transaction do (fewer commits: the batch is the unit of speed, the article the
        unit of safety)."""
        for article in articles:
            self._put_serialized(article)

    def _put_serialized(self, article: SerializedArticle) -> None:
        from rdflib import URIRef

        from kg.store.terms import graph_from_ntriples

        for old in article.replaces:
            self.delete_article(URIRef(old))
        self.put_article(URIRef(article.graph_iri), graph_from_ntriples(article.ntriples))

    def bulk_load_articles(
        self, files: Sequence[Path], listing: Path, on_stored: Callable[[str], None] | None = None
    ) -> None:
        """Store every article graph of checked N-Quads/TriG exports (kg.ingest.restore),
        replacing graphs of the same name. `listing` names them, one "graph IRI<TAB>id" line
        each. This default writes one article at a time (a remote store: one Graph Store
        Protocol PUT each); the embedded store overrides it with its bulk loader."""
        from kg.ingest.restore import serialized_articles

        batch: list[tuple[str, SerializedArticle]] = []

        def flush() -> None:
            self.put_articles([article for _, article in batch])
            for article_id, _ in batch:
                if on_stored:
                    on_stored(article_id)
            batch.clear()

        for path in files:
            for article_id, article in serialized_articles(path):
                batch.append((article_id, article))
                if len(batch) >= 64:
                    flush()
        flush()
        self._add_curation(files)

    def _add_curation(self, files: Sequence[Path]) -> None:
        """A person's entity curation travels with an export: its triples are added to the
        store's own curation graph, as the embedded bulk loader does (the machine's surname
        decisions are not: `kg load` recomputes them)."""
        from rdflib import URIRef

        from kg.ingest.restore import corpus_graphs

        curation = URIRef(CURATION_GRAPH_IRI)
        for path in files:
            for name, graph in corpus_graphs(path):
                if name == CURATION_GRAPH_IRI:
                    mine = self.get_graph(curation)
                    for triple in graph:
                        mine.add(triple)
                    self.put_article(curation, mine)

    def flush(self) -> None:
        """Put what the store still holds in memory or in logs into its files (the end of a
        large write); nothing to do for stores that manage this themselves."""
        return None  # a deliberate default, not an abstract method: remote stores flush themselves

    def compact(self) -> None:
        """Merge the store's files after many small writes (`kg optimize`); nothing to do for
        stores that manage this themselves."""
        return None  # a deliberate default, not an abstract method: remote stores compact themselves

    @abstractmethod
    def delete_article(self, graph_iri: URIRef) -> bool:
        """Remove a named graph; True if it held any triple."""

    # --- reads --------------------------------------------------------------------------
    @abstractmethod
    def article_graphs(self) -> list[URIRef]:
        """IRIs of the named graphs holding at least one triple, sorted (the curation graph,
        which is not an article, left out)."""

    @abstractmethod
    def get_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        """A copy of one named graph's triples (empty if absent)."""

    def stream_rows(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> tuple[list[str], Iterator[list[Node | None]]] | None:
        """A SELECT query's columns and its rows, or a CONSTRUCT/DESCRIBE's triples as rows
        (subject, predicate, object), as the engine yields them (nothing held); None where the
        store cannot stream or the query is an ASK (then use query())."""
        return None  # a deliberate default: streaming is an optimisation of query()

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        union: bool = False,
        max_rows: int | None = None,
    ) -> rdflib.query.Result:
        """Run a SPARQL query; `bindings` give variables a value (see kg.store.params).

        With `union`, the query's default graph is the union of all graphs, so patterns
        outside GRAPH see every article (what `kg query` does); GRAPH still names one.
        With `max_rows`, at most that many rows (or triples) are read from the engine."""

    @abstractmethod
    def quad_count(self) -> int:
        """Number of quads in the store (all graphs)."""

    @abstractmethod
    def _ox_quads(self) -> Iterator[Any]:
        """Every quad as pyoxigraph Quads (the basis of dataset() and serialize())."""

    def close(self) -> None:
        self.closed = True

    # --- shared -------------------------------------------------------------------------
    def dataset(self) -> rdflib.Dataset:
        """A snapshot of the whole store as an in-memory rdflib Dataset (export, analysis).

        A copy taken now: later writes to the store do not show in it. Plain rdflib (not an
        oxrdflib view) on purpose: oxrdflib returns plain literals as ^^xsd:string, which
        would not compare equal to the Literal("...") the rest of the code makes. Building it
        costs about 10 s per million quads; for big stores prefer Store.query."""
        import rdflib

        from kg.store.terms import iter_rdflib_quads

        dataset = rdflib.Dataset()
        bind_prefixes(dataset)
        contexts: dict[Any, rdflib.Graph] = {}
        default = dataset.default_graph

        def quads() -> Iterator[Any]:
            for s, p, o, g in iter_rdflib_quads(self._ox_quads()):
                if g is None:
                    yield s, p, o, default
                    continue
                if g not in contexts:
                    contexts[g] = dataset.graph(g)
                yield s, p, o, contexts[g]

        dataset.addN(quads())
        return dataset

    def serialize(self, fmt: str) -> bytes:
        """The store as bytes: trig, nquads and jsonld keep the named graphs; turtle and
        ntriples write the union of all graphs (a triple in two graphs is written once)."""
        import pyoxigraph as ox

        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        if fmt not in formats:
            raise StoreError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
        quads: Any = self._ox_quads()
        if fmt in ("turtle", "ntriples"):
            quads = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        prefixes = None if fmt in ("ntriples", "nquads") else PREFIXES
        data = ox.serialize(list(quads), format=formats[fmt], prefixes=prefixes)
        assert data is not None  # bytes when no output file is given
        return data

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = " read-only" if self.read_only else ""
        return f"<{type(self).__name__} {self.spec!r}{mode}>"

    def _check_writable(self, what: str) -> None:
        self._check_open()
        if self.read_only:
            raise StoreError(f"store {self.spec} was opened read-only; cannot {what} (open it without read_only)")

    def _check_open(self) -> None:
        if self.closed:
            raise StoreError(f"store {self.spec} is closed; open it again with kg.store.open_store")
