"""The embedded demo: the seed article through the whole chain, end to end.

extract -> store -> who-said-what query -> score against the hand-made gold -> Turtle export
and a who-said-what picture in the output folder.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg import resources

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = ["DemoResult", "run_demo"]


@dataclass
class DemoResult:
    article_id: str
    title: str
    store_spec: str
    who_said_what: str
    main_speaker: str
    main_speaker_count: int
    score_table: str
    files: list[Path] = field(default_factory=list)


def run_demo(store: Store, out_dir: Path) -> DemoResult:
    from kg.analysis import who_said_what_graph
    from kg.claimfile import load_claimset
    from kg.evaluate import evaluate_claimset
    from kg.extract import extract_file
    from kg.graph_files import write_graph
    from kg.operations import store_claimsets
    from kg.queries import run_query
    from kg.rdf_mapping import article_graph_iri
    from kg.render import render_png

    claims = extract_file(resources.seed_article())
    store_claimsets(store, [claims], skip_duplicates=False)

    result = run_query(store, "who-said-what", {"article": claims.article.id})
    speakers = Counter(actor.name for st in claims.statements if (actor := claims.actor(st.speaker)) is not None)
    main_speaker, count = speakers.most_common(1)[0] if speakers else ("(none)", 0)

    gold = load_claimset(resources.seed_gold())
    score = evaluate_claimset(claims, gold)

    out_dir.mkdir(parents=True, exist_ok=True)
    turtle = out_dir / "seed.ttl"
    _write_atomically(turtle, _turtle(store.get_graph(article_graph_iri(claims.article.id))))
    network = who_said_what_graph(store)
    picture = out_dir / "who-said-what.png"
    render_png(network, picture, title=f"Who said what: {claims.article.title or claims.article.id}")
    graphml = out_dir / "who-said-what.graphml"
    write_graph(network, graphml, "graphml")

    return DemoResult(
        article_id=claims.article.id,
        title=claims.article.title or "",
        store_spec=store.spec,
        who_said_what=_compact_table(result),
        main_speaker=main_speaker,
        main_speaker_count=count,
        score_table=score.to_table(),
        files=[turtle, picture, graphml],
    )


def _compact_table(result, width: int = 60) -> str:
    """Speaker, kind, cue and the start of the words: one line per statement, for a terminal."""
    from kg.display import display_text
    from kg.tables import Column, format_table

    columns = {name: i for i, name in enumerate(result.columns)}
    rows = []
    for row in result.rows:
        speaker, kind, cue, text = (row[columns[c]] or "" for c in ("speaker", "kind", "cue", "text"))
        # no Markdown/HTML remnants in what is shown; the stored span stays exact
        rows.append([speaker, kind, cue, display_text(text)])
    shown = [
        Column("speaker", max_width=16),
        Column("kind"),
        Column("cue", max_width=21),
        Column("text", max_width=width),
    ]
    return format_table(shown, rows)


def _turtle(graph) -> str:
    """Turtle written by pyoxigraph: rdflib's Turtle writer rounds doubles to 7 digits."""
    import pyoxigraph as ox

    from kg.store.terms import triples_to_quads
    from kg.vocab import PREFIXES

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in triples_to_quads(graph.identifier, graph)]
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert data is not None  # bytes when no output file is given
    return data.decode("utf-8")


def _write_atomically(path: Path, text: str) -> None:
    from kg.output import write_text

    write_text(path, text)
