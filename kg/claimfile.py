"""Read and write ClaimSet files (YAML or JSON), resolving the article text from `source`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ClaimSetError, InputError
from kg.models import ClaimSet, parse_claimset, sha256_text

__all__ = ["claimset_to_data", "dump_claimset", "load_claimset", "read_article_text"]


def read_article_text(path: Path) -> str:
    """The text exactly as the offsets see it: UTF-8, no newline translation."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make it readable") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); convert it with iconv -t UTF-8") from None


def load_claimset(path: str | Path) -> ClaimSet:
    """Load and validate a ClaimSet file. If the article has no `text`, it is read from
    `source`, an article file in the ClaimSet's folder or below (relative to that folder)."""
    path = Path(path)
    raw = _read_data(path)
    if not isinstance(raw, dict):
        raise ClaimSetError(f"{path}: expected a mapping with 'article', 'actors', ... at the top")
    article = raw.get("article")
    if isinstance(article, dict) and not article.get("text") and article.get("source"):
        # Read as the extractor reads it (legacy encodings decoded, HTML reduced to its
        # article text), so a ClaimSet made by `kg extract` finds its offsets again.
        from kg.extract.readers import read_article

        article["text"] = read_article(_resolve_source(path, str(article["source"]))).text
    claims = parse_claimset(raw, where=str(path))
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


def _read_data(path: Path) -> Any:
    text = read_article_text(path)
    if not text.strip():
        raise ClaimSetError(f"{path}: the file is empty; a ClaimSet needs at least 'article'")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_AliasBoundedLoader)  # a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise ClaimSetError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
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


def dump_claimset(claims: ClaimSet, fmt: str = "json", include_text: bool = True) -> str:
    data = claimset_to_data(claims, include_text=include_text)
    if fmt == "yaml":
        return yaml.dump(data, Dumper=_ReadableDumper, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "jsonl":
        return json.dumps(data, ensure_ascii=False)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    raise InputError(f"unknown format '{fmt}'; use json, jsonl or yaml")
