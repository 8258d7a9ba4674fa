"""kg.ingest.pool with real forked worker processes: order, bounded reading, recycling, and a
worker that dies (SIGKILL) mid-chunk (issue 11: multiprocessing.Pool waited for it forever)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.ingest import pool
from kg.ingest.pool import WorkerLostError, ordered_map


@pytest.fixture(autouse=True)
def no_hang():
    """A hang (the bug these tests are about) fails the test instead of stopping the suite."""

    def fail(signum, frame):
        raise TimeoutError("ordered_map did not finish in 120 s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def square_with_pid(chunk: int) -> tuple[int, int]:
    return chunk * chunk, os.getpid()


def dies_on(number: int, marker: Path | None = None):
    """func(chunk): SIGKILLs its own process on chunk `number` (once if `marker` is given:
    the marker file says it already did)."""

    def func(chunk: int) -> int:
        if chunk == number and (marker is None or not marker.exists()):
            if marker is not None:
                marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return chunk * chunk

    return func


def test_results_come_in_order_from_other_processes():
    results = list(ordered_map(square_with_pid, range(30), workers=2))
    assert [square for square, _ in results] == [i * i for i in range(30)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_worker_killed_mid_chunk_is_replaced_and_its_chunk_done_again(tmp_path):
    marker = tmp_path / "killed-once"
    results = list(ordered_map(dies_on(7, marker), range(20), workers=2))
    assert marker.exists(), "the worker was never killed"
    assert results == [i * i for i in range(20)]


def test_a_chunk_that_kills_its_worker_every_time_is_reported_lost_and_the_rest_is_done():
    lost = []

    def on_lost(chunk: int, why: str) -> int:
        lost.append((chunk, why))
        return -1

    results = list(ordered_map(dies_on(5), range(20), workers=2, on_lost=on_lost))
    assert lost == [(5, "killed by SIGKILL")]
    assert results == [-1 if i == 5 else i * i for i in range(20)]


def test_without_on_lost_a_lost_chunk_raises():
    with pytest.raises(WorkerLostError, match="killed by SIGKILL"):
        list(ordered_map(dies_on(3), range(10), workers=2))


def test_an_exception_in_a_worker_is_raised_in_the_caller():
    def func(chunk: int) -> int:
        if chunk == 4:
            raise ValueError("bad chunk 4")
        return chunk

    with pytest.raises(ValueError, match="bad chunk 4"):
        list(ordered_map(func, range(10), workers=2))


def test_workers_are_recycled_and_nothing_is_lost(monkeypatch):
    monkeypatch.setattr(pool, "RECYCLE_AFTER", 3)
    results = list(ordered_map(square_with_pid, range(25), workers=2))
    assert [square for square, _ in results] == [i * i for i in range(25)]
    assert len({pid for _, pid in results}) >= 25 // 3


def test_reading_never_runs_ahead_of_the_results_taken():
    taken = 0

    def chunks() -> Iterator[int]:
        nonlocal taken
        for i in range(40):
            taken += 1
            yield i

    ahead = []
    for n, _ in enumerate(ordered_map(square_with_pid, chunks(), workers=2), start=1):
        ahead.append(taken - n)
    assert max(ahead) <= pool.AHEAD * 2


def test_chunks_and_results_larger_than_a_pipe_buffer_do_not_block():
    def func(chunk: bytes) -> bytes:
        return chunk[::-1] * 2

    chunks = [bytes([i]) * 3_000_000 for i in range(8)]
    assert list(ordered_map(func, chunks, workers=2)) == [c * 2 for c in chunks]
