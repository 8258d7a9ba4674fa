"""How long the interactive who-said-what page takes to build and to open in headless Chromium.

    .venv/bin/python benchmarks/bench_graph_page.py --store STORE [--reference SEED_STORE]

Builds the page for the whole store (the who-said-what graph, the page data, the HTML) and
opens it in Debian's chromium through Playwright, timing from navigation to the first drawing
(the graph's nodes on the canvas), three times. The same is measured for a reference store
(default: the seed's gold loaded into a temporary store) in the same run, so the figures can
be read against the machine's load. Also times "Show more actors" once.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the chromium flags are the browser tests' (tests/helpers.py)
from tests.helpers import CHROMIUM_FLAGS  # noqa: E402


def build(store_spec: str, out: Path) -> dict[str, float]:
    from kg.analysis import who_said_what_graph
    from kg.serve.graph_page import graph_page_html, page_data
    from kg.store import open_store

    figures: dict[str, float] = {}
    with open_store(store_spec, read_only=True) as store:
        t = time.perf_counter()
        G = who_said_what_graph(store)
        figures["graph_s"] = time.perf_counter() - t
        t = time.perf_counter()
        data = page_data(G, store)
        figures["data_s"] = time.perf_counter() - t
    t = time.perf_counter()
    out.write_text(graph_page_html(data), encoding="utf-8")
    figures["html_s"] = time.perf_counter() - t
    figures["actors"] = len(data["actors"])
    figures["statements"] = len(data["statements"])
    figures["articles"] = len(data["articles"])
    figures["drawn_at_open"] = len(data["initial"])
    figures["page_mb"] = out.stat().st_size / 1e6
    return figures


def open_times(page_path: Path, runs: int = 3) -> tuple[list[tuple[float, float]], float, int]:
    """(wall seconds, main-thread busy seconds) to the first drawing, per run; on a shared
    machine the wall time mostly measures the wait for a core, the busy time what the page costs."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    times = []
    frame = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        more_s, drawn = 0.0, 0
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
            t = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="commit")
            page.wait_for_function("window.kgGraph && window.kgGraph.cy.nodes().length > 0", timeout=120_000)
            page.evaluate(frame)
            wall = time.perf_counter() - t
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            times.append((wall, metrics["TaskDuration"]))
            t = time.perf_counter()
            page.click("#more")
            page.evaluate(frame)
            more_s = time.perf_counter() - t
            drawn = page.evaluate("window.kgGraph.cy.nodes().length")
            page.close()
        browser.close()
    return times, more_s, drawn


def seed_store(tmp: Path) -> str:
    store = tmp / "seed-store"
    kg = Path(sys.executable).with_name("kg")
    subprocess.run(
        [str(kg), "load", str(ROOT / "seeds" / "china-cybersecurity-2010.claims.yaml"), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    return str(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--reference", help="a small store to measure beside it (default: the seed)")
    parser.add_argument("--keep", type=Path, help="keep the big page here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        reference = args.reference or seed_store(tmp_path)
        for label, spec in (("reference", reference), ("store", args.store)):
            page = tmp_path / f"{label}.html"
            figures = build(spec, page)
            times, more_s, drawn = open_times(page)
            shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
            print(f"{label:9} {spec}: {shown}")
            opened = ", ".join(f"{wall:.2f} (busy {busy:.2f})" for wall, busy in times)
            print(
                f"{label:9} open in chromium, s to the first drawing: {opened}; "
                f"'Show more actors' {more_s:.2f} s -> {drawn} drawn"
            )
            if label == "store" and args.keep:
                shutil.copy(page, args.keep)


if __name__ == "__main__":
    main()
