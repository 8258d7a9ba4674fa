"""What the web app shows, read from the store once when it starts.

The overview, the speaker pages and the search answer from this snapshot, so every page
answers in well under a second on a corpus of thousands of articles; an article page reads
its own named graph from the store. The snapshot is the same data the interactive page
draws (kg.serve.graph_page.page_data): actors merged by name and type across articles.
Restart `kg serve` to see articles stored after it started.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.queries import select_rows
from kg.vocab import sparql_prefixes

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["Index", "build_index"]

_PREFIXES = sparql_prefixes("kgo", "schema", "oa")
_ARTICLES = (
    _PREFIXES
    + """
SELECT ?id ?title ?published ?source WHERE {
  GRAPH ?g {
    ?article a schema:NewsArticle ; kgo:articleId ?id ; kgo:source ?source .
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:datePublished ?published }
  }
}"""
)
_STATISTICS = (
    _PREFIXES
    + """
SELECT ?statement ?value ?unit ?words WHERE {
  GRAPH ?g {
    ?statistic a kgo:Statistic ; kgo:assertedIn ?statement ; schema:value ?value ;
               schema:unitText ?unit ; kgo:span/oa:hasSelector/oa:exact ?words .
  }
}"""
)


@dataclass
class Index:
    data: dict[str, Any]  # page_data(..., keep_ids=True)
    counts: dict[str, int]
    articles: list[dict[str, Any]]  # every stored article, newest first, with its statements
    actor_of: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, name) -> actor
    said: dict[int, list[int]] = field(default_factory=dict)  # actor -> statements made
    about: dict[int, list[int]] = field(default_factory=dict)  # actor -> statements mentioning it
    statistics: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # statement -> numbers
    page: str = ""  # the interactive page, built once

    def speakers(self) -> list[dict[str, Any]]:
        """Actors who made statements, most statements first."""
        rows = [
            {"name": a["n"], "type": a["t"], "statements": a["s"], "mentioned": a["m"]}
            for a in self.data["actors"]
            if a["s"]
        ]
        return sorted(rows, key=lambda r: (-r["statements"], r["name"]))

    def statement_row(self, i: int) -> dict[str, Any]:
        st = self.data["statements"][i]
        article = self.data["articles"][st["a"]]
        speaker = self.data["actors"][st["s"]] if st["s"] >= 0 else None
        return {
            "text": st["x"],
            "kind": st["k"],
            "cue": st["c"],
            "speaker": speaker["n"] if speaker else "",
            "speaker_type": speaker["t"] if speaker else "",
            "article": article["id"],
            "title": article["title"],
            "statement": st["id"].rsplit("/", 1)[-1],
            "iri": st["id"],
        }

    def talks_about(self, actor: int) -> list[dict[str, Any]]:
        """Actors this actor's statements mention, address or were relayed by, with counts."""
        counts: Counter[tuple[int, str]] = Counter()
        for i in self.said.get(actor, []):
            for target, relation in self.data["statements"][i]["r"]:
                if target != actor:
                    counts[(target, relation)] += 1
        return [
            {"name": self.data["actors"][t]["n"], "type": self.data["actors"][t]["t"], "relation": rel, "statements": n}
            for (t, rel), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def search(self, query: str, limit: int = 200) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Actors whose name contains the words, and statements whose text contains them."""
        words = query.casefold().split()
        if not words:
            return [], []
        actors = [
            {"name": a["n"], "type": a["t"], "statements": a["s"], "mentioned": a["m"]}
            for a in self.data["actors"]
            if all(w in a["n"].casefold() for w in words)
        ]
        actors.sort(key=lambda r: (-(r["statements"] + r["mentioned"]), r["name"]))
        statements = [
            self.statement_row(i)
            for i, st in enumerate(self.data["statements"])
            if all(w in st["x"].casefold() for w in words)
        ]
        return actors[:limit], statements[:limit]


def build_index(store: Store) -> Index:
    from kg.analysis import who_said_what_graph
    from kg.operations import store_stats
    from kg.serve.graph_page import graph_page_html, page_data

    data = page_data(who_said_what_graph(store), store, keep_ids=True)
    index = Index(data=data, counts=store_stats(store), articles=[])
    index.actor_of = {(a["t"], a["n"]): i for i, a in enumerate(data["actors"])}
    said: defaultdict[int, list[int]] = defaultdict(list)
    about: defaultdict[int, list[int]] = defaultdict(list)
    per_article: Counter[str] = Counter()
    position = {}
    for i, st in enumerate(data["statements"]):
        position[st["id"]] = i
        per_article[data["articles"][st["a"]]["id"]] += 1
        if st["s"] >= 0:
            said[st["s"]].append(i)
        for target, _ in st["r"]:
            if target != st["s"]:
                about[target].append(i)
    index.said, index.about = dict(said), dict(about)
    for statement, value, unit, words in select_rows(store, _STATISTICS):
        if str(statement) in position:
            index.statistics.setdefault(position[str(statement)], []).append(
                {"value": float(value), "unit": str(unit), "words": str(words)}
            )
    for article_id, title, published, source in select_rows(store, _ARTICLES):
        index.articles.append(
            {
                "id": str(article_id),
                "title": str(title or ""),
                "published": str(published or ""),
                "source": str(source),
                "statements": per_article[str(article_id)],
            }
        )
    index.articles.sort(key=lambda a: (a["published"], a["id"]), reverse=True)
    # The page drawn from the same data, without the IRIs the app needs and the page does not.
    # In the app a statement also links to its place in its article page.
    page = dict(
        data,
        statements=[
            {**{k: v for k, v in st.items() if k != "id"}, "sid": st["id"].rsplit("/", 1)[-1]}
            for st in data["statements"]
        ],
        article_base="/article/",
    )
    index.page = graph_page_html(page, "Who said what")
    return index
