"""Named queries as files: `queries/*.rq` with their comment header (see kg.queries for the
header's form and the safety checks), and the internal ones kg's own modules run
(`queries/internal/*.rq`, not listed by `kg queries`), with their rows typed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = [
    "DEFAULT_TIMEOUT",
    "NamedQuery",
    "QueryParam",
    "internal_query",
    "internal_rows",
    "list_queries",
    "load_query",
    "parse_header",
    "select_rows",
]

_HEADER_KEY = re.compile(r"^#\s*(name|description|param|timeout)\s*:\s*(.*)$", re.IGNORECASE)
# Seconds a query may run when neither the caller nor its header (`# timeout: 300`) says.
DEFAULT_TIMEOUT = 30.0
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*)\))?\s*(.*)$")
_PARAM_OPTIONS = {"required", "optional", "iri", "literal", "casefold"}
_BARE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class QueryParam:
    name: str
    required: bool = True
    description: str = ""
    iri: bool = False  # bind as an IRI rather than a string literal
    casefold: bool = False  # lower-case the value before binding


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None
    # Its own default timeout in seconds (`# timeout: 300`): corpus-wide aggregations such as
    # `entities` need minutes on a large store, where 30 s is right for the rest.
    timeout: float | None = None

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, default_name: str = "query", where: str = "query") -> NamedQuery:
    """Read the leading comment block of a query (blank lines allowed, stops at the first
    line that is not a comment)."""
    name, description, params = default_name, "", []
    timeout: float | None = None
    last_key: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _HEADER_KEY.match(line)
        if not match:
            # An indented comment line continues the description.
            rest = line.lstrip("#").strip()
            if last_key == "description" and rest:
                description = f"{description} {rest}".strip()
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        last_key = key
        if key == "name":
            name = value or default_name
        elif key == "description":
            description = value
        elif key == "timeout":
            timeout = _parse_timeout(value, where)
        else:
            params.append(_parse_param(value, where))
    seen: set[str] = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"{where}: parameter '{p.name}' is declared twice in the header")
        seen.add(p.name)
    return NamedQuery(name=name, description=description, params=tuple(params), text=text, timeout=timeout)


def _parse_timeout(value: str, where: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise QueryError(f"{where}: bad header line '# timeout: {value}'; write '# timeout: SECONDS' (a number > 0)")
    return seconds


def _parse_param(value: str, where: str) -> QueryParam:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{where}: bad header line '# param: {value}'; write '# param: NAME (optional) description'")
    pname, options_text, description = match.groups()
    options = {o.strip().lower() for o in (options_text or "").split(",") if o.strip()}
    unknown = options - _PARAM_OPTIONS
    if unknown:
        raise QueryError(
            f"{where}: parameter '{pname}' has unknown option(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join(sorted(_PARAM_OPTIONS))}"
        )
    return QueryParam(
        name=pname,
        required="optional" not in options,
        description=description.strip(),
        iri="iri" in options,
        casefold="casefold" in options,
    )


def _queries_dir() -> Path:
    from kg.resources import queries_dir

    return queries_dir()


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """The named queries shipped in `queries/`, sorted by name."""
    folder = directory or _queries_dir()
    found = [_read_query_file(path) for path in sorted(folder.glob("*.rq"))]
    return sorted(found, key=lambda q: q.name)


def _read_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query file ({exc})") from None
    named = parse_header(text, default_name=path.stem, where=str(path))
    return NamedQuery(named.name, named.description, named.params, text, path, named.timeout)


@cache
def internal_query(name: str) -> str:
    """The text of queries/internal/<name>.rq: a query kg's own modules run (kg.analysis,
    kg.operations); `kg queries` does not list them and `kg query` does not take their names."""
    return _read_query_file(_queries_dir() / "internal" / f"{name}.rq").text


def internal_rows(store: Store, name: str, bindings: dict[str, Any] | None = None) -> list[list[Any]]:
    """The rows of an internal SELECT query on `store`, as rdflib terms (None when unbound)."""
    return select_rows(store, internal_query(name), bindings)


def select_rows(store: Store, sparql: str, bindings: dict[str, Any] | None = None) -> list[list[Any]]:
    """The rows of a SELECT query, as rdflib terms (None when unbound): what rdflib's Result
    yields for a SELECT, typed as such (its rows are typed as a union with ASK and CONSTRUCT)."""
    from rdflib.query import ResultRow  # every row of a SELECT is one

    return [list(row) for row in store.query(sparql, bindings=bindings) if isinstance(row, ResultRow)]


def load_query(ref: str | NamedQuery, directory: Path | None = None) -> NamedQuery:
    """A known query name, a path ending in .rq, or literal SPARQL text (whose own comment
    header, if any, may declare parameters)."""
    if isinstance(ref, NamedQuery):
        return ref
    ref_stripped = ref.strip()
    if not ref_stripped:
        raise QueryError("empty query; give a query name (see `kg queries`), a .rq file or SPARQL text")
    known = list_queries(directory)
    for named in known:
        if named.name == ref_stripped:
            return named
    single_line = "\n" not in ref_stripped
    if single_line and (ref_stripped.lower().endswith(".rq") or _is_file(ref_stripped)):
        return _read_query_file(Path(ref_stripped))
    if _BARE_NAME.match(ref_stripped):
        # A single word cannot be SPARQL: it was meant as a name.
        names = [q.name for q in known]
        close = difflib.get_close_matches(ref_stripped, names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise QueryError(f"unknown query '{ref_stripped}'; {hint}known queries: {', '.join(names) or 'none'}")
    return parse_header(ref, default_name="query", where="query")


def _is_file(ref: str) -> bool:
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):  # a long SPARQL line is not a path
        return False
