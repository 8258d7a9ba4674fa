"""`kg load` of an export (N-Quads or TriG): a streaming check, then the store's bulk path.

Pass 1 reads the file once, one article graph at a time, and checks each article the way the
store will need it: every triple inside an article graph, one article per graph named after
its id, the text's hash, and every span's quote equal to the text at its offsets. Nothing is
written unless the whole file passes (issue 14, item 9), and nothing is held but the article
being checked (issue 11: the old path built every ClaimSet of 2M quads in memory).
Pass 2 hands the file to the store: an embedded store bulk-loads it (pyoxigraph bulk_load,
Rust end to end), a remote store gets one Graph Store Protocol PUT per article.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.vocab import KGO, OA, RDF, SCHEMA

STREAMABLE = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}

# The terms the check reads, as pyoxigraph terms (compared quad by quad, so made once).
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_NEWS_ARTICLE = ox.NamedNode(str(SCHEMA.NewsArticle))
_TEXT = ox.NamedNode(str(SCHEMA.text))
_ARTICLE_ID = ox.NamedNode(str(KGO.articleId))
_SHA256 = ox.NamedNode(str(KGO.sha256))
_HAS_SELECTOR = ox.NamedNode(str(OA.hasSelector))
_START = ox.NamedNode(str(OA.start))
_END = ox.NamedNode(str(OA.end))
_EXACT = ox.NamedNode(str(OA.exact))
_CHECKED = {
    _HAS_SELECTOR: "selector",
    _START: "position",
    _END: "position",
    _EXACT: "position",
    _RDF_TYPE: "type",
    _ARTICLE_ID: "article",
    _TEXT: "article",
    _SHA256: "article",
}


def is_streamable_export(path: Path) -> bool:
    return Path(path).suffix.lower() in STREAMABLE


def article_graphs(path: Path) -> Iterator[tuple[Any, list[Any]]]:
    """(graph name, its quads) for each article graph of the file, in file order; raises
    InputError for bad syntax, triples outside a named graph, or a graph split in two."""
    from kg.extract.readers.files import open_regular

    fmt = STREAMABLE[path.suffix.lower()]
    os.close(open_regular(path, "a file to load"))  # a FIFO would block the parser, /dev/zero never ends
    current: Any = None
    quads: list[Any] = []
    finished: set[str] = set()  # graph names already seen: a graph may not come back later
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            name = quad.graph_name
            if name != current:
                if quads:
                    finished.add(str(current))
                    yield current, quads
                if isinstance(name, ox.DefaultGraph):
                    raise InputError(
                        f"{path}: triple {quad.subject} {quad.predicate} ... is outside any article graph; "
                        "kg exports keep every triple in its article's named graph"
                    )
                if str(name) in finished:
                    raise InputError(f"{path}: the quads of graph {name} are not together; sort the file by graph")
                current, quads = name, []
            quads.append(quad)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name}: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc}); check the path") from None
    if quads:
        yield current, quads


def check_article(path: Path, graph: Any, quads: list[Any]) -> str:
    """The article id of one graph's quads, or InputError saying what is wrong with it."""
    from kg.models import sha256_text
    from kg.rdf_mapping import article_graph_iri

    where = f"{path}: graph {graph}"
    # One pass, one dictionary lookup per quad (a graph holds ~1,000 quads: this check is
    # the part of `kg load` that is not Rust).
    articles: list[Any] = []
    article_values: dict[Any, dict[Any, Any]] = {}  # subject -> article-level predicate -> object
    values: dict[Any, dict[Any, Any]] = {}  # selector -> oa:start / oa:end / oa:exact -> object
    selectors: dict[Any, list[Any]] = {}
    for q in quads:
        kind = _CHECKED.get(q.predicate)
        if kind is None:
            continue
        if kind == "selector":
            selectors.setdefault(q.subject, []).append(q.object)
        elif kind == "position":
            values.setdefault(q.subject, {})[q.predicate] = q.object
        elif kind == "type":
            if q.object == _NEWS_ARTICLE:
                articles.append(q.subject)
        else:
            article_values.setdefault(q.subject, {})[q.predicate] = q.object
    if len(articles) != 1:
        raise InputError(f"{where} holds {len(articles)} schema:NewsArticle; a kg article graph holds exactly one")
    own = article_values.get(articles[0], {})
    if _ARTICLE_ID not in own:
        raise InputError(f"{where}: the article has no kgo:articleId")
    article_id = own[_ARTICLE_ID].value
    if str(article_graph_iri(article_id)) != graph.value:
        raise InputError(f"{where} holds article '{article_id}', whose graph is {article_graph_iri(article_id)}")
    if _TEXT not in own:
        raise InputError(f"{where}: article '{article_id}' has no schema:text, so its spans cannot be checked")
    text = own[_TEXT].value
    if _SHA256 in own and own[_SHA256].value != sha256_text(text):
        raise InputError(f"{where}: the kgo:sha256 of article '{article_id}' does not match its text")
    for node, sels in selectors.items():
        start = end = exact = None
        for sel in sels:
            found = values.get(sel, {})
            start = found.get(_START, start)
            end = found.get(_END, end)
            exact = found.get(_EXACT, exact)
        if start is None or end is None or exact is None:
            continue
        s, e = int(start.value), int(end.value)
        if not (0 <= s <= e <= len(text)) or text[s:e] != exact.value:
            raise InputError(f"{where}: span {node} says {exact.value[:40]!r} at {s}-{e}, but the text there differs")
    return article_id


def check_export(path: Path, on_article: Callable[[str, str], None] | None = None) -> int:
    """Pass 1: check every article of the file; on_article(graph IRI, article id) for each.
    The corpus graphs an export also holds (a person's entity curation, the machine's surname
    decisions: kg.store.base.NOT_ARTICLE_GRAPHS) are not articles and are not checked as such."""
    from kg.store.base import is_article_graph

    count = 0
    for graph, quads in article_graphs(path):
        if not is_article_graph(graph.value):
            continue
        article_id = check_article(path, graph, quads)
        count += 1
        if on_article:
            on_article(graph.value, article_id)
    if not count:
        raise InputError(f"{path}: no article graph in this file; it is not a kg export")
    return count


def serialized_articles(path: Path) -> Iterator[tuple[str, Any]]:
    """Pass 2 for stores without a bulk loader: (article id, SerializedArticle) per graph."""
    from kg.store.base import SerializedArticle, is_article_graph

    for graph, quads in article_graphs(path):
        if not is_article_graph(graph.value):
            continue  # corpus graphs: see corpus_graphs
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        article_id = next(q.object.value for q in quads if q.predicate == _ARTICLE_ID)
        yield article_id, SerializedArticle(graph_iri=graph.value, ntriples=data or b"")


def corpus_graphs(path: Path) -> Iterator[tuple[str, Any]]:
    """(graph IRI, rdflib Graph) for each corpus graph of an export that is not an article
    (the entity curation graph, the machine's surname decisions)."""
    from rdflib import Graph

    from kg.store.base import is_article_graph
    from kg.store.terms import graph_from_ntriples

    for graph, quads in article_graphs(path):
        if is_article_graph(graph.value):
            continue
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        parsed: Graph = graph_from_ntriples(data)
        yield graph.value, parsed
