"""What the store already holds of a chunk of articles: by source (path or URL) and by text.

One query per chunk (not one per file, not one for the whole store up front), so a re-run
over a million files costs a query per few dozen of them, and nothing about the store is
held in memory for the whole run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.vocab import sparql_prefixes

_QUERY = sparql_prefixes("kgo") + """SELECT ?g ?src ?sha ?id WHERE {
  { VALUES ?src { %s } GRAPH ?g { ?a kgo:source ?src ; kgo:articleId ?id . OPTIONAL { ?a kgo:sha256 ?sha } } }
  UNION
  { VALUES ?sha { %s } GRAPH ?g { ?a kgo:sha256 ?sha ; kgo:articleId ?id ; kgo:source ?src } }
}"""


@dataclass
class Stored:
    """The store's articles that share a source or a text with the chunk asked about."""

    by_source: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # src -> [(graph, sha, id)]
    by_sha: dict[str, str] = field(default_factory=dict)  # sha -> id of an article with that text

    def unchanged(self, source: str, sha: str) -> bool:
        return any(s == sha for _, s, _ in self.by_source.get(source, ()))

    def older_versions(self, source: str, sha: str) -> tuple[str, ...]:
        """Graphs of the same source with another text: the edited file replaces them."""
        return tuple(g for g, s, _ in self.by_source.get(source, ()) if s != sha)

    def twin(self, source: str, sha: str) -> str | None:
        """Id of a stored article with the same text under another source (a duplicate)."""
        return self.by_sha.get(sha)


def stored_for(store, articles: Sequence[tuple[str, str]]) -> Stored:
    """What the store holds for these (source, sha256) pairs."""
    found = Stored()
    if not articles:
        return found
    sources = " ".join(str(ox.Literal(s)) for s in dict.fromkeys(s for s, _ in articles))
    shas = " ".join(str(ox.Literal(h)) for h in dict.fromkeys(h for _, h in articles))
    wanted_sources = {s for s, _ in articles}
    for row in store.query(_QUERY % (sources, shas)):
        graph, src, sha, article_id = (str(v) if v is not None else "" for v in row)
        if src in wanted_sources:
            entries = found.by_source.setdefault(src, [])
            if (graph, sha, article_id) not in entries:
                entries.append((graph, sha, article_id))
        if sha:
            found.by_sha.setdefault(sha, article_id)
    return found
