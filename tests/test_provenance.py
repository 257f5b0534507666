"""Every annotated fact reaches the graph, and every fact carries its provenance."""

from __future__ import annotations

import pytest
from crimekg.graph.annotations import load_annotation
from crimekg.graph.documents import load_documents
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ids import entity_iri
from crimekg.graph.namespaces import GAZETTEER_GRAPH
from crimekg.graph.ontology import load_schema
from crimekg.graph.rdfgen import graph_iri, object_term, predicate_term
from crimekg.graph.resources import data_dir
from crimekg.graph.store import KGStore
from rdflib import Literal, URIRef

DOCUMENTS = load_documents()

FACTS_WITHOUT_ASSERTION = """
SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != graph:ontology)
  FILTER NOT EXISTS { GRAPH ?g { ?s a ?prov . VALUES ?prov { ckg:Assertion ckg:Sentence ckg:Document } } }
  FILTER NOT EXISTS {
    GRAPH ?g { ?a a ckg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  ckg:document ?d ; prov:wasDerivedFrom ?src ; ckg:method ?m ; ckg:confidence ?c }
  }
} LIMIT 20
"""


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.id for d in DOCUMENTS])
def test_every_annotated_fact_reaches_its_document_graph(seed_store: KGStore, doc) -> None:
    annotation = load_annotation(data_dir() / "annotations" / f"{doc.id}.yaml", doc, load_gazetteer())
    schema = load_schema()
    assert len(annotation.statements) >= 20, "a seed document states at least twenty facts"
    missing = []
    for statement in annotation.statements:
        s, p, o = statement.triple
        triple = (entity_iri(s), predicate_term(p), object_term(p, o, schema, doc.language))
        ask = seed_store.query("ASK { GRAPH ?g { ?s ?p ?o } }",
                               {"g": graph_iri(doc.id), "s": triple[0], "p": triple[1], "o": triple[2]})
        if not ask.askAnswer:
            missing.append(statement.triple)
    assert missing == []


def test_every_fact_has_an_assertion_with_document_sentence_and_method(seed_store: KGStore) -> None:
    rows = list(seed_store.query(FACTS_WITHOUT_ASSERTION))
    assert rows == []


def test_sentence_offsets_point_at_the_sentence_text(seed_store: KGStore) -> None:
    rows = list(seed_store.query("""
        SELECT ?doc ?start ?end ?text WHERE {
          ?sent a ckg:Sentence ; ckg:inDocument ?d ; ckg:startOffset ?start ; ckg:endOffset ?end ; ckg:text ?text .
          ?d dcterms:identifier ?doc }"""))
    assert len(rows) > 50
    texts = {d.id: d.text() for d in DOCUMENTS}
    for doc_id, start, end, text in rows:
        assert texts[str(doc_id)][int(start):int(end)] == str(text)


def test_methods_are_curated_for_documents_and_reference_for_gazetteer(seed_store: KGStore) -> None:
    rows = {(str(g), str(m)) for g, m in seed_store.query(
        "SELECT DISTINCT ?g ?m WHERE { GRAPH ?g { ?a a ckg:Assertion ; ckg:method ?m } }")}
    assert (str(GAZETTEER_GRAPH), "https://w3id.org/crimekg/ontology#reference") in rows
    for doc in DOCUMENTS:
        assert (str(graph_iri(doc.id)), "https://w3id.org/crimekg/ontology#curated") in rows


def test_evidence_of_a_known_fact(seed_store: KGStore) -> None:
    """The 26 participants of the La Paz workshop come from doc-000's sentence that says so."""
    rows = list(seed_store.query("""
        SELECT ?text ?doc WHERE {
          ?a rdf:predicate ckg:participantCount ; rdf:object ?n ; prov:wasDerivedFrom ?s ; ckg:document ?doc .
          ?s ckg:text ?text }""", {"n": Literal(26)}))
    assert len(rows) == 1
    text, doc = rows[0]
    assert "26" in str(text) and "prosecutors" in str(text)
    assert doc == URIRef("https://w3id.org/crimekg/doc/doc-000")
