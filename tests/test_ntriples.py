"""Ingest's direct N-Triples writer gives exactly the triples of the rdflib graph builder."""

from __future__ import annotations

from pathlib import Path

import pytest
from crimekg.graph.annotations import parse_annotation
from crimekg.graph.documents import DocumentMeta, load_documents
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ingest.evaluate import _without
from crimekg.graph.ingest.extract import Extractor
from crimekg.graph.ingest.pipeline import document_meta, graph_body
from crimekg.graph.ingest.resolve import Resolver
from crimekg.graph.ingest.textio import SourceDoc
from crimekg.graph.ntriples import annotation_lines
from crimekg.graph.ontology import load_schema
from crimekg.graph.rdfgen import annotation_graph
from crimekg.graph.resources import data_dir
from crimekg.graph.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [data_dir(), ROOT / "tests" / "fixtures" / "dev", ROOT / "tests" / "fixtures" / "dev2"]
GAZETTEER = load_gazetteer()
SCHEMA = load_schema()


def _documents() -> list[tuple[Path, DocumentMeta]]:
    return [(folder, doc) for folder in FOLDERS for doc in load_documents(folder / "documents.yaml")]


@pytest.mark.parametrize(("folder", "doc"), _documents(), ids=lambda v: getattr(v, "id", ""))
def test_curated_and_extracted_annotations_write_the_same_triples(folder: Path, doc: DocumentMeta) -> None:
    text = doc.text()
    gold = load_yaml(folder / "annotations" / f"{doc.id}.yaml")
    curated = parse_annotation(gold, doc, _without(GAZETTEER, gold), doc.id, schema=SCHEMA, text=text)
    src = SourceDoc(doc.id, doc.path, doc.title, text, doc.language)
    content = Extractor(GAZETTEER, SCHEMA).extract(src, Resolver(GAZETTEER)).content
    extracted = parse_annotation(content, document_meta(src), GAZETTEER, doc.id, schema=SCHEMA, text=text)
    for annotation in (curated, extracted):
        graph = annotation_graph(annotation, text, SCHEMA)
        expected, facts = graph_body(graph)
        body, n_facts, quads = annotation_lines(annotation, text, SCHEMA)
        assert body == expected
        assert (n_facts, quads) == (facts, len(graph))
        assert facts > 0
