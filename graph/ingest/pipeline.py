"""Ingest documents into the store: extract, resolve, validate, build RDF, write atomically.

Every document of a batch is read, extracted and validated first (the same
:func:`~crimekg.graph.annotations.parse_annotation` as curated data, and
:func:`~crimekg.graph.ntriples.annotation_lines`, which writes the same triples
as :func:`~crimekg.graph.rdfgen.annotation_graph`; large batches in worker
processes, :mod:`.parallel`); only when all of them succeed are their named
graphs (one per document) and the merges graph written, all or nothing
(:meth:`Ingestor.write`: new graphs on disk by the journaled bulk write of
:mod:`..journal`, in memory by one TriG load, else one SPARQL update).
A failing document leaves the store unchanged for the whole batch.  Each
document is resolved against the gazetteer and the store as they were before
the batch, so its facts do not depend on the other documents or their order.
Ingesting the same files again replaces their graphs with identical ones.

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

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..annotations import parse_annotation
from ..documents import DocumentMeta
from ..errors import InputError
from ..gazetteer import Entity, Gazetteer, load_gazetteer
from ..namespaces import CKG, ID
from ..ntriples import annotation_lines, nt
from ..ontology import Schema, load_schema
from ..rdfgen import graph_iri
from ..store import KGStore, replace_graphs_update
from .extract import Extraction, Extractor
from .merges import MERGES_GRAPH, blocked_pairs, merges_graph_triples
from .parallel import plan_batch, workers_for
from .resolve import MergeRecord, Resolver
from .textio import SourceDoc, expand_inputs, read_source

_TYPE, _ASSERTION = RDF.type, CKG.Assertion
NAMEABLE = ("Country", "Region", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety", "Agency",
            "Team", "Organization", "Person", "Programme", "Instrument", "City", "Place")
ENTITY_QUERY = """
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, ckg:acronym, ckg:country))
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/crimekg/id/")) }
"""


@dataclass
class Planned:
    """One document ready to write: its source, annotation content, its graph's N-Triples lines, merges."""

    source: SourceDoc
    content: dict[str, Any]
    body: str
    merges: list[MergeRecord]
    facts: int
    quads: int

    @property
    def graph(self) -> URIRef:
        """The document's named graph."""
        return graph_iri(self.source.id)

    @property
    def update(self) -> str:
        """The SPARQL update that replaces the document's graph (see :func:`graph_update`)."""
        return replace_update(self.graph, self.body)

    def trig(self) -> str:
        """The document's graph as TriG (to add it where it holds nothing yet)."""
        return f"{self.graph.n3()} {{\n{self.body}\n}}\n" if self.body else ""


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


def graph_body(graph: Iterable[tuple[Any, Any, Any]]) -> tuple[str, int]:
    """The N-Triples lines of *graph*, sorted (the same text in every process, whatever the order of the set),
    and the number of facts in it (the triples that have an assertion, one ``ckg:Assertion`` each).

    >>> from rdflib import Literal
    >>> body, facts = graph_body({(ID["b"], RDFS.label, Literal("B")), (ID["a"], RDFS.label, Literal('x"y'))})
    >>> print(body)
    <https://w3id.org/crimekg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "x\\"y" .
    <https://w3id.org/crimekg/id/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .
    >>> facts
    0
    """
    lines = []
    facts = 0
    n3 = nt
    for s, p, o in graph:
        lines.append(f"{n3(s)} {n3(p)} {n3(o)} .")
        if p == _TYPE and o == _ASSERTION:
            facts += 1
    lines.sort()
    return "\n".join(lines), facts


def replace_update(name: URIRef, body: str) -> str:
    """The SPARQL update that replaces graph *name* with the N-Triples lines *body*."""
    head = f"DROP SILENT GRAPH {name.n3()}"
    if not body:
        return head
    return f"{head} ;\nINSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }}"


def graph_update(name: URIRef, graph: Iterable[tuple[Any, Any, Any]]) -> tuple[str, int]:
    """The SPARQL update that replaces graph *name* with *graph*, and the number of facts in it.

    The text is the one :func:`~crimekg.graph.store.replace_graphs_update` makes, with its lines sorted.

    >>> from rdflib import Literal
    >>> from crimekg.graph.namespaces import GRAPH
    >>> update, facts = graph_update(GRAPH["d"], {(ID["b"], RDFS.label, Literal("B")),
    ...                                           (ID["a"], RDFS.label, Literal('x"y'))})
    >>> print(update)
    DROP SILENT GRAPH <https://w3id.org/crimekg/graph/d> ;
    INSERT DATA { GRAPH <https://w3id.org/crimekg/graph/d> {
    <https://w3id.org/crimekg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "x\\"y" .
    <https://w3id.org/crimekg/id/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .
    } }
    """
    body, facts = graph_body(graph)
    return replace_update(name, body), facts


class DocPlanner:
    """Plans one document: extract (unless content is given), validate, build its graph and its update.

    Each document is resolved against a fork of the same base resolver (gazetteer, store, blocked merges),
    so its plan does not depend on the other documents of the batch or on their order.
    """

    def __init__(self, extractor: Extractor, schema: Schema, base: Resolver) -> None:
        self.extractor, self.schema, self.base = extractor, schema, base

    def __call__(self, item: tuple[SourceDoc, dict[str, Any] | None]) -> tuple[dict[str, Any], str, list[MergeRecord],
                                                                                int, int]:
        """Plan one document: (content, N-Triples body of its graph, merges, facts, quads)."""
        src, content = item
        extraction = Extraction(content, []) if content is not None else self.extractor.extract(src, self.base.fork())
        own = set((extraction.content.get("entities") or {}).keys())
        known = {k: v for k, v in self.base.entities.items() if k not in own}
        annotation = parse_annotation(extraction.content, document_meta(src), _view(known), str(src.path),
                                      schema=self.schema, text=src.text)
        body, facts, quads = annotation_lines(annotation, src.text, self.schema)
        return extraction.content, body, extraction.merges, facts, quads


def worker_planner(gazetteer: Gazetteer, extra: dict[str, Entity], blocked: set[tuple[str, str]]) -> DocPlanner:
    """The planner a worker process builds once (see :mod:`.parallel`)."""
    schema = load_schema()
    extractor = Extractor(gazetteer, schema, extra)
    return DocPlanner(extractor, schema, Resolver(gazetteer, dict(extra), set(blocked)))


class Ingestor:
    """Extracts and validates documents against a gazetteer and (optionally) a store."""

    def __init__(self, store: KGStore | None = None, gazetteer: Gazetteer | None = None,
                 schema: Schema | None = None, workers: int | None = None) -> None:
        self.store = store
        self.gazetteer = gazetteer or load_gazetteer()
        self.schema = schema or load_schema()
        self.extractor = Extractor(self.gazetteer, self.schema)
        self.workers = workers

    def resolver(self, replaced: set[str]) -> Resolver:
        """A resolver over the gazetteer and the store's entities, minus the graphs being replaced."""
        extra = store_entities(self.store, {str(graph_iri(d)) for d in replaced})
        extra = {k: v for k, v in extra.items() if k not in self.gazetteer.entities}
        blocked = blocked_pairs(self.store) if self.store is not None else set()
        self.extractor.use_extra(extra)
        return Resolver(self.gazetteer, extra, blocked)

    def plan_one(self, src: SourceDoc, resolver: Resolver, content: dict[str, Any] | None = None) -> Planned:
        """Extract (unless *content* is given), validate and build the update of one document."""
        done = DocPlanner(self.extractor, self.schema, resolver)((src, content))
        return Planned(src, *done)

    def plan(self, sources: list[SourceDoc], contents: dict[str, dict[str, Any]] | None = None,
             progress: Callable[[int], None] | None = None) -> list[Planned]:
        """Plan every document (in worker processes for large batches); the first bad one raises.

        *progress* gets the number of documents planned since its last call.  Nothing is written.
        """
        ids = [s.id for s in sources]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise InputError(f"two documents would get the same id {dupes[0]!r}; rename one of the files")
        base = self.resolver(set(ids))
        items = [(src, (contents or {}).get(src.id)) for src in sources]
        workers = 1 if contents is not None else workers_for(len(sources), self.workers)
        planner = DocPlanner(self.extractor, self.schema, base)
        done = plan_batch(items, planner, worker_planner, (self.gazetteer, base.extra, base.blocked), workers,
                          progress)
        return [Planned(src, *result) for src, result in zip(sources, done, strict=True)]

    journaled = True  # new documents go to an on-disk store through the journaled bulk write (False: one transaction)

    def write(self, planned: list[Planned]) -> IngestReport:
        """Write every planned document's graph and the merges graph, all or nothing.

        When none of the documents' graphs holds anything yet and the merges graph only gains records, an
        on-disk store takes everything with the bulk loader under an undo journal (:mod:`..journal`: a crash
        mid-write is rolled back when the store is opened again; about 3x faster than a transaction), an
        in-memory one by one TriG load (one transaction); otherwise (re-ingest, undone merges, a server) one
        SPARQL update drops and inserts, in one transaction.  All or nothing, whichever path.
        """
        if self.store is None:
            raise InputError("no store to write to")
        merges = [m for p in planned for m in p.merges]
        triples = merges_graph_triples(self.store, [p.source.id for p in planned], merges)
        added = self._only_added(planned, triples)
        if added is not None and self.journaled and self.store.kind == "oxigraph":
            self.store.bulk_add_graphs("".join(p.trig() for p in planned), [p.graph for p in planned],
                                       [(s, pr, o, MERGES_GRAPH) for s, pr, o in added])
        elif added is not None:
            body, _facts = graph_body(added)
            merges_trig = f"{MERGES_GRAPH.n3()} {{\n{body}\n}}\n" if body else ""
            self.store.load_trig("".join(p.trig() for p in planned) + merges_trig)
        else:
            parts = [p.update for p in planned] + [replace_graphs_update({MERGES_GRAPH: triples})]
            self.store.update(" ;\n".join(parts))
        return IngestReport(documents=len(planned), facts=sum(p.facts for p in planned),
                            quads=sum(p.quads for p in planned), merges=len(merges),
                            ids=[p.source.id for p in planned])

    def _only_added(self, planned: list[Planned], merges: list[tuple[Any, Any, Any]]) -> set[Any] | None:
        """The merges triples to add, if writing *planned* only adds quads (embedded store, every document
        graph empty, the merges graph a subset of *merges*); None when something must be dropped."""
        store = self.store
        if store is None or store.oxstore is None:
            return None
        if not all(store.graph_is_empty(p.graph) for p in planned):
            return None
        # The store gives plain literals back as xsd:string ones: compare them as the store holds them.
        def plain(term: Any) -> Any:
            return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term

        new = {(s, p, plain(o)) for s, p, o in merges}
        old = {(s, p, plain(o)) for s, p, o in store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                           {"g": MERGES_GRAPH})}
        if not old <= new:
            return None
        return new - old


def read_sources(paths: list[Path], language: str | None = None) -> list[SourceDoc]:
    """Read every file named (folders expanded); the first bad file raises InputError."""
    sources = [read_source(p, language) for p in expand_inputs(paths)]
    ids = [s.id for s in sources]
    return [replace(s, id=f"{s.id}-{s.path.suffix.lstrip('.').lower() or 'x'}") if ids.count(s.id) > 1 else s
            for s in sources]


def ingest_files(paths: list[Path], store: KGStore, *, language: str | None = None,
                 progress: Callable[[int], None] | None = None, workers: int | None = None) -> IngestReport:
    """Read, extract, validate and write documents (all or nothing)."""
    started = time.perf_counter()
    ingestor = Ingestor(store, workers=workers)
    planned = ingestor.plan(read_sources(paths, language), progress=progress)
    report = ingestor.write(planned)
    report.seconds = time.perf_counter() - started
    return report
