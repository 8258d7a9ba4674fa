"""Bind query parameters by substituting RDF terms for variables, token by token.

Why not pyoxigraph's `substitutions`: it refuses a variable that is not in the SELECT
projection (tested with pyoxigraph 0.5.13: "The SPARQL query does not contains variable ?ref
in its SELECT projection"; by design, see oxigraph issue #1837), and named queries filter on
parameters they do not return. Why not
a trailing VALUES block: it joins at the top, so a FILTER inside a GRAPH block would not see
the value. Substitution gives rdflib's initBindings meaning (the variable has that value
everywhere) on every backend, embedded or remote.

Safety: the query is split into SPARQL tokens (strings, IRIs, comments, variables, words), and
only variable tokens are replaced, by the N-Triples form of the term produced by pyoxigraph,
which escapes quotes, backslashes and newlines. A value can never end a string or a block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kg.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<word>[A-Za-z_:][\w\-.:%]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_END_MODIFIER = {"LIMIT", "OFFSET", "HAVING", "VALUES"}


def term_text(name: str, value: Node) -> str:
    """The escaped SPARQL/N-Triples text of a parameter value."""
    from rdflib import BNode

    from kg.store.terms import to_ox

    if isinstance(value, BNode):
        raise QueryError(f"parameter ?{name} is a blank node; bind an IRI or a literal instead")
    try:
        return str(to_ox(value))
    except (ValueError, TypeError) as exc:
        raise QueryError(f"parameter ?{name} is not a valid RDF term ({exc}); fix its value") from exc


def normalise_bindings(bindings: Mapping[str, Node] | None) -> dict[str, str]:
    """Parameter name (without ? or $) -> escaped term text."""
    out: dict[str, str] = {}
    for key, value in (bindings or {}).items():
        name = str(key).lstrip("?$")
        if not name:
            raise QueryError("a query parameter has an empty name; name it like 'speaker'")
        out[name] = term_text(name, value)
    return out


def substitute(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """`sparql` with every bound variable replaced by its value (see module doc)."""
    values = normalise_bindings(bindings)
    if not values:
        return sparql
    out: list[str] = []
    depth = 0
    projection_depth: int | None = None  # paren depth of an open SELECT clause
    modifier_depth: int | None = None  # paren depth of an open GROUP BY / ORDER BY clause
    after_as = in_values = False
    previous_word = ""
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "other":
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text in "{}":
                projection_depth = modifier_depth = None
                in_values = False
        elif kind == "word":
            word = text.upper()
            if word == "SELECT":
                projection_depth = depth
            elif word in ("WHERE", "FROM"):
                projection_depth = None
            elif word == "BY" and previous_word in ("GROUP", "ORDER"):
                modifier_depth = depth
            elif word in _END_MODIFIER:
                modifier_depth = None
            after_as = word == "AS"
            in_values = in_values or word == "VALUES"
            previous_word = word
        elif kind == "var" and text[1:] in values:
            name, term = text[1:], values[text[1:]]
            if after_as:
                raise QueryError(f"parameter ?{name} is assigned in the query (AS ?{name}); use another name")
            if in_values:
                raise QueryError(f"parameter ?{name} also appears in a VALUES clause; remove one of them")
            if projection_depth is not None and depth == projection_depth:
                text = f"({term} AS ?{name})"
            elif modifier_depth is not None and depth == modifier_depth:
                text = f"({term})"
            else:
                text = term
        if kind not in ("space", "comment", "word"):
            after_as = False
        out.append(text)
    return "".join(out)
