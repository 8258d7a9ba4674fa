"""The statistics word lists (kg/extract/data/statistics_*.yaml, read through the extractors'
one loader, kg.extract.lexicon), gathered once into one frozen record. Month names come from
the shared months.txt."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.errors import KGError
from kg.extract.lexicon import load_yaml, month_numbers

__all__ = ["Lexicon", "Phrases", "lexicon"]

_WHERE = "kg/extract/data/statistics_*.yaml"


@dataclass(frozen=True)
class Lexicon:
    approximators: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    currency_symbols: dict[str, str]
    currency_words: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    currency_codes: frozenset[str]
    percent: tuple[tuple[str, ...], ...]
    points: tuple[tuple[tuple[str, ...], str], ...]
    time_units: dict[str, str]
    round_time_units: frozenset[str]
    unit_aliases: dict[str, str]
    unit_prefixes: frozenset[str]
    selection_adjectives: frozenset[str]
    compound_counts: frozenset[str]
    placeholder_nouns: frozenset[str]
    rates: tuple[tuple[tuple[str, ...], str], ...]
    months: frozenset[str]
    month_numbers: dict[str, int]  # month names and abbreviations -> 1..12
    age_before: frozenset[str]
    not_units: frozenset[str]
    unit_lemmas: dict[str, str]
    singular_counts: frozenset[str]
    clock_after: frozenset[str]
    name_before: frozenset[str]
    person_nouns: frozenset[str]
    saying_verbs: frozenset[str]
    time_point_after: frozenset[str]
    race_nouns: frozenset[str]  # "the 60m hurdles": a glued m is metres
    change_nouns: dict[str, str]
    change_verbs: dict[str, str]
    change_adverbs: dict[str, str]
    baseline_preps: frozenset[str]
    compared_phrases: tuple[tuple[str, ...], ...]
    after_change: tuple[tuple[tuple[str, ...], str], ...]
    direct_comparisons: tuple[tuple[tuple[str, ...], str], ...]
    quantity_verbs: frozenset[str]  # statistics_measured.yaml: the subject is the quantity
    object_verbs: frozenset[str]  # the direct object is what the number measures
    pronouns: dict[str, str]  # pronoun -> "singular" / "plural"
    relative_pronouns: frozenset[str]  # "a deal that could be worth $6bn"
    measure_units: frozenset[str]  # units of measure, never the measured thing
    silent_verbs: frozenset[str]  # "compared with $165.8m": the verb says nothing measured
    taking_verbs: frozenset[str]  # "it took him two years to graduate": the purpose is measured
    interval_words: frozenset[str]  # "five days before the ceremony"
    distance_words: frozenset[str]  # "the film is four years away"


def _seq(words: Any) -> tuple[str, ...]:
    if isinstance(words, str):
        return tuple(words.lower().split())
    for word in words:
        if not isinstance(word, str):
            # YAML reads a bare on/off/yes/no as a boolean: the list would silently miss it.
            raise KGError(f"{_WHERE}: {word!r} in {words!r} is not a word; quote it")
    return tuple(w.lower() for w in words)


Phrases = tuple[tuple[tuple[str, ...], str], ...]


def _longest_first(pairs: list[tuple[tuple[str, ...], str]]) -> Phrases:
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    approx = load_yaml("statistics_approximators.yaml")
    units = load_yaml("statistics_units.yaml")
    changes = load_yaml("statistics_changes.yaml")
    measured = load_yaml("statistics_measured.yaml")
    try:
        change_of = {kind: changes[kind] for kind in ("increase", "decrease")}
        return Lexicon(
            approximators=_longest_first(
                [(_seq(phrase), kind) for kind, phrases in approx.items() for phrase in phrases]
            ),
            currency_symbols=dict(units["currency_symbols"]),
            currency_words=_longest_first([(_seq(words), code) for words, code in units["currency_words"].items()]),
            currency_codes=frozenset(units["currency_codes"]),
            percent=tuple(sorted((_seq(p) for p in units["percent"]), key=lambda s: -len(s))),
            points=_longest_first([(_seq(seq), name) for name, seq in units["points"]]),
            time_units={str(k): str(v) for k, v in units["time_units"].items()},
            round_time_units=frozenset(str(w) for w in units["round_time_units"]),
            unit_aliases={str(k): str(v) for k, v in units["unit_aliases"].items()},
            unit_prefixes=frozenset(str(w) for w in units["unit_prefixes"]),
            selection_adjectives=frozenset(str(w) for w in units["selection_adjectives"]),
            compound_counts=frozenset(str(w) for w in units["compound_counts"]),
            placeholder_nouns=frozenset(str(w) for w in units["placeholder_nouns"]),
            rates=_longest_first([(_seq(seq), period) for period, seqs in units["rates"].items() for seq in seqs]),
            months=frozenset(month_numbers()),
            month_numbers=month_numbers(),
            age_before=frozenset(units["age_before"]),
            not_units=frozenset(units["not_units"]),
            unit_lemmas={str(k): str(v) for k, v in units["unit_lemmas"].items()},
            singular_counts=frozenset(units["singular_counts"]),
            clock_after=frozenset(units["clock_after"]),
            name_before=frozenset(str(w) for w in units["name_before"]),
            person_nouns=frozenset(str(w) for w in units["person_nouns"]),
            saying_verbs=frozenset(str(w) for w in units["saying_verbs"]),
            time_point_after=frozenset(units["time_point_after"]),
            race_nouns=frozenset(str(w) for w in units["race_nouns"]),
            change_nouns={w: k for k, v in change_of.items() for w in v["nouns"]},
            change_verbs={w: k for k, v in change_of.items() for w in v["verbs"]},
            change_adverbs={w: k for k, v in change_of.items() for w in v["adverbs"]},
            baseline_preps=frozenset(str(p) for p in changes["baseline_preps"]),
            compared_phrases=tuple(_seq(p) for p in changes["compared_phrases"]),
            after_change=_longest_first(
                [(_seq(seq), kind) for kind, seqs in changes["after_change_phrases"].items() for seq in seqs]
            ),
            direct_comparisons=_longest_first(
                [(_seq(seq), kind) for kind, seqs in changes["direct_comparisons"].items() for seq in seqs]
            ),
            quantity_verbs=frozenset(str(w) for w in measured["quantity_verbs"]),
            object_verbs=frozenset(str(w) for w in measured["object_verbs"]),
            pronouns={str(k): str(v) for k, v in measured["pronouns"].items()},
            relative_pronouns=frozenset(str(w) for w in measured["relative_pronouns"]),
            measure_units=frozenset(str(w) for w in measured["measure_units"]),
            silent_verbs=frozenset(str(w) for w in measured["silent_verbs"]),
            taking_verbs=frozenset(str(w) for w in measured["taking_verbs"]),
            interval_words=frozenset(str(w) for w in measured["interval_words"]),
            distance_words=frozenset(str(w) for w in measured["distance_words"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KGError(f"{_WHERE}: missing or malformed entry {exc}") from None
