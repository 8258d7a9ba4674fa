"""Print what kg says each statistic measures, for judging by hand.

    .venv/bin/python benchmarks/statistics_measured.py [--first] FILE...

One line per statistic (with --first: the first statistic kg reports in each file): file,
the statistic's words, value and unit, the measured words ("—" when empty), the actor it is
about, and its sentence. Not a test: a person reads the lines and judges whether the measured
words answer "N of what?" (the hand check of issue 10 used this, see /work/notes/issue-10.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.extract.pipeline import extract_file


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    rights = [k for k in (text.find(". ", end), text.find("\n", end)) if k >= 0]
    return text[left : (min(rights) + 1 if rights else len(text))].strip()


def main(argv: list[str]) -> None:
    first = "--first" in argv
    files = [a for a in argv if a != "--first"]
    if not files:
        sys.exit("usage: statistics_measured.py [--first] FILE...")
    for name in files:
        claims = extract_file(name)
        text = claims.article.text
        actors = {a.id: a.name for a in claims.actors}
        label = "/".join(Path(name).parts[-2:])
        for stat in claims.statistics[: 1 if first else None]:
            measured = stat.measured.text if stat.measured else "—"
            about = actors.get(stat.about, "") if stat.about else ""
            sentence = sentence_around(text, stat.span.start, stat.span.end)
            print(f"{label}\t{stat.span.text!r}\t{stat.value:g} {stat.unit}\t{measured!r}\t{about}\t| {sentence}")


if __name__ == "__main__":
    main(sys.argv[1:])
