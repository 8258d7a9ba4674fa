"""`kg load` of several files is all or nothing up to the store, and honest about what it
stored when the store itself fails (issue 14, item 9), through the real command."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import string
import subprocess
import sys
from pathlib import Path

from kg.store import open_store
from tests.helpers import ROOT

KG = [sys.executable, "-m", "kg.cli"]


def claimset_file(folder: Path, i: int, text: str | None = None) -> Path:
    text = text or f"Article {i}. " + "Mary Smith said the plan works well for everyone. " * 40
    at = text.find("Mary Smith")
    mentions = [{"start": at, "end": at + 10, "text": "Mary Smith"}] if at >= 0 else []
    data = {"article": {"id": f"a{i:03d}", "source": f"a{i:03d}.txt", "text": text},
            "actors": [{"id": "p1", "name": "Mary Smith", "type": "Person", "mentions": mentions}],
            "statements": [], "statistics": []}
    path = folder / f"a{i:03d}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_kg(*args: str, store: Path, preexec=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
                          preexec_fn=preexec)


def stored_ids(store: Path) -> set[str]:
    with open_store(str(store), read_only=True) as st:
        return {str(g).rsplit("/", 1)[-1] for g in st.article_graphs()}


def test_a_lone_surrogate_in_the_second_file_stores_nothing(tmp_path):
    good = claimset_file(tmp_path, 1)
    bad = tmp_path / "bad.json"
    # JSON may spell a lone surrogate; Python reads it, no RDF store can keep it.
    bad.write_text(good.read_text(encoding="utf-8").replace('"a001"', '"a002"').replace("Mary", "M\\ud800ry"),
                   encoding="utf-8")
    store = tmp_path / "store"
    result = run_kg("load", str(good), str(bad), store=store)
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "bad.json" in lines[0] and "surrogate" in lines[0]
    assert "internal error" not in lines[0]
    assert result.stdout == ""
    assert not (store / "CURRENT").exists() or stored_ids(store) == set()


def _small_disk() -> None:
    # A file-size limit makes the store's files hit "disk full" (EFBIG) part way.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))


def _long_text(i: int) -> str:
    letters = random.Random(i).choices(string.ascii_lowercase + " ", k=60_000)
    return f"Article {i}. Mary Smith said {''.join(letters)}."


def test_a_full_disk_mid_load_reports_exactly_what_was_stored(tmp_path):
    # The last articles are long: the batch that holds them needs a table file larger than
    # the limit (batches go through the bulk loader, whose files are as large as the batch).
    # Random letters, so that RocksDB's compression cannot shrink them under the limit: a
    # repeated sentence compressed so well that whether anything failed, and where, came down
    # to when the background compaction ran.
    files = [claimset_file(tmp_path, i, None if i < 200 else _long_text(i)) for i in range(400)]
    store = tmp_path / "store"
    result = run_kg("load", *map(str, files), store=store, preexec=_small_disk)
    assert result.returncode == 1, (result.stdout[-500:], result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    said = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("stored ")}
    assert 0 < len(said) < 400, result.stderr
    assert f"{len(said)} articles were stored" in result.stderr
    assert stored_ids(store) == said
