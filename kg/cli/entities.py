"""`kg entities ...`: list the corpus-level entities and correct them (kg.entities.curation).

Corrections go to the curation graph only; re-ingesting articles keeps them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kg.choices import ResultFormat
from kg.cli.options import (
    QueryEndpointOpt,
    StoreOpt,
    UpdateEndpointOpt,
    friendly_errors,
    opened_store,
)

entities_app = typer.Typer(
    name="entities",
    help="Corpus-level entities: list them; merge, split, rename, set a type, link to an outside id; resolve surnames.",
    no_args_is_help=True,
)

EntityArg = Annotated[
    str, typer.Argument(metavar="ENTITY", help="An entity id (e.g. tony-blair), its IRI, or a name or alias.")
]


@entities_app.command("list")
@friendly_errors
def list_(
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="A table for people, CSV, or JSON.")
    ] = ResultFormat.table,
    limit: Annotated[
        int, typer.Option("--limit", help="Show at most this many (busiest speakers first); 0 = all.")
    ] = 50,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """List entities with type, aliases, article and statement counts, and linked ids."""
    from kg.entities.curation import entity_links
    from kg.queries import QueryResult, format_result, run_query

    with opened_store(store, query_endpoint, update_endpoint, read_only=True) as st:
        result = run_query(st, "entities", timeout=None)
        links = entity_links(st)
    rows = result.rows[:limit] if limit > 0 else result.rows
    columns = [*result.columns, "links"]
    shown = [[*row, "; ".join(links.get(str(row[0]), []))] for row in rows]
    typer.echo(format_result(QueryResult(columns, shown, shown, "SELECT"), fmt.value))


@entities_app.command()
@friendly_errors
def merge(
    keep: EntityArg,
    others: Annotated[list[str], typer.Argument(metavar="OTHER...", help="Entities that are the same as ENTITY.")],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Merge OTHER entities into ENTITY (queries then report ENTITY)."""
    from kg.entities.curation import merge_entities

    with opened_store(store, query_endpoint, update_endpoint) as st:
        target = merge_entities(st, keep, others)
    typer.echo(f"merged {len(others)} into {target}")


@entities_app.command()
@friendly_errors
def split(
    entity: EntityArg,
    article: Annotated[
        list[str], typer.Option("--article", "-a", help="An article (id or source) whose actors move; repeatable.")
    ],
    name: Annotated[str, typer.Option("--name", "-n", help="The name of the entity they move to.")],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Move ENTITY's actors in the given articles to a separate entity called NAME."""
    from kg.entities.curation import split_entity

    with opened_store(store, query_endpoint, update_endpoint) as st:
        target = split_entity(st, entity, article, name)
    typer.echo(f"split {len(article)} article(s) into {target}")


@entities_app.command()
@friendly_errors
def rename(
    entity: EntityArg,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The name queries show for the entity.")],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Give ENTITY the name NAME."""
    from kg.entities.curation import rename_entity

    with opened_store(store, query_endpoint, update_endpoint) as st:
        target = rename_entity(st, entity, name)
    typer.echo(f"renamed {target} to {name}")


@entities_app.command("type")
@friendly_errors
def type_(
    entity: EntityArg,
    kind: Annotated[str, typer.Argument(metavar="TYPE", help="Person, Organization, Country, Place, Event or Group.")],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Set ENTITY's type (wins over the types of its actors)."""
    from kg.entities.curation import set_entity_type

    with opened_store(store, query_endpoint, update_endpoint) as st:
        target = set_entity_type(st, entity, kind)
    typer.echo(f"{target} is now a {kind}")


@entities_app.command()
@friendly_errors
def link(
    entity: EntityArg,
    external: Annotated[
        str, typer.Argument(metavar="ID", help="A Wikidata id (Q42) or an http(s) IRI naming the same thing.")
    ],
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Link ENTITY to an outside identifier (schema:sameAs in the curation graph)."""
    from kg.entities.curation import link_entity

    with opened_store(store, query_endpoint, update_endpoint) as st:
        target = link_entity(st, entity, external)
    typer.echo(f"linked to {target}")


@entities_app.command()
@friendly_errors
def resolve(
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="A table for people, CSV, or JSON.")
    ] = ResultFormat.table,
    store: StoreOpt = None,
    query_endpoint: QueryEndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
) -> None:
    """Decide again which full-name person each surname-only one means, per article, and list the decisions.

    `kg ingest`, `kg load`, `kg delete` and the curation commands already do this at their
    end; run it after writing to the store another way (e.g. the Python library)."""
    from kg.entities.resolution import resolve_surnames
    from kg.queries import QueryResult, format_result

    with opened_store(store, query_endpoint, update_endpoint) as st:
        decisions = resolve_surnames(st)
    columns = ["surname", "article", "entity", "similarity", "weighted", "runner_up", "shared"]
    rows: list[list[str | None]] = [
        [
            d.surname,
            d.article,
            d.entity,
            f"{d.similarity:.3f}",
            f"{d.weighted:.3f}",
            f"{d.runner_up:.3f}",
            str(d.shared),
        ]
        for d in decisions
    ]
    typer.echo(format_result(QueryResult(columns, rows, rows, "SELECT"), fmt.value))
    typer.echo(f"kg: {len(decisions)} surname-only mentions resolved to a full name", err=True)
