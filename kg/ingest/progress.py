"""Progress of a long run, as people expect it: a bar with count, rate and time left on a
terminal (rich), a plain line every few seconds in a log (not a terminal), nothing with
--quiet; and one summary line at the end."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

LINE_EVERY = 10.0  # seconds between plain progress lines


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """`mode` is 'bar', 'lines' or 'quiet'; `total` may be 0 when unknown."""

    def __init__(self, total: int, mode: str, what: str = "articles", stream: TextIO | None = None) -> None:
        self.total = total
        self.mode = mode
        self.what = what
        self.done = 0
        self.started = time.monotonic()
        self._stream = stream or sys.stderr
        self._last_line = self.started
        self._bar: Any = None
        self._first: tuple[float, int] | None = None  # (when, count) at the first advance
        if mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import (
                Progress as RichProgress,
            )

            self._bar = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=Console(file=self._stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(what, total=total or None, rate="")

    def rate(self) -> float:
        """Items per second since the first one was done (start-up, e.g. loading the model in
        the workers, would otherwise make the first estimates far too slow)."""
        if self._first is None or self.done <= self._first[1]:
            return 0.0
        elapsed = time.monotonic() - self._first[0]
        return (self.done - self._first[1]) / elapsed if elapsed > 0 else 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._first is None:
            self._first = (time.monotonic(), self.done)
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=f"{self.rate():.1f}/s")
        elif self.mode == "lines" and time.monotonic() - self._last_line >= LINE_EVERY:
            self._last_line = time.monotonic()
            self._stream.write(f"kg: {self.line()}\n")
            self._stream.flush()

    def line(self) -> str:
        rate = self.rate()
        text = f"{self.done}/{self.total} {self.what}" if self.total else f"{self.done} {self.what}"
        if self.total:
            text += f" ({100 * self.done / self.total:.0f}%)"
        text += f", {rate:.1f}/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", about {_duration((self.total - self.done) / rate)} left"
        return text

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started
