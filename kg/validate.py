"""SHACL validation of an article's graph against ontology/shapes.ttl, with readable results.

pyshacl is imported inside the function (it is slow to import and only `kg validate` and
the tests need it). No inference: the mapping writes every rdf:type the shapes look for,
so RDFS reasoning would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.resources import shapes_file
from kg.vocab import KGO, RDF, SCHEMA, SH

__all__ = ["ValidationReport", "Violation", "format_violations", "load_shapes", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI of the node that fails
    path: str | None  # the property (or path) checked, if any
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    label: str  # the node named for a reader, e.g. "statement s3"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The shapes graph, parsed once per process."""
    path = shapes_file()
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the SHACL shapes ({exc}); reinstall kg") from None


def validate_graph(data_graph: Graph) -> ValidationReport:
    """Check `data_graph` (one article's triples) against the shapes."""
    from pyshacl import validate

    conforms, results_graph, _ = validate(
        data_graph,
        shacl_graph=load_shapes(),
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    # Only top-level results: pyshacl nests the reasons of an sh:node failure under
    # sh:detail, and the parent's message already says what to fix.
    nested = set(results_graph.objects(None, SH.detail))
    violations = [
        _violation(results_graph, result, data_graph)
        for result in results_graph.subjects(RDF.type, SH.ValidationResult)
        if result not in nested
    ]
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def format_violations(report: ValidationReport) -> list[str]:
    """One line per violation, naming the node first:
    'statement s3 (https://...): has neither a speaker (...) nor content (...); ...'."""
    lines = []
    for v in report.violations:
        # Every shape's sh:message names its property, so the path is left to the record.
        level = "" if v.severity == "Violation" else f"{v.severity.lower()}: "
        lines.append(f"{v.label} ({v.focus}): {level}{v.message}")
    return lines


_KINDS = (
    (KGO.Statement, KGO.statementId, "statement"),
    (KGO.Actor, KGO.actorId, "actor"),
    (KGO.Statistic, KGO.statisticId, "statistic"),
    (SCHEMA.NewsArticle, KGO.articleId, "article"),
)


def _violation(results: Graph, result: Node, data: Graph) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    severity = results.value(result, SH.resultSeverity)
    return Violation(
        focus=str(focus),
        path=_short(path) if isinstance(path, URIRef) else None,
        message=messages[0] if messages else "does not conform to the shapes",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        label=_label(data, focus),
    )


def _label(data: Graph, node: Node | None) -> str:
    """Name a node by its kind and ClaimSet id, so a person can find it in the YAML file."""
    for cls, id_prop, kind in _KINDS:
        if (node, RDF.type, cls) in data:
            item_id = data.value(node, id_prop)
            return f"{kind} {item_id}" if item_id is not None else kind
    if node is not None:
        # Spans and selectors: name them by the item that owns them.
        for owner_kind in ("statement", "actor", "statistic"):
            marker = f"/{owner_kind}/"
            text = str(node)
            if marker in text:
                tail = text.split(marker, 1)[1]
                owner_id = unquote(tail.split("/", 1)[0])
                return f"{owner_kind} {owner_id} {_part(tail)}".rstrip()
    return "node"


def _part(tail: str) -> str:
    # "s3/content/0/position" -> "content/0/position"
    return tail.split("/", 1)[1] if "/" in tail else ""


def _short(iri: URIRef) -> str:
    from kg.vocab import PREFIXES

    text = str(iri)
    for prefix, base in PREFIXES.items():
        if text.startswith(base):
            return f"{prefix}:{text[len(base):]}"
    return text
