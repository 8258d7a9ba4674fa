"""Shared fixtures. The NLP pipeline is loaded once per test session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import KG, SEED_GOLD, SEED_TEXT, free_port, start_answering, start_server, stop_server


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(SEED_TEXT, encoding="utf-8", newline="") as handle:
        return handle.read()


# A real Oxigraph SPARQL server, one per test session, for every test of the remote store.


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    proc, url = start_server(tmp_path_factory.mktemp("server-data"))
    yield url
    stop_server(proc)


# `kg serve` on the seed's gold ClaimSet: a real server process on a loopback port.

@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """An on-disk store holding the seed's gold ClaimSet (read-only use only: it is shared)."""
    path = tmp_path_factory.mktemp("seed-store") / "store"
    subprocess.run([str(KG), "load", str(SEED_GOLD), "--store", str(path)], check=True, capture_output=True)
    return path


@pytest.fixture(scope="session")
def seed_app(seed_store) -> Iterator[str]:
    """The URL of `kg serve` over the seed store, once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(KG), "serve", "--store", str(seed_store), "--port", str(port)]
    proc = start_answering(command, url + "/", "kg serve", seconds=30)
    yield url
    stop_server(proc)
