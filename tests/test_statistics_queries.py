"""The statistics queries across articles: `statistics` filtered by measured thing, entity and
unit (parameters bound, never pasted), and `same-statistic`, the same number asserted in
several articles with who asserted it in each. On every store backend and rdflib's engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.models import ClaimSet
from kg.queries import run_query
from kg.rdf_mapping import claimset_to_graph
from tests.backends import BACKENDS, open_backend

# Two wire stories and a column give the same unemployment figure; one also counts jobs.
TEXTS = {
    "wire-a": 'Germany\'s unemployment rate rose to 10.8% in January, the ministry said. "Jobs are scarce," '
    "Wolfgang Clement said. The firm cut 1,000 jobs.",
    "wire-b": "The unemployment rate in Germany is 10.8%, the Bundesbank said.",
    "column-c": "Unemployment rates of 10.8% are a disgrace. Profits rose 5%.",
}


def span(text: str, words: str) -> dict:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def stat(text: str, sid: str, words: str, value: float, unit: str, measured: str, **more) -> dict:
    return {"id": sid, "span": span(text, words), "value": value, "unit": unit,
            "measured": span(text, measured), **more}


def claimsets() -> list[ClaimSet]:
    a, b, c = TEXTS["wire-a"], TEXTS["wire-b"], TEXTS["column-c"]
    return [
        ClaimSet.model_validate({
            "article": {"id": "wire-a", "source": "a.txt", "text": a, "publisher": "Wire"},
            "actors": [
                {"id": "a1", "name": "Germany", "type": "Country", "mentions": [span(a, "Germany")]},
                {"id": "a2", "name": "labour ministry", "type": "Organization", "aliases": ["the ministry"],
                 "mentions": [span(a, "the ministry")]},
                {"id": "a3", "name": "Wire", "type": "Organization"},
            ],
            "statements": [
                {"id": "s1", "kind": "indirect", "speaker": "a2",
                 "content": [span(a, "Germany's unemployment rate rose to 10.8% in January")]},
            ],
            "statistics": [
                stat(a, "n1", "10.8%", 10.8, "percent", "unemployment rate", about="a1", date="2005-01",
                     statement="s1", asserted_by="a2"),
                stat(a, "n2", "1,000 jobs", 1000, "job", "jobs", asserted_by="a3"),
            ],
        }),
        ClaimSet.model_validate({
            "article": {"id": "wire-b", "source": "b.txt", "text": b},
            "actors": [
                {"id": "b1", "name": "Germany", "type": "Country", "mentions": [span(b, "Germany")]},
                {"id": "b2", "name": "Bundesbank", "type": "Organization", "mentions": [span(b, "Bundesbank")]},
            ],
            "statements": [
                {"id": "s1", "kind": "indirect", "speaker": "b2",
                 "content": [span(b, "The unemployment rate in Germany is 10.8%")]},
            ],
            "statistics": [
                stat(b, "n1", "10.8%", 10.8, "percent", "unemployment rate", about="b1", statement="s1",
                     asserted_by="b2"),
            ],
        }),
        ClaimSet.model_validate({
            "article": {"id": "column-c", "source": "c.txt", "text": c},
            "statistics": [
                stat(c, "n1", "10.8%", 10.8, "percent", "Unemployment rates"),
                stat(c, "n2", "5%", 5, "percent", "Profits"),
            ],
        }),
    ]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path):
    st = open_backend(request.param, tmp_path, request)
    for claims in claimsets():
        st.put_article(*claimset_to_graph(claims))
    yield st
    st.close()


def spans(store, **params: str) -> list[tuple[str | None, ...]]:
    result = run_query(store, "statistics", params)
    col = {name: i for i, name in enumerate(result.columns)}
    return [(r[col["article"]], r[col["span"]], r[col["speaker"]]) for r in result.rows]


def test_statistics_shows_who_asserted_each_number(store):
    result = run_query(store, "statistics", {"article": "wire-a"})
    col = {name: i for i, name in enumerate(result.columns)}
    by_span = {r[col["span"]]: r for r in result.rows}
    rate, jobs = by_span["10.8%"], by_span["1,000 jobs"]
    assert rate[col["speaker"]] == "labour ministry"  # the speaker of its statement
    assert jobs[col["speaker"]] == "Wire"  # the journalist's own text: the publisher
    assert (rate[col["measuredText"]], rate[col["about"]], rate[col["date"]]) == (
        "unemployment rate", "Germany", "2005-01")


def test_statistics_filtered_by_measured_thing(store):
    assert spans(store, measured="UNEMPLOYMENT") == [
        ("column-c", "10.8%", "(journalist)"),
        ("wire-a", "10.8%", "labour ministry"),
        ("wire-b", "10.8%", "Bundesbank"),
    ]
    assert spans(store, measured="profit") == [("column-c", "5%", "(journalist)")]
    assert spans(store, measured="nothing like it") == []


def test_statistics_filtered_by_entity_about_or_asserting(store):
    assert spans(store, entity="germany") == [("wire-a", "10.8%", "labour ministry"), ("wire-b", "10.8%", "Bundesbank")]
    assert spans(store, entity="the ministry") == [("wire-a", "10.8%", "labour ministry")]  # an alias
    assert spans(store, entity="Wire") == [("wire-a", "1,000 jobs", "Wire")]


def test_statistics_filtered_by_unit_and_combined(store):
    assert spans(store, unit="job") == [("wire-a", "1,000 jobs", "Wire")]
    assert spans(store, unit="percent", entity="Bundesbank") == [("wire-b", "10.8%", "Bundesbank")]
    assert len(spans(store)) == 5


def test_a_parameter_value_is_bound_not_pasted(store):
    hostile = 'x")) } } SELECT * WHERE { ?s ?p ?o } #'
    assert spans(store, measured=hostile) == []
    assert spans(store, entity=hostile) == []


def test_same_number_in_several_articles(store):
    result = run_query(store, "same-statistic", {})
    assert result.columns == [
        "value", "unit", "measured", "articles", "asserters", "article", "assertedBy", "about", "span", "start"]
    assert [(r[2], r[3], r[4], r[5], r[6], r[7]) for r in result.rows] == [
        ("Unemployment rates", "3", "3", "column-c", "(journalist)", None),
        ("unemployment rate", "3", "3", "wire-a", "labour ministry", "Germany"),
        ("unemployment rate", "3", "3", "wire-b", "Bundesbank", "Germany"),
    ]
    assert {float(r[0]) for r in result.rows} == {10.8}
    assert run_query(store, "same-statistic", {"unit": "job"}).rows == []


def more_claimsets() -> list[ClaimSet]:
    """Two more wires: the 1,000 jobs again (once from the same publisher as wire-a), the same
    debt figure from one source in both, and "two firms" in both."""
    d = "Two firms bid. The firm cut 1,000 jobs. Debt is 2bn euros, the Bundesbank said."
    e = "Two firms bid. The firm cut 1,000 jobs. Debt is 2bn euros, the Bundesbank said."
    sets = []
    for aid, text, publisher in (("wire-d", d, "Wire"), ("wire-e", e, None)):
        actors = [{"id": "x1", "name": "Bundesbank", "type": "Organization", "mentions": [span(text, "Bundesbank")]}]
        by_publisher = {}
        if publisher:
            actors.append({"id": "x2", "name": publisher, "type": "Organization"})
            by_publisher = {"asserted_by": "x2"}
        sets.append(ClaimSet.model_validate({
            "article": {"id": aid, "source": f"{aid}.txt", "text": text,
                        **({"publisher": publisher} if publisher else {})},
            "actors": actors,
            "statistics": [
                stat(text, "n1", "Two firms", 2, "firm", "firms", **by_publisher),
                stat(text, "n2", "1,000 jobs", 1000, "job", "jobs", **by_publisher),
                stat(text, "n3", "2bn euros", 2e9, "EUR", "Debt", asserted_by="x1"),
            ],
        }))
    return sets


def test_same_number_ranks_claims_worth_checking(store):
    """Small counts ("two firms") describe, they claim nothing: left out. Groups come by number
    of articles, then of distinct asserters (the publisher of wire-a and wire-d is one)."""
    for claims in more_claimsets():
        store.put_article(*claimset_to_graph(claims))
    rows = run_query(store, "same-statistic", {}).rows
    groups = []
    for value, unit, measured, articles, asserters, *_ in rows:
        group = (float(value), unit, measured.lower().rstrip("s"), articles, asserters)
        if group not in groups:
            groups.append(group)
    assert groups == [
        (10.8, "percent", "unemployment rate", "3", "3"),
        (1000.0, "job", "job", "3", "2"),
        (2e9, "EUR", "debt", "2", "1"),
    ]
    jobs = [(r[5], r[6]) for r in rows if r[1] == "job"]
    assert jobs == [("wire-a", "Wire"), ("wire-d", "Wire"), ("wire-e", "(journalist)")]
