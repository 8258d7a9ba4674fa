"""kg: a structured claims knowledge graph for news (who said what, with which numbers)."""

from kg.errors import ClaimSetError, InputError, KGError, QueryError, StoreError
from kg.models import Actor, Article, ClaimSet, Span, Statement, Statistic

__all__ = [
    "Actor",
    "Article",
    "ClaimSet",
    "ClaimSetError",
    "InputError",
    "KGError",
    "QueryError",
    "Span",
    "Statement",
    "Statistic",
    "StoreError",
]
__version__ = "0.1.0"
