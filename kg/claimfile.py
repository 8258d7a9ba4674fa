"""Read and write ClaimSet files (JSON, JSON Lines, YAML with one or more documents),
resolving the article text from `source`.

`read_claimsets` reads any file kg writes: the ClaimSet formats above and, through
kg.rdf_input, every `kg export` format; the format comes from the extension or, for
an unknown one, from the content (kg.fileformats).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ClaimSetError, InputError
from kg.models import ClaimSet, parse_claimset, sha256_text

__all__ = [
    "claimset_to_data",
    "dump_claimset",
    "dump_claimsets",
    "load_claimset",
    "load_claimsets",
    "read_article_text",
    "read_claimsets",
]


def read_article_text(path: Path) -> str:
    """The text exactly as the offsets see it: UTF-8, no newline translation. Read as the
    article readers read (kg.extract.readers.files): a regular file only (a FIFO would
    block, /dev/zero never ends), with a byte limit counted while reading."""
    from kg.extract.readers.files import MAX_LOAD_BYTES, read_file_bytes

    data = read_file_bytes(path, MAX_LOAD_BYTES, unit="one file to load", fix="split it into several files",
                           expected="a file to load")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); convert it with iconv -t UTF-8") from None


def read_claimsets(path: str | Path) -> list[ClaimSet]:
    """Every ClaimSet in a file kg wrote: a ClaimSet file or an RDF export."""
    from kg.fileformats import detect_input_format

    path = Path(path)
    kind, fmt = detect_input_format(path)
    if kind == "rdf":
        from kg.rdf_input import read_rdf_claimsets

        return read_rdf_claimsets(path, fmt)
    return load_claimsets(path, fmt)


def load_claimsets(path: str | Path, fmt: str | None = None) -> list[ClaimSet]:
    """Load and validate every ClaimSet of a file: a JSON object or array, JSON Lines, or
    YAML with one or more `---` documents. `fmt` (json | jsonl | yaml) defaults to what
    the extension or the content says. If an article has no `text`, it is read from
    `source`, an article file in the ClaimSet's folder or below (relative to that folder)."""
    path = Path(path)
    documents = _read_documents(path, fmt)
    if not documents:
        raise ClaimSetError(f"{path}: the file holds no ClaimSet; a ClaimSet needs at least 'article'")
    return [_claimset(path, raw, where) for where, raw in documents]


def load_claimset(path: str | Path) -> ClaimSet:
    """The one ClaimSet of a file (see load_claimsets); more than one is an error."""
    claimsets = load_claimsets(path)
    if len(claimsets) > 1:
        raise ClaimSetError(f"{path}: holds {len(claimsets)} ClaimSets where one was expected")
    return claimsets[0]


def _claimset(path: Path, raw: Any, where: str) -> ClaimSet:
    if not isinstance(raw, dict):
        raise ClaimSetError(f"{where}: expected a mapping with 'article', 'actors', ... at the top")
    article = raw.get("article")
    if isinstance(article, dict) and not article.get("text") and article.get("source"):
        # Read as the extractor reads it (legacy encodings decoded, HTML reduced to its
        # article text), so a ClaimSet made by `kg extract` finds its offsets again.
        from kg.extract.readers import read_article

        article["text"] = read_article(_resolve_source(path, str(article["source"]))).text
    claims = parse_claimset(raw, where=where)
    if claims.article.sha256 is None:
        claims.article.sha256 = sha256_text(claims.article.text or "")
    return claims


def _resolve_source(claims_path: Path, source: str) -> Path:
    """The article file a ClaimSet names, which must lie in the ClaimSet's folder or below.

    A ClaimSet is data a person may have been sent: its `source` must not make kg read (and
    then store and export) any other file, such as ../../etc/passwd or a link pointing out."""
    folder = claims_path.parent.resolve()
    candidate = (claims_path.parent / source).resolve()  # follows symlinks, removes ..
    if not candidate.is_relative_to(folder):
        raise ClaimSetError(
            f"{claims_path}: article.source '{source}' is outside the ClaimSet's folder; a "
            "ClaimSet reads only an article file in its folder or below: move the article "
            "there or add article.text"
        )
    if not candidate.is_file():
        raise ClaimSetError(
            f"{claims_path}: article.source '{source}' is not a readable file next to the "
            "ClaimSet; fix the path or add article.text"
        )
    if not candidate.suffix:
        raise ClaimSetError(
            f"{claims_path}: article.source '{source}' is not an article file (.txt, .md, "
            ".html); fix the path or add article.text"
        )
    return candidate


def _read_documents(path: Path, fmt: str | None) -> list[tuple[str, Any]]:
    """(where, data) of each ClaimSet in the file; `where` names it in error messages."""
    if fmt is None:
        from kg.fileformats import detect_input_format

        kind, fmt = detect_input_format(path)
        if kind != "claimset":
            raise ClaimSetError(f"{path}: is RDF, not a ClaimSet file; load it with `kg load`")
    text = read_article_text(path)
    if not text.strip():
        raise ClaimSetError(f"{path}: the file is empty; a ClaimSet needs at least 'article'")
    try:
        if fmt == "jsonl":
            return _json_lines(path, text)
        if fmt == "json":
            data = json.loads(text)
            if isinstance(data, list):
                return [(f"{path}[{i}]", item) for i, item in enumerate(data)]
            return [(str(path), data)]
        loaded = yaml.load_all(text, Loader=_AliasBoundedLoader)  # a SafeLoader subclass
        documents = [doc for doc in loaded if doc is not None]
        if len(documents) == 1:
            return [(str(path), documents[0])]
        return [(f"{path} (document {i + 1})", doc) for i, doc in enumerate(documents)]
    except json.JSONDecodeError as exc:
        hint = "; one ClaimSet per line is JSON Lines: name the file .jsonl" if exc.msg == "Extra data" else ""
        raise ClaimSetError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}{hint}"
        ) from None
    except _AliasBomb as exc:
        raise ClaimSetError(f"{path}: refused: {exc}; write the repeated parts out instead of using aliases") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ClaimSetError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None


# YAML anchors and aliases let a small file stand for a huge document (a 90 KB file made a
# million mentions, 4 GB). Aliases may repeat at most as many nodes as the file itself
# writes out (and at least this many), counted on the node graph before anything is built.
MIN_ALIAS_NODES = 10_000


class _AliasBoundedLoader(yaml.SafeLoader):
    def construct_document(self, node: yaml.Node) -> Any:
        written, expanded = _node_counts(node)
        allowed = written + max(written, MIN_ALIAS_NODES)
        if expanded == float("inf"):
            raise _AliasBomb("an alias refers to a node that contains it (an endless document)")
        if expanded > allowed:
            raise _AliasBomb(f"its aliases expand {written} written nodes to {expanded} (at most {allowed})")
        return super().construct_document(node)


class _AliasBomb(yaml.YAMLError):
    pass


def _node_counts(root: yaml.Node) -> tuple[int, int | float]:
    """(distinct nodes, nodes after expanding every alias); inf for an alias cycle."""
    size: dict[int, int | float] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: deep nesting must not hit the recursion limit
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            continue
        if key in size:
            continue
        if key in on_path:
            return len(size), float("inf")  # an alias to its own ancestor: endless
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return len(size), float("inf")
            if id(child) not in size:
                stack.append((child, False))
    return len(size), size[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _json_lines(path: Path, text: str) -> list[tuple[str, Any]]:
    documents = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((f"{path}:{number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            raise ClaimSetError(
                f"{path}: line {number} is not valid JSON (column {exc.colno}): {exc.msg}; "
                "JSON Lines needs one whole ClaimSet per line"
            ) from None
    return documents


def claimset_to_data(claims: ClaimSet, include_text: bool = True) -> dict[str, Any]:
    """Plain data in the contract's shape (dates as YYYY-MM-DD)."""
    data = claims.model_dump(mode="json")
    if not include_text:
        data["article"].pop("text", None)
    return data


class _ReadableDumper(yaml.SafeDumper):
    """Multi-line strings (the article text) as literal blocks, so a person correcting a
    ClaimSet sees the article as it is. PyYAML falls back to a quoted style whenever a block
    could not hold the string exactly (e.g. carriage returns), so nothing changes on reload."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_ReadableDumper.add_representer(str, _represent_str)


def dump_claimsets(claimsets: list[ClaimSet], fmt: str = "json") -> str:
    """Several ClaimSets in one text that load_claimsets reads back: a JSON array, JSON
    Lines, or YAML documents separated by `---`."""
    if fmt == "json":
        return json.dumps([claimset_to_data(c) for c in claimsets], ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(dump_claimset(c, "jsonl") for c in claimsets)
    if fmt == "yaml":
        return "".join("---\n" + dump_claimset(c, "yaml") for c in claimsets)
    raise InputError(f"unknown format '{fmt}'; use json, jsonl or yaml")


def dump_claimset(claims: ClaimSet, fmt: str = "json", include_text: bool = True) -> str:
    data = claimset_to_data(claims, include_text=include_text)
    if fmt == "yaml":
        return yaml.dump(data, Dumper=_ReadableDumper, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "jsonl":
        return json.dumps(data, ensure_ascii=False)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    raise InputError(f"unknown format '{fmt}'; use json, jsonl or yaml")
