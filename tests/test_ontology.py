"""The ontology loads, aligns with standard vocabularies, and its threat scheme is bilingual."""

from __future__ import annotations

from crimekg.graph.namespaces import CKG
from crimekg.graph.ontology import load_ontology_graph, load_schema
from crimekg.graph.resources import ontology_dir
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

STANDARD = ("http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "https://schema.org/",
            "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2006/time#")


def test_ontology_files_parse() -> None:
    for name in ("crimekg.ttl", "threats.ttl", "shapes.ttl"):
        graph = Graph().parse(ontology_dir() / name, format="turtle")
        assert len(graph) > 50, name


def test_required_classes_exist() -> None:
    schema = load_schema()
    for cls in ("Actor", "Country", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety",
                "Person", "Programme", "Agreement", "BilateralAgreement", "MultilateralAgreement", "Declaration",
                "NationalPlan", "Treaty", "MemorandumOfUnderstanding", "Threat", "Activity", "Workshop",
                "Training", "Operation", "Meeting", "Assessment", "Document"):
        assert schema.is_class(cls), cls
    assert schema.is_a("Workshop", "Activity")
    assert schema.is_a("Country", "Actor")
    assert not schema.is_a("Workshop", "Actor")


def test_required_properties_exist() -> None:
    schema = load_schema()
    for prop in ("organizer", "participant", "funder", "implementer", "party", "memberOf", "targetsThreat",
                 "location", "roleTitle"):
        assert schema.is_object_property(prop) or schema.is_datatype_property(prop), prop
    for prop in ("startDate", "endDate", "participantCount", "femaleParticipantCount", "maleParticipantCount"):
        assert schema.is_datatype_property(prop), prop


def test_every_class_and_property_has_english_and_spanish_labels() -> None:
    graph = load_ontology_graph()
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in graph.subjects(RDF.type, kind) if str(t).startswith(str(CKG))]
    assert len(terms) > 80
    for term in terms:
        langs = {lbl.language for lbl in graph.objects(term, RDFS.label)}
        assert "en" in langs, term
        if term != CKG.sha256:
            assert "es" in langs, term


def test_top_classes_align_with_standard_vocabularies() -> None:
    graph = load_ontology_graph()
    for cls in (CKG.Actor, CKG.Organization, CKG.Country, CKG.Person, CKG.Programme, CKG.Agreement,
                CKG.Activity, CKG.Document, CKG.Assertion, CKG.Place, CKG.Threat):
        supers = [str(s) for s in graph.objects(cls, RDFS.subClassOf)]
        assert any(s.startswith(STANDARD) for s in supers), cls


def test_threat_scheme_is_bilingual_and_connected() -> None:
    graph = load_ontology_graph()
    threats = list(graph.subjects(RDF.type, CKG.Threat))
    assert len(threats) >= 12
    for concept in threats:
        langs = {lbl.language for lbl in graph.objects(concept, SKOS.prefLabel)}
        assert {"en", "es"} <= langs, concept
        assert (concept, SKOS.broader, None) in graph or (concept, SKOS.topConceptOf, None) in graph, concept
