"""What several test modules share: paths of the data, real server processes on loopback
ports. Tests import from here; conftest.py only defines fixtures (and uses these too)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

__all__ = [
    "BBC",
    "KG",
    "OXIGRAPH",
    "POLNEAR_DEV",
    "PROGRESS_LINE",
    "ROOT",
    "SEED_GOLD",
    "SEED_TEXT",
    "SHARED",
    "clear_server",
    "free_port",
    "start_answering",
    "start_server",
    "stop_server",
]

ROOT = Path(__file__).resolve().parent.parent

# Debian's chromium as the browser tests and benchmarks/bench_graph_page.py start it (headless,
# through Playwright): no sandbox (containers), no GPU, nothing that calls out (QUIC, updates,
# sync, background networking), so a test sees only the requests the page itself makes.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "seeds" / "china-cybersecurity-2010.txt"
SEED_GOLD = ROOT / "seeds" / "china-cybersecurity-2010.claims.yaml"
POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev"
BBC = SHARED / "corpora" / "bbc"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
KG = Path(sys.executable).with_name("kg")
# The plain progress line an ingest prints every few seconds when stderr is not a terminal
# ("kg: 2/2 articles (100%), 0.2/s"): how many appear depends on the machine's speed.
PROGRESS_LINE = re.compile(r"^kg: \d+(/\d+)? \w+( \(\d+%\))?, [\d.]+/s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(location: Path) -> tuple[subprocess.Popen, str]:
    """A real Oxigraph SPARQL server on a free loopback port, once it answers queries."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    probe = urllib.request.Request(f"{url}/query", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
    return start_answering(command, probe, "oxigraph server", seconds=10), url


def start_answering(
    command: list[str], probe: urllib.request.Request | str, name: str, seconds: int
) -> subprocess.Popen:
    """Start a server process and return it once `probe` (a URL or request) gets an answer;
    stopped, with a RuntimeError, if it exits or does not answer within `seconds`."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(seconds * 20):
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {proc.stderr.read().decode()}")
        try:
            urllib.request.urlopen(probe, timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.05)
    stop_server(proc)
    raise RuntimeError(f"{name} did not answer within {seconds} s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def clear_server(url: str) -> None:
    request = urllib.request.Request(
        f"{url}/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(request, timeout=10).read()
