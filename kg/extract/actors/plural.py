"""Plural descriptions: "both organisations", "the two companies", "both men", "the pair",
"the two sides" stand for actors named before them. The description becomes a Group actor
whose `members` are those actors, so a statement by "both companies" counts for each.

Which actors: of the kind the head noun says (organisations for "companies", people for
"men" and "the pair", countries for "both governments", organisations or countries for
"both sides", any of them for "both parties"), and
as many as the count says ("both", "two", "pair" -> 2); the words are in
data/actors_nouns.yaml (`plural`). In order of preference, within
`PLURAL_CHARS` before the description:
1. a coordination of exactly that many actors ("Shares in Elan and Biogen Idec ..."), when it
   is more recent than the speakers of rule 2;
2. the last actors of that kind who spoke ("The UN commission said ... The IADB said ...
   Both organisations also warned");
3. the last actors of that kind named.
A definite plural with no count ("the companies") takes only a coordination (any number of
two or more) or the members of the group described just before it: guessing how many is
not safe.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.extract.actors.clusters import Cluster, ClusterList
from kg.extract.actors.lexicon import ActorLexicon, name_key
from kg.extract.docindex import Offsets, doc_text
from kg.models import ActorType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["PLURAL_CHARS", "Plurals"]

# How far before the description its members may be named.
PLURAL_CHARS = 1500

_PEOPLE = frozenset({ActorType.Person})
_ORGANISATIONS = frozenset({ActorType.Organization})
_COUNTRIES = frozenset({ActorType.Country})
_SIDES = frozenset({ActorType.Organization, ActorType.Country})
_ANY = frozenset({ActorType.Person, ActorType.Organization, ActorType.Country})


class Plurals:
    """The plural descriptions of one article, resolved to groups of its actors."""

    def __init__(self, doc: Doc, lex: ActorLexicon, clusters: ClusterList, token_cluster: dict[int, Cluster]):
        self.doc, self.lex, self.clusters, self.token_cluster = doc, lex, clusters, token_cluster
        # Built on the first plural description (most articles have none): the coordinations
        # of actors, sorted by offset for bisection.
        self._coordinations: list[tuple[int, list[Cluster]]] | None = None
        self.groups: list[tuple[int, Cluster]] = []  # (offset, group) of the descriptions resolved
        self._group_of: dict[frozenset[int], Cluster] = {}  # the members' ids -> their group

    def wanted(self, head: Token, first: int, last: int) -> tuple[int | None, list[frozenset[ActorType]]] | None:
        """(how many, the kinds of members to try in turn) if the words first:last are a
        plural description, else None."""
        lex, doc = self.lex, self.doc
        lemma, lower = head.lemma_.lower(), head.lower_
        counts = lex.plural_counts
        if lemma in lex.plural_collective:
            count: int | None = counts.get(lemma)
        elif lower == "both" and last - first == 1:
            count = counts[lower]  # "Both said ..."
        elif head.tag_ in ("NNS", "NNPS"):
            words = [t for t in doc[first : head.i] if t.head.i == head.i]
            if first > 0 and doc[first - 1].head.i == head.i:
                words.insert(0, doc[first - 1])  # "the" trimmed off the span
            numbers = [counts[t.lower_] for t in words if t.lower_ in counts]
            definite = any(t.lower_ in ("the", "these", "those") for t in words)
            if numbers:
                count = numbers[0]
            elif definite and head.i - first <= 2:
                count = None  # "the companies": members only from a coordination or a group
            else:
                return None
        else:
            return None
        if lower == "both" or lemma in lex.plural_any_kind:
            return count, [_ANY]
        if lemma in lex.plural_sides:
            return count, [_SIDES]
        if lemma in lex.plural_collective:
            return count, [_PEOPLE, _ANY]
        if lemma in lex.plural_country:
            return count, [_COUNTRIES]
        if lemma in lex.person_nouns:
            return count, [_PEOPLE]
        if lemma in lex.org_nouns:
            return count, [_ORGANISATIONS]
        return None

    def resolve(
        self,
        span: Offsets,
        name: str,
        wanted: tuple[int | None, list[frozenset[ActorType]]],
        spoke: list[tuple[int, Cluster]],
    ) -> Cluster | None:
        """The group the description at `span` stands for (made or found), or None when its
        members cannot be told; `spoke` is (offset, actor) of the speakers so far, in order."""
        count, kinds_in_turn = wanted
        members: list[Cluster] = []
        for kinds in kinds_in_turn:
            members = self._members(span[0], count, kinds, spoke)
            if members:
                break
        if not members:
            return None
        key = frozenset(id(m) for m in members)
        group = self._group_of.get(key)
        if group is None:
            group = self._group_of[key] = Cluster(ActorType.Group, [name], [])
            group.members = members
            group.head = name_key(name).split()[-1] if name.split() else None
            self.clusters.append(group)
        elif name not in group.forms:
            group.forms.append(name)
        self.groups.append((span[0], group))
        return group

    def coordinated(self, head: Token) -> Cluster | None:
        """'Microsoft and Sony said ...': a speaker named with others in a coordination is
        the group of them all (a Group with those members, named as written)."""
        if head.dep_ not in ("nsubj", "nsubjpass") or not any(c.dep_ == "conj" for c in head.children):
            return None
        tokens = [head, *head.conjuncts]
        members: list[Cluster] = []
        for token in tokens:
            cluster = self.token_cluster.get(token.i)
            if cluster is None or cluster.type not in _ANY or any(cluster is m for m in members):
                return None
            members.append(cluster)
        start = self.doc[min(t.left_edge.i for t in tokens)].idx
        last = max(tokens, key=lambda t: t.i)
        end = last.idx + len(last.text)
        key = frozenset(id(m) for m in members)
        group = self._group_of.get(key)
        if group is None:
            name = " ".join(doc_text(self.doc)[start:end].split())
            group = self._group_of[key] = Cluster(ActorType.Group, [name], [(start, end)])
            group.members = members
            self.clusters.append(group)
        self.groups.append((start, group))
        return group

    # -- the three sources of members
    def _members(
        self, offset: int, count: int | None, kinds: frozenset[ActorType], spoke: list[tuple[int, Cluster]]
    ) -> list[Cluster]:
        coordination = self._coordination(offset, count, kinds)
        if count is None:
            if coordination is not None:
                return coordination[1]
            # Descriptions are resolved in text order: the last group is the one just before.
            if self.groups and offset - PLURAL_CHARS <= self.groups[-1][0] < offset:
                return list(self.groups[-1][1].members)
            return []
        speakers = self._last_distinct(reversed(spoke), offset, count, kinds)
        if coordination is not None and (len(speakers) < count or coordination[0] >= speakers[-1][0]):
            return coordination[1]
        if len(speakers) == count:
            return _in_text_order(speakers)
        named = self._last_distinct(self.clusters.mentioned_before(offset), offset, count, kinds)
        return _in_text_order(named) if len(named) == count else []

    def _last_distinct(
        self, items: Iterable[tuple[int, Cluster]], offset: int, count: int, kinds: frozenset[ActorType]
    ) -> list[tuple[int, Cluster]]:
        """Walking back from `offset` over (offset, actor), latest first: the first `count`
        distinct actors of `kinds`."""
        found: list[tuple[int, Cluster]] = []
        for at, cluster in items:
            if at >= offset:
                continue
            if at < offset - PLURAL_CHARS:
                break
            if cluster.type in kinds and not cluster.members and all(c is not cluster for _, c in found):
                found.append((at, cluster))
                if len(found) == count:
                    break
        return found

    def _coordination(
        self, offset: int, count: int | None, kinds: frozenset[ActorType]
    ) -> tuple[int, list[Cluster]] | None:
        """The last coordination of actors of `kinds` ("Elan and Biogen Idec") before
        `offset`, with `count` conjuncts (two or more when count is None)."""
        self._index()
        assert self._coordinations is not None
        at = bisect_left(self._coordinations, offset, key=lambda item: item[0])
        near = []
        for start, members in reversed(self._coordinations[:at]):
            if start < offset - PLURAL_CHARS:
                break
            if count is None or len(members) == count:
                near.append((start, members))
        exact = next(((s, m) for s, m in near if all(c.type in kinds for c in m)), None)
        return exact or next(((s, m) for s, m in near if self._of_kind(m, kinds)), None)

    def _of_kind(self, members: list[Cluster], kinds: frozenset[ActorType]) -> bool:
        """Are the conjuncts all of `kinds`, some mistyped? "The two companies" after
        "Vodafone and Orange" (and no coordination of companies only) also says that Orange
        (a place to the model) and "Biogen Idec" (a person to it, with no listed first name
        or honorific) are companies: they are retyped."""
        if all(m.type in kinds for m in members):
            return True
        if ActorType.Organization not in kinds or not any(m.type in kinds for m in members):
            return False
        mistyped = [m for m in members if m.type not in kinds]
        if not all(self._may_be_organisation(m) for m in mistyped):
            return False
        for member in mistyped:
            member.type = ActorType.Organization
        return True

    def _may_be_organisation(self, cluster: Cluster) -> bool:
        if cluster.type == ActorType.Place:
            return True
        first_word = cluster.name.split()[0] if cluster.name.split() else ""
        return (
            cluster.type == ActorType.Person
            and cluster.gender is None
            and first_word not in self.lex.first_names
            and first_word.lower() not in self.lex.honorifics
        )

    def _index(self) -> None:
        if self._coordinations is not None:
            return
        found: list[tuple[int, list[Cluster]]] = []
        for token in self.doc:
            if token.dep_ == "conj" or not any(c.dep_ == "conj" for c in token.children):
                continue
            clusters = [self.token_cluster.get(t.i) for t in (token, *token.conjuncts)]
            distinct: list[Cluster] = []
            for cluster in clusters:
                if cluster is not None and all(cluster is not d for d in distinct):
                    distinct.append(cluster)
            if len(distinct) == len(clusters) >= 2:
                found.append((token.idx, distinct))
        self._coordinations = found


def _in_text_order(found: list[tuple[int, Cluster]]) -> list[Cluster]:
    return [c for _, c in sorted(found, key=lambda x: x[0])]
