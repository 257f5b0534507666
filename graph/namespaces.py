"""The RDF namespaces of crimekg and the standard vocabularies it aligns with.

>>> from crimekg.graph.namespaces import CKG, ID
>>> str(CKG.Workshop)
'https://w3id.org/crimekg/ontology#Workshop'
>>> str(ID["bolivia"])
'https://w3id.org/crimekg/id/bolivia'
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

BASE = "https://w3id.org/crimekg/"
CKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
THREAT = Namespace(BASE + "threat/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
ASSERTION = Namespace(BASE + "assertion/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
GAZETTEER_GRAPH = GRAPH["gazetteer"]
GAZETTEER_DOC = DOC["gazetteer"]

PREFIXES: dict[str, Namespace] = {
    "ckg": CKG,
    "id": ID,
    "threat": THREAT,
    "doc": DOC,
    "graph": GRAPH,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "org": ORG,
    "schema": SCHEMA,
    "time": TIME,
    "wd": WD,
}


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind the crimekg prefixes on an rdflib namespace manager.

    >>> from rdflib import Graph
    >>> g = Graph(); bind_prefixes(g.namespace_manager)
    >>> str(dict(g.namespaces())["ckg"]) == str(CKG)
    True
    """
    for prefix, ns in PREFIXES.items():
        manager.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every crimekg prefix, for queries written by hand.

    >>> "PREFIX ckg: <https://w3id.org/crimekg/ontology#>" in sparql_prologue()
    True
    """
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
