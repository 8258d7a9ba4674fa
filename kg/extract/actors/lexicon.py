"""Actor word lists (data/actors_*) and the comparison key of a name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kg.extract.lexicon import grammar, load_lines, load_yaml
from kg.models import ActorType

__all__ = ["ENTITY_TYPES", "ORG_LIKE", "ActorLexicon", "acronym", "actor_lexicon", "name_key", "name_words"]

ENTITY_TYPES = {
    "PERSON": ActorType.Person,
    "ORG": ActorType.Organization,
    "GPE": ActorType.Place,  # Country when the name is a country (see type_of)
    "LOC": ActorType.Place,
    "FAC": ActorType.Place,
    "EVENT": ActorType.Event,
    "NORP": ActorType.Group,  # only plural ones: "Republicans", not "Chinese"
}
ORG_LIKE = {ActorType.Organization, ActorType.Country, ActorType.Place, ActorType.Event, ActorType.Group}


# ------------------------------------------------------------------------------ lexicon


@dataclass(frozen=True)
class ActorLexicon:
    titles: frozenset[str]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]
    org_words: frozenset[str]  # "Concern", "Aid": last words of charity and company names
    event_suffixes: frozenset[str]
    stop: frozenset[str]
    person_nouns: frozenset[str]
    org_nouns: frozenset[str]
    company_nouns: frozenset[str]
    group_nouns: frozenset[str]
    event_nouns: frozenset[str]
    document_nouns: frozenset[str]
    sourced_document_nouns: frozenset[str]  # "figures": a document only with its source
    quantity_nouns: frozenset[str]  # "half", "%", "majority": a share of a group
    quantifiers: frozenset[str]  # "some", "many": a share only with "of"
    spokesperson_nouns: frozenset[str]  # "spokesman": speaks for an organisation
    plural_counts: dict[str, int]  # "both" -> 2, "the pair" -> 2: plural descriptions
    plural_collective: frozenset[str]  # "pair", "duo": a count that is the head noun
    plural_any_kind: frozenset[str]  # "both parties": members of any kind
    plural_sides: frozenset[str]  # "both sides": organisations or countries
    plural_country: frozenset[str]  # "both countries", "the two governments"
    pronouns: dict[str, frozenset[str]]
    country_of: dict[str, str]  # normalised alias -> canonical country name
    demonym_of: dict[str, str]  # lower-case demonym -> canonical country name
    gender_of: dict[str, str]  # lower-case first name or honorific -> "male" | "female"
    first_names: frozenset[str]  # as written: "Nicola", "John"


@cache
def actor_lexicon() -> ActorLexicon:
    nouns = load_yaml("actors_nouns.yaml")
    country_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for line in load_lines("actors_countries.txt", lower=False):
        names, _, demonyms = line.partition(";")
        aliases = [n.strip() for n in names.split("|") if n.strip()]
        for alias in aliases:
            country_of[name_key(alias)] = aliases[0]
        for demonym in demonyms.split("|"):
            if demonym.strip():
                demonym_of[demonym.strip().lower()] = aliases[0]

    def lower(items: Iterable[str]) -> frozenset[str]:
        return frozenset(str(i).lower() for i in items)

    names = load_yaml("actors_first_names.yaml")
    gender_of = {str(n).lower(): g for g in ("male", "female") for n in names[g]}
    gender_of.update({str(h): "male" for h in names["male_honorifics"]})
    gender_of.update({str(h): "female" for h in names["female_honorifics"]})
    not_first = lower(names["not_first_names"])
    return ActorLexicon(
        gender_of=gender_of,
        first_names=frozenset(str(n) for g in ("male", "female") for n in names[g] if str(n).lower() not in not_first),
        titles=frozenset(load_lines("actors_titles.txt")) | lower(nouns["person"]["titles"]),
        honorifics=frozenset(load_lines("actors_honorifics.txt")),
        org_suffixes=frozenset(load_lines("actors_org_suffixes.txt")),
        org_words=frozenset(load_lines("actors_org_words.txt")),
        event_suffixes=frozenset(load_lines("actors_event_suffixes.txt")),
        stop=frozenset(load_lines("actors_stop.txt")),
        person_nouns=lower(nouns["person"]["titles"]) | lower(nouns["person"]["other"]),
        org_nouns=lower(nouns["company"]) | lower(nouns["institution"]),
        company_nouns=lower(nouns["company"]),
        group_nouns=lower(nouns["group"]),
        event_nouns=lower(nouns["event"]),
        document_nouns=lower(nouns["document"]),
        sourced_document_nouns=lower(nouns["sourced_document"]),
        quantity_nouns=lower(nouns["quantity"]),
        quantifiers=lower(nouns["quantifier"]),
        spokesperson_nouns=lower(nouns["spokesperson"]),
        plural_counts={str(k).lower(): int(v) for k, v in nouns["plural"]["counts"].items()},
        plural_collective=lower(nouns["plural"]["collective"]),
        plural_any_kind=lower(nouns["plural"]["any_kind"]),
        plural_sides=lower(nouns["plural"]["sides"]),
        plural_country=lower(nouns["plural"]["country"]),
        pronouns={k: lower(v) for k, v in nouns["pronouns"].items()},
        country_of=country_of,
        demonym_of=demonym_of,
    )


def name_key(name: str) -> str:
    """Comparison key of a name: case, dots, 'the' and spacing do not matter."""
    name = name.lower().replace(".", "").replace("’", "'")
    name = re.sub(r"^the\s+", "", name)
    return " ".join(re.sub(r"[^\w' &-]", " ", name).split())


def name_words(name: str) -> list[str]:
    """The words of a name that tell it apart: "Ministry of Defence" -> ministry, defence."""
    return [w for w in name_key(name).split() if w not in grammar().name_joiners]


def acronym(name: str) -> str:
    """ "World Health Organization" -> "WHO"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in grammar().acronym_skips)
