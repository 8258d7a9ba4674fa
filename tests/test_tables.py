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
