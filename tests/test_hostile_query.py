"""Hostile queries through the real `kg query` (issue 14, items 1 and 8).

The SERVICE guard must judge the query as Oxigraph reads it: a real HTTP server on
127.0.0.1 stands in for the remote endpoint and records whether anything called it.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_bad_input import run_kg


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL-looking HTTP endpoint that records every request it gets."""
    calls: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            calls.append(self.path)
            body = b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", calls
    server.shutdown()
    server.server_close()


# A valid query for both parsers, but only rdflib (which decodes \uXXXX before parsing)
# sees the SERVICE inside a string; Oxigraph sees a comment and then the SERVICE.
HIDDEN_IN_COMMENT = """SELECT * WHERE {
# \\u000a BIND(\"\"\"
SERVICE <URL> { ?s ?p ?o }
# \\u000a \"\"\" AS ?x)
}"""


@pytest.mark.parametrize("text", [HIDDEN_IN_COMMENT], ids=["comment-escape"])
def test_service_hidden_by_unicode_escapes_is_refused(endpoint, tmp_path, text):
    url, calls = endpoint
    query = tmp_path / "sneaky.rq"
    query.write_text(text.replace("URL", url), encoding="utf-8")
    result = run_kg("query", str(query), store=Path("memory:"), timeout=120)
    assert calls == [], "the query reached the remote endpoint"
    assert result.returncode == 1
    assert "SERVICE" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unicode_escapes_inside_strings_still_work(tmp_path):
    result = run_kg(
        "query", 'SELECT ?x WHERE { BIND("a\\u0041\\\\u0041" AS ?x) }', "-f", "csv", store=Path("memory:")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["x", "aA\\u0041"]


# ------------------------------------------------------------------ item 8: bounded answers


def _doubling(times: int) -> str:
    """A string that doubles `times` times: 2**(times+1) characters from a 2-character seed."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT ?n WHERE {{ BIND("ab" AS ?a0) {binds} BIND(STRLEN(?a{times}) AS ?n) }}'


def _million_rows() -> str:
    values = " ".join(str(i) for i in range(100))
    return f"SELECT ?a ?b ?c WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    from tests.test_bad_input import SEED_GOLD

    store = tmp_path_factory.mktemp("query-store") / "kg"
    assert run_kg("load", str(SEED_GOLD), store=store).returncode == 0
    return store


def _one_line_error(result, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-2000:]
    assert "panicked" not in result.stderr and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_string_that_outgrows_memory_is_one_line_not_an_abort(seed_store):
    """CONCAT doubling to 2**31 characters: the engine's allocation failure aborted kg with a
    Rust backtrace (exit 134) whatever --timeout was. The query runs in a child process
    with an address-space limit; its death is one line, and the store is unchanged."""
    from tests.test_bad_input import store_dump

    before = store_dump(seed_store)
    result = run_kg("query", _doubling(30), "--max-memory", "0.5", "--timeout", "120", store=seed_store)
    _one_line_error(result, "needed more than 0.5 GB of memory", "--max-memory")
    assert store_dump(seed_store) == before


def test_a_million_rows_as_a_table_shows_the_first_rows_and_says_so(seed_store):
    """A 1M-row answer took 4.1 GB to print as a table. A table shows 1000 rows by default
    and says how to see all; the engine stops there, so kg itself runs under a 1 GB
    address-space limit (a resource bound, not a timing assertion)."""
    import resource
    import subprocess

    from tests.test_bad_input import KG

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**__import__("os").environ, "KG_STORE": str(seed_store)}
    result = subprocess.run([*KG, "query", _million_rows()], capture_output=True, text=True, env=env,
                            timeout=600, preexec_fn=limited)
    assert result.returncode == 0, result.stderr[-500:]
    assert "first 1000 rows; more not shown (--limit 0 or -f csv shows all)" in " ".join(result.stdout.split())
    body = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(body) == 1000
    shown = run_kg("query", _million_rows(), "--limit", "5", store=seed_store)
    assert shown.returncode == 0 and len([x for x in shown.stdout.splitlines() if x.startswith("│")]) == 5


def test_writing_the_rows_counts_in_the_timeout(seed_store):
    """The 1M-row CSV was formatted after --timeout had stopped counting: now the answer is
    written within it, or the run stops with the timeout's one line and prints no rows."""
    result = run_kg("query", _million_rows(), "-f", "csv", "--timeout", "2", store=seed_store)
    _one_line_error(result, "query stopped after 2 s (--timeout)")


def test_a_million_rows_as_csv_are_streamed_in_bounded_memory(seed_store):
    """-f csv writes every row of a 1M-row answer (4.1 GB before): rows go from the engine
    to the output one at a time, so kg runs under a 1 GB address-space limit."""
    import os
    import resource
    import subprocess

    from tests.test_bad_input import KG

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "KG_STORE": str(seed_store)}
    result = subprocess.run([*KG, "query", _million_rows(), "-f", "csv", "--timeout", "1500"], capture_output=True,
                            text=True, env=env, timeout=1800, preexec_fn=limited)
    assert result.returncode == 0, result.stderr[-500:]
    lines = result.stdout.splitlines()
    assert lines[0] == "a,b,c" and len(lines) == 1_000_001 and len(set(lines)) == 1_000_001


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streamed_answers_are_the_collected_ones(seed_store, fmt):
    """Streamed csv/json (every row) is the same text as the collected answer (--limit)."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    streamed = run_kg("query", query, "-f", fmt, store=seed_store)
    collected = run_kg("query", query, "-f", fmt, "--limit", "1000000", store=seed_store)
    assert streamed.returncode == collected.returncode == 0, streamed.stderr + collected.stderr
    assert streamed.stdout == collected.stdout and len(streamed.stdout.splitlines()) > 2000
    empty = "SELECT ?x WHERE { FILTER(false) }"
    assert run_kg("query", empty, "-f", fmt, store=seed_store).stdout == run_kg(
        "query", empty, "-f", fmt, "--limit", "5", store=seed_store).stdout


# ------------------------------------------------- item 8: remote and CONSTRUCT answers streamed


def _million_triples() -> str:
    """A CONSTRUCT of 1,000,000 distinct triples (10,000 subjects x 100 objects), no data needed."""
    values = " ".join(str(i) for i in range(100))
    return (f"CONSTRUCT {{ ?s <urn:kg:p> ?c }} WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
            f'VALUES ?c {{ {values} }} BIND(IRI(CONCAT("urn:kg:", STR(?a), "-", STR(?b))) AS ?s) }}')


def _under_1_gb(store: str, query: str, fmt: str = "csv"):
    import os
    import resource
    import subprocess

    from tests.test_bad_input import KG

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    # RLIMIT_AS counts address space reserved, not used: glibc reserves an arena per thread
    # (64 MB each), so the same query needs 1 GB of address space on one machine and 1.3 GB on
    # another with more threads. Two arenas keep the limit about memory the query really uses.
    env["MALLOC_ARENA_MAX"] = "2"
    return subprocess.run([*KG, "query", query, "-f", fmt, "--timeout", "1500", "--store", store],
                          capture_output=True, text=True, env=env, timeout=1800, preexec_fn=limited)


def test_a_million_rows_from_a_remote_store_are_streamed_in_bounded_memory(server):
    """A remote store's answer was read whole, then converted (over 1 GB for 1M rows): now
    the rows are parsed from the HTTP response as they arrive (a real oxigraph server)."""
    result = _under_1_gb(server, _million_rows())
    assert result.returncode == 0, result.stderr[-500:]
    lines = result.stdout.splitlines()
    assert lines[0] == "a,b,c" and len(lines) == 1_000_001 and len(set(lines)) == 1_000_001


def test_a_million_rows_from_a_remote_store_as_a_table_read_only_the_first(server):
    """A table of a remote answer read the whole response and converted every row; now
    only the rows shown (and one more) are read from the response."""
    result = _under_1_gb(server, _million_rows(), "table")
    assert result.returncode == 0, result.stderr[-500:]
    assert "first 1000 rows; more not shown" in " ".join(result.stdout.split())
    assert len([line for line in result.stdout.splitlines() if line.startswith("│")]) == 1000


@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_a_million_constructed_triples_are_streamed_in_bounded_memory(seed_store, server, where):
    """CONSTRUCT answers were collected into an rdflib graph (over 1 GB for 1M triples): now
    each triple is written as the engine, or the server's response, yields it."""
    result = _under_1_gb(str(seed_store) if where == "embedded" else server, _million_triples())
    assert result.returncode == 0, result.stderr[-500:]
    lines = result.stdout.splitlines()
    assert lines[0] == "subject,predicate,object" and len(set(lines[1:])) == len(lines) - 1 == 1_000_000
    assert "urn:kg:99-99,urn:kg:p,99" in lines


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streamed_graphs_and_remote_rows_are_the_collected_ones(seed_store, server, fmt):
    """Streamed triples are the collected graph's (in the engine's order); remote rows are the
    collected remote rows, text for text."""
    import json

    def rows(result) -> list[str]:
        assert result.returncode == 0, result.stderr
        if fmt == "csv":
            return sorted(result.stdout.splitlines()[1:])
        return sorted(json.dumps(b, sort_keys=True) for b in json.loads(result.stdout)["results"]["bindings"])

    graph = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    streamed = rows(run_kg("query", graph, "-f", fmt, store=seed_store))
    assert streamed == rows(run_kg("query", graph, "-f", fmt, "--limit", "1000000", store=seed_store))
    assert len(streamed) > 1000
    select = _million_rows() + " ORDER BY ?a ?b ?c LIMIT 2000"
    remote = run_kg("query", select, "-f", fmt, store=server)
    assert remote.returncode == 0 and remote.stdout == run_kg(
        "query", select, "-f", fmt, "--limit", "5000", store=server).stdout


def test_a_remote_answer_cut_off_midway_is_one_line(tmp_path):
    """A server that stops in the middle of its answer: one line naming the cut, no rows."""
    import http.server
    import threading

    body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + b'{"s": {"type": "literal", "value": "x"}},' * 5000

    class Cut(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)  # and closes: the JSON never ends

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Cut)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_kg("query", "SELECT ?s WHERE { ?s ?p ?o }", "-f", "csv",
                        store=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    _one_line_error(result, "cut off or malformed")
