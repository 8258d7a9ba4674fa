"""The fixed choices of the command line (formats, graph kinds, levels, sort keys) as str Enums.

One definition for the CLI, whose `--help` lists them and which rejects any other value in one
line (kg.cli.app), and for the library, whose checks read the same values. No imports beyond
the standard library: `kg --help` imports this module.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ActorSort",
    "ClaimSetFormat",
    "ExportFormat",
    "GraphFormat",
    "GraphKind",
    "Level",
    "ResultFormat",
    "ScoreFormat",
    "values",
]


class ClaimSetFormat(str, Enum):
    """`kg extract --format`: how ClaimSets are written."""

    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


class ResultFormat(str, Enum):
    """`kg query --format`, `kg entities list --format`: a table for people, CSV or SPARQL JSON."""

    table = "table"
    csv = "csv"
    json = "json"


class ScoreFormat(str, Enum):
    """`kg eval --format`."""

    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    """`kg export --format`: RDF serialisations of the store."""

    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"


class GraphKind(str, Enum):
    """`kg graph KIND`: statements as nodes, or actors only (speaker -> actor, weighted)."""

    who_said_what = "who-said-what"
    actor_network = "actor-network"


class GraphFormat(str, Enum):
    """`kg graph --format`: pictures, the interactive page, files for graph tools."""

    png = "png"
    svg = "svg"
    html = "html"
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


class Level(str, Enum):
    """`--level`: merge actors by name and type, or by corpus-level entity."""

    actor = "actor"
    entity = "entity"


class ActorSort(str, Enum):
    """`kg analyze --sort`: the column actors are ranked by."""

    statements = "statements"
    degree = "degree"
    betweenness = "betweenness"
    pagerank = "pagerank"
    community = "community"


def values(choices: type[Enum]) -> tuple[str, ...]:
    """The values of a choice Enum, in its order (for library checks and messages)."""
    return tuple(str(member.value) for member in choices)
