"""The worker side of an ingest: read article -> parse -> rules -> RDF -> N-Triples bytes.

Everything CPU-heavy happens here, in the worker process, so what goes back to the writer
is small and ready to store (issue 11: the writer was the bottleneck when it mapped and
serialised every article itself)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.errors import InputError, KGError
from kg.store.base import SerializedArticle

if TYPE_CHECKING:
    from kg.extract.readers import ReadArticle
    from kg.models import ClaimSet

# spaCy refuses longer texts by default (nlp.max_length); checked before the text is sent.
MAX_PARSE_CHARS = 1_000_000


@dataclass(frozen=True)
class Prepared:
    """One extracted article, serialised: what the writer stores and what the report names."""

    article_id: str
    source: str
    sha256: str
    data: SerializedArticle


@dataclass(frozen=True)
class Failed:
    """An article the rules or the mapping could not turn into a storable graph."""

    source: str
    message: str


def check_parsable(article: ReadArticle) -> None:
    """Refuse what the parser cannot take, and blank pathological structure (kg.extract.guards)."""
    from kg.extract.guards import tame

    if len(article.nlp_text) > MAX_PARSE_CHARS:
        raise InputError(
            f"{article.source}: {len(article.nlp_text) / 1e6:.1f} MB of text ({len(article.nlp_text)} characters) "
            f"is more than the parser takes at once ({MAX_PARSE_CHARS} characters); split it into one file per article"
        )
    article.nlp_text = tame(article.nlp_text)


def prepare_claimset(claims: ClaimSet, where: str | None = None) -> Prepared:
    """Map a ClaimSet to RDF and serialise it; InputError (naming `where`) for anything a
    store would refuse, e.g. a lone surrogate in a JSON string, so a batch is checked
    completely before its first write (issue 14, item 9)."""
    from kg.models import sha256_text
    from kg.rdf_mapping import claimset_triples
    from kg.store.terms import ntriples_of

    graph_iri, graph = claimset_triples(claims)
    try:
        data = ntriples_of(graph)
    except (ValueError, TypeError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(
            f"{where or claims.article.source}: article {claims.article.id} holds a value no RDF store accepts "
            f"({first}; e.g. a lone surrogate like \\ud800 in a string); fix the text"
        ) from None
    return Prepared(
        article_id=claims.article.id,
        source=claims.article.source,
        # A hand-made ClaimSet may leave sha256 out: its text still decides what a duplicate is.
        sha256=claims.article.sha256 or (sha256_text(claims.article.text) if claims.article.text is not None else ""),
        data=SerializedArticle(graph_iri=str(graph_iri), ntriples=data),
    )


def prepare_articles(task: list[tuple[ReadArticle, tuple[str, ...]]]) -> list[Prepared | Failed]:
    """Parse a chunk of articles together (spaCy batches them) and prepare each, marking the
    older graphs each one replaces; one bad article does not lose the others of its chunk."""
    from kg.extract.nlp import load_nlp
    from kg.extract.pipeline import build_claimset

    nlp = load_nlp()
    out: list[Prepared | Failed] = []
    docs = nlp.pipe(article.nlp_text for article, _ in task)
    for (article, replaces), doc in zip(task, docs, strict=True):
        try:
            prepared = prepare_claimset(build_claimset(article, doc))
        except KGError as exc:
            out.append(Failed(article.source, str(exc)))
            continue
        out.append(replace(prepared, data=replace(prepared.data, replaces=replaces)))
    return out
