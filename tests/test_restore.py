"""`kg load` of an export through the bulk loader (issue 11): a streaming check first, then
pyoxigraph bulk_load, with a journal so a killed load leaves only complete articles."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import open_store
from tests.helpers import ROOT
from tests.test_load_all_or_nothing import claimset_file

KG = [sys.executable, "-m", "kg.cli"]


def run_kg(*args: str, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def quads_per_graph(store: Path) -> dict[str, int]:
    with open_store(str(store), read_only=True) as st:
        rows = st.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(g): int(n) for g, n in rows}


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """An N-Quads export of 300 small articles, and its quads per graph."""
    folder = tmp_path_factory.mktemp("claims")
    files = [claimset_file(folder, i) for i in range(300)]
    store = folder / "store"
    assert run_kg("load", *map(str, files), store=store).returncode == 0
    out = folder / "export.nq"
    result = run_kg("export", "-f", "nquads", "-o", str(out), store=store)
    assert result.returncode == 0, result.stderr
    return out, quads_per_graph(store)


def test_an_export_loads_back_whole(export, tmp_path):
    path, expected = export
    result = run_kg("load", str(path), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("stored ") == len(expected)
    assert quads_per_graph(tmp_path / "store") == expected
    again = run_kg("load", str(path), store=tmp_path / "store")  # replaces, does not add
    assert again.returncode == 0, again.stderr
    assert quads_per_graph(tmp_path / "store") == expected


def test_a_wrong_span_late_in_the_file_stores_nothing(export, tmp_path):
    path, _ = export
    lines = path.read_bytes().splitlines(keepends=True)
    last_exact = max(i for i, line in enumerate(lines) if b"oa#exact>" in line)
    lines[last_exact] = lines[last_exact].replace(b'"Mary', b'"Mery', 1).replace(b'"Article', b'"Brticle', 1)
    assert lines[last_exact] != path.read_bytes().splitlines(keepends=True)[last_exact]
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b"".join(lines))
    store = tmp_path / "store"
    result = run_kg("load", str(bad), store=store)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "bad.nq" in result.stderr and "span" in result.stderr
    assert result.stdout == ""
    assert not (store / "CURRENT").exists() or quads_per_graph(store) == {}


def test_killed_bulk_load_leaves_only_complete_articles(export, tmp_path):
    path, expected = export
    big = tmp_path / "big.nq"
    big.write_bytes(path.read_bytes())
    rng = random.Random(11)
    store = tmp_path / "store"
    env = {**os.environ, "KG_STORE": str(store)}
    killed_mid_load = 0
    for _ in range(4):
        proc = subprocess.Popen([*KG, "load", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=ROOT)
        deadline = time.time() + 60
        while not (store / "kg-bulk-load.journal").exists() and proc.poll() is None and time.time() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        killed_mid_load += (store / "kg-bulk-load.journal").exists()
        # the next writer removes what the killed load may have left half done
        assert run_kg("optimize", store=store).returncode == 0
        for graph, n in quads_per_graph(store).items():
            assert n == expected[graph], f"{graph} holds {n} of its {expected[graph]} quads"
    assert killed_mid_load >= 1, "no kill landed during a bulk load"
