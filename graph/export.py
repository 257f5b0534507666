"""Export the store as RDF: Turtle (union of graphs), TriG, N-Quads or JSON-LD.

>>> from crimekg.graph.store import open_store
>>> store = open_store("memory")
>>> export_rdf(store, "nq").strip()
''
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from .errors import UsageError
from .namespaces import bind_prefixes
from .store import KGStore

RDF_FORMATS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld", "nt": "nt"}


def _dataset(store: KGStore) -> Dataset:
    dataset = Dataset()
    bind_prefixes(dataset.namespace_manager)
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    for s, p, o, g in rows:
        dataset.add((s, p, o, dataset.graph(g)))  # type: ignore[arg-type]
    return dataset


def export_rdf(store: KGStore, fmt: str) -> str:
    """Serialise the store; quad formats keep the named graphs, ``ttl``/``nt`` give their union."""
    if fmt not in RDF_FORMATS:
        raise UsageError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    if fmt in ("ttl", "nt"):
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for triple in store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"):
            graph.add(triple)  # type: ignore[arg-type]
        return graph.serialize(format=RDF_FORMATS[fmt])
    dataset = _dataset(store)
    if fmt == "jsonld":
        return dataset.serialize(format="json-ld", indent=2)
    return dataset.serialize(format=RDF_FORMATS[fmt])
