"""The one table printer (kg.tables) and the choices shared by the CLI and the library (kg.choices)."""

from __future__ import annotations

from kg.choices import ExportFormat, GraphFormat, Level, ResultFormat, values
from kg.tables import Column, format_table


def test_cells_are_shown_as_written_never_as_markup():
    text = format_table(["name", "note"], [["[bold]Liu[/bold]", ":smile: [link=x]"]], width=100)
    assert "[bold]Liu[/bold]" in text and ":smile: [link=x]" in text


def test_numbers_align_right_and_long_cells_end_in_an_ellipsis():
    text = format_table(
        [Column("subset"), Column("tp", numeric=True), Column("text", max_width=12)],
        [["all", "7", "short"], ["speech cues", "123", "a much longer text than twelve"]],
        width=100,
    )
    lines = text.splitlines()
    row_all = next(line for line in lines if "all" in line)
    row_cues = next(line for line in lines if "speech cues" in line)
    assert row_all.index("7") == row_cues.index("123") + 2  # right-aligned in one column
    assert "…" in row_cues and "twelve" not in text
    assert len(lines) == 6  # header box, one line per row


def test_a_listing_without_borders_is_key_and_value_two_spaces_apart():
    text = format_table(["key", "value"], [["articles", "1"], ["statements", "13"]], borders=False)
    assert text.splitlines() == ["articles    1", "statements  13"]


def test_the_library_checks_the_same_values_the_cli_offers():
    from kg.analysis import LEVELS
    from kg.fileformats import EXPORT_SUFFIXES, GRAPH_SUFFIXES
    from kg.queries import FORMATS
    from kg.store.base import EXPORT_FORMATS

    assert set(LEVELS) == set(values(Level))
    assert FORMATS == values(ResultFormat)
    assert EXPORT_FORMATS == values(ExportFormat) == tuple(EXPORT_SUFFIXES)
    assert tuple(GRAPH_SUFFIXES) == values(GraphFormat)


def test_a_table_shows_entity_and_article_iris_as_the_ids_commands_take():
    """`kg entities merge` takes "tony-blair", `kg delete` an article id: a table shows those;
    csv keeps the IRIs, and a literal that merely reads like an IRI is left as written."""
    from rdflib import Literal, URIRef

    from kg.queries import QueryResult, format_result

    base = "https://w3id.org/kg-news/id/"
    iris = [f"{base}entity/tony-blair", f"{base}article/a%20b-1f", f"{base}article/x-1f/actor/a1"]
    texts = [*iris, f"{base}entity/written"]
    terms = [*(URIRef(i) for i in iris), Literal(texts[-1])]
    result = QueryResult(["e", "a", "actor", "lit"], [texts], [terms])
    table = format_result(result, "table", width=300)
    row = next(line for line in table.splitlines() if "tony-blair" in line)
    cells = [cell.strip() for cell in row.strip("│ ").split("│")]
    assert cells == ["tony-blair", "a b-1f", iris[2], texts[3]]
    assert format_result(result, "csv").splitlines()[1] == ",".join(texts)
