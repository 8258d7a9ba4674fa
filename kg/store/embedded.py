"""Embedded Oxigraph: `memory:` (in-process) and a directory (RocksDB on disk, the default).

Writes: put_article is ONE SPARQL update `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {...} }`.
pyoxigraph documents Store.update as transactional ("either the full operation succeeds, or
nothing is written") and RocksDB commits a transaction as one write batch, so a process
killed at any moment leaves the old graph or the new one (tests/test_store_crash.py kills a
writer with SIGKILL and checks). Two separate calls (remove_graph then extend) would not be.

Bulk writes (a batch of new article graphs from `kg ingest`, a `kg load` of an export) go
through pyoxigraph's bulk loader instead: it writes table files directly (no transaction, no
write-ahead log: a third of the CPU of a transactional load, and a smaller store). It is not
atomic, so a journal listing the graphs being written is put in the store directory first and
removed once they are in; a writer that finds a journal left by a killed process removes those
graphs before anything else, so every article is complete or absent (tests/test_process_safety.py,
tests/test_restore.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store import locks
from kg.store.base import SerializedArticle, Store, bind_prefixes, is_article_graph
from kg.store.deadline import run_with_timeout
from kg.store.params import substitute
from kg.store.terms import ox_result_to_rdflib
from kg.store.updates import first_line as _first_line
from kg.store.updates import graph_name_text, replace_graph_update

if TYPE_CHECKING:
    import rdflib
    import rdflib.query
    from rdflib import URIRef
    from rdflib.term import Node


class _Handle:
    """The open pyoxigraph store plus what must happen when its last user is done.

    close() and every running query hold a reference; a query abandoned after its timeout
    keeps the store (and its directory lock) alive until its current step returns."""

    def __init__(self, store: ox.Store, on_release: Any = None) -> None:
        self.store: ox.Store | None = store
        self._users = 1
        self._lock = threading.Lock()
        self._on_release = on_release

    def acquire(self) -> None:
        with self._lock:
            if self.store is None:
                raise StoreError("store is closed; open it again")
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users > 0:
                return
            # Dropping the last reference closes RocksDB (flushes, releases its LOCK).
            self.store = None
        if self._on_release:
            self._on_release()


class OxigraphStore(Store):
    """Oxigraph in this process: on disk when given a directory, in memory for `memory:`."""

    backend = "oxigraph"
    shared = False

    def __init__(self, spec: str, path: Path | None, read_only: bool = False) -> None:
        super().__init__(spec, read_only)
        self.path = path
        self.persistent = path is not None
        self.backend = "oxigraph" if path is not None else "memory"
        if path is None:
            self._handle = _Handle(ox.Store())
        else:
            release = locks.release_reader if read_only else locks.release_writer
            self._handle = _Handle(_open(spec, path, read_only), partial(release, _key(path)))

    # --- writes -------------------------------------------------------------------------
    def put_article(self, graph_iri: URIRef, graph: rdflib.Graph) -> None:
        self._check_writable(f"store {graph_iri}")
        self._update(replace_graph_update(graph_iri, graph), f"writing {graph_iri}")

    # Every bulk load on disk lands in RocksDB's level 0 and is soon compacted with the whole
    # store (hashed keys: each load overlaps everything), so the writer's CPU grows with the
    # number of loads times the store's size. 128 articles per load, or 10 s: on all 2,225
    # BBC articles the writer's CPU fell from 78 s (64 or 2 s) to 52 s, the ingest's peak RSS
    # rose ~100 MB to 1,148 MB (docs/scale.md, "Store size").
    batch_articles = 128
    batch_seconds = 10.0

    def put_articles(self, articles: Sequence[SerializedArticle]) -> None:
        """The whole batch at once, each article all or nothing: when every graph is new (the
        common case of an ingest) a journaled bulk load on disk (see the module doc) or a TriG
        load in memory; else ONE update that drops the graphs being replaced and inserts the
        new ones. A kill leaves every article of the batch written or absent
        (tests/test_process_safety.py)."""
        if not articles:
            return
        self._check_writable(f"store {len(articles)} articles")
        store = self._store
        names = [_graph_node(a.graph_iri) for a in articles]
        replaced = [_graph_node(old) for a in articles for old in a.replaces]
        what = f"writing {len(articles)} articles ({articles[0].graph_iri} ...)"
        if not replaced and not any(store.contains_named_graph(n) and self._has_triples(n) for n in names):
            body = b"".join(
                b"%s {\n%s}\n" % (str(n).encode(), a.ntriples) for n, a in zip(names, articles, strict=True)
            )
            try:
                if self.path is None:
                    store.load(body, format=ox.RdfFormat.TRIG)
                else:
                    self._journaled_bulk_load(names, body)
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"{what} in store {self.spec} failed: {_first_line(exc)}; check free space") from exc
            return
        drops = "".join(f"DROP SILENT GRAPH {n} ;\n" for n in [*replaced, *names])
        inserts = "\n".join(
            f"GRAPH {n} {{\n{a.ntriples.decode('utf-8')}}}" for n, a in zip(names, articles, strict=True)
        )
        self._update(f"{drops}INSERT DATA {{\n{inserts}\n}}", what)

    def bulk_load_articles(
        self, files: Sequence[Path], listing: Path, on_stored: Callable[[str], None] | None = None
    ) -> None:
        """pyoxigraph bulk_load: no transaction, so a journal makes it safe. The list of the
        graphs being loaded is put in the store directory first; a process killed part way
        leaves it there, and the next writer removes those graphs (complete or not) before
        anything else: every article is then complete or absent, never half loaded."""
        from kg.ingest.restore import STREAMABLE

        self._check_writable("bulk load")
        store = self._store
        journal = None
        if self.path is not None:
            with open(listing, encoding="utf-8") as handle:
                journal = _write_journal(self.path, (line.rstrip("\n") for line in handle))
        try:
            _drop_listed(store, listing, only_existing=True)  # loading adds: replaced graphs go first
            for path in files:
                store.bulk_load(path=str(path), format=STREAMABLE[Path(path).suffix.lower()])
            store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(
                f"bulk loading into store {self.spec} failed: {_first_line(exc)}; check free space"
            ) from exc
        if journal is not None:
            _remove_journal(journal)
        if on_stored:
            with open(listing, encoding="utf-8") as handle:
                for line in handle:
                    on_stored(line.rstrip("\n").split("\t", 1)[1])

    def _journaled_bulk_load(self, names: Sequence[ox.NamedNode], trig: bytes) -> None:
        """New article graphs through the bulk loader, made safe by the journal (module doc)."""
        assert self.path is not None
        store = self._store
        journal = _write_journal(self.path, (n.value for n in names))
        try:
            # lenient: skip the loader's IRI checks; the worker made these bytes with
            # pyoxigraph's own serialiser from terms it had checked (kg.store.terms.ntriples_of).
            store.bulk_load(trig, format=ox.RdfFormat.TRIG, lenient=True)
        except BaseException:
            with contextlib.suppress(Exception):  # else the next writer does it (_finish_interrupted_load)
                _drop_listed(store, journal, only_existing=True)
                _remove_journal(journal)
            raise
        _remove_journal(journal)

    def flush(self) -> None:
        """Write what is still only in memory and in the write-ahead log to table files (the
        end of an ingest: the log of transactional writes would otherwise stay on disk)."""
        if self.path is None or self.read_only:
            return
        try:
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"flushing store {self.spec} failed: {_first_line(exc)}; check free space") from exc

    def compact(self) -> None:
        """Flush, then merge the table files (RocksDB compaction): fewer files to read after
        many small writes, and the space of deleted or replaced articles returned. With
        Oxigraph's RocksDB settings the merged files of a store under ~0.5 GB are not
        compressed, so this can make a bulk-loaded store larger (docs/scale.md)."""
        if self.path is None or self.read_only:
            return
        store = self._store
        try:
            store.flush()
            store.optimize()
        except OSError as exc:
            raise StoreError(f"compacting store {self.spec} failed: {_first_line(exc)}; check free space") from exc

    def delete_article(self, graph_iri: URIRef) -> bool:
        self._check_writable(f"delete {graph_iri}")
        node = _graph_node(graph_iri)
        existed = self._has_triples(node)
        self._update(f"DROP SILENT GRAPH {node}", f"deleting {graph_iri}")
        return existed

    def _update(self, update: str, what: str) -> None:
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{what} in store {self.spec} failed: {_first_line(exc)}") from exc

    # --- reads --------------------------------------------------------------------------
    def article_graphs(self) -> list[URIRef]:
        from rdflib import URIRef

        store = self._store
        names = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(URIRef(g.value) for g in names if is_article_graph(g.value) and self._has_triples(g))

    def get_graph(self, graph_iri: URIRef) -> rdflib.Graph:
        from rdflib import Graph

        from kg.store.terms import from_ox

        graph = Graph(identifier=graph_iri)
        bind_prefixes(graph)
        for q in self._store.quads_for_pattern(None, None, None, _graph_node(graph_iri)):
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return graph

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        union: bool = False,
        max_rows: int | None = None,
    ) -> rdflib.query.Result:
        self._check_open()
        text = substitute(sparql, bindings)
        handle = self._handle
        handle.acquire()
        spec = self.spec

        # The worker reaches the store only through the handle and keeps it in locals, which
        # deadline.run_with_timeout clears in the worker thread, so an abandoned query holds
        # nothing that would keep RocksDB (and its LOCK) open after its last step returns.
        def work(should_stop: Any) -> rdflib.query.Result:
            store = handle.store
            if store is None:
                raise StoreError(f"store {spec} is closed; open it again with kg.store.open_store")
            try:
                answer = store.query(text, use_default_graph_as_union=union)
                return ox_result_to_rdflib(answer, should_stop, max_rows)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {_first_line(exc)}; fix the query") from exc
            except OSError as exc:
                raise StoreError(f"reading store {spec} failed: {_first_line(exc)}") from exc
            except (RuntimeError, ValueError, TypeError) as exc:
                raise QueryError(f"query failed: {_first_line(exc)}; fix the query") from exc

        return run_with_timeout(work, timeout, on_finish=handle.release)

    def stream_rows(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> tuple[list[str], Iterator[list[Node | None]]] | None:
        """Rows straight from pyoxigraph's lazy solutions (or triples), converted one at a time
        (kg query -f csv/json writes a 1M-row answer without holding it). No deadline thread here: the
        caller runs this in a child process it stops at its deadline (kg.isolated)."""
        from kg.store.terms import from_ox

        try:
            answer = self._store.query(substitute(sparql, bindings), use_default_graph_as_union=union)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}; fix the query") from exc
        except OSError as exc:
            raise StoreError(f"reading store {self.spec} failed: {_first_line(exc)}") from exc
        except (RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {_first_line(exc)}; fix the query") from exc
        if isinstance(answer, ox.QueryTriples):
            columns = ["subject", "predicate", "object"]
            terms: Iterator[list[Any]] = ([t.subject, t.predicate, t.object] for t in answer)
        elif isinstance(answer, ox.QuerySolutions):
            columns = [v.value for v in answer.variables]
            terms = ([solution[name] for name in columns] for solution in answer)
        else:
            return None

        def rows() -> Iterator[list[Node | None]]:
            try:
                for row in terms:
                    yield [None if value is None else from_ox(value) for value in row]
            except OSError as exc:
                raise StoreError(f"reading store {self.spec} failed: {_first_line(exc)}") from exc
            except (RuntimeError, ValueError, TypeError) as exc:
                raise QueryError(f"query failed: {_first_line(exc)}; fix the query") from exc

        return columns, rows()

    def quad_count(self) -> int:
        return len(self._store)

    def _ox_quads(self) -> Iterator[Any]:
        return iter(self._store)

    def _has_triples(self, name: Any) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, name)), None) is not None

    @property
    def _store(self) -> ox.Store:
        self._check_open()
        store = self._handle.store
        if store is None:
            raise StoreError(f"store {self.spec} is closed; open it again with kg.store.open_store")
        return store

    def close(self) -> None:
        if self.closed:
            return
        super().close()
        if self._handle.store is not None and not self.read_only:
            # RocksDB replays its log on the next open: a failed flush loses nothing.
            with contextlib.suppress(OSError):
                self._handle.store.flush()
        self._handle.release()


JOURNAL = "kg-bulk-load.journal"  # graphs of a bulk write in progress (see the module doc)


def _write_journal(directory: Path, graphs: Iterable[str]) -> Path:
    """The journal naming `graphs` (one per line, optionally "IRI<TAB>id"), durable before the
    write it guards begins: written aside, synced, renamed, the directory synced."""
    journal = directory / JOURNAL
    staged = journal.with_suffix(".tmp")
    with open(staged, "w", encoding="utf-8") as handle:
        for line in graphs:
            handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    staged.replace(journal)
    _sync_directory(directory)
    return journal


def _remove_journal(journal: Path) -> None:
    """The write it guarded is complete: remove the journal, durably (else a crash of the
    machine could bring it back and drop articles that were reported stored)."""
    journal.unlink()
    _sync_directory(journal.parent)


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_listed(store: ox.Store, listing: Path, only_existing: bool) -> None:
    drops = []
    with open(listing, encoding="utf-8") as handle:
        for line in handle:
            name = ox.NamedNode(line.split("\t", 1)[0].strip())
            if not only_existing or store.contains_named_graph(name):
                drops.append(f"DROP SILENT GRAPH {name}")
            if len(drops) >= 200:
                store.update(" ;\n".join(drops))
                drops = []
    if drops:
        store.update(" ;\n".join(drops))


def _finish_interrupted_load(spec: str, path: Path, store: ox.Store, read_only: bool) -> None:
    """A journal left by a killed bulk load: remove the graphs it names (see bulk_load_articles)."""
    journal = path / JOURNAL
    if not journal.exists():
        return
    if read_only:
        raise StoreError(
            f"store {spec} holds an interrupted write (a killed `kg load` or `kg ingest`); open it for writing "
            "once (e.g. `kg optimize`) to remove its partly written articles"
        )
    _drop_listed(store, journal, only_existing=False)
    store.flush()
    _remove_journal(journal)


def directory_size(path: Path) -> int:
    """Bytes of the files in a store directory (what `du` would count, roughly)."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _open(spec: str, path: Path, read_only: bool) -> ox.Store:
    """Open (creating for writers) the store in `path`, or raise a one-line StoreError."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"store {spec} is a file, not a directory; give a directory for --store (or 'memory:')")
    is_store = (path / "CURRENT").is_file()
    # RocksDB writes LOCK first and CURRENT last: LOCK alone is a store another process is
    # creating right now (two writers starting on a new directory race here), if it holds
    # the lock. Unlocked, with RocksDB's files and no CURRENT, the store is damaged.
    being_created = not is_store and (path / "LOCK").is_file()
    if being_created and not locks.is_locked(_key(path), path / "LOCK") and any(path.glob("MANIFEST-*")):
        raise StoreError(
            f"store {spec} is damaged: its CURRENT file is missing; restore the store from a backup "
            f"or write the newest MANIFEST name into it (e.g. `ls {path}/MANIFEST-*`, then "
            f"`echo MANIFEST-NNNNNN > {path}/CURRENT`)"
        )
    if read_only and not is_store:
        if being_created:
            raise locks.in_use_error(spec)
        raise StoreError(
            f"no store at {spec}; load articles first (kg load / kg ingest) or point --store at an existing store"
        )
    if not is_store and not being_created and path.is_dir() and any(path.iterdir()):
        raise StoreError(f"{spec} is not a kg store (it holds other files); give a new or empty directory for --store")
    if not read_only:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create store {spec} ({exc.strerror}); check the path and its permissions"
            ) from exc
    key = _key(path)
    claim, release = (
        (lambda: locks.claim_reader(key, path, spec), lambda: locks.release_reader(key))
        if read_only
        else (lambda: locks.claim_writer(key, spec), lambda: locks.release_writer(key))
    )
    claim()
    try:
        store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        _finish_interrupted_load(spec, path, store, read_only)
        return store
    except OSError as exc:
        release()
        if locks.is_lock_error(exc):
            raise locks.in_use_error(spec) from exc
        raise StoreError(f"cannot open store {spec}: {_first_line(exc)}; check the path and its permissions") from exc
    except RuntimeError as exc:  # RocksDB: "Corruption: checksum mismatch ..." and the like
        release()
        raise damaged_store_error(spec, exc) from exc
    except BaseException:
        release()
        raise


def damaged_store_error(spec: str, exc: BaseException) -> StoreError:
    return StoreError(
        f"store {spec} is damaged ({_first_line(exc)}); restore it from a backup, or rebuild it "
        "with kg ingest / kg load into a new --store"
    )


def _graph_node(graph_iri: URIRef | str) -> ox.NamedNode:
    from rdflib import URIRef

    return ox.NamedNode(graph_name_text(URIRef(str(graph_iri)))[1:-1])
