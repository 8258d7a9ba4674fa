"""Find a stored article by whatever a person has at hand.

An article can be named by its id (`politics-001-3fa2b9c1`), the id without the extractor's
hash suffix or any other unambiguous start of it (`politics-001`), its graph or article IRI,
its source path (absolute, or relative to the working directory) or its URL. Used by
`kg delete`, by `--param article=` of the named queries and by anything else that takes an
article (library: `resolve_article`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.queries import select_rows

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["ArticleNotFound", "StoredArticle", "resolve_article", "stored_articles"]

# The extractor names an article `<slug>-<first 8 hex digits of its text's sha256>`.
_HASH_SUFFIX = re.compile(r"-[0-9a-f]{8}$")
_LISTED = 5  # candidates named in an "ambiguous" message
_HINT = "see `kg query articles` for the stored ids"

_ARTICLES_QUERY = """PREFIX kgo: <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?g ?a ?id ?source ?url WHERE {
  GRAPH ?g {
    ?a a schema:NewsArticle ; kgo:articleId ?id .
    OPTIONAL { ?a kgo:source ?source }
    OPTIONAL { ?a schema:url ?url }
  }
}"""


class ArticleNotFound(InputError):
    """No stored article, or more than one, answers to the name given."""


@dataclass(frozen=True)
class StoredArticle:
    id: str
    graph: str  # the named graph's IRI
    iri: str  # the schema:NewsArticle node
    source: str | None = None
    url: str | None = None


def stored_articles(store: Store) -> list[StoredArticle]:
    """Every article in the store, sorted by id."""
    found = {
        str(row[1]): StoredArticle(
            id=str(row[2]),
            graph=str(row[0]),
            iri=str(row[1]),
            source=None if row[3] is None else str(row[3]),
            url=None if row[4] is None else str(row[4]),
        )
        for row in select_rows(store, _ARTICLES_QUERY)
    }
    return sorted(found.values(), key=lambda a: a.id)


def resolve_article(store: Store, ref: str) -> StoredArticle:
    """The one stored article `ref` names (see the module doc); ArticleNotFound otherwise.

    Rules are tried from the most to the least exact; the first that matches anything
    decides, so an exact id is never ambiguous with a longer id that starts with it."""
    ref = ref.strip()
    if not ref:
        raise ArticleNotFound(f"empty article name; give an article id, source path or URL ({_HINT})")
    articles = stored_articles(store)
    for rule in (_exact, _same_source, _same_file, _id_without_hash, _id_prefix):
        matches = [a for a in articles if rule(a, ref)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(a.id for a in matches[:_LISTED]) + (", ..." if len(matches) > _LISTED else "")
            raise ArticleNotFound(
                f"'{ref}' names {len(matches)} articles ({listed}); give more of the id ({_HINT})"
            )
    stored = f"{len(articles)} stored" if articles else "the store is empty"
    raise ArticleNotFound(f"no article '{ref}' ({stored}); name it by id, id prefix, source path or URL ({_HINT})")


def _exact(article: StoredArticle, ref: str) -> bool:
    return ref in (article.id, article.graph, article.iri)


def _same_source(article: StoredArticle, ref: str) -> bool:
    return ref in (article.source, article.url)


def _same_file(article: StoredArticle, ref: str) -> bool:
    """The source path and `ref` are the same file, whichever directory each was given from.

    A relative source was relative to where it was ingested, unknown now: it matches when
    it is the tail of `ref`'s absolute path."""
    if not article.source or "://" in ref or "://" in article.source:
        return False
    wanted = _absolute(ref)
    source = Path(article.source).expanduser()
    if source.is_absolute():
        return _absolute(article.source) == wanted
    parts = [p for p in source.parts if p not in (".", "")]
    return bool(parts) and ".." not in parts and wanted.parts[-len(parts) :] == tuple(parts)


def _absolute(path: str) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):  # a loop of symlinks, an unreadable directory
        return Path(path).expanduser().absolute()


def _id_without_hash(article: StoredArticle, ref: str) -> bool:
    return _HASH_SUFFIX.sub("", article.id) == ref


def _id_prefix(article: StoredArticle, ref: str) -> bool:
    return article.id.startswith(ref)
