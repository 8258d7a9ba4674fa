"""Surname-only people across articles: "Mr Howard" in an article that never gives his full name.

Within an article, linking.py already makes "Mr Howard" the article's Michael Howard. An
article that only ever says "Mr Howard" keeps the entity `howard`, apart from
`michael-howard`. This pass decides, per article, which full-name person such a surname
means, from the company it keeps: the other entities of the article (people, parties,
clubs, places) against the entities that accompany each full-name person with that surname
in the rest of the corpus. A politics article's "Mr Howard" (beside Tony Blair and the
Conservative Party) is Michael Howard; a football report's "Howard" (beside Manchester
United) is not, and stays apart when no full-name Howard keeps that company.

The decisions are the machine's, not a person's: they live in their own named graph
`kgr:resolution`, in the vocabulary of a split (`F kgo:splitFrom S ; kgo:splitArticle D`:
the actors of S in D belong to F), and are recomputed from the whole store each time
(`kg ingest`, `kg load`, `kg delete`, a curation command, `kg entities resolve`), so they do
not depend on the order articles came in. An entity a person curated (merged, split,
renamed, typed or linked, kg.entities.curation) is left as the person said.

Context similarity is a cosine between the article's entities and the full name's profile
(how many of its articles each entity appears in), each entity weighted by its inverse
document frequency, so that "BBC" or "London" say little and "Conservative Party" much.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from kg.entities.names import entity_name
from kg.models import ActorType
from kg.vocab import KGO, KGR, bind_prefixes

__all__ = [
    "RESOLUTION_GRAPH",
    "Decision",
    "Mention",
    "decide",
    "resolution_graph",
    "resolve_surnames",
    "store_mentions",
]

RESOLUTION_GRAPH = KGR["resolution"]
_LOCAL = str(KGR["entity/local/"])

# The evidence a decision needs (measured on the BBC corpus, see the issue notes): the
# cosine of the best full name, how many distinct entities the article must share with that
# full name's articles, and how far ahead of the runner-up it must be. The runner-up is
# compared on the cosine times the square root of the person's article count (a tempered
# prior: "Mr Blair" in a politics article is Tony Blair far more often than Sir Ian Blair,
# who keeps much the same company).
MIN_SIMILARITY = 0.10
MIN_SHARED = 3
MIN_MARGIN = 2.0
# A well-known person needs less context: a short politics piece saying "Mr Blair" and "Mr
# Brown" is enough when the cosine times the prior reaches MIN_WEIGHTED (and the cosine
# itself MIN_KNOWN_SIMILARITY).
MIN_WEIGHTED = 0.35
MIN_KNOWN_SIMILARITY = 0.04

# Two scans of the store (about 1 s each on the 2,128 BBC articles): every entity of every
# article, then the people with their names. The article IRI is the graph IRI's last
# segment under kgr:article/ (kg.rdf_mapping names both from the article id).
_PREFIXES = """PREFIX kgo: <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
"""
_ALL = _PREFIXES + "SELECT ?g ?entity WHERE { GRAPH ?g { ?actor kgo:refersTo ?entity } }"
_PEOPLE = _PREFIXES + (
    "SELECT ?g ?entity ?label ?written WHERE { GRAPH ?g { ?actor a schema:Person ; kgo:refersTo ?entity ; "
    "schema:name ?written . ?entity schema:name ?label } }"
)


@dataclass(frozen=True)
class Mention:
    """One entity named in one article: its name there and whether an actor of that article
    referring to it is a person."""

    article: str
    entity: str
    name: str
    person: bool
    written: tuple[str, ...] = ()  # the person's names as the article writes them ("Baroness Kennedy")


@dataclass(frozen=True)
class Decision:
    surname: str  # the surname-only entity ("…/entity/howard")
    article: str  # the article IRI whose actors of `surname` move
    entity: str  # the full-name entity they move to
    similarity: float  # the cosine of the article's entities and the chosen person's profile
    weighted: float  # the cosine times the square root of the person's article count
    runner_up: float  # the next candidate's weighted similarity (0.0 when there is none)
    shared: int  # entities the article shares with the chosen entity's articles


@dataclass
class _Corpus:
    entities_of: dict[str, set[str]] = field(default_factory=dict)  # article -> entities
    articles_of: dict[str, set[str]] = field(default_factory=dict)  # entity -> articles
    person_in: set[tuple[str, str]] = field(default_factory=set)  # (article, entity) typed Person
    person_articles: Counter[str] = field(default_factory=Counter)  # entity -> articles typing it Person
    keys: dict[str, str] = field(default_factory=dict)  # person entity -> key ("michael howard")
    # the sexes the titles written before a person's name say, per (article, entity) and per entity
    genders: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    titled: dict[str, set[str]] = field(default_factory=dict)


def _corpus(mentions: Iterable[Mention]) -> _Corpus:
    corpus = _Corpus()
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.entity.startswith(_LOCAL):
            continue  # a description: an entity of its own article, never context
        corpus.entities_of.setdefault(m.article, set()).add(m.entity)
        corpus.articles_of.setdefault(m.entity, set()).add(m.article)
        if m.person:
            corpus.person_in.add((m.article, m.entity))
            corpus.person_articles[m.entity] += 1
            said = {g for name in m.written if name.split() and (g := _gender(name.split()[0]))}
            corpus.genders[(m.article, m.entity)] = said
            corpus.titled[m.entity] = corpus.titled.get(m.entity, set()) | said
            names.setdefault(m.entity, set()).add(m.name)
    for entity, written in names.items():
        # the same entity may be written differently in two articles ("Vince"/"Vincent
        # Cable"): one of them, the same whatever the order
        key = entity_name(min(written), ActorType.Person).key
        if key:
            corpus.keys[entity] = key
    return corpus


def decide(
    mentions: Iterable[Mention],
    curated: set[str] | None = None,
    split_off: set[tuple[str, str]] | None = None,
    merged: dict[str, str] | None = None,
) -> list[Decision]:
    """The surname-only people to move, per article, with the evidence for each move.

    What a person curated is left as the person said: a surname entity in `curated` (merged,
    renamed, typed, linked), or an (entity, article) pair in `split_off`. `merged` maps an
    entity a person merged to the one it was merged into: full names merged together are one
    candidate. Sorted, so the same store gives the same list."""
    curated = curated or set()
    split_off = split_off or set()
    merged = merged or {}
    corpus = _corpus(mentions)
    # surname key -> the candidate people (one per entity after a person's merges) -> their raw entities
    by_surname: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    surnames: dict[str, str] = {}
    for entity, key in corpus.keys.items():
        tokens = key.split(" ")
        if 2 * corpus.person_articles[entity] <= len(corpus.articles_of[entity]):
            continue  # mostly not a person ("Wales", "Leicester" typed Person once or twice)
        if len(tokens) == 1:
            surnames[entity] = key
        else:
            by_surname[tokens[-1]][merged.get(entity, entity)].append(entity)
    total = len(corpus.entities_of)
    idf = {e: math.log(total / len(docs)) for e, docs in corpus.articles_of.items()}
    profiles: dict[str, tuple[Counter[str], float, float]] = {}
    sexes: dict[str, str | None] = {}
    decisions = []
    for surname, key in sorted(surnames.items()):
        groups = by_surname.get(key, {})
        if surname in curated or not groups:
            continue
        members = {raw for group in groups.values() for raw in group}
        for article in sorted(corpus.articles_of[surname]):
            if (article, surname) not in corpus.person_in or (surname, article) in split_off:
                continue
            context = corpus.entities_of[article] - {surname}
            if context & members:
                continue  # the article names one of them in full and still said only "Howard"
            genders = corpus.genders.get((article, surname), set())
            written = genders.pop() if len(genders) == 1 else None
            scored = []
            for person, raw in sorted(groups.items()):
                if person not in sexes:
                    sexes[person] = _sex(corpus, raw)
                if written and sexes[person] and written != sexes[person]:
                    continue  # "Baroness Kennedy" is not Charles Kennedy
                if person not in profiles:
                    profiles[person] = _profile(raw, corpus, idf)
                # the split goes to the raw entity most articles name (a merge then applies)
                target = min(raw, key=lambda e: (-len(corpus.articles_of[e]), e))
                similarity, shared = _similarity(context, profiles[person], idf)
                scored.append((similarity * profiles[person][2], similarity, shared, target))
            if not scored:
                continue
            scored.sort(key=lambda s: (-s[0], s[3]))
            weighted, best, shared, chosen = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            enough = best >= MIN_SIMILARITY or (best >= MIN_KNOWN_SIMILARITY and weighted >= MIN_WEIGHTED)
            if enough and shared >= MIN_SHARED and weighted >= MIN_MARGIN * runner_up:
                decisions.append(
                    Decision(surname, article, chosen, round(best, 4), round(weighted, 4), round(runner_up, 4), shared)
                )
    return decisions


def _gender(word: str) -> str | None:
    from kg.entities.names import gender_of_words

    return gender_of_words().get(word.lower().rstrip("."))


def _sex(corpus: _Corpus, entities: list[str]) -> str | None:
    """A person's sex if their first name or the titles written before their name say one
    thing ("Charles": male; "Mrs Hewitt": female), else None."""
    said = {g for e in entities if (g := _gender(corpus.keys[e].split(" ")[0]))}
    for entity in entities:
        said |= corpus.titled.get(entity, set())
    return said.pop() if len(said) == 1 else None


def _profile(entities: list[str], corpus: _Corpus, idf: dict[str, float]) -> tuple[Counter[str], float, float]:
    """How many of the person's articles each other entity appears in, the norm of that
    idf-weighted vector, and the prior (the square root of the person's article count)."""
    counts: Counter[str] = Counter()
    articles = set().union(*(corpus.articles_of[e] for e in entities))
    for article in articles:
        counts.update(corpus.entities_of[article] - set(entities))
    norm = math.sqrt(sum((n * idf[e]) ** 2 for e, n in counts.items()))
    return counts, norm, math.sqrt(len(articles))


def _similarity(
    context: set[str], profile: tuple[Counter[str], float, float], idf: dict[str, float]
) -> tuple[float, int]:
    counts, norm, _ = profile
    article_norm = math.sqrt(sum(idf[e] ** 2 for e in context))
    if not norm or not article_norm:
        return 0.0, 0
    shared = [e for e in context if counts.get(e) and idf[e] > 0]
    dot = sum(counts[e] * idf[e] * idf[e] for e in shared)
    return dot / (norm * article_norm), len(shared)


def store_mentions(store) -> list[Mention]:
    """Every (article, entity) pair of the store, in two queries."""
    graph_prefix, article_prefix = str(KGR["graph/"]), str(KGR["article/"])

    def article(graph: object) -> str:
        return article_prefix + str(graph).removeprefix(graph_prefix)

    people: dict[tuple[str, str], str] = {}
    written: dict[tuple[str, str], set[str]] = {}
    for graph, entity, label, name in _rows(store, _PEOPLE):
        key = (article(graph), str(entity))
        people.setdefault(key, str(label))
        written.setdefault(key, set()).add(str(name))
    seen = set()
    mentions = []
    for graph, entity in _rows(store, _ALL):
        key = (article(graph), str(entity))
        if key not in seen:
            seen.add(key)
            mentions.append(
                Mention(key[0], key[1], people.get(key, ""), key in people, tuple(sorted(written.get(key, ()))))
            )
    return mentions


def _rows(store, query: str) -> Iterator[tuple]:
    streamed = store.stream_rows(query)
    if streamed is not None:
        yield from (tuple(row) for row in streamed[1])
        return
    yield from store.query(query)


def resolution_graph(decisions: Iterable[Decision]) -> Graph:
    graph = Graph(identifier=RESOLUTION_GRAPH)
    bind_prefixes(graph)
    for d in decisions:
        graph.add((URIRef(d.entity), KGO.splitFrom, URIRef(d.surname)))
        graph.add((URIRef(d.entity), KGO.splitArticle, URIRef(d.article)))
    return graph


def resolve_surnames(store) -> list[Decision]:
    """Recompute the machine's surname decisions from the whole store and replace the
    resolution graph with them (removed when there is none)."""
    from kg.entities.curation import curated_entities, merges

    curated, split_off = curated_entities(store)
    decisions = decide(store_mentions(store), curated, split_off, merges(store))
    graph = resolution_graph(decisions)
    if set(graph) != set(store.get_graph(RESOLUTION_GRAPH)):  # no write when nothing changed
        if len(graph):
            store.put_article(RESOLUTION_GRAPH, graph)
        else:
            store.delete_article(RESOLUTION_GRAPH)
    return decisions
