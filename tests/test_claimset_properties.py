"""Property-based tests of ClaimSet validation: any ClaimSet built honestly over any text is
accepted, and any single corruption a hand editor might make is refused with a
ClaimSetError naming the field (never another exception type)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ClaimSetError
from kg.models import parse_claimset

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@st.composite
def claimset_data(draw) -> dict:
    text = draw(TEXT)

    def span() -> dict:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        return {"start": start, "end": end, "text": text[start:end]}

    n_actors = draw(st.integers(1, 4))
    actors = [
        {"id": f"a{i}", "name": f"Actor {i}", "type": draw(st.sampled_from(["Person", "Organization", "Country"])),
         "mentions": [span() for _ in range(draw(st.integers(0, 3)))]}
        for i in range(n_actors)
    ]
    actor_ids = [a["id"] for a in actors]
    statements = [
        {"id": f"s{i}", "kind": draw(st.sampled_from(["direct", "partial", "indirect"])),
         "content": [span() for _ in range(draw(st.integers(1, 2)))],
         "speaker": draw(st.sampled_from([None, *actor_ids])),
         "cue": draw(st.one_of(st.none(), st.builds(span))),
         "via": draw(st.sampled_from([None, *actor_ids]))}
        for i in range(draw(st.integers(1, 4)))
    ]
    statistics = [
        {"id": f"n{i}", "span": span(), "value": draw(st.floats(allow_nan=False, allow_infinity=False)),
         "unit": "percent", "statement": draw(st.sampled_from([None, *[s["id"] for s in statements]]))}
        for i in range(draw(st.integers(0, 3)))
    ]
    return {"article": {"id": "prop", "source": "<text>", "text": text},
            "actors": actors, "statements": statements, "statistics": statistics}


def corrupt(data: dict, how: str) -> tuple[dict, str]:
    """One editing mistake, and the words the error message must contain."""
    bad = copy.deepcopy(data)
    statement = bad["statements"][0]
    if how == "offsets past the end":
        statement["content"][0] = {"start": len(bad["article"]["text"]) + 5,
                                   "end": len(bad["article"]["text"]) + 6, "text": "x"}
        return bad, "statements[0] (s0).content[0]"
    if how == "text that is not at the offsets":
        first = bad["article"]["text"][0]
        statement["content"][0] = {"start": 0, "end": 1, "text": "b" if first == "a" else "a"}
        return bad, "statements[0] (s0).content[0]: offsets 0:1 hold"
    if how == "dangling speaker":
        statement["speaker"] = "ghost"
        return bad, "statements[0] (s0).speaker"
    if how == "dangling statistic":
        bad["statistics"].append({"id": "nx", "span": {"start": 0, "end": 0, "text": ""}, "value": 1,
                                  "unit": "case", "statement": "s-missing"})
        return bad, ".statement"
    if how == "duplicate id":
        bad["actors"].append(copy.deepcopy(bad["actors"][0]))
        return bad, "duplicate id 'a0'"
    if how == "wrong type":
        statement["kind"] = 42
        return bad, "statements[0].kind"
    if how == "unknown field":
        statement["speeker"] = "a0"
        return bad, "speeker"
    raise AssertionError(how)


CORRUPTIONS = ["offsets past the end", "text that is not at the offsets", "dangling speaker",
               "dangling statistic", "duplicate id", "wrong type", "unknown field"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claimset_data())
def test_honest_claimsets_are_accepted(data):
    claims = parse_claimset(data)
    text = claims.article.text or ""
    for _, span in claims.spans():
        assert text[span.start : span.end] == span.text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claimset_data(), st.sampled_from(CORRUPTIONS))
def test_every_corruption_is_refused_by_name(data, how):
    bad, words = corrupt(data, how)
    try:
        parse_claimset(bad, where="edited.yaml")
    except ClaimSetError as exc:
        message = str(exc)
    else:
        raise AssertionError(f"{how} was accepted")
    assert message.startswith("edited.yaml: ")
    assert "\n" not in message
    assert words in message, (words, message)
