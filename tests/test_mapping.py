"""ClaimSet <-> RDF: deterministic IRIs, provenance selectors, lossless round trip."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef

import kg.vocab as V
from kg.claimfile import load_claimset
from kg.errors import InputError
from kg.models import ActorType, Approximation, ClaimSet, sha256_text
from kg.rdf_mapping import (
    QUOTE_CONTEXT,
    actor_iri,
    article_graph_iri,
    article_iri,
    claimset_to_graph,
    run_iri,
    statement_iri,
    statistic_iri,
)
from kg.rdf_reading import graph_to_claimset
from tests.helpers import SEED_GOLD

ARTICLE = "https://w3id.org/kg-news/id/article/china-cyber"


def _span(text: str, needle: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle}


def built_claimset(text: str) -> ClaimSet:
    """A ClaimSet over the seed article that uses every field of the contract."""

    def s(needle: str, nth: int = 0) -> dict:
        return _span(text, needle, nth)

    return ClaimSet.model_validate(
        {
            "article": {
                "id": "china-cyber",
                "source": "seeds/china-cybersecurity-2010.txt",
                "title": "China backs international efforts to secure cyberspace",
                "author": "Chris Lefkow",
                "publisher": "AFP",
                "published": "2010-05-04",
                "url": "https://example.org/a?b=1&c=2",
                "sha256": sha256_text(text),
                "text": text,
            },
            # Deliberately not in id order, with a repeated alias: order must survive.
            "actors": [
                {
                    "id": "liu",
                    "name": "Liu Zhengrong",
                    "type": "Person",
                    "aliases": ["Liu", "the Chinese official", "Liu"],
                    "roles": ["deputy director general", "a top Chinese official"],
                    "affiliation": "scio",
                    "mentions": [s("Liu", 1), s("Liu Zhengrong"), s("Liu", 3)],
                },
                {
                    "id": "scio",
                    "name": "State Council Information Office",
                    "type": "Organization",
                    "mentions": [s("State Council Information Office")],
                },
                {
                    "id": "china",
                    "name": "China",
                    "type": "Country",
                    "aliases": ["Chinese"],
                    "mentions": [s("China"), s("China", 1)],
                },
                {"id": "summit", "name": "Worldwide Cybersecurity Summit", "type": "Event"},
                # A group standing for two actors, members not in id order: order must survive.
                {"id": "a/b c?", "name": "Odd id", "type": "Group", "members": ["scio", "china"]},
            ],
            "statements": [
                {
                    "id": "s2",
                    "kind": "direct",
                    "content": [s("China faces severe cybersecurity threats")],
                    "speaker": "liu",
                    "speaker_mention": s("Liu", 1),
                    "cue": s("told"),
                    "audience": "summit",
                    "via": "a/b c?",
                },
                {
                    "id": "s1",
                    "kind": "partial",
                    "content": [
                        s("Internet sovereignty of each country needs to be respected"),
                        s("different national and cultural conditions"),
                    ],
                },
                {
                    "id": "s3",
                    "kind": "indirect",
                    "content": [s("China supports international efforts")],
                    "speaker": "liu",
                },
            ],
            "statistics": [
                {
                    "id": "n1",
                    "span": s("some 40 countries"),
                    "value": 40.0,
                    "unit": "country",
                    "approximation": "about",
                    "period": "2010",
                    "comparison": {"type": "more than", "baseline": "last year"},
                    "statement": "s2",
                },
                {
                    "id": "n0",
                    "span": s("40"),
                    "value": 1234567890.123,
                    "unit": "USD",
                    "comparison": {"type": "increase"},
                },
            ],
        }
    )


@pytest.fixture(scope="module")
def claims(seed_text: str) -> ClaimSet:
    return built_claimset(seed_text)


@pytest.fixture(scope="module")
def mapped(claims: ClaimSet) -> Graph:
    return claimset_to_graph(claims)[1]


# ---------------------------------------------------------------- round trip


def test_round_trip_is_lossless(claims: ClaimSet) -> None:
    graph_iri, graph = claimset_to_graph(claims)
    assert graph_iri == article_graph_iri("china-cyber")
    back = graph_to_claimset(graph)
    assert back == claims
    # order of every list, not just equality of sets
    assert [a.id for a in back.actors] == ["liu", "scio", "china", "summit", "a/b c?"]
    assert back.actors[0].aliases == ["Liu", "the Chinese official", "Liu"]
    assert back.actors[0].mentions == claims.actors[0].mentions
    assert [st.id for st in back.statements] == ["s2", "s1", "s3"]
    assert [st.id for st in back.statistics] == ["n1", "n0"]
    assert graph_to_claimset(graph, article_iri("china-cyber")) == claims


def test_seed_gold_round_trip() -> None:
    gold = load_claimset(SEED_GOLD)
    graph_iri, graph = claimset_to_graph(gold)
    assert graph_iri == article_graph_iri(gold.article.id)
    assert graph_to_claimset(graph) == gold
    # a second load of the same file maps to exactly the same triples
    assert set(claimset_to_graph(load_claimset(SEED_GOLD))[1]) == set(graph)


def test_same_claimset_gives_identical_triples(claims: ClaimSet) -> None:
    first = set(claimset_to_graph(claims)[1])
    again = set(claimset_to_graph(ClaimSet.model_validate(claims.model_dump()))[1])
    assert first == again
    nodes = {term for triple in first for term in triple}
    assert not [n for n in nodes if isinstance(n, BNode)], "blank nodes make reloads differ"


def test_graph_is_named_after_the_article(claims: ClaimSet) -> None:
    graph_iri, graph = claimset_to_graph(claims)
    assert graph.identifier == graph_iri
    assert str(graph_iri) == "https://w3id.org/kg-news/id/graph/china-cyber"


def test_iri_scheme_follows_vocab(mapped: Graph) -> None:
    art = URIRef(ARTICLE)
    assert article_iri("china-cyber") == art
    s2 = statement_iri("china-cyber", "s2")
    assert str(s2) == f"{ARTICLE}/statement/s2"
    assert str(actor_iri("china-cyber", "liu")) == f"{ARTICLE}/actor/liu"
    assert str(statistic_iri("china-cyber", "n1")) == f"{ARTICLE}/statistic/n1"
    expected_nodes = [
        art,
        run_iri("china-cyber"),
        URIRef(f"{s2}/content/0"),
        URIRef(f"{s2}/content/0/position"),
        URIRef(f"{s2}/content/0/quote"),
        URIRef(f"{s2}/speaker-mention"),
        URIRef(f"{s2}/cue"),
        URIRef(f"{ARTICLE}/actor/liu/mention/2"),
        URIRef(f"{ARTICLE}/statistic/n1/span"),
        URIRef(f"{ARTICLE}/statistic/n1/comparison"),
    ]
    subjects = set(mapped.subjects())
    assert [n for n in expected_nodes if n not in subjects] == []


def test_ids_are_percent_encoded_into_one_path_segment(mapped: Graph) -> None:
    odd = actor_iri("china-cyber", "a/b c?")
    assert str(odd) == f"{ARTICLE}/actor/a%2Fb%20c%3F"
    assert (odd, V.KGO.actorId, Literal("a/b c?")) in mapped


def test_article_triples(mapped: Graph, seed_text: str) -> None:
    art = URIRef(ARTICLE)
    assert (art, V.RDF.type, V.SCHEMA.NewsArticle) in mapped
    assert mapped.value(art, V.SCHEMA.datePublished) == Literal("2010-05-04", datatype=V.XSD.date)
    assert mapped.value(art, V.SCHEMA.url).datatype == V.XSD.anyURI
    assert str(mapped.value(art, V.SCHEMA.text)) == seed_text
    assert str(mapped.value(run_iri("china-cyber"), V.KGO.method)) == "manual"


def test_every_span_has_position_and_quote_selectors(
    claims: ClaimSet, mapped: Graph, seed_text: str
) -> None:
    """Provenance: each content segment, mention, cue and statistic span can be found again."""
    located = {}
    for selector in mapped.subjects(V.RDF.type, V.OA.TextPositionSelector):
        span_node = mapped.value(predicate=V.OA.hasSelector, object=selector)
        start = mapped.value(selector, V.OA.start)
        assert start.datatype == V.XSD.nonNegativeInteger
        quote = next(
            q
            for q in mapped.objects(span_node, V.OA.hasSelector)
            if (q, V.RDF.type, V.OA.TextQuoteSelector) in mapped
        )
        assert (span_node, V.OA.hasSource, URIRef(ARTICLE)) in mapped
        located[str(span_node)] = (
            int(start),
            int(mapped.value(selector, V.OA.end)),
            str(mapped.value(quote, V.OA.exact)),
            str(mapped.value(quote, V.OA.prefix)),
            str(mapped.value(quote, V.OA.suffix)),
        )
    spans = claims.spans()
    assert len(located) == len(spans) == 14
    for start, end, exact, prefix, suffix in located.values():
        assert seed_text[start:end] == exact
        assert prefix == seed_text[max(0, start - QUOTE_CONTEXT) : start]
        assert suffix == seed_text[end : end + QUOTE_CONTEXT]
    cue = located[f"{ARTICLE}/statement/s2/cue"]
    assert cue[2] == "told" and cue[4].startswith(" a cybersecurity conference")


def test_content_segments_keep_their_index(mapped: Graph) -> None:
    s1 = statement_iri("china-cyber", "s1")
    segments = mapped.objects(s1, V.KGO.content)
    indexed = sorted((int(mapped.value(seg, V.KGO.index)), str(seg)) for seg in segments)
    assert indexed == [(0, f"{s1}/content/0"), (1, f"{s1}/content/1")]


def test_via_is_written_both_as_shorthand_and_as_prov(mapped: Graph) -> None:
    s2 = statement_iri("china-cyber", "s2")
    odd = actor_iri("china-cyber", "a/b c?")
    assert (s2, V.KGO.via, odd) in mapped
    attribution = mapped.value(s2, V.PROV.qualifiedAttribution)
    assert attribution == URIRef(f"{s2}/via")
    assert (attribution, V.RDF.type, V.PROV.Attribution) in mapped
    assert (attribution, V.PROV.agent, odd) in mapped
    assert (attribution, V.PROV.hadRole, V.KGO.Intermediary) in mapped
    assert mapped.value(s2, V.PROV.wasAttributedTo) == actor_iri("china-cyber", "liu")


def test_statistic_value_is_a_double(mapped: Graph) -> None:
    value = mapped.value(statistic_iri("china-cyber", "n0"), V.SCHEMA.value)
    assert value.datatype == V.XSD.double
    assert float(str(value)) == 1234567890.123


def test_mentions_are_derived_and_ignored_when_reading(claims: ClaimSet, mapped: Graph) -> None:
    s3 = statement_iri("china-cyber", "s3")
    s2 = statement_iri("china-cyber", "s2")
    # s3's content "China supports ..." holds China's second mention; s2's holds no mention.
    assert set(mapped.objects(s3, V.KGO.mentions)) == {actor_iri("china-cyber", "china")}
    assert set(mapped.objects(s2, V.KGO.mentions)) == set()
    changed = Graph()
    for triple in mapped:
        if triple[1] != V.KGO.mentions:
            changed.add(triple)
    changed.add((s3, V.KGO.mentions, actor_iri("china-cyber", "summit")))
    assert graph_to_claimset(changed) == claims


def test_reading_picks_the_article_when_a_graph_holds_two(claims: ClaimSet, mapped: Graph) -> None:
    other = ClaimSet.model_validate({"article": {"id": "other", "source": "x.txt", "text": "Hi."}})
    both = Graph()
    for triple in mapped:
        both.add(triple)
    for triple in claimset_to_graph(other)[1]:
        both.add(triple)
    with pytest.raises(InputError, match="2 articles"):
        graph_to_claimset(both)
    assert graph_to_claimset(both, article_iri("china-cyber")) == claims
    assert graph_to_claimset(both, article_iri("other")) == other


def test_reading_a_graph_without_the_article_is_an_input_error(mapped: Graph) -> None:
    with pytest.raises(InputError, match="no article"):
        graph_to_claimset(mapped, URIRef("https://example.org/nothing"))
    with pytest.raises(InputError, match="0 articles"):
        graph_to_claimset(Graph())


def test_reading_a_broken_span_names_it(mapped: Graph) -> None:
    broken = Graph()
    cue_position = URIRef(f"{ARTICLE}/statement/s2/cue/position")
    for triple in mapped:
        if triple[0] != cue_position:
            broken.add(triple)
    with pytest.raises(InputError, match="statement/s2/cue needs a TextPositionSelector"):
        graph_to_claimset(broken)


# ---------------------------------------------------------------- serialisations


def _oxigraph_terms(triple: pyoxigraph.Triple) -> tuple:
    def term(t):
        if isinstance(t, pyoxigraph.NamedNode):
            return URIRef(t.value)
        if isinstance(t, pyoxigraph.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            dtype = URIRef(t.datatype.value)
            return Literal(t.value, datatype=None if dtype == V.XSD.string else dtype)
        raise AssertionError(f"unexpected term {t!r}")

    return (term(triple.subject), term(triple.predicate), term(triple.object))


def _normal(term):
    # Turtle writers may respell a double ("40.0" -> "4e+01"); compare doubles by value.
    if isinstance(term, Literal) and term.datatype == V.XSD.double:
        return ("double", float(str(term)))
    if isinstance(term, Literal):
        return ("literal", str(term), term.datatype, term.language)
    return term


def test_turtle_parses_with_an_independent_parser(mapped: Graph) -> None:
    text = mapped.serialize(format="turtle")
    parsed = {
        tuple(_normal(t) for t in _oxigraph_terms(q))
        for q in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    }
    ours = {tuple(_normal(t) for t in triple) for triple in mapped}
    # Same triples except doubles, which rdflib's Turtle writer rounds to 7 digits.
    assert {t for t in parsed if t[1] != V.SCHEMA.value} == {
        t for t in ours if t[1] != V.SCHEMA.value
    }
    assert len(parsed) == len(ours)


def test_ntriples_round_trip_through_oxigraph_is_exact(claims: ClaimSet, mapped: Graph) -> None:
    text = mapped.serialize(format="nt")
    parsed = Graph()
    for q in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES):
        parsed.add(_oxigraph_terms(q))
    assert set(parsed) == set(mapped)
    assert graph_to_claimset(parsed) == claims


def test_turtle_written_by_oxigraph_round_trips_exactly(claims: ClaimSet, mapped: Graph) -> None:
    quads = [
        pyoxigraph.Triple(*(_to_oxigraph(t) for t in triple))
        for triple in mapped
    ]
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TURTLE)
    assert graph_to_claimset(Graph().parse(data=text.decode("utf-8"), format="turtle")) == claims


def _to_oxigraph(term):
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    return pyoxigraph.Literal(
        str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
    )


# ---------------------------------------------------------------- property test

_CHARS = st.characters(codec="utf-8", blacklist_categories=("Cs",))


@st.composite
def claimsets(draw: st.DrawFn) -> ClaimSet:
    """Small valid ClaimSets over a random text: every span is a real slice of it."""
    text = draw(st.text(_CHARS, min_size=1, max_size=80))

    def span() -> dict:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        return {"start": start, "end": end, "text": text[start:end]}

    ids = st.text(_CHARS, min_size=1, max_size=6)
    words = st.text(_CHARS, max_size=12)
    actor_ids = draw(st.lists(ids, max_size=4, unique=True))
    statement_ids = draw(st.lists(ids, max_size=3, unique=True))
    statistic_ids = draw(st.lists(ids, max_size=3, unique=True))
    maybe_actor = st.none() | st.sampled_from(actor_ids) if actor_ids else st.none()
    maybe_statement = (
        st.none() | st.sampled_from(statement_ids) if statement_ids else st.none()
    )
    article = {
        "id": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True)),
        "source": draw(words),
        "title": draw(st.none() | words),
        "author": draw(st.none() | words),
        "publisher": draw(st.none() | words),
        "published": draw(st.none() | st.dates()),
        "url": draw(st.none() | words),
        "sha256": draw(st.none() | st.just(sha256_text(text))),
        "text": text,
    }
    def some_others(actor_id: str) -> list[str]:
        # A group's members: other actors, in any order.
        others = draw(st.permutations([a for a in actor_ids if a != actor_id]))
        return others[: draw(st.integers(0, len(others)))]

    actors = [
        {
            "id": actor_id,
            "name": draw(st.text(_CHARS, min_size=1, max_size=10)),
            "type": draw(st.sampled_from([t.value for t in ActorType])),
            "aliases": draw(st.lists(words, max_size=3)),
            "roles": draw(st.lists(words, max_size=3)),
            "affiliation": draw(maybe_actor),
            "mentions": [span() for _ in range(draw(st.integers(0, 3)))],
            "members": some_others(actor_id),
        }
        for actor_id in actor_ids
    ]
    statements = [
        {
            "id": statement_id,
            "kind": draw(st.sampled_from(["direct", "partial", "indirect"])),
            "content": [span() for _ in range(draw(st.integers(1, 3)))],
            "speaker": draw(maybe_actor),
            "speaker_mention": span() if draw(st.booleans()) else None,
            "cue": span() if draw(st.booleans()) else None,
            "via": draw(maybe_actor),
            "audience": draw(maybe_actor),
        }
        for statement_id in statement_ids
    ]
    statistics = [
        {
            "id": statistic_id,
            "span": span(),
            "value": draw(st.floats(allow_nan=False)),
            "unit": draw(st.text(_CHARS, min_size=1, max_size=8)),
            "approximation": draw(
                st.sampled_from([a.value for a in Approximation])
            ),
            "period": draw(st.none() | words),
            "comparison": draw(
                st.none()
                | st.fixed_dictionaries(
                    {"type": st.text(_CHARS, min_size=1, max_size=8), "baseline": st.none() | words}
                )
            ),
            "statement": draw(maybe_statement),
        }
        for statistic_id in statistic_ids
    ]
    return ClaimSet.model_validate(
        {"article": article, "actors": actors, "statements": statements, "statistics": statistics}
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claimsets())
def test_round_trip_property(claims: ClaimSet) -> None:
    graph_iri, graph = claimset_to_graph(claims)
    assert graph_to_claimset(graph) == claims
    assert set(claimset_to_graph(claims)[1]) == set(graph)
    # and through a serialisation: N-Triples keeps every character and every double
    reparsed = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    assert graph_to_claimset(reparsed) == claims


def test_round_trip_through_an_oxigraph_store_on_disk(
    claims: ClaimSet, mapped: Graph, tmp_path: Path
) -> None:
    """The store may respell literals (canonical doubles); reading back must not care."""
    graph_iri = article_graph_iri("china-cyber")
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(
        mapped.serialize(format="nt").encode("utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(str(graph_iri)),
    )
    back = Graph()
    for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph_iri))):
        back.add(_oxigraph_terms(quad))
    assert len(back) == len(mapped)
    assert graph_to_claimset(back) == claims
    # nothing in the default graph
    assert list(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())) == []
