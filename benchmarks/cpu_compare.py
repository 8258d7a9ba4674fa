"""CPU seconds (the whole process tree) of bare spaCy and `kg ingest` on the same BBC files.

    .venv/bin/python benchmarks/cpu_compare.py 200                    # spaCy vs this tree's kg
    .venv/bin/python benchmarks/cpu_compare.py 200 --tree /tmp/old --rounds 2

On a shared machine wall-clock ratios move with the other sessions' load; CPU time much less
so. Each command's CPU is read with getrusage(RUSAGE_CHILDREN) before and after it: user +
system time of the process and every descendant it waited for (kg joins its workers; spaCy's
n_process pool is joined too). `--tree DIR` adds `kg ingest` run from another checkout (e.g. a
`git worktree` of main before a change), so a change is measured before/after in one run.
Rounds interleave the commands (spaCy, kg, tree, spaCy, kg, ...) to spread the load evenly.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import BARE_SPACY, ROOT, sample  # noqa: E402


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process tree) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd, env=env)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="BBC articles (the first n, sorted by path)")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="another checkout's kg too")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-cpu-"))
    try:
        corpus = work / "corpus"
        sample(args.n, corpus)
        commands = {"spacy": ([sys.executable, "-c", BARE_SPACY, str(corpus), str(args.workers)], ROOT)}
        for tree in [ROOT, *args.tree]:
            name = "kg" if tree == ROOT else f"kg@{tree}"
            store = work / f"store-{len(commands)}"
            cmd = [sys.executable, "-m", "kg.cli", "ingest", str(corpus), "--workers", str(args.workers),
                   "--quiet", "--store", str(store)]
            commands[name] = (cmd, tree.resolve())
        totals: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, (cmd, cwd) in commands.items():
                if "--store" in cmd:
                    shutil.rmtree(cmd[-1], ignore_errors=True)
                env = {**os.environ, "PYTHONPATH": str(cwd)}
                wall, cpu = run(cmd, cwd, env)
                totals[name].append(cpu)
                print(f"{name:40s} wall {wall:7.1f} s  cpu {cpu:7.1f} s  load {os.getloadavg()[0]:4.1f}", flush=True)
        spacy = min(totals["spacy"])
        print(f"\n{args.n} articles, --workers {args.workers}, best of {args.rounds}: CPU vs bare spaCy")
        for name, cpus in totals.items():
            print(f"{name:40s} cpu {min(cpus):7.1f} s  {min(cpus) / spacy:.2f}x spaCy's CPU")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
