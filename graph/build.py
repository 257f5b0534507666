"""Build the graph from data/: ontology, gazetteer and one named graph per document.

Everything is parsed and validated in memory first; the store is written
only when all inputs are valid, in one atomic update, so a failed build
leaves the store exactly as it was.  Rebuilding is idempotent.

>>> from crimekg.graph.store import open_store
>>> store = open_store("memory")
>>> report = build(store)
>>> report.documents
5
>>> store.count() == report.quads
True
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from .annotations import load_annotation
from .documents import load_documents
from .errors import InputError
from .gazetteer import load_gazetteer
from .namespaces import CKG, GAZETTEER_GRAPH, ONTOLOGY_GRAPH
from .ontology import load_ontology_graph, load_schema
from .rdfgen import annotation_graph, fact_triples, gazetteer_graph, graph_iri
from .resources import data_dir
from .store import KGStore

PROVENANCE_CLASSES = (CKG.Assertion, CKG.Sentence, CKG.Document)


@dataclass
class BuildReport:
    """What a build wrote: graphs, triple counts, facts, entity types, time."""

    graphs: dict[str, int] = field(default_factory=dict)
    facts: int = 0
    documents: int = 0
    entity_types: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def quads(self) -> int:
        """Total number of quads written."""
        return sum(self.graphs.values())


def plan_graphs(
    data: Path | None = None, progress: Callable[[str], None] | None = None
) -> dict[URIRef, Iterable[tuple]]:
    """Parse and validate everything under *data*; return the graphs to write."""
    data = data or data_dir()
    schema = load_schema()
    gazetteer = load_gazetteer(data / "gazetteer.yaml")
    documents = load_documents(data / "documents.yaml")
    graphs: dict[URIRef, Iterable[tuple]] = {
        ONTOLOGY_GRAPH: load_ontology_graph(),
        GAZETTEER_GRAPH: gazetteer_graph(gazetteer, schema),
    }
    for doc in documents:
        if progress:
            progress(doc.id)
        path = data / "annotations" / f"{doc.id}.yaml"
        if not path.exists():
            raise InputError(f"{path}: no annotation file for document {doc.id}")
        text = doc.text()
        annotation = load_annotation(path, doc, gazetteer)
        graphs[graph_iri(doc.id)] = annotation_graph(annotation, text, schema)
    return graphs


def build(store: KGStore, data: Path | None = None, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build the graph from *data* (the packaged data/ by default) into *store*."""
    started = time.perf_counter()
    graphs = plan_graphs(data, progress)
    store.replace_graphs(graphs)
    report = BuildReport()
    for name, graph in graphs.items():
        report.graphs[str(name)] = len(graph)
        if name not in (ONTOLOGY_GRAPH, GAZETTEER_GRAPH):
            report.documents += 1
            report.facts += sum(1 for _ in fact_triples(graph))
    typed: set[tuple[str, str]] = set()
    for name, graph in graphs.items():
        if name == ONTOLOGY_GRAPH:
            continue
        for subject, predicate, cls in graph:
            if predicate == RDF.type and str(cls).startswith(str(CKG)) and cls not in PROVENANCE_CLASSES:
                typed.add((str(subject), str(cls)[len(str(CKG)):]))
    report.entity_types = Counter(cls for _, cls in typed)
    report.seconds = time.perf_counter() - started
    return report
