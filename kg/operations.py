"""What the commands do, as library calls: load (read_claim_files, then store_claimsets),
delete, stats, export (ingest is kg.ingest).

Each function takes an open store (read_claim_files needs none, so the CLI checks every
file before it opens the store); the CLI only opens the store, calls these and prints. Writes are
per article and all or nothing (the store replaces a named graph in one
transaction), and every input is validated before the first write, so a bad file in a batch
leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kg.claimfile import read_claimsets
from kg.errors import InputError, KGError
from kg.models import ClaimSet
from kg.queries import internal_rows

if TYPE_CHECKING:
    from kg.store.base import Store

__all__ = [
    "LoadReport",
    "check_exports",
    "delete_article",
    "find_article_graph",
    "read_claim_files",
    "store_claimsets",
    "store_stats",
]


@dataclass
class LoadReport:
    stored: list[str] = field(default_factory=list)  # article ids written
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (article id, id it duplicates)


def store_claimsets(
    store: Store,
    claimsets: Iterable[ClaimSet],
    skip_duplicates: bool = True,
    on_stored: Callable[[str], None] | None = None,
) -> LoadReport:
    """Write each ClaimSet as its article's named graph (replacing an earlier version).

    Every ClaimSet is mapped and serialised before the first write, so one the store would
    refuse (e.g. a lone surrogate in a string) stops the batch with nothing written (issue
    14, item 9); then the articles are written several per transaction. If the store fails
    part way (full disk), the StoreError says how many were stored, and `on_stored(id)` has
    been called for exactly those.

    An article whose text is already stored under another id (same sha256) is skipped, so a
    corpus with duplicate files does not get duplicate statements; `skip_duplicates=False`
    stores it anyway (the demo keeps its extraction beside a curated gold of the same text)."""
    from kg.ingest.prepare import prepare_claimset
    from kg.ingest.writer import BatchWriter

    prepared = [prepare_claimset(claims) for claims in claimsets]
    report = LoadReport()

    def stored(one) -> None:
        report.stored.append(one.article_id)
        if on_stored:
            on_stored(one.article_id)

    writer = BatchWriter(store, stored)
    batch_texts: dict[str, str] = {}  # sha256 -> id, for twins within this call (not yet in the store)
    for one in prepared:
        twin = None
        if skip_duplicates:
            twin = batch_texts.get(one.sha256) or _same_text_elsewhere(store, one.sha256, one.data.graph_iri)
            batch_texts.setdefault(one.sha256, one.article_id)
        if twin:
            report.duplicates.append((one.article_id, twin))
            continue
        writer.add(one)
    writer.flush()
    return report


def _same_text_elsewhere(store: Store, sha256: str, graph_iri: str) -> str | None:
    if not sha256:
        return None
    for row in internal_rows(store, "same-text", bindings={"sha": Literal(sha256)}):
        if str(row[0]) != graph_iri:
            return str(row[1])
    return None


def read_claim_files(paths: Iterable[Path]) -> list[ClaimSet]:
    """ClaimSets from ClaimSet files (JSON, JSON Lines, YAML) and from RDF files (e.g. an
    earlier `kg export`); see kg.claimfile.read_claimsets."""
    claimsets: list[ClaimSet] = []
    for path in paths:
        path = Path(path)
        try:
            claimsets += read_claimsets(path)
        except UnicodeEncodeError as exc:  # JSON and YAML can spell lone surrogates; no store keeps them
            bad = exc.object[exc.start : exc.end].encode("unicode_escape", "backslashreplace").decode()
            raise InputError(
                f"{path}: holds a lone surrogate ({bad}), which is not text any RDF store can keep; fix the file"
            ) from None
    return claimsets


def check_exports(paths: Iterable[Path], listing: Path) -> int:
    """Pass 1 of loading N-Quads/TriG exports: check every article of every file, streaming,
    and write "graph IRI<TAB>article id" lines to `listing`; the number of articles."""
    from kg.ingest.restore import check_export

    count = 0
    with open(listing, "w", encoding="utf-8") as out:
        for path in paths:

            def record(graph: str, article_id: str) -> None:
                out.write(f"{graph}\t{article_id}\n")

            count += check_export(Path(path), record)
    return count


def find_article_graph(store: Store, ref: str) -> URIRef:
    """The named graph of an article given by id, id prefix, IRI, source path or URL
    (see kg.articles.resolve_article)."""
    from kg.articles import resolve_article

    return URIRef(resolve_article(store, ref).graph)


def delete_article(store: Store, ref: str) -> str:
    graph_iri = find_article_graph(store, ref)
    store.delete_article(graph_iri)
    return str(graph_iri)


def store_stats(store: Store) -> dict[str, int]:
    """Counts of what the store holds, for `kg stats`."""
    counts = {"articles": len(store.article_graphs()), "quads": store.quad_count()}
    for row in internal_rows(store, "store-counts"):
        counts[str(row[0])] = int(row[1])
    for name in ("actors", "statements", "statistics"):
        counts.setdefault(name, 0)
    return counts


def check_export_format(fmt: str) -> str:
    """Checked before the store is opened, so a typo does not wait for (or lock) the store."""
    from kg.store.base import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:
        raise KGError(f"unknown export format '{fmt}'; use one of {', '.join(EXPORT_FORMATS)}")
    return fmt
