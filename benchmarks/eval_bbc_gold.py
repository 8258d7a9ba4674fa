"""Score kg on the hand-annotated BBC articles (bbc-gold-dev) with the corpus's own scorer.

    .venv/bin/python benchmarks/eval_bbc_gold.py
    .venv/bin/python benchmarks/eval_bbc_gold.py --keep /tmp/pred.jsonl --errors

Extracts the articles named by the `*.gold.yaml` files with `kg extract --format jsonl`
(the extraction contract, exactly as a user gets it), then runs the corpus's `score.py`
(FORMAT.md beside it) on the result and prints statement P/R/F1 and speaker accuracy, and
statistic P/R/F1 and unit accuracy. `--json` prints the scorer's JSON line instead.
`--errors` lists, per article, gold statements that were missed or given another speaker
(a development aid; tune on this dev set and PolNeAR train, never on held-out data).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT_GOLD = SHARED / "bbc-gold-dev"
DEFAULT_CORPUS = SHARED / "bbc"


def gold_sources(gold_dir: Path, corpus: Path) -> list[Path]:
    """The article files the gold annotates, in the order of the gold files."""
    sources = []
    for gold_file in sorted(gold_dir.glob("*.gold.yaml")):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        sources.append(corpus / gold["source"])
    return sources


def kg_command() -> list[str]:
    """The `kg` of the running interpreter's environment (the worktree's venv)."""
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def extract(sources: list[Path], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run([*kg_command(), "extract", *map(str, sources), "--format", "jsonl"], stdout=fh, check=True)


def score(gold_dir: Path, corpus: Path, pred: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(gold_dir / "score.py"), str(gold_dir), str(corpus), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def scorer_names(gold_dir: Path):
    """score.py's name comparison (case, leading "the", titles) and its pronoun list."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bbc_gold_score", gold_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.nname, module.PRON


def show_errors(gold_dir: Path, corpus: Path, pred: Path) -> None:
    """Missed gold statements and wrong speakers, judged like score.py (coverage >= half;
    a speaker is right when one of its names or aliases names the gold speaker or an alias)."""
    nname, pron = scorer_names(gold_dir)
    preds = {}
    for line in pred.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            preds[Path(d["article"]["source"]).as_posix()] = d
    for gold_file in sorted(gold_dir.glob("*.gold.yaml")):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        d = next((v for k, v in preds.items() if k.endswith(gold["source"])), {})
        actors = {a["id"]: a["name"] for a in d.get("actors", [])}
        names = {
            a["id"]: {nname(n) for n in [a["name"], *(a.get("aliases") or [])] if n.lower() not in pron}
            for a in d.get("actors", [])
        }
        gold_names = {
            a["name"]: {nname(a["name"])} | {nname(x) for x in a.get("aliases", []) if x.lower() not in pron}
            for a in gold.get("actors", [])
        }
        found = []
        for s in d.get("statements", []):
            chars = {i for seg in s["content"] for i in range(seg["start"], seg["end"])}
            found.append((chars, s))
        print(f"== {gold['source']}")
        matched_preds = set()
        for g in gold.get("statements", []):
            gchars = set(range(g["start"], g["start"] + len(g["text"])))
            best = max(found, key=lambda f: len(f[0] & gchars), default=None)
            if best is None or len(best[0] & gchars) < 0.5 * len(gchars) or len(best[0] & gchars) < 0.4 * len(best[0]):
                print(f"  MISSED  [{g['speaker']}] ({g.get('verb')}) {g['text'][:110]}")
                continue
            matched_preds.add(best[1]["id"])
            got = actors.get(best[1].get("speaker"), "-")
            mention = (best[1].get("speaker_mention") or {}).get("text")
            wanted = gold_names.get(g["speaker"], {nname(g["speaker"])})
            predicted = names.get(best[1].get("speaker"), set())
            if not predicted and mention:  # no resolved actor: score.py falls back to the mention
                predicted = {nname(mention)} - pron
            if not wanted & predicted:
                print(f"  SPEAKER gold={g['speaker']!r} got={got!r} mention={mention!r}: {g['text'][:80]}")
        for chars, s in found:
            gsets = [set(range(g["start"], g["start"] + len(g["text"]))) for g in gold.get("statements", [])]
            if not any(len(chars & gs) >= 0.5 * len(chars) for gs in gsets):
                cue = (s.get("cue") or {}).get("text")
                print(f"  SPURIOUS [{actors.get(s.get('speaker'), '-')}] ({cue}) {s['text'][:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of *.gold.yaml and score.py")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the BBC corpus the gold annotates")
    parser.add_argument("--keep", type=Path, help="write the predicted JSONL here (default: a temporary file)")
    parser.add_argument("--json", action="store_true", help="print the scorer's JSON line")
    parser.add_argument("--errors", action="store_true", help="list missed statements and wrong speakers")
    args = parser.parse_args()

    sources = gold_sources(args.gold, args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        pred = args.keep or Path(tmp) / "pred.jsonl"
        extract(sources, pred)
        figures = score(args.gold, args.corpus, pred)
        if args.errors:
            show_errors(args.gold, args.corpus, pred)
    if args.json:
        print(json.dumps(figures))
        return
    st, sx = figures["statements"], figures["statistics"]
    print(f"bbc-gold-dev: {len(sources)} articles ({figures['missing']} without a prediction)")
    print(
        f"statements  gold {st['gold']:4d} pred {st['pred']:4d}  P {st['P']:.3f}  R {st['R']:.3f}  "
        f"F1 {st['F1']:.3f}  speaker accuracy {st['speaker_acc']:.3f}"
    )
    print(
        f"statistics  gold {sx['gold']:4d} pred {sx['pred']:4d}  P {sx['P']:.3f}  R {sx['R']:.3f}  "
        f"F1 {sx['F1']:.3f}  unit accuracy {sx['unit_acc']:.3f}"
    )


if __name__ == "__main__":
    main()
