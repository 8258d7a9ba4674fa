"""One article as a page: its text with statements, cues, actor mentions and numbers marked.

The article's named graph is read back into its ClaimSet (kg.rdf_mapping), so the page shows
exactly the spans that were stored. Spans nest and overlap (a number inside a quote, a name
inside a quote), so the text is cut at every span boundary and each piece carries the
classes of everything that covers it; a piece links to the actor it names, else to its
statement in the list below the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["ArticleView", "article_view"]


@dataclass
class ArticleView:
    id: str
    title: str
    source: str
    published: str
    html: str  # the marked-up text (already escaped)
    statements: list[dict[str, Any]] = field(default_factory=list)
    statistics: list[dict[str, Any]] = field(default_factory=list)


def article_view(store: Store, article_id: str, index: Any = None) -> ArticleView | None:
    """The view of one stored article, or None when the store has no such article."""
    from kg.errors import KGError
    from kg.operations import find_article_graph
    from kg.rdf_mapping import article_graph_iri
    from kg.rdf_reading import graph_to_claimset

    try:
        # An exact id goes straight to its graph; anything else (an id prefix, a source path)
        # is resolved by kg.operations, which reads the list of articles (0.1-0.2 s on the BBC).
        graph = store.get_graph(article_graph_iri(article_id))
        if len(graph) == 0:
            graph = store.get_graph(find_article_graph(store, article_id))
        claims = graph_to_claimset(graph)
    except KGError:
        return None
    actors = {a.id: a for a in claims.actors}
    text = claims.article.text or ""
    marks: list[tuple[int, int, str, str]] = []  # start, end, class, link
    statements = []
    for st in claims.statements:
        speaker = actors.get(st.speaker) if st.speaker else None
        anchor = f"#st-{st.id}"
        for span in st.content:
            marks.append((span.start, span.end, "st", anchor))
        if st.cue is not None:
            marks.append((st.cue.start, st.cue.end, "cue", anchor))
        statements.append(
            {
                "statement": st.id,
                "kind": st.kind.value,
                "text": st.text,
                "speaker": speaker.name if speaker else "",
                "speaker_type": speaker.type if speaker else "",
                "cue": st.cue.text if st.cue else "",
                "start": st.content[0].start,
                "end": st.content[-1].end,
            }
        )
    for a in claims.actors:
        link = f"/actor/{quote(str(a.type))}/{quote(a.name, safe='')}"
        for span in a.mentions:
            marks.append((span.start, span.end, "ac", link))
    statistics = []
    for stat in claims.statistics:
        marks.append((stat.span.start, stat.span.end, "num", f"#st-{stat.statement}" if stat.statement else ""))
        statistics.append(
            {
                "words": stat.span.text,
                "value": stat.value,
                "unit": stat.unit,
                "statement": stat.statement or "",
                "start": stat.span.start,
            }
        )
    article = claims.article
    return ArticleView(
        id=article.id,
        title=article.title or article.id,
        source=article.source,
        published=article.published.isoformat() if article.published else "",
        html=_marked(text, marks),
        statements=statements,
        statistics=statistics,
    )


def _marked(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
    for start, end in pairwise(cuts):
        piece = escape(text[start:end])
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({m[2] for m in covering}))
        # An actor's name links to the actor; other marked words to their statement.
        link = next((m[3] for m in covering if m[2] == "ac"), None) or next((m[3] for m in covering if m[3]), "")
        out.append(
            f'<a class="{classes}" href="{escape(link)}">{piece}</a>'
            if link
            else f'<span class="{classes}">{piece}</span>'
        )
    return "".join(out)
