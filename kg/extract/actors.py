"""Actors of one article: named entities plus rules, one actor per real-world entity.

Steps (each a small function below):
1. mentions: spaCy entities (PERSON, ORG, GPE, LOC, FAC, EVENT, plural NORP) and capitalised
   runs ending in an organisation word ("Internet Affairs Bureau"), cleaned of "the",
   "'s", honorifics and titles, and filtered ("Tuesday", "Internet" are never actors);
2. clusters: mentions of one entity merged ("Liu" -> "Liu Zhengrong", "US" -> "United
   States", "the Post" -> "the New York Post", acronyms);
3. roles and affiliations from appositions and titles ("Liu Zhengrong, deputy director
   general of the Internet Affairs Bureau ..."; "Prime Minister Tony Blair");
4. the mentions asked for (speakers, intermediaries, audiences), resolved in text order:
   entity -> pronoun ("he" -> the person in focus) -> proper name -> description ("the
   Chinese official", "the Internet giant", "a top official" said before the name) -> a new
   actor named by the description ("sources").
The word lists live in data/actors_*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.models import Actor, ActorType, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["ActorTable", "link_actors"]

DATA_DIR = Path(__file__).resolve().parent / "data"
Offsets = tuple[int, int]

_ENTITY_TYPES = {
    "PERSON": ActorType.Person,
    "ORG": ActorType.Organization,
    "GPE": ActorType.Place,  # Country when the name is a country (see _type_of)
    "LOC": ActorType.Place,
    "FAC": ActorType.Place,
    "EVENT": ActorType.Event,
    "NORP": ActorType.Group,  # only plural ones: "Republicans", not "Chinese"
}
_ORG_LIKE = {ActorType.Organization, ActorType.Country, ActorType.Place, ActorType.Event, ActorType.Group}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "some", "one", "another", "any"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_QUOTES = "\"'“”‘’«»„‟‹›`"
# Cataphora: how far after "a top official" the named speaker may come.
_CATAPHORA_CHARS = 1500
_NOT_ROLE_START = {"his", "her", "their", "its", "our", "my", "your", "for", "of", "and", "or", "who", "which"}
_NOT_ROLE_END = {"vice", "of", "for", "and", "the", "a", "at", "in", "'s", "’s"}
# "the company" right after a name most likely means that name.
_NEAR_CHARS = 250


# ------------------------------------------------------------------------------ lexicon


@dataclass(frozen=True)
class _Lexicon:
    titles: frozenset[str]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]
    event_suffixes: frozenset[str]
    stop: frozenset[str]
    person_nouns: frozenset[str]
    org_nouns: frozenset[str]
    company_nouns: frozenset[str]
    group_nouns: frozenset[str]
    event_nouns: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    country_of: dict[str, str]  # normalised alias -> canonical country name
    demonym_of: dict[str, str]  # lower-case demonym -> canonical country name
    gender_of: dict[str, str]  # lower-case first name or honorific -> "male" | "female"
    first_names: frozenset[str]  # as written: "Nicola", "John"


def _lines(name: str) -> list[str]:
    raw = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import yaml

    nouns = yaml.safe_load((DATA_DIR / "actors_nouns.yaml").read_text(encoding="utf-8"))
    country_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for line in _lines("actors_countries.txt"):
        names, _, demonyms = line.partition(";")
        aliases = [n.strip() for n in names.split("|") if n.strip()]
        for alias in aliases:
            country_of[_key(alias)] = aliases[0]
        for demonym in demonyms.split("|"):
            if demonym.strip():
                demonym_of[demonym.strip().lower()] = aliases[0]

    def lower(items: Iterable[str]) -> frozenset[str]:
        return frozenset(str(i).lower() for i in items)

    names = yaml.safe_load((DATA_DIR / "actors_first_names.yaml").read_text(encoding="utf-8"))
    gender_of = {str(n).lower(): g for g in ("male", "female") for n in names[g]}
    gender_of.update({h: "male" for h in ("mr", "mr.", "mister")})
    gender_of.update({h: "female" for h in ("mrs", "mrs.", "ms", "ms.", "miss", "madam")})
    return _Lexicon(
        gender_of=gender_of,
        first_names=frozenset(str(n) for g in ("male", "female") for n in names[g]
                              if str(n).lower() not in {"lord", "sir", "king", "queen", "prince", "princess",
                                                        "duke", "pope", "archbishop", "father", "brother",
                                                        "lady", "duchess", "dame", "sister", "mother"}),
        titles=lower(_lines("actors_titles.txt")),
        honorifics=lower(_lines("actors_honorifics.txt")),
        org_suffixes=lower(_lines("actors_org_suffixes.txt")),
        event_suffixes=lower(_lines("actors_event_suffixes.txt")),
        stop=lower(_lines("actors_stop.txt")),
        person_nouns=lower(nouns["person"]),
        org_nouns=lower(nouns["company"]) | lower(nouns["institution"]),
        company_nouns=lower(nouns["company"]),
        group_nouns=lower(nouns["group"]),
        event_nouns=lower(nouns["event"]),
        pronouns={k: lower(v) for k, v in nouns["pronouns"].items()},
        country_of=country_of,
        demonym_of=demonym_of,
    )


def _key(name: str) -> str:
    """Comparison key of a name: case, dots, 'the' and spacing do not matter."""
    name = name.lower().replace(".", "").replace("’", "'")
    name = re.sub(r"^the\s+", "", name)
    return " ".join(re.sub(r"[^\w' &-]", " ", name).split())


# ----------------------------------------------------------------------------- mentions


@dataclass
class _Mention:
    start: int  # characters, into the text
    end: int
    first_token: int  # tokens of the cleaned name
    last_token: int  # exclusive
    lookup: tuple[int, int]  # tokens that point to this mention (the uncleaned entity)
    name: str
    type: ActorType
    titles: list[str] = field(default_factory=list)
    from_metadata: bool = False  # the author or publisher, not found by the parser
    gender: str | None = None  # from "Mr"/"Mrs" or a listed first name


@dataclass(eq=False)  # identity: two clusters with the same forms are still two actors
class _Cluster:
    type: ActorType
    forms: list[str]
    mentions: list[Offsets]
    roles: list[str] = field(default_factory=list)
    affiliation: _Cluster | None = None
    gender: str | None = None
    canonical: str | None = None  # a country's list name
    listed: bool = False  # known from metadata, kept even with no mention in the text
    head: str | None = None  # for an actor made from a description: its head noun ("source")

    @property
    def name(self) -> str:
        if self.canonical:
            return self.canonical
        # The fullest form: "Liu Zhengrong" over "Liu", "New York Post" over "Post".
        return max(self.forms, key=lambda f: (len(f.split()), len(f)))

    @property
    def first(self) -> int:
        return min((s for s, _ in self.mentions), default=10**12)

    def last_before(self, offset: int) -> int:
        return max((s for s, _ in self.mentions if s < offset), default=-1)

    def keys(self) -> set[str]:
        return {_key(f) for f in self.forms} | ({_key(self.canonical)} if self.canonical else set())

    def add_role(self, role: str) -> None:
        role = " ".join(role.split()).strip(" ,;:-–—")
        words = role.lower().split()
        if not words or words[0] in _NOT_ROLE_START or words[-1] in _NOT_ROLE_END:
            return  # "his Newcastle boss", "senior vice": a parse gone wrong, not a title
        if any(c.isalpha() for c in role) and len(role) <= 120 and role not in self.roles \
                and _key(role) not in self.keys():
            self.roles.append(role)


def _doc_text(doc: Doc) -> str:
    # Doc.text rebuilds the string from every token on each call: keep it once per doc.
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return str(text)


def _nlp_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(_doc_text(doc)[start:end].split())


def _is_name_word(token: Token) -> bool:
    return bool(token.text) and (token.text[0].isupper() or token.text[0].isdigit()) and any(
        c.isalpha() for c in token.text
    )


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Drop determiners, quotes, punctuation, spaces and a possessive from the edges."""
    while first < last and (doc[first].is_space or doc[first].is_punct or doc[first].lower_ in _DETERMINERS
                            or doc[first].text in _QUOTES):
        first += 1
    while last > first and (doc[last - 1].is_space or doc[last - 1].is_punct or doc[last - 1].tag_ == "POS"
                            or doc[last - 1].lower_ in ("'s", "’s", "'", "’") or doc[last - 1].text in _QUOTES):
        last -= 1
    return first, last


def _type_of(label: str, name: str, lex: _Lexicon) -> ActorType:
    last = name.split()[-1].lower() if name.split() else ""
    if label in ("GPE", "LOC", "ORG", "NORP") and _key(name) in lex.country_of:
        return ActorType.Country
    if label in ("ORG", "EVENT", "RULE") and last in lex.event_suffixes:
        return ActorType.Event
    if label == "PERSON" and last in lex.org_suffixes:
        return ActorType.Organization
    if label == "RULE":
        return ActorType.Organization
    return _ENTITY_TYPES[label]


def _acceptable(name: str, lex: _Lexicon) -> bool:
    if not name or len(name) > 80 or not any(c.isalpha() for c in name):
        return False
    if _key(name) in lex.stop or name.lower() in lex.stop:
        return False
    words = name.split()
    if not any(w[0].isupper() for w in words if w):
        return False  # "cyberspace", "the web": common nouns the model tagged
    if len(words) == 1 and words[0].lower() in lex.org_suffixes | lex.org_nouns:
        return False  # "State", "Court", "Police" alone: a common noun, not a name
    return not all(w.lower() in lex.titles | lex.honorifics for w in words)


def _rule_organisations(doc: Doc, lex: _Lexicon) -> list[tuple[int, int]]:
    """Capitalised runs ending in an organisation word: "Internet Affairs Bureau",
    "Ministry of Defence" (but not "Bureau of China" in "Bureau of China's Office")."""
    found: list[tuple[int, int]] = []
    for token in doc:
        if token.lower_ not in lex.org_suffixes or not token.text[:1].isupper():
            continue
        first = token.i
        while first > 0:
            prev = doc[first - 1]
            if prev.is_space or (_is_name_word(prev) and prev.lower_ not in _DETERMINERS and not prev.is_sent_start
                                 and prev.tag_ != "POS"):
                first -= 1
            else:
                break
        last = token.i + 1
        if last + 1 < len(doc) and doc[last].lower_ == "of":
            run = last + 1
            if run < len(doc) and doc[run].lower_ == "the":
                run += 1
            end = run
            while end < len(doc) and _is_name_word(doc[end]):
                end += 1
            possessive = end < len(doc) and doc[end].tag_ == "POS"
            if end > run and not possessive:
                last = end
        first, last = _trim(doc, first, last)
        if last - first >= 2:
            found.append((first, last))
    return found


def _mentions(doc: Doc, lex: _Lexicon) -> list[_Mention]:
    candidates: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in _ENTITY_TYPES:
            continue
        if ent.label_ != "PERSON" and any(q in ent.text for q in _QUOTES.replace("'", "").replace("’", "")):
            continue  # the model's boundaries are off inside quoted phrases ("Great Firewall ...")
        if ent.label_ == "NORP" and not (ent[-1].tag_ in ("NNPS", "NNS") and ent[-1].text.endswith("s")):
            continue  # "Chinese" is an adjective, not an actor; "Republicans" is a group
        candidates.append((ent.start, ent.end, ent.label_))
    for first, last in _rule_organisations(doc, lex):
        overlapping = [c for c in candidates if c[0] < last and first < c[1]]
        if all(first <= c[0] and c[1] <= last and (c[1] - c[0]) < (last - first) for c in overlapping):
            candidates = [c for c in candidates if c not in overlapping]
            candidates.append((first, last, "RULE"))
    mentions = []
    for first, last, label in sorted(candidates):
        mention = _clean_mention(doc, first, last, label, lex)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _clean_mention(doc: Doc, first: int, last: int, label: str, lex: _Lexicon) -> _Mention | None:
    lookup = _trim(doc, first, last)
    first, last = lookup
    titles: list[str] = []
    if label in ("ORG", "GPE") and last > first and (
            doc[first].lower_ in lex.honorifics
            or (doc[first].text in lex.first_names and last - first in (2, 3)
                and all(t.is_title for t in doc[first:last]))):
        label = "PERSON"  # the model's "Mr Ebbers" or "Nicola Sturgeon" as an ORG
    if label == "PERSON":
        # "President Bush" / "Mr Blair": the title is a role, the honorific nothing.
        lead = first
        while lead < last - 1 and (doc[lead].lower_ in lex.titles or doc[lead].lower_ in lex.honorifics
                                   or doc[lead].is_space):
            lead += 1
        title_words = [t.text for t in doc[first:lead] if t.lower_ in lex.titles]
        if title_words:
            titles.append(" ".join(title_words))
        first = lead
        # A title just before the entity: "Prime Minister" + "Tony Blair".
        before = first
        while before > 0 and doc[before - 1].lower_ in lex.titles and doc[before - 1].text[:1].isupper():
            before -= 1
        if before < first and not titles:
            titles.append(" ".join(t.text for t in doc[before:first]))
    described_to = None
    if label in ("ORG", "RULE"):
        # "Xinhua news agency": the name is "Xinhua", "news agency" a role; the mention keeps
        # all the words, as a reader would mark it.
        end = last
        while end > first + 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha:
            end -= 1
        if end < last and any(_is_name_word(t) for t in doc[first:end]):
            titles.append(doc[end:last].text)
            described_to = doc[last - 1].idx + len(doc[last - 1].text)
            last = end
    # "World Health Organization (WHO": the bracketed acronym is another mention, not the name.
    bracket = next((t.i for t in doc[first:last] if t.text in "([{" and t.i > first), None)
    if bracket is not None:
        last = bracket
    first, last = _trim(doc, first, last)
    if last <= first:
        return None
    start, end_char = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    name = _nlp_text(doc, start, end_char)
    if not _acceptable(name, lex):
        return None
    if described_to is not None and bracket is None:
        end_char = described_to
    gender = None
    if label == "PERSON":
        # "Mr Blair" (in or just before the entity) first, then the first name.
        cues = [t.lower_ for t in doc[max(lookup[0] - 1, 0):first]] + [name.split()[0].lower()]
        gender = next((lex.gender_of[c] for c in cues if c in lex.gender_of), None)
    return _Mention(start, end_char, first, last, lookup, name, _type_of(label, name, lex), titles, gender=gender)


# ----------------------------------------------------------------------------- clusters


def _words(name: str) -> list[str]:
    return [w for w in _key(name).split() if w not in ("of", "and", "&", "for")]


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "and", "the", "for"))


def _compatible(cluster: _Cluster, mention_type: ActorType) -> bool:
    if mention_type == ActorType.Person or cluster.type == ActorType.Person:
        return mention_type == cluster.type
    return mention_type in _ORG_LIKE and cluster.type in _ORG_LIKE


def _find_cluster(name: str, mtype: ActorType, clusters: Sequence[_Cluster], lex: _Lexicon,
                  before: int | None = None) -> _Cluster | None:
    key = _key(name)
    country = lex.country_of.get(key)
    recent = sorted(clusters, key=lambda c: c.last_before(before if before is not None else 10**12), reverse=True)
    for cluster in recent:
        if key in cluster.keys() and _compatible(cluster, mtype):
            return cluster
        if country and cluster.canonical == country:
            return cluster
        # "TimeWarner" and "Time Warner"
        if len(key) > 4 and key.replace(" ", "") in {k.replace(" ", "") for k in cluster.keys()} \
                and _compatible(cluster, mtype):
            return cluster
    words = _words(name)
    if not words:
        return None
    at = before if before is not None else 10**12
    if len(words) == 1 and (mtype == ActorType.Person or len(words[0]) > 2):
        # "Clinton" after "Hillary Clinton" and "Chelsea Clinton": the one talked about most.
        people = [c for c in clusters if c.type == ActorType.Person and len(_words(c.name)) > 1
                  and words[0] in (_words(c.name)[0], _words(c.name)[-1])]
        if people:
            return max(people, key=lambda c: (sum(1 for s, _ in c.mentions if s < at), c.last_before(at)))
    for cluster in recent:
        name_types = (ActorType.Person, ActorType.Organization, ActorType.Place)
        if cluster.type == ActorType.Person and mtype in name_types:
            full = _words(cluster.name)
            # "Liu" after "Liu Zhengrong"; "Blair" after "Tony Blair" (family name first or last).
            if len(words) == 1 and len(full) > 1 and words[0] in (full[0], full[-1]):
                if mtype == ActorType.Person or len(words[0]) > 2:
                    return cluster
            if len(full) == 1 and len(words) > 1 and mtype == ActorType.Person \
                    and full[0] in (words[0], words[-1]):
                return cluster
        elif cluster.type in (ActorType.Organization, ActorType.Place) and mtype == ActorType.Person \
                and len(words) > 1 and _words(cluster.name) == [words[-1]] and not cluster.name.isupper():
            # "Trump" (tagged ORG) then "Donald Trump": the person.
            cluster.type = ActorType.Person
            return cluster
        elif cluster.type != ActorType.Person and mtype == ActorType.Person and _name_like(cluster.name, lex) \
                and words[-1] == _words(cluster.name)[-1]:
            # The model called "Phillips Idowu" an ORG and later "Idowu" a PERSON: one person.
            cluster.type = ActorType.Person
            return cluster
        elif cluster.type != ActorType.Person and _compatible(cluster, mtype):
            full = _words(cluster.name)
            if len(words) < len(full) and words[-1] == full[-1] and set(words) <= set(full):
                return cluster  # "the Post" -> "the New York Post"
            if len(name) >= 2 and name.isupper() and name == _acronym(cluster.name) and len(full) > 1:
                return cluster
            if cluster.name.isupper() and len(cluster.name) >= 2 and _acronym(name) == cluster.name:
                return cluster
    return None


def _name_like(name: str, lex: _Lexicon) -> bool:
    """Two or three capitalised words and no organisation word: could be a person's name."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) and not any(
        w.lower() in lex.org_suffixes | lex.event_suffixes | lex.org_nouns for w in words)


def _cluster_mentions(mentions: list[_Mention], lex: _Lexicon) -> tuple[list[_Cluster], dict[int, _Cluster]]:
    clusters: list[_Cluster] = []
    by_mention: dict[int, _Cluster] = {}
    for index, mention in enumerate(mentions):
        cluster = _find_cluster(mention.name, mention.type, clusters, lex, before=mention.start)
        if cluster is None:
            cluster = _Cluster(mention.type, [], [])
            clusters.append(cluster)
        if mention.gender and cluster.gender is None:
            cluster.gender = mention.gender
        if mention.type == ActorType.Country:
            cluster.type = ActorType.Country
            cluster.canonical = lex.country_of.get(_key(mention.name))
        cluster.forms.append(mention.name)
        if mention.start >= 0:
            cluster.mentions.append((mention.start, mention.end))
        else:
            cluster.listed = True
        for title in mention.titles:
            cluster.add_role(title)
        by_mention[index] = cluster
    return clusters, by_mention


# --------------------------------------------------------------------- roles, affiliation


def _root(doc: Doc, first: int, last: int) -> Token:
    for token in doc[first:last]:
        if not (first <= token.head.i < last) or token.head.i == token.i:
            return token
    return doc[first]


def _apply_roles(doc: Doc, mentions: list[_Mention], by_mention: dict[int, _Cluster],
                 token_cluster: dict[int, _Cluster]) -> None:
    for index, mention in enumerate(mentions):
        cluster = by_mention[index]
        root = _root(doc, mention.first_token, mention.last_token)
        if cluster.type == ActorType.Person:
            _role_before_name(doc, mention, cluster, token_cluster)
            for child in root.children:
                if child.dep_ == "appos" and child.i >= mention.last_token:
                    _role_from_apposition(doc, child, cluster, token_cluster)
            head = root.head
            if root.dep_ == "appos" and head.i < mention.first_token and head.pos_ in ("NOUN", "PROPN") \
                    and head.i not in token_cluster:
                # "the Kyrgyz President, Askar Akaev"
                first = head.left_edge.i
                while first < head.i and doc[first].lower_ in _DETERMINERS:
                    first += 1
                if head.lower_ in _lexicon().titles | _lexicon().person_nouns:
                    cluster.add_role(_nlp_text(doc, doc[first].idx, head.idx + len(head.text)))
        else:
            _organisation_affiliation(doc, mention, root, cluster, token_cluster)
            head = root.head
            follows = 0 <= head.i - mention.last_token < 3
            if cluster.type == ActorType.Organization and root.dep_ == "compound" and follows \
                    and head.lemma_.lower() in _lexicon().org_nouns and head.i not in token_cluster:
                cluster.add_role(_nlp_text(doc, doc[mention.last_token].idx, head.idx + len(head.text)))


def _role_before_name(doc: Doc, mention: _Mention, cluster: _Cluster, token_cluster: dict[int, _Cluster]) -> None:
    """'Microsoft chief executive Steve Ballmer', 'Labour leader Tony Blair': the words before
    the name are a role, and an organisation right before them the affiliation."""
    lex = _lexicon()
    first = mention.first_token
    while first > 0 and first - 1 not in token_cluster and doc[first - 1].is_alpha and (
            doc[first - 1].lower_ in lex.titles or doc[first - 1].lower_ in lex.person_nouns):
        first -= 1
    if first == mention.first_token:
        return
    role = " ".join(t.text for t in doc[first:mention.first_token])
    if any(role.lower() in r.lower() for r in cluster.roles):
        return  # "Prime Minister", already read by _clean_mention
    cluster.add_role(role)
    before = first - 2 if first >= 2 and doc[first - 1].tag_ == "POS" else first - 1
    target = token_cluster.get(before) if before >= 0 else None
    if target is not None and target is not cluster and target.type != ActorType.Person \
            and cluster.affiliation is None:
        cluster.affiliation = target


def _role_from_apposition(doc: Doc, appos: Token, cluster: _Cluster, token_cluster: dict[int, _Cluster]) -> None:
    first, last = appos.left_edge.i, appos.right_edge.i + 1
    if any(token_cluster.get(i) is not None and token_cluster[i].type == ActorType.Person
           and token_cluster[i] is not cluster for i in range(first, last)):
        return  # "X, Y and Z": a list of people, not a role
    if appos.i in token_cluster:
        return  # an apposed name, not a title
    lex = _lexicon()
    if appos.lemma_.lower() not in lex.person_nouns | lex.titles or doc[first].lower_ in _NOT_ROLE_START:
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
    while first < role_end and (doc[first].lower_ in _DETERMINERS or doc[first].is_punct or doc[first].is_space):
        first += 1
    if role_end > first:
        end = doc[role_end - 1]
        cluster.add_role(_nlp_text(doc, doc[first].idx, end.idx + len(end.text)))


def _organisation_affiliation(doc: Doc, mention: _Mention, root: Token, cluster: _Cluster,
                              token_cluster: dict[int, _Cluster]) -> None:
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


# -------------------------------------------------------------------------- the table


@dataclass
class ActorTable:
    """The article's actors (ids a1, a2 ... in order of first mention) and which actor each
    mention span (entity mentions and every span asked for) refers to."""

    actors: list[Actor]
    by_span: dict[Offsets, str]

    def actor_for(self, span: Offsets | None) -> str | None:
        return self.by_span.get(span) if span is not None else None

    def get(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


def link_actors(doc: Doc, speaker_mentions: Sequence[Offsets | None] = (),
                extra_mentions: Sequence[Offsets | None] = (), text: str | None = None,
                given: Sequence[tuple[Offsets | None, str, ActorType]] = ()) -> ActorTable:
    """Find the actors of `doc` and resolve every span in `speaker_mentions` (who speaks,
    in text order they set the person "in focus" for later pronouns) and `extra_mentions`
    (intermediaries, audiences) to one of them, making new actors for descriptions that
    name nobody known ("sources"). `text` is the article text the spans are cut from
    (default doc.text; offsets must agree). `given`: actors known from metadata (author,
    publisher) as (span or None, name, type); they merge with mentions of the same name."""
    text = _doc_text(doc) if text is None else text
    lex = _lexicon()
    mentions = _headline_checked(_mentions(doc, lex), _doc_text(doc))
    for span, name, actor_type in given:
        if name.strip() and not any(m.start < span[1] and span[0] < m.end for m in mentions if span):
            mentions.append(_Mention(span[0] if span else -1, span[1] if span else -1, 0, 0, (0, 0),
                                     " ".join(name.split()), actor_type, from_metadata=True))
    mentions.sort(key=lambda m: (m.start < 0, m.start))
    clusters, by_mention = _cluster_mentions(mentions, lex)
    token_cluster: dict[int, _Cluster] = {}
    for index, mention in enumerate(mentions):
        for i in range(*mention.lookup):
            token_cluster[i] = by_mention[index]
    parsed = [j for j, m in enumerate(mentions) if not m.from_metadata]
    _apply_roles(doc, [mentions[j] for j in parsed], {i: by_mention[j] for i, j in enumerate(parsed)},
                 token_cluster)

    resolver = _Resolver(doc, lex, clusters, token_cluster, {s for s in speaker_mentions if s})
    resolved: dict[Offsets, _Cluster] = {}
    size = len(_doc_text(doc))
    wanted = sorted({s for s in [*speaker_mentions, *extra_mentions] if s and 0 <= s[0] < s[1] <= size})
    deferred: list[Offsets] = []
    same_as: dict[Offsets, Offsets] = {}
    for span in wanted:
        cluster = resolver.resolve(span)
        if cluster is _DEFER:
            deferred.append(span)
        elif isinstance(cluster, _SameAs):
            same_as[span] = cluster.span
        elif cluster is not None:
            resolved[span] = cluster
            resolver.note(span, cluster)
    for span in deferred:
        cluster = resolver.cataphora(span, wanted, resolved)
        if cluster is not None:
            resolved[span] = cluster
    for span, earlier in same_as.items():
        if earlier in resolved:
            resolved[span] = resolved[earlier]
    # Definite descriptions nobody asked about ("the California company") are mentions too,
    # when they clearly refer to a known actor; they never make new actors.
    resolver.create = False
    taken = [*wanted, *((s, e) for c in clusters if c.type not in (ActorType.Place, ActorType.Country)
                        for s, e in c.mentions)]
    for span in _definite_descriptions(doc, lex, token_cluster):
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        cluster = resolver.resolve(span)
        if isinstance(cluster, _Cluster) and cluster is not _DEFER:
            resolved[span] = cluster
    for span, cluster in resolved.items():
        # "the Xinhua news agency" asked for, "Xinhua news agency" already a mention: one mention.
        if not any(s < span[1] and span[0] < e for s, e in cluster.mentions):
            cluster.mentions.append(span)
    return _table(clusters, by_mention, mentions, resolved, text)


def _headline_checked(mentions: list[_Mention], text: str) -> list[_Mention]:
    """In A Headline Written In Title Case the model takes capitalised words for names
    ("Stealth Over Health"); keep a headline mention only if the body names it too."""
    stripped = text.lstrip()
    line_start = len(text) - len(stripped)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text[line_start:line_end]) if len(w) >= 4]
    headline = text[line_start:line_end].strip()
    if line_end - line_start > 200 or len(words) < 3 or sum(w[0].isupper() for w in words) < 0.7 * len(words) \
            or headline.endswith((".", "!")) or not text[line_end:].strip():
        return mentions  # not a headline: a sentence, or the whole text
    body = [m for m in mentions if m.start >= line_end or m.start < 0]
    body_words = {w for m in body for w in _words(m.name)}
    return [m for m in mentions if m.start >= line_end or m.start < 0
            or set(_words(m.name)) & body_words]


def _definite_descriptions(doc: Doc, lex: _Lexicon, token_cluster: dict[int, _Cluster]) -> list[Offsets]:
    """'the Internet giant', 'the summit', 'the Chinese official': singular noun phrases with
    'the' whose head is a person, company, institution or event word."""
    heads = lex.person_nouns | lex.org_nouns | lex.event_nouns
    found = []
    for root in doc:
        if root.tag_ != "NN" or root.lemma_.lower() not in heads or root.pos_ != "NOUN":
            continue
        chunk = doc[root.left_edge.i : root.i + 1]  # "the California company" of "...company's decision"
        if chunk[0].lower_ != "the" or len(chunk) > 6:
            continue
        if root.i in token_cluster or any(t.tag_ == "POS" for t in chunk):
            continue
        if any(token_cluster[t.i].type not in (ActorType.Place, ActorType.Country)
               for t in chunk if t.i in token_cluster):
            continue  # "the Google team": the name is the mention
        found.append((chunk[0].idx, root.idx + len(root.text)))
    return found


def _table(clusters: list[_Cluster], by_mention: dict[int, _Cluster], mentions: list[_Mention],
           resolved: dict[Offsets, _Cluster], text: str) -> ActorTable:
    used = [c for c in clusters if c.mentions or c.listed]
    used.sort(key=lambda c: (not c.mentions, c.first if c.mentions else 0))
    ids = {id(c): f"a{i}" for i, c in enumerate(used, start=1)}
    actors = []
    for cluster in used:
        name = cluster.name
        aliases = []
        for form in cluster.forms:
            if form != name and form not in aliases:
                aliases.append(form)
        affiliation = ids.get(id(cluster.affiliation)) if cluster.affiliation is not None else None
        actors.append(Actor(
            id=ids[id(cluster)],
            name=name,
            type=cluster.type,
            aliases=aliases,
            roles=list(cluster.roles),
            affiliation=affiliation if affiliation != ids[id(cluster)] else None,
            mentions=[Span(start=s, end=e, text=text[s:e]) for s, e in sorted(set(cluster.mentions))],
        ))
    by_span: dict[Offsets, str] = {}
    for index, mention in enumerate(mentions):
        if mention.start >= 0:
            by_span[(mention.start, mention.end)] = ids[id(by_mention[index])]
    for span, cluster in resolved.items():
        by_span[span] = ids[id(cluster)]
    return ActorTable(actors=actors, by_span=by_span)


# ---------------------------------------------------------------------- mention resolver


def _description_name(doc: Doc, first: int, last: int) -> str:
    """'a top Chinese official' -> 'top Chinese official', 'China's state press' as written."""
    while first < last and (doc[first].lower_ in _DETERMINERS or doc[first].is_space):
        first += 1
    if last <= first:
        return ""
    name = _nlp_text(doc, doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text))
    opening = doc[first]
    if opening.is_sent_start and opening.tag_ not in ("NNP", "NNPS") and not opening.ent_type_:
        # "Analysts said ..." names the same group as "... analysts said": the capital is the
        # sentence's, not the name's.
        name = name[:1].lower() + name[1:]
    return name

_DEFER = _Cluster(ActorType.Person, ["<deferred>"], [])


@dataclass(frozen=True)
class _SameAs:
    """Resolved like an earlier, deferred span ("the source" -> whoever "a source" is)."""

    span: Offsets


class _Resolver:
    """Resolves requested spans in text order, remembering who was last in focus."""

    def __init__(self, doc: Doc, lex: _Lexicon, clusters: list[_Cluster],
                 token_cluster: dict[int, _Cluster], speakers: set[Offsets]) -> None:
        self.doc, self.lex, self.clusters = doc, lex, clusters
        self.token_cluster = token_cluster
        self.speakers = speakers
        self.focus: list[tuple[int, _Cluster]] = []  # (offset, person) of resolved speakers
        self.create = True  # False: resolve to known actors only, never make a new one
        self.pending: dict[Offsets, str] = {}  # deferred descriptions and their head nouns

    def note(self, span: Offsets, cluster: _Cluster) -> None:
        if span in self.speakers and cluster.type == ActorType.Person:
            self.focus.append((span[0], cluster))

    def resolve(self, span: Offsets) -> _Cluster | _SameAs | None:
        doc = self.doc
        chars = doc.char_span(span[0], span[1], alignment_mode="expand")
        if chars is None:
            return None
        first, last = _trim(doc, chars.start, chars.end)
        if last <= first:
            return None
        tokens = doc[first:last]
        head = _root(doc, first, last)
        if head.i in self.token_cluster:
            return self.token_cluster[head.i]
        for token in tokens:  # "the Xinhua news agency": a name compounded with the head
            cluster = self.token_cluster.get(token.i)
            if cluster is not None and token.head.i == head.i and token.dep_ == "compound" \
                    and cluster.type not in (ActorType.Place, ActorType.Country) \
                    and head.lemma_.lower() not in self.lex.person_nouns:
                return cluster
        for child in head.children:  # "The party's health spokeswoman, Eleanor Scott, said"
            cluster = self.token_cluster.get(child.i)
            if child.dep_ == "appos" and cluster is not None and cluster.type == ActorType.Person:
                return cluster
        lower = head.lower_
        if lower in ("who", "which", "that", "whom") and last - first == 1:
            return self._antecedent(head, span)
        if lower in self.lex.pronouns["first"]:
            return None  # "I", "we": inside a quotation; the statement's speaker is elsewhere
        if lower in self.lex.pronouns["person"] and last - first == 1:
            return self._person_in_focus(span[0], gender=self._gender(lower))
        if lower in self.lex.pronouns["thing"] and last - first == 1:
            return self._recent({ActorType.Organization}, span[0])
        if lower in self.lex.pronouns["plural"] and last - first == 1:
            return self._recent({ActorType.Group, ActorType.Organization}, span[0])
        name = _nlp_text(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        if not name or not any(c.isalpha() for c in name):
            return None
        if head.pos_ == "PROPN" or (_is_name_word(head) and not head.is_sent_start and head.pos_ != "PRON"):
            return self._named(span, first, last, name)
        return self._described(span, first, last, head, name)

    # -- helpers
    @staticmethod
    def _gender(pronoun: str) -> str | None:
        lex = _lexicon()
        if pronoun in lex.pronouns["male"]:
            return "male"
        return "female" if pronoun in lex.pronouns["female"] else None

    def _person_in_focus(self, offset: int, gender: str | None = None,
                         prefer: Iterable[_Cluster] = ()) -> _Cluster | None:
        """The last person who spoke before `offset`, else the last person mentioned."""
        candidates: list[_Cluster] = []
        for _, person in sorted(((o, c) for o, c in self.focus if o < offset), key=lambda x: -x[0]):
            if person not in candidates:
                candidates.append(person)
        mentioned = [c for c in self.clusters if c.type == ActorType.Person and c.last_before(offset) >= 0]
        for person in sorted(mentioned, key=lambda c: -c.last_before(offset)):
            if person not in candidates:
                candidates.append(person)
        if gender:
            # "she" never goes to a man we know to be one (nor "he" to a woman).
            candidates = [c for c in candidates if c.gender in (None, gender)]
        preferred = [c for c in candidates if c in set(prefer)]
        chosen = (preferred or candidates or [None])[0]
        if chosen is not None and gender and chosen.gender is None:
            chosen.gender = gender
        return chosen

    def _recent(self, types: set[ActorType], offset: int) -> _Cluster | None:
        """The actor 'it' or 'the company' most likely means: the most mentioned one so far,
        with a bonus for being mentioned just before; ties go to the most recent."""
        candidates = [c for c in self.clusters if c.type in types and c.last_before(offset) >= 0]

        def salience(c: _Cluster) -> tuple[int, int]:
            count = sum(1 for s, _ in c.mentions if s < offset)
            near = 3 if offset - c.last_before(offset) <= _NEAR_CHARS else 0
            return count + near, c.last_before(offset)

        return max(candidates, key=salience, default=None)

    def _antecedent(self, pronoun: Token, span: Offsets) -> _Cluster | None:
        """'..., who said ...': the noun the relative clause hangs on."""
        verb = pronoun.head
        while verb.dep_ not in ("relcl", "ROOT") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "relcl":
            return None
        noun = verb.head
        if noun.i in self.token_cluster:
            return self.token_cluster[noun.i]
        first, last = _trim(self.doc, noun.left_edge.i, noun.i + 1)
        if last <= first:
            return None
        name = _nlp_text(self.doc, self.doc[first].idx, self.doc[last - 1].idx + len(self.doc[last - 1].text))
        if noun.pos_ == "PROPN":
            return self._named(span, first, last, name)
        result = self._described(span, first, last, noun, name)
        return result if isinstance(result, _Cluster) and result is not _DEFER else None

    def _named(self, span: Offsets, first: int, last: int, name: str) -> _Cluster:
        doc, lex = self.doc, self.lex
        definite = doc[first - 1].lower_ in _DEFINITE if first > 0 else False
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
            holders = [c for c in self.clusters if c.type == ActorType.Person
                       and any(title <= set(r.lower().split()) for r in c.roles) and c.last_before(span[0]) >= 0]
            if holders:
                return max(holders, key=lambda c: c.last_before(span[0]))
            return self._new(ActorType.Person, _description_name(doc, first, last) or clean)
        if last_word in lex.org_suffixes or last_word in lex.org_nouns or definite:
            mtype = ActorType.Organization
        elif 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            mtype = ActorType.Person
        else:
            mtype = ActorType.Organization
        # A known name first, whatever type the model gave it; the guessed type only for a new one.
        for guess in dict.fromkeys((mtype, ActorType.Organization, ActorType.Person)):
            cluster = _find_cluster(clean, guess, self.clusters, lex, before=span[0])
            if cluster is not None:
                return cluster
        return self._new(mtype, clean)

    def _described(self, span: Offsets, first: int, last: int, head: Token,
                   name: str) -> _Cluster | _SameAs | None:
        doc, lex = self.doc, self.lex
        tokens = doc[first:last]
        lemma = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        before = doc[first - 1].lower_ if first > 0 else ""
        det = before if before in _DETERMINERS else tokens[0].lower_ if tokens[0].lower_ in _DETERMINERS else ""
        definite = det in _DEFINITE
        possessor = next((self.token_cluster[t.i] for t in tokens if t.i in self.token_cluster
                          and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS"), None)
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
                return _SameAs(max(waiting))
            if same:
                return max(same, key=lambda c: c.last_before(span[0]))
        if kind == ActorType.Person and definite and possessor is None:
            country = next((lex.demonym_of[t.lower_] for t in tokens if t.lower_ in lex.demonym_of), None)
            prefer = [c for c in self.clusters if c.type == ActorType.Person and (
                (country and self._linked_to(c, country)) or any(lemma in r.lower().split() for r in c.roles))]
            person = self._person_in_focus(span[0], prefer=prefer)
            if person is not None:
                return person
        if kind in (ActorType.Organization, ActorType.Event) and definite and possessor is None and not plural:
            # "the summit" -> "Worldwide Cybersecurity Summit", "the Commission" -> "European Commission"
            named = [c for c in self.clusters if c.type == kind and c.last_before(span[0]) >= 0
                     and lemma in _words(c.name)]
            if named:
                return max(named, key=lambda c: c.last_before(span[0]))
            if lemma in lex.company_nouns or head.lower_ in lex.company_nouns:
                org = self._recent({ActorType.Organization}, span[0])
                if org is not None:
                    return org
        if kind == ActorType.Person and not definite and span in self.speakers:
            self.pending[span] = lemma
            return _DEFER  # "a top Chinese official told ..." before the name is given
        if kind == ActorType.Event and not definite:
            # "told a cybersecurity conference" then "in the Worldwide Cybersecurity Summit"
            named = [c for c in self.clusters if c.type == ActorType.Event and c.mentions
                     and 0 <= c.first - span[1] <= _CATAPHORA_CHARS]
            if named:
                return min(named, key=lambda c: c.first)
        country = next((lex.demonym_of[t.lower_] for t in tokens if t.lower_ in lex.demonym_of), None) or next(
            (self.token_cluster[t.i].canonical for t in tokens if t.i < head.i and t.i in self.token_cluster
             and self.token_cluster[t.i].type == ActorType.Country), None)
        national = kind == ActorType.Organization and country is not None and lemma not in lex.company_nouns
        if not self.create and not national:
            return None  # only "the Chinese government" is clear enough to become an actor unasked
        # Named by the words up to the head: "participants here in the Summit" -> "participants".
        cluster = self._new(kind, _description_name(doc, first, head.i + 1) or name,
                            merge=definite or kind != ActorType.Person)
        cluster.head = cluster.head or lemma
        after = [self.token_cluster[t.i] for t in doc[head.i + 1:last] if t.i in self.token_cluster]
        if possessor is None and national:
            possessor = next((c for c in self.clusters if c.canonical == country and c.mentions), None)
        if possessor is None and after and after[0].type in (ActorType.Organization, ActorType.Event):
            possessor = after[0]  # "participants in the Summit", "officials at the ministry"
        if possessor is not None and possessor is not cluster and cluster.affiliation is None:
            cluster.affiliation = possessor
        return cluster

    def _linked_to(self, person: _Cluster, country: str) -> bool:
        """Whether what we know of `person` ties them to `country` (affiliations, roles)."""
        demonyms = {d for d, c in self.lex.demonym_of.items() if c == country}
        seen: set[int] = set()
        node: _Cluster | None = person
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

    def _new(self, kind: ActorType, name: str, merge: bool = True) -> _Cluster:
        if merge:
            for cluster in self.clusters:
                if cluster.type == kind and _key(name) in cluster.keys():
                    return cluster
        cluster = _Cluster(kind, [name], [])
        self.clusters.append(cluster)
        return cluster

    def cataphora(self, span: Offsets, wanted: list[Offsets], resolved: dict[Offsets, _Cluster]) -> _Cluster:
        """'a top Chinese official told a conference ...' then '..., said Liu Zhengrong': the
        description is the person who speaks next, if that person is first named after it."""
        for later in wanted:
            if later[0] <= span[1] or later not in self.speakers:
                continue
            if later[0] - span[1] > _CATAPHORA_CHARS:
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
            name = _description_name(self.doc, *_trim(self.doc, tokens.start, tokens.end))
        cluster = self._new(ActorType.Person, name or "unnamed person", merge=False)
        head = _root(self.doc, *_trim(self.doc, tokens.start, tokens.end)) if tokens is not None else None
        cluster.head = head.lemma_.lower() if head is not None else None
        return cluster
