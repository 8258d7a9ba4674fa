"""Organisations the small model calls people ("Age Concern", "Mencap", "Scope"), typed by
general cues through the real spaCy model: a charity or company word at the end of the name
(data/actors_org_words.txt), a list of organisations it is part of, an organisation noun in
apposition, a plural verb (British agreement with a body). People stay people."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import extract_text
from kg.models import ActorType


def type_of(text: str, name: str) -> ActorType:
    claims = extract_text(text)
    actor = next(a for a in claims.actors if a.name == name or name in a.aliases)
    return actor.type


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # names made up for the test, so no list of known names can be what types them
        ("Harbour Concern said the plans would hurt fishermen.", "Harbour Concern"),
        ("Coastal Watch said the beaches were dirty.", "Coastal Watch"),
        ("Age Concern said imposing a retirement age of 65 was cowardly.", "Age Concern"),
        ("But Age Concern argued social care was chronically under-funded.", "Age Concern"),
        ("Christian Aid said the debt relief plan did not go far enough.", "Christian Aid"),
    ],
)
def test_a_charity_word_at_the_end_makes_an_organisation(nlp, text, name):
    assert type_of(text, name) == ActorType.Organization


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mencap, the learning disability charity, said the changes would hurt families.", "Mencap"),
        ("The minister met Leonard Cheshire, the disability charity, on Monday.", "Leonard Cheshire"),
    ],
)
def test_an_organisation_noun_in_apposition(nlp, text, name):
    assert type_of(text, name) == ActorType.Organization


def test_a_plural_verb_says_a_body_not_a_person(nlp):
    text = "Leonard Cheshire have warned that homes will close."
    assert type_of(text, "Leonard Cheshire") == ActorType.Organization


def test_one_of_a_list_of_organisations(nlp):
    text = (
        "Greenpeace, Friends of the Earth and Oxfam criticised the deal, while Mencap and the "
        "National Autistic Society said they would study the report."
    )
    assert type_of(text, "Mencap") == ActorType.Organization


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The match between Novak Djokovic and Andy Murray began late, Murray said.", "Andy Murray"),
        ("It would be a failure by President Obama and his Justice Department, Pence said.", "Obama"),
        (
            "Eddie Griffin, who was a member of the AfroSpear, a group of black bloggers, said the mood was changing.",
            "Eddie Griffin",
        ),
        ("Tom Watson said the plans were wrong.", "Tom Watson"),
    ],
)
def test_people_stay_people(nlp, text, name):
    assert type_of(text, name) == ActorType.Person
