"""Resolution: which actor a requested span (a speaker, an intermediary, an audience) names.

Spans are resolved in text order: entity -> pronoun ("he" -> the person in focus) -> proper
name -> description ("the Chinese official", "the Internet giant", "a top official" said
before the name) -> a new actor named by the description ("sources"). A resolution is a
`Cluster`, `DEFERRED` (a description whose person is named later: decided by `cataphora`),
`SameAs` (whoever an earlier deferred span turns out to be) or None (no actor).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.actors.clusters import Cluster, ClusterList, find_cluster, name_like
from kg.extract.actors.describe import CATAPHORA_CHARS, NEAR_CHARS, description_name
from kg.extract.actors.lexicon import ActorLexicon, actor_lexicon, name_key, name_words
from kg.extract.actors.mentions import org_evidence
from kg.extract.actors.plural import Plurals
from kg.extract.actors.speaking_for import author, sourced, spokesperson
from kg.extract.docindex import Offsets, is_name_word, phrase_root, squeezed_text, trim_tokens
from kg.extract.lexicon import grammar, speech_verbs
from kg.models import ActorType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["DEFERRED", "Deferred", "Resolution", "Resolver", "SameAs"]

@dataclass(frozen=True)
class Deferred:
    """Not decided yet: "a top Chinese official told ..." before the name is given."""


DEFERRED = Deferred()


@dataclass(frozen=True)
class SameAs:
    """Resolved like an earlier, deferred span ("the source" -> whoever "a source" is)."""

    span: Offsets


Resolution = Cluster | Deferred | SameAs | None


class Resolver:
    """Resolves requested spans in text order, remembering who was last in focus."""

    def __init__(
        self,
        doc: Doc,
        lex: ActorLexicon,
        clusters: list[Cluster],
        token_cluster: dict[int, Cluster],
        speakers: set[Offsets],
    ) -> None:
        self.doc, self.lex = doc, lex
        # the same list object the caller holds (new actors are appended to it), indexed
        self.clusters = clusters if isinstance(clusters, ClusterList) else ClusterList(clusters)
        self.token_cluster = token_cluster
        self.speakers = speakers
        self.focus: list[tuple[int, Cluster]] = []  # (offset, person) of resolved speakers
        self._focus_sorted: list[tuple[int, int]] = []  # (offset, -index in focus), sorted
        self.group_focus: list[tuple[int, Cluster]] = []  # (offset, group or organisation) of speakers
        self.create = True  # False: resolve to known actors only, never make a new one
        self.pending: dict[Offsets, str] = {}  # deferred descriptions and their head nouns
        self.shared: list[tuple[int, Cluster]] = []  # (offset, group) of "X% of <group>" speakers
        self.spoken: list[tuple[int, Cluster]] = []  # (offset, actor) of every resolved speaker
        self.groups_by_head: dict[str, Cluster] = {}  # head noun -> the last group described so
        self.plurals = Plurals(doc, lex, self.clusters, token_cluster)

    def note(self, span: Offsets, cluster: Cluster) -> None:
        if span in self.speakers:
            self.spoken.append((span[0], cluster))
        if cluster.type == ActorType.Group and cluster.head and not cluster.members:
            self.groups_by_head[cluster.head] = cluster
        if span in self.speakers and cluster.type == ActorType.Person:
            self.focus.append((span[0], cluster))
        if span in self.speakers and cluster.type in (ActorType.Group, ActorType.Organization):
            self.group_focus.append((span[0], cluster))

    def resolve(self, span: Offsets) -> Resolution:
        doc = self.doc
        chars = doc.char_span(span[0], span[1], alignment_mode="expand")
        if chars is None:
            return None
        first, last = trim_tokens(doc, chars.start, chars.end)
        if last <= first:
            return None
        tokens = doc[first:last]
        head = phrase_root(doc, first, last)
        if head.i in self.token_cluster:
            together = self.plurals.coordinated(head) if span in self.speakers and self.create else None
            return together or self.token_cluster[head.i]
        for token in tokens:  # "the Xinhua news agency": a name compounded with the head
            cluster = self.token_cluster.get(token.i)
            if (
                cluster is not None
                and token.head.i == head.i
                and token.dep_ == "compound"
                and cluster.type not in (ActorType.Place, ActorType.Country)
                and head.lemma_.lower() not in self.lex.person_nouns
            ):
                return cluster
        for child in head.children:  # "The party's health spokeswoman, Eleanor Scott, said"
            cluster = self.token_cluster.get(child.i)
            if child.dep_ == "appos" and cluster is not None and cluster.type == ActorType.Person:
                return cluster
        apposed = self._apposed_name(head)
        if apposed is not None:
            return apposed
        share = self._share_of(head, span)
        if share is not None:
            return share
        plural = self.plurals.wanted(head, first, last) if self.create and head.pos_ != "PROPN" else None
        if plural is not None:  # "both organisations", "the two men": a group of known actors
            group = self.plurals.resolve(span, description_name(doc, first, head.i + 1), plural, self.spoken)
            if group is not None:
                return group
        lower = head.lower_
        if lower in grammar().relative_pronouns and last - first == 1:
            return self._antecedent(head, span)
        if lower in self.lex.pronouns["first"]:
            return None  # "I", "we": inside a quotation; the statement's speaker is elsewhere
        if lower in self.lex.pronouns["person"] and last - first == 1:
            gender = self._gender(lower)
            return self._subject_since_speaker(span[0], gender) or self._person_in_focus(span[0], gender=gender)
        if lower in self.lex.pronouns["thing"] and last - first == 1:
            return self.recent({ActorType.Organization}, span[0])
        if lower in self.lex.pronouns["plural"] and last - first == 1:
            return self._plural_in_focus(span[0])
        name = squeezed_text(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        if not name or not any(c.isalpha() for c in name):
            return None
        if head.pos_ == "PROPN" or (is_name_word(head) and not head.is_sent_start and head.pos_ != "PRON"):
            return self._named(span, first, last, name)
        return self._described(span, first, last, head, name)

    # -- helpers
    def _apposed_name(self, head: Token) -> Cluster | None:
        """'The Shadow Secretary of State for the Family, Theresa May, said', 'The SNP's
        Holyrood leader, Nicola Sturgeon, said': a title with a name in apposition is that
        person, even when the model missed the name ("May") or typed it an organisation."""
        lex = self.lex
        if head.lemma_.lower() not in lex.person_nouns | lex.titles and head.lower_ not in lex.titles:
            return None
        for child in head.children:
            if child.dep_ != "appos" or child.i < head.i or child.pos_ != "PROPN":
                continue
            first = child.left_edge.i
            words = self.doc[first : child.i + 1]
            if not 1 <= len(words) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
                continue
            cluster = self.token_cluster.get(child.i)
            if cluster is not None and cluster.type != ActorType.Person:
                if cluster.type != ActorType.Organization or not name_like(cluster.name, lex):
                    continue
                cluster.type = ActorType.Person  # the model's ORG "Nicola Sturgeon"
            if cluster is None:
                if len(words) < 2:
                    continue  # one capitalised word may be anything; a full name is a person
                cluster = self.new(ActorType.Person, words.text)
                cluster.mentions.append((words.start_char, words.end_char))
            return cluster
        return None

    def _share_of(self, head: Token, span: Offsets) -> Resolution:
        """'Almost 50% of those questioned said', 'half of them said': a share of a group
        speaks for the group; 'a small number, 17%, said' and 'the remaining 33% said' (no
        "of") for the group last counted that way."""
        lex = self.lex
        if head.dep_ in ("nummod", "amod") and head.head.lower_ in lex.quantity_nouns:
            head = head.head  # "50" or "remaining" of "50%" (the span was trimmed of its "%")
        lower, lemma = head.lower_, head.lemma_.lower()
        numeric = head.like_num or lower in lex.quantity_nouns or lemma in lex.quantity_nouns
        if not numeric and lower not in lex.quantifiers:
            return None
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "of" or prep.i < head.i:
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if not objects:
                continue
            whole = objects[0]
            end = whole.right_edge.idx + len(whole.right_edge)
            group: Resolution
            if whole.lower_ in grammar().determiners and whole.n_rights:
                # "those questioned", "those asked": the determiner with its clause is the name.
                group = self.new(ActorType.Group, squeezed_text(self.doc, whole.idx, end))
            else:
                group = self.resolve((self.doc[whole.left_edge.i].idx, end))
            if isinstance(group, Cluster):
                self.shared.append((span[0], group))
            return group
        earlier = [(o, c) for o, c in self.shared if o < span[0] and span[0] - o <= CATAPHORA_CHARS]
        if numeric and earlier:
            return max(earlier, key=lambda x: x[0])[1]
        return None

    @staticmethod
    def _gender(pronoun: str) -> str | None:
        lex = actor_lexicon()
        if pronoun in lex.pronouns["male"]:
            return "male"
        return "female" if pronoun in lex.pronouns["female"] else None

    def _person_in_focus(
        self, offset: int, gender: str | None = None, prefer: Iterable[Cluster] = ()
    ) -> Cluster | None:
        """The last person who spoke before `offset`, else the last person mentioned."""
        preferred = set(prefer)
        chosen = None
        # Candidates latest first, read only as far as needed: the first one (or the first
        # preferred one, when `prefer` names any candidate).
        for person in self._people_latest_first(offset):
            if gender and person.gender not in (None, gender):
                continue  # "she" never goes to a man we know to be one (nor "he" to a woman)
            chosen = chosen or person
            if not preferred or person in preferred:
                chosen = person
                break
        if chosen is not None and gender and chosen.gender is None:
            chosen.gender = gender
        return chosen

    def _subject_since_speaker(self, offset: int, gender: str | None) -> Cluster | None:
        """'Mr Herron said ... "...," he said. On Wednesday, Mr Mallon provoked fury by ...
        "...," he said.': a person who is the subject of a main clause after the last speaker
        spoke (and is not speaking there) is who "he" means now."""
        focus = self._focus_sorted
        for i in range(len(focus), len(self.focus)):
            insort(focus, (self.focus[i][0], -i))
        at = bisect_left(focus, (offset, -len(self.focus)))
        since = focus[at - 1][0] if at > 0 else -1
        for start, cluster in self.clusters.mentioned_before(offset):
            if start <= since or start < offset - NEAR_CHARS * 2:
                return None  # (bounded: a pronoun reads back at most a paragraph's worth)
            if cluster.type != ActorType.Person or (gender and cluster.gender not in (None, gender)):
                continue
            span = self.doc.char_span(start, start + 1, alignment_mode="expand")
            token = span.root if span is not None else None
            while token is not None and token.dep_ == "compound":
                token = token.head  # "Mr Mallon": the mention may start at a compound
            if token is None or token.dep_ != "nsubj" or token.head.dep_ != "ROOT":
                return None  # only the latest person mentioned can be meant this way
            verb = token.head
            if verb.lemma_.lower() in speech_verbs().reporting or (self.spoken and self.spoken[-1][0] > start):
                return None
            return cluster
        return None

    def _people_latest_first(self, offset: int) -> Iterator[Cluster]:
        """The people who spoke before `offset` (latest first, ties in the order noted), then
        every person mentioned before it (latest last mention first); each once."""
        focus = self._focus_sorted
        for i in range(len(focus), len(self.focus)):  # `focus` only grows: sort the new ones in
            insort(focus, (self.focus[i][0], -i))
        seen: set[int] = set()
        for j in range(bisect_left(focus, (offset, -len(self.focus))) - 1, -1, -1):
            person = self.focus[-focus[j][1]][1]
            if id(person) not in seen:
                seen.add(id(person))
                yield person
        for _, cluster in self.clusters.mentioned_before(offset):
            if cluster.type == ActorType.Person and id(cluster) not in seen:
                seen.add(id(cluster))
                yield cluster

    def _plural_in_focus(self, offset: int) -> Cluster | None:
        """'They' right after a group or organisation spoke ("the tobacco companies denied
        ... They also said"): that speaker; otherwise the group or organisation most in view."""
        spoke = [(o, c) for o, c in self.group_focus if o < offset]
        if spoke:
            last_offset, last = max(spoke, key=lambda x: x[0])
            if offset - last_offset <= NEAR_CHARS:
                return last
        return self.recent({ActorType.Group, ActorType.Organization}, offset)

    def recent(self, types: set[ActorType], offset: int) -> Cluster | None:
        """The actor 'it' or 'the company' most likely means: the most mentioned one so far,
        with a bonus for being mentioned just before; ties go to the most recent."""
        clusters = self.clusters
        best: tuple[int, int, int] | None = None  # (salience, last mention, -list position)
        # Those mentioned just before (the bonus), latest first; then the others by how often
        # they are mentioned in all, while that can still reach the best salience.
        for last, cluster in clusters.mentioned_before(offset):
            if offset - last > NEAR_CHARS:
                break
            if cluster.type in types:
                key = (cluster.count_before(offset) + 3, last, -clusters.position(cluster))
                best = max(best or key, key)
        for count, group in clusters.most_mentioned():
            if best is not None and count < best[0]:
                break
            for cluster in group:
                last = cluster.last_before(offset)
                if cluster.type in types and 0 <= last < offset - NEAR_CHARS:
                    key = (cluster.count_before(offset), last, -clusters.position(cluster))
                    best = max(best or key, key)
        return clusters[-best[2]] if best is not None else None

    def _antecedent(self, pronoun: Token, span: Offsets) -> Cluster | None:
        """'..., who said ...': the noun the relative clause hangs on."""
        verb = pronoun.head
        while verb.dep_ not in ("relcl", "ROOT") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "relcl":
            return None
        noun = verb.head
        if noun.i in self.token_cluster:
            return self.token_cluster[noun.i]
        first, last = trim_tokens(self.doc, noun.left_edge.i, noun.i + 1)
        if last <= first:
            return None
        name = squeezed_text(self.doc, self.doc[first].idx, self.doc[last - 1].idx + len(self.doc[last - 1].text))
        if noun.pos_ == "PROPN":
            return self._named(span, first, last, name)
        result = self._described(span, first, last, noun, name)
        return result if isinstance(result, Cluster) else None

    def _named(self, span: Offsets, first: int, last: int, name: str) -> Cluster:
        doc, lex = self.doc, self.lex
        definite = doc[first - 1].lower_ in grammar().definite if first > 0 else False
        clean = name
        words = clean.split()
        all_titles = all(w.lower() in lex.titles for w in words)
        while not all_titles and len(words) > 1 and words[0].lower() in lex.honorifics | lex.titles:
            words = words[1:]
        clean = " ".join(words)
        last_word = words[-1].lower() if words else ""
        if all_titles:
            # "the Shadow Secretary": a person by office; whoever holds that role, else new.
            title = {w.lower() for w in words}
            holders = [
                c
                for c in self.clusters
                if c.type == ActorType.Person
                and any(title <= set(r.lower().split()) for r in c.roles)
                and c.last_before(span[0]) >= 0
            ]
            if holders:
                return max(holders, key=lambda c: c.last_before(span[0]))
            return self.new(ActorType.Person, description_name(doc, first, last) or clean)
        if last_word in lex.org_suffixes or last_word in lex.org_words or last_word in lex.org_nouns or definite:
            mtype = ActorType.Organization
        elif 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            # A capitalised name the model did not mark: a person unless the words around it
            # say organisation ("Macrovision said its ...", "a spokesman for Age Concern").
            mtype = ActorType.Organization if org_evidence(doc, first, last, lex, weak=True) > 0 else ActorType.Person
        else:
            mtype = ActorType.Organization
        # A known name first, whatever type the model gave it; the guessed type only for a new one.
        key = name_key(clean)
        same = [c for c in self.clusters.having("key", key) if c.last_before(span[0] + 1) >= 0]
        if same:
            return max(same, key=lambda c: c.last_before(span[0] + 1))
        for guess in dict.fromkeys((mtype, ActorType.Organization, ActorType.Person)):
            cluster = find_cluster(clean, guess, self.clusters, lex, before=span[0])
            if cluster is not None:
                return cluster
        return self.new(mtype, clean)

    def _described(self, span: Offsets, first: int, last: int, head: Token, name: str) -> Resolution:
        doc, lex = self.doc, self.lex
        tokens = doc[first:last]
        lemma = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        before = doc[first - 1].lower_ if first > 0 else ""
        det = (
            before
            if before in grammar().determiners
            else tokens[0].lower_
            if tokens[0].lower_ in grammar().determiners
            else ""
        )
        definite = det in grammar().definite
        possessor = next(
            (
                self.token_cluster[t.i]
                for t in tokens
                if t.i in self.token_cluster and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS"
            ),
            None,
        )
        if lemma in lex.document_nouns or head.lower_ in lex.document_nouns or sourced(lex, head):
            made_by = author(self, span, tokens, head, possessor, definite)
            if made_by is not None:
                return made_by
        if head.lower_ in lex.group_nouns or (plural and lemma in lex.person_nouns):
            kind = ActorType.Group
        elif lemma in lex.person_nouns:
            kind = ActorType.Person
        elif lemma in lex.org_nouns or head.lower_ in lex.org_nouns:
            kind = ActorType.Organization
        elif lemma in lex.event_nouns:
            kind = ActorType.Event
        else:
            kind = ActorType.Group
        if definite and possessor is None:
            # "the source" after "a source": the actor that description made (or will make,
            # once the cataphora pass has decided who "a source" is).
            same = [c for c in self.clusters if c.head == lemma and c.last_before(span[0]) >= 0]
            waiting = [p for p, head in self.pending.items() if head == lemma and p[0] < span[0]]
            if waiting and (not same or max(waiting)[0] > max(c.last_before(span[0]) for c in same)):
                return SameAs(max(waiting))
            if same:
                return max(same, key=lambda c: c.last_before(span[0]))
        if kind == ActorType.Group and plural and not det and head.i == first and lemma in self.groups_by_head:
            # "Tory sources say ..." then "Sources within the party told ...": the same group,
            # named again without its modifier.
            return self.groups_by_head[lemma]
        if kind == ActorType.Person and definite and possessor is None:
            country = next((lex.demonym_of[t.lower_] for t in tokens if t.lower_ in lex.demonym_of), None)
            prefer = [
                c
                for c in self.clusters
                if c.type == ActorType.Person
                and ((country and self._linked_to(c, country)) or any(lemma in r.lower().split() for r in c.roles))
            ]
            person = self._person_in_focus(span[0], prefer=prefer)
            if person is not None:
                return person
        if kind in (ActorType.Organization, ActorType.Event) and definite and possessor is None and not plural:
            # "the summit" -> "Worldwide Cybersecurity Summit", "the Commission" -> "European Commission"
            named = [
                c
                for c in self.clusters.having("word", lemma)
                if c.type == kind and c.last_before(span[0]) >= 0 and lemma in name_words(c.name)
            ]
            if named:
                return max(named, key=lambda c: c.last_before(span[0]))
            if lemma in lex.company_nouns or head.lower_ in lex.company_nouns:
                org = self.recent({ActorType.Organization}, span[0])
                if org is not None:
                    return org
        if kind == ActorType.Person and lemma in lex.spokesperson_nouns and not definite:
            return spokesperson(self, span, first, head, possessor, name)
        if kind == ActorType.Person and not definite and span in self.speakers:
            self.pending[span] = lemma
            return DEFERRED  # "a top Chinese official told ..." before the name is given
        if kind == ActorType.Event and not definite:
            # "told a cybersecurity conference" then "in the Worldwide Cybersecurity Summit"
            named = [
                c
                for c in self.clusters
                if c.type == ActorType.Event and c.mentions and 0 <= c.first - span[1] <= CATAPHORA_CHARS
            ]
            if named:
                return min(named, key=lambda c: c.first)
        country = next((lex.demonym_of[t.lower_] for t in tokens if t.lower_ in lex.demonym_of), None) or next(
            (
                self.token_cluster[t.i].canonical
                for t in tokens
                if t.i < head.i and t.i in self.token_cluster and self.token_cluster[t.i].type == ActorType.Country
            ),
            None,
        )
        national = kind == ActorType.Organization and country is not None and lemma not in lex.company_nouns
        if not self.create and not national:
            return None  # only "the Chinese government" is clear enough to become an actor unasked
        # Named by the words up to the head: "participants here in the Summit" -> "participants".
        cluster = self.new(
            kind, description_name(doc, first, head.i + 1) or name, merge=definite or kind != ActorType.Person
        )
        cluster.head = cluster.head or lemma
        after = [self.token_cluster[t.i] for t in doc[head.i + 1 : last] if t.i in self.token_cluster]
        if possessor is None and national:
            possessor = next((c for c in self.clusters if c.canonical == country and c.mentions), None)
        if possessor is None and after and after[0].type in (ActorType.Organization, ActorType.Event):
            possessor = after[0]  # "participants in the Summit", "officials at the ministry"
        if possessor is not None and possessor is not cluster and cluster.affiliation is None:
            cluster.affiliation = possessor
        return cluster

    def _linked_to(self, person: Cluster, country: str) -> bool:
        """Whether what we know of `person` ties them to `country` (affiliations, roles)."""
        demonyms = {d for d, c in self.lex.demonym_of.items() if c == country}
        seen: set[int] = set()
        node: Cluster | None = person
        texts = list(person.roles)
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            if node.canonical == country:
                return True
            texts.extend(node.forms)
            node = node.affiliation
        blob = " ".join(texts).lower()
        aliases = {a for a, c in self.lex.country_of.items() if c == country}
        return any(re.search(rf"\b{re.escape(w)}\b", blob) for w in demonyms | aliases)

    def new(self, kind: ActorType, name: str, merge: bool = True) -> Cluster:
        if merge:
            for cluster in self.clusters.having("key", name_key(name)):
                if cluster.type == kind:
                    return cluster
        cluster = Cluster(kind, [name], [])
        self.clusters.append(cluster)
        return cluster

    def cataphora(self, span: Offsets, wanted: list[Offsets], resolved: dict[Offsets, Cluster]) -> Cluster:
        """'a top Chinese official told a conference ...' then '..., said Liu Zhengrong': the
        description is the person who speaks next, if that person is first named after it."""
        for later in wanted:
            if later[0] <= span[1] or later not in self.speakers:
                continue
            if later[0] - span[1] > CATAPHORA_CHARS:
                break
            cluster = resolved.get(later)
            if cluster is None or cluster.type != ActorType.Person:
                continue
            if cluster.first >= span[0]:
                return cluster
            break
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        name = ""
        if tokens is not None:
            name = description_name(self.doc, *trim_tokens(self.doc, tokens.start, tokens.end))
        cluster = self.new(ActorType.Person, name or "unnamed person", merge=False)
        head = phrase_root(self.doc, *trim_tokens(self.doc, tokens.start, tokens.end)) if tokens is not None else None
        cluster.head = head.lemma_.lower() if head is not None else None
        return cluster
