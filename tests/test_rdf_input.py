"""`kg load` of RDF: an export restores the store; parsing never reaches the network."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.claimfile import load_claimset
from kg.cli import app
from kg.errors import InputError
from kg.rdf_input import read_rdf_claimsets
from tests.helpers import ROOT, SEED_GOLD


@pytest.fixture()
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    return CliRunner()


@pytest.mark.parametrize("fmt,suffix", [("trig", ".trig"), ("nquads", ".nq"), ("turtle", ".ttl"), ("jsonld", ".jsonld")])
def test_an_export_restores_the_same_claimset(runner, tmp_path, fmt, suffix):
    assert runner.invoke(app, ["load", str(SEED_GOLD)]).exit_code == 0
    dump = tmp_path / f"backup{suffix}"
    assert runner.invoke(app, ["export", "--format", fmt, "-o", str(dump)]).exit_code == 0

    restored = read_rdf_claimsets(dump)
    assert restored == [load_claimset(SEED_GOLD)]

    other = tmp_path / "other-store"
    result = runner.invoke(app, ["load", str(dump), "--store", str(other)])
    assert result.exit_code == 0, result.output
    assert "stored china-cybersecurity-2010" in result.output


def test_remote_jsonld_context_is_refused(tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:x", "name": "x"}), encoding="utf-8")
    with pytest.raises(InputError, match="remote"):
        read_rdf_claimsets(path)


def test_imported_jsonld_context_deep_inside_is_refused(tmp_path):
    doc = {"@context": {"@vocab": "https://schema.org/"}, "@graph": [
        {"@id": "urn:a", "knows": {"@context": {"@import": "http://127.0.0.1:9/c.jsonld"}, "@id": "urn:b"}}]}
    path = tmp_path / "nested.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="127.0.0.1:9"):
        read_rdf_claimsets(path)


def test_rdfxml_external_entity_is_refused(tmp_path):
    path = tmp_path / "entity.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf [ <!ENTITY ext SYSTEM "http://127.0.0.1:9/secret"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="https://schema.org/">'
        '<rdf:Description rdf:about="urn:a"><s:name>&ext;</s:name></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="external entity"):
        read_rdf_claimsets(path)


def test_rdf_without_articles_is_refused_by_the_cli(tmp_path):
    path = tmp_path / "foaf.ttl"
    path.write_text('<urn:a> <http://xmlns.com/foaf/0.1/name> "A" .\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "load", str(path), "--store", str(tmp_path / "s")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "foaf.ttl" in result.stderr and "NewsArticle" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_turtle_is_one_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl: not valid turtle"):
        read_rdf_claimsets(path)


def test_query_timeout_from_the_command_line(tmp_path):
    store = tmp_path / "store"
    env_args = ["--store", str(store)]
    assert subprocess.run([sys.executable, "-m", "kg.cli", "load", str(SEED_GOLD), *env_args], cwd=ROOT).returncode == 0
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", explosive, "--timeout", "0.5", *env_args],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "stopped after 0.5 s" in result.stderr
    assert "Traceback" not in result.stderr
