"""SHACL validation: real pyshacl against ontology/shapes.ttl on mapped graphs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import Graph, Literal, URIRef

import kg.vocab as V
from kg.claimfile import load_claimset
from kg.models import ClaimSet
from kg.rdf_mapping import actor_iri, claimset_to_graph, statement_iri, statistic_iri
from kg.validate import ValidationReport, format_violations, validate_graph
from tests.helpers import SEED_GOLD
from tests.test_mapping import built_claimset, claimsets

S3 = statement_iri("china-cyber", "s3")


@pytest.fixture(scope="module")
def claims(seed_text: str) -> ClaimSet:
    return built_claimset(seed_text)


@pytest.fixture()
def graph(claims: ClaimSet) -> Graph:
    """A fresh copy per test, so a test can break it."""
    fresh = Graph()
    for triple in claimset_to_graph(claims)[1]:
        fresh.add(triple)
    return fresh


def _lines(graph: Graph) -> list[str]:
    report = validate_graph(graph)
    assert report.conforms is False
    return format_violations(report)


def test_mapped_graph_conforms(graph: Graph) -> None:
    report = validate_graph(graph)
    assert format_violations(report) == []
    assert report.conforms is True


def test_seed_gold_conforms() -> None:
    report = validate_graph(claimset_to_graph(load_claimset(SEED_GOLD))[1])
    assert format_violations(report) == []
    assert report.conforms


def test_statement_without_speaker_and_content_fails_naming_it(graph: Graph) -> None:
    graph.remove((S3, V.PROV.wasAttributedTo, None))
    graph.remove((S3, V.KGO.content, None))
    lines = _lines(graph)
    assert lines == [
        f"statement s3 ({S3}): has neither a speaker (prov:wasAttributedTo) nor content "
        "(kgo:content); give it at least one"
    ]


def test_statement_with_only_a_speaker_or_only_content_passes(graph: Graph) -> None:
    graph.remove((S3, V.KGO.content, None))
    assert validate_graph(graph).conforms
    s1 = statement_iri("china-cyber", "s1")  # s1 has content and no speaker
    assert graph.value(s1, V.PROV.wasAttributedTo) is None
    assert validate_graph(graph).conforms


def test_kind_outside_the_list_fails(graph: Graph) -> None:
    graph.set((S3, V.KGO.kind, Literal("rumour")))
    [line] = _lines(graph)
    assert line.startswith(f"statement s3 ({S3}): kgo:kind must be exactly one of")


def test_span_ending_before_it_starts_fails(graph: Graph) -> None:
    position = URIRef(f"{S3}/content/0/position")
    graph.set((position, V.OA.start, Literal(5000, datatype=V.XSD.nonNegativeInteger)))
    [line] = _lines(graph)
    assert line == (
        f"statement s3 content/0/position ({position}): oa:start is after oa:end; "
        "the span must not end before it starts"
    )


def test_content_segment_without_index_fails(graph: Graph) -> None:
    graph.remove((URIRef(f"{S3}/content/0"), V.KGO.index, None))
    [line] = _lines(graph)
    assert line == (
        f"statement s3 ({S3}): each kgo:content segment must be a kgo:Span with a kgo:index"
    )


def test_span_without_quote_selector_fails(graph: Graph) -> None:
    span = URIRef(f"{S3}/content/0")
    graph.remove((span, V.OA.hasSelector, URIRef(f"{span}/quote")))
    [line] = _lines(graph)
    assert "needs exactly one oa:TextQuoteSelector" in line
    assert line.startswith("statement s3 content/0 (")


def test_statistic_value_must_be_a_double(graph: Graph) -> None:
    n1 = statistic_iri("china-cyber", "n1")
    graph.set((n1, V.SCHEMA.value, Literal("forty")))
    [line] = _lines(graph)
    assert line == f"statistic n1 ({n1}): needs exactly one schema:value typed xsd:double"


def test_statistic_approximation_outside_the_list_fails(graph: Graph) -> None:
    n1 = statistic_iri("china-cyber", "n1")
    graph.set((n1, V.KGO.approximation, Literal("roughly")))
    [line] = _lines(graph)
    assert line.startswith(f"statistic n1 ({n1}): kgo:approximation must be exactly one of")


def test_statistic_without_unit_fails(graph: Graph) -> None:
    n0 = statistic_iri("china-cyber", "n0")
    graph.remove((n0, V.SCHEMA.unitText, None))
    [line] = _lines(graph)
    assert line.startswith(f"statistic n0 ({n0}): needs exactly one non-empty schema:unitText")


def test_actor_needs_exactly_one_type(graph: Graph) -> None:
    liu = actor_iri("china-cyber", "liu")
    graph.add((liu, V.RDF.type, V.SCHEMA.Organization))
    [line] = _lines(graph)
    assert line.startswith(f"actor liu ({liu}): needs exactly one actor type")


def test_speaker_must_be_an_actor(graph: Graph) -> None:
    graph.set((S3, V.PROV.wasAttributedTo, URIRef("https://example.org/nobody")))
    [line] = _lines(graph)
    assert "speaker (prov:wasAttributedTo) must be one actor of the same article" in line


def test_intermediary_attribution_needs_the_role(graph: Graph) -> None:
    s2 = statement_iri("china-cyber", "s2")
    graph.set((URIRef(f"{s2}/via"), V.PROV.hadRole, URIRef("https://example.org/Other")))
    [line] = _lines(graph)
    assert line == (
        f"statement s2 ({s2}): prov:qualifiedAttribution must be one prov:Attribution "
        "of an actor in the role kgo:Intermediary"
    )


def test_article_sha256_must_be_hex(graph: Graph) -> None:
    article = URIRef("https://w3id.org/kg-news/id/article/china-cyber")
    graph.set((article, V.KGO.sha256, Literal("not-a-hash")))
    [line] = _lines(graph)
    assert line.startswith(f"article china-cyber ({article}): kgo:sha256 must be")


def test_report_records_focus_path_message_severity(graph: Graph) -> None:
    graph.set((S3, V.KGO.kind, Literal("rumour")))
    report = validate_graph(graph)
    assert isinstance(report, ValidationReport)
    [violation] = report.violations
    assert violation.focus == str(S3)
    assert violation.path == "kgo:kind"
    assert violation.severity == "Violation"
    assert violation.label == "statement s3"
    assert "direct" in violation.message


def test_article_without_its_source_fails_and_so_do_its_statements(graph: Graph) -> None:
    """An article without its source fails, named; without its type, every statement derived
    from it fails too (each one reported, not only the first)."""
    article = URIRef("https://w3id.org/kg-news/id/article/china-cyber")
    graph.remove((article, V.KGO.source, None))
    [line] = _lines(graph)
    assert line.startswith(f"article china-cyber ({article}): ") and "kgo:source" in line
    graph.remove((article, V.RDF.type, V.SCHEMA.NewsArticle))
    statements = {str(s) for s in graph.subjects(V.RDF.type, V.KGO.Statement)}
    report = validate_graph(graph)
    assert statements and statements <= {v.focus for v in report.violations}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claimsets())
def test_every_valid_claimset_maps_to_a_conforming_graph(claims: ClaimSet) -> None:
    report = validate_graph(claimset_to_graph(claims)[1])
    assert format_violations(report) == []
