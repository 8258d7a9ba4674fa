"""How long kg.ingest.pool.ordered_map keeps workers idle: tasks that sleep (no CPU, so the
figure does not move with a shared machine's load), fixed pseudo-random durations, every 7th
chunk four times slower (a chunk of long articles, or a worker the OS scheduler starves).
The ideal is the sum of the durations over the workers; the excess is idle time that
in-order results and the bound on chunks in flight cause.

    .venv/bin/python benchmarks/pool_schedule.py
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/pool_schedule.py   # before/after
"""

from __future__ import annotations

import random
import time

from kg.ingest.pool import ordered_map

RNG = random.Random(11)
DURATIONS = [RNG.uniform(0.05, 0.25) * (4 if i % 7 == 0 else 1) for i in range(120)]
WORKERS = 2


def work(i: int) -> int:
    time.sleep(DURATIONS[i])
    return i


def main() -> None:
    best = float("inf")
    for _ in range(2):
        started = time.monotonic()
        assert list(ordered_map(work, range(len(DURATIONS)), WORKERS)) == list(range(len(DURATIONS)))
        best = min(best, time.monotonic() - started)
    ideal = sum(DURATIONS) / WORKERS
    print(f"{len(DURATIONS)} chunks, {WORKERS} workers: {best:.2f} s (best of 2), ideal {ideal:.2f} s, "
          f"{100 * (best / ideal - 1):.1f}% idle")


if __name__ == "__main__":
    main()
