"""Ingest documents into the store: extract, resolve, validate, build RDF, write atomically.

Every document of a batch is read, extracted and validated first (the same
:func:`~crimekg.graph.annotations.parse_annotation` and
:func:`~crimekg.graph.rdfgen.annotation_graph` as curated data); only when all
of them succeed are their named graphs (one per document) and the merges graph
written, in ONE :meth:`~crimekg.graph.store.KGStore.replace_graphs` call.  A
failing document leaves the store unchanged for the whole batch.  Ingesting the
same files again replaces their graphs with identical ones.

>>> from crimekg.graph.store import open_store
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); f = d / "note.txt"
>>> _ = f.write_text("UNODC holds workshop\\n\\nUNODC held a workshop in collaboration with INTERPOL.")
>>> store = open_store("memory")
>>> report = ingest_files([f], store)
>>> report.documents, report.facts > 0
(1, True)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..annotations import parse_annotation
from ..documents import DocumentMeta
from ..errors import InputError
from ..gazetteer import Entity, Gazetteer, load_gazetteer
from ..namespaces import CKG, ID
from ..ontology import Schema, load_schema
from ..rdfgen import annotation_graph, fact_triples, graph_iri
from ..store import KGStore
from .extract import Extraction, Extractor
from .merges import MERGES_GRAPH, blocked_pairs, merges_graph_triples
from .resolve import MergeRecord, Resolver
from .textio import SourceDoc, expand_inputs, read_source

NAMEABLE = ("Country", "Region", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety", "Agency",
            "Team", "Organization", "Person", "Programme", "Instrument", "City", "Place")
ENTITY_QUERY = """
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, ckg:acronym, ckg:country))
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/crimekg/id/")) }
"""


@dataclass
class Planned:
    """One document ready to write: its source, annotation content, graph and merges."""

    source: SourceDoc
    content: dict[str, Any]
    graph: Any
    merges: list[MergeRecord]
    facts: int


@dataclass
class IngestReport:
    """What an ingest wrote (or, with review, would write)."""

    documents: int = 0
    facts: int = 0
    quads: int = 0
    merges: int = 0
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)


def store_entities(store: KGStore | None, exclude: set[str]) -> dict[str, Entity]:
    """Entities named in the store outside the graphs in *exclude* (document graph IRIs), by key."""
    if store is None:
        return {}
    records: dict[str, dict[str, Any]] = {}
    skip = {str(MERGES_GRAPH), *exclude}
    for g, s, p, o in store.query(ENTITY_QUERY):
        if str(g) in skip or str(g).endswith("/ontology"):
            continue
        key = str(s)[len(str(ID)):]
        rec = records.setdefault(key, {"types": set(), "names": [], "acronyms": [], "country": None})
        if p == RDF.type and str(o).startswith(str(CKG)):
            rec["types"].add(str(o)[len(str(CKG)):])
        elif p in (RDFS.label, SKOS.altLabel):
            rec["names"].append(str(o))
        elif p == CKG.acronym:
            rec["acronyms"].append(str(o))
        elif p == CKG.country:
            rec["country"] = str(o)[len(str(ID)):]
    out: dict[str, Entity] = {}
    for key, rec in records.items():
        types = [t for t in NAMEABLE if t in rec["types"]]
        if not types or not rec["names"]:
            continue
        names = list(dict.fromkeys(rec["names"]))
        facts = [("country", rec["country"])] if rec["country"] else []
        out[key] = Entity(key, types[0], {"xx": names[0]}, {"xx": names[1:]}, rec["acronyms"], facts=facts)
    return out


def document_meta(src: SourceDoc) -> DocumentMeta:
    """Document metadata for an ingested source (method: extracted)."""
    return DocumentMeta(id=src.id, path=src.path, title=src.title, language=src.language, method="extracted")


def _view(entities: dict[str, Entity]) -> Gazetteer:
    view = Gazetteer(entities={})
    view.entities = entities
    return view


class Ingestor:
    """Extracts and validates documents against a gazetteer and (optionally) a store."""

    def __init__(self, store: KGStore | None = None, gazetteer: Gazetteer | None = None,
                 schema: Schema | None = None) -> None:
        self.store = store
        self.gazetteer = gazetteer or load_gazetteer()
        self.schema = schema or load_schema()
        self.extractor = Extractor(self.gazetteer, self.schema)

    def resolver(self, replaced: set[str]) -> Resolver:
        """A resolver over the gazetteer and the store's entities, minus the graphs being replaced."""
        extra = store_entities(self.store, {str(graph_iri(d)) for d in replaced})
        extra = {k: v for k, v in extra.items() if k not in self.gazetteer.entities}
        blocked = blocked_pairs(self.store) if self.store is not None else set()
        self.extractor.extra = extra
        return Resolver(self.gazetteer, extra, blocked)

    def plan_one(self, src: SourceDoc, resolver: Resolver, content: dict[str, Any] | None = None) -> Planned:
        """Extract (unless *content* is given), validate and build the graph of one document."""
        extraction = Extraction(content, []) if content is not None else self.extractor.extract(src, resolver)
        own = set((extraction.content.get("entities") or {}).keys())
        known = {k: v for k, v in resolver.entities.items() if k not in own}
        annotation = parse_annotation(extraction.content, document_meta(src), _view(known), str(src.path),
                                      schema=self.schema, text=src.text)
        for key, entity in annotation.entities.items():
            if key not in resolver.entities:
                resolver.add(entity)
        graph = annotation_graph(annotation, src.text, self.schema)
        facts = sum(1 for _ in fact_triples(graph))
        return Planned(src, extraction.content, graph, extraction.merges, facts)

    def plan(self, sources: list[SourceDoc], contents: dict[str, dict[str, Any]] | None = None,
             progress: Callable[[str], None] | None = None) -> list[Planned]:
        """Plan every document; the first bad one raises (nothing is written)."""
        ids = [s.id for s in sources]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise InputError(f"two documents would get the same id {dupes[0]!r}; rename one of the files")
        resolver = self.resolver(set(ids))
        planned = []
        for src in sources:
            planned.append(self.plan_one(src, resolver, (contents or {}).get(src.id)))
            if progress:
                progress(src.id)
        return planned

    def write(self, planned: list[Planned]) -> IngestReport:
        """Write every planned document's graph and the merges graph in one transaction."""
        if self.store is None:
            raise InputError("no store to write to")
        graphs: dict[URIRef, Iterable[Any]] = {graph_iri(p.source.id): p.graph for p in planned}
        merges = [m for p in planned for m in p.merges]
        graphs[MERGES_GRAPH] = merges_graph_triples(self.store, [p.source.id for p in planned], merges)
        self.store.replace_graphs(graphs)
        return IngestReport(documents=len(planned), facts=sum(p.facts for p in planned),
                            quads=sum(len(p.graph) for p in planned), merges=len(merges),
                            ids=[p.source.id for p in planned])


def read_sources(paths: list[Path], language: str | None = None) -> list[SourceDoc]:
    """Read every file named (folders expanded); the first bad file raises InputError."""
    sources = [read_source(p, language) for p in expand_inputs(paths)]
    ids = [s.id for s in sources]
    return [replace(s, id=f"{s.id}-{s.path.suffix.lstrip('.').lower() or 'x'}") if ids.count(s.id) > 1 else s
            for s in sources]


def ingest_files(paths: list[Path], store: KGStore, *, language: str | None = None,
                 progress: Callable[[str], None] | None = None) -> IngestReport:
    """Read, extract, validate and write documents (all or nothing)."""
    started = time.perf_counter()
    ingestor = Ingestor(store)
    planned = ingestor.plan(read_sources(paths, language), progress=progress)
    report = ingestor.write(planned)
    report.seconds = time.perf_counter() - started
    return report
