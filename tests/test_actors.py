"""Actor linking: entities merged per real-world entity, roles, affiliations, and speaker
mentions (pronouns, descriptions, names) resolved to actors. Real spaCy model."""

from __future__ import annotations

import pytest

from kg.extract.actors import ActorTable, link_actors
from kg.extract.readers import read_article
from kg.models import ActorType
from tests.helpers import SEED_TEXT


def find(text: str, phrase: str, nth: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(nth):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


def by_name(table: ActorTable, name: str):
    matches = [a for a in table.actors if a.name == name]
    assert len(matches) == 1, f"{name!r} in {[a.name for a in table.actors]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed(nlp):
    article = read_article(SEED_TEXT)
    text = article.text
    speakers = {
        "a top Chinese official": find(text, "a top Chinese official"),
        "Liu Zhengrong": find(text, "Liu Zhengrong"),
        "Liu told": find(text, "Liu", 2),
        "the Chinese official": find(text, "the Chinese official"),
        "the Internet giant": find(text, "the Internet giant"),
        "he (1st)": (find(text, "he said")[0], find(text, "he said")[0] + 2),
        "the California company": find(text, "the California company"),
        "China's state press": find(text, "China's state press"),
        "Wang Chen": find(text, "Wang Chen"),
    }
    extra = {"the Xinhua news agency": find(text, "the Xinhua news agency")}
    table = link_actors(nlp(article.nlp_text), list(speakers.values()), list(extra.values()), text=text)
    return text, table, {**speakers, **extra}


def test_seed_named_actors(seed) -> None:
    _, table, _ = seed
    names = {a.name: a.type for a in table.actors}
    assert names["Liu Zhengrong"] == ActorType.Person
    assert names["Wang Chen"] == ActorType.Person
    assert names["Google"] == ActorType.Organization
    assert names["Xinhua"] == ActorType.Organization
    assert names["China"] == ActorType.Country
    assert names["California"] == ActorType.Place
    assert names["Worldwide Cybersecurity Summit"] == ActorType.Event
    for never in ("Tuesday", "Internet", "Web", "2009", "Chinese", "Great Firewall of China", "AFP", "Chris Lefkow"):
        assert never not in names, never


def test_seed_one_actor_per_entity(seed) -> None:
    text, table, _ = seed
    china = by_name(table, "China")
    # Every "China" and "China's" is the one actor (headline included), except the one in the
    # citation line (boilerplate) and in the scare-quoted "Great Firewall of China".
    assert len(china.mentions) == text.count("China") - 2
    liu = by_name(table, "Liu Zhengrong")
    assert "Liu" in liu.aliases
    assert sum(1 for m in liu.mentions if m.text == "Liu") >= 2
    assert [a.id for a in table.actors] == [f"a{i}" for i in range(1, len(table.actors) + 1)]
    firsts = [a.mentions[0].start for a in table.actors]
    assert firsts == sorted(firsts)


def test_seed_roles_and_affiliations(seed) -> None:
    _, table, _ = seed
    liu = by_name(table, "Liu Zhengrong")
    # The whole apposition, as the gold convention has it, and the bureau as affiliation.
    assert liu.roles == [
        "deputy director general of the Internet Affairs Bureau of China's State Council Information Office"
    ]
    bureau = table.get(liu.affiliation)
    assert bureau is not None and bureau.name == "Internet Affairs Bureau"
    office = table.get(bureau.affiliation)
    assert office is not None and office.name == "State Council Information Office"
    assert table.get(office.affiliation).name == "China"
    assert by_name(table, "Wang Chen").roles == ["vice head of propaganda"]
    assert "news agency" in by_name(table, "Xinhua").roles
    assert "think tank" in by_name(table, "EastWest Institute").roles


def test_seed_indefinite_event_is_the_event_named_next(nlp) -> None:
    article = read_article(SEED_TEXT)
    conference = find(article.text, "a cybersecurity conference")
    table = link_actors(nlp(article.nlp_text), [], [conference], text=article.text)
    assert table.get(table.actor_for(conference)).name == "Worldwide Cybersecurity Summit"


def test_given_actors_from_metadata(nlp) -> None:
    article = read_article(SEED_TEXT)
    byline = find(article.text, "Chris Lefkow")
    table = link_actors(nlp(article.nlp_text), text=article.text,
                        given=[(byline, "Chris Lefkow", ActorType.Person), (None, "AFP", ActorType.Organization)])
    author = by_name(table, "Chris Lefkow")
    assert author.type == ActorType.Person and [m.text for m in author.mentions] == ["Chris Lefkow"]
    assert by_name(table, "AFP").mentions == []
    assert table.actors[-1].name == "AFP"  # no mention: listed last


@pytest.mark.parametrize(
    ("mention", "actor"),
    [
        ("a top Chinese official", "Liu Zhengrong"),  # cataphora: named by the next speaker
        ("Liu Zhengrong", "Liu Zhengrong"),
        ("Liu told", "Liu Zhengrong"),
        ("the Chinese official", "Liu Zhengrong"),
        ("he (1st)", "Liu Zhengrong"),
        ("the Internet giant", "Google"),
        ("the California company", "Google"),
        ("Wang Chen", "Wang Chen"),
        ("the Xinhua news agency", "Xinhua"),
    ],
)
def test_seed_mentions_resolve(seed, mention: str, actor: str) -> None:
    _, table, spans = seed
    resolved = table.get(table.actor_for(spans[mention]))
    assert resolved is not None and resolved.name == actor


def test_seed_description_makes_a_new_actor(seed) -> None:
    _, table, spans = seed
    press = table.get(table.actor_for(spans["China's state press"]))
    assert press.name == "China's state press"
    assert press.type == ActorType.Group  # "the press", "sources": people, not one organisation
    assert table.get(press.affiliation).name == "China"


def link(nlp, text: str, speakers: list[str], extra: list[str] = ()) -> tuple[ActorTable, list[str | None]]:
    spans = [find(text, s) for s in speakers]
    table = link_actors(nlp(text), spans, [find(text, e) for e in extra])
    return table, [getattr(table.get(table.actor_for(s)), "name", None) for s in spans]


@pytest.mark.parametrize(
    ("text", "speakers", "expected"),
    [
        ("Prime Minister Tony Blair said the plan would work. Mr Blair added that taxes would not rise.",
         ["Prime Minister Tony Blair", "Mr Blair"], ["Tony Blair", "Tony Blair"]),
        ("The New York Post reported the deal on Monday. The Post said the price was high.",
         ["The Post"], ["New York Post"]),
        ("The company will cut 500 jobs, sources said. A source said the talks were over.",
         ["sources", "A source"], ["sources", "source"]),
        ("The World Health Organization (WHO) warned on Tuesday. WHO said 20 people died in 2009.",
         ["WHO"], ["World Health Organization"]),
        ("Microsoft chief executive Steve Ballmer said sales grew. The software giant said it would hire.",
         ["Steve Ballmer", "The software giant"], ["Steve Ballmer", "Microsoft"]),
        ("Critics, who said the law was unfair, marched. Analysts at the bank disagreed.",
         ["who"], ["critics"]),  # a sentence's capital is not part of a group's name
        ("He said it was fine.", ["He"], [None]),  # no one to refer to: unresolved, not invented
        ("Mr Ebbers denied the charges. Mr Ebbers said he was innocent.", ["Mr Ebbers"], ["Ebbers"]),
        ("Home Secretary Charles Clarke spoke. The Home Secretary said the law would change. "
         "The Shadow Home Secretary said it would not.",
         ["The Home Secretary", "The Shadow Home Secretary"], ["Charles Clarke", "Shadow Home Secretary"]),
        ("Mr Smith met the press. She said nothing.", ["She"], [None]),  # never a known man for "she"
        ("The Green Party's health spokeswoman, Eleanor Scott, said the plan was wrong.",
         ["The Green Party's health spokeswoman"], ["Eleanor Scott"]),
        ("Angela Merkel met Gordon Brown in Berlin. She said the talks went well.", ["She"], ["Angela Merkel"]),
        # reports, studies and surveys speak for the organisation that made them
        ("Growth will slow, a World Bank report said.", ["a World Bank report"], ["World Bank"]),
        ("Growth will slow, according to a new report. The World Bank said exports would fall.",
         ["a new report"], ["World Bank"]),
        ("Oxfam published its findings on Monday. The report said 45 million children would die.",
         ["The report"], ["Oxfam"]),
        ("Mrs Jones met Mr Smith on Monday. He said the deal was on, and she said it was off.",
         ["He", "she"], ["Smith", "Jones"]),
    ],
)
def test_small_cases(nlp, text: str, speakers: list[str], expected: list[str | None]) -> None:
    _, names = link(nlp, text, speakers)
    assert names == expected


def test_the_source_is_the_earlier_source(nlp) -> None:
    text = ("Sources said the deal was close. A source said the price was high, and another source "
            "said it was low. The source added that talks would go on.")
    table, names = link(nlp, text, ["Sources", "A source", "another source", "The source"])
    assert names == ["sources", "source", "source", "source"]
    ids = [table.actor_for(find(text, s)) for s in ("A source", "another source", "The source")]
    assert ids[0] != ids[1] and ids[2] == ids[1]  # two sources; "the source" is the last one


def test_family_name_goes_to_the_person_most_talked_about(nlp) -> None:
    text = ("Hillary Clinton spoke in Ohio on Monday. Hillary Clinton said the economy was strong. "
            "Her daughter Chelsea Clinton was there. Clinton said she would win.")
    at = text.index("Clinton said she")
    table = link_actors(nlp(text), [(at, at + len("Clinton"))])
    assert table.get(table.actor_for((at, at + len("Clinton")))).name == "Hillary Clinton"
    assert {"Hillary Clinton", "Chelsea Clinton"} <= {a.name for a in table.actors}


def test_title_case_headline_names_must_be_confirmed_by_the_body(nlp) -> None:
    text = "Stealth Over Health: Senator Defends Plan\n\nThe senator, Mary Smith, said the plan was sound.\n"
    table, _ = link(nlp, text, [])
    names = {a.name for a in table.actors}
    assert "Stealth Over Health" not in names and "Mary Smith" in names


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("The talks failed. The British government said nothing. Britain later agreed.", "British government",
         "United Kingdom"),
        ("The US government will act, the president said in the United States.", "US government", "United States"),
    ],
)
def test_national_institutions_become_actors(nlp, text: str, name: str, country: str) -> None:
    table, _ = link(nlp, text, [])
    government = by_name(table, name)
    assert government.type == ActorType.Organization
    assert table.get(government.affiliation).name == country


def test_generic_descriptions_make_no_actor_unasked(nlp) -> None:
    table, _ = link(nlp, "Acme Corp grew. The company said the government was slow.", [])
    assert [a.name for a in table.actors] == ["Acme Corp"]
    assert len(table.actors[0].mentions) == 2  # "The company"


def test_countries_merge_and_types(nlp) -> None:
    table, _ = link(nlp, "The United States and the UK disagree. US officials met British ones in Paris.", [])
    names = {a.name: a for a in table.actors}
    assert names["United States"].type == ActorType.Country
    assert "US" in names["United States"].aliases
    assert names["United Kingdom"].type == ActorType.Country
    assert names["Paris"].type == ActorType.Place


def test_titles_become_roles_with_affiliation(nlp) -> None:
    table, _ = link(nlp, "Microsoft chief executive Steve Ballmer said sales grew.", ["Steve Ballmer"])
    ballmer = by_name(table, "Steve Ballmer")
    assert ballmer.roles == ["chief executive"]
    assert table.get(ballmer.affiliation).name == "Microsoft"
    table, _ = link(nlp, "Prime Minister Tony Blair spoke.", [])
    assert by_name(table, "Tony Blair").roles == ["Prime Minister"]


def test_bad_spans_are_ignored(nlp) -> None:
    text = "Liu said so."
    table = link_actors(nlp(text), [(5, 5), (3, 2), (0, 999), None], [(-1, 3)])
    assert table.actor_for((5, 5)) is None and table.actor_for((0, 999)) is None
    assert [a.name for a in table.actors] == ["Liu"]


@pytest.mark.parametrize(
    "text",
    [
        "Shares in [Google](#) rose on Monday, and Google said it was pleased.",
        "The deal with [Google](#) was signed. Google said it was pleased.",  # entity with padding
    ],
)
def test_spans_cut_from_the_given_text(nlp, text: str) -> None:
    from kg.extract.readers import nlp_view

    view = nlp_view(text)
    table = link_actors(nlp(view), [find(view, "Google said")[:1] + (find(view, "Google said")[0] + 6,)], text=text)
    google = by_name(table, "Google")
    assert [m.text for m in google.mentions] == ["Google", "Google"]
    assert all(text[m.start : m.end] == m.text for m in google.mentions)
