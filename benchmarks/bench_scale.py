"""Corpus-scale figures of issue 11, each beside its reference, measured in one run.

    .venv/bin/python benchmarks/bench_scale.py            # 600 BBC articles
    .venv/bin/python benchmarks/bench_scale.py --full     # also all 2,225 (RSS growth, store size, load)

Every step runs as a separate process, timed by wall clock, its peak memory the largest sum
of RSS over the process and its children (sampled every 0.1 s with psutil; the same method for
kg and the reference). References: bare spaCy `nlp.pipe(n_process=2)` with the same model on
the same files; pyoxigraph `Store.bulk_load` of kg's own N-Quads export. Store sizes are
measured once RocksDB has settled each store (`settled`). On a shared machine
absolute times vary with the load; the ratios compare runs made under the same conditions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
KG = [str(Path(sys.executable).with_name("kg"))]

BARE_SPACY = """
import sys, spacy
from pathlib import Path
from kg.extract.nlp import MODEL_NAMES
for name in MODEL_NAMES:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
n = sum(1 for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=32))
print(n)
"""

BULK_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
print(len(store))
"""


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS of the process tree in MB, stdout) of one command."""
    started = time.monotonic()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                        env={**os.environ, **(env or {})}, cwd=ROOT)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return seconds, peak / 1e6, out


def du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def settled(path: Path, quiet_for: float = 5.0, longest: float = 300.0) -> float:
    """Size in MB once RocksDB is done with the store. A bulk load's process exits with the
    compaction it set off cut short, and the next process to open the store finishes it: the
    BBC export measured 502 MB right after bulk_load and 767 MB a few seconds after it was
    opened again, where it then stayed. So each store is opened, left until its files stop
    changing for `quiet_for` seconds, and closed, the same for kg and the reference."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    last, since, started = du(path), time.monotonic(), time.monotonic()
    while time.monotonic() - since < quiet_for and time.monotonic() - started < longest:
        time.sleep(0.5)
        if (now := du(path)) != last:
            last, since = now, time.monotonic()
    del store
    return du(path)


def sample(n: int | None, into: Path) -> int:
    files = sorted(BBC.rglob("*.txt"))
    files = [f for f in files if f.name != "README.TXT"][:n] if n else [f for f in files if f.name != "README.TXT"]
    into.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, into / f"{f.parent.name}-{f.name}")
    return len(files)


def ingest_figures(n: int | None, work: Path, workers: int) -> dict[str, float]:
    corpus = work / f"corpus-{n or 'all'}"
    count = sample(n, corpus)
    store = work / f"store-{n or 'all'}"
    spacy_s, spacy_rss, _ = measure([sys.executable, "-c", BARE_SPACY, str(corpus), str(workers)])
    kg_s, kg_rss, _ = measure([*KG, "ingest", str(corpus), "--workers", str(workers), "--quiet", "--store", str(store)])
    rerun_s, _, _ = measure([*KG, "ingest", str(corpus), "--workers", str(workers), "--quiet", "--store", str(store)])
    return {"articles": count, "spacy_s": spacy_s, "spacy_rss": spacy_rss, "kg_s": kg_s, "kg_rss": kg_rss,
            "rerun_s": rerun_s, "store_mb": settled(store), "store": str(store)}


def load_figures(store: str, work: Path) -> dict[str, float]:
    export = work / "export.nq"
    subprocess.run([*KG, "export", "-f", "nquads", "-o", str(export), "--store", store], check=True,
                   capture_output=True, cwd=ROOT)
    bulk_s, bulk_rss, quads = measure([sys.executable, "-c", BULK_LOAD, str(export), str(work / "bulk")])
    load_s, load_rss, _ = measure([*KG, "load", str(export), "--store", str(work / "restored")])
    loaded_mb = du(work / "bulk")
    return {"quads": int(quads), "export_mb": export.stat().st_size / 1e6, "bulk_s": bulk_s, "bulk_rss": bulk_rss,
            "bulk_loaded_mb": loaded_mb, "bulk_mb": settled(work / "bulk"), "load_s": load_s, "load_rss": load_rss}


def row(step: str, kg: str, ref: str, ratio: str, target: str) -> str:
    return f"| {step} | {kg} | {ref} | {ratio} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="articles in the sample run")
    parser.add_argument("--full", action="store_true", help="also ingest all 2,225 BBC articles")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        small = ingest_figures(args.n, work, args.workers)
        full = ingest_figures(None, work, args.workers) if args.full else None
        biggest = full or small
        load = load_figures(biggest["store"], work)
    w = args.workers
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (shared)\n")
    print(row("step", "kg", "reference", "kg vs reference", "target"))
    print(row("---", "---", "---", "---", "---"))
    for label, fig in (("", small), (" (all)", full)):
        if fig is None:
            continue
        n = int(fig["articles"])
        print(row(f"`kg ingest --workers {w}`, {n} articles{label}", f"{fig['kg_s']:.1f} s ({n / fig['kg_s']:.1f}/s)",
                  f"bare spaCy n_process={w}: {fig['spacy_s']:.1f} s ({n / fig['spacy_s']:.1f}/s)",
                  f"{fig['spacy_s'] / fig['kg_s']:.2f}x the speed", ">= 0.8x"))
        print(row(f"peak RSS of that ingest{label}", f"{fig['kg_rss']:.0f} MB", f"bare spaCy: {fig['spacy_rss']:.0f} MB",
                  f"{fig['kg_rss'] / fig['spacy_rss']:.2f}x", "<= 1.2 GB"))
        print(row(f"re-run, nothing changed{label}", f"{fig['rerun_s']:.1f} s", f"first run: {fig['kg_s']:.1f} s",
                  f"{100 * fig['rerun_s'] / fig['kg_s']:.0f}%", "<= 10%"))
    if full:
        print(row("RSS growth, all vs sample", f"{full['kg_rss']:.0f} MB", f"{small['kg_rss']:.0f} MB",
                  f"{full['kg_rss'] / small['kg_rss']:.2f}x", "<= 1.3x"))
    print(row(f"store on disk after ingest ({int(biggest['articles'])} articles, settled)",
              f"{biggest['store_mb']:.0f} MB",
              f"bulk_load of its export: {load['bulk_mb']:.0f} MB settled ({load['bulk_loaded_mb']:.0f} MB "
              "as the loading process left it)", f"{biggest['store_mb'] / load['bulk_mb']:.2f}x", "<= 1.5x"))
    print(row(f"`kg load` of that export ({load['quads']:,} quads, {load['export_mb']:.0f} MB)",
              f"{load['load_s']:.1f} s, {load['load_rss']:.0f} MB",
              f"pyoxigraph bulk_load: {load['bulk_s']:.1f} s, {load['bulk_rss']:.0f} MB",
              f"{load['bulk_s'] / load['load_s']:.2f}x the speed", ">= 0.5x"))


if __name__ == "__main__":
    main()
