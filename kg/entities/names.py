"""Which corpus-level entity an actor's name denotes: name normalisation and entity IRIs.

Pure functions over names (no store, no article). Two actors with the same *key* are the same
entity in any article; the key is the name compared without case, full stops, a leading
determiner, titles of a person ("Mr", "Lord", "Prime Minister"), and with a known short form
replaced by its organisation ("Tories" -> Conservative Party) and a first-name variant by
one spelling ("Vincent" -> "Vince"). The rules and short forms are data:
kg/entities/data/names.yaml (its source and licence are noted there).

A name that is only a description ("analysts", "a Home Office spokesman", "the report",
"Shadow Secretary") has no key: it is never the same entity as anything in another article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from kg.models import ActorType

__all__ = ["EntityName", "entity_name", "entity_slug", "gender_of_words", "name_tokens"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "names.yaml"


@dataclass(frozen=True)
class EntityName:
    """`key` is None for a description; `name` is the name as written, titles dropped;
    `type` is set when the data file knows the entity (it then wins over the extractor)."""

    key: str | None
    name: str
    type: ActorType | None = None


@dataclass(frozen=True)
class _Rules:
    titles: tuple[tuple[str, ...], ...]  # longest first
    generic: frozenset[str]
    determiners: frozenset[str]
    first_names: dict[str, str]
    known: dict[str, tuple[str, ActorType]]  # key of a name or alias -> (name, type)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    import yaml

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    titles = sorted((tuple(t.split()) for t in data["titles"]), key=len, reverse=True)
    first_names: dict[str, str] = {}
    for group in data["first_names"]:
        # Variants that share a spelling form one group ("stephen", "steven", "steve").
        members = set(group)
        for name in group:
            if name in first_names:
                members |= {k for k, v in first_names.items() if v == first_names[name]}
        canonical = min(members)
        for name in members:
            first_names[name] = canonical
    known: dict[str, tuple[str, ActorType]] = {}
    for entry in data["entities"]:
        for form in [entry["name"], *entry.get("aliases", [])]:
            known[" ".join(t.lower() for t, _ in _split(form))] = (entry["name"], ActorType(entry["type"]))
    return _Rules(
        titles=tuple(titles),
        generic=frozenset(data["generic_words"]),
        determiners=frozenset(data["determiners"]),
        first_names=first_names,
        known=known,
    )


_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE_PUNCT = re.compile(r"^[^\w&]+|[^\w&]+$")


@lru_cache(maxsize=1)
def gender_of_words() -> dict[str, str]:
    """Lower-case first name or title -> "male" | "female": the extractor's first names and
    honorifics, and the gendered titles of the data file ("baroness", "lord")."""
    import yaml

    from kg.extract.actors.lexicon import actor_lexicon

    genders = dict(actor_lexicon().gender_of)
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for gender, words in data["gendered_titles"].items():
        genders.update({str(w).lower(): gender for w in words})
    return genders


def _split(name: str) -> list[tuple[str, str]]:
    """(word as written, key form) pairs: full stops dropped, possessive and edge punctuation
    removed ("U.S." -> "US", "Labour's" -> "Labour")."""
    words = []
    for raw in name.replace(".", "").split():
        word = _EDGE_PUNCT.sub("", _POSSESSIVE.sub("", raw))
        if word:
            words.append((word, word.lower()))
    return words


def name_tokens(name: str) -> list[str]:
    """The lower-cased words of a name as compared (for tests and for resolving surnames)."""
    return [key for _, key in _split(name)]


# Mapped for every actor of every article, and the same names recur from article to article
# (issue 11): each (name, type) is worked out once (bounded cache; EntityName is frozen).
@lru_cache(maxsize=1 << 14)
def entity_name(name: str, actor_type: ActorType) -> EntityName:
    """The entity a name denotes (key None: a description, never shared across articles)."""
    rules = _rules()
    words = _split(name)
    while words and words[0][1] in rules.determiners:
        words = words[1:]
    if not words:
        return EntityName(None, name)
    known = rules.known.get(" ".join(k for _, k in words))
    if known:
        return EntityName(_key(known[0]), known[0], known[1])
    if actor_type == ActorType.Person:
        words = _drop_titles(words, rules.titles)
        known = rules.known.get(" ".join(k for _, k in words))
        if known:
            return EntityName(_key(known[0]), known[0], known[1])
    display = " ".join(w for w, _ in words)
    # A one-word group the name list does not know is a plural common noun, capitalised only
    # at the start of a sentence ("Analysts said", "Critics say").
    one_word_group = actor_type == ActorType.Group and len(words) == 1
    if not words or one_word_group or _is_description(words, rules):
        return EntityName(None, display or name)
    keys = [k for _, k in words]
    if actor_type == ActorType.Person and len(keys) >= 2:
        keys[0] = rules.first_names.get(keys[0], keys[0])
    return EntityName(" ".join(keys), display)


def _key(name: str) -> str:
    return " ".join(k for _, k in _split(name))


def _drop_titles(words: list[tuple[str, str]], titles: tuple[tuple[str, ...], ...]) -> list[tuple[str, str]]:
    changed = True
    while changed and words:
        changed = False
        for title in titles:
            n = len(title)
            if tuple(k for _, k in words[:n]) == title:
                words = words[n:]
                changed = True
                break
    return words


def _is_description(words: list[tuple[str, str]], rules: _Rules) -> bool:
    head = words[-1][0]
    if not (head[0].isupper() or head[0].isdigit()):
        return True  # "analysts", "Home Office spokesman", "European policy makers"
    title_words = {t[0] for t in rules.titles if len(t) == 1}
    return all(k in rules.generic or k in title_words for _, k in words)


def entity_slug(key: str) -> str:
    """A readable IRI segment for a key: ASCII letters and digits joined by '-'
    ("tony blair" -> "tony-blair"); a key with no Latin letters is percent-encoded."""
    ascii_form = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9&]+", "-", ascii_form.lower()).strip("-").replace("&", "and")
    return slug or quote(key.replace(" ", "-"), safe="")
