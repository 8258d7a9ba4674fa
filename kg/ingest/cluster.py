"""`kg ingest --cluster tcp://scheduler:8786`: the same ingest on a Dask distributed cluster.

Each task is a chunk of file paths; the worker that runs it reads each file once, skips what
the store already holds (one query per chunk), parses, maps and serialises, and writes the
articles itself to the SPARQL server (one Graph Store Protocol PUT each). Only a small report
comes back to this process, so neither the texts nor the graphs pass through it, and it keeps
a bounded number of tasks in flight. Workers must see the files at the same paths (a shared
or replicated file system) and reach the server; kg must be installed on them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from kg.errors import InputError, StoreError
from kg.ingest.run import IngestSummary, Listener, _check_all

CHUNK = 16  # files per task
IN_FLIGHT_PER_WORKER = 2


@dataclass
class TaskReport:
    stored: list[tuple[str, bool]] = field(default_factory=list)  # (article id, replaced an older version)
    unchanged: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    not_english: list[tuple[str, str]] = field(default_factory=list)  # (source, message): skipped, not failed
    error: str | None = None  # the store failed part way: what the worker's writer said


def run_task(paths: Sequence[str], store_spec: str, endpoints: tuple[str | None, str | None]) -> TaskReport:
    """On a worker: read, check against the store, prepare and write one chunk of files."""
    from kg.extract.readers import NotEnglishError, read_article
    from kg.ingest.incremental import stored_for
    from kg.ingest.prepare import Failed, check_parsable, prepare_articles
    from kg.ingest.writer import BatchWriter
    from kg.models import sha256_text
    from kg.store import open_store

    report = TaskReport()
    read = []
    for raw in paths:
        try:
            article = read_article(Path(raw))
            check_parsable(article)
        except InputError as exc:
            (report.not_english if isinstance(exc, NotEnglishError) else report.failed).append((raw, str(exc)))
            continue
        read.append((article, sha256_text(article.text)))
    store = open_store(store_spec, query_endpoint=endpoints[0], update_endpoint=endpoints[1])
    try:
        known = stored_for(store, [(a.source, sha) for a, sha in read])
        task, seen = [], set()
        for article, sha in read:
            if known.unchanged(article.source, sha):
                report.unchanged += 1
                continue
            twin = known.twin(article.source, sha)
            if twin or sha in seen:
                report.duplicates.append((article.source, f"same text as stored article {twin or 'in this run'}"))
                continue
            seen.add(sha)
            task.append((article, known.older_versions(article.source, sha)))
        writer = BatchWriter(store, lambda p: report.stored.append((p.article_id, bool(p.data.replaces))))
        try:
            for result in prepare_articles(task) if task else []:
                if isinstance(result, Failed):
                    report.failed.append((result.source, result.message))
                else:
                    writer.add(result)
            writer.flush()
        except StoreError as exc:
            report.error = str(exc)
    finally:
        store.close()
    return report


def ingest_on_cluster(
    address: str,
    store_spec: str,
    paths: Iterable[str | Path],
    *,
    endpoints: tuple[str | None, str | None] = (None, None),
    skip_bad: bool = False,
    listener: Listener | None = None,
) -> IngestSummary:
    """Run the ingest on the Dask cluster at `address`, writing to the SPARQL server `store_spec`."""
    import time

    from kg.extract.pipeline import article_files

    if not store_spec.startswith(("http://", "https://")):
        raise StoreError(
            f"--cluster writes to a SPARQL server that every worker can reach, not to {store_spec}; "
            "give --store http://host:port (e.g. `oxigraph serve`)"
        )
    listener = listener or Listener()
    started = time.monotonic()
    files = [str(Path(f).absolute()) for f in article_files(paths)]
    summary = IngestSummary(files=len(files))
    listener.started(len(files))
    if not skip_bad:
        _check_all([Path(f) for f in files])
    client = _connect(address)
    try:
        in_flight = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
        _run(client, files, store_spec, endpoints, in_flight, skip_bad, summary, listener)
    finally:
        client.close()
    summary.seconds = time.monotonic() - started
    return summary


def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise StoreError("--cluster needs Dask: pip install 'kg[cluster]' (dask and distributed)") from None
    try:
        return Client(address, timeout=float(os.environ.get("KG_CLUSTER_TIMEOUT", "30")))
    except (OSError, TimeoutError) as exc:
        raise StoreError(f"cannot reach the Dask scheduler at {address} ({exc}); start it or fix --cluster") from None


def _run(client, files, store_spec, endpoints, in_flight, skip_bad, summary, listener) -> None:
    from distributed import as_completed

    chunks = iter(files)
    pending = as_completed()

    def submit() -> bool:
        chunk = list(islice(chunks, CHUNK))
        if chunk:
            pending.add(client.submit(run_task, chunk, store_spec, endpoints, pure=False))
        return bool(chunk)

    for _ in range(in_flight):
        if not submit():
            break
    failure: tuple[type[Exception], str] | None = None
    for future in pending:
        report: TaskReport = future.result()
        for article_id, replaced in report.stored:
            summary.stored += 1
            summary.replaced += replaced
            listener.stored(_Stored(article_id), replaced)
        summary.unchanged += report.unchanged
        for _ in range(report.unchanged):
            listener.skipped("", "unchanged")
        for source, why in report.duplicates:
            summary.duplicates += 1
            listener.skipped(source, why)
        for source, message in report.not_english:
            summary.not_english += 1
            listener.bad_file(source, message)
        for source, message in report.failed:
            summary.failed += 1
            listener.bad_file(source, message)
            if not skip_bad and failure is None:
                failure = (InputError, f"{message}; add --skip-bad to skip such files")
        if report.error and failure is None:
            failure = (StoreError, report.error)
        if failure is None:
            submit()
    if failure:
        kind, message = failure
        raise kind(f"{message} (cluster run: {summary.stored} articles stored in all, each on a 'stored' line)")


@dataclass(frozen=True)
class _Stored:
    article_id: str
