"""The store contract, run against every backend: memory, embedded Oxigraph on disk, and a real
`oxigraph serve` process over HTTP. Plus what only some backends have: persistence across
processes, one writer / many readers on disk, query timeouts, open errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic

from kg.errors import QueryError, StoreError, StoreInUseError
from kg.store import backend_name, default_store_spec, open_store
from kg.store.params import substitute
from tests.helpers import OXIGRAPH, clear_server, free_port

KGO = Namespace("https://w3id.org/kg-news/ns#")
KGR = Namespace("https://w3id.org/kg-news/id/")
SCHEMA = Namespace("https://schema.org/")
PYTHON = sys.executable
IN_USE = "is in use by another kg process; wait for it to finish or use a different --store"


# --- fixtures ---------------------------------------------------------------------------


BACKENDS = ["memory", "disk", "http"]


@pytest.fixture(params=BACKENDS)
def spec(request, tmp_path) -> str:
    """A fresh, empty store of each kind."""
    if request.param == "memory":
        return "memory:"
    if request.param == "disk":
        return str(tmp_path / "store")
    url = request.getfixturevalue("server")
    clear_server(url)
    return url


@pytest.fixture
def store(spec):
    with open_store(spec) as st:
        yield st


# --- data -------------------------------------------------------------------------------


def article_graph(article_id: str, n_statements: int = 3, text: str = "plain") -> tuple[URIRef, Graph]:
    """A small article graph in the project's IRI scheme, with the awkward terms on purpose:
    quotes, backslashes, newlines, non-ASCII, language tags, typed numbers, blank nodes."""
    graph_iri = KGR[f"graph/{article_id}"]
    art = KGR[f"article/{article_id}"]
    g = Graph()
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, KGO.articleId, Literal(article_id)))
    g.add((art, KGO.sha256, Literal(f"sha-{article_id}")))
    g.add((art, SCHEMA.text, Literal(f'He said "no" \\ then\nleft. Zürich – 北京 {text}')))
    g.add((art, SCHEMA.headline, Literal("Titre", lang="fr")))
    g.add((art, SCHEMA.datePublished, Literal("2010-01-05", datatype=XSD.date)))
    for i in range(n_statements):
        st = URIRef(f"{art}/statement/s{i}")
        g.add((st, RDF.type, KGO.Statement))
        g.add((st, KGO.kind, Literal("direct")))
        comparison = BNode()
        g.add((st, KGO.comparison, comparison))
        g.add((comparison, KGO.baseline, Literal(f"baseline {i}")))
        g.add((st, SCHEMA.value, Literal(1.5e9 + i)))
    return graph_iri, g


def assert_same(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(expected, actual)
        pytest.fail(
            f"graphs differ\nonly put:\n{only_expected.serialize(format='nt')}\n"
            f"only stored:\n{only_actual.serialize(format='nt')}"
        )


# --- the contract, on every backend -----------------------------------------------------


def test_put_then_get_gives_the_same_graph(store):
    iri, graph = article_graph("a1")
    store.put_article(iri, graph)
    assert store.article_graphs() == [iri]
    assert_same(graph, store.get_graph(iri))
    assert store.quad_count() == len(graph)


def test_put_replaces_the_whole_graph(store):
    iri, big = article_graph("a1", n_statements=5, text="first")
    store.put_article(iri, big)
    _, small = article_graph("a1", n_statements=1, text="second")
    store.put_article(iri, small)
    assert_same(small, store.get_graph(iri))
    assert store.quad_count() == len(small)


def test_put_is_idempotent_and_keeps_other_articles(store):
    iri1, g1 = article_graph("a1")
    iri2, g2 = article_graph("a2")
    store.put_article(iri1, g1)
    store.put_article(iri2, g2)
    store.put_article(iri1, g1)
    assert store.article_graphs() == sorted([iri1, iri2])
    assert store.quad_count() == len(g1) + len(g2)
    assert_same(g2, store.get_graph(iri2))


def test_blank_nodes_of_two_articles_stay_apart(store):
    # Both graphs use the blank node label "b0"; in one dataset they must not become one node.
    shared = BNode("b0")
    graphs = {}
    for article_id in ("x", "y"):
        g = Graph()
        g.add((KGR[f"article/{article_id}"], KGO.comparison, shared))
        g.add((shared, KGO.baseline, Literal(article_id)))
        graphs[article_id] = g
        store.put_article(KGR[f"graph/{article_id}"], g)
    result = store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?a <https://w3id.org/kg-news/ns#comparison> ?c } }"
    )
    assert int(next(iter(result))[0]) == 2
    for article_id, g in graphs.items():
        assert_same(g, store.get_graph(KGR[f"graph/{article_id}"]))


def test_put_of_an_empty_graph_removes_the_article(store):
    iri, graph = article_graph("a1")
    store.put_article(iri, graph)
    store.put_article(iri, Graph())
    assert store.article_graphs() == []
    assert store.quad_count() == 0


def test_delete_article_reports_whether_it_existed(store):
    iri1, g1 = article_graph("a1")
    iri2, g2 = article_graph("a2")
    store.put_article(iri1, g1)
    store.put_article(iri2, g2)
    assert store.delete_article(iri1) is True
    assert store.delete_article(iri1) is False
    assert store.article_graphs() == [iri2]
    assert len(store.get_graph(iri1)) == 0
    assert store.quad_count() == len(g2)


def test_query_select_ask_construct(store):
    iri, graph = article_graph("a1", n_statements=4)
    store.put_article(iri, graph)
    result = store.query(
        "PREFIX kgo: <https://w3id.org/kg-news/ns#> "
        "SELECT ?st ?kind WHERE { GRAPH ?g { ?st a kgo:Statement ; kgo:kind ?kind } } ORDER BY ?st"
    )
    assert [str(v) for v in result.vars] == ["st", "kind"]
    rows = list(result)
    assert len(rows) == 4
    assert rows[0][1] == Literal("direct")  # a plain literal, as rdflib makes it
    assert rows[0]["st"] == URIRef(f"{KGR['article/a1']}/statement/s0")
    assert store.query("ASK { GRAPH ?g { ?s a <https://schema.org/NewsArticle> } }").askAnswer is True
    constructed = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert_same(graph, constructed.graph)


def test_unbound_optional_values_are_missing_not_errors(store):
    iri, graph = article_graph("a1", n_statements=0)
    store.put_article(iri, graph)
    rows = list(
        store.query("SELECT ?a ?missing WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> OPTIONAL { ?a <urn:none> ?missing } } }")
    )
    assert len(rows) == 1 and rows[0][1] is None


def test_bindings_reach_filters_and_unprojected_variables(store):
    iri1, g1 = article_graph("a1")
    iri2, g2 = article_graph("a2")
    store.put_article(iri1, g1)
    store.put_article(iri2, g2)
    # ?ref is used in a FILTER inside GRAPH and is not projected (pyoxigraph's own
    # substitutions refuse this; a trailing VALUES would not reach the FILTER).
    query = """PREFIX kgo: <https://w3id.org/kg-news/ns#>
        SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a kgo:articleId ?id FILTER(?id = ?ref) } }"""
    assert [row[0] for row in store.query(query, bindings={"ref": Literal("a2")})] == [iri2]
    # projected parameter comes back as a column with its value
    rows = list(
        store.query(
            "SELECT ?a ?sha WHERE { GRAPH ?g { ?a <https://w3id.org/kg-news/ns#sha256> ?sha } }",
            bindings={"?sha": Literal("sha-a1")},
        )
    )
    assert rows == [(KGR["article/a1"], Literal("sha-a1"))]
    # an IRI parameter in graph position, used with GROUP BY
    counted = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", bindings={"g": iri1}
    )
    assert [(row[0], int(row[1])) for row in counted] == [(iri1, len(g1))]


def test_bindings_cannot_inject_sparql(store):
    iri, graph = article_graph("a1")
    store.put_article(iri, graph)
    evil = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o #'
    rows = list(
        store.query(
            "SELECT ?a WHERE { GRAPH ?g { ?a <https://w3id.org/kg-news/ns#articleId> ?id } }",
            bindings={"id": Literal(evil)},
        )
    )
    assert rows == []
    assert store.quad_count() == len(graph)
    with pytest.raises(QueryError, match=r"parameter \?x"):
        store.query("SELECT ?a WHERE { ?a ?p ?x }", bindings={"x": URIRef("http://bad iri/>")})
    with pytest.raises(QueryError, match="blank node"):
        store.query("SELECT ?a WHERE { ?a ?p ?x }", bindings={"x": BNode()})


def test_bad_query_is_a_query_error(store):
    with pytest.raises(QueryError) as info:
        store.query("SELECT ?s WHERE { ?s ?p ")
    assert "\n" not in str(info.value)


def test_serialize_every_format(store):
    iri1, g1 = article_graph("a1")
    iri2, g2 = article_graph("a2")
    store.put_article(iri1, g1)
    store.put_article(iri2, g2)
    # Turtle and N-Triples: the union of the article graphs.
    for fmt, rdflib_fmt in (("turtle", "turtle"), ("ntriples", "nt")):
        union = Graph().parse(data=store.serialize(fmt), format=rdflib_fmt)
        assert_same(g1 + g2, union)
    assert b"@prefix kgo:" in store.serialize("turtle")
    # TriG, N-Quads, JSON-LD: the named graphs are kept.
    for fmt, rdflib_fmt in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
        ds = Dataset()
        ds.parse(data=store.serialize(fmt), format=rdflib_fmt)
        assert_same(g1, ds.graph(iri1))
        assert_same(g2, ds.graph(iri2))
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        store.serialize("xml")


def test_dataset_is_a_snapshot_of_all_graphs(store):
    iri1, g1 = article_graph("a1")
    store.put_article(iri1, g1)
    ds = store.dataset()
    assert len(ds) == len(g1)
    assert_same(g1, ds.graph(iri1))
    assert len(list(ds.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == len(g1)
    iri2, g2 = article_graph("a2")
    store.put_article(iri2, g2)
    assert len(ds) == len(g1)  # taken before the second write
    assert len(store.dataset()) == len(g1) + len(g2)


def test_read_only_store_refuses_writes(spec):
    iri, graph = article_graph("a1")
    with open_store(spec) as st:
        st.put_article(iri, graph)
    with open_store(spec, read_only=True) as st:
        if spec != "memory:":
            assert st.article_graphs() == [iri]
        with pytest.raises(StoreError, match="read-only"):
            st.put_article(iri, graph)
        with pytest.raises(StoreError, match="read-only"):
            st.delete_article(iri)


def test_closed_store_says_so(spec):
    st = open_store(spec)
    st.close()
    st.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        st.query("ASK {}")


# --- query timeout ----------------------------------------------------------------------

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?o . ?b ?p ?o2 . ?c ?p ?o3 } }"
STREAMING = "SELECT * WHERE { GRAPH ?g { ?a ?p ?o . ?b ?p ?o2 . ?c ?p ?o3 } }"


def many_triples(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return g


@pytest.mark.parametrize("query", [EXPLOSIVE, STREAMING], ids=["aggregate", "streaming"])
def test_timeout_stops_an_explosive_query(spec, query):
    # 180^3 = 5.8 million join rows: over a second of work, many times the 0.1 s allowed.
    with open_store(spec) as st:
        st.put_article(URIRef("urn:g"), many_triples(180))
        with pytest.raises(QueryError) as info:
            st.query(query, timeout=0.1)
        assert str(info.value) == "query stopped after 0.1 s (--timeout); narrow it or raise the timeout"
        # the store keeps working after an abandoned query
        assert st.quad_count() == 180
        assert int(next(iter(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=30)))[0]) == 180


def test_timeout_must_be_positive(store):
    with pytest.raises(QueryError, match="positive"):
        store.query("ASK {}", timeout=0)


def test_store_is_released_after_an_abandoned_query(tmp_path):
    # close() returns at once; the directory is free again once the abandoned step ends.
    path = str(tmp_path / "store")
    st = open_store(path)
    st.put_article(URIRef("urn:g"), many_triples(150))
    with pytest.raises(QueryError):
        st.query(EXPLOSIVE, timeout=0.05)
    st.close()
    deadline = time.monotonic() + 120
    while True:
        try:
            with open_store(path) as again:
                assert again.quad_count() == 150
            break
        except StoreInUseError:
            assert time.monotonic() < deadline, "store still locked 2 minutes after an abandoned query"
            time.sleep(0.2)


def test_a_process_exits_cleanly_after_a_timed_out_query(tmp_path):
    # What the CLI does: timeout, print the message, exit while the worker still runs.
    path = tmp_path / "store"
    code = f"""
        import sys
        from rdflib import Graph, Literal, URIRef
        from kg.errors import QueryError
        from kg.store import open_store
        g = Graph()
        for i in range(250):
            g.add((URIRef(f"urn:s{{i}}"), URIRef("urn:p"), Literal(i)))
        with open_store({str(path)!r}) as st:
            st.put_article(URIRef("urn:g"), g)
            try:
                st.query({EXPLOSIVE!r}, timeout=0.2)
            except QueryError as exc:
                print(exc)
                sys.exit(1)
    """
    proc = run_python(code, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "query stopped after 0.2 s" in proc.stdout
    with open_store(str(path), read_only=True) as st:
        assert st.quad_count() == 250


# --- processes: persistence and locking -------------------------------------------------


def run_python(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout
    )


HOLD = """
    import sys
    from kg.store import open_store
    st = open_store(sys.argv[1], read_only=sys.argv[2] == "ro")
    print("open", st.quad_count(), flush=True)
    sys.stdin.readline()
    st.close()
"""


class Holder:
    """A real second process that keeps the store open until told to stop."""

    def __init__(self, path: Path, mode: str) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-c", textwrap.dedent(HOLD), str(path), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        assert line.startswith("open"), self.proc.stderr.read()

    def stop(self) -> None:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.wait(timeout=30) == 0, self.proc.stderr.read()


def test_data_survives_between_processes(tmp_path):
    path = tmp_path / "store"
    write = f"""
        from rdflib import Graph, Literal, URIRef
        from kg.store import open_store
        g = Graph()
        g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("kept")))
        with open_store({str(path)!r}) as st:
            st.put_article(URIRef("urn:graph/1"), g)
    """
    read = f"""
        from kg.store import open_store
        with open_store({str(path)!r}, read_only=True) as st:
            print(st.article_graphs(), st.quad_count())
    """
    assert run_python(write).returncode == 0
    proc = run_python(read)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[rdflib.term.URIRef('urn:graph/1')] 1"


def test_second_writer_gets_store_in_use(tmp_path):
    path = tmp_path / "store"
    open_store(str(path)).close()
    holder = Holder(path, "rw")
    try:
        with pytest.raises(StoreInUseError) as info:
            open_store(str(path))
        assert str(info.value) == f"store {path} {IN_USE}"
        with pytest.raises(StoreInUseError):
            open_store(str(path), read_only=True)  # reading beside a writer is unsafe on disk
    finally:
        holder.stop()
    with open_store(str(path)) as st:  # free again
        assert st.quad_count() == 0


def test_readers_share_and_keep_writers_out(tmp_path):
    path = tmp_path / "store"
    iri, graph = article_graph("a1")
    with open_store(str(path)) as st:
        st.put_article(iri, graph)
    holder = Holder(path, "ro")
    try:
        with open_store(str(path), read_only=True) as reader:
            assert reader.article_graphs() == [iri]
            with open_store(str(path), read_only=True) as second:  # same process, too
                assert second.quad_count() == len(graph)
            assert reader.quad_count() == len(graph)
        with pytest.raises(StoreInUseError):
            open_store(str(path))
        # an Oxigraph server on the same directory is kept out the same way
        proc = subprocess.run(
            [str(OXIGRAPH), "serve", "--location", str(path), "--bind", f"127.0.0.1:{free_port()}"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode != 0 and "LOCK" in proc.stderr
    finally:
        holder.stop()
    with open_store(str(path)) as st:
        assert st.quad_count() == len(graph)


def test_same_process_writer_and_reader_exclude_each_other(tmp_path):
    path = str(tmp_path / "store")
    writer = open_store(path)
    with pytest.raises(StoreInUseError):
        open_store(path)
    with pytest.raises(StoreInUseError):
        open_store(path, read_only=True)
    writer.close()
    reader = open_store(path, read_only=True)
    with pytest.raises(StoreInUseError):
        open_store(path)
    reader.close()
    open_store(path).close()


WRITER_LOOP = """
    import sys, time
    from rdflib import Graph, Literal, URIRef
    from kg.errors import StoreInUseError
    from kg.store import open_store
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    retries = 0
    for i in range(count):
        g = Graph()
        for j in range(200):
            g.add((URIRef(f"urn:{name}/{i}/{j}"), URIRef("urn:p"), Literal(j)))
        while True:
            try:
                with open_store(path) as st:
                    st.put_article(URIRef(f"urn:graph/{name}/{i}"), g)
                break
            except StoreInUseError:
                retries += 1
                time.sleep(0.01)
    print("retries", retries)
"""


def test_two_writer_processes_take_turns_without_damage(tmp_path):
    path = tmp_path / "store"
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", textwrap.dedent(WRITER_LOOP), str(path), name, "15"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("w1", "w2")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith("retries")
    with open_store(str(path), read_only=True) as st:
        graphs = st.article_graphs()
        assert len(graphs) == 30
        for iri in graphs:
            assert len(st.get_graph(iri)) == 200


def test_reader_and_writer_together_on_a_server(server):
    clear_server(server)
    writer = subprocess.Popen(
        [PYTHON, "-c", textwrap.dedent(WRITER_LOOP), server, "w", "25"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[int] = set()
    with open_store(server, read_only=True) as reader:
        while writer.poll() is None:
            result = reader.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            counts = [int(row[1]) for row in result]
            assert all(n == 200 for n in counts), counts  # never a half-written article
            seen.add(len(counts))
        assert writer.returncode == 0, writer.stderr.read()
        assert len(reader.article_graphs()) == 25
    assert len(seen) > 1  # the reader really ran while the writer wrote


# --- opening errors and specs -----------------------------------------------------------


def test_open_errors_are_one_line_store_errors(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    busy_dir = tmp_path / "documents"
    busy_dir.mkdir()
    (busy_dir / "notes.txt").write_text("mine")
    cases = {
        str(a_file): "is a file, not a directory",
        str(busy_dir): "is not a kg store",
        f"http://127.0.0.1:{free_port()}": "cannot reach SPARQL endpoint",
    }
    for spec, fragment in cases.items():
        with pytest.raises(StoreError) as info:
            open_store(spec)
        message = str(info.value)
        assert fragment in message and spec in message and "\n" not in message
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "missing"), read_only=True)
    assert not (tmp_path / "missing").exists()
    with pytest.raises(StoreError, match="need a remote store"):
        open_store(str(tmp_path / "s"), query_endpoint="http://127.0.0.1:1/query")
    assert list(busy_dir.iterdir()) == [busy_dir / "notes.txt"]  # nothing written there


def test_writer_creates_missing_parent_directories(tmp_path):
    path = tmp_path / "a" / "b" / "store"
    with open_store(str(path)) as st:
        assert st.quad_count() == 0
    assert (path / "CURRENT").is_file()


def test_explicit_endpoints_override_the_conventions(server):
    clear_server(server)
    with open_store(None, query_endpoint=f"{server}/query", update_endpoint=f"{server}/update") as st:
        iri, graph = article_graph("a1")
        st.put_article(iri, graph)
        assert st.article_graphs() == [iri]
    with pytest.raises(StoreError, match="did not answer a SPARQL query"):
        open_store(server, query_endpoint=f"{server}/nowhere")


def test_default_store_spec(monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert default_store_spec() == ".kg/store"
    monkeypatch.setenv("KG_STORE", "memory:")
    assert default_store_spec() == "memory:"
    with open_store() as st:
        assert st.backend == "memory"


def test_backend_names():
    assert backend_name("memory:") == "memory"
    assert backend_name("http://localhost:7878") == "sparql"
    assert backend_name("https://example.org/sparql") == "sparql"
    assert backend_name(".kg/store") == "oxigraph"


# --- parameter substitution (pure text) -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?s WHERE { ?s ?p ?x }", 'SELECT ?s WHERE { ?s ?p "v" }'),
        ("SELECT ?s ?x WHERE { ?s ?p ?x }", 'SELECT ?s ("v" AS ?x) WHERE { ?s ?p "v" }'),
        ("SELECT ?s WHERE { ?s ?p $x }", 'SELECT ?s WHERE { ?s ?p "v" }'),
        # strings, IRIs and comments that look like the variable are left alone
        ('SELECT ?s WHERE { ?s ?p "?x" } # ?x', 'SELECT ?s WHERE { ?s ?p "?x" } # ?x'),
        ("SELECT ?s WHERE { ?s <urn:a?x=1> ?o }", "SELECT ?s WHERE { ?s <urn:a?x=1> ?o }"),
        ("SELECT ?s WHERE { ?s ?p ?xy }", "SELECT ?s WHERE { ?s ?p ?xy }"),
        (
            "SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?x } GROUP BY ?x ORDER BY DESC(?x)",
            'SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p "v" } GROUP BY ("v") ORDER BY DESC("v")',
        ),
        ("SELECT ?s WHERE { FILTER(?x < 5 && ?s > 3) }", 'SELECT ?s WHERE { FILTER("v" < 5 && ?s > 3) }'),
    ],
)
def test_substitute(query, expected):
    assert substitute(query, {"x": Literal("v")}) == expected


def test_substitute_escapes_and_refuses_assignments():
    assert substitute("ASK { ?s ?p ?x }", {"x": Literal('a"b\\c\nd')}) == 'ASK { ?s ?p "a\\"b\\\\c\\nd" }'
    assert substitute("ASK { ?s ?p ?x }", {"x": Literal("3", datatype=XSD.integer)}) == (
        'ASK { ?s ?p "3"^^<http://www.w3.org/2001/XMLSchema#integer> }'
    )
    with pytest.raises(QueryError, match="assigned in the query"):
        substitute('SELECT ?s WHERE { BIND("a" AS ?x) }', {"x": Literal("v")})
    with pytest.raises(QueryError, match="VALUES"):
        substitute('SELECT ?s WHERE { VALUES ?x { "a" } }', {"x": Literal("v")})
