"""Scoring: the match rule, the subsets, speaker accuracy, brat reading, ClaimSet gold; and the
quality bar on the real PolNeAR dev split."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import (
    PredictedArticle,
    PredictedStatement,
    evaluate_brat,
    evaluate_claimset,
    has_quote_mark,
    is_speech_cue,
    read_brat_dir,
    score,
)
from kg.models import ClaimSet
from tests.helpers import POLNEAR_DEV

TEXT = (
    'Smith said the plan "will fail badly" next year. '  # 0..48
    "Jones believes taxes will rise. "  # 49..80
    "According to the report, prices fell."  # 81..
)


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _brat(
    tmp_path: Path, name: str = "a1", text: str = TEXT, annotators: dict[str, str] | None = None
) -> Path:
    (tmp_path / "text").mkdir(exist_ok=True)
    (tmp_path / "attributions").mkdir(exist_ok=True)
    (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    for annotator, ann in (annotators or {}).items():
        (tmp_path / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def _ann(*relations: tuple[str, str | None, str]) -> str:
    """Brat lines for (content, source or None, cue) relations over TEXT."""
    lines, n = [], 0
    for i, (content, source, cue) in enumerate(relations, 1):
        refs = []
        for label, part in (("Content", content), ("Source", source), ("Cue", cue)):
            if part is None:
                continue
            n += 1
            a, b = _at(TEXT, part)
            lines.append(f"T{n}\t{label} {a} {b}\t{part}")
            refs.append(f"{label}:T{n}")
        n += 1
        lines.append(f"T{n}\tAttribution {_at(TEXT, cue)[0]} {_at(TEXT, cue)[1]}\t{cue}")
        lines.append(f"E{i}\tAttribution:T{n} " + " ".join(refs))
    return "\n".join(lines) + "\n"


GOLD_ANN = _ann(
    ('the plan "will fail badly" next year', "Smith", "said"),
    ("taxes will rise", "Jones", "believes"),
    ("prices fell", None, "According to"),
)


def _pred(
    kind: str, content: str, cue: str | None = None, speaker: str | None = None
) -> PredictedStatement:
    return PredictedStatement(
        kind=kind,
        content=(_at(TEXT, content),),
        cue=_at(TEXT, cue) if cue else None,
        cue_text=cue or "",
        speaker_mentions=(_at(TEXT, speaker),) if speaker else (),
    )


def _score(tmp_path: Path, *preds: PredictedStatement):
    gold = read_brat_dir(_brat(tmp_path, annotators={"aa": GOLD_ANN}))
    return score([PredictedArticle("a1", TEXT, list(preds))], gold)


def test_read_brat_dir_reads_relations_and_picks_the_first_annotator(tmp_path: Path) -> None:
    other = _ann(("taxes will rise", "Jones", "believes"))
    gold = read_brat_dir(_brat(tmp_path, annotators={"zz": other, "aa": GOLD_ANN}))
    (article,) = gold
    assert article.annotator == "aa"
    assert [g.content_text for g in article.attributions] == [
        'the plan "will fail badly" next year',
        "taxes will rise",
        "prices fell",
    ]
    assert article.attributions[2].source == ()
    assert article.attributions[0].cue_text == "said"


def test_read_brat_dir_discontinuous_spans(tmp_path: Path) -> None:
    a, b = _at(TEXT, "the plan")
    c, d = _at(TEXT, "next year")
    ann = (
        f"T1\tContent {a} {b};{c} {d}\tthe plan next year\n"
        "T2\tCue 6 10\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n"
    )
    (article,) = read_brat_dir(_brat(tmp_path, annotators={"aa": ann}))
    assert article.attributions[0].content == ((a, b), (c, d))


def test_read_brat_dir_rejects_a_folder_without_the_layout(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="text/\\*.txt"):
        read_brat_dir(tmp_path)


def test_match_rule_half_of_the_gold_content(tmp_path: Path) -> None:
    gold_content = 'the plan "will fail badly" next year'
    half = gold_content[: (len(gold_content) + 1) // 2]
    less = gold_content[: len(gold_content) // 2 - 1]
    hit = _score(tmp_path, _pred("partial", half, "said", "Smith")).subsets["all attributions"]
    assert (hit.tp, hit.fp, hit.fn) == (1, 0, 2)
    miss = _score(tmp_path, _pred("partial", less, "said", "Smith")).subsets["all attributions"]
    assert (miss.tp, miss.fp, miss.fn) == (0, 1, 3)


def test_one_prediction_matches_one_gold(tmp_path: Path) -> None:
    report = _score(
        tmp_path,
        _pred("partial", 'the plan "will fail badly" next year', "said", "Smith"),
        _pred("partial", 'the plan "will fail badly" next year', None, "Smith"),
    )
    s = report.subsets["all attributions"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)


def test_subsets_and_speaker_accuracy(tmp_path: Path) -> None:
    report = _score(
        tmp_path,
        _pred("partial", 'the plan "will fail badly" next year', "said", "Jones"),  # wrong speaker
        _pred("indirect", "taxes will rise", "believes", "Jones"),
        _pred("indirect", "prices fell", "According to", "the report"),
    )
    every, speech, quoted = (
        report.subsets[n] for n in ("all attributions", "speech cues", "quoted contents")
    )
    assert (every.tp, every.fp, every.fn) == (3, 0, 0)
    # Speaker judged where the gold has a Source: Smith (wrong) and Jones (right).
    assert (every.speaker_correct, every.speaker_total) == (1, 2)
    # "believes" is not a speech cue; "said" and "According to" are.
    assert (speech.tp, speech.fp, speech.fn) == (2, 0, 0)
    assert (quoted.tp, quoted.fp, quoted.fn) == (1, 0, 0)
    assert quoted.speaker_accuracy == 0.0
    table = report.to_table()
    assert "quoted contents" in table and "speech cues" in table
    assert report.to_dict()["subsets"]["all attributions"]["f1"] == 1.0


def test_quoted_subset_ignores_a_prediction_matching_gold_outside_it(tmp_path: Path) -> None:
    # A "direct" prediction on an unquoted gold content is neither a hit nor a false alarm
    # in "quoted contents"; a direct prediction matching nothing is a false positive.
    report = _score(
        tmp_path,
        _pred("direct", "taxes will rise", "believes", "Jones"),
        _pred("direct", "Jones believes", None, None),
    )
    quoted = report.subsets["quoted contents"]
    assert (quoted.tp, quoted.fp, quoted.fn) == (0, 1, 1)


def test_statements_sharing_a_cue_are_one_brat_attribution(tmp_path: Path) -> None:
    text = '"We will win," Liu said. "We always do."'
    a, b = _at(text, "We will win")
    c, d = _at(text, "We always do.")
    ann = (
        f"T1\tContent {a - 1} {b + 2};{c - 1} {d + 1}\t...\nT2\tSource 15 18\tLiu\n"
        "T3\tCue 19 23\tsaid\nE1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
    )
    gold = read_brat_dir(_brat(tmp_path, "q", text, {"aa": ann}))
    cue, spk = _at(text, "said"), _at(text, "Liu")
    preds = [
        PredictedStatement("direct", ((a, b),), cue, "said", (spk,)),
        PredictedStatement("direct", ((c, d),), cue, "said", (spk,)),
    ]
    s = score([PredictedArticle("q", text, preds)], gold).subsets["quoted contents"]
    assert (s.tp, s.fp, s.fn, s.speaker_correct) == (1, 0, 0, 1)


def test_speech_cue_and_quote_mark_lists() -> None:
    assert is_speech_cue("said in a statement") and is_speech_cue("according to")
    assert is_speech_cue("has told") and not is_speech_cue("believes") and not is_speech_cue(":")
    assert has_quote_mark("a “b”") and has_quote_mark('a "b"') and has_quote_mark("‘x’")
    assert not has_quote_mark("Clinton’s plan")


def _claimset(text: str, speaker_name: str, stat_value: float, stat_unit: str) -> ClaimSet:
    a, b = _at(text, "prices fell 5 percent")
    s, e = _at(text, "The agency")
    n0, n1 = _at(text, "5 percent")
    c0, c1 = _at(text, "said")
    return ClaimSet.model_validate(
        {
            "article": {"id": "x", "source": "x.txt", "text": text},
            "actors": [
                {
                    "id": "agency",
                    "name": speaker_name,
                    "type": "Organization",
                    "aliases": ["The agency"],
                    "mentions": [{"start": s, "end": e, "text": text[s:e]}],
                },
            ],
            "statements": [
                {
                    "id": "s1",
                    "kind": "indirect",
                    "content": [{"start": a, "end": b, "text": text[a:b]}],
                    "speaker": "agency",
                    "cue": {"start": c0, "end": c1, "text": "said"},
                },
            ],
            "statistics": [
                {
                    "id": "n1",
                    "span": {"start": n0, "end": n1, "text": text[n0:n1]},
                    "value": stat_value,
                    "unit": stat_unit,
                },
            ],
        }
    )


def test_evaluate_claimset_matches_actors_by_alias_and_scores_statistics() -> None:
    text = "The agency said prices fell 5 percent in May."
    gold = _claimset(text, "Statistics Agency", 5, "percent")
    pred = _claimset(text, "The agency", 5, "USD")
    report = evaluate_claimset(pred, gold)
    s = report.subsets["all attributions"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.speaker_accuracy == 1.0
    assert report.statistics_matched == 1
    assert (report.value_accuracy, report.unit_accuracy) == (1.0, 0.0)
    assert "unit accuracy" in report.to_table()


def test_evaluate_brat_takes_any_extract_callable(tmp_path: Path) -> None:
    root = _brat(tmp_path, annotators={"aa": GOLD_ANN})

    def extract(path: Path) -> ClaimSet:
        text = path.read_text(encoding="utf-8")
        a, b = _at(text, "taxes will rise")
        return ClaimSet.model_validate(
            {
                "article": {"id": "a1", "source": str(path), "text": text},
                "statements": [{"id": "s1", "kind": "indirect",
                                "content": [{"start": a, "end": b, "text": text[a:b]}]}],
            }
        )

    s = evaluate_brat(root, extract).subsets["all attributions"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 2)
    assert s.speaker_total == 1 and s.speaker_correct == 0


def test_score_needs_one_prediction_per_gold_article(tmp_path: Path) -> None:
    gold = read_brat_dir(_brat(tmp_path, annotators={"aa": GOLD_ANN}))
    with pytest.raises(InputError, match="same order"):
        score([], gold)


# --------------------------------------------------------------------------- real dev set


@pytest.mark.slow
def test_quality_bar_on_polnear_dev() -> None:
    if not (POLNEAR_DEV / "text").is_dir():
        pytest.skip(f"PolNeAR dev split not found at {POLNEAR_DEV} (../shared/corpora is absent)")
    from kg.extract import extract_file

    report = evaluate_brat(POLNEAR_DEV, extract_file)
    quoted = report.subsets["quoted contents"]
    speech = report.subsets["speech cues"]
    assert report.articles == 84
    assert quoted.f1 >= 0.85, report.to_table()
    assert quoted.speaker_accuracy >= 0.90, report.to_table()
    assert speech.f1 >= 0.70, report.to_table()
