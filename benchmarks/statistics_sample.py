"""Print the statistics found in a random sample of BBC business articles, for reading.

    .venv/bin/python benchmarks/statistics_sample.py [N] [SEED] [CATEGORY]

Not a test: a person reads the output and judges precision by hand.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from kg.extract.nlp import load_nlp
from kg.extract.statistics import find_statistics

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    category = sys.argv[3] if len(sys.argv) > 3 else "business"
    files = sorted((BBC / category).glob("*.txt"))
    nlp = load_nlp()
    total = 0
    for path in random.Random(seed).sample(files, min(count, len(files))):
        text = path.read_text(encoding="utf-8", errors="replace")
        doc = nlp(text)
        found = find_statistics(doc)
        total += len(found)
        print(f"== {path.name}: {len(found)}")
        for stat in found:
            start, end = stat.span
            print(
                f"  {text[start:end]!r} -> {stat.value:g} {stat.unit} [{stat.approximation}]"
                f" period={stat.period} comparison={stat.comparison}"
            )
    print(f"{total} statistics in {count} articles")


if __name__ == "__main__":
    main()
