"""The interactive page's data and file: sentences around statements, the most connected part
first, and data that cannot break out of its <script> element."""

from __future__ import annotations

import json
import re
from collections import Counter

from kg.analysis import who_said_what_graph
from kg.claimfile import load_claimset
from kg.rdf_mapping import claimset_to_graph
from kg.serve.graph_page import _context, _core, graph_page_html, page_data
from kg.store import open_store
from tests.helpers import SEED_GOLD


def _seed_data() -> dict:
    store = open_store("memory:")
    store.put_article(*claimset_to_graph(load_claimset(SEED_GOLD)))
    return page_data(who_said_what_graph(store), store)


def test_every_statement_comes_with_its_sentence_and_marked_words():
    data = _seed_data()
    assert len(data["statements"]) == 16 and len(data["articles"]) == 1
    for st in data["statements"]:
        marked = [st["ctx"][a:b] for a, b in st["hl"]]
        assert marked and all(marked)
        assert " ".join(marked).replace("  ", " ") in st["ctx"] or all(m in st["x"] for m in marked)
        assert len(st["ctx"]) >= len(st["x"]) - 5  # the context holds the statement, not less
    names = {a["n"] for a in data["actors"]}
    assert {"Liu Zhengrong", "Wang Chen", "China"} <= names
    liu = next(i for i, a in enumerate(data["actors"]) if a["n"] == "Liu Zhengrong")
    assert sum(1 for st in data["statements"] if st["s"] == liu) == 13


def test_context_is_the_sentence_not_the_paragraph():
    text = "First sentence here. He said the plan \u201cwill work\u201d and more. Next one.\nNew paragraph."
    start = text.index("will")
    context, marks = _context(text, [m.end() for m in re.finditer(r"[.!?]\s+|\n+", text)], [(start, start + 9)], "")
    assert context == "He said the plan \u201cwill work\u201d and more. "
    assert context[marks[0][0] : marks[0][1]] == "will work"


def test_the_first_drawing_is_the_most_connected_part():
    actors = [{"n": f"a{i}", "s": 0, "w": 0} for i in range(6)]
    links = Counter({(0, 1, "mentions"): 5, (0, 2, "mentions"): 1, (3, 1, "to"): 2})
    for (s, t, _), n in links.items():
        actors[s]["w"] += n
        actors[t]["w"] += n
    assert _core(actors, links, 3) == [0, 1, 3]


def test_data_cannot_close_the_script_element():
    data = _seed_data()
    data["statements"][0]["x"] = "<!--<script>"
    data["statements"][1]["x"] = "</script><script>alert(1)</script>"
    html = graph_page_html(data, title="<b>title</b>")
    block = html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and json.loads(block) == data
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in html
