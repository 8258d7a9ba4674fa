"""One exception tree for the whole library; the CLI turns these into one-line messages."""

from __future__ import annotations


class KGError(Exception):
    """Root of every error the library raises on purpose (bad input, bad query, bad store)."""


class InputError(KGError):
    """An input file cannot be read or is not an article / ClaimSet we can use."""


class ClaimSetError(KGError):
    """A ClaimSet is inconsistent: offsets that do not match, dangling ids, duplicates."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown, forbidden or has wrong parameters."""


class StoreError(KGError):
    """The store cannot be opened, is in use, or an operation on it failed."""


class StoreInUseError(StoreError):
    """Another process holds the embedded store."""
