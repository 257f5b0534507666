"""Load the crimekg ontology and answer schema questions about it.

The builder reads the ontology to know whether a property takes an entity or
a literal and which datatype a literal gets: the schema is data, not code.

>>> schema = load_schema()
>>> schema.is_object_property("organizer"), schema.is_datatype_property("participantCount")
(True, True)
>>> schema.literal_range("participantCount")
'integer'
>>> schema.is_class("Workshop"), schema.is_class("Banana")
(True, False)
>>> "Workshop" in schema.subclasses("Activity")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .errors import InputError
from .namespaces import CKG, bind_prefixes
from .resources import ontology_dir

ONTOLOGY_FILES = ("crimekg.ttl", "threats.ttl")


def load_ontology_graph() -> Graph:
    """The ontology and threat scheme as one rdflib graph.

    >>> len(load_ontology_graph()) > 300
    True
    """
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    for name in ONTOLOGY_FILES:
        path = ontology_dir() / name
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise InputError(f"{path}: cannot parse ontology: {exc}") from exc
    return graph


def _local(iri: URIRef) -> str | None:
    text = str(iri)
    return text[len(str(CKG)):] if text.startswith(str(CKG)) else None


@dataclass
class Schema:
    """Classes and properties of the ckg namespace, by local name."""

    classes: set[str] = field(default_factory=set)
    object_properties: set[str] = field(default_factory=set)
    datatype_properties: dict[str, str | None] = field(default_factory=dict)
    superclasses: dict[str, set[str]] = field(default_factory=dict)
    threats: set[str] = field(default_factory=set)
    symmetric_properties: set[str] = field(default_factory=set)

    def is_class(self, name: str) -> bool:
        """True for a ckg class local name."""
        return name in self.classes

    def is_object_property(self, name: str) -> bool:
        """True for a ckg object property local name."""
        return name in self.object_properties

    def is_datatype_property(self, name: str) -> bool:
        """True for a ckg datatype property local name."""
        return name in self.datatype_properties

    def literal_range(self, name: str) -> str | None:
        """XSD local name (or 'langString') of a datatype property's range."""
        return self.datatype_properties.get(name)

    def subclasses(self, name: str) -> set[str]:
        """All ckg classes that are *name* or below it."""
        return {c for c, sups in self.superclasses.items() if name in sups}

    def is_a(self, cls: str, ancestor: str) -> bool:
        """True when ckg class *cls* is *ancestor* or one of its subclasses."""
        return ancestor in self.superclasses.get(cls, {cls})


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read classes, properties, ranges and threat ids from the ontology."""
    graph = load_ontology_graph()
    schema = Schema()
    for cls in graph.subjects(RDF.type, OWL.Class):
        name = _local(cls)  # type: ignore[arg-type]
        if name:
            schema.classes.add(name)
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        name = _local(prop)  # type: ignore[arg-type]
        if name:
            schema.object_properties.add(name)
            if (prop, RDF.type, OWL.SymmetricProperty) in graph:
                schema.symmetric_properties.add(name)
    for prop in graph.subjects(RDF.type, OWL.DatatypeProperty):
        name = _local(prop)  # type: ignore[arg-type]
        if not name:
            continue
        rng = graph.value(prop, RDFS.range)
        if rng == RDF.langString:
            schema.datatype_properties[name] = "langString"
        elif rng is not None and str(rng).startswith(str(XSD)):
            schema.datatype_properties[name] = str(rng)[len(str(XSD)):]
        else:
            schema.datatype_properties[name] = None
    for cls in schema.classes:
        ancestors = {cls}
        for sup in graph.transitive_objects(CKG[cls], RDFS.subClassOf):
            local = _local(sup)  # type: ignore[arg-type]
            if local:
                ancestors.add(local)
        schema.superclasses[cls] = ancestors
    threat_ns = "https://w3id.org/crimekg/threat/"
    for concept in graph.subjects(RDF.type, CKG.Threat):
        if str(concept).startswith(threat_ns):
            schema.threats.add(str(concept)[len(threat_ns):])
    return schema
