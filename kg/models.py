"""Pydantic models of the extraction contract (see DESIGN.md, "The extraction contract").

No I/O here. `ClaimSet` checks its own consistency: span offsets against the article text,
ids that refer to nothing, duplicate ids. Each error names the list, the index, the item id
and the field, so a person editing a ClaimSet by hand can find the line to fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg.errors import ClaimSetError

__all__ = [
    "Actor",
    "ActorType",
    "Approximation",
    "Article",
    "ClaimSet",
    "Comparison",
    "Span",
    "Statement",
    "StatementKind",
    "Statistic",
    "sha256_text",
]


def sha256_text(text: str) -> str:
    """The article fingerprint: SHA-256 of the text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Model(BaseModel):
    # forbid: a misspelt field in a hand-edited file is an error, not silently dropped.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class ActorType(str, Enum):
    Person = "Person"
    Organization = "Organization"
    Country = "Country"
    Place = "Place"
    Event = "Event"
    Group = "Group"


class StatementKind(str, Enum):
    direct = "direct"  # the whole content is inside quotation marks
    partial = "partial"  # reported speech with a quoted fragment inside it
    indirect = "indirect"  # reported speech, no quotation marks


class Approximation(str, Enum):
    exact = "exact"
    about = "about"
    more_than = "more than"
    less_than = "less than"
    at_least = "at least"
    at_most = "at most"
    up_to = "up to"


class Span(_Model):
    """Characters `start:end` of the article text, with the text itself for checking."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"text has {len(self.text)} characters but end - start = {self.end - self.start}"
            )
        return self


class Article(_Model):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    source: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    sha256: str | None = None
    # How the text was obtained from the source: the main-text extractor and its version
    # for a web page ("trafilatura 2.3.1"), "kg text (as read)" for a text file.
    extractor: str | None = None
    # The article's language (ISO 639-1 code) when known: web pages are checked.
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    # The article text, as read. Optional in a hand-written file (read from `source` then);
    # always present once a ClaimSet has been loaded, so offsets can be checked.
    text: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        return value


class Actor(_Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    affiliation: str | None = None
    mentions: list[Span] = Field(default_factory=list)
    # The actors a plural description stands for, in text order: "both organisations" (a
    # Group) -> the two organisations named before it. A statement by this actor is a
    # statement by each member too (queries that roll up by speaker count it for each).
    members: list[str] = Field(default_factory=list)


class Statement(_Model):
    id: str = Field(min_length=1)
    kind: StatementKind
    content: list[Span] = Field(min_length=1)
    text: str = ""
    speaker: str | None = None
    speaker_mention: Span | None = None
    cue: Span | None = None
    via: str | None = None
    audience: str | None = None
    # The words that name the intermediary / audience here ("the Xinhua news agency",
    # "participants here in the Worldwide Cybersecurity Summit"): provenance for via/audience.
    via_mention: Span | None = None
    audience_mention: Span | None = None

    @model_validator(mode="after")
    def _text_from_content(self) -> Statement:
        joined = " ".join(span.text for span in self.content)
        if not self.text:
            self.text = joined
        elif self.text != joined:
            raise ValueError("text must equal the content segments joined by one space")
        return self


class Comparison(_Model):
    type: str = Field(min_length=1)  # increase | decrease | more than | share of | ...
    baseline: str | None = None


class Statistic(_Model):
    id: str = Field(min_length=1)
    span: Span
    value: float
    unit: str = Field(min_length=1)
    approximation: Approximation = Approximation.exact
    period: str | None = None
    comparison: Comparison | None = None
    statement: str | None = None
    # A range ("5-7%", "between 5% and 7%", "three or four players") has both bounds on each
    # of its two statistics.
    low: float | None = None
    high: float | None = None
    # What was measured, in the article's words ("profits", "unemployment rate").
    measured: Span | None = None
    # The actor (place, organisation, people) the number is about, if the text names one.
    about: str | None = None
    # The period as an ISO 8601 date when it names one year, month or day ("2009", "2005-01").
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    # Who asserts the number: the speaker of the statement it is in, else the publisher (the
    # journalist's own text); null when neither is known.
    asserted_by: str | None = None


class ClaimSet(_Model):
    article: Article
    actors: list[Actor] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ClaimSet:
        problems = consistency_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def spans(self) -> list[tuple[str, Span]]:
        """Every span with a readable location, e.g. ('statements[2] (s3).cue', span)."""
        found: list[tuple[str, Span]] = []
        for i, actor in enumerate(self.actors):
            for j, span in enumerate(actor.mentions):
                found.append((f"actors[{i}] ({actor.id}).mentions[{j}]", span))
        for i, st in enumerate(self.statements):
            for j, span in enumerate(st.content):
                found.append((f"statements[{i}] ({st.id}).content[{j}]", span))
            if st.speaker_mention:
                found.append((f"statements[{i}] ({st.id}).speaker_mention", st.speaker_mention))
            for field in ("cue", "via_mention", "audience_mention"):
                span = getattr(st, field)
                if span:
                    found.append((f"statements[{i}] ({st.id}).{field}", span))
        for i, stat in enumerate(self.statistics):
            found.append((f"statistics[{i}] ({stat.id}).span", stat.span))
            if stat.measured:
                found.append((f"statistics[{i}] ({stat.id}).measured", stat.measured))
        return found


def consistency_problems(claims: ClaimSet) -> list[str]:
    """Everything wrong across items: ids, references and (if the text is known) offsets."""
    problems: list[str] = []
    actor_ids = _unique_ids("actors", [a.id for a in claims.actors], problems)
    statement_ids = _unique_ids("statements", [s.id for s in claims.statements], problems)
    _unique_ids("statistics", [s.id for s in claims.statistics], problems)

    def ref(where: str, value: str | None, known: set[str], kind: str) -> None:
        if value is not None and value not in known:
            problems.append(f"{where}: '{value}' names no {kind}")

    for i, actor in enumerate(claims.actors):
        ref(f"actors[{i}] ({actor.id}).affiliation", actor.affiliation, actor_ids, "actor")
        for j, member in enumerate(actor.members):
            ref(f"actors[{i}] ({actor.id}).members[{j}]", member, actor_ids, "actor")
            if member == actor.id:
                problems.append(f"actors[{i}] ({actor.id}).members[{j}]: an actor is not its own member")
        if len(set(actor.members)) != len(actor.members):
            problems.append(f"actors[{i}] ({actor.id}).members: an actor is listed twice")
    for i, st in enumerate(claims.statements):
        for field in ("speaker", "via", "audience"):
            ref(f"statements[{i}] ({st.id}).{field}", getattr(st, field), actor_ids, "actor")
    for i, stat in enumerate(claims.statistics):
        ref(f"statistics[{i}] ({stat.id}).statement", stat.statement, statement_ids, "statement")
        for field in ("about", "asserted_by"):
            ref(f"statistics[{i}] ({stat.id}).{field}", getattr(stat, field), actor_ids, "actor")

    text = claims.article.text
    if text is not None:
        if claims.article.sha256 and claims.article.sha256 != sha256_text(text):
            problems.append(
                "article.sha256 does not match the article text: the text changed since the "
                "ClaimSet was made; re-extract it or remove sha256"
            )
        for where, span in claims.spans():
            if span.end > len(text):
                problems.append(
                    f"{where}: end {span.end} is past the end of the article ({len(text)} characters)"
                )
            elif text[span.start : span.end] != span.text:
                problems.append(
                    f"{where}: offsets {span.start}:{span.end} hold "
                    f"{text[span.start:span.end]!r}, not {span.text!r}"
                )
    return problems


def _unique_ids(kind: str, ids: list[str], problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(f"{kind}[{i}].id: duplicate id '{item_id}'")
        seen.add(item_id)
    return seen


def parse_claimset(data: Any, where: str = "ClaimSet") -> ClaimSet:
    """Validate plain data (from YAML/JSON) into a ClaimSet, or raise ClaimSetError with
    every problem on one line, each naming its field."""
    from pydantic import ValidationError

    try:
        return ClaimSet.model_validate(data)
    except ValidationError as exc:
        raise ClaimSetError(f"{where}: {_describe(exc)}") from None


def _describe(exc: Any) -> str:
    parts = []
    for err in exc.errors():
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)
