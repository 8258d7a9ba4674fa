"""Plural descriptions ("both organisations", "the two companies", "both men", "the pair")
resolve to a Group actor whose `members` are the actors it stands for: extracted through the
real spaCy model, kept through the RDF mapping and the stores, and counted for each member by
the queries that roll up by speaker."""

from __future__ import annotations

import pytest

from kg.errors import ClaimSetError
from kg.extract.pipeline import extract_text
from kg.models import ActorType, ClaimSet, parse_claimset
from kg.queries import run_query
from kg.rdf_mapping import article_graph_iri, claimset_to_graph
from kg.rdf_reading import graph_to_claimset
from kg.validate import validate_graph

ORGANISATIONS = [("Microsoft", "Sony"), ("Vodafone", "Orange"), ("Nissan", "Toyota"), ("Shell", "BP")]
PEOPLE = [("Tony Blair", "Gordon Brown"), ("Hillary Clinton", "Barack Obama"), ("Michael Howard", "Charles Kennedy")]


def speaker_of(claims: ClaimSet, words: str):
    statement = next(s for s in claims.statements if words in s.text)
    return claims.actor(statement.speaker)


def member_names(claims: ClaimSet, actor) -> list[str]:
    return [claims.actor(m).name for m in actor.members]


@pytest.mark.parametrize(("a", "b"), ORGANISATIONS)
def test_both_organisations_are_the_two_that_spoke(nlp, a, b):
    text = (
        f"{a} said on Monday that its sales had risen. The government said nothing. "
        f"{b} said its profits would fall. Both organisations also warned that prices would rise."
    )
    claims = extract_text(text)
    group = speaker_of(claims, "prices would rise")
    assert group.type == ActorType.Group
    assert member_names(claims, group) == [a, b]  # not the government, which spoke between them


@pytest.mark.parametrize(("a", "b"), ORGANISATIONS)
def test_the_two_companies_are_the_coordination_before(nlp, a, b):
    text = (
        f"Shares in {a} and {b} fell sharply on Monday after the deal collapsed in London. "
        f"The two companies said the talks could resume next year."
    )
    claims = extract_text(text)
    group = speaker_of(claims, "talks could resume")
    assert member_names(claims, group) == [a, b]


@pytest.mark.parametrize(("a", "b"), PEOPLE)
def test_both_men_and_the_pair_are_the_last_two_people(nlp, a, b):
    text = (
        f"{a} met {b} at the Treasury on Monday, officials said. "
        f"Both men said the talks had gone well. Later the pair said there was no rift between them."
    )
    claims = extract_text(text)
    both = speaker_of(claims, "talks had gone well")
    pair = speaker_of(claims, "no rift")
    assert member_names(claims, both) == [a, b]
    assert pair is both  # the same two people: one group, named both ways


def test_members_are_of_the_kind_the_noun_says(nlp):
    text = (
        "Tony Blair spoke to Gordon Brown about Microsoft and Sony on Monday. "
        "Both men said the companies had been helpful."
    )
    claims = extract_text(text)
    assert member_names(claims, speaker_of(claims, "had been helpful")) == ["Tony Blair", "Gordon Brown"]


def test_a_plural_with_nobody_to_stand_for_stays_a_description(nlp):
    claims = extract_text("The two companies said the talks could resume next year.")
    speaker = speaker_of(claims, "talks could resume")
    assert speaker.members == [] and speaker.name == "two companies"


def test_they_after_a_group_is_the_group(nlp):
    text = (
        "Microsoft said on Monday that its sales had risen. Sony said its profits would fall. "
        "Both companies warned that prices would rise. They also said that jobs would go."
    )
    claims = extract_text(text)
    group = speaker_of(claims, "prices would rise")
    assert group.members and speaker_of(claims, "jobs would go") is group


# ---------------------------------------------------------------- the contract, RDF, stores


def group_claims() -> ClaimSet:
    text = (
        "Microsoft said sales rose. Sony said profits fell. "
        "Both companies warned that prices would rise."
    )
    return extract_text(text, source="both-companies.txt")


def test_members_must_name_other_actors_of_the_article():
    base = {"article": {"id": "x", "source": "x.txt"}, "actors": [{"id": "a1", "name": "A", "type": "Group"}]}
    base["actors"][0]["members"] = ["a9"]
    with pytest.raises(ClaimSetError, match=r"actors\[0\] \(a1\)\.members\[0\]: 'a9' names no actor"):
        parse_claimset(base)
    base["actors"][0]["members"] = ["a1"]
    with pytest.raises(ClaimSetError, match="not its own member"):
        parse_claimset(base)


def test_members_survive_the_rdf_round_trip_and_the_shapes(nlp):
    claims = group_claims()
    group = speaker_of(claims, "prices would rise")
    assert len(group.members) == 2
    _, graph = claimset_to_graph(claims)
    assert graph_to_claimset(graph) == claims
    report = validate_graph(graph)
    assert report.conforms, report


@pytest.mark.parametrize("backend", ["memory", "disk", "http", "rdflib"])
def test_queries_count_a_group_statement_for_each_member(nlp, backend, tmp_path, request):
    from tests.test_queries import open_backend

    claims = group_claims()
    st = open_backend(backend, tmp_path, request)
    try:
        st.put_article(*claimset_to_graph(claims))
        if backend != "rdflib":
            assert graph_to_claimset(st.get_graph(article_graph_iri(claims.article.id))) == claims
        speakers = {row[0]: row[2] for row in run_query(st, "speakers").rows}
        sony = run_query(st, "statements-by-speaker", {"speaker": "Sony"}).rows
    finally:
        st.close()
    # Each company: its own statement and the one by "both companies".
    assert speakers["Microsoft"] == "2" and speakers["Sony"] == "2"
    assert "two companies" not in speakers and "both companies" not in speakers
    assert [(row[3], row[6]) for row in sony] == [
        ("profits fell", "Sony"),
        ("prices would rise", "both companies"),
    ]


@pytest.mark.parametrize(("a", "b"), [ORGANISATIONS[0], ORGANISATIONS[2], *PEOPLE[:2]])
def test_a_coordinated_subject_is_the_group_of_its_conjuncts(nlp, a, b):
    claims = extract_text(f"{a} and {b} said on Monday that the talks would resume next year.")
    group = speaker_of(claims, "talks would resume")
    assert group.type == ActorType.Group and member_names(claims, group) == [a, b]
    assert group.name == f"{a} and {b}"
