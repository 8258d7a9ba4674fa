"""Where the ontology, shapes, named queries and seed files live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """`ontology`, `queries` or `seeds`: packaged copy in a wheel, else the checkout's folder."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


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
