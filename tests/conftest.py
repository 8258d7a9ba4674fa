"""Shared fixtures. The NLP pipeline is loaded once per test session."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "seeds" / "china-cybersecurity-2010.txt"
SEED_GOLD = ROOT / "seeds" / "china-cybersecurity-2010.claims.yaml"
POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev"
BBC = SHARED / "corpora" / "bbc"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(SEED_TEXT, encoding="utf-8", newline="") as handle:
        return handle.read()


# A real Oxigraph SPARQL server, one per test session, for every test of the remote store.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(location: Path) -> tuple[subprocess.Popen, str]:
    """A real Oxigraph SPARQL server on a free loopback port, once it answers queries."""
    port = free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph server exited: {proc.stderr.read().decode()}")
        try:
            request = urllib.request.Request(
                f"{url}/query", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
            )
            urllib.request.urlopen(request, timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("oxigraph server did not answer within 10 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    proc, url = start_server(tmp_path_factory.mktemp("server-data"))
    yield url
    stop_server(proc)


def clear_server(url: str) -> None:
    request = urllib.request.Request(
        f"{url}/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(request, timeout=10).read()


# `kg serve` on the seed's gold ClaimSet: a real server process on a loopback port.

KG = Path(sys.executable).with_name("kg")


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
