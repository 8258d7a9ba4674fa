"""The actor table of one article: mentions -> clusters -> roles -> resolution of the spans
the statements ask for -> actors with ids a1, a2 ... in order of first mention."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from kg.extract.actors.clusters import Cluster, cluster_mentions
from kg.extract.actors.lexicon import actor_lexicon
from kg.extract.actors.mentions import Mention, definite_descriptions, find_mentions, headline_checked
from kg.extract.actors.resolution import Deferred, Resolver, SameAs
from kg.extract.actors.roles import apply_roles
from kg.extract.docindex import Offsets, doc_text
from kg.models import Actor, ActorType, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ActorTable", "link_actors"]


@dataclass
class ActorTable:
    """The article's actors (ids a1, a2 ... in order of first mention) and which actor each
    mention span (entity mentions and every span asked for) refers to."""

    actors: list[Actor]
    by_span: dict[Offsets, str]

    def actor_for(self, span: Offsets | None) -> str | None:
        return self.by_span.get(span) if span is not None else None

    def get(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


def link_actors(
    doc: Doc,
    speaker_mentions: Sequence[Offsets | None] = (),
    extra_mentions: Sequence[Offsets | None] = (),
    text: str | None = None,
    given: Sequence[tuple[Offsets | None, str, ActorType]] = (),
) -> ActorTable:
    """Find the actors of `doc` and resolve every span in `speaker_mentions` (who speaks,
    in text order they set the person "in focus" for later pronouns) and `extra_mentions`
    (intermediaries, audiences) to one of them, making new actors for descriptions that
    name nobody known ("sources"). `text` is the article text the spans are cut from
    (default doc.text; offsets must agree). `given`: actors known from metadata (author,
    publisher) as (span or None, name, type); they merge with mentions of the same name."""
    text = doc_text(doc) if text is None else text
    lex = actor_lexicon()
    mentions = headline_checked(find_mentions(doc, lex), doc_text(doc))
    for span, name, actor_type in given:
        if name.strip() and not any(m.start < span[1] and span[0] < m.end for m in mentions if span):
            mentions.append(
                Mention(
                    span[0] if span else -1,
                    span[1] if span else -1,
                    0,
                    0,
                    (0, 0),
                    " ".join(name.split()),
                    actor_type,
                    from_metadata=True,
                )
            )
    mentions.sort(key=lambda m: (m.start < 0, m.start))
    clusters, by_mention = cluster_mentions(mentions, lex)
    token_cluster: dict[int, Cluster] = {}
    for index, mention in enumerate(mentions):
        for i in range(*mention.lookup):
            token_cluster[i] = by_mention[index]
    parsed = [j for j, m in enumerate(mentions) if not m.from_metadata]
    apply_roles(doc, [mentions[j] for j in parsed], {i: by_mention[j] for i, j in enumerate(parsed)}, token_cluster)

    resolver = Resolver(doc, lex, clusters, token_cluster, {s for s in speaker_mentions if s})
    resolved: dict[Offsets, Cluster] = {}
    size = len(doc_text(doc))
    wanted = sorted({s for s in [*speaker_mentions, *extra_mentions] if s and 0 <= s[0] < s[1] <= size})
    deferred: list[Offsets] = []
    same_as: dict[Offsets, Offsets] = {}
    for span in wanted:
        result = resolver.resolve(span)
        if isinstance(result, Deferred):
            deferred.append(span)
        elif isinstance(result, SameAs):
            same_as[span] = result.span
        elif result is not None:
            resolved[span] = result
            resolver.note(span, result)
    for span in deferred:
        cluster = resolver.cataphora(span, wanted, resolved)
        if cluster is not None:
            resolved[span] = cluster
    for span, earlier in same_as.items():
        if earlier in resolved:
            resolved[span] = resolved[earlier]
    # Definite descriptions nobody asked about ("the California company") are mentions too,
    # when they clearly refer to a known actor; they never make new actors.
    resolver.create = False
    taken = Spans(
        [
            *wanted,
            *((s, e) for c in clusters if c.type not in (ActorType.Place, ActorType.Country) for s, e in c.mentions),
        ]
    )
    for span in definite_descriptions(doc, lex, token_cluster):
        if taken.overlap(span):
            continue
        result = resolver.resolve(span)
        if isinstance(result, Cluster):
            resolved[span] = result
    for span, cluster in resolved.items():
        # "the Xinhua news agency" asked for, "Xinhua news agency" already a mention: one mention.
        if not cluster.overlaps(span):
            cluster.mentions.append(span)
    return build_table(clusters, by_mention, mentions, resolved, text)


class Spans:
    """Fixed spans, asked whether any overlaps a span (bisection on the sorted starts with the
    running maximum of the ends, instead of a scan of every span per question)."""

    def __init__(self, spans: list[Offsets]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))  # the furthest end so far

    def overlap(self, span: Offsets) -> bool:
        """Whether some span starts before span's end and ends after its start."""
        i = bisect_left(self.starts, span[1])
        return i > 0 and self.reach[i - 1] > span[0]


def build_table(
    clusters: list[Cluster],
    by_mention: dict[int, Cluster],
    mentions: list[Mention],
    resolved: dict[Offsets, Cluster],
    text: str,
) -> ActorTable:
    used = [c for c in clusters if c.mentions or c.listed]
    used.sort(key=lambda c: (not c.mentions, c.first if c.mentions else 0))
    ids = {id(c): f"a{i}" for i, c in enumerate(used, start=1)}
    actors = []
    for cluster in used:
        name = cluster.name
        aliases = []
        for form in cluster.forms:
            if form != name and form not in aliases:
                aliases.append(form)
        affiliation = ids.get(id(cluster.affiliation)) if cluster.affiliation is not None else None
        actors.append(
            Actor(
                id=ids[id(cluster)],
                name=name,
                type=cluster.type,
                aliases=aliases,
                roles=list(cluster.roles),
                affiliation=affiliation if affiliation != ids[id(cluster)] else None,
                mentions=[Span(start=s, end=e, text=text[s:e]) for s, e in sorted(set(cluster.mentions))],
                members=[ids[id(m)] for m in cluster.members if id(m) in ids and m is not cluster],
            )
        )
    by_span: dict[Offsets, str] = {}
    for index, mention in enumerate(mentions):
        if mention.start >= 0:
            by_span[(mention.start, mention.end)] = ids[id(by_mention[index])]
    for span, cluster in resolved.items():
        by_span[span] = ids[id(cluster)]
    return ActorTable(actors=actors, by_span=by_span)
