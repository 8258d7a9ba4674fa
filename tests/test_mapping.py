"""ClaimSet <-> RDF: deterministic IRIs, provenance selectors, lossless round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.errors import InputError
from kg.models import ClaimSet, sha256_text
from kg.rdf_mapping import (
    actor_iri,
    article_graph_iri,
    article_iri,
    claimset_to_graph,
    graph_to_claimset,
    statement_iri,
)
from kg.vocab import KGO, KGR, OA, PROV, RDF, SCHEMA, XSD
from tests.conftest import SEED_GOLD, SEED_TEXT


def _span(text: str, needle: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle}


def built_claimset(text: str) -> ClaimSet:
    """A ClaimSet over the seed article that uses every field of the contract."""
    s = lambda needle, nth=0: _span(text, needle, nth)  # noqa: E731
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
            # deliberately not in id order: the round trip must keep list order
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
                {"id": "scio", "name": "State Council Information Office", "type": "Organization",
                 "mentions": [s("State Council Information Office")]},
                {"id": "china", "name": "China", "type": "Country", "aliases": ["Chinese"],
                 "mentions": [s("China"), s("China", 1)]},
                {"id": "summit", "name": "Worldwide Cybersecurity Summit", "type": "Event"},
                {"id": "a/b c?", "name": "Odd id", "type": "Group"},
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
                    "content": [s("Internet sovereignty of each country needs to be respected"),
                                s("different national and cultural conditions")],
                },
                {"id": "s3", "kind": "indirect", "content": [s("China supports international efforts")],
                 "speaker": "liu"},
            ],
            "statistics": [
                {"id": "n1", "span": s("some 40 countries"), "value": 40.0, "unit": "country",
                 "approximation": "about", "period": "2010",
                 "comparison": {"type": "more than", "baseline": "last year"}, "statement": "s2"},
                {"id": "n0", "span": s("40"), "value": 1e9, "unit": "USD",
                 "comparison": {"type": "increase"}},
            ],
        }
    )


@pytest.fixture(scope="module")
def claims(seed_text: str) -> ClaimSet:
    return built_claimset(seed_text)


def test_round_trip_is_lossless(claims: ClaimSet) -> None:
    graph_iri, graph = claimset_to_graph(claims)
    assert graph_iri == article_graph_iri("china-cyber")
    assert graph_to_claimset(graph) == claims
    assert graph_to_claimset(graph, article_iri("china-cyber")) == claims
