"""`kg serve` as a real process on 127.0.0.1 over the seed's store: pages, search, downloads,
and the read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET

import httpx
import pytest

from tests.helpers import KG

ASK = "ASK { GRAPH ?g { ?s ?p ?o } }"
SELECT = """PREFIX schema: <https://schema.org/>
SELECT ?name WHERE { GRAPH ?g { ?a a schema:Person ; schema:name ?name } } ORDER BY ?name"""


@pytest.fixture(scope="module")
def client(seed_app):
    with httpx.Client(base_url=seed_app, timeout=30) as c:
        yield c


def _dump(store) -> str:
    done = subprocess.run(
        [str(KG), "export", "-f", "nquads", "--store", str(store)], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_overview_names_the_top_speaker(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Liu Zhengrong" in page.text and "Wang Chen" in page.text
    assert 'href="/actor/Person/Liu%20Zhengrong"' in page.text


def test_search_finds_names_and_statements(client):
    page = client.get("/search", params={"q": "Liu"})
    assert page.status_code == 200
    assert 'href="/actor/Person/Liu%20Zhengrong"' in page.text
    rows = client.get("/search", params={"q": "hacking", "list": "statements", "format": "json"}).json()
    assert rows and all("hacking" in r["text"].lower() for r in rows)
    assert client.get("/search", params={"q": "no such words at all", "format": "json"}).json() == []


def test_actor_page_lists_statements_with_provenance(client):
    page = client.get("/actor/Person/Liu Zhengrong")
    assert page.status_code == 200
    assert "major victim of cyberattacks" in page.text
    assert "/article/china-cybersecurity-2010#st-" in page.text  # each statement links into its article
    assert "Who Liu Zhengrong talks about" in page.text
    rows = list(csv.DictReader(io.StringIO(client.get("/actor/Person/Liu Zhengrong", params={"format": "csv"}).text)))
    assert len(rows) == 13 and {r["article"] for r in rows} == {"china-cybersecurity-2010"}
    about = client.get("/actor/Country/China", params={"list": "about", "format": "json"}).json()
    assert about and all(r["speaker"] != "China" for r in about)
    assert client.get("/actor/Person/Nobody Here").status_code == 404


def test_article_page_marks_statements_speakers_and_numbers(client):
    page = client.get("/article/china-cybersecurity-2010")
    assert page.status_code == 200
    assert page.text.count('class="st') >= 16  # every statement's words are marked
    assert 'class="ac' in page.text and 'href="/actor/Person/Liu%20Zhengrong"' in page.text
    assert 'class="num' in page.text or "num st" in page.text
    assert client.get("/article/not-an-article").status_code == 404


@pytest.mark.parametrize("path", ["/articles", "/speakers"])
def test_lists_download_as_csv_and_json(client, path):
    as_json = client.get(path, params={"format": "json"})
    assert as_json.headers["content-type"].startswith("application/json")
    rows = as_json.json()
    as_csv = client.get(path, params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(as_csv.text))) == [{k: str(v) for k, v in r.items()} for r in rows]


def test_graph_page_is_served(client):
    page = client.get("/graph")
    assert page.status_code == 200 and "Liu Zhengrong" in page.text and "cytoscape" in page.text.lower()


def test_sparql_ask_get_and_post(client):
    answer = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/sparql-results+json"
    assert answer.json() == {"head": {}, "boolean": True}
    posted = client.post("/sparql", content=ASK, headers={"Content-Type": "application/sparql-query"})
    assert posted.json()["boolean"] is True
    form = client.post("/sparql", data={"query": ASK}, headers={"Accept": "application/sparql-results+xml"})
    assert form.headers["content-type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(form.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparql_select_in_every_result_format(client, fmt):
    answer = client.get("/sparql", params={"query": SELECT, "format": fmt})
    assert answer.status_code == 200, answer.text
    if fmt == "json":
        names = [b["name"]["value"] for b in answer.json()["results"]["bindings"]]
    elif fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        names = [b.find(f"{ns}literal").text for b in ET.fromstring(answer.content).iter(f"{ns}binding")]
    elif fmt == "csv":
        names = [r["name"] for r in csv.DictReader(io.StringIO(answer.text))]
    else:
        lines = answer.text.splitlines()
        assert lines[0] == "?name"
        names = [json.loads(line) for line in lines[1:]]  # "Liu Zhengrong" in N-Triples form
    assert "Liu Zhengrong" in names and "Wang Chen" in names


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {"method": "POST", "content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "GET", "params": {"query": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"}},
        {"method": "POST", "data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    ],
)
def test_sparql_update_is_refused_and_the_store_unchanged(client, seed_store, request_kwargs):
    before = _dump(seed_store)
    kwargs = dict(request_kwargs)
    answer = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert answer.status_code == 403, answer.text
    assert "read" in answer.text  # "read-only" / "only reads"
    assert _dump(seed_store) == before and before.count("\n") > 1000


def test_sparql_bad_queries_are_400_with_the_reason(client):
    answer = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert answer.status_code == 400 and "syntax error" in answer.text
    answer = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"})
    assert answer.status_code == 400 and "SERVICE" in answer.text
    assert client.get("/sparql").status_code == 400
    assert "<form" in client.get("/sparql", headers={"Accept": "text/html"}).text


def test_long_lists_are_paged_but_downloads_are_whole(client, monkeypatch):
    from kg.serve import app as web

    rows = client.get("/speakers", params={"format": "json"}).json()
    assert len(rows) > 1
    # The seed has few speakers: page the running server's list by asking for a page past the end.
    page = client.get("/speakers", params={"page": "2"})
    assert page.status_code == 200 and "Liu Zhengrong" not in page.text
    assert web.PAGE_ROWS >= 100
    assert "Liu Zhengrong" in client.get("/speakers", params={"page": "1"}).text
    assert client.get("/speakers", params={"page": "x"}).status_code == 200
