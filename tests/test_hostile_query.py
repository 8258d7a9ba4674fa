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
