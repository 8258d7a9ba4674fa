"""One chooser for the format of an output file (kg.fileformats.output_format): kg export and kg graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.fileformats import EXPORT_SUFFIXES, GRAPH_SUFFIXES, FormatMismatch, output_format


@pytest.mark.parametrize(
    "fmt,output,expected",
    [
        (None, None, "png"),
        ("svg", None, "svg"),
        (None, "net.gexf", "gexf"),
        (None, "page.htm", "html"),
        (None, "net.xml", "graphml"),
        ("html", "page.out", "html"),  # an extension kg does not know takes -f's format
        ("json", "net.json", "json"),
    ],
)
def test_graph_formats(fmt, output, expected):
    path = Path(output) if output else None
    assert output_format(fmt, path, GRAPH_SUFFIXES, "png", name_must_tell=True) == expected


@pytest.mark.parametrize(
    "fmt,output,words",
    [
        ("png", "x.gexf", ["-f png", "gexf"]),
        ("png", "x.ttl", ["-f png", "turtle"]),  # a file name of another kg output
        (None, "x.unknown", ["cannot tell", "x.unknown"]),
        (None, "x.nq", ["nquads", "does not write"]),
        ("dot", None, ["unknown format 'dot'", "graphml"]),
    ],
)
def test_graph_format_and_name_that_disagree(fmt, output, words):
    path = Path(output) if output else None
    with pytest.raises(FormatMismatch) as caught:
        output_format(fmt, path, GRAPH_SUFFIXES, "png", name_must_tell=True)
    for word in words:
        assert word in str(caught.value)


def test_export_formats():
    assert output_format(None, None, EXPORT_SUFFIXES, "trig") == "trig"
    assert output_format(None, Path("x.out"), EXPORT_SUFFIXES, "trig") == "trig"  # unknown: the default
    assert output_format(None, Path("x.json"), EXPORT_SUFFIXES, "trig") == "jsonld"
    with pytest.raises(FormatMismatch, match="names gexf"):
        output_format("turtle", Path("x.gexf"), EXPORT_SUFFIXES, "trig")
