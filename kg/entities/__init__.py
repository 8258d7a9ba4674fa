"""Corpus-level entities: every article actor refers to one (`kgo:refersTo`), named actors
with the same identity share it across articles, and a person's corrections live in their
own named graph (curation.py) that re-ingesting articles never touches."""

from kg.entities.linking import EntityLink, entity_iri, link_actors
from kg.entities.names import EntityName, entity_name

__all__ = ["EntityLink", "EntityName", "entity_iri", "entity_name", "link_actors"]
