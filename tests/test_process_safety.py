"""Real `kg` processes: killed mid-ingest, and two at once on one embedded store (issue 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.extract import extract_file
from kg.rdf_mapping import article_graph_iri
from kg.rdf_reading import graph_to_claimset
from kg.store import open_store
from tests.helpers import ROOT, SEED_GOLD

KG = [sys.executable, "-m", "kg.cli"]

SPEAKERS = ["Mary Smith", "John Brown", "Ana Lopez", "Wei Zhang", "Omar Haddad", "Lena Berg"]


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        speaker = SPEAKERS[i % len(SPEAKERS)]
        body = "\n\n".join(
            f'"Plan {i}.{j} will cost about {10 + j} million dollars," {speaker} said on Monday. '
            f"{speaker.split()[0]} added that the council had approved {j + 3} projects in 2009."
            for j in range(12)
        )
        path = folder / f"article-{i:02d}.txt"
        path.write_text(f"Council news {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def env_for(store: Path) -> dict[str, str]:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    return env


def processes_mentioning(marker: str) -> list[int]:
    """Live processes whose command line contains `marker` (forked workers inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
                status = (entry / "status").read_text()
            except OSError:
                continue
            if marker in cmdline and "State:\tZ" not in status:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("workers", [1, 2])
def test_killed_ingest_leaves_every_stored_article_complete(tmp_path, nlp, workers):
    # Enough articles that the run outlasts its first batch (a batch commits after 64
    # articles or 2 s): the kill lands between or inside batched transactions.
    articles = write_articles(tmp_path / "articles", 70)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [*KG, "ingest", str(tmp_path / "articles"), "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(store), cwd=ROOT,
    )
    stored_lines = []
    assert proc.stdout is not None
    for line in proc.stdout:  # kill it once a few articles are in, mid-way through the rest
        stored_lines.append(line)
        if len(stored_lines) == 3:
            time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    deadline = time.time() + 10
    while processes_mentioning(str(tmp_path)) and time.time() < deadline:
        time.sleep(0.1)
    assert not processes_mentioning(str(tmp_path)), "parsing workers outlived the killed ingest"

    expected = {claims.article.id: claims for claims in map(extract_file, articles)}
    with open_store(str(store)) as st:  # opens: the dead process left no lock behind
        graphs = st.article_graphs()
        assert 3 <= len(graphs) < len(articles)
        for graph_iri in graphs:
            stored = graph_to_claimset(st.get_graph(graph_iri))
            assert article_graph_iri(stored.article.id) == graph_iri
            assert stored == expected[stored.article.id], f"{graph_iri} is not the complete article"


def test_two_processes_on_one_store_never_corrupt_it(tmp_path):
    write_articles(tmp_path / "articles", 200)
    store = tmp_path / "store"
    ingest = subprocess.Popen(
        [*KG, "ingest", str(tmp_path / "articles")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(store), cwd=ROOT,
    )
    assert ingest.stdout is not None
    # The second process starts once the ingest holds the store (its first article is
    # stored); before that, whichever process opened the store first would win.
    first_line = ingest.stdout.readline()
    outcomes = []
    while ingest.poll() is None:
        second = subprocess.run([*KG, "load", str(SEED_GOLD)], capture_output=True, text=True,
                                env=env_for(store), cwd=ROOT, timeout=120)
        outcomes.append(second)
        if second.returncode == 1:
            break
        time.sleep(0.2)
    ingest_out, ingest_err = ingest.communicate(timeout=600)
    ingest_out = first_line + ingest_out
    assert ingest.returncode == 0, ingest_err
    for second in outcomes:
        if second.returncode == 1:
            assert second.stderr.strip().count("\n") == 0
            assert "is in use by another kg process" in second.stderr
            assert "Traceback" not in second.stderr
        else:
            assert second.returncode == 0, second.stderr
    assert outcomes, "the ingest ended before a second process could try"

    validate = subprocess.run([*KG, "validate"], capture_output=True, text=True, env=env_for(store), cwd=ROOT)
    assert validate.returncode == 0, validate.stderr
    stats = subprocess.run([*KG, "stats"], capture_output=True, text=True, env=env_for(store), cwd=ROOT)
    counts = dict(line.rsplit(None, 1) for line in stats.stdout.splitlines() if line.strip())
    loaded_gold = any(o.returncode == 0 for o in outcomes)
    assert int(counts["articles"]) == 200 + loaded_gold, stats.stdout


def _signals_as_in_a_terminal() -> None:
    """A run started in the background (`cmd &`, CI runners) inherits SIGINT ignored, and so
    would the kg child: give it the default handling a terminal user's kg has."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


@pytest.mark.parametrize("signal_to_send", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_ingest_exits_cleanly(tmp_path, signal_to_send):
    # Enough articles that the run is still going after its first batch is written (writes
    # are batched: with 10 articles the first "stored" line could come as the run ended).
    write_articles(tmp_path / "articles", 400)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [*KG, "ingest", str(tmp_path / "articles")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(store), cwd=ROOT,
        preexec_fn=_signals_as_in_a_terminal,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # one article stored
    assert proc.poll() is None, "the ingest ended before it could be interrupted: give it more articles"
    proc.send_signal(signal_to_send)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in err
    with open_store(str(store)) as st:
        assert len(st.article_graphs()) >= 1
