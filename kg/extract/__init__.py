"""Extraction: article file or text -> ClaimSet (actors, statements, statistics).

`extract_file`, `extract_text` and `extract_paths` are the public calls; the spaCy model is
loaded on first use, not on import.
"""

from __future__ import annotations

from kg.extract.pipeline import extract_file, extract_paths, extract_text

__all__ = ["extract_file", "extract_paths", "extract_text"]
