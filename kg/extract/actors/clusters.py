"""Clusters: the mentions of one real-world entity merged into one would-be actor ("Liu" ->
"Liu Zhengrong", "US" -> "United States", "the Post" -> "the New York Post", acronyms)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract.actors.index import ClusterList, Tracked
from kg.extract.actors.index import cached_name_key as name_key
from kg.extract.actors.index import cached_name_words as name_words
from kg.extract.actors.lexicon import ORG_LIKE, ActorLexicon, acronym
from kg.extract.actors.mentions import Mention
from kg.extract.docindex import Offsets
from kg.extract.lexicon import grammar
from kg.models import ActorType

__all__ = ["Cluster", "ClusterList", "cluster_mentions", "find_cluster"]


@dataclass(eq=False)  # identity: two clusters with the same forms are still two actors
class Cluster:
    type: ActorType
    forms: list[str]
    mentions: list[Offsets]
    roles: list[str] = field(default_factory=list)
    affiliation: Cluster | None = None
    gender: str | None = None
    canonical: str | None = None  # a country's list name
    listed: bool = False  # known from metadata, kept even with no mention in the text
    head: str | None = None  # for an actor made from a description: its head noun ("source")
    org_cues: int = 0  # words around its mentions that say organisation (Mention.org_vote > 0)
    person_cues: int = 0  # ... that say person (a first name, an honorific)
    org_labels: int = 0  # the model's ORG labels minus its PERSON labels
    members: list[Cluster] = field(default_factory=list)  # a plural description's actors

    # What is derived from forms and mentions is cached and kept true as they change (they are
    # `Tracked` lists): name, name keys, sorted mention starts, and the indices of the
    # `ClusterList`s that hold the cluster (see kg/extract/actors/index.py).
    def __setattr__(self, attr: str, value: object) -> None:
        if attr == "forms":
            value = Tracked(value, self._form_added)  # type: ignore[arg-type]
        elif attr == "mentions":
            value = Tracked(value, self._mention_added)  # type: ignore[arg-type]
        object.__setattr__(self, attr, value)
        if attr == "forms":
            self._form_added(None)
        elif attr == "canonical":
            self._form_added(str(value) if value else "")
        elif attr == "mentions":
            self._mention_added(None)

    def watch(self, clusters: ClusterList) -> None:
        watchers = self.__dict__.setdefault("_watchers", [])
        if not any(w is clusters for w in watchers):
            watchers.append(clusters)

    def _form_added(self, form: str | None) -> None:
        self.__dict__["_name"] = self.__dict__["_keys"] = None
        for clusters in self.__dict__.get("_watchers", ()):
            clusters.index_names(self, None if form is None else [form] if form else [])

    def _mention_added(self, span: Offsets | None) -> None:
        cache = self.__dict__.get("_spans")
        if span is None or cache is None:
            self.__dict__["_spans"] = self.__dict__["_starts"] = None
        else:
            insort(cache, tuple(span))
            insort(self.__dict__["_starts"], span[0])
            self.__dict__["_longest"] = max(self.__dict__["_longest"], span[1] - span[0])
        for clusters in self.__dict__.get("_watchers", ()):
            clusters.mention_added(self, None if span is None else span[0])

    def _sorted_starts(self) -> list[int]:
        starts = self.__dict__.get("_starts")
        if starts is None:
            spans = sorted(tuple(m) for m in self.mentions)
            self.__dict__["_spans"] = spans
            self.__dict__["_longest"] = max((e - s for s, e in spans), default=0)
            starts = self.__dict__["_starts"] = [s for s, _ in spans]
        return starts

    @property
    def name(self) -> str:
        if self.canonical:
            return self.canonical
        name = self.__dict__.get("_name")
        if name is None:
            # The fullest form: "Liu Zhengrong" over "Liu", "New York Post" over "Post".
            name = self.__dict__["_name"] = max(self.forms, key=lambda f: (len(f.split()), len(f)))
        return name

    @property
    def first(self) -> int:
        starts = self._sorted_starts()
        return starts[0] if starts else 10**12

    def last_before(self, offset: int) -> int:
        starts = self._sorted_starts()
        i = bisect_left(starts, offset)
        return starts[i - 1] if i else -1

    def count_before(self, offset: int) -> int:
        """How many mentions start before `offset`."""
        return bisect_left(self._sorted_starts(), offset)

    def overlaps(self, span: Offsets) -> bool:
        """Whether a mention overlaps `span` (shares a character, or lies empty inside it)."""
        self._sorted_starts()
        spans, longest = self.__dict__["_spans"], self.__dict__["_longest"]
        # a mention longer than `longest` does not exist: no earlier start can reach span[0]
        for i in range(bisect_left(spans, (span[0] - longest,)), len(spans)):
            s, e = spans[i]
            if s >= span[1]:
                return False
            if span[0] < e:
                return True
        return False

    def name_keys(self) -> frozenset[str]:
        keys = self.__dict__.get("_keys")
        if keys is None:
            keys = self.__dict__["_keys"] = frozenset(
                {name_key(f) for f in self.forms} | ({name_key(self.canonical)} if self.canonical else set())
            )
        return keys

    def add_role(self, role: str) -> None:
        role = " ".join(role.split()).strip(" ,;:-–—")
        words = role.lower().split()
        if not words or words[0] in grammar().not_role_start or words[-1] in grammar().not_role_end:
            return  # "his Newcastle boss", "senior vice": a parse gone wrong, not a title
        if (
            any(c.isalpha() for c in role)
            and len(role) <= 120
            and role not in self.roles
            and name_key(role) not in self.name_keys()
        ):
            self.roles.append(role)


def compatible(cluster: Cluster, mention_type: ActorType) -> bool:
    if mention_type == ActorType.Person or cluster.type == ActorType.Person:
        return mention_type == cluster.type
    return mention_type in ORG_LIKE and cluster.type in ORG_LIKE


def find_cluster(
    name: str, mtype: ActorType, clusters: Sequence[Cluster], lex: ActorLexicon, before: int | None = None
) -> Cluster | None:
    # The clusters are tried latest mentioned first (before `before`); only those the index
    # says can match each rule are looked at, in that same order.
    index = clusters if isinstance(clusters, ClusterList) else ClusterList(clusters)
    key = name_key(name)
    country = lex.country_of.get(key)
    at = before if before is not None else 10**12
    squashed = key.replace(" ", "") if len(key) > 4 else None
    same = index.having("key", key) + index.having("canonical", country) + index.having("squashed", squashed)
    for cluster in index.by_recency(dict.fromkeys(same), at):
        if key in cluster.name_keys() and compatible(cluster, mtype):
            return cluster
        if country and cluster.canonical == country:
            return cluster
        # "TimeWarner" and "Time Warner"
        if (
            len(key) > 4
            and key.replace(" ", "") in {k.replace(" ", "") for k in cluster.name_keys()}
            and compatible(cluster, mtype)
        ):
            return cluster
    words = name_words(name)
    if not words:
        return None
    if len(words) == 1 and (mtype == ActorType.Person or len(words[0]) > 2):
        # "Clinton" after "Hillary Clinton" and "Chelsea Clinton": the one talked about most.
        people = [
            c
            for c in index.having("end_word", words[0])
            if c.type == ActorType.Person
            and len(name_words(c.name)) > 1
            and words[0] in (name_words(c.name)[0], name_words(c.name)[-1])
        ]
        if people:
            return max(people, key=lambda c: (c.count_before(at), c.last_before(at)))
    # Every rule below needs a first or last name word, the acronym or the name as written.
    similar = index.having("end_word", words[0], words[-1]) + index.having("acronym", name)
    for cluster in index.by_recency(dict.fromkeys(similar + index.having("text", acronym(name))), at):
        name_types = (ActorType.Person, ActorType.Organization, ActorType.Place)
        if cluster.type == ActorType.Person and mtype in name_types:
            full = name_words(cluster.name)
            # "Liu" after "Liu Zhengrong"; "Blair" after "Tony Blair" (family name first or last).
            if (
                len(words) == 1
                and len(full) > 1
                and words[0] in (full[0], full[-1])
                and (mtype == ActorType.Person or len(words[0]) > 2)
            ):
                return cluster
            if len(full) == 1 and len(words) > 1 and mtype == ActorType.Person and full[0] in (words[0], words[-1]):
                return cluster
        elif (
            cluster.type in (ActorType.Organization, ActorType.Place)
            and mtype == ActorType.Person
            and len(words) > 1
            and name_words(cluster.name) == [words[-1]]
            and not cluster.name.isupper()
        ):
            # "Trump" (tagged ORG) then "Donald Trump": the person.
            cluster.type = ActorType.Person
            return cluster
        elif (
            cluster.type != ActorType.Person
            and mtype == ActorType.Person
            and name_like(cluster.name, lex)
            and words[-1] == name_words(cluster.name)[-1]
        ):
            # The model called "Phillips Idowu" an ORG and later "Idowu" a PERSON: one person.
            cluster.type = ActorType.Person
            return cluster
        elif cluster.type != ActorType.Person and compatible(cluster, mtype):
            full = name_words(cluster.name)
            if len(words) < len(full) and words[-1] == full[-1] and set(words) <= set(full):
                return cluster  # "the Post" -> "the New York Post"
            if len(name) >= 2 and name.isupper() and name == acronym(cluster.name) and len(full) > 1:
                return cluster
            if cluster.name.isupper() and len(cluster.name) >= 2 and acronym(name) == cluster.name:
                return cluster
    return None


def name_like(name: str, lex: ActorLexicon, loose: bool = False) -> bool:
    """Two or three capitalised words and no organisation word: could be a person's name
    (`loose`: inner capitals allowed, "Ava DuVernay")."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and (loose or w[1:].islower()) for w in words)
        and not any(w.lower() in lex.org_suffixes | lex.org_words | lex.event_suffixes | lex.org_nouns for w in words)
    )


def cluster_mentions(mentions: list[Mention], lex: ActorLexicon) -> tuple[ClusterList, dict[int, Cluster]]:
    clusters = ClusterList()
    by_mention: dict[int, Cluster] = {}
    person_or_org = (ActorType.Person, ActorType.Organization)
    for index, mention in enumerate(mentions):
        cluster = find_cluster(mention.name, mention.type, clusters, lex, before=mention.start)
        if cluster is None and mention.type in person_or_org:
            # "Yukos" typed PERSON here and ORG there: one actor, whose kind the votes decide.
            key = name_key(mention.name)
            cluster = next((c for c in clusters.having("key", key) if c.type in person_or_org), None)
        if cluster is None:
            cluster = Cluster(mention.type, [], [])
            clusters.append(cluster)
        if mention.gender and cluster.gender is None:
            cluster.gender = mention.gender
        if mention.type == ActorType.Country:
            cluster.type = ActorType.Country
            cluster.canonical = lex.country_of.get(name_key(mention.name))
        cluster.forms.append(mention.name)
        if mention.start >= 0:
            cluster.mentions.append((mention.start, mention.end))
        else:
            cluster.listed = True
        for title in mention.titles:
            cluster.add_role(title)
        by_mention[index] = cluster
        if mention.type in person_or_org and not mention.from_metadata:
            cluster.org_cues += max(mention.org_vote, 0)
            # "Ava DuVernay" marked PERSON: a full name is evidence (one word is not).
            full_name = (
                mention.type == ActorType.Person and mention.org_vote == 0 and name_like(mention.name, lex, loose=True)
            )
            cluster.person_cues += mention.org_vote < 0 or full_name
            cluster.org_labels += 1 if mention.type == ActorType.Organization else -1
    for cluster in clusters:
        # A name the model calls a person is an organisation when the words around it say so
        # and nothing says person ("the Lib Dems", "oil firm Yukos"), or when the model
        # itself says organisation more often.
        if cluster.type == ActorType.Person and cluster.gender is None and not cluster.person_cues:
            if cluster.org_cues > 0 or cluster.org_labels > 0:
                cluster.type = ActorType.Organization
        elif cluster.type == ActorType.Organization and not cluster.org_cues and cluster.org_labels < 0:
            cluster.type = ActorType.Person  # "Parry" once an ORG, a dozen times a PERSON
    return clusters, by_mention
