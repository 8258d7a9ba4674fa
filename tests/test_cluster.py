"""`kg ingest --cluster`: a real Dask LocalCluster does the work and writes to a real
`oxigraph serve` (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.store import open_store
from tests.helpers import ROOT, start_server, stop_server
from tests.test_process_safety import write_articles

distributed = pytest.importorskip("distributed")  # in the test extra; skipped only if installed without it

KG = [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        yield lc.scheduler_address


def test_cluster_ingest_writes_every_article_to_the_server_and_skips_them_on_a_rerun(tmp_path, cluster):
    folder = tmp_path / "articles"
    write_articles(folder, 40)
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 40)
    proc, url = start_server(tmp_path / "server")
    try:
        env = {**os.environ, "KG_STORE": url}
        env.pop("KG_DEBUG", None)
        run = subprocess.run([*KG, "ingest", str(folder), "--cluster", cluster, "--skip-bad"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
        assert run.returncode == 0, run.stderr
        said = {line.split()[1] for line in run.stdout.splitlines() if line.startswith("stored ")}
        assert len(said) == 40
        assert "zz-binary.txt" in run.stderr and "40 stored" in run.stderr and "1 failed" in run.stderr
        with open_store(url) as st:
            assert {str(g).rsplit("/", 1)[-1] for g in st.article_graphs()} == said
            n_statements = int(next(iter(st.query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/kg-news/ns#Statement> } }")))[0])
            assert n_statements >= 40  # the workers ran the rules, not only the parser
        again = subprocess.run([*KG, "ingest", str(folder), "--cluster", cluster, "--skip-bad"],
                               capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
        assert again.returncode == 0 and "40 unchanged skipped" in again.stderr, again.stderr
    finally:
        stop_server(proc)


def test_cluster_needs_a_server_store(tmp_path, cluster):
    folder = tmp_path / "articles"
    write_articles(folder, 1)
    env = {**os.environ, "KG_STORE": str(tmp_path / "local")}
    run = subprocess.run([*KG, "ingest", str(folder), "--cluster", cluster], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 1 and "SPARQL server" in run.stderr and "Traceback" not in run.stderr
