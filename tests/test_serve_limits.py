"""Hostile queries sent to a real `kg serve` process's /sparql (issue 14.8 for the endpoint).

Each query runs in a child process with a deadline, a memory limit and a row limit, so what
stopped `kg query` with one line (an engine abort, a huge answer, a query that never ends)
is one HTTP 400 here, and the server goes on answering. The limits are resource bounds set
on the server, not timing assertions.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.helpers import KG, free_port, start_answering, stop_server
from tests.test_hostile_query import _doubling, _million_rows

ASK = "ASK { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def limited(seed_store) -> Iterator[tuple[httpx.Client, object]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(KG), "serve", "--store", str(seed_store), "--port", str(port), "--timeout", "20",
               "--max-memory", "1", "--max-rows", "1000"]
    proc = start_answering(command, url + "/", "kg serve", seconds=60)
    with httpx.Client(base_url=url, timeout=120) as client:
        yield client, proc
    stop_server(proc)


def _still_answers(client: httpx.Client, proc) -> None:
    assert proc.poll() is None, "the server died"
    answer = client.get("/sparql", params={"query": ASK, "format": "json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_a_string_that_outgrows_memory_is_a_400_and_the_server_lives(limited):
    """CONCAT doubling to 2**31 characters aborts Oxigraph (Rust aborts when an allocation
    fails): in the server process itself that ended the server."""
    client, proc = limited
    answer = client.get("/sparql", params={"query": _doubling(30)})
    assert answer.status_code == 400, answer.text
    assert "needed more than 1 GB of memory" in answer.text and "kg serve --max-memory" in answer.text
    assert len(answer.text.strip().splitlines()) == 1
    _still_answers(client, proc)


def test_an_answer_over_the_row_limit_is_refused_with_the_way_out(limited):
    """A million rows were collected and serialized in the server's memory; now the child
    reads at most --max-rows + 1 of them and says how to page."""
    client, proc = limited
    answer = client.get("/sparql", params={"query": _million_rows(), "format": "csv"})
    assert answer.status_code == 400, answer.text[:500]
    assert "more than 1000 rows" in answer.text and "LIMIT and OFFSET" in answer.text
    paged = client.get("/sparql", params={"query": _million_rows() + " LIMIT 1000 OFFSET 5000", "format": "csv"})
    assert paged.status_code == 200 and len(paged.text.splitlines()) == 1001
    _still_answers(client, proc)


def test_a_query_that_never_ends_is_stopped_at_the_timeout(limited):
    """Counting 10**10 combinations takes next to no memory and hours of time; the child is
    killed at kg serve --timeout (the engine cannot be cancelled from inside)."""
    client, proc = limited
    values = " ".join(str(i) for i in range(100))
    joins = " ".join(f"VALUES ?v{i} {{ {values} }}" for i in range(5))
    answer = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {joins} }}"})
    assert answer.status_code == 400, answer.text
    assert "query stopped after 20 s (kg serve --timeout)" in answer.text
    _still_answers(client, proc)


def test_updates_and_service_are_still_refused_in_the_child(limited):
    client, _ = limited
    update = client.get("/sparql", params={"query": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert update.status_code == 403 and "only reads" in update.text
    service = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"})
    assert service.status_code == 400 and "SERVICE" in service.text
