"""Named queries on a small known graph, and the query-safety rules of kg.queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef

from kg.articles import ArticleNotFound
from kg.errors import QueryError
from kg.models import ClaimSet
from kg.queries import (
    NamedQuery,
    format_result,
    list_queries,
    load_query,
    parse_header,
    prepare,
    run_query,
)
from kg.rdf_mapping import claimset_to_graph
from tests.backends import BACKENDS, open_backend

# ---------------------------------------------------------------- a small known corpus

TEXT_A = (
    "Liu Zhengrong, deputy director of the State Council Information Office, told the EastWest "
    'Institute that China opposes cyberattacks. "China is a major victim of hacking," Liu said. '
    "Google said attacks rose 20 percent in 2009, according to Reuters. About 400 million people "
    "use the Internet in China."
)
TEXT_B = "Liu Zhengrong said Google must obey Chinese law. Hillary Clinton urged China to investigate."


def span(text: str, words: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


def claims_a() -> ClaimSet:
    t = TEXT_A
    return ClaimSet.model_validate({
        "article": {"id": "art-a", "source": "a.txt", "title": "China and cyberspace",
                    "publisher": "AFP", "published": "2010-05-04", "text": t},
        "actors": [
            {"id": "a1", "name": "Liu Zhengrong", "type": "Person", "aliases": ["Liu"],
             "roles": ["deputy director"], "affiliation": "a2",
             "mentions": [span(t, "Liu Zhengrong"), span(t, "Liu", 1)]},
            {"id": "a2", "name": "State Council Information Office", "type": "Organization",
             "mentions": [span(t, "State Council Information Office")]},
            {"id": "a3", "name": "EastWest Institute", "type": "Organization",
             "mentions": [span(t, "EastWest Institute")]},
            {"id": "a4", "name": "China", "type": "Country",
             "mentions": [span(t, "China", 0), span(t, "China", 1), span(t, "China", 2)]},
            {"id": "a5", "name": "Google", "type": "Organization", "mentions": [span(t, "Google")]},
            {"id": "a6", "name": "Reuters", "type": "Organization", "mentions": [span(t, "Reuters")]},
        ],
        "statements": [
            {"id": "s1", "kind": "indirect", "content": [span(t, "China opposes cyberattacks")],
             "speaker": "a1", "speaker_mention": span(t, "Liu Zhengrong"), "cue": span(t, "told"),
             "audience": "a3"},
            {"id": "s2", "kind": "direct", "content": [span(t, "China is a major victim of hacking,")],
             "speaker": "a1", "speaker_mention": span(t, "Liu", 1), "cue": span(t, "said")},
            {"id": "s3", "kind": "indirect", "content": [span(t, "attacks rose 20 percent in 2009")],
             "speaker": "a5", "speaker_mention": span(t, "Google"), "cue": span(t, "said", 1),
             "via": "a6"},
        ],
        "statistics": [
            {"id": "t1", "span": span(t, "20 percent"), "value": 20, "unit": "percent",
             "period": "2009", "comparison": {"type": "increase", "baseline": "2008"},
             "statement": "s3"},
            {"id": "t2", "span": span(t, "About 400 million"), "value": 4e8, "unit": "person",
             "approximation": "about"},
        ],
    })


def claims_b() -> ClaimSet:
    t = TEXT_B
    return ClaimSet.model_validate({
        "article": {"id": "art-b", "source": "b.txt", "title": "Law", "text": t},
        "actors": [
            {"id": "b1", "name": "Liu Zhengrong", "type": "Person", "mentions": [span(t, "Liu Zhengrong")]},
            {"id": "b2", "name": "Google", "type": "Organization", "mentions": [span(t, "Google")]},
            {"id": "b3", "name": "Hillary Clinton", "type": "Person", "mentions": [span(t, "Hillary Clinton")]},
            {"id": "b4", "name": "China", "type": "Country", "mentions": [span(t, "China")]},
        ],
        "statements": [
            {"id": "u1", "kind": "indirect", "content": [span(t, "Google must obey Chinese law")],
             "speaker": "b1", "cue": span(t, "said")},
            {"id": "u2", "kind": "indirect", "content": [span(t, "China to investigate")],
             "speaker": "b3", "cue": span(t, "urged")},
        ],
    })


def fill(store) -> None:
    for claims in (claims_a(), claims_b()):
        store.put_article(*claimset_to_graph(claims))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    st = open_backend(request.param, tmp_path, request)
    fill(st)
    yield st
    st.close()


def rows(store, name: str, **params: str) -> list[list[str | None]]:
    return run_query(store, name, params).rows


def column(result_rows: list[list[str | None]], index: int) -> list[str | None]:
    return [row[index] for row in result_rows]


# ---------------------------------------------------------------- the catalogue


REQUIRED_QUERIES = {
    "who-said-what", "statements-by-speaker", "statistics", "actors", "relayed-statements",
    "statements-mentioning", "speakers", "articles", "audiences",
}


def test_catalogue_has_every_query_with_a_description():
    found = {q.name: q for q in list_queries()}
    assert set(found) >= REQUIRED_QUERIES
    for named in found.values():
        assert named.description, f"{named.name} has no description"
        assert named.path is not None and named.path.stem == named.name
        prepare(named, {p.name: "x" for p in named.params if p.required})  # parses, no SERVICE


def test_header_parameters_are_read():
    by_speaker = load_query("statements-by-speaker")
    (speaker,) = by_speaker.params
    assert (speaker.name, speaker.required, speaker.casefold, speaker.iri) == ("speaker", True, False, False)
    assert "alias" in speaker.description
    (article,) = load_query("who-said-what").params
    assert article.name == "article" and not article.required


# ---------------------------------------------------------------- each query, known rows


def test_who_said_what(store):
    result = run_query(store, "who-said-what", {})
    assert result.columns == ["speaker", "kind", "cue", "text", "article", "start"]
    assert result.rows == [
        ["Liu Zhengrong", "indirect", "told", "China opposes cyberattacks", "art-a", "105"],
        ["Liu Zhengrong", "direct", "said", "China is a major victim of hacking,", "art-a", "134"],
        ["Google", "indirect", "said", "attacks rose 20 percent in 2009", "art-a", "193"],
        ["Liu Zhengrong", "indirect", "said", "Google must obey Chinese law", "art-b", "19"],
        ["Hillary Clinton", "indirect", "urged", "China to investigate", "art-b", "71"],
    ]
    assert TEXT_A[105:].startswith("China opposes") and TEXT_B[71:].startswith("China to")


def test_who_said_what_for_one_article(store):
    assert column(rows(store, "who-said-what", article="art-b"), 0) == ["Liu Zhengrong", "Hillary Clinton"]
    with pytest.raises(ArticleNotFound, match="no article 'no-such-article'"):
        rows(store, "who-said-what", article="no-such-article")


@pytest.mark.parametrize(
    ("speaker", "texts"),
    [
        # an alias used in art-a only still finds the entity's statements in every article
        ("LIU", ["China opposes cyberattacks", "China is a major victim of hacking,",
                 "Google must obey Chinese law"]),
        ("liu zhengrong", ["China opposes cyberattacks", "China is a major victim of hacking,",
                           "Google must obey Chinese law"]),
        ("Hillary Clinton", ["China to investigate"]),
        ("Clinton", []),  # not a name or alias: no partial matching
    ],
)
def test_statements_by_speaker(store, speaker, texts):
    result = run_query(store, "statements-by-speaker", {"speaker": speaker})
    assert result.columns == ["name", "kind", "cue", "text", "article", "start", "actor"]
    assert column(result.rows, 3) == texts
    assert all(row[0] in ("Liu Zhengrong", "Hillary Clinton") for row in result.rows)


def test_statements_mentioning(store):
    china = rows(store, "statements-mentioning", actor="China")
    assert column(china, 3) == ["China opposes cyberattacks", "China is a major victim of hacking,",
                                "China to investigate"]
    assert column(china, 1) == ["Liu Zhengrong", "Liu Zhengrong", "Hillary Clinton"]
    assert column(rows(store, "statements-mentioning", actor="GOOGLE"), 3) == ["Google must obey Chinese law"]
    assert rows(store, "statements-mentioning", actor="Reuters") == []


def test_statistics(store):
    result = run_query(store, "statistics", {})
    assert result.columns[:7] == ["value", "unit", "approximation", "period", "comparison", "baseline", "speaker"]
    assert [row[:10] for row in result.rows] == [
        ["20", "percent", "exact", "2009", "increase", "2008", "Google", "20 percent", "art-a", "206"],
        ["400000000", "person", "about", None, None, None, "(journalist)", "About 400 million", "art-a", "248"],
    ]
    # what was measured, about what, when, a range's bounds: none in this small graph
    assert result.columns[10:] == ["measuredText", "about", "date", "low", "high"]
    assert [row[10:] for row in result.rows] == [[None] * 5, [None] * 5]
    assert float(result.terms[1][0]) == 4e8  # the raw term keeps the number


def test_actors(store):
    result = run_query(store, "actors", {"article": "art-a"})
    assert result.columns == ["name", "type", "roles", "affiliation", "mentions", "statements", "article"]
    by_name = {row[0]: row for row in result.rows}
    assert len(result.rows) == 6
    assert by_name["Liu Zhengrong"] == ["Liu Zhengrong", "Person", "deputy director",
                                        "State Council Information Office", "2", "2", "art-a"]
    assert by_name["China"][1:] == ["Country", None, None, "3", "0", "art-a"]
    assert result.rows[0][0] == "Liu Zhengrong"  # busiest speaker first
    assert len(rows(store, "actors")) == 10


def test_relayed_and_audiences(store):
    assert rows(store, "relayed-statements") == [
        ["Google", "Reuters", "said", "indirect", "attacks rose 20 percent in 2009", "art-a", "193"]
    ]
    assert rows(store, "audiences") == [
        ["Liu Zhengrong", "EastWest Institute", "told", "indirect", "China opposes cyberattacks", "art-a", "105"]
    ]


def test_speakers_merge_articles(store):
    assert [row[:7] for row in rows(store, "speakers")] == [
        ["Liu Zhengrong", "Person", "3", "1", "0", "2", "2"],
        ["Google", "Organization", "1", "0", "0", "1", "1"],
        ["Hillary Clinton", "Person", "1", "0", "0", "1", "1"],
    ]
    assert column(rows(store, "speakers"), 7)[0] == "https://w3id.org/kg-news/id/entity/liu-zhengrong"


def test_articles(store):
    assert rows(store, "articles") == [
        ["art-a", "China and cyberspace", "2010-05-04", "AFP", "6", "3", "2"],
        ["art-b", "Law", None, None, "4", "2", "0"],
    ]


# ---------------------------------------------------------------- parameters are data, not SPARQL


HOSTILE = [
    'x" } ; DROP ALL ; SELECT * WHERE { "',
    "liu' } UNION { ?s ?p ?o } #",
    '"} } ; DROP ALL',
    "\\\" ) || true || (\"",
    "}}}{{{",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_values_stay_literals(store, value):
    before = len(rows(store, "who-said-what"))
    assert rows(store, "statements-by-speaker", speaker=value) == []
    assert rows(store, "statements-mentioning", actor=value) == []
    with pytest.raises(ArticleNotFound, match="kg query articles"):  # an article is looked up, not spliced
        rows(store, "who-said-what", article=value)
    assert len(rows(store, "who-said-what")) == before == 5  # nothing was dropped


def test_bindings_are_terms_and_the_text_is_unchanged():
    named = load_query("statements-by-speaker")
    text, bindings = prepare(named, {"speaker": 'Liu "} DROP ALL'})
    assert text == named.text
    assert bindings == {"speaker": Literal('Liu "} DROP ALL')}
    folded = parse_header("# param: who (casefold) a name\nSELECT ?n WHERE { ?s ?p ?n FILTER(?n = ?who) }")
    assert prepare(folded, {"who": "Liu"})[1] == {"who": Literal("liu")}


def test_iri_parameter_is_bound_as_iri():
    query = parse_header(
        "# param: graph (optional, iri) a graph\nSELECT ?graph ?s WHERE { GRAPH ?graph { ?s ?p ?o } }"
    )
    _, bindings = prepare(query, {"graph": "https://w3id.org/kg-news/id/graph/art-a"})
    assert bindings == {"graph": URIRef("https://w3id.org/kg-news/id/graph/art-a")}
    with pytest.raises(QueryError, match="parameter 'graph' must be an absolute IRI"):
        prepare(query, {"graph": "not an iri> } DROP ALL"})


def test_iri_parameter_selects_a_graph(store):
    query = parse_header(
        "# param: graph (iri) an article graph\n"
        "PREFIX kgo: <https://w3id.org/kg-news/ns#>\n"
        "SELECT ?graph ?id WHERE { GRAPH ?graph { ?a kgo:articleId ?id } }"
    )
    result = run_query(store, query, {"graph": "https://w3id.org/kg-news/id/graph/art-b"})
    assert result.rows == [["https://w3id.org/kg-news/id/graph/art-b", "art-b"]]


# ---------------------------------------------------------------- errors people will hit


def test_missing_required_parameter_is_named():
    with pytest.raises(QueryError, match=r"missing required parameter\(s\) 'speaker'") as info:
        prepare(load_query("statements-by-speaker"), {})
    assert "it takes: speaker (required)" in str(info.value)


def test_unknown_parameter_is_named():
    with pytest.raises(QueryError, match=r"unknown parameter\(s\) 'colour', 'size'"):
        prepare(load_query("who-said-what"), {"colour": "red", "size": "9"})
    with pytest.raises(QueryError, match="declares no parameters"):
        prepare(load_query("SELECT * WHERE { ?s ?p ?o }"), {"x": "1"})


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(QueryError) as info:
        load_query("who-said-wht")
    message = str(info.value)
    assert "unknown query 'who-said-wht'" in message
    assert "did you mean 'who-said-what'" in message
    for name in REQUIRED_QUERIES:
        assert name in message
    assert "\n" not in message


def test_query_from_a_file_and_from_text(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# description: mine\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    named = load_query(str(path))
    assert (named.name, named.description, named.path) == ("mine", "mine", path)
    with pytest.raises(QueryError, match="no such query file"):
        load_query(str(tmp_path / "absent.rq"))
    other = tmp_path / "mine.sparql"
    other.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert load_query(str(other)).text == "ASK { ?s ?p ?o }"
    literal = load_query("ASK { ?s ?p ?o }")
    assert literal.path is None and literal.text == "ASK { ?s ?p ?o }"


def test_syntax_error_gives_line_and_column():
    query = "PREFIX kgo: <https://w3id.org/kg-news/ns#>\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }"
    with pytest.raises(QueryError, match=r"syntax error at line 4, column \d+") as info:
        prepare(query)
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError, match="syntax error at line 1, column 27"):
        prepare("SELECT * WHERE { ?s ?p ?o ")


def test_undeclared_prefix_is_explained():
    # rdflib would accept schema: silently; Oxigraph and remote endpoints would not.
    with pytest.raises(QueryError, match=r"prefix 'schema:' is not declared; add PREFIX schema: <https://schema.org/>"):
        prepare("SELECT ?n WHERE { ?a schema:name ?n }")
    with pytest.raises(QueryError, match=r"prefix ':' is not declared"):
        prepare("SELECT ?n WHERE { ?a :name ?n }")


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "CREATE GRAPH <https://example.org/g>",
        "LOAD <https://example.org/data.ttl>",
        "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }",
        "# a comment first\nPREFIX ex: <https://example.org/>\nDELETE WHERE { GRAPH ?g { ?s ex:p ?o } }",
        "WITH <https://example.org/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }",
        "COPY <https://example.org/a> TO <https://example.org/b>",
    ],
)
def test_updates_are_refused(store, update):
    with pytest.raises(QueryError, match="SPARQL UPDATE.*kg load.*kg ingest.*kg delete"):
        run_query(store, update, {})
    assert len(rows(store, "who-said-what")) == 5


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c . { ?a ?p ?o . { SERVICE SILENT <https://example.org/sparql> { ?a ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c { SELECT ?a WHERE { SERVICE <https://example.org/sparql> { ?a ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <https://example.org/sparql> { ?a ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE ?endpoint { ?a ?p ?o } } }",
    "SELECT * WHERE { { ?a ?b ?c } UNION { GRAPH ?g { SERVICE <https://example.org/sparql> { ?a ?p ?o } } } }",
    "ASK { ?a ?b ?c MINUS { SERVICE <https://example.org/sparql> { ?a ?p ?o } } }",
    "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <https://example.org/sparql> { ?a ?b ?c } }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_anywhere_unless_allowed(query):
    with pytest.raises(QueryError, match="SERVICE.*--allow-service"):
        prepare(query)
    text, bindings = prepare(query, allow_service=True)  # parses; the store would run it
    assert text == query and bindings == {}


def test_service_in_a_comment_or_string_is_not_service(store):
    query = (
        "# SERVICE <https://example.org/sparql> { ?s ?p ?o }\n"
        "PREFIX schema: <https://schema.org/>\n"
        'SELECT ?n WHERE { GRAPH ?g { ?a schema:name ?n FILTER(?n != "SERVICE <x:y> { }") } } '
        "ORDER BY ?n LIMIT 1"
    )
    assert run_query(store, query, {}).rows == [["China"]]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <https://w3id.org/kg-news/id/graph/art-a> { ?s ?p ?o }",
    ],
)
def test_from_clauses_are_refused(store, query):
    # rdflib's engine would try to download (or read) a FROM graph it does not hold.
    with pytest.raises(QueryError, match="FROM / FROM NAMED.*GRAPH \\?g"):
        run_query(store, query, {}, allow_service=True)


def test_parameter_must_occur_in_the_query():
    query = parse_header("# param: who a name\nSELECT ?s WHERE { ?s ?p ?whom }")
    with pytest.raises(QueryError, match=r"parameter 'who' is declared in the header but \?who does not occur"):
        prepare(query, {"who": "x"})
    in_filter_only = parse_header("# param: who a name\nSELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?who) }")
    assert prepare(in_filter_only, {"who": "x"})[1] == {"who": Literal("x")}


def test_bad_header_options_are_reported():
    with pytest.raises(QueryError, match="unknown option"):
        parse_header("# param: who (mandatory) a name\nSELECT ?who WHERE { ?s ?p ?who }")
    with pytest.raises(QueryError, match="declared twice"):
        parse_header("# param: a\n# param: a\nSELECT ?a WHERE { ?s ?p ?a }")


def test_empty_query_is_an_error():
    with pytest.raises(QueryError, match="empty query"):
        load_query("   ")


# ---------------------------------------------------------------- other query forms and formats


def test_ask_and_construct(store):
    ask = run_query(store, "PREFIX kgo: <https://w3id.org/kg-news/ns#> ASK { GRAPH ?g { ?s a kgo:Statistic } }", {})
    assert ask.kind == "ASK" and ask.boolean is True
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    construct = run_query(
        store,
        "PREFIX schema: <https://schema.org/> CONSTRUCT { ?a schema:name ?n } "
        "WHERE { GRAPH ?g { ?a a schema:Country ; schema:name ?n } }",
        {},
    )
    assert construct.columns == ["subject", "predicate", "object"]
    assert sorted(row[2] for row in construct.rows) == ["China", "China"]


def test_csv_quotes_properly():
    from kg.queries import QueryResult

    awkward = ['He said, "no"', "two\nlines", None, "plain"]
    result = QueryResult(["a", "b", "c", "d"], [awkward], [[Literal(v) if v else None for v in awkward]])
    parsed = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert parsed == [["a", "b", "c", "d"], ['He said, "no"', "two\nlines", "", "plain"]]


def test_json_is_sparql_results_json(store):
    data = json.loads(format_result(run_query(store, "statistics", {}), "json"))
    assert data["head"]["vars"][:2] == ["value", "unit"]
    first = data["results"]["bindings"][0]
    assert first["value"]["type"] == "literal"
    assert first["value"]["datatype"] == "http://www.w3.org/2001/XMLSchema#double"
    assert float(first["value"]["value"]) == 20.0
    assert "period" not in data["results"]["bindings"][1]  # unbound stays out, as in SPARQL JSON


def test_table_shows_rows_and_escapes_markup(store):
    text = format_result(run_query(store, "who-said-what", {}), "table", width=160)
    assert "Liu Zhengrong" in text and "China to investigate" in text and "5 rows" in text
    from kg.queries import QueryResult

    odd = QueryResult(["x"], [["[bold]not markup[/bold]"]], [[Literal("x")]])
    assert "[bold]not markup[/bold]" in format_result(odd, "table", width=80)


def test_unknown_format():
    from kg.queries import QueryResult

    with pytest.raises(QueryError, match="unknown format 'xml'; use table, csv, json"):
        format_result(QueryResult([], []), "xml")


def test_named_query_object_passes_through():
    named = load_query("articles")
    assert isinstance(named, NamedQuery) and load_query(named) is named


def test_internal_queries_are_files_but_not_named_queries():
    from kg.queries import internal_query, list_queries, prepare
    from kg.resources import queries_dir

    internal = sorted(p.stem for p in (queries_dir() / "internal").glob("*.rq"))
    assert {"analysis-actors", "analysis-links", "analysis-statements", "same-text", "store-counts"} <= set(internal)
    listed = {q.name for q in list_queries()}
    for name in internal:
        assert name not in listed
        text = internal_query(name)
        assert text.startswith(f"# name: {name}\n# description: Internal (")
        prepare(text)  # parses, no UPDATE, no SERVICE
    with pytest.raises(QueryError, match="unknown query 'store-counts'"):
        prepare("store-counts")


def test_a_query_may_declare_its_own_timeout(tmp_path) -> None:
    """`# timeout: SECONDS` in the header is the query's default (corpus-wide aggregations
    need more than the 30 s every other query gets); a bad value is refused, saying how."""
    from kg.queries import DEFAULT_TIMEOUT, load_query, parse_header

    assert load_query("entities").timeout == 300
    assert load_query("who-said-what").timeout is None and DEFAULT_TIMEOUT == 30.0
    slow = tmp_path / "slow.rq"
    slow.write_text("# name: slow\n# timeout: 120\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert load_query(str(slow)).timeout == 120
    for bad in ("soon", "0", "-5", "inf"):
        with pytest.raises(QueryError, match="write '# timeout: SECONDS'"):
            parse_header(f"# timeout: {bad}\nSELECT * WHERE {{ ?s ?p ?o }}")
