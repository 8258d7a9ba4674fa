"""Pass 3: comparisons (change nouns and verbs, "up"/"down", "compared with") and baselines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.docindex import doc_text
from kg.extract.statistics.lexicon import Lexicon
from kg.extract.statistics.numbers import number_words
from kg.extract.statistics.reading import Draft
from kg.extract.statistics.tokens import BASELINE_ADVERBS, WEEKDAYS, end_char, lower_at, match_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["attach_comparisons", "phrase_after"]


def phrase_after(doc: Doc, i: int, limit: int, stop_at_prep: bool = False) -> tuple[int, int] | None:
    """The baseline phrase starting at token i: up to punctuation, a conjunction or a verb
    (and, for a share, a preposition: "29% of United through its vehicle")."""
    j = i
    abbreviations = number_words().abbreviations
    while j < limit and j - i < 8:
        t = doc[j]
        if t.lower_.removesuffix(".") in abbreviations and j > i and doc[j - 1].like_num:
            j += 1  # "£138 m": the scale, whatever the tagger made of it
            if t.text.endswith("."):
                break  # "m." closes the sentence
            continue
        glued_dash = t.text == "-" and not doc[j - 1].whitespace_ and bool(t.whitespace_ == "")
        stop = (
            (t.is_punct and t.text not in ("$", "£", "€", "%", "-", "'s"))
            or t.pos_ in ("CCONJ", "VERB", "AUX", "SCONJ", "ADV")
            or t.lower_ in ("while", "which", "when")
        )
        if t.lower_ in BASELINE_ADVERBS:
            stop = False  # "from a year earlier"
        if t.tag_ == "VBN" and j > i and doc[j - 1].pos_ in ("ADV", "DET"):
            stop = False  # "the previously reported $732m"
        if t.text == "-" and not glued_dash:
            stop = True  # a spaced dash starts an aside
        if (stop_at_prep and t.pos_ == "ADP" and j > i) or t.lower_ in ("to", "by"):
            stop = True  # "fell 6.87% on the news to $10.44": "to" starts the new level
        if stop:
            break
        j += 1
    return (i, j) if j > i else None


# How a figure hangs from the verb whose change it measures: "rose 5%" (npadvmod/dobj),
# "rose by 5%" (pobj of by), "5% rise" is handled as a noun.
_MEASURE_DEPS = frozenset(["npadvmod", "dobj", "advmod", "pobj", "nsubj", "attr", "oprd", "appos", "conj"])


def _change_from_parse(doc: Doc, draft: Draft, lex: Lexicon) -> tuple[str, Token] | None:
    """The change word that the statistic measures: "rose 5%", "growth of 5%", "rose by 5%"."""
    tok = _span_root(doc, draft.start, draft.end, doc[draft.anchor])
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("from", "than", "over", "on", "against", "with"):
        return None  # this statistic is itself a baseline
    if tok.dep_ == "pobj" and head.lower_ in ("by", "of", "to"):
        head = head.head
    if head.i == tok.i:
        return None
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") and lemma in lex.change_verbs and tok.dep_ in _MEASURE_DEPS:
        return lex.change_verbs[lemma], head
    if head.pos_ == "NOUN" and lemma in lex.change_nouns:
        return lex.change_nouns[lemma], head
    return None


def _span_root(doc: Doc, start: int, end: int, default: Token) -> Token:
    """The token of a span that hangs from outside it: the small model attaches "$200m" as
    "200" <- "to" with "m" under "200", not the other way round."""
    roots = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return roots[0] if len(roots) == 1 else default


def _baseline_from(doc: Doc, word: Token, lex: Lexicon) -> tuple[int, int] | None:
    """The object of a baseline preposition under a change word: "over 2008", "from $639m"."""
    for child in word.children:
        if child.lower_ in lex.baseline_preps and child.i > word.i:
            # The words after the preposition, not the parse subtree: the small model often
            # splits "$639m" into two objects.
            phrase = phrase_after(doc, child.i + 1, word.sent.end)
            if phrase and _looks_like_baseline(doc, phrase, strict=child.lower_ in ("on", "over")):
                return phrase
        if child.lower_ == "compared":
            for grand in child.children:
                objects = [c for c in grand.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0].left_edge.i, objects[0].right_edge.i + 1
    return None


def _baseline_after(doc: Doc, end: int, lex: Lexicon, limit: int) -> tuple[str | None, tuple[int, int] | None] | None:
    """A baseline phrase right after the statistic: "from a year earlier", ", down from 12%",
    "compared with 12% in 2003". Returns (change type or None, phrase token range)."""
    i = end
    if lower_at(doc, i) == "(":  # a conversion in brackets: "$434m (£231m), compared to $732m"
        close = next((k for k in range(i + 1, min(i + 10, limit)) if doc[k].text == ")"), None)
        if close is not None:
            i = close + 1
    direct = i == end and lower_at(doc, i) != ","
    if lower_at(doc, i) == ",":
        i += 1
    if direct:
        for seq, kind in lex.direct_comparisons:
            if match_at(doc, i, seq, limit):
                nxt = doc[i + len(seq)] if i + len(seq) < limit else None
                if nxt is not None and (nxt.like_num or nxt.text in lex.currency_symbols):
                    return None  # "over the past six months more than 63,000 phones": the next figure's "more than"
                phrase = phrase_after(doc, i + len(seq), limit)
                return (kind, phrase)
    for seq, kind in lex.after_change:
        if match_at(doc, i, seq, limit):
            phrase = phrase_after(doc, i + len(seq), limit)
            if phrase is None or not _looks_like_baseline(doc, phrase, strict=False):
                return (kind, None)  # "12% down on Wednesday": a fall, against no baseline
            return (kind, phrase)
    for seq in lex.compared_phrases:
        if match_at(doc, i, seq, limit):
            phrase = phrase_after(doc, i + len(seq), limit)
            return (None, phrase) if phrase else None
    if direct and lower_at(doc, i) in lex.baseline_preps:
        phrase = phrase_after(doc, i + 1, limit)
        if phrase is None or not _looks_like_baseline(doc, phrase, strict=lower_at(doc, i) != "from"):
            return None
        return ("?", phrase)
    return None


_TIME_WORDS = frozenset(["year", "quarter", "month", "week", "period", "level", "levels", "figure"])


def _looks_like_baseline(doc: Doc, phrase: tuple[int, int], strict: bool) -> bool:
    """A weekday is when, not what against: "down 1.2% on Tuesday". After "on"/"over" the
    baseline must name a time or a figure ("on last year", "over 2008"), not "on hopes"."""
    words = doc[phrase[0] : phrase[1]]
    if words.text.lower() in WEEKDAYS:
        return False
    if not strict:
        return True
    return any(t.ent_type_ == "DATE" or t.like_num or t.lower_ in _TIME_WORDS or t.lemma_ in _TIME_WORDS for t in words)


def attach_comparisons(doc: Doc, drafts: list[Draft], lex: Lexicon) -> None:
    starts = {d.start for d in drafts}
    for draft in drafts:
        sent = doc[draft.core.start].sent if draft.core else doc[draft.start].sent
        kind: str | None = None
        baseline: tuple[int, int] | None = None
        change_token: Token | None = None
        if draft.change_word is not None:
            change_token = doc[draft.change_word]
            kind = lex.change_nouns.get(change_token.lemma_.lower())
        elif draft.adverb_kind:
            kind = draft.adverb_kind
        else:
            found = _change_from_parse(doc, draft, lex)
            if found:
                kind, change_token = found
        if change_token is not None:
            baseline = _baseline_from(doc, change_token, lex)
        after = _baseline_after(doc, draft.end, lex, sent.end)
        if after is not None:
            after_kind, phrase = after
            if after_kind == "?":
                if kind is not None and baseline is None:
                    baseline = phrase  # "up 5% from a year earlier"
            elif after_kind is not None:
                kind, baseline = after_kind, phrase or baseline
            elif baseline is None:
                kind, baseline = kind or "compared with", phrase
        if kind is None and draft.unit == "percent" and lower_at(doc, draft.end) == "of":
            phrase = phrase_after(doc, draft.end + 1, sent.end, stop_at_prep=True)
            if phrase:
                kind = "share"
                baseline = phrase
        if kind is None:
            continue
        text = None
        if baseline is not None:
            text = doc_text(doc)[doc[baseline[0]].idx : end_char(doc, baseline[1])]
            # Take the baseline into the span when it is right after it and holds no other
            # statistic (which keeps its own span): "a 37 percent increase over 2008".
            gap = baseline[0] - draft.end
            inside = any(baseline[0] <= s < baseline[1] for s in starts)
            if 0 <= gap <= 2 and not inside and doc[draft.end].text != ",":
                draft.end = baseline[1]
                draft.baseline_tokens = baseline
            else:
                draft.baseline_tokens = baseline
        draft.comparison = {"type": kind, "baseline": text}
