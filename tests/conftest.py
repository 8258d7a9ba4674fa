"""Shared fixtures. The NLP pipeline is loaded once per test session."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import KG, SEED_GOLD, SEED_TEXT, free_port, start_server, stop_server


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
    proc = subprocess.Popen(
        [str(KG), "serve", "--store", str(seed_store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited: {proc.stderr.read().decode()}")
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    else:
        stop_server(proc)
        raise RuntimeError("kg serve did not answer within 30 s")
    yield url
    stop_server(proc)
