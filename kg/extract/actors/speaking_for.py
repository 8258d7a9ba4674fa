"""Who speaks through a document or a spokesperson: "a World Bank report", "the report by
the UNECE", "figures released by the CEA" are the organisation's words; "a Home Office
spokesman" is an unnamed person of the Home Office (its affiliation), never the person named
next. Used by `resolution.Resolver` for descriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.actors.clusters import Cluster, find_cluster
from kg.extract.actors.describe import NEAR_CHARS, description_name
from kg.extract.actors.lexicon import ActorLexicon, name_words
from kg.extract.docindex import Offsets, squeezed_text, trim_tokens
from kg.models import ActorType

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from kg.extract.actors.resolution import Resolver

__all__ = ["author", "sourced", "spokesperson"]


def spokesperson(
    r: Resolver, span: Offsets, first: int, head: Token, possessor: Cluster | None, name: str
) -> Cluster:
    """'a Home Office spokesman', 'a spokeswoman for Oxfam', or 'a spokesman said' right
    after the organisation spoke: an unnamed person of that organisation (its
    affiliation), never the person named next."""
    orgs = (ActorType.Organization, ActorType.Country)
    org = possessor if possessor is not None and possessor.type in orgs else None
    words = [*r.doc[first : head.i]]
    objects = [
        obj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at")
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    words += [t for obj in objects for t in obj.subtree]
    inside = [r.token_cluster[t.i] for t in words if t.i in r.token_cluster]
    org = org or next((c for c in inside if c.type in orgs), None)
    if org is None and objects and objects[0].pos_ == "PROPN":
        # "a spokesman for Age Concern", a name the model did not mark: an organisation.
        obj = objects[0]
        lo, hi = trim_tokens(r.doc, obj.left_edge.i, obj.i + 1)
        if hi > lo:
            org_name = squeezed_text(r.doc, r.doc[lo].idx, obj.idx + len(obj.text))
            org = find_cluster(org_name, ActorType.Organization, r.clusters, r.lex, before=span[0])
            if org is None or org.type == ActorType.Person:
                org = r.new(ActorType.Organization, org_name)
                org.mentions.append((r.doc[lo].idx, obj.idx + len(obj.text)))
    if org is None:
        # the organisation (or a named group: "the Tories") that spoke just before
        spoke = [
            (o, c)
            for o, c in r.group_focus
            if o < span[0] and (c.type in orgs or c.name[:1].isupper())
        ]
        latest = max(spoke, key=lambda x: x[0], default=None)
        if latest is not None and span[0] - latest[0] <= 2 * NEAR_CHARS:
            org = latest[1]
    if org is None:  # the organisation named last, if just before
        named = [c for c in r.clusters if c.type == ActorType.Organization and c.last_before(span[0]) >= 0]
        last = max(named, key=lambda c: c.last_before(span[0]), default=None)
        if last is not None and span[0] - last.last_before(span[0]) <= NEAR_CHARS:
            org = last
    cluster = r.new(ActorType.Person, description_name(r.doc, first, head.i + 1) or name, merge=False)
    cluster.head = head.lemma_.lower()
    cluster.affiliation = org
    return cluster


def sourced(lex: ActorLexicon, head: Token) -> bool:
    """'figures released by the CEA', 'according to figures from ...': a `sourced_document`
    noun that says where it comes from."""
    if head.lower_ not in lex.sourced_document_nouns:
        return False
    according = head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"
    sourced = any(
        c.dep_ == "acl" or (c.dep_ == "prep" and c.lower_ in ("by", "from", "of")) for c in head.children
    )
    return according or sourced


def author(
    r: Resolver, span: Offsets, tokens: Span, head: Token, possessor: Cluster | None, definite: bool
) -> Cluster | None:
    """The organisation behind "a World Bank report", "the report by the UNECE", "the
    Pew study", or else the one in view ("the report" after "Pew Research said"), or the
    one named in the next sentence ("according to a new report. The UNECE said")."""
    orgs = (ActorType.Organization,)
    if possessor is not None and possessor.type in orgs:
        return possessor
    inside = [r.token_cluster[t.i] for t in tokens if t.i in r.token_cluster]
    named = [c for c in inside if c.type in orgs]
    if named:
        return named[0]
    # "the report by the UNECE", "figures released by CES organisers, the CEA", "figures
    # gathered by the Pew researchers": whoever the by/from/of phrase names (a person too).
    holders = [head, *(c for c in head.children if c.dep_ == "acl")]
    words = [
        t
        for holder in holders
        for prep in holder.children
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from", "of")
        for obj in prep.children
        if obj.dep_ == "pobj"
        for t in obj.subtree
    ]
    by = [r.token_cluster[t.i] for t in words if t.i in r.token_cluster]
    if not by:  # "the Pew researchers": a known name the model did not mark here
        found = (
            find_cluster(t.text, ActorType.Organization, r.clusters, r.lex, before=span[0])
            for t in words
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN") and not t.is_sent_start
        )
        by = [c for c in found if c is not None]
        generic = r.lex.org_suffixes | r.lex.org_nouns | r.lex.titles
        capitals = {t.lower_ for t in words if t.text[:1].isupper() and not t.is_sent_start} - generic
        by += [  # "the Pew researchers" -> US Pew Research Center
            c
            for c in r.clusters
            if c.type in orgs and c.last_before(span[0]) >= 0 and capitals & set(name_words(c.name))
        ]
    by = [c for c in by if c.type in (ActorType.Organization, ActorType.Person)]
    if by:
        return next((c for c in by if c.type in orgs), by[0])
    after = [c for c in r.clusters if c.type in orgs and 0 <= c.first - span[1] <= NEAR_CHARS]
    first_after = min(after, key=lambda c: c.first, default=None)
    if first_after is not None and not definite:
        return first_after  # "a new report" introduces the organisation named next
    recent = r.recent(set(orgs), span[0])
    if recent is not None and span[0] - recent.last_before(span[0]) <= 2 * NEAR_CHARS:
        return recent
    return first_after
