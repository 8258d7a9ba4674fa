"""Web input through the real `kg` command (issue 8, and issue 14 items 4, 5, 11 for the
readers): URLs served by a real HTTP server on 127.0.0.1 (a good page, 404, timeout, too
large, redirect loop), a file of URLs, .html.gz, a WARC archive, non-English pages, pages
without an article; FIFOs and devices in an article folder, UTF-16 text, a byline followed by
200k spaces, 100k nested <div>s."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from webpages import BODY, FRENCH, NO_ARTICLE_PAGE, json_ld, news_page

from tests.helpers import PROGRESS_LINE, ROOT

KG = [sys.executable, "-m", "kg.cli"]
PAGE = news_page(head=json_ld(
    headline="Council approves new bridge", author={"@type": "Person", "name": "Jane Doe"},
    datePublished="2024-03-05", publisher={"@type": "Organization", "name": "Riverside Herald"}))
FETCH_TIMEOUT = 1.0  # seconds, given to kg as KG_FETCH_TIMEOUT; the slow page waits longer


def run_kg(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_FETCH_TIMEOUT": str(FETCH_TIMEOUT)}
    env.pop("KG_DEBUG", None)
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=timeout)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    return [line for line in lines if line.startswith("kg: ") and not PROGRESS_LINE.match(line)]


def claimsets(result: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def assert_spans_exact(claims: dict) -> None:
    text = claims["article"]["text"]
    spans = [c for s in claims["statements"] for c in s["content"]]
    spans += [m for a in claims["actors"] for m in a["mentions"]] + [n["span"] for n in claims["statistics"]]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


# ----------------------------------------------------------------------- a local web server


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        path = self.path
        self.server.requests.append((path, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        if path == "/good.html":
            self._send(200, PAGE.encode("utf-8"))
        elif path == "/moved":
            self._redirect("/good.html")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/slow.html":
            time.sleep(FETCH_TIMEOUT * 4)
            self._send(200, PAGE.encode("utf-8"))
        elif path == "/huge.html":  # no Content-Length: the limit must be counted while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(12):
                    self.wfile.write(b"<p>" + b"x" * (1024 * 1024) + b"</p>")
            except OSError:
                pass  # kg hung up, as it should
        elif path == "/fr.html":
            self._send(200, news_page(paragraphs=FRENCH, lang="fr").encode("utf-8"))
        else:
            self._send(404, b"<html><body>Not found</body></html>")

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def web() -> Iterator[tuple[str, list]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_urls_good_and_bad_with_skip_bad(web: tuple[str, list]) -> None:
    base, requests = web
    result = run_kg("extract", "-f", "jsonl", "--skip-bad", f"{base}/good.html", f"{base}/missing.html",
                    f"{base}/slow.html", f"{base}/huge.html", f"{base}/loop", f"{base}/moved", f"{base}/fr.html")
    assert result.returncode == 0, result.stderr
    lines = error_lines(result)
    assert len(lines) == 5, lines  # one line per failed URL
    expected = {"missing.html": "HTTP 404", "slow.html": "no answer within 1 s", "huge.html": "larger than 10 MB",
                "/loop": "more than 5 redirects", "fr.html": "in French (fr)"}
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in lines), (name, lines)
    found = claimsets(result)
    assert [c["article"]["source"] for c in found] == [f"{base}/good.html", f"{base}/moved"]
    for claims in found:
        article = claims["article"]
        assert article["text"].split("\n\n")[1:] == BODY
        assert (article["title"], article["author"], article["published"], article["publisher"]) == (
            "Council approves new bridge", "Jane Doe", "2024-03-05", "Riverside Herald")
        assert article["extractor"].startswith("trafilatura ") and article["language"] == "en"
        assert_spans_exact(claims)
    assert found[1]["article"]["url"] == f"{base}/good.html"  # where the redirect led
    # Only the pages given were fetched (not the image, scripts or links of the page), politely.
    fetched = {path for path, _ in requests}
    assert fetched <= {"/good.html", "/missing.html", "/slow.html", "/huge.html", "/loop", "/moved", "/fr.html"}
    assert all(agent.startswith("kg/") for _, agent in requests)


@pytest.mark.slow
def test_a_bad_url_stops_the_run_with_one_line(web: tuple[str, list]) -> None:
    base, _ = web
    result = run_kg("extract", f"{base}/good.html", f"{base}/gone.html")
    assert result.returncode == 1
    assert result.stdout == ""
    assert error_lines(result) == [f"kg: {base}/gone.html: the server answered HTTP 404 Not Found; check the URL"]


@pytest.mark.slow
def test_ingest_a_file_of_urls(web: tuple[str, list], tmp_path: Path) -> None:
    base, requests = web
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's pages\n{base}/good.html\n\n{base}/fr.html\n", encoding="utf-8")
    store = tmp_path / "store"
    before = len(requests)
    result = run_kg("ingest", "--urls", str(listing), "--store", str(store))
    assert result.returncode == 0, result.stderr
    *reports, summary = error_lines(result)  # the ingest ends with its summary line
    # A slow run (a loaded machine) also prints a progress line every 10 s: not a report.
    reports = [line for line in reports if not re.match(r"kg: \d+/\d+ articles \(", line)]
    assert reports == [f"kg: skipped {base}/fr.html: the article is in French (fr); "
                       "kg extracts English articles only, so it is skipped"]
    assert summary.startswith("kg: 2 files in ") and "1 stored" in summary
    # A page in another language is skipped with its reason, not counted as a failure.
    assert "1 not in English skipped" in summary and "0 failed" in summary
    # Each page is fetched once: the run parses what the check before the first write read.
    fetched = [path for path, _ in requests[before:]]
    assert fetched.count("/good.html") == 1 and fetched.count("/fr.html") == 1, fetched
    bad = tmp_path / "bad-urls.txt"
    bad.write_text(f"{base}/good.html\nnot a url\n", encoding="utf-8")
    result = run_kg("ingest", "--urls", str(bad), "--store", str(store))
    assert result.returncode == 1
    assert error_lines(result) == [f"kg: {bad}:2: 'not a url' is not an http(s) URL; give one URL a line"]


# ------------------------------------------------------------------- saved pages, archives


def _warc(path: Path, pages: list[tuple[str, str, bytes, int]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, content_type, body, status in pages:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders(f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.slow
def test_saved_pages_compressed_pages_and_a_warc(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(PAGE, encoding="utf-8")
    (pages / "b.html.gz").write_bytes(gzip.compress(news_page(headline="Second story").encode("utf-8")))
    (pages / "c.htm").write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    _warc(pages / "d.warc.gz", [
        ("https://herald.example/one", "text/html; charset=utf-8", PAGE.encode("utf-8"), 200),
        ("https://herald.example/logo.png", "image/png", b"\x89PNG\r\n", 200),
        ("https://herald.example/fr", "text/html", news_page(paragraphs=FRENCH, lang="fr").encode("utf-8"), 200),
        ("https://herald.example/gone", "text/html", b"<html>gone</html>", 404),
        ("https://herald.example/two", "text/html", news_page(headline="Archived story").encode("utf-8"), 200),
    ])
    result = run_kg("extract", "-f", "jsonl", "--skip-bad", str(pages))
    assert result.returncode == 0, result.stderr
    found = claimsets(result)
    sources = [c["article"]["source"] for c in found]
    assert sources == [str(pages / "a.html"), str(pages / "b.html.gz"),
                       f"{pages / 'd.warc.gz'}#https://herald.example/one",
                       f"{pages / 'd.warc.gz'}#https://herald.example/two"]
    assert [c["article"]["title"] for c in found] == ["Council approves new bridge", "Second story",
                                                       "Council approves new bridge", "Archived story"]
    assert found[3]["article"]["url"] == "https://herald.example/two"
    for claims in found:
        assert claims["article"]["text"].split("\n\n")[1:] == BODY
        assert_spans_exact(claims)
    lines = error_lines(result)
    assert len(lines) == 2, lines
    assert "c.htm: the page has no article text" in lines[0]
    assert "d.warc.gz#https://herald.example/fr: the article is in French (fr)" in lines[1]


@pytest.mark.slow
def test_a_page_without_article_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    result = run_kg("extract", str(tmp_path / "index.html"))
    assert result.returncode == 1
    assert len(error_lines(result)) == 1 and "index.html: the page has no article text" in result.stderr


# ------------------------------------------------- issue 14: hangs, exhaustion, encodings


@pytest.mark.slow
def test_fifo_and_device_links_are_refused_not_read(tmp_path: Path) -> None:
    """Item 4: a FIFO hung `ingest --skip-bad`; a link to /dev/zero read until MemoryError."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text('"We will build it," Mayor Ellen Park said on Tuesday.\n', encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    result = run_kg("ingest", "--skip-bad", str(folder), "--store", str(tmp_path / "store"), timeout=120)
    assert result.returncode == 0, result.stderr
    lines = error_lines(result)
    assert any("pipe.txt: is a FIFO (named pipe), not an article file" in line for line in lines), lines
    assert any("zero.txt: is a device, not an article file" in line for line in lines), lines
    assert "1 stored" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_text_is_decoded_not_called_binary(tmp_path: Path, encoding: str) -> None:
    """Item 11: UTF-16 text (with its byte-order mark) was called binary."""
    text = "Bridge vote\n\n" + "\n\n".join(BODY) + "\n"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe"}[encoding]
    path = tmp_path / "article.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = run_kg("extract", str(path))
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)
    assert claims["article"]["text"] == text
    assert claims["statements"]
    assert_spans_exact(claims)


@pytest.mark.slow
def test_byline_followed_by_spaces_and_deeply_nested_divs_finish(tmp_path: Path) -> None:
    """Item 5: a byline then 200k spaces (quadratic byline pattern) and 100k nested <div>s
    took minutes and gigabytes. Both now finish (the subprocess timeout is only a hang guard).
    A line of 200k characters is not a byline: bylines are matched on short lines only."""
    byline = tmp_path / "byline.txt"
    byline.write_text("Bridge vote\n\nBy Jane Doe" + " " * 200_000 + "\n\n" + "\n\n".join(BODY) + "\n",
                      encoding="utf-8")
    nested = tmp_path / "nested.html"
    nested.write_text("<html><body>" + "<div>" * 100_000 + "<p>" + " ".join(BODY) + "</p>" + "</div>" * 100_000
                      + "</body></html>", encoding="utf-8")
    result = run_kg("extract", "-f", "jsonl", "--skip-bad", str(byline), str(nested), timeout=240)
    assert result.returncode == 0, result.stderr
    found = claimsets(result)
    assert found[0]["article"]["source"] == str(byline)
    assert found[0]["statements"]
    assert_spans_exact(found[0])
    # The HTML parser keeps at most 255 levels; what is deeper is not the article.
    assert len(found) == 1 and "nested.html: the page has no article text" in result.stderr
