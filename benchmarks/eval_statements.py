"""Score kg.extract.statements.find_statements on a PolNeAR split and print the figures.

    .venv/bin/python benchmarks/eval_statements.py ../shared/corpora/polnear/dev
    .venv/bin/python benchmarks/eval_statements.py ../shared/corpora/polnear/train --errors 30

By default it calls find_statements directly (no actors, no ClaimSet): a continuation quote
is judged by the speaker mention of the statement it continues. `--pipeline` scores the whole
extraction instead (kg.extract.extract_file -> ClaimSet, as `kg eval` does). `--errors N`
prints N missed and N spurious quoted statements, for development on train (never tune on
dev).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.evaluate import (
    GoldArticle,
    PredictedArticle,
    PredictedStatement,
    has_quote_mark,
    read_brat_dir,
    score,
)
from kg.extract.statements import FoundStatement, find_statements
from kg.extract.nlp import load_nlp


def predicted(article: GoldArticle, found: list[FoundStatement]) -> PredictedArticle:
    statements = []
    for st in found:
        root = st
        while root.speaker_mention is None and root.continues is not None:
            root = found[root.continues]
        mention = root.speaker_mention
        statements.append(
            PredictedStatement(
                kind=st.kind,
                content=st.content,
                cue=st.cue or root.cue,
                cue_text=article.text[slice(*(st.cue or root.cue))] if (st.cue or root.cue) else "",
                speaker_mentions=(mention,) if mention else (),
            )
        )
    return PredictedArticle(article.name, article.text, statements)


def run(split: Path, limit: int | None = None) -> tuple[list[GoldArticle], list[PredictedArticle]]:
    gold = read_brat_dir(split)[:limit]
    nlp = load_nlp()
    preds = []
    for article, doc in zip(gold, nlp.pipe(a.text for a in gold), strict=True):
        preds.append(predicted(article, find_statements(doc)))
    return gold, preds


def show_errors(gold: list[GoldArticle], preds: list[PredictedArticle], n: int) -> None:
    from kg.evaluate import _coverage  # development aid only

    missed, spurious, wrong = [], [], []
    for g, p in zip(gold, preds, strict=True):
        quoted_p = [s for s in p.statements if s.kind in ("direct", "partial")]
        for ga in g.attributions:
            if not has_quote_mark(ga.content_text):
                continue
            hits = [s for s in quoted_p if _coverage(ga.content, s.content) >= 0.5]
            if not hits:
                missed.append((g.name, ga.content_text[:160], ga.cue_text))
            elif ga.source and not any(
                a < d and c < b for a, b in hits[0].speaker_mentions for c, d in ga.source
            ):
                src = " ".join(g.text[a:b] for a, b in ga.source)
                got = " ".join(g.text[a:b] for a, b in hits[0].speaker_mentions)
                wrong.append((g.name, ga.content_text[:100], src, got))
        for s in quoted_p:
            if not any(_coverage(ga.content, s.content) >= 0.5 for ga in g.attributions):
                spurious.append((g.name, " | ".join(g.text[a:b] for a, b in s.content)[:160]))
    for title, rows in (("MISSED", missed), ("SPURIOUS", spurious), ("WRONG SPEAKER", wrong)):
        print(f"\n== {title} ({len(rows)})")
        for row in rows[:n]:
            print("  ", row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pipeline", action="store_true", help="score kg.extract.extract_file")
    args = parser.parse_args()
    began = time.perf_counter()
    if args.pipeline:
        from kg.evaluate import evaluate_brat
        from kg.extract import extract_file

        report = evaluate_brat(args.split, extract_file)
        print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_table())
        print(f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)
        return 0
    gold, preds = run(args.split, args.limit)
    report = score(preds, gold)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_table())
    print(f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)
    if args.errors:
        show_errors(gold, preds, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
