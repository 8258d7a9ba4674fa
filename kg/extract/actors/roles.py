"""Roles and affiliations of actors, from appositions and titles: "Liu Zhengrong, deputy
director general of the Internet Affairs Bureau ...", "Prime Minister Tony Blair",
"Microsoft chief executive Steve Ballmer", "China's State Council Information Office"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.actors.clusters import Cluster
from kg.extract.actors.lexicon import actor_lexicon
from kg.extract.actors.mentions import Mention
from kg.extract.docindex import phrase_root, squeezed_text
from kg.extract.lexicon import grammar
from kg.models import ActorType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["apply_roles"]


def apply_roles(
    doc: Doc, mentions: list[Mention], by_mention: dict[int, Cluster], token_cluster: dict[int, Cluster]
) -> None:
    for index, mention in enumerate(mentions):
        cluster = by_mention[index]
        root = phrase_root(doc, mention.first_token, mention.last_token)
        if cluster.type == ActorType.Person:
            role_before_name(doc, mention, cluster, token_cluster)
            for child in root.children:
                if child.dep_ == "appos" and child.i >= mention.last_token:
                    role_from_apposition(doc, child, cluster, token_cluster)
            head = root.head
            if (
                root.dep_ == "appos"
                and head.i < mention.first_token
                and head.pos_ in ("NOUN", "PROPN")
                and head.i not in token_cluster
            ):
                # "the Kyrgyz President, Askar Akaev"
                first = head.left_edge.i
                while first < head.i and doc[first].lower_ in grammar().determiners:
                    first += 1
                if head.lower_ in actor_lexicon().titles | actor_lexicon().person_nouns:
                    cluster.add_role(squeezed_text(doc, doc[first].idx, head.idx + len(head.text)))
        else:
            organisation_affiliation(doc, mention, root, cluster, token_cluster)
            head = root.head
            follows = 0 <= head.i - mention.last_token < 3
            if (
                cluster.type == ActorType.Organization
                and root.dep_ == "compound"
                and follows
                and head.lemma_.lower() in actor_lexicon().org_nouns
                and head.i not in token_cluster
            ):
                cluster.add_role(squeezed_text(doc, doc[mention.last_token].idx, head.idx + len(head.text)))


def role_before_name(doc: Doc, mention: Mention, cluster: Cluster, token_cluster: dict[int, Cluster]) -> None:
    """'Microsoft chief executive Steve Ballmer', 'Labour leader Tony Blair': the words before
    the name are a role, and an organisation right before them the affiliation."""
    lex = actor_lexicon()
    first = mention.first_token
    while (
        first > 0
        and first - 1 not in token_cluster
        and doc[first - 1].is_alpha
        and (doc[first - 1].lower_ in lex.titles or doc[first - 1].lower_ in lex.person_nouns)
    ):
        first -= 1
    if first == mention.first_token:
        return
    role = " ".join(t.text for t in doc[first : mention.first_token])
    if any(role.lower() in r.lower() for r in cluster.roles):
        return  # "Prime Minister", already read by clean_mention
    cluster.add_role(role)
    before = first - 2 if first >= 2 and doc[first - 1].tag_ == "POS" else first - 1
    target = token_cluster.get(before) if before >= 0 else None
    if target is not None and target is not cluster and target.type != ActorType.Person and cluster.affiliation is None:
        cluster.affiliation = target


def role_from_apposition(doc: Doc, appos: Token, cluster: Cluster, token_cluster: dict[int, Cluster]) -> None:
    first, last = appos.left_edge.i, appos.right_edge.i + 1
    if any(
        token_cluster.get(i) is not None
        and token_cluster[i].type == ActorType.Person
        and token_cluster[i] is not cluster
        for i in range(first, last)
    ):
        return  # "X, Y and Z": a list of people, not a role
    if appos.i in token_cluster:
        return  # an apposed name, not a title
    lex = actor_lexicon()
    if appos.lemma_.lower() not in lex.person_nouns | lex.titles or doc[first].lower_ in grammar().not_role_start:
        return  # "Jack Nicholson, his 12th nomination": not a role
    role_end = last
    for token in doc[first:last]:
        if token.dep_ == "prep" and token.lower_ in ("of", "at", "for", "with") and token.head.i < token.i:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            target = token_cluster.get(objects[0].i) if objects else None
            if target is not None and target is not cluster and target.type != ActorType.Person:
                if cluster.affiliation is None:
                    cluster.affiliation = target
                break
    # The role keeps the whole apposition ("deputy director general of the Internet Affairs
    # Bureau of China's State Council Information Office"): the title alone loses which office.
    while first < role_end and (
        doc[first].lower_ in grammar().determiners or doc[first].is_punct or doc[first].is_space
    ):
        first += 1
    if role_end > first:
        end = doc[role_end - 1]
        cluster.add_role(squeezed_text(doc, doc[first].idx, end.idx + len(end.text)))


def organisation_affiliation(
    doc: Doc, mention: Mention, root: Token, cluster: Cluster, token_cluster: dict[int, Cluster]
) -> None:
    if cluster.affiliation is not None or cluster.type == ActorType.Country:
        return
    target = None
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= mention.last_token:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                target = token_cluster.get(objects[0].i)
            break
    first = mention.first_token
    if target is None and first >= 2 and doc[first - 1].tag_ == "POS":
        target = token_cluster.get(doc[first - 2].i)  # "China's State Council Information Office"
    if target is not None and target is not cluster and target.type != ActorType.Person:
        cluster.affiliation = target
