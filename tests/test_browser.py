"""The interactive page and the web app in a real headless Chromium (Debian's `chromium`,
driven by Playwright; no browser is downloaded). Screenshots are kept in test-artifacts/.

Checked: no console errors, no request that leaves the page's file or the app, nodes drawn,
search finds a speaker, a click on a speaker lists statements and a click on a statement
shows its sentence with the quoted words marked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import CHROMIUM, CHROMIUM_FLAGS, KG, ROOT

ARTIFACTS = ROOT / "test-artifacts" / "browser"

if CHROMIUM is None:
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True
    )
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")


class Watched:
    """A page whose console errors and outgoing requests are recorded."""

    def __init__(self, browser, allowed_prefix: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "request", lambda r: None if r.url.startswith((allowed_prefix, "data:")) else self.outside.append(r.url)
        )

    def check_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="module")
def browser():
    # Playwright's launch() starts Chromium on a new, empty profile of its own.
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_file(seed_store, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "who-said-what.html"
    subprocess.run(
        [str(KG), "graph", "who-said-what", "--format", "html", "-o", str(path), "--store", str(seed_store)],
        check=True,
        capture_output=True,
    )
    return path


def _click_node(page, name: str) -> None:
    """A real mouse click on the node's place on the canvas."""
    box = page.locator("#cy").bounding_box()
    x, y = page.evaluate(
        """name => { const n = window.kgGraph.cy.nodes().filter(n => n.data('label') === name)[0];
                     const p = n.renderedPosition(); return [p.x, p.y]; }""",
        name,
    )
    page.mouse.click(box["x"] + x, box["y"] + y)


def _draws_nodes(page) -> int:
    page.wait_for_function("window.kgGraph && window.kgGraph.cy.nodes().not('.hidden').length > 0")
    # Something is painted on the canvas, not only held in memory.
    painted = page.evaluate("""() => { const c = document.querySelector('#cy canvas:last-of-type');
        return c ? c.toDataURL().length : 0; }""")
    assert painted > 5_000
    return page.evaluate("window.kgGraph.cy.nodes().not('.hidden').length")


def test_page_file_renders_offline(browser, page_file):
    w = Watched(browser, page_file.as_uri())
    w.page.goto(page_file.as_uri())
    assert _draws_nodes(w.page) == 12
    labels = w.page.evaluate("window.kgGraph.cy.nodes().map(n => n.data('label'))")
    assert {"Liu Zhengrong", "Wang Chen", "China"} <= set(labels)

    w.page.fill("#search", "Liu")
    result = w.page.locator("#panel .result", has_text="Liu Zhengrong")
    result.wait_for()
    result.click()
    assert "13 statements made" in w.page.locator("#panel").inner_text()

    _click_node(w.page, "Wang Chen")
    w.page.locator("#panel h2", has_text="Wang Chen").wait_for()
    w.page.locator("#panel a[data-statement]").first.click()
    panel = w.page.locator("#panel")
    panel.locator("blockquote").wait_for()
    marked = panel.locator("mark").all_inner_texts()
    quote = panel.locator("blockquote").inner_text()
    assert marked and all(m.strip() in quote or quote in m for m in marked)
    assert "Article:" in panel.inner_text() and "cue:" in panel.inner_text()
    w.shot("page-statement.png")
    w.check_clean()


def test_page_filters(browser, page_file):
    w = Watched(browser, page_file.as_uri())
    w.page.goto(page_file.as_uri())
    _draws_nodes(w.page)
    w.page.locator("#types input[value=Person]").uncheck()
    visible = w.page.evaluate("window.kgGraph.cy.nodes().not('.hidden').map(n => n.data('label'))")
    assert "Liu Zhengrong" not in visible and "China" in visible
    w.page.locator("#types input[value=Person]").check()
    w.page.fill("#min", "5")
    visible = set(w.page.evaluate("window.kgGraph.cy.nodes().not('.hidden').map(n => n.data('label'))"))
    actors = w.page.evaluate("window.kgGraph.data.actors")
    assert visible == {a["n"] for a in actors if a["s"] + a["m"] >= 5}
    assert "Liu Zhengrong" in visible and len(visible) < len(actors)
    w.page.select_option("#article", index=1)
    assert w.page.evaluate("window.kgGraph.cy.nodes().not('.hidden').length") == len(visible)
    w.check_clean()


def test_app_in_the_browser(browser, seed_app):
    w = Watched(browser, seed_app)
    w.page.goto(seed_app + "/")
    assert "Liu Zhengrong" in w.page.locator("main").inner_text()
    w.shot("app-overview.png")
    w.page.fill("nav input[name=q]", "Liu")
    w.page.keyboard.press("Enter")
    w.page.wait_for_url("**/search?q=Liu")
    w.page.get_by_role("link", name="Liu Zhengrong").first.click()
    w.page.wait_for_url("**/actor/Person/Liu%20Zhengrong")
    assert "13 statements made" in w.page.locator("main").inner_text()
    w.shot("app-speaker.png")
    w.page.locator("main table a[href^='/article/']").first.click()
    w.page.locator(".text a.st").first.wait_for()
    assert w.page.locator(".text a.st").count() >= 16
    w.page.evaluate("window.scrollTo(0, 0)")
    w.shot("app-article.png")
    w.page.goto(seed_app + "/graph")
    assert _draws_nodes(w.page) == 12
    _click_node(w.page, "Wang Chen")
    w.page.locator("#panel a[data-statement]").first.click()
    w.shot("app-graph.png")
    w.page.locator("#panel a", has_text="open").click()  # from the drawing to the statement's article page
    w.page.wait_for_url("**/article/china-cybersecurity-2010#st-*")
    assert w.page.locator(":target").count() == 1
    w.check_clean()
