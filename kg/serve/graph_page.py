"""The interactive who-said-what page: one self-contained HTML file.

Everything the page needs is inside it: the drawing library (Cytoscape.js, MIT, vendored in
static/ with its licence), the page's own script and style, and the data as JSON. No fonts
are fetched (system fonts) and no request leaves the file, so it works offline and as an
e-mail attachment. `kg serve` shows the same page at /graph.

Nodes are actors (merged by name and type, as in kg.analysis); an edge joins a speaker to an
actor its statements mention, address or were relayed by. Statements are listed beside the
drawing, each with its cue, article and the sentence it came from with the quoted words
marked. A large store opens on its most connected actors; the page adds more on request.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.queries import select_rows
from kg.vocab import sparql_prefixes

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.base import Store


__all__ = ["INITIAL_ACTORS", "graph_page_html", "page_data", "write_graph_page"]

STATIC = Path(__file__).with_name("static")
INITIAL_ACTORS = 80  # drawn when the page opens; the rest come with "show more" or a search
RELATIONS = ("mentions", "to", "via")
MAX_CONTEXT = 900  # characters of sentence shown around a statement

_PREFIXES = sparql_prefixes("kgo", "schema", "oa")
_ARTICLES = (
    _PREFIXES
    + """
SELECT ?id ?title ?text WHERE {
  GRAPH ?g {
    ?article a schema:NewsArticle ; kgo:articleId ?id .
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:text ?text }
  }
}"""
)
_CONTENT_SPANS = (
    _PREFIXES
    + """
SELECT ?statement ?start ?end WHERE {
  GRAPH ?g {
    ?statement a kgo:Statement ; kgo:content/oa:hasSelector ?position .
    ?position oa:start ?start ; oa:end ?end .
  }
}"""
)
# Where a sentence ends: . ! ? (and closing quotes or brackets) before a space, or a new line.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+|\n+")


def page_data(G: nx.MultiDiGraph, store: Store, keep_ids: bool = False) -> dict[str, Any]:
    """The page's data from a who-said-what graph (kg.analysis.who_said_what_graph, possibly
    filtered) and the store it came from (for article titles and sentences). `keep_ids` adds
    each statement's IRI (the web app links to it; the page file does not need it)."""
    articles = {
        str(i): (str(t) if t is not None else "", str(x) if x is not None else "")
        for i, t, x in select_rows(store, _ARTICLES)
    }
    spans: dict[str, list[tuple[int, int]]] = {}
    for statement, start, end in select_rows(store, _CONTENT_SPANS):
        if str(statement) in G:
            spans.setdefault(str(statement), []).append((int(start), int(end)))

    actor_nodes = [n for n, d in G.nodes(data=True) if d["kind"] == "actor" and G.degree(n)]
    actor_index = {node: i for i, node in enumerate(actor_nodes)}
    statement_nodes = sorted(
        (n for n, d in G.nodes(data=True) if d["kind"] == "statement"),
        key=lambda n: (G.nodes[n]["article"], G.nodes[n]["start"]),
    )
    article_ids = sorted({G.nodes[n]["article"] for n in statement_nodes})
    article_index = {a: i for i, a in enumerate(article_ids)}
    sentence_ends = {a: [m.end() for m in _SENTENCE_END.finditer(articles.get(a, ("", ""))[1])] for a in article_ids}

    links: Counter[tuple[int, int, str]] = Counter()
    statements = []
    for node in statement_nodes:
        data = G.nodes[node]
        speakers = [u for u, _, key in G.in_edges(node, keys=True) if key == "said"]
        speaker = actor_index.get(speakers[0], -1) if speakers else -1
        targets = []
        for _, target, key in G.out_edges(node, keys=True):
            if target in actor_index:
                targets.append([actor_index[target], key])
                if speaker >= 0 and target != speakers[0]:
                    links[(speaker, actor_index[target], key)] += 1
        text = articles.get(data["article"], ("", ""))[1]
        context, marks = _context(text, sentence_ends[data["article"]], spans.get(node, []), data["text"])
        statements.append(
            {
                "x": data["text"],
                "k": data["statement_kind"],
                "c": data.get("cue", ""),
                "a": article_index[data["article"]],
                "s": speaker,
                "r": targets,
                "ctx": context,
                "hl": marks,
            }
        )
        if keep_ids:
            statements[-1]["id"] = node

    actors = []
    for node in actor_nodes:
        data = G.nodes[node]
        actors.append({"n": data["name"], "t": data["type"], "s": data["statements"], "m": data["mentioned"]})
    degree: Counter[int] = Counter()
    for (s, t, _), count in links.items():
        degree[s] += count
        degree[t] += count
    for i, actor in enumerate(actors):
        actor["w"] = degree[i]  # statements on the drawn links: "most connected"
    initial = _core(actors, links, INITIAL_ACTORS)
    return {
        "actors": actors,
        "statements": statements,
        "articles": [{"id": a, "title": articles.get(a, ("", ""))[0]} for a in article_ids],
        "links": [[s, t, rel, count] for (s, t, rel), count in sorted(links.items())],
        "initial": initial,
        "positions": _layout(initial, links),
    }


def _context(text: str, ends: list[int], spans: list[tuple[int, int]], fallback: str) -> tuple[str, list[list[int]]]:
    """The sentence(s) around a statement's content and where its words are in them."""
    spans = sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text))
    if not spans:
        return fallback, [[0, len(fallback)]]
    lo, hi = spans[0][0], spans[-1][1]
    i = bisect.bisect_right(ends, lo) - 1
    start = ends[i] if i >= 0 else 0
    j = bisect.bisect_left(ends, hi)
    end = ends[j] if j < len(ends) else len(text)
    start, end = max(start, lo - MAX_CONTEXT // 2), min(end, hi + MAX_CONTEXT // 2)
    return text[start:end].strip("\n"), [[s - start, e - start] for s, e in spans]


def _core(actors: list[dict[str, Any]], links: Counter[tuple[int, int, str]], limit: int) -> list[int]:
    """The most connected actors (by statements on their links, then statements made), kept to
    the largest group of them that is linked together, so the first drawing is one network
    rather than a few islands flung to the edges."""
    import networkx as nx

    order = sorted(range(len(actors)), key=lambda i: (-actors[i]["w"], -actors[i]["s"], actors[i]["n"]))
    top = set(order[:limit])
    G = nx.Graph()
    G.add_nodes_from(top)
    G.add_edges_from((s, t) for s, t, _ in links if s in top and t in top and s != t)
    if G.number_of_edges() == 0:
        return sorted(top)
    components: list[set[int]] = [set(c) for c in nx.connected_components(G)]
    largest = max(components, key=len)
    return sorted(largest)


def _layout(nodes: list[int], links: Counter[tuple[int, int, str]]) -> dict[str, list[float]]:
    """Positions for the first drawing, computed here so the page shows at once: a spring
    layout, scaled so that neighbouring nodes sit about 55 pixels apart at zoom 1."""
    import networkx as nx
    import numpy as np

    shown = set(nodes)
    G = nx.Graph()
    G.add_nodes_from(nodes)
    for (s, t, _), count in links.items():
        if s in shown and t in shown and s != t:
            G.add_edge(s, t, weight=G.get_edge_data(s, t, {"weight": 0})["weight"] + count)
    if len(nodes) < 2:
        return {str(n): [0.0, 0.0] for n in nodes}
    pos = nx.spring_layout(G, seed=7, k=3.0 / len(nodes) ** 0.5, iterations=100, weight="weight")
    points = np.array([pos[n] for n in nodes])
    gaps = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(gaps, np.inf)
    scale = 55.0 / max(float(np.median(gaps.min(1))), 1e-9)
    return {
        str(n): [round(float(x) * scale, 1), round(float(y) * scale, 1)]
        for n, (x, y) in zip(nodes, points, strict=True)
    }


def graph_page_html(data: dict[str, Any], title: str = "Who said what") -> str:
    """The whole page as one string: library, script, style and data inlined."""
    from html import escape

    template = (STATIC / "graph_page.html").read_text(encoding="utf-8")
    # No "<" at all inside the <script>: "</script>" would end it and "<!--<script" would make
    # the parser miss its real end. "\u003c" is the same character to the JSON parser.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    parts = {
        "{{title}}": escape(title),
        "{{style}}": (STATIC / "graph.css").read_text(encoding="utf-8"),
        "{{cytoscape}}": (STATIC / "cytoscape.min.js").read_text(encoding="utf-8"),
        "{{script}}": (STATIC / "graph.js").read_text(encoding="utf-8"),
        "{{data}}": payload,
    }
    return re.sub("|".join(re.escape(k) for k in parts), lambda m: parts[m.group(0)], template)


def write_graph_page(G: nx.MultiDiGraph, store: Store, path: str | Path, title: str = "Who said what") -> Path:
    """Write the page for a who-said-what graph to `path` (whole or not at all)."""
    path = Path(path)
    html = graph_page_html(page_data(G, store), title)
    from kg.output import write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, html)  # whole file or nothing
    except OSError as exc:
        raise KGError(f"{path}: cannot write the page ({exc.strerror or exc})") from None
    return path
