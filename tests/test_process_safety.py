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
from tests.helpers import PROGRESS_LINE, ROOT, SEED_GOLD

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
    # Enough articles that the run outlasts its first batch (on disk a batch commits after
    # 128 articles or 10 s): the kill lands between or inside batched transactions.
    articles = write_articles(tmp_path / "articles", 300)
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


def kill_workers_of(pid: int, times: int | None, stop) -> list[int]:
    """SIGKILL the worker processes of `pid` that are working (some CPU used), up to `times`
    of them (None: every one, until `stop` is set). Returns the pids killed."""
    import psutil

    killed: list[int] = []
    while not stop.is_set() and (times is None or len(killed) < times):
        try:
            workers = psutil.Process(pid).children()
        except psutil.NoSuchProcess:
            break
        for worker in workers:
            try:
                if worker.pid not in killed and worker.status() != psutil.STATUS_ZOMBIE and worker.cpu_times().user > 0.3:
                    worker.send_signal(signal.SIGKILL)
                    killed.append(worker.pid)
                    break
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.05)
    return killed


def ingest_while_killing_workers(tmp_path, times: int | None) -> tuple[subprocess.CompletedProcess, list[int], Path]:
    import threading

    write_articles(tmp_path / "articles", 70)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [*KG, "ingest", str(tmp_path / "articles"), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(store), cwd=ROOT,
    )
    stop = threading.Event()
    killed: list[int] = []
    killer = threading.Thread(target=lambda: killed.extend(kill_workers_of(proc.pid, times, stop)))
    killer.start()
    try:
        # Bounded: before the fix the run waited forever for the dead worker's chunk.
        out, err = proc.communicate(timeout=600)
    finally:
        stop.set()
        killer.join()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), killed, store


def stored_lines_match_the_store(out: str, store: Path, articles: Path) -> set[str]:
    """Every `stored` line names a complete article in the store, and the store holds nothing else."""
    expected = {claims.article.id: claims for claims in map(extract_file, sorted(articles.iterdir()))}
    stored = {line.split()[1] for line in out.splitlines() if line.startswith("stored ")}
    with open_store(str(store)) as st:
        graphs = set(st.article_graphs())
        assert graphs == {article_graph_iri(article_id) for article_id in stored}
        for graph_iri in graphs:
            claims = graph_to_claimset(st.get_graph(graph_iri))
            assert claims == expected[claims.article.id], f"{graph_iri} is not the complete article"
    return stored


def test_a_worker_killed_mid_ingest_is_replaced_and_every_article_stored(tmp_path, nlp):
    done, killed, store = ingest_while_killing_workers(tmp_path, times=1)
    assert killed, "no worker was seen working"
    assert done.returncode == 0, done.stderr
    assert "70 files in" in done.stderr and "70 stored" in done.stderr and "0 failed" in done.stderr
    assert len(stored_lines_match_the_store(done.stdout, store, tmp_path / "articles")) == 70


def test_workers_killed_on_every_try_end_the_ingest_with_an_exact_report(tmp_path, nlp):
    done, killed, store = ingest_while_killing_workers(tmp_path, times=None)
    assert len(killed) >= 2
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if not PROGRESS_LINE.match(line)]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "killed by SIGKILL, twice" in errors[0] and "--skip-bad" in errors[0]
    stored = stored_lines_match_the_store(done.stdout, store, tmp_path / "articles")
    if stored:
        assert f"{len(stored)} articles were stored before that" in errors[0]
    else:
        assert "no article was stored by this run" in errors[0]
