"""Extraction throughput on a fixed sample of the BBC corpus.

    .venv/bin/python benchmarks/bench_extract.py [--n 200] [--corpus ../shared/corpora/bbc] [--workers 2]

Prints articles per second of `kg.extract.extract_paths` (spaCy parse + actors + statements
+ statistics + ClaimSet validation), with the model loaded before the clock starts.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from kg.extract import extract_paths
from kg.extract.pipeline import article_files
from kg.extract.nlp import load_nlp

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles in the sample (default 200)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="parsing processes (default 1)")
    args = parser.parse_args()

    files = [f for f in article_files([args.corpus]) if not f.name.upper().startswith("README")]
    sample = sorted(random.Random(args.seed).sample(files, min(args.n, len(files))))
    load_nlp()
    chars = actors = statements = statistics = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for _, claims in extract_paths(sample, workers=args.workers):
        chars += len(claims.article.text or "")
        actors += len(claims.actors)
        statements += len(claims.statements)
        statistics += len(claims.statistics)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{len(sample)} articles ({chars / 1000:.0f}k characters) in {seconds:.1f} s: "
          f"{len(sample) / seconds:.1f} articles/s, {chars / seconds / 1000:.0f}k characters/s")
    # CPU time is the steadier figure on a shared machine (wall time includes waiting for a core).
    print(f"CPU time {cpu:.1f} s: {len(sample) / cpu:.1f} articles per CPU-second")
    print(f"found {actors} actors, {statements} statements, {statistics} statistics "
          f"({actors / len(sample):.1f} / {statements / len(sample):.1f} / {statistics / len(sample):.1f} per article)")


if __name__ == "__main__":
    main()
