"""List the wrong speakers of matched PolNeAR attributions, as `kg eval` judges them.

    .venv/bin/python benchmarks/polnear_speakers.py ../shared/corpora/polnear/dev
    .venv/bin/python benchmarks/polnear_speakers.py ../shared/corpora/polnear/train --subset "speech cues"

For every gold attribution of the subset (default "quoted contents") that a predicted
statement matches but whose speaker is judged wrong (the predicted speaker mention, or the
mentions of its actor for a continuation, do not overlap the gold Source), prints the gold
source, the predicted mention and actor, and the start of the content. Ends with the
figures of every subset, which equal `kg eval`'s. A development aid: group the errors by cause.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.evaluate import (
    SUBSETS,
    _coverage,
    _in_subset_gold,
    _in_subset_pred,
    _match,
    _merge_shared_frames,
    _speaker_ok,
    predicted_from_claimset,
    read_brat_dir,
    score,
)
from kg.extract import extract_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path, help="a PolNeAR split directory (text/ and attributions/)")
    parser.add_argument("--subset", default="quoted contents", choices=list(SUBSETS))
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--spurious", action="store_true", help="also list the subset's false positives")
    args = parser.parse_args()

    gold = read_brat_dir(args.split)[: args.limit]
    claims = [c for _, c in extract_paths([a.path for a in gold if a.path is not None])]
    wrong = 0
    for g, c in zip(gold, claims, strict=True):
        pred = _merge_shared_frames(predicted_from_claimset(c))
        actors = {a.id: a for a in c.actors}
        g_idx = [i for i, x in enumerate(g.attributions) if _in_subset_gold(args.subset, x)]
        p_idx = [i for i, x in enumerate(pred.statements) if _in_subset_pred(args.subset, x)]
        pairs = _match([g.attributions[i] for i in g_idx], [pred.statements[i] for i in p_idx])
        if args.spurious:
            paired = {p_idx[pi] for _gi, pi in pairs}
            for i in p_idx:
                st = pred.statements[i]
                if i in paired or any(_coverage(x.content, st.content) >= 0.5 for x in g.attributions):
                    continue
                content = " ".join(g.text[a:b] for a, b in st.content)[:90].replace("\n", " ")
                print(f"{g.name}: SPURIOUS cue={st.cue_text!r}: {content}")
        for gi, pi in pairs:
            ga, ps = g.attributions[g_idx[gi]], pred.statements[p_idx[pi]]
            if _speaker_ok(g, pred, ga, ps) is not False:
                continue
            wrong += 1
            source = " / ".join(g.text[a:b] for a, b in ga.source)
            own = next(iter(ps.speaker_mentions), None)
            mention = g.text[own[0] : own[1]] if own else "-"
            actor = actors.get(ps.speaker or "")
            name = f"{actor.name} [{actor.type.value}]" if actor else "-"
            content = " ".join(g.text[a:b] for a, b in ps.content)[:90].replace("\n", " ")
            print(f"{g.name}: gold={source!r} mention={mention!r} actor={name!r} cue={ps.cue_text!r}: {content}")
    report = score(claims, gold)
    print(f"{args.subset}: {wrong} wrong speakers")
    print(report.to_table())


if __name__ == "__main__":
    main()
