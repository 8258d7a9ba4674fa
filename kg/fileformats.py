"""Which format a file is in, for every file kg reads back, and which format an output gets.

Input: by extension first (`.ttl`, `.jsonl`, ...), else by the first bytes (a file renamed
or saved as `.txt` still loads). Output: `-f` and `-o` must agree; without `-f` the
extension decides, and a known extension of another format is a usage error rather than a
file whose name lies about its content.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from kg.errors import InputError, KGError

__all__ = [
    "CLAIMSET_SUFFIXES",
    "EXPORT_SUFFIXES",
    "GRAPH_SUFFIXES",
    "RDF_SUFFIXES",
    "FormatMismatch",
    "detect_input_format",
    "output_format",
]

# ClaimSet files: kg's own plain-data format (see kg.claimfile).
CLAIMSET_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml"}

# RDF files, with rdflib's parser names.
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}

# The formats of the commands that write files (kg.choices), with the extensions that mean
# them (the first one is the default name).
EXPORT_SUFFIXES = {
    "turtle": (".ttl", ".turtle"),
    "trig": (".trig",),
    "nquads": (".nq", ".nquads"),
    "ntriples": (".nt", ".ntriples"),
    "jsonld": (".jsonld", ".json"),  # JSON-LD is the JSON an export can be
}
GRAPH_SUFFIXES = {
    "png": (".png",),
    "svg": (".svg",),
    "html": (".html", ".htm"),
    "graphml": (".graphml", ".xml"),
    "gexf": (".gexf",),
    "json": (".json",),  # node-link JSON
}

# Every extension kg gives its outputs, so a contradiction names what the file would be.
_KNOWN_OUTPUTS = {
    **{suffix: fmt for fmt, suffixes in EXPORT_SUFFIXES.items() for suffix in suffixes},
    **CLAIMSET_SUFFIXES,
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".png": "png",
    ".svg": "svg",
    ".html": "html",
    ".csv": "csv",
}

_SNIFF_BYTES = 64 * 1024
_RDF_START = re.compile(rb"^(@prefix|@base|prefix\s|base\s|graph\s|<|_:|\[)", re.IGNORECASE)
_YAML_START = re.compile(rb"^(---|%YAML|article\s*:|actors\s*:|statements\s*:|statistics\s*:)")


class FormatMismatch(KGError):
    """`-f` and the extension of `-o` name different formats (a usage error)."""


def detect_input_format(path: Path) -> tuple[str, str]:
    """("claimset", json|jsonl|yaml) or ("rdf", rdflib format) for a file to load.

    The extension decides when kg knows it; otherwise the first bytes do. Reading errors
    are left to the reader, which reports them with the path."""
    suffix = path.suffix.lower()
    if suffix in RDF_SUFFIXES:
        return "rdf", RDF_SUFFIXES[suffix]
    if suffix in CLAIMSET_SUFFIXES and suffix != ".json":
        return "claimset", CLAIMSET_SUFFIXES[suffix]
    from kg.extract.readers.files import open_regular

    try:  # a regular file only: opening a FIFO to sniff it would block
        with os.fdopen(open_regular(path), "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except (InputError, OSError):
        return "claimset", CLAIMSET_SUFFIXES.get(suffix, "yaml")
    if suffix == ".json":  # a ClaimSet, or JSON-LD saved as .json
        return _sniff_json(head) if _first_content_line(head).startswith((b"{", b"[")) else ("claimset", "json")
    return sniff(head)


def sniff(head: bytes) -> tuple[str, str]:
    """The format of a file from its first bytes (see detect_input_format)."""
    text = head.lstrip(b"\xef\xbb\xbf")
    first = _first_content_line(text)
    if first.startswith((b"{", b"[")):
        return _sniff_json(text)
    if first.startswith(b"<?xml") or first.startswith(b"<rdf:RDF"):
        return "rdf", "xml"
    if _RDF_START.match(first):
        if first.startswith((b"<", b"_:")) and _looks_like_nquads(text):
            return "rdf", "nquads"
        return "rdf", "trig"  # TriG reads Turtle (and N-Triples) too
    if _YAML_START.match(first):
        return "claimset", "yaml"
    return "claimset", "yaml"  # the most forgiving reader, with a clear error when wrong


def _first_content_line(text: bytes) -> bytes:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            return stripped
    return b""


def _sniff_json(text: bytes) -> tuple[str, str]:
    if b'"@context"' in text or b'"@graph"' in text or b'"@id"' in text:
        return "rdf", "json-ld"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(line.lstrip().startswith(b"{") for line in lines[:2]):
        try:
            json.loads(lines[0])
        except ValueError:
            return "claimset", "json"  # a pretty-printed object spans lines
        return "claimset", "jsonl"
    return "claimset", "json"


def _looks_like_nquads(text: bytes) -> bool:
    """N-Triples/N-Quads lines: every statement on one line ending in ' .'."""
    lines = [line.strip() for line in text.splitlines()[:20] if line.strip() and not line.strip().startswith(b"#")]
    return bool(lines) and all(line.endswith(b".") and line.startswith((b"<", b"_:")) for line in lines)


def output_format(
    fmt: str | None,
    output: Path | None,
    suffixes: dict[str, tuple[str, ...]],
    default: str,
    *,
    name_must_tell: bool = False,
) -> str:
    """The format of an output (`kg export`, `kg graph`): `fmt` when given, else the one
    `output`'s extension names, else `default`. Raises FormatMismatch when `fmt` is not one of
    `suffixes`, when `fmt` and the extension disagree, when the extension belongs to a format
    this command does not write, and (`name_must_tell`) when without `fmt` the extension names
    no format at all."""
    if fmt is not None and fmt not in suffixes:
        raise FormatMismatch(f"unknown format '{fmt}'; use {', '.join(suffixes)}")
    suffix = output.suffix.lower() if output is not None else ""
    by_suffix = next((name for name, known in suffixes.items() if suffix in known), None)
    other = _KNOWN_OUTPUTS.get(suffix) if by_suffix is None else None
    if fmt is not None:
        if (by_suffix is not None and by_suffix != fmt) or other is not None:
            wanted = suffixes.get(fmt, ("",))[0]
            raise FormatMismatch(
                f"-f {fmt} but -o {output} names {by_suffix or other}; "
                f"drop -f, or name the file {output.with_suffix(wanted) if output is not None else ''}"
            )
        return fmt
    if by_suffix is not None:
        return by_suffix
    if other is not None:
        choices = ", ".join(s for known in suffixes.values() for s in known)
        raise FormatMismatch(f"-o {output} names {other}, which this command does not write; use one of {choices}")
    if output is not None and name_must_tell:
        names = " / ".join("*" + s for known in suffixes.values() for s in known)
        raise FormatMismatch(f"cannot tell the format from '{output.name}'; name the file {names} or give -f")
    return default
