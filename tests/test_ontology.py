"""The models, the ontology and the shapes must not drift apart.

kg/models.py is the contract; kg/rdf_mapping.FIELD_PROPERTIES says which property carries
each field; ontology/kg.ttl must declare every kgo term; ontology/shapes.ttl must check every
property. Adding a model field without mapping, declaring and shaping it fails here.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from pydantic import BaseModel
from rdflib import Graph, URIRef

import kg.models as models
import kg.vocab as V
from kg.rdf_mapping import FIELD_PROPERTIES, claimset_to_graph
from kg.resources import ontology_file, shapes_file
from tests.test_mapping import built_claimset

KGO_NS = str(V.KGO._NS)
PROPERTY_TYPES = {V.OWL.ObjectProperty, V.OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def contract_models() -> dict[str, type[BaseModel]]:
    """Every Pydantic model exported by kg.models (the JSON contract)."""
    found = {}
    for name in models.__all__:
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            found[name] = obj
    return found


def unmapped_fields(model_classes: dict[str, type[BaseModel]], table: dict) -> list[str]:
    return [
        f"{name}.{field}"
        for name, cls in model_classes.items()
        for field in cls.model_fields
        if (name, field) not in table
    ]


def unshaped_properties(properties: set[URIRef], shapes: Graph) -> list[str]:
    paths = set(shapes.objects(None, V.SH.path))
    return sorted(str(p) for p in properties if p not in paths)


def undeclared_terms(terms: set[URIRef], ontology: Graph) -> list[str]:
    ours = (t for t in terms if str(t).startswith(KGO_NS))
    return sorted(str(t) for t in ours if (t, None, None) not in ontology)


# ---------------------------------------------------------------- files parse


def test_ontology_and_shapes_parse_with_rdflib_and_oxigraph(ontology: Graph, shapes: Graph) -> None:
    assert (URIRef("https://w3id.org/kg-news/ns"), V.RDF.type, V.OWL.Ontology) in ontology
    assert len(list(shapes.subjects(V.RDF.type, V.SH.NodeShape))) >= 8
    for path in (ontology_file(), shapes_file()):
        triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(Graph().parse(path, format="turtle"))


# ---------------------------------------------------------------- drift: models -> table


def test_every_model_field_has_a_mapped_property() -> None:
    classes = contract_models()
    expected = {"ClaimSet", "Article", "Actor", "Statement", "Statistic", "Comparison", "Span"}
    assert expected <= set(classes)
    assert unmapped_fields(classes, FIELD_PROPERTIES) == []


def test_the_table_names_no_field_that_does_not_exist() -> None:
    classes = contract_models()
    stale = [f"{m}.{f}" for m, f in FIELD_PROPERTIES if f not in classes[m].model_fields]
    assert stale == []


def test_a_new_model_field_without_a_property_is_caught() -> None:
    """The check itself can fail: a model with an extra field is reported."""

    class Statement(models.Statement):
        confidence: float = 1.0

    classes = {**contract_models(), "Statement": Statement}
    assert unmapped_fields(classes, FIELD_PROPERTIES) == ["Statement.confidence"]


# ---------------------------------------------------------------- drift: table -> ontology, shapes


def _table_properties() -> set[URIRef]:
    return {p for props in FIELD_PROPERTIES.values() for p in props}


def test_every_kgo_property_in_the_table_is_declared(ontology: Graph) -> None:
    assert undeclared_terms(_table_properties(), ontology) == []


def test_every_property_in_the_table_is_checked_by_a_shape(shapes: Graph) -> None:
    assert unshaped_properties(_table_properties(), shapes) == []


def test_the_shape_check_can_fail(shapes: Graph) -> None:
    assert unshaped_properties({V.KGO.period, URIRef(f"{KGO_NS}confidence")}, shapes) == [
        f"{KGO_NS}confidence"
    ]


def test_vocab_module_and_ontology_declare_the_same_kgo_terms(ontology: Graph) -> None:
    in_module = {URIRef(f"{KGO_NS}{name}") for name in V.KGO.__annotations__}
    in_file = {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(KGO_NS)
    }
    assert sorted(in_module - in_file) == []
    assert sorted(in_file - in_module) == []


def test_every_kgo_property_has_label_comment_domain_range(ontology: Graph) -> None:
    problems = []
    for prop in sorted(s for t in PROPERTY_TYPES for s in ontology.subjects(V.RDF.type, t)):
        for needed in (V.RDFS.label, V.RDFS.comment, V.RDFS.domain, V.RDFS.range):
            if ontology.value(prop, needed) is None:
                problems.append(f"{prop} has no {needed}")
    assert problems == []


def test_ontology_reuses_the_standards(ontology: Graph) -> None:
    assert (V.KGO.Statement, V.RDFS.subClassOf, V.SCHEMA.Quotation) in ontology
    assert (V.KGO.Statistic, V.RDFS.subClassOf, V.SCHEMA.Observation) in ontology
    assert (V.KGO.Span, V.RDFS.subClassOf, V.OA.SpecificResource) in ontology
    assert (V.KGO.Intermediary, V.RDF.type, V.PROV.Role) in ontology


# ---------------------------------------------------------------- drift: mapper output


def test_every_term_the_mapping_writes_is_declared_and_shaped(
    seed_text: str, ontology: Graph, shapes: Graph
) -> None:
    """Not just the table: whatever the mapping actually emits is known to both files."""
    graph = claimset_to_graph(built_claimset(seed_text))[1]
    predicates = {p for p in graph.predicates() if not str(p).startswith(f"{V.RDF._NS}_")}
    classes = set(graph.objects(None, V.RDF.type))
    assert undeclared_terms(predicates | classes, ontology) == []
    assert unshaped_properties(predicates, shapes) == []
    targets = set(shapes.objects(None, V.SH.targetClass))
    own_classes = {c for c in classes if str(c).startswith(KGO_NS)} - {V.KGO.Group}
    assert sorted(str(c) for c in own_classes - targets) == []
