"""`kg ingest` at scale, through the real command: incremental re-runs, an edited file
replacing its earlier version (issue 13, item 4), batch errors that name the file and the way
on (13.8), files read once under --skip-bad (14.10), progress and summary (issue 11)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from kg.store import open_store
from tests.helpers import PROGRESS_LINE, ROOT
from tests.test_process_safety import write_articles

KG = [sys.executable, "-m", "kg.cli"]


def run_kg(*args: str, store: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


def stored_articles(store: Path) -> dict[str, str]:
    """source -> article text of every stored article."""
    with open_store(str(store), read_only=True) as st:
        rows = st.query(
            """PREFIX kgo: <https://w3id.org/kg-news/ns#> PREFIX schema: <https://schema.org/>
            SELECT ?src ?text WHERE { GRAPH ?g { ?a kgo:source ?src ; schema:text ?text } }"""
        )
        return {str(src): str(text) for src, text in rows}


def test_rerun_skips_unchanged_files_and_an_edited_file_replaces_its_article(tmp_path, nlp):
    folder = tmp_path / "articles"
    paths = write_articles(folder, 6)
    store = tmp_path / "store"
    first = run_kg("ingest", str(folder), "--workers", "1", store=store)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("stored ") == 6
    assert "6 stored" in first.stderr

    again = run_kg("ingest", str(folder), "--workers", "1", store=store)
    assert again.returncode == 0, again.stderr
    assert "stored " not in again.stdout
    assert "0 stored" in again.stderr and "6 unchanged skipped" in again.stderr

    edited = paths[2]
    edited.write_text(edited.read_text(encoding="utf-8") + '\n"We changed it," Mary Smith said.\n', encoding="utf-8")
    third = run_kg("ingest", str(folder), "--workers", "1", store=store)
    assert third.returncode == 0, third.stderr
    assert "1 stored (1 replacing an older version)" in third.stderr
    assert "replacing the earlier version" in third.stdout
    articles = stored_articles(store)
    assert len(articles) == 6, "the edited file became a second article"
    assert "We changed it" in articles[str(edited)]


def test_a_bad_file_names_itself_and_the_way_on(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text('"We will win," Mary Smith said on Monday.\n', encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 40)
    store = tmp_path / "store"
    result = run_kg("ingest", str(folder), store=store)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip() and not PROGRESS_LINE.match(line)]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "zz-binary.txt" in lines[0] and "--skip-bad" in lines[0] and "nothing was stored" in lines[0]
    assert not (store / "CURRENT").exists() or not stored_articles(store)


def test_skip_bad_reads_each_file_once_and_skips_one_that_went_bad_mid_run(tmp_path, nlp):
    # Before: every file was checked first and read again to parse; a file that went bad in
    # between stopped the run (issue 14, item 10). Now the one read decides.
    folder = tmp_path / "articles"
    # The first batch on disk commits at 128 articles or after 10 s; the worker reads at most
    # 4 chunks of 16 ahead: 250 files leave the last ones unread when it does.
    paths = write_articles(folder, 250)
    store = tmp_path / "store"
    env = {**os.environ, "KG_STORE": str(store)}
    proc = subprocess.Popen([*KG, "ingest", str(folder), "--skip-bad", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first batch is stored: the last files are not read yet
    assert first.startswith("stored "), first
    for path in paths[-5:]:
        path.write_bytes(bytes(range(256)) * 40)  # became binary after the run began
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    for path in paths[-5:]:
        assert path.name in err
    assert "245 stored" in err and "5 failed" in err
    assert len(stored_articles(store)) == 245


def test_quiet_prints_nothing_and_a_terminal_gets_a_progress_bar(tmp_path, nlp):
    folder = tmp_path / "articles"
    write_articles(folder, 3)
    quiet = run_kg("ingest", str(folder), "--quiet", "--workers", "1", store=tmp_path / "quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""

    controller, terminal = pty.openpty()
    env = {**os.environ, "KG_STORE": str(tmp_path / "tty"), "COLUMNS": "120"}
    proc = subprocess.Popen([*KG, "ingest", str(folder), "--workers", "1"], stdout=terminal, stderr=terminal,
                            env=env, cwd=ROOT)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=60) == 0
    os.close(controller)
    text = output.decode("utf-8", "replace")
    assert "3/3" in text and "/s" in text and "ETA" in text, text  # count, rate, time left
    assert "stored ok" not in text and "stored council" not in text  # no per-article lines on a terminal
    assert "3 files in" in text and "3 stored" in text  # the summary
