"""kg: a structured claims knowledge graph for news (who said what, with which numbers).

The package root stays light (no spaCy, no store): import the parts you need, e.g.
`kg.extract.extract_file`, `kg.store.open_store`, `kg.queries.run_query`.
"""

from kg.errors import ClaimSetError, InputError, KGError, QueryError, StoreError, StoreInUseError
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
    "StoreInUseError",
]
__version__ = "0.1.0"
