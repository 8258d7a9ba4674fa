"""The writing end: prepared articles in, several per transaction, an exact record out.

A batch is committed when it holds the store's `batch_articles` articles or its oldest article
has waited the store's `batch_seconds`, so a slow corpus still shows (and keeps) its progress.
If the store fails, StoreError says how many articles were stored before and names the last
ones: the `stored ...` lines printed as each batch commits are the exact list."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from kg.errors import StoreError
from kg.ingest.prepare import Prepared


class BatchWriter:
    def __init__(
        self,
        store,
        on_stored: Callable[[Prepared], None],
        max_articles: int | None = None,
        max_seconds: float | None = None,
    ) -> None:
        self.store = store
        self.on_stored = on_stored
        self.max_articles = max(1, max_articles or store.batch_articles)
        self.max_seconds = store.batch_seconds if max_seconds is None else max_seconds
        self.stored = 0
        self.last_stored: deque[str] = deque(maxlen=3)  # for the error message only
        self._batch: list[Prepared] = []
        self._since = 0.0

    def add(self, prepared: Prepared) -> None:
        if not self._batch:
            self._since = time.monotonic()
        self._batch.append(prepared)
        if len(self._batch) >= self.max_articles or time.monotonic() - self._since >= self.max_seconds:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            self.store.put_articles([p.data for p in batch])
        except StoreError as exc:
            raise StoreError(f"{exc}; {self.stored_so_far()}") from exc
        for prepared in batch:
            self.stored += 1
            self.last_stored.append(prepared.article_id)
            self.on_stored(prepared)

    def stored_so_far(self) -> str:
        if not self.stored:
            return "no article was stored by this run"
        last = ", ".join(self.last_stored)
        return (
            f"{self.stored} articles were stored before that (the 'stored' lines; last: {last}) "
            "and are complete; rerun the same command to go on (stored files are skipped)"
        )
