"""Named SPARQL queries: find them, check them, bind their parameters, run them, format rows.

A named query is a `.rq` file in `queries/` whose leading comment lines say what it is:

    # name: statements-by-speaker
    # description: Statements whose speaker has this name or alias (any case).
    # param: speaker  (required, casefold) a name or alias of the speaker

Parameter options (inside the parentheses, comma-separated): `required` (the default) or
`optional`; `iri` to bind the value as an IRI instead of a string literal; `casefold` to
lower-case the value before binding, for queries that compare against LCASE(...) keys.

Safety: every query is parsed with rdflib before it reaches the store. UPDATE requests are
refused (writes go through `kg load` / `kg ingest` / `kg delete`, which keep one named graph
per article consistent), and SERVICE is refused unless asked for, by walking the parsed query,
so a SERVICE inside a comment or a string does not count and one inside a nested group, a
subquery or a FILTER EXISTS does. FROM / FROM NAMED are refused too: rdflib's engine would
fetch an unknown FROM graph over the network. Parameter values are never spliced into the query text:
they become RDF terms handed to the store as bindings.

Bound values mean what rdflib's initBindings mean: the variable has that value everywhere in
the query, FILTERs and subqueries included (kg.store substitutes the term for the variable,
token by token; rdflib pre-binds it). So an optional parameter must not be tested with
BOUND(?p) and must not be assigned with AS ?p or VALUES ?p; use it in triple patterns or
comparisons, and a query runs the same with or without it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from kg.choices import ResultFormat, values
from kg.errors import QueryError
from kg.query_files import (
    DEFAULT_TIMEOUT,
    NamedQuery,
    QueryParam,
    internal_query,
    internal_rows,
    list_queries,
    load_query,
    parse_header,
    select_rows,
)
from kg.vocab import KGR_IRI
from kg.vocab import PREFIXES as KNOWN_PREFIXES  # suggested in errors about undeclared prefixes

if TYPE_CHECKING:
    from kg.store.base import Store

# The query files (finding, reading, the internal queries) are kg.query_files; their names
# stay importable from here.
__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "NamedQuery",
    "QueryParam",
    "QueryResult",
    "format_result",
    "internal_query",
    "internal_rows",
    "list_queries",
    "load_query",
    "parse_header",
    "prepare",
    "run_query",
    "select_rows",
]

FORMATS = values(ResultFormat)



@dataclass
class QueryResult:
    """Rows as display strings (None for unbound) plus the raw rdflib terms."""

    columns: list[str]
    rows: list[list[str | None]]
    terms: list[list[Any]] = field(default_factory=list)
    kind: str = "SELECT"  # SELECT | ASK | CONSTRUCT | DESCRIBE
    boolean: bool | None = None  # the answer of an ASK query
    cut: bool = False  # more rows were there than `max_rows` let through


# ---------------------------------------------------------------- checking and binding


def prepare(
    query: NamedQuery | str, params: dict[str, str] | None = None, allow_service: bool = False
) -> tuple[str, dict[str, Any]]:
    """Check a query and turn its parameter values into RDF terms.

    Returns the query text (unchanged) and the bindings for the store. Raises QueryError for
    a syntax error (with line and column), an UPDATE, a SERVICE (unless allowed), a missing
    required parameter or a parameter the query does not declare."""
    named = load_query(query) if isinstance(query, str) else query
    params = dict(params or {})
    _check_params(named, params)
    parsed = _parse(named)
    if not allow_service and _has_service(parsed):
        raise QueryError(
            f"{_label(named)} uses SERVICE, which sends requests to other endpoints; "
            "pass --allow-service (allow_service=True) if that is intended"
        )
    if dict.get(parsed.algebra, "datasetClause"):
        # rdflib's engine fetches a FROM graph it does not hold from the web (or a file:
        # path), and engines disagree on what FROM means over a quad store. GRAPH does not.
        raise QueryError(
            f"{_label(named)} uses FROM / FROM NAMED, which kg does not run (it could fetch "
            "remote data); every article is a named graph: use GRAPH ?g { ... } or "
            f"GRAPH <{KGR_IRI}graph/ARTICLE-ID> {{ ... }}"
        )
    _check_param_variables(named, parsed.algebra, params)
    return named.text, _bindings(named, params)


def _label(named: NamedQuery) -> str:
    return f"query '{named.name}'" if named.path or named.name != "query" else "the query"


def _check_params(named: NamedQuery, params: dict[str, str]) -> None:
    declared = {p.name for p in named.params}
    extra = sorted(set(params) - declared)
    missing = [p.name for p in named.params if p.required and p.name not in params]
    takes = ", ".join(f"{p.name} ({'required' if p.required else 'optional'})" for p in named.params)
    problems = []
    if missing:
        problems.append(
            "missing required parameter(s) " + ", ".join(f"'{m}'" for m in missing)
            + " (give --param NAME=VALUE)"
        )
    if extra:
        problems.append("unknown parameter(s) " + ", ".join(f"'{e}'" for e in extra))
    if problems:
        accepted = f"it takes: {takes}" if takes else "it declares no parameters"
        raise QueryError(f"{_label(named)}: {'; '.join(problems)}; {accepted}")


def _parse(named: NamedQuery) -> Any:
    """Parse and translate to algebra with rdflib; refuse updates; one-line syntax errors."""
    import pyparsing
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text = _as_the_engine_reads(named.text)
    try:
        parsed = parseQuery(text)
    except pyparsing.ParseException as exc:
        if _is_update(text, parseUpdate):
            raise QueryError(
                f"{_label(named)} is a SPARQL UPDATE; kg query only reads. Change the store with "
                "`kg load`, `kg ingest` or `kg delete` (they keep one named graph per article)"
            ) from None
        raise QueryError(f"{_label(named)}: {_syntax_message(text, exc)}") from None
    _check_prefixes(named, parsed)
    try:
        return translateQuery(parsed)
    except Exception as exc:  # rdflib raises plain Exception for e.g. an unknown prefix
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "prefix" in message.lower():
            message += "; declare it with PREFIX name: <iri>"
        raise QueryError(f"{_label(named)}: {message}") from None




# rdflib decodes \uXXXX / \UXXXXXXXX everywhere in a query before parsing it; Oxigraph (the
# engine that runs it, embedded or as a server) decodes them only inside strings and IRIs,
# as part of the token, and refuses them elsewhere. Checked in rdflib's way, `# \u000a` in a
# comment or `"\u0022` in a string would end the comment or string early and hide a SERVICE
# that Oxigraph runs. So the check sees each escape as inert text (`_uXXXX`, same length, so
# error columns still match) and each escaped backslash as another two-character escape
# (`\t`), which leaves tokens exactly where Oxigraph puts them.
_ESCAPE = re.compile(r"\\\\|\\[uU](?=[0-9A-Fa-f]{4})")


def _as_the_engine_reads(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\\t" if m.group() == "\\\\" else "_" + m.group()[1], text)


def _check_prefixes(named: NamedQuery, parsed: Any) -> None:
    """rdflib quietly knows rdf:, xsd:, schema: ... without a PREFIX line; Oxigraph and remote
    endpoints do not. Require the declaration so a query that passes here runs everywhere."""
    declared = {dict.get(part, "prefix") or "" for part in _walk(parsed) if part.name == "PrefixDecl"}
    used = {dict.get(part, "prefix") or "" for part in _walk(parsed) if part.name == "pname"}
    missing = sorted(used - declared)
    if missing:
        prefix = missing[0]
        iri = KNOWN_PREFIXES.get(prefix, "...")
        raise QueryError(
            f"{_label(named)}: prefix '{prefix}:' is not declared; add PREFIX {prefix}: <{iri}> "
            "at the top"
        )


def _is_update(text: str, parse_update: Any) -> bool:
    try:
        parse_update(text)
    except Exception:
        return False
    return True


def _syntax_message(text: str, exc: Any) -> str:
    line_no, col = exc.lineno, exc.col
    lines = text.splitlines() or [""]
    near = lines[line_no - 1][col - 1 : col + 29].strip() if 0 < line_no <= len(lines) else ""
    where = f"near '{near}'" if near else "at the end of the query"
    expected = str(exc.msg).removeprefix("Expected ").strip()
    message = f"syntax error at line {line_no}, column {col} ({where})"
    # rdflib often names only the whole query form ("SelectQuery"), which tells a person nothing.
    if expected and not re.fullmatch(r"\{?[A-Za-z]+Query( \| [A-Za-z]+Query)*\}?", expected):
        message += f": expected {expected}"
    return message + "; check the brackets, dots and keywords there"


def _walk(node: Any, seen: set[int] | None = None) -> Any:
    """Every CompValue in a parsed or translated rdflib query, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for value in dict.values(node):
            yield from _walk(value, seen)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value, seen)


def _has_service(parsed: Any) -> bool:
    return any(part.name == "ServiceGraphPattern" for part in _walk(parsed.algebra))


def _check_param_variables(named: NamedQuery, parsed: Any, params: dict[str, str]) -> None:
    """Each declared parameter must occur in the query as a variable; otherwise the header
    and the query disagree and the value would silently do nothing."""
    if not named.params:
        return
    from rdflib.term import Variable

    variables = {str(node) for node in _leaves(parsed) if isinstance(node, Variable)}
    for p in named.params:
        if p.name not in variables:
            raise QueryError(
                f"{_label(named)}: parameter '{p.name}' is declared in the header but ?{p.name} "
                "does not occur in the query; fix the header or the query"
            )


def _leaves(node: Any, seen: set[int] | None = None) -> Any:
    """Every term in a parsed or translated rdflib query (variables, IRIs, literals)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Node

    seen = set() if seen is None else seen
    if isinstance(node, Node):
        yield node
        return
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue | dict):
        for value in dict.values(node):
            yield from _leaves(value, seen)
    elif isinstance(node, (list, tuple, set)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _leaves(value, seen)


def _bindings(named: NamedQuery, params: dict[str, str]) -> dict[str, Any]:
    from rdflib import Literal, URIRef
    from rdflib.term import _is_valid_uri

    bindings: dict[str, Any] = {}
    for name, value in params.items():
        spec = named.param(name)
        assert spec is not None  # _check_params ran first
        if spec.casefold:
            value = value.lower()
        if spec.iri:
            if not value or not _is_valid_uri(value) or ":" not in value:
                raise QueryError(
                    f"{_label(named)}: parameter '{name}' must be an absolute IRI, got {value!r}"
                )
            bindings[name] = URIRef(value)
        else:
            bindings[name] = Literal(value)
    return bindings


# ---------------------------------------------------------------- running and formatting


def run_query(
    store: Store,
    query: str | NamedQuery,
    params: dict[str, str] | None = None,
    *,
    allow_service: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Check, bind and run a query on a store (see kg.store), and collect its rows.

    The default graph is the union of the article graphs, so a query written without
    GRAPH sees every article; GRAPH ?g (or GRAPH <graph IRI>) still works per article.
    With `max_rows`, at most that many rows are collected (`cut` says whether there were
    more): the engine stops there, so a huge answer takes no memory."""
    named = load_query(query)
    params = _resolve_article_param(store, named, params)
    text, bindings = prepare(named, params, allow_service=allow_service)
    if max_rows is None:
        return collect(store.query(text, bindings=bindings or None, timeout=timeout, union=True))
    result = collect(store.query(text, bindings=bindings or None, timeout=timeout, union=True, max_rows=max_rows + 1))
    if len(result.rows) > max_rows:
        del result.rows[max_rows:], result.terms[max_rows:]
        result.cut = True
    return result


def write_streamed(
    store: Store,
    query: str | NamedQuery,
    params: dict[str, str] | None,
    fmt: str,
    out: IO[bytes],
    *,
    allow_service: bool = False,
) -> bool:
    """Write a SELECT's rows (or a CONSTRUCT's triples) as csv or json to `out` one at a time,
    as the store yields them (nothing held; the text of format_result, triples in the
    engine's order). False, with nothing written, when the store cannot stream or the query
    is an ASK: use run_query then."""
    named = load_query(query)
    params = _resolve_article_param(store, named, params)
    text, bindings = prepare(named, params, allow_service=allow_service)
    if fmt not in ("csv", "json"):
        return False
    streamed = store.stream_rows(text, bindings=bindings or None, union=True)
    if streamed is None:
        return False
    columns, rows = streamed
    sink = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "csv":
            writer = csv.writer(sink, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if term is None else display(term) for term in row])
        else:
            _stream_json(sink, columns, rows)
    finally:
        sink.flush()
        sink.detach()  # `out` stays open for the caller
    return True


def _stream_json(sink: IO[str], columns: list[str], rows: Iterator[list[Any]]) -> None:
    """format_result's json (indent 2), written one binding at a time."""
    empty = json.dumps({"head": {"vars": columns}, "results": {"bindings": []}}, ensure_ascii=False, indent=2)
    before, after = empty.rsplit('"bindings": []', 1)
    sink.write(before + '"bindings": [')
    first = True
    for row in rows:
        binding = {col: _json_term(term) for col, term in zip(columns, row, strict=True) if term is not None}
        item = json.dumps(binding, ensure_ascii=False, indent=2).replace("\n", "\n      ")
        sink.write(("\n      " if first else ",\n      ") + item)
        first = False
    sink.write(("]" if first else "\n    ]") + after + "\n")


def _resolve_article_param(store: Store, named: NamedQuery, params: dict[str, str] | None) -> dict[str, str] | None:
    """A named query's `article` parameter takes an article however it is named (id, id
    prefix, source path, URL: kg.articles) and is bound to the stored id."""
    spec = named.param("article")
    if not params or "article" not in params or spec is None or spec.iri:
        return params
    from kg.articles import resolve_article

    return {**params, "article": resolve_article(store, params["article"]).id}


def collect(result: Any) -> QueryResult:
    """An rdflib.query.Result as a QueryResult (display strings plus raw terms)."""
    kind = str(getattr(result, "type", "SELECT")).upper()
    if kind == "ASK":
        answer = bool(result.askAnswer)
        return QueryResult(["ask"], [[str(answer).lower()]], [[answer]], kind, answer)
    if kind in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        terms = [list(triple) for triple in result.graph]
    else:
        columns = [str(v) for v in (result.vars or [])]
        terms = [[row[i] for i in range(len(columns))] for row in result]
    rows = [[display(term) for term in row] for row in terms]
    return QueryResult(columns, rows, terms, kind)


_FLOAT_TYPES = {
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#float",
    "http://www.w3.org/2001/XMLSchema#decimal",
}


def display(term: Any) -> str | None:
    """A term as a person reads it: IRIs and strings plain, 1.0E9 as 1000000000."""
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _FLOAT_TYPES:
        try:
            number = float(term)
        except (TypeError, ValueError):
            return str(term)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return f"{number:g}"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_result(result: QueryResult, fmt: str = "table", width: int | None = None) -> str:
    """table (rich, for people), csv (RFC 4180 quoting) or json (SPARQL 1.1 JSON results)."""
    if fmt == "table":
        return _table(result, width)
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=2)
    raise QueryError(f"unknown format '{fmt}'; use {', '.join(FORMATS)}")


def _table(result: QueryResult, width: int | None) -> str:
    from kg.tables import format_table

    if result.kind == "ASK":
        return str(result.boolean).lower()
    count = len(result.rows)
    rows = (
        [_table_cell(cell, term) for cell, term in zip(row, terms, strict=False)]
        for row, terms in zip(result.rows, result.terms or result.rows, strict=False)
    )
    caption = f"{count} row{'s' if count != 1 else ''}"
    if result.cut:
        caption = f"first {count} rows; more not shown (--limit 0 or -f csv shows all)"
    return format_table(result.columns, rows, caption=caption, width=width)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ENTITY_IRI, _ARTICLE_IRI = KGR_IRI + "entity/", KGR_IRI + "article/"


def _table_cell(cell: str | None, term: Any) -> str:
    """What a person reads: text literals without Markdown/HTML remnants, and an entity or
    article IRI as the id the commands take ("tony-blair" for `kg entities`, the article id
    for `kg delete`); csv and json keep the exact text."""
    from rdflib import Literal

    if cell is None:
        return ""
    if isinstance(term, Literal):
        if str(term.datatype or _XSD_STRING) == _XSD_STRING:
            from kg.display import display_text

            cell = display_text(cell)
        return cell
    if cell.startswith(_ENTITY_IRI):
        return cell.removeprefix(_ENTITY_IRI)
    article = cell.removeprefix(_ARTICLE_IRI)
    if article != cell and "/" not in article:  # an article, not one of its actors or statements
        from urllib.parse import unquote

        return unquote(article)
    return cell


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().rstrip("\n")


def _sparql_json(result: QueryResult) -> dict[str, Any]:
    if result.kind == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = []
    for row in result.terms:
        bindings.append(
            {col: _json_term(term) for col, term in zip(result.columns, row, strict=True) if term is not None}
        )
    return {"head": {"vars": result.columns}, "results": {"bindings": bindings}}


def _json_term(term: Any) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}
