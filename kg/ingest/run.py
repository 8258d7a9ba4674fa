"""`kg ingest` as a library call: files -> (workers) -> batched, incremental writes.

Each file is read once, in this process (without --skip-bad in a check pass before the first
write, whose results the run takes from a spool on disk): its text's hash decides before any parsing
whether the store already holds it (same source and text: skipped), holds the same text
under another source (a duplicate: skipped), or holds an older version of the same source
(replaced in the same transaction that stores the new one). The rest goes to the workers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.ingest.incremental import stored_for
from kg.ingest.pool import default_workers, ordered_map
from kg.ingest.prepare import Failed, Prepared, check_parsable, prepare_articles
from kg.ingest.spool import Spool
from kg.ingest.writer import BatchWriter

if TYPE_CHECKING:
    from kg.extract.readers import ReadArticle

CHUNK = 16  # articles per worker task: enough for spaCy's batching, small enough to balance


@dataclass
class IngestSummary:
    files: int = 0
    stored: int = 0
    replaced: int = 0  # of the stored: new versions of a source already in the store
    unchanged: int = 0
    duplicates: int = 0
    not_english: int = 0  # pages in another language: reported and skipped, not failures
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        parts = [f"{self.stored} stored"]
        if self.replaced:
            parts[0] += f" ({self.replaced} replacing an older version)"
        parts += [
            f"{self.unchanged} unchanged skipped",
            f"{self.duplicates} duplicates skipped",
        ]
        if self.not_english:
            parts.append(f"{self.not_english} not in English skipped")
        parts.append(f"{self.failed} failed")
        return f"{self.files} files in {self.seconds:.1f} s: " + ", ".join(parts)


class Listener:
    """What an ingest reports as it goes; the CLI prints, the library default is silent."""

    def started(self, total: int) -> None: ...
    def stored(self, prepared: Prepared, replaced: bool) -> None: ...
    def skipped(self, source: str, reason: str) -> None: ...
    def bad_file(self, source: str, message: str) -> None:
        """A file or page skipped for a reason the user should read (unreadable, not English)."""


def ingest(
    store,
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    skip_bad: bool = False,
    listener: Listener | None = None,
) -> IngestSummary:
    """Extract and store every article file under `paths` (see the module doc).

    Without `skip_bad` every file is checked before the first write, and a file that cannot
    be used stops the run naming it; with `skip_bad` each file is read once and a bad one
    is reported to `listener.bad_file` and skipped. `workers` defaults to the core count."""
    from kg.extract.pipeline import article_files

    listener = listener or Listener()
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise InputError(f"workers must be 1 or more, not {workers}")
    started = time.monotonic()
    files = article_files(paths)
    summary = IngestSummary(files=len(files))
    listener.started(len(files))
    checked = None if skip_bad else _check_all(files)
    try:
        _run(store, files, workers, skip_bad, listener, summary, checked)
    finally:
        if checked is not None:
            checked.close()
    summary.seconds = time.monotonic() - started
    return summary


def _run(store, files, workers, skip_bad, listener, summary, checked: Spool | None) -> None:
    in_flight: dict[str, str] = {}  # sha256 -> id of an article sent to the workers, not yet stored

    def on_stored(prepared: Prepared) -> None:
        in_flight.pop(prepared.sha256, None)
        summary.stored += 1
        summary.replaced += bool(prepared.data.replaces)
        listener.stored(prepared, bool(prepared.data.replaces))

    writer = BatchWriter(store, on_stored)
    tasks = _tasks(store, files, checked, skip_bad, summary, listener, in_flight)
    if workers > 1:
        tasks = _model_loaded_first(tasks)
    for results in ordered_map(prepare_articles, tasks, workers, on_lost=_lost):
        for result in results:
            if isinstance(result, Failed):
                if not skip_bad:
                    writer.flush()
                    raise InputError(
                        f"{result.message}; {writer.stored_so_far()}, or add --skip-bad to skip such files"
                    )
                summary.failed += 1
                listener.bad_file(result.source, result.message)
            else:
                writer.add(result)
    writer.flush()
    if summary.stored:
        # Flush, not compact: a RocksDB compaction would rewrite the bulk-loaded (compressed)
        # table files uncompressed (192 BBC articles: 43 -> 74 MB; docs/scale.md).
        store.flush()


def _lost(task: list, why: str) -> list[Prepared | Failed]:
    """The articles of a chunk whose worker process died on it twice (kg.ingest.pool)."""
    return [
        Failed(
            article.source,
            f"{article.source}: the worker process extracting it was {why}, twice, while it worked on this "
            f"file or one of the {len(task) - 1} sent with it (out of memory? see dmesg); they were not stored",
        )
        for article, _ in task
    ]


def _model_loaded_first(tasks: Iterator[list]) -> Iterator[list]:
    """Load the model before the workers fork (on the first task, so a re-run with nothing
    to parse never loads it): they share it instead of each loading it, as spaCy's own
    n_process does."""
    first = next(tasks, None)
    if first is None:
        return
    from kg.extract.nlp import load_nlp

    load_nlp()
    yield first
    yield from tasks


def _check_all(files: Sequence[Path | str]) -> Spool:
    """Without --skip-bad, a bad file stops the run before anything is written (a WARC
    archive is only streamed: its pages are checked as they are read). What was read and
    checked goes to a spool, in order, for the run to use (kg.ingest.spool)."""
    from kg.extract.readers import NotEnglishError, is_warc, read_article

    spool = Spool()
    try:
        for path in files:
            if is_warc(path):
                continue
            try:
                article = read_article(path)
                check_parsable(article)
            except NotEnglishError as exc:
                spool.add(exc)  # always reported and skipped, in the run itself
                continue
            except InputError as exc:
                raise InputError(f"{exc}; nothing was stored (add --skip-bad to skip unreadable files)") from None
            spool.add(article)
    except BaseException:
        spool.close()
        raise
    return spool


def _read_all(
    files: Sequence[Path | str], checked: Spool | None
) -> Iterator[tuple[Path | str, ReadArticle | InputError]]:
    """(source, ReadArticle or the InputError it raised) for every article of every source:
    one per file or URL (from the check pass's spool when there was one), one per page of a
    WARC archive (kg.extract.readers.read_source)."""
    from kg.extract.readers import is_warc, read_source

    spooled = iter(checked) if checked is not None else None
    for source in files:
        if spooled is not None and not is_warc(source):
            yield source, next(spooled)
            continue
        try:
            for item in read_source(source):
                yield source, item
        except InputError as exc:
            yield source, exc


def _always_skipped(exc: InputError) -> bool:
    from kg.extract.readers import NotEnglishError

    return isinstance(exc, NotEnglishError)


def _tasks(store, files, checked, skip_bad, summary, listener, in_flight) -> Iterator[list]:
    """Chunks of (article, graphs it replaces) for the workers, after the incremental check."""
    from kg.extract.pipeline import article_id
    from kg.models import sha256_text

    it = _read_all(files, checked)
    while chunk := list(islice(it, CHUNK)):
        read = []
        for path, article in chunk:
            try:  # read once: what is parsed is what was checked and hashed (issue 14, item 10)
                if isinstance(article, InputError):
                    raise article
                check_parsable(article)
            except InputError as exc:
                if _always_skipped(exc):
                    summary.not_english += 1
                elif not skip_bad:
                    raise InputError(f"{exc}; add --skip-bad to skip unreadable files") from None
                else:
                    summary.failed += 1
                listener.bad_file(str(path), str(exc))
                continue
            read.append((article, sha256_text(article.text)))
        known = stored_for(store, [(a.source, sha) for a, sha in read])
        task = []
        for article, sha in read:
            if known.unchanged(article.source, sha):
                summary.unchanged += 1
                listener.skipped(article.source, "unchanged")
                continue
            twin = known.twin(article.source, sha) or in_flight.get(sha)
            if twin:
                summary.duplicates += 1
                listener.skipped(article.source, f"same text as stored article {twin}")
                continue
            in_flight[sha] = article_id(article.source, article.text)
            task.append((article, known.older_versions(article.source, sha)))
        if task:
            yield task
