"""Corpus-level entities: which names are one entity, which stay apart, stable IRIs, the
entity-level queries, and curation that survives re-ingesting the articles."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.entities import entity_iri, entity_name, link_actors
from kg.entities.curation import (
    CURATION_GRAPH,
    find_entity,
    link_entity,
    merge_entities,
    rename_entity,
    set_entity_type,
    split_entity,
)
from kg.errors import InputError
from kg.models import ActorType, ClaimSet
from kg.operations import store_claimsets
from kg.queries import run_query
from kg.store import open_store

PER, ORG, GRP = ActorType.Person, ActorType.Organization, ActorType.Group
ENTITY = "https://w3id.org/kg-news/id/entity/"


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Lord Falconer", "Falconer", PER),
        ("Mr Howard", "Howard", PER),
        ("Prime Minister Tony Blair", "Tony Blair", PER),
        ("Vincent Cable", "Vince Cable", PER),
        ("Tories", "Conservative Party", GRP),
        ("Conservatives", "the Conservative Party", ORG),
        ("Lib Dems", "Liberal Democrats", PER),  # mistyped by the extractor: the name list decides
        ("EU", "European Union", ORG),
        ("U.S.", "United States", ActorType.Country),
        ("Labour's", "Labour Party", ORG),
    ],
)
def test_names_of_one_entity_share_a_key(a, b, kind):
    assert entity_name(a, kind).key is not None
    assert entity_name(a, kind).key == entity_name(b, kind).key


@pytest.mark.parametrize(
    ("a", "b"),
    [("Andy Robinson", "Jason Robinson"), ("Tony Blair", "Sir Ian Blair"), ("Tony Blair", "Blair")],
)
def test_people_sharing_a_surname_stay_apart(a, b):
    assert entity_name(a, PER).key != entity_name(b, PER).key


@pytest.mark.parametrize(
    "name",
    [
        "analysts",
        "a spokesman",
        "the report",
        "Home Office spokesman",
        "Shadow Secretary",
        "Scottish National Party's Holyrood leader",
        "Government",
        "You",
        "European policy makers",
        "MPs",
    ],
)
def test_descriptions_have_no_key(name):
    assert entity_name(name, GRP).key is None


def test_known_organisations_get_their_type_from_the_name_list():
    assert entity_name("Lib Dems", PER).type == ORG
    assert entity_name("Tony Blair", PER).type is None


def test_titles_are_dropped_from_people_only():
    assert entity_name("General Motors", ORG).key == "general motors"
    assert entity_name("Lord Falconer", PER).name == "Falconer"


# ---------------------------------------------------------------- one article's actors


def claimset(
    article_id: str, text: str, actors: list[tuple[str, ActorType, str]], said: list[tuple[str, str]]
) -> ClaimSet:
    """A ClaimSet over `text`: actors (id, type, words naming it) and statements (speaker id, words)."""

    def span(words: str) -> dict:
        start = text.index(words)
        return {"start": start, "end": start + len(words), "text": words}

    return ClaimSet.model_validate(
        {
            "article": {"id": article_id, "source": f"{article_id}.txt", "text": text},
            "actors": [
                {"id": aid, "name": words, "type": kind, "mentions": [span(words)]} for aid, kind, words in actors
            ],
            "statements": [
                {"id": f"s{i}", "kind": "indirect", "speaker": who, "content": [span(words)]}
                for i, (who, words) in enumerate(said, start=1)
            ],
        }
    )


TEXT_1 = (
    "Tony Blair said taxes would not rise. Mr Blair said the Tories were wrong. "
    "Sir Ian Blair said crime fell. Analysts said growth would slow."
)
TEXT_2 = (
    "The Conservatives said taxes would rise. Tony Blair said the economy was strong. "
    "Analysts said growth would pick up. Vincent Cable said debt was high."
)
TEXT_3 = "Vince Cable said the plan was unfunded. Andy Robinson said England would win. Jason Robinson said he was fit."


def article_1() -> ClaimSet:
    return claimset(
        "one",
        TEXT_1,
        [
            ("a1", PER, "Tony Blair"),
            ("a2", PER, "Mr Blair"),
            ("a3", GRP, "Tories"),
            ("a4", PER, "Sir Ian Blair"),
            ("a5", GRP, "Analysts"),
        ],
        [
            ("a1", "taxes would not rise"),
            ("a2", "the Tories were wrong"),
            ("a4", "crime fell"),
            ("a5", "growth would slow"),
        ],
    )


def article_2() -> ClaimSet:
    return claimset(
        "two",
        TEXT_2,
        [
            ("b1", ORG, "Conservatives"),
            ("b2", PER, "Tony Blair"),
            ("b3", GRP, "Analysts"),
            ("b4", PER, "Vincent Cable"),
        ],
        [
            ("b1", "taxes would rise"),
            ("b2", "the economy was strong"),
            ("b3", "growth would pick up"),
            ("b4", "debt was high"),
        ],
    )


def article_3() -> ClaimSet:
    return claimset(
        "three",
        TEXT_3,
        [("c1", PER, "Vince Cable"), ("c2", PER, "Andy Robinson"), ("c3", PER, "Jason Robinson")],
        [("c1", "the plan was unfunded"), ("c2", "England would win"), ("c3", "he was fit")],
    )


def test_a_surname_is_resolved_within_its_article_first():
    links = link_actors(article_1())
    assert links["a2"].iri == links["a1"].iri  # "Mr Blair" is the article's Tony Blair
    assert links["a4"].iri != links["a1"].iri  # Sir Ian Blair is someone else
    assert links["a3"].iri == URIRef(ENTITY + "conservative-party")


def test_descriptions_are_entities_of_their_article_only():
    one, two = link_actors(article_1())["a5"], link_actors(article_2())["b3"]
    assert one.described and two.described
    assert one.iri != two.iri


def test_entity_iris_depend_on_names_only():
    first = {a: link.iri for a, link in link_actors(article_2()).items()}
    # the same article again, with its actors in another order and beside other articles
    reordered = article_2().model_copy(update={"actors": list(reversed(article_2().actors))})
    link_actors(article_1()), link_actors(article_3())
    assert {a: link.iri for a, link in link_actors(reordered).items()} == first
    assert first["b2"] == entity_iri("anthony blair")


# ---------------------------------------------------------------- in a store


@pytest.fixture()
def store():
    with open_store("memory:") as st:
        yield st


def entities(store) -> dict[str, list[str | None]]:
    return {row[0].removeprefix(ENTITY): row[1:] for row in run_query(store, "entities").rows}


def test_one_entity_across_articles_and_descriptions_kept_apart(store):
    store_claimsets(store, [article_1(), article_2(), article_3()])
    found = entities(store)
    assert found["anthony-blair"][0] == "Tony Blair"
    assert found["anthony-blair"][1:] == ["Person", "Mr Blair", "2", "3"]
    assert found["conservative-party"][:2] == ["Conservative Party", "Organization"]
    assert set(found["conservative-party"][2].split("; ")) == {"Conservatives", "Tories"}
    assert found["vince-cable"][3:] == ["2", "2"]
    assert {"andrew-robinson", "jason-robinson", "ian-blair"} <= set(found)
    analysts = [k for k, row in found.items() if row[0] == "Analysts"]
    assert len(analysts) == 2 and all(k.startswith("local/") for k in analysts)


def test_iris_are_the_same_whatever_the_order_of_ingest():
    results = []
    for order in ([article_1(), article_2(), article_3()], [article_3(), article_2(), article_1()]):
        with open_store("memory:") as st:
            store_claimsets(st, order)
            results.append(sorted(row[:2] for row in run_query(st, "entities").rows))
    assert results[0] == results[1]


def test_speakers_and_statements_by_any_alias(store):
    store_claimsets(store, [article_1(), article_2(), article_3()])
    speakers = {row[0]: row for row in run_query(store, "speakers").rows}
    assert speakers["Tony Blair"][2] == "3" and speakers["Tony Blair"][6] == "2"
    assert "Analysts" in speakers and speakers["Analysts"][6] == "1"  # never gathered across articles
    by_alias = run_query(store, "statements-by-speaker", {"speaker": "mr blair"}).rows
    assert [row[3] for row in by_alias] == ["taxes would not rise", "the Tories were wrong", "the economy was strong"]
    assert {row[6] for row in by_alias} == {"Tony Blair", "Mr Blair"}  # the article-level actor, for provenance
    cable = run_query(store, "statements-by-speaker", {"speaker": "Vince Cable"}).rows
    assert [row[3] for row in cable] == ["the plan was unfunded", "debt was high"]


def test_an_unnamed_spokesman_counts_for_the_organisation(store):
    text = "A Home Office spokesman said the law was clear. The Home Office said it would act."
    claims = ClaimSet.model_validate(
        {
            "article": {"id": "ho", "source": "ho.txt", "text": text},
            "actors": [
                {
                    "id": "a1",
                    "name": "Home Office",
                    "type": "Organization",
                    "mentions": [{"start": 2, "end": 13, "text": "Home Office"}],
                },
                {
                    "id": "a2",
                    "name": "Home Office spokesman",
                    "type": "Person",
                    "affiliation": "a1",
                    "mentions": [{"start": 2, "end": 23, "text": "Home Office spokesman"}],
                },
            ],
            "statements": [
                {
                    "id": "s1",
                    "kind": "indirect",
                    "speaker": "a2",
                    "content": [{"start": 29, "end": 46, "text": "the law was clear"}],
                },
                {
                    "id": "s2",
                    "kind": "indirect",
                    "speaker": "a1",
                    "content": [{"start": 69, "end": 81, "text": "it would act"}],
                },
            ],
        }
    )
    store_claimsets(store, [claims])
    assert [row[:3] for row in run_query(store, "speakers").rows] == [["Home Office", "Organization", "2"]]


# ---------------------------------------------------------------- curation


def test_curation_applies_and_survives_reingest(store):
    store_claimsets(store, [article_1(), article_2(), article_3()])
    merge_entities(store, "andrew-robinson", ["Jason Robinson"])
    rename_entity(store, "Andy Robinson", "The Robinsons")
    set_entity_type(store, "ian-blair", "Organization")
    link_entity(store, "Tony Blair", "Q9545")
    split_entity(store, "Tony Blair", ["two"], name="Tony Blair (two)")

    def check() -> None:
        found = entities(store)
        assert "jason-robinson" not in found
        assert found["andrew-robinson"][0] == "The Robinsons" and found["andrew-robinson"][4] == "2"
        assert found["ian-blair"][1] == "Organization"
        assert found["anthony-blair"][3:] == ["1", "2"]
        assert found["tony-blair-two"][0] == "Tony Blair (two)" and found["tony-blair-two"][3:] == ["1", "1"]

    check()
    store_claimsets(store, [article_3(), article_2(), article_1()])  # re-ingest every article
    check()
    assert CURATION_GRAPH not in store.article_graphs()
    exported = store.serialize("nquads").decode()
    assert "<http://www.wikidata.org/entity/Q9545> <https://w3id.org/kg-news/id/curation> ." in exported


def test_a_merge_of_a_merged_entity_stays_flat(store):
    store_claimsets(store, [article_1(), article_3()])
    merge_entities(store, "jason-robinson", ["andrew-robinson"])
    merge_entities(store, "ian-blair", ["jason-robinson"])
    found = entities(store)
    assert found["ian-blair"][4] == "3"  # statements of all three people
    assert find_entity(store, "Andy Robinson") == URIRef(ENTITY + "ian-blair")


def test_curation_errors_name_the_problem(store):
    store_claimsets(store, [article_1(), article_2()])
    with pytest.raises(InputError, match="no entity 'Nobody'"):
        rename_entity(store, "Nobody", "X")
    with pytest.raises(InputError, match="unknown type"):
        set_entity_type(store, "Tony Blair", "Robot")
    with pytest.raises(InputError, match="not a Wikidata id"):
        link_entity(store, "Tony Blair", "not an id")
    with pytest.raises(InputError, match="names 2 entities"):
        find_entity(store, "Analysts")
    assert store.get_graph(CURATION_GRAPH).__len__() == 0


def test_entities_cli(tmp_path):
    from kg.claimfile import dump_claimset  # noqa: F401  (the CLI loads YAML ClaimSets)

    runner = CliRunner()
    store = str(tmp_path / "store")
    paths = []
    for claims in (article_1(), article_3()):
        path = tmp_path / f"{claims.article.id}.json"
        path.write_text(claims.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    assert runner.invoke(app, ["load", *paths, "--store", store]).exit_code == 0
    merged = runner.invoke(app, ["entities", "merge", "Andy Robinson", "jason-robinson", "--store", store])
    assert merged.exit_code == 0, merged.output
    listed = runner.invoke(app, ["entities", "list", "--format", "csv", "--limit", "0", "--store", store])
    assert listed.exit_code == 0
    assert "Jason Robinson" in listed.output and "jason-robinson" not in listed.output
    bad = runner.invoke(app, ["entities", "rename", "Nobody", "X", "--store", store])
    assert bad.exit_code == 1 and bad.output.count("\n") == 1 and "no entity 'Nobody'" in bad.output


@pytest.mark.parametrize("backend", ["memory", "disk", "http", "rdflib"])
def test_entities_query_on_every_engine(backend, tmp_path, request):
    """Same entities, names, types and aliases on every store backend and on rdflib's own
    SPARQL engine (a user may query an export with rdflib)."""
    from kg.rdf_mapping import claimset_to_graph
    from tests.backends import open_backend

    st = open_backend(backend, tmp_path, request)
    try:
        for claims in (article_1(), article_2(), article_3()):
            st.put_article(*claimset_to_graph(claims))
        found = {row[0].removeprefix(ENTITY): row[1:] for row in run_query(st, "entities").rows}
    finally:
        st.close()
    assert found["anthony-blair"] == ["Tony Blair", "Person", "Mr Blair", "2", "3"]
    assert found["conservative-party"][:2] == ["Conservative Party", "Organization"]
    assert set(found["conservative-party"][2].split("; ")) == {"Conservatives", "Tories"}
    assert found["vince-cable"][3:] == ["2", "2"]
    assert {found["vince-cable"][0], found["vince-cable"][2]} == {"Vince Cable", "Vincent Cable"}
