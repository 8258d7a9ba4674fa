"""Read RDF files (a `kg export`, or triples from elsewhere) back into ClaimSets, safely.

Parsing never reaches the network: JSON-LD with remote contexts and RDF/XML with external
entities are refused before the parser sees them, since both would make the parser fetch
addresses named by the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

from kg.errors import InputError
from kg.fileformats import RDF_SUFFIXES, detect_input_format
from kg.models import ClaimSet

__all__ = ["RDF_SUFFIXES", "is_rdf_file", "read_rdf_claimsets"]

_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)


def is_rdf_file(path: Path) -> bool:
    """An RDF file by its extension or, for an unknown extension, by its content."""
    return detect_input_format(path)[0] == "rdf"


def read_rdf_claimsets(path: Path, fmt: str | None = None) -> list[ClaimSet]:
    """Every article found in an RDF file, as validated ClaimSets. `fmt` is rdflib's name
    of the syntax (turtle, trig, nquads, nt, json-ld, xml); by default the extension or
    the content tells."""
    import rdflib

    from kg.rdf_reading import graph_to_claimset
    from kg.vocab import SCHEMA

    path = Path(path)
    if fmt is None:
        kind, fmt = detect_input_format(path)
        if kind != "rdf":
            raise InputError(f"{path}: not RDF (it reads as a {fmt} ClaimSet file); load it with `kg load`")
    # A regular file only, with a byte limit counted while reading (a FIFO would block).
    from kg.extract.readers.files import MAX_LOAD_BYTES, read_file_bytes

    data = read_file_bytes(path, MAX_LOAD_BYTES, unit="one file to load", fix="split it into several files",
                           expected="a file to load")
    _refuse_remote_references(path, fmt, data)
    dataset = rdflib.Dataset()
    try:
        dataset.parse(data=data, format=fmt, publicID="urn:kg:input")
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: not valid {fmt} RDF: {first}") from None

    merged = rdflib.Graph()
    for triple in dataset.triples((None, None, None)):
        merged.add(triple)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    articles = sorted(cast("set[rdflib.URIRef]", set(merged.subjects(rdflib.RDF.type, SCHEMA.NewsArticle))))
    if not articles:
        raise InputError(f"{path}: no schema:NewsArticle in this RDF; it is not a kg export")
    claimsets = []
    for article in articles:
        try:
            claimsets.append(graph_to_claimset(merged, article))
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"{path}: article {article} cannot be read back: {exc}") from None
    return claimsets


def _refuse_remote_references(path: Path, fmt: str, data: bytes) -> None:
    if fmt == "xml" and _EXTERNAL_ENTITY.search(data):
        raise InputError(f"{path}: RDF/XML declares an external entity; kg does not fetch them, remove the DOCTYPE")
    if fmt == "json-ld":
        try:
            document = json.loads(data)
        except ValueError as exc:
            raise InputError(f"{path}: not valid JSON-LD ({exc})") from None
        remote = _remote_context(document)
        if remote:
            raise InputError(f"{path}: JSON-LD context '{remote}' is remote; kg does not fetch it, inline the context")


def _remote_context(node: Any) -> str | None:
    """The first context given by address (string) or @import anywhere in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        return ctx
                    if isinstance(ctx, dict) and isinstance(ctx.get("@import"), str):
                        return ctx["@import"]
            found = _remote_context(value)
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _remote_context(item)
            if found:
                return found
    return None
