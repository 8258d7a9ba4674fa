"""CPU seconds of each stage an ingest worker runs per article: read, parse, rules, mapping.

    .venv/bin/python benchmarks/stage_cpu.py                  # the first 160 BBC articles
    .venv/bin/python benchmarks/stage_cpu.py 600 --rounds 5
    .venv/bin/python benchmarks/stage_cpu.py 160 --corpus /work/bench4/c600

The parse is spaCy's (the reference: kg cannot make it cheaper); the rules
(kg.extract.pipeline.build_claimset) and the mapping (kg.ingest.prepare.prepare_claimset:
RDF triples + N-Triples bytes) are what kg adds to it. Articles are read and parsed once, in
one process; the rules and the mapping then run `--rounds` times on fresh copies of the parsed
Docs and the best round is printed (CPU time: steadier than wall time on a shared machine, but
still slowed by other load, so compare checkouts in alternating runs). Garbage collection is
set as in an ingest worker (kg.ingest.pool). To compare a change, run this file with
PYTHONPATH set to another checkout (e.g. a `git worktree` of main) in alternation.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=160, help="how many articles (default 160)")
    parser.add_argument("--corpus", type=Path, default=BBC, help="folder of .txt articles (default: the BBC corpus)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of rules + mapping; the best is printed")
    args = parser.parse_args()

    from kg.extract.nlp import load_nlp
    from kg.extract.pipeline import build_claimset
    from kg.extract.readers.sources import read_article
    from kg.ingest.pool import WORKER_GC_THRESHOLD
    from kg.ingest.prepare import check_parsable, prepare_claimset

    files = sorted(f for f in args.corpus.rglob("*.txt") if f.name != "README.TXT")[: args.n]
    if not files:
        sys.exit(f"stage_cpu.py: no .txt articles under {args.corpus}; give --corpus a folder of articles")
    nlp = load_nlp()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])

    started = time.process_time()
    articles = [read_article(f) for f in files]
    for article in articles:
        check_parsable(article)
    read = time.process_time() - started
    started = time.process_time()
    docs = list(nlp.pipe((a.nlp_text for a in articles), batch_size=16))
    parse = time.process_time() - started

    best: tuple[float, float] | None = None
    for _ in range(args.rounds):
        fresh = [doc.copy() for doc in docs]  # the rules keep per-Doc lists in Doc.user_data
        started = time.process_time()
        claimsets = [build_claimset(a, d) for a, d in zip(articles, fresh, strict=True)]
        middle = time.process_time()
        for claims in claimsets:
            prepare_claimset(claims)
        rules, mapping = middle - started, time.process_time() - middle
        if best is None or rules + mapping < sum(best):
            best = (rules, mapping)
    assert best is not None
    rules, mapping = best
    print(f"{len(files)} articles from {args.corpus}, CPU seconds (rules and mapping: best of {args.rounds})")
    print(f"  read     {read:7.2f}")
    print(f"  parse    {parse:7.2f}   (spaCy, the reference)")
    print(f"  rules    {rules:7.2f}")
    print(f"  mapping  {mapping:7.2f}")
    print(f"  rules + mapping = {rules + mapping:.2f} s, {100 * (rules + mapping) / parse:.0f}% of the parse")


if __name__ == "__main__":
    main()
