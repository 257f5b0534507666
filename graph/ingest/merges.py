"""The merges graph: every name that entity resolution merged into a known entity, and how to undo it.

Records live in the named graph ``https://w3id.org/crimekg/graph/merges``::

    <https://w3id.org/crimekg/merge/H> a ckg:Merge ;
        rdfs:label "Long Name" ;                 # the name as the document gives it
        ckg:mergedEntity id:<candidate-key> ;    # the entity the name would have made
        ckg:survivingEntity id:<known-key> ;     # the entity it was resolved to
        ckg:reason "same acronym XYZ" ;
        dcterms:source doc:<document> ;
        ckg:status "active" | "undone" .

Undoing a merge rewrites the document's graph so that the name's facts go to
the candidate entity again, and marks the record ``undone``: later ingests do
not make that merge again.

>>> rec = MergeRecord("Comisión X", "comision-x", "devida", "same acronym DEVIDA", "ing-a")
>>> len(record_triples(rec)), str(merge_iri(rec)).startswith("https://w3id.org/crimekg/merge/")
(7, True)
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..errors import NotFoundError
from ..ids import assertion_iri, entity_iri, short_hash
from ..namespaces import BASE, CKG, DOC, GRAPH, ID
from ..rdfgen import graph_iri
from ..store import KGStore
from .resolve import MergeRecord, fold_pair

MERGES_GRAPH = GRAPH["merges"]
MERGE_NS = BASE + "merge/"
Triple = tuple[URIRef, URIRef, URIRef | Literal]

LIST_QUERY = """
SELECT ?m ?name ?merged ?into ?reason ?doc ?status WHERE { GRAPH ?g {
  ?m a ckg:Merge ; rdfs:label ?name ; ckg:mergedEntity ?merged ; ckg:survivingEntity ?into ;
     ckg:reason ?reason ; dcterms:source ?doc ; ckg:status ?status . } }
ORDER BY ?doc ?name
"""


def merge_iri(record: MergeRecord) -> URIRef:
    """Deterministic IRI of a merge record (document, name, surviving entity)."""
    return URIRef(MERGE_NS + short_hash("\x1f".join((record.document, record.name, record.into)), 16))


def record_triples(record: MergeRecord, status: str = "active") -> list[Triple]:
    """The triples of one merge record."""
    node = merge_iri(record)
    return [
        (node, RDF.type, CKG.Merge),
        (node, RDFS.label, Literal(record.name)),
        (node, CKG.mergedEntity, entity_iri(record.candidate)),
        (node, CKG.survivingEntity, entity_iri(record.into)),
        (node, CKG.reason, Literal(record.reason)),
        (node, DCTERMS.source, DOC[record.document]),
        (node, CKG.status, Literal(status)),
    ]


def _local(iri: str, ns: str) -> str:
    return iri[len(ns):] if iri.startswith(ns) else iri


def list_merges(store: KGStore) -> list[dict[str, str]]:
    """Every merge record in the store, as rows."""
    rows = store.query(LIST_QUERY, {"g": MERGES_GRAPH})
    return [{"merge": _local(str(m), MERGE_NS), "name": str(name), "merged": _local(str(merged), str(ID)),
             "into": _local(str(into), str(ID)), "reason": str(reason), "document": _local(str(doc), str(DOC)),
             "status": str(status)} for m, name, merged, into, reason, doc, status in rows]


def blocked_pairs(store: KGStore) -> set[tuple[str, str]]:
    """(name, key) pairs of undone merges: resolution must not make them again."""
    return {fold_pair(r["name"], r["into"]) for r in list_merges(store) if r["status"] == "undone"}


def merges_graph_triples(store: KGStore, replaced_docs: Iterable[str], new: Iterable[MergeRecord]) -> list[Triple]:
    """The merges graph after ingesting: records of re-ingested documents replaced, undone ones kept."""
    replaced = set(replaced_docs)
    out: list[Triple] = []
    kept = set()
    for row in list_merges(store):
        if row["document"] in replaced and row["status"] != "undone":
            continue
        record = MergeRecord(row["name"], row["merged"], row["into"], row["reason"], row["document"])
        kept.add(merge_iri(record))
        out.extend(record_triples(record, row["status"]))
    for record in new:
        if merge_iri(record) not in kept:
            out.extend(record_triples(record))
    return out


def _doc_graph(store: KGStore, doc_id: str) -> Graph:
    graph = Graph()
    for s, p, o in store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph_iri(doc_id)}):
        graph.add((s, p, o))
    return graph


def undo_graph(graph: Graph, doc_id: str, merged: URIRef, into: URIRef, name: str) -> Graph:
    """The document graph with the merge undone: *into* becomes *merged*, the name its label."""
    name_graph = graph_iri(doc_id)
    swap = {into: merged}
    out = Graph()
    assertions = set(graph.subjects(RDF.type, CKG.Assertion))
    entity_type = next((o for o in graph.objects(into, RDF.type)), None)
    evidence = None
    for s, p, o in graph:
        if s in assertions:
            continue
        s2, o2 = swap.get(s, s), swap.get(o, o)
        if s2 == merged and p == SKOS.altLabel and str(o) == name:
            p = RDFS.label
        out.add((s2, p, o2))
    for node in assertions:
        s, p, o = graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object)
        s2, o2 = swap.get(s, s), swap.get(o, o)
        if s2 == merged and p == SKOS.altLabel and str(o) == name:
            p = RDFS.label
            evidence = node
        new = assertion_iri(str(name_graph), s2.n3(), p.n3(), o2.n3())
        for _, prop, value in graph.triples((node, None, None)):
            if prop == RDF.subject:
                value = s2
            elif prop == RDF.predicate:
                value = p
            elif prop == RDF.object:
                value = o2
            out.add((new, prop, value))
    if entity_type is None:
        entity_type = CKG.Organization
    out.add((merged, RDF.type, entity_type))
    if evidence is not None:
        new = assertion_iri(str(name_graph), merged.n3(), RDF.type.n3(), entity_type.n3())
        for _, prop, value in graph.triples((evidence, None, None)):
            value = {RDF.subject: merged, RDF.predicate: RDF.type, RDF.object: entity_type}.get(prop, value)
            out.add((new, prop, value))
    return out


def undo_merge(store: KGStore, merge_id: str) -> dict[str, str]:
    """Undo one merge (by id, as listed); returns its row.  One atomic update."""
    rows = [r for r in list_merges(store) if r["merge"] == merge_id]
    if not rows:
        raise NotFoundError(f"no merge {merge_id!r}; list them with `crimekg merges list`")
    row = rows[0]
    if row["status"] == "undone":
        return row
    merged, into = ID[row["merged"]], ID[row["into"]]
    doc_graph = undo_graph(_doc_graph(store, row["document"]), row["document"], merged, into, row["name"])
    merges = []
    for other in list_merges(store):
        record = MergeRecord(other["name"], other["merged"], other["into"], other["reason"], other["document"])
        merges.extend(record_triples(record, "undone" if other["merge"] == merge_id else other["status"]))
    store.replace_graphs({graph_iri(row["document"]): list(doc_graph), MERGES_GRAPH: merges})
    row["status"] = "undone"
    return row
