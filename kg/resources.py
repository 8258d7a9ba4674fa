"""kg's package data, found in one place through importlib.resources.

The ontology and shapes, the named queries and the seed article live in the repository's
`ontology/`, `queries/` and `seeds/` folders; a wheel carries them as `kg/_data/<folder>`
(pyproject's force-include), a checkout has them next to `kg/`. The extractors' word lists
(`kg/extract/data`) are read with `package_text`.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import KGError

__all__ = [
    "data_dir",
    "ontology_file",
    "package_text",
    "queries_dir",
    "seed_article",
    "seed_gold",
    "shapes_file",
]


def package_text(package: str, *parts: str) -> str:
    """The UTF-8 text of a file inside a package (`package_text("kg.extract", "data", "x.txt")`).
    Raises OSError or UnicodeDecodeError; the caller says which file and how to fix it."""
    return files(package).joinpath(*parts).read_text(encoding="utf-8")


def data_dir(name: str) -> Path:
    """`ontology`, `queries` or `seeds`: the packaged copy in a wheel, else the checkout's folder."""
    package = files("kg")
    packaged = package.joinpath("_data", name)
    if packaged.is_dir():
        return _on_disk(packaged)
    return _on_disk(package).parent / name


def _on_disk(resource: Traversable) -> Path:
    # rdflib, the evaluator and the readers take file paths: the data must be real files.
    if isinstance(resource, Path):
        return resource
    raise KGError(f"kg's data ({resource}) is not on the file system (a zipped install); install kg unzipped")


def ontology_file() -> Path:
    return data_dir("ontology") / "kg.ttl"


def shapes_file() -> Path:
    return data_dir("ontology") / "shapes.ttl"


def queries_dir() -> Path:
    return data_dir("queries")


def seed_article() -> Path:
    return data_dir("seeds") / "china-cybersecurity-2010.txt"


def seed_gold() -> Path:
    return data_dir("seeds") / "china-cybersecurity-2010.claims.yaml"
