"""SHACL validation of the store against ``ontology/shapes.ttl`` (pySHACL).

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> validate_store(store).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from .errors import InputError
from .resources import ontology_dir
from .store import KGStore


@dataclass
class ValidationResult:
    """Whether the data conforms, and one row per violation."""

    conforms: bool
    violations: list[dict[str, str]] = field(default_factory=list)


def load_shapes(path: Path | None = None) -> Graph:
    """The SHACL shapes graph."""
    path = path or ontology_dir() / "shapes.ttl"
    shapes = Graph()
    try:
        shapes.parse(path, format="turtle")
    except Exception as exc:
        raise InputError(f"{path}: cannot parse shapes: {exc}") from exc
    return shapes


def store_union_graph(store: KGStore) -> Graph:
    """All triples of all named graphs as one in-memory graph."""
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    graph = Graph()
    for triple in result:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate an rdflib graph against the shapes."""
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes or load_shapes(), inference="none",
                                         allow_infos=True, allow_warnings=True)
    rows: list[dict[str, str]] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        rows.append({
            "severity": str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            "focus": str(report.value(result, SH.focusNode)),
            "path": str(report.value(result, SH.resultPath) or ""),
            "value": str(report.value(result, SH.value) or ""),
            "message": str(report.value(result, SH.resultMessage) or ""),
        })
    rows.sort(key=lambda r: (r["focus"], r["path"], r["message"]))
    return ValidationResult(conforms=bool(conforms), violations=rows)


def validate_store(store: KGStore, shapes_path: Path | None = None) -> ValidationResult:
    """Validate everything in *store*."""
    return validate_graph(store_union_graph(store), load_shapes(shapes_path))
