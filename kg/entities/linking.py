"""Link the actors of one article to corpus-level entities (deterministic, no store).

An actor's entity IRI depends only on its name (see names.py), so ingesting the same
articles again, in another order or beside more articles gives the same IRI to the same
entity. Within the article first: a surname-only person ("Howard", from "Mr Howard") is the
one person of the article whose full name ends with it ("Michael Howard"), and a short form
that another actor of the article lists as its alias ("UNECE") is that actor. A description
("analysts", "a spokesman") gets an entity of its own article only, a `kgo:Description`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.entities.names import EntityName, entity_name, entity_slug, name_tokens
from kg.models import ActorType, ClaimSet
from kg.vocab import KGR

__all__ = ["EntityLink", "entity_iri", "link_actors", "local_entity_iri"]


@dataclass(frozen=True)
class EntityLink:
    iri: URIRef
    name: str
    type: ActorType
    described: bool  # True: an unnamed description, an entity of this article only
    known_type: ActorType | None = None  # the type names.yaml gives a known organisation


def entity_iri(key: str) -> URIRef:
    """kgr:entity/{slug of the key}: the same for the same key in every article."""
    return KGR[f"entity/{entity_slug(key)}"]


def local_entity_iri(article_id: str, actor_id: str) -> URIRef:
    """The entity of a description: one per actor of one article."""
    return KGR[f"entity/local/{_segment(article_id)}/{_segment(actor_id)}"]


def _segment(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def link_actors(claims: ClaimSet) -> dict[str, EntityLink]:
    """Actor id -> its entity, for every actor of the ClaimSet."""
    names = {a.id: entity_name(a.name, a.type) for a in claims.actors}
    keys = {aid: _resolved_key(aid, claims, names) for aid in names}
    links = {}
    for actor in claims.actors:
        key = keys[actor.id]
        found = names[actor.id]
        if key is None:
            iri = local_entity_iri(claims.article.id, actor.id)
            links[actor.id] = EntityLink(iri, actor.name, actor.type, described=True)
            continue
        owner = next((names[a] for a in names if names[a].key == key), found)
        links[actor.id] = EntityLink(
            entity_iri(key), owner.name, owner.type or actor.type, described=False, known_type=owner.type
        )
    return links


def _resolved_key(actor_id: str, claims: ClaimSet, names: dict[str, EntityName]) -> str | None:
    own = names[actor_id]
    if own.key is None:
        return None
    actor = claims.actor(actor_id)
    assert actor is not None
    others = [a for a in claims.actors if a.id != actor_id and names[a.id].key not in (None, own.key)]
    if actor.type == ActorType.Person and " " not in own.key:
        fuller = [
            a for a in others if a.type == ActorType.Person and name_tokens(names[a.id].key or "")[-1:] == [own.key]
        ]
        if len({names[a.id].key for a in fuller}) > 1:
            # Two people share the surname ("Tony Blair", "Sir Ian Blair"): "Mr Blair" is the
            # one named last before it.
            first = min((m.start for m in actor.mentions), default=0)
            before = [(min(m.start for m in a.mentions), a.id) for a in fuller if a.mentions]
            before = [b for b in before if b[0] < first]
            fuller = [claims.actor(max(before)[1])] if before else []  # type: ignore[list-item]
        if fuller:
            return names[fuller[0].id].key
    by_alias = {
        names[a.id].key
        for a in others
        if any(" ".join(name_tokens(alias)) == own.key for alias in a.aliases)
        and len(names[a.id].key or "") > len(own.key)
    }
    if len(by_alias) == 1:
        return by_alias.pop()
    return own.key
