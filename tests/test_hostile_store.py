"""Messages that must say what is wrong with a store (issue 14, item 11), through the real `kg`.

A damaged embedded store (a file RocksDB finds corrupt, a deleted CURRENT) must be called
damaged, not "internal error" or "in use by another kg process"; a real `oxigraph serve`
that stops a query at its own --timeout-s must be reported as that, not as a syntax error.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import OXIGRAPH, SEED_GOLD, free_port, stop_server
from tests.test_bad_input import run_kg


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seeded") / "kg"
    result = run_kg("load", str(SEED_GOLD), store=store)
    assert result.returncode == 0, result.stderr
    return store


def _copy(seeded: Path, tmp_path: Path) -> Path:
    store = tmp_path / "kg"
    shutil.copytree(seeded, store)
    (store / "LOCK").touch()
    return store


def _one_line(result) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["stats"], ["load", str(SEED_GOLD)]], ids=["read", "write"])
def test_a_deleted_current_file_is_called_damage_not_in_use(seeded, tmp_path, command):
    store = _copy(seeded, tmp_path)
    (store / "CURRENT").unlink()
    before = sorted(p.name for p in store.iterdir())
    line = _one_line(run_kg(*command, store=store))
    assert "damaged" in line and "CURRENT" in line and "in use" not in line
    assert sorted(p.name for p in store.iterdir()) == before  # nothing written, nothing created


def test_the_suggested_repair_of_current_works(seeded, tmp_path):
    store = _copy(seeded, tmp_path)
    manifest = (store / "CURRENT").read_text()
    (store / "CURRENT").unlink()
    _one_line(run_kg("stats", store=store))
    (store / "CURRENT").write_text(manifest)
    result = run_kg("stats", store=store)
    assert result.returncode == 0, result.stderr
    assert "articles" in result.stdout


def test_a_corrupt_store_is_called_damaged(seeded, tmp_path):
    store = _copy(seeded, tmp_path)
    manifest = store / (store / "CURRENT").read_text().strip()
    data = bytearray(manifest.read_bytes())
    for i in range(100, len(data), 97):
        data[i] ^= 0xFF
    manifest.write_bytes(bytes(data))
    line = _one_line(run_kg("stats", store=store))
    assert "damaged" in line and "internal error" not in line and "backup" in line


def test_a_server_side_timeout_is_reported_as_one(seeded, tmp_path):
    location = tmp_path / "server"
    shutil.copytree(seeded, location)
    port = free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--timeout-s", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            probe = run_kg("stats", store=url, timeout=30)
            if probe.returncode == 0:
                break
        cross = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?a ?b ?c } }"  # 4M rows: > 1 s
        line = _one_line(run_kg("query", cross, "-f", "csv", "--timeout", "120", store=url, timeout=300))
        assert "time limit" in line and "--timeout-s" in line and "SyntaxError" not in line
    finally:
        stop_server(proc)
