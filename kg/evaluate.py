"""Score extracted statements against gold attributions (PolNeAR brat files or a gold ClaimSet).

Match rule (fixed by issue 3): a predicted statement matches a gold one when half or more of
the gold content's characters are covered by the predicted content. Each gold and each
predicted statement is used in at most one match; pairs are made greedily, best coverage first.

Subsets, each scored separately:
- "all attributions": every gold attribution against every predicted statement.
- "speech cues": gold attributions whose cue holds a speech-cue word or phrase
  (`speech_cues` and `according_to` in kg/extract/data/speech_verbs.yaml) against predicted
  statements whose cue does.
- "quoted contents": gold contents holding a double quotation mark (" “ ” „ « ») or an
  opening single curly mark (‘; the closing ’ is also the apostrophe, so it does not count)
  against predicted statements of kind direct or partial.
Within a subset, a predicted statement that matches no gold statement of the subset but does
match a gold statement outside it (e.g. a direct quote the annotators wrote without its marks)
is neither a true nor a false positive: the two sides of a subset are chosen by different
criteria, and such a statement is not a mistake.

Against brat gold, predicted statements that share the very same cue span are scored as one
statement (their contents joined): PolNeAR annotates one relation per cue, so '"A," Liu said.
"B."' is one gold attribution with two segments, while a ClaimSet has one statement per
quotation, both with that cue.

Speaker accuracy, over the matched pairs of a subset:
- brat gold: the predicted speaker mention overlaps the gold Source span. When the
  prediction has no speaker mention of its own (a continuation quote), the mentions of its
  speaker actor count instead. A gold attribution without a Source is skipped (its speaker is
  implicit).
- ClaimSet gold: the predicted speaker actor is the gold speaker actor, where a predicted actor
  and a gold actor are the same when their names or aliases agree (case-insensitive) or any of
  their mentions overlap. Both speakers null counts as correct.

Statistics (ClaimSet gold only): a predicted statistic matches a gold one when their spans
overlap; value accuracy (equal within 1e-6 relative) and unit accuracy (equal,
case-insensitive) are over matched pairs.

PolNeAR has several annotators for some files: read_brat_dir uses the first annotation file in
sorted order (`<name>_<annotator>.ann`), so every run scores against the same gold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract.lexicon import UNAMBIGUOUS_QUOTE_MARKS
from kg.models import ClaimSet

__all__ = [
    "SUBSETS",
    "EvalReport",
    "GoldArticle",
    "GoldAttribution",
    "PredictedArticle",
    "PredictedStatement",
    "SubsetScore",
    "evaluate_brat",
    "evaluate_claimset",
    "has_quote_mark",
    "is_speech_cue",
    "predicted_from_claimset",
    "read_brat_article",
    "read_brat_dir",
    "score",
]

SUBSETS = ("all attributions", "speech cues", "quoted contents")
Offsets = tuple[int, int]

_QUOTE_MARKS = re.compile(f"[{re.escape(UNAMBIGUOUS_QUOTE_MARKS)}]")


def has_quote_mark(text: str) -> bool:
    return bool(_QUOTE_MARKS.search(text))


def is_speech_cue(cue_text: str | None) -> bool:
    """True when the cue holds a speech verb form or an according-to phrase (data lists)."""
    from kg.extract.lexicon import speech_cue_forms, speech_cue_phrases

    if not cue_text:
        return False
    lowered = " ".join(re.findall(r"[a-z]+", cue_text.lower()))
    if any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in speech_cue_phrases()):
        return True
    forms = speech_cue_forms()
    return any(word in forms for word in lowered.split())


# ----------------------------------------------------------------------------- records


@dataclass
class GoldAttribution:
    content: tuple[Offsets, ...]
    content_text: str
    cue: tuple[Offsets, ...] = ()
    cue_text: str = ""
    source: tuple[Offsets, ...] = ()
    speaker: str | None = None  # actor id (ClaimSet gold only)


@dataclass
class GoldArticle:
    name: str
    path: Path | None
    text: str
    attributions: list[GoldAttribution]
    annotator: str | None = None
    claims: ClaimSet | None = None  # set when the gold is a ClaimSet


@dataclass
class PredictedStatement:
    kind: str
    content: tuple[Offsets, ...]
    cue: Offsets | None = None
    cue_text: str = ""
    speaker_mentions: tuple[Offsets, ...] = ()  # own mention first, then the actor's mentions
    speaker: str | None = None  # actor id


@dataclass
class PredictedArticle:
    name: str
    text: str
    statements: list[PredictedStatement]
    claims: ClaimSet | None = None


# ----------------------------------------------------------------------------- reading brat


def read_brat_dir(path: str | Path) -> list[GoldArticle]:
    """Every article of a PolNeAR split: <path>/text/<name>.txt with its first (sorted)
    <path>/attributions/<name>_<annotator>.ann. Articles without annotations are kept with
    no attributions (they still count predicted false positives)."""
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            f"{root}: not a brat split; expected {root}/text/*.txt and {root}/attributions/*.ann"
        )
    by_name: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        by_name.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    articles = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = by_name.get(txt.stem, [])
        articles.append(read_brat_article(txt, anns[0] if anns else None))
    return articles


def read_brat_article(text_path: Path, ann_path: Path | None) -> GoldArticle:
    from kg.claimfile import read_article_text

    text = read_article_text(text_path)
    annotator = ann_path.stem.rsplit("_", 1)[1] if ann_path else None
    attributions = _parse_ann(ann_path, text) if ann_path else []
    return GoldArticle(text_path.stem, text_path, text, attributions, annotator)


def _parse_ann(ann_path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[Offsets, ...]] = {}
    relations: list[dict[str, str]] = []
    for number, line in enumerate(ann_path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if not parts[0] or len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            try:
                _label, offsets = parts[1].split(" ", 1)
                spans[parts[0]] = tuple(
                    (int(a), int(b))
                    for a, b in (piece.split() for piece in offsets.split(";"))
                )
            except ValueError:
                raise InputError(
                    f"{ann_path}:{number}: malformed text-bound annotation; expected "
                    "'T<n><TAB><Label> <start> <end>[;<start> <end>]<TAB><text>'"
                ) from None
        elif parts[0].startswith("E"):
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            relations.append(roles)
    found = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        cue = spans.get(roles.get("Cue", ""), ())
        source = spans.get(roles.get("Source", ""), ())
        found.append(
            GoldAttribution(
                content=content,
                content_text=" ".join(text[a:b] for a, b in content),
                cue=cue,
                cue_text=" ".join(text[a:b] for a, b in cue),
                source=source,
            )
        )
    return found


# ----------------------------------------------------------------------------- predictions


def predicted_from_claimset(claims: ClaimSet, name: str | None = None) -> PredictedArticle:
    mentions = {a.id: tuple((m.start, m.end) for m in a.mentions) for a in claims.actors}
    statements = []
    for st in claims.statements:
        own = ((st.speaker_mention.start, st.speaker_mention.end),) if st.speaker_mention else ()
        statements.append(
            PredictedStatement(
                kind=st.kind.value,
                content=tuple((s.start, s.end) for s in st.content),
                cue=(st.cue.start, st.cue.end) if st.cue else None,
                cue_text=st.cue.text if st.cue else "",
                speaker_mentions=own + mentions.get(st.speaker or "", ()),
                speaker=st.speaker,
            )
        )
    name = name or claims.article.id
    return PredictedArticle(name, claims.article.text or "", statements, claims)


def _gold_from_claimset(claims: ClaimSet, name: str | None = None) -> GoldArticle:
    text = claims.article.text or ""
    attributions = []
    for st in claims.statements:
        content = tuple((s.start, s.end) for s in st.content)
        content_text = " ".join(s.text for s in st.content)
        # A ClaimSet's direct quotes exclude their marks, so the kind says "quoted" there.
        if st.kind.value in ("direct", "partial") and not has_quote_mark(content_text):
            content_text = "“" + content_text + "”"
        attributions.append(
            GoldAttribution(
                content=content,
                content_text=content_text,
                cue=((st.cue.start, st.cue.end),) if st.cue else (),
                cue_text=st.cue.text if st.cue else "",
                source=((st.speaker_mention.start, st.speaker_mention.end),)
                if st.speaker_mention
                else (),
                speaker=st.speaker,
            )
        )
    return GoldArticle(name or claims.article.id, None, text, attributions, claims=claims)


# ----------------------------------------------------------------------------- scoring


@dataclass
class SubsetScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_correct: int = 0
    speaker_total: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_judged": self.speaker_total,
        }


@dataclass
class EvalReport:
    articles: int = 0
    subsets: dict[str, SubsetScore] = field(
        default_factory=lambda: {name: SubsetScore() for name in SUBSETS}
    )
    statistics_matched: int = 0
    statistics_gold: int = 0
    statistics_pred: int = 0
    value_correct: int = 0
    unit_correct: int = 0
    has_statistics: bool = False

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.statistics_matched if self.statistics_matched else 0.0

    @property
    def unit_accuracy(self) -> float:
        return self.unit_correct / self.statistics_matched if self.statistics_matched else 0.0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "articles": self.articles,
            "subsets": {name: s.to_dict() for name, s in self.subsets.items()},
        }
        if self.has_statistics:
            data["statistics"] = {
                "gold": self.statistics_gold,
                "predicted": self.statistics_pred,
                "matched": self.statistics_matched,
                "value_accuracy": round(self.value_accuracy, 4),
                "unit_accuracy": round(self.unit_accuracy, 4),
            }
        return data

    def to_table(self) -> str:
        from kg.tables import Column, format_table

        numbers = [Column(header, numeric=True) for header in ("tp", "fp", "fn", "P", "R", "F1", "speaker")]
        rows = [
            [name, str(s.tp), str(s.fp), str(s.fn)]
            + [f"{x:.3f}" for x in (s.precision, s.recall, s.f1, s.speaker_accuracy)]
            for name, s in self.subsets.items()
        ]
        lines = [f"{self.articles} articles", format_table(["subset", *numbers], rows)]
        if self.has_statistics:
            lines.append(
                f"statistics: {self.statistics_matched} of {self.statistics_gold} gold matched "
                f"({self.statistics_pred} predicted); value accuracy {self.value_accuracy:.3f}, "
                f"unit accuracy {self.unit_accuracy:.3f}"
            )
        return "\n".join(lines)


def _coverage(gold: Sequence[Offsets], pred: Sequence[Offsets]) -> float:
    total = sum(b - a for a, b in gold)
    if total <= 0:
        return 0.0
    covered = 0
    for ga, gb in gold:
        # Predicted segments do not overlap each other, so their overlaps simply add up.
        covered += sum(max(0, min(gb, pb) - max(ga, pa)) for pa, pb in pred)
    return covered / total


def _overlaps(a: Iterable[Offsets], b: Iterable[Offsets]) -> bool:
    b = list(b)
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _match(golds: list[GoldAttribution], preds: list[PredictedStatement]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best coverage first; ties go to the earlier statements."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            cov = _coverage(g.content, p.content)
            if cov >= 0.5:
                candidates.append((-cov, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _cov, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _in_subset_gold(name: str, g: GoldAttribution) -> bool:
    if name == "speech cues":
        return is_speech_cue(g.cue_text)
    if name == "quoted contents":
        return has_quote_mark(g.content_text)
    return True


def _in_subset_pred(name: str, p: PredictedStatement) -> bool:
    if name == "speech cues":
        return is_speech_cue(p.cue_text)
    if name == "quoted contents":
        return p.kind in ("direct", "partial")
    return True


def _same_actor(
    pred_claims: ClaimSet, pred_id: str | None, gold_claims: ClaimSet, gold_id: str | None
) -> bool:
    if pred_id is None or gold_id is None:
        return pred_id is None and gold_id is None
    pa, ga = pred_claims.actor(pred_id), gold_claims.actor(gold_id)
    if pa is None or ga is None:
        return False
    p_names = {n.casefold() for n in [pa.name, *pa.aliases]}
    g_names = {n.casefold() for n in [ga.name, *ga.aliases]}
    if p_names & g_names:
        return True
    return _overlaps(
        ((m.start, m.end) for m in pa.mentions), ((m.start, m.end) for m in ga.mentions)
    )


def _speaker_ok(
    gold_article: GoldArticle,
    pred_article: PredictedArticle,
    g: GoldAttribution,
    p: PredictedStatement,
) -> bool | None:
    """True/False when the speaker can be judged, None when the gold has no speaker."""
    if gold_article.claims is not None and pred_article.claims is not None:
        return _same_actor(pred_article.claims, p.speaker, gold_article.claims, g.speaker)
    if not g.source:
        return None
    return _overlaps(p.speaker_mentions, g.source)


def _merge_shared_frames(pred: PredictedArticle) -> PredictedArticle:
    """Statements with the very same cue span are one attribution in PolNeAR ('"A," Liu
    said. "B."' is one relation with two content segments), while a ClaimSet keeps one
    statement per quotation. For brat gold they are scored as one."""
    merged: list[PredictedStatement] = []
    by_cue: dict[Offsets, PredictedStatement] = {}
    for st in pred.statements:
        first = by_cue.get(st.cue) if st.cue is not None else None
        if first is None:
            copy = PredictedStatement(st.kind, st.content, st.cue, st.cue_text,
                                      st.speaker_mentions, st.speaker)
            merged.append(copy)
            if st.cue is not None:
                by_cue[st.cue] = copy
            continue
        first.content = tuple(sorted(set(first.content) | set(st.content)))
        if first.kind != st.kind:
            first.kind = "partial" if "indirect" in (first.kind, st.kind) else first.kind
    return PredictedArticle(pred.name, pred.text, merged, pred.claims)


def _score_article(report: EvalReport, gold: GoldArticle, pred: PredictedArticle) -> None:
    report.articles += 1
    if gold.claims is None:
        pred = _merge_shared_frames(pred)
    for name in SUBSETS:
        s = report.subsets[name]
        g_idx = [i for i, g in enumerate(gold.attributions) if _in_subset_gold(name, g)]
        p_idx = [i for i, p in enumerate(pred.statements) if _in_subset_pred(name, p)]
        pairs = _match([gold.attributions[i] for i in g_idx], [pred.statements[i] for i in p_idx])
        s.tp += len(pairs)
        s.fn += len(g_idx) - len(pairs)
        paired_p = {p_idx[pi] for _gi, pi in pairs}
        outside = [g for i, g in enumerate(gold.attributions) if i not in set(g_idx)]
        # An unmatched prediction that matches gold outside the subset is not a false positive.
        s.fp += sum(
            1
            for i in p_idx
            if i not in paired_p
            and not any(_coverage(g.content, pred.statements[i].content) >= 0.5 for g in outside)
        )
        for gi, pi in pairs:
            ok = _speaker_ok(gold, pred, gold.attributions[g_idx[gi]], pred.statements[p_idx[pi]])
            if ok is not None:
                s.speaker_total += 1
                s.speaker_correct += int(ok)
    if gold.claims is not None and pred.claims is not None:
        _score_statistics(report, gold.claims, pred.claims)


def _score_statistics(report: EvalReport, gold: ClaimSet, pred: ClaimSet) -> None:
    report.has_statistics = True
    report.statistics_gold += len(gold.statistics)
    report.statistics_pred += len(pred.statistics)
    used: set[int] = set()
    for g in gold.statistics:
        for pi, p in enumerate(pred.statistics):
            if pi in used:
                continue
            if not _overlaps([(g.span.start, g.span.end)], [(p.span.start, p.span.end)]):
                continue
            used.add(pi)
            report.statistics_matched += 1
            report.value_correct += int(math.isclose(g.value, p.value, rel_tol=1e-6, abs_tol=1e-9))
            report.unit_correct += int(g.unit.casefold() == p.unit.casefold())
            break


def score(
    pred: Sequence[ClaimSet | PredictedArticle], gold: Sequence[GoldArticle | ClaimSet]
) -> EvalReport:
    """Score predictions against gold, article by article in the same order."""
    if len(pred) != len(gold):
        raise InputError(
            f"score: {len(pred)} predicted articles but {len(gold)} gold articles; "
            "give one prediction per gold article, in the same order"
        )
    report = EvalReport()
    for p, g in zip(pred, gold, strict=True):
        gold_article = _gold_from_claimset(g) if isinstance(g, ClaimSet) else g
        pred_article = predicted_from_claimset(p) if isinstance(p, ClaimSet) else p
        _score_article(report, gold_article, pred_article)
    return report


def evaluate_brat(path: str | Path, extract: Callable[[Path], ClaimSet]) -> EvalReport:
    """Run `extract` on every text file of a brat split and score it against the gold."""
    gold = read_brat_dir(path)
    pred = [extract(article.path) for article in gold if article.path is not None]
    return score(pred, gold)


def evaluate_claimset(pred: ClaimSet, gold: ClaimSet) -> EvalReport:
    """Score one extracted ClaimSet against a hand-made gold ClaimSet of the same article."""
    return score([pred], [gold])


def evaluate_path(path: str | Path, limit: int | None = None) -> EvalReport:
    """What `kg eval` runs: a gold ClaimSet file (each of its articles is extracted and
    scored; any format `kg load` reads) or a brat split directory (every article extracted
    in one batch, then scored)."""
    from kg.claimfile import read_claimsets
    from kg.extract import extract_paths, extract_text

    root = Path(path)
    if root.is_dir():
        gold = read_brat_dir(root)[:limit]
        paths = [article.path for article in gold if article.path is not None]
        predicted = [claims for _, claims in extract_paths(paths)]
        return score(predicted, gold)
    if not root.is_file():
        raise InputError(f"{root}: no such gold file or directory")
    golds = read_claimsets(root)[:limit]
    predicted = [extract_text(gold.article.text or "", source=gold.article.source) for gold in golds]
    return score(predicted, golds)
