"""Surname-only people across articles (kg.entities.resolution): "Mr Howard" in an article
that never gives his full name joins the full-name person whose articles keep the same
company, per article; without that evidence, or between two people with the same surname,
it stays apart; the result does not depend on the order of the articles; curation wins."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.entities.curation import merge_entities, rename_entity, split_entity
from kg.entities.resolution import RESOLUTION_GRAPH, resolve_surnames
from kg.models import ActorType, ClaimSet
from kg.operations import store_claimsets
from kg.queries import run_query
from kg.store import open_store

PER, ORG, PLACE = ActorType.Person, ActorType.Organization, ActorType.Place
ENTITY = "https://w3id.org/kg-news/id/entity/"


def article(article_id: str, actors: list[tuple[str, ActorType]]) -> ClaimSet:
    """An article in which each actor says one thing, in order ("Name said point N.")."""
    text = " ".join(f"{name} said point {i}." for i, (name, _) in enumerate(actors, start=1))
    spans, statements, start = [], [], 0
    for i, (name, _) in enumerate(actors, start=1):
        start = text.index(name, start)
        spans.append({"start": start, "end": start + len(name), "text": name})
        said = text.index(f"point {i}", start)
        statements.append(
            {
                "id": f"s{i}",
                "kind": "indirect",
                "speaker": f"a{i}",
                "content": [{"start": said, "end": said + len(f"point {i}"), "text": f"point {i}"}],
            }
        )
    return ClaimSet.model_validate(
        {
            "article": {"id": article_id, "source": f"{article_id}.txt", "text": text},
            "actors": [
                {"id": f"a{i}", "name": name, "type": kind, "mentions": [span]}
                for i, ((name, kind), span) in enumerate(zip(actors, spans, strict=True), start=1)
            ],
            "statements": statements,
        }
    )


POLITICS = [("Tony Blair", PER), ("Conservative Party", ORG), ("Labour Party", ORG), ("Charles Kennedy", PER)]
FOOTBALL = [("Manchester United", ORG), ("Alex Ferguson", PER), ("Roy Carroll", PER), ("Old Trafford", PLACE)]
RUGBY = [("England", ORG), ("Twickenham", PLACE), ("Rugby Football Union", ORG), ("Leicester Tigers", ORG)]


def corpus() -> list[ClaimSet]:
    """Full names in their worlds, then articles that only give a surname."""
    return [
        article("pol-1", [("Michael Howard", PER), *POLITICS[:3]]),
        article("pol-2", [("Michael Howard", PER), *POLITICS[1:]]),
        article("pol-3", [("Michael Howard", PER), POLITICS[0], POLITICS[3], ("Gordon Brown", PER)]),
        article("pol-4", [("Gordon Brown", PER), ("Treasury", ORG), ("Bank of England", ORG)]),
        article("foot-1", [("Tim Howard", PER), *FOOTBALL[:3]]),
        article("foot-2", [("Tim Howard", PER), *FOOTBALL[1:]]),
        article("foot-3", [("Wayne Rooney", PER), ("Everton", ORG), ("Goodison Park", PLACE)]),
        article("rug-1", [("Andy Robinson", PER), *RUGBY[:3]]),
        article("rug-2", [("Jason Robinson", PER), *RUGBY[1:]]),
        article("rug-3", [("Andy Robinson", PER), ("Jason Robinson", PER), *RUGBY]),
        article("sci-1", [("Nasa", ORG), ("European Space Agency", ORG), ("Mars", PLACE)]),
        # only a surname:
        article("pol-howard", [("Mr Howard", PER), *POLITICS]),
        article("foot-howard", [("Howard", PER), *FOOTBALL]),
        article("sci-howard", [("Howard", PER), ("Nasa", ORG), ("Mars", PLACE), ("Jupiter", PLACE)]),
        article("rug-robinson", [("Robinson", PER), *RUGBY]),
    ]


def entity_of_actors(store) -> dict[tuple[str, str], str]:
    """(article id, actor name) -> its entity id, as the queries resolve it."""
    rows = run_query(store, "entity-of-actor").rows
    names = {
        row[0]: (row[1], row[2])
        for row in run_query(
            store,
            "SELECT ?actor ?id ?name WHERE { GRAPH ?g { ?actor <https://schema.org/name> ?name ; "
            "<http://www.w3.org/ns/prov#wasDerivedFrom> ?doc . ?doc <https://w3id.org/kg-news/ns#articleId> ?id } }",
        ).rows
    }
    return {names[actor]: entity.removeprefix(ENTITY) for actor, entity in rows}


@pytest.fixture()
def store():
    with open_store("memory:") as st:
        store_claimsets(st, corpus())
        yield st


def test_a_surname_joins_the_full_name_whose_articles_keep_its_company(store):
    decisions = resolve_surnames(store)
    resolved = entity_of_actors(store)
    assert resolved[("pol-howard", "Mr Howard")] == "michael-howard"
    assert resolved[("foot-howard", "Howard")] == "tim-howard"  # a goalkeeper, not the Tory leader
    chosen = {(d.article.rsplit("/", 1)[-1], d.entity.removeprefix(ENTITY)) for d in decisions}
    assert chosen == {("pol-howard", "michael-howard"), ("foot-howard", "tim-howard")}
    speakers = {row[0]: row for row in run_query(store, "speakers").rows}
    assert speakers["Michael Howard"][2] == "4" and speakers["Michael Howard"][6] == "4"
    assert "Mr Howard" not in speakers and "Howard" in speakers  # the one left apart
    # the article keeps its own link: the machine's decision is a separate graph
    assert (
        store.query(
            "ASK { GRAPH ?g { ?a <https://w3id.org/kg-news/ns#refersTo> <https://w3id.org/kg-news/id/entity/howard> } }"
        ).askAnswer
        is True
    )


def test_without_shared_company_or_between_namesakes_it_stays_apart(store):
    resolve_surnames(store)
    resolved = entity_of_actors(store)
    assert resolved[("sci-howard", "Howard")] == "howard"  # no Howard keeps company with Nasa
    # Andy and Jason Robinson keep the same company: "Robinson" alone is either
    assert resolved[("rug-robinson", "Robinson")] == "robinson"
    assert resolved[("rug-1", "Andy Robinson")] == "andrew-robinson"
    assert resolved[("rug-2", "Jason Robinson")] == "jason-robinson"
    entities = {row[0].removeprefix(ENTITY) for row in run_query(store, "entities").rows}
    assert {"andrew-robinson", "jason-robinson", "michael-howard", "tim-howard", "howard", "robinson"} <= entities


def test_the_decisions_do_not_depend_on_the_order_of_the_articles():
    graphs, tables = [], []
    for articles in (corpus(), list(reversed(corpus())), corpus()[::2] + corpus()[1::2]):
        with open_store("memory:") as st:
            for one in articles:  # one write each, as separate ingests would do
                store_claimsets(st, [one])
            resolve_surnames(st)
            resolve_surnames(st)  # and again: the same graph
            graphs.append(set(st.get_graph(RESOLUTION_GRAPH)))
            tables.append(sorted(run_query(st, "entities").rows))
    assert graphs[0] and graphs[0] == graphs[1] == graphs[2]
    assert tables[0] == tables[1] == tables[2]


def test_a_persons_curation_wins_over_the_machine(store):
    resolve_surnames(store)
    # the person says this "Mr Howard" is someone else: their split stays, and the machine
    # keeps its other decision for the surname
    split_entity(store, "michael-howard", ["pol-howard"], name="Howard (the other one)")
    resolved = entity_of_actors(store)
    assert resolved[("pol-howard", "Mr Howard")] == "howard-the-other-one"
    assert resolved[("foot-howard", "Howard")] == "tim-howard"
    # the person merges every "Howard" into Tim Howard: the machine leaves the surname alone
    merge_entities(store, "tim-howard", ["howard"])
    resolved = entity_of_actors(store)
    assert resolved[("sci-howard", "Howard")] == "tim-howard"
    assert resolved[("pol-howard", "Mr Howard")] == "howard-the-other-one"  # the split comes first
    assert resolved[("pol-1", "Michael Howard")] == "michael-howard"
    # naming the surname entity is curating it too
    rename_entity(store, "robinson", "Robinson (unknown)")
    assert not any(d.surname == ENTITY + "robinson" for d in resolve_surnames(store))


def test_the_cli_resolves_after_load_and_delete_and_lists_the_decisions(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")
    paths = []
    for claims in corpus():
        path = tmp_path / f"{claims.article.id}.json"
        path.write_text(claims.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    assert runner.invoke(app, ["load", *paths, "--store", store]).exit_code == 0

    def speakers() -> dict[str, list[str]]:
        listed = runner.invoke(app, ["query", "speakers", "--format", "csv", "--limit", "0", "--store", store])
        assert listed.exit_code == 0, listed.output
        return {line.split(",")[0]: line.split(",") for line in listed.output.splitlines()[1:]}

    assert speakers()["Michael Howard"][2] == "4"  # resolved at the end of `kg load`
    for gone in ("pol-1", "pol-2", "pol-3"):
        assert runner.invoke(app, ["delete", gone, "--store", store]).exit_code == 0
    # with Michael Howard's own articles gone, "Mr Howard" has no full name to join
    assert "Michael Howard" not in speakers() and speakers()["Howard"][2] == "2"
    shown = runner.invoke(app, ["entities", "resolve", "--format", "csv", "--store", store])
    assert shown.exit_code == 0, shown.output
    rows = [line.split(",") for line in shown.stdout.splitlines()[1:]]
    assert [(row[1].rsplit("/", 1)[-1], row[2].removeprefix(ENTITY)) for row in rows] == [("foot-howard", "tim-howard")]
    assert "1 surname-only mentions resolved" in shown.stderr


@pytest.mark.parametrize("backend", ["memory", "disk", "http", "rdflib"])
def test_the_decisions_apply_on_every_engine(backend, tmp_path, request):
    """The same decisions, and the same entity per actor, on every store backend and on
    rdflib's own SPARQL engine (a user may query an export with rdflib)."""
    from kg.rdf_mapping import claimset_to_graph
    from tests.backends import open_backend

    st = open_backend(backend, tmp_path, request)
    try:
        for claims in corpus():
            st.put_article(*claimset_to_graph(claims))
        if backend == "rdflib":  # the query engine only: decide on a real store, query a copy
            with open_store("memory:") as real:
                store_claimsets(real, corpus())
                decisions = resolve_surnames(real)
                st.put_article(RESOLUTION_GRAPH, real.get_graph(RESOLUTION_GRAPH))
        else:
            decisions = resolve_surnames(st)
        resolved = entity_of_actors(st)
        speakers = {row[0]: row[2] for row in run_query(st, "speakers").rows}
        by_speaker = run_query(st, "statements-by-speaker", {"speaker": "Michael Howard"}).rows
    finally:
        st.close()
    assert len(decisions) == 2
    assert resolved[("pol-howard", "Mr Howard")] == "michael-howard"
    assert resolved[("foot-howard", "Howard")] == "tim-howard"
    assert speakers["Michael Howard"] == "4" and speakers["Tim Howard"] == "3"
    assert sorted({row[4] for row in by_speaker}) == ["pol-1", "pol-2", "pol-3", "pol-howard"]


@pytest.mark.parametrize("backend", ["disk", "http"])
def test_an_export_with_curation_and_decisions_loads_back(backend, tmp_path, request):
    """`kg export` writes the curation and resolution graphs beside the articles; `kg load`
    of that export restores the curation and recomputes the decisions (before: refused,
    "graph <…/curation> holds 0 schema:NewsArticle")."""
    from tests.backends import open_backend

    with open_store(str(tmp_path / "first")) as st:
        store_claimsets(st, corpus())
        resolve_surnames(st)
        merge_entities(st, "jason-robinson", ["andrew-robinson"])
        expected = sorted(run_query(st, "entity-of-actor").rows)
    runner = CliRunner()
    export = tmp_path / "all.trig"
    assert (
        runner.invoke(app, ["export", "--store", str(tmp_path / "first"), "-f", "trig", "-o", str(export)]).exit_code
        == 0
    )
    target = open_backend(backend, tmp_path, request)
    spec = target.spec
    target.close()
    loaded = runner.invoke(app, ["load", str(export), "--store", spec])
    assert loaded.exit_code == 0, loaded.output
    with open_store(spec) as st:
        assert sorted(run_query(st, "entity-of-actor").rows) == expected
        assert len(st.article_graphs()) == len(corpus())


def test_a_title_of_the_other_sex_keeps_a_surname_apart():
    """ "Labour peer Baroness Kennedy" in a politics article is not Charles Kennedy, however
    much company they share; "Mr Kennedy" there is (seen on the BBC corpus: two articles)."""
    from kg.entities.resolution import Mention, decide

    context = ["labour-party", "conservative-party", "anthony-blair", "bbc", "house-of-lords"]

    def mentions(article: str, person: tuple[str, str, str], others: list[str]) -> list[Mention]:
        entity, name, written = person
        own = Mention(article, ENTITY + entity, name, True, (written,))
        return [own, *(Mention(article, ENTITY + e, e, False) for e in others)]

    found = []
    for i in range(3):
        found += mentions(f"pol-{i}", ("charles-kennedy", "Charles Kennedy", "Charles Kennedy"), context[i : i + 3])
    found += mentions("sci", ("nasa-chief", "Nasa Chief", "Nasa Chief"), ["nasa", "mars"])
    found += mentions("peer", ("kennedy", "Kennedy", "Baroness Kennedy"), context)
    found += mentions("mp", ("kennedy", "Kennedy", "Mr Kennedy"), context)
    chosen = {(d.article, d.entity) for d in decide(found)}
    assert chosen == {("mp", ENTITY + "charles-kennedy")}
