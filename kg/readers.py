"""Kept for code that imports `kg.readers`: the readers now live in `kg.extract.readers`."""

from kg.extract.readers import *  # noqa: F403
from kg.extract.readers import __all__  # noqa: F401
