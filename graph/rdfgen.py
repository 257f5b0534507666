"""Turn validated annotations and gazetteer entries into RDF with provenance.

Each fact triple gets a ``ckg:Assertion`` naming its document, the sentence
span it comes from (a ``ckg:Sentence`` with NIF-style IRI and offsets), the
method and a confidence.

>>> from rdflib.namespace import XSD
>>> literal_for("participantCount", 26, load_schema(), "en").datatype == XSD.integer
True
>>> str(literal_for("startDate", "2018-11", load_schema(), "en").datatype)
'http://www.w3.org/2001/XMLSchema#gYearMonth'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .annotations import Annotation, Statement
from .documents import DocumentMeta
from .errors import InputError
from .gazetteer import Entity, Gazetteer
from .ids import assertion_iri, entity_iri
from .namespaces import CKG, DOC, GAZETTEER_DOC, GAZETTEER_GRAPH, GRAPH, THREAT, WD, bind_prefixes
from .ontology import Schema, load_schema

Triple = tuple[URIRef | BNode, URIRef, URIRef | Literal]
_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document.

    >>> document_iri("doc-000")
    rdflib.term.URIRef('https://w3id.org/crimekg/doc/doc-000')
    """
    return DOC[doc_id]


def graph_iri(doc_id: str) -> URIRef:
    """IRI of a document's named graph."""
    return GRAPH[doc_id]


def sentence_iri(doc_id: str, start: int, end: int) -> URIRef:
    """NIF-style IRI of a span of a document.

    >>> sentence_iri("doc-000", 0, 10)
    rdflib.term.URIRef('https://w3id.org/crimekg/doc/doc-000#char=0,10')
    """
    return URIRef(f"{DOC[doc_id]}#char={start},{end}")


def _date_literal(value: Any, predicate: str) -> Literal:
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value)
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    raise InputError(f"{predicate}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def literal_for(predicate: str, value: Any, schema: Schema, lang: str) -> Literal:
    """The typed literal for a datatype property value, per the ontology's range."""
    if isinstance(value, dict):
        if "value" not in value:
            raise InputError(f"{predicate}: a literal mapping needs 'value'")
        if "lang" in value:
            return Literal(str(value["value"]), lang=str(value["lang"]))
        if "datatype" in value:
            name = str(value["datatype"]).removeprefix("xsd:")
            return Literal(str(value["value"]), datatype=XSD[name])
        value = value["value"]
    rng = schema.literal_range(predicate)
    if rng == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{predicate}: expected a whole number, got {value!r}")
        return Literal(value, datatype=XSD.integer)
    if rng == "decimal":
        try:
            return Literal(Decimal(str(value)), datatype=XSD.decimal)
        except InvalidOperation as exc:
            raise InputError(f"{predicate}: expected a number, got {value!r}") from exc
    if rng == "langString":
        return Literal(str(value), lang=lang)
    if rng == "gYear":
        return Literal(str(value), datatype=XSD.gYear)
    if rng in ("date", None) and predicate in ("startDate", "endDate", "date"):
        return _date_literal(value, predicate)
    if rng == "string" or rng is None:
        return Literal(str(value))
    return Literal(str(value), datatype=XSD[rng])


def object_term(predicate: str, obj: Any, schema: Schema, lang: str) -> URIRef | Literal:
    """RDF term for the object of an annotation triple."""
    if predicate == "a":
        return CKG[obj]
    if predicate in ("label", "altLabel"):
        if isinstance(obj, dict):
            return Literal(str(obj["value"]), lang=str(obj.get("lang", lang)))
        return Literal(str(obj), lang=lang)
    if schema.is_object_property(predicate):
        if isinstance(obj, str) and obj.startswith("threat:"):
            return THREAT[obj[len("threat:"):]]
        return entity_iri(str(obj))
    return literal_for(predicate, obj, schema, lang)


def predicate_term(predicate: str) -> URIRef:
    """RDF predicate for an annotation predicate name.

    >>> predicate_term("a") == RDF.type, predicate_term("label") == RDFS.label
    (True, True)
    """
    term = _PREDICATES.get(predicate)
    if term is None:
        if predicate == "a":
            term = RDF.type
        elif predicate == "label":
            term = RDFS.label
        elif predicate == "altLabel":
            term = SKOS.altLabel
        else:
            term = CKG[predicate]
        if len(_PREDICATES) < 10_000:
            _PREDICATES[predicate] = term
    return term


_PREDICATES: dict[str, URIRef] = {}


def entity_reference_triples(entity: Entity, schema: Schema) -> list[Triple]:
    """Triples describing an entity's names, codes and links (reference data)."""
    node = entity_iri(entity.key)
    triples: list[Triple] = [(node, RDF.type, CKG[entity.type])]
    for lang, label in entity.labels.items():
        triples.append((node, RDFS.label, Literal(label, lang=lang)))
    for lang, names in entity.aliases.items():
        triples.extend((node, SKOS.altLabel, Literal(name, lang=lang)) for name in names)
    triples.extend((node, CKG.acronym, Literal(acronym)) for acronym in entity.acronyms)
    if entity.iso2:
        triples.append((node, CKG.isoAlpha2, Literal(entity.iso2)))
    if entity.iso3:
        triples.append((node, CKG.isoAlpha3, Literal(entity.iso3)))
    if entity.wikidata:
        triples.append((node, OWL.sameAs, WD[entity.wikidata]))
    if entity.lat is not None and entity.lon is not None:
        triples.append((node, CKG.latitude, Literal(Decimal(str(entity.lat)), datatype=XSD.decimal)))
        triples.append((node, CKG.longitude, Literal(Decimal(str(entity.lon)), datatype=XSD.decimal)))
    for predicate, obj in entity.facts:
        triples.append((node, predicate_term(predicate), object_term(predicate, obj, schema, "en")))
    return triples


# Terms every assertion uses, made once (an rdflib namespace lookup builds and validates a new URIRef each time).
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
_ASSERTION, _DOCUMENT, _DERIVED, _METHOD, _CONFIDENCE = (CKG.Assertion, CKG.document, PROV.wasDerivedFrom,
                                                         CKG.method, CKG.confidence)
_SENTENCE, _IN_DOCUMENT, _START, _END, _TEXT = CKG.Sentence, CKG.inDocument, CKG.startOffset, CKG.endOffset, CKG.text
_METHODS: dict[str, URIRef] = {}
_CONFIDENCES: dict[float, Literal] = {}


def _method_term(method: str) -> URIRef:
    term = _METHODS.get(method)
    if term is None:
        term = _METHODS[method] = CKG[method]
    return term


def _confidence_literal(confidence: float) -> Literal:
    literal = _CONFIDENCES.get(confidence)
    if literal is None:
        literal = Literal(Decimal(str(round(confidence, 4))), datatype=XSD.decimal)
        if len(_CONFIDENCES) < 10_000:
            _CONFIDENCES[confidence] = literal
    return literal


def assertion_triples(
    graph_name: URIRef, triple: Triple, source: URIRef, document: URIRef, method: str, confidence: float
) -> list[Triple]:
    """The ckg:Assertion (reification) of *triple*, derived from *source*.

    >>> from crimekg.graph.namespaces import ID
    >>> rows = assertion_triples(GRAPH["g"], (ID["a"], RDFS.label, Literal("A")), DOC["d#char=0,1"], DOC["d"],
    ...                          "curated", 0.9)
    >>> sorted(str(p).split("#")[-1] for _node, p, _o in rows)
    ['confidence', 'document', 'method', 'object', 'predicate', 'subject', 'type', 'wasDerivedFrom']
    >>> str(rows[-1][2])
    '0.9'
    """
    s, p, o = triple
    node = assertion_iri(str(graph_name), s.n3(), p.n3(), o.n3())
    return [
        (node, _TYPE, _ASSERTION),
        (node, _SUBJECT, s),
        (node, _PREDICATE, p),
        (node, _OBJECT, o),
        (node, _DOCUMENT, document),
        (node, _DERIVED, source),
        (node, _METHOD, _method_term(method)),
        (node, _CONFIDENCE, _confidence_literal(confidence)),
    ]


def document_metadata_triples(doc: DocumentMeta, text: str) -> list[Triple]:
    """Triples describing a document (Dublin Core)."""
    node = document_iri(doc.id)
    triples: list[Triple] = [
        (node, RDF.type, CKG.Document),
        (node, DCTERMS.identifier, Literal(doc.id)),
        (node, DCTERMS.title, Literal(doc.title, lang=doc.language)),
        (node, DCTERMS.language, Literal(doc.language, datatype=XSD.language)),
        (node, CKG.fileName, Literal(doc.path.name)),
        (node, CKG.sha256, Literal(doc.sha256())),
        (node, DCTERMS.extent, Literal(len(text), datatype=XSD.integer)),
    ]
    if doc.publisher:
        triples.append((node, DCTERMS.publisher, entity_iri(doc.publisher)))
    if doc.date:
        triples.append((node, DCTERMS.date, _date_literal(doc.date, "date")))
    if doc.coverage:
        triples.append((node, DCTERMS.temporal, Literal(doc.coverage)))
    if doc.genre:
        triples.append((node, DCTERMS.type, Literal(doc.genre)))
    if doc.url:
        triples.append((node, DCTERMS.source, URIRef(doc.url)))
    return triples


def new_graph() -> Graph:
    """An empty rdflib graph with the crimekg prefixes bound."""
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    return graph


class TripleSet(set):  # type: ignore[type-arg]
    """A set of RDF triples: a light, fast stand-in for an rdflib Graph while building.

    Building a document graph adds thousands of triples; a Python set does it
    an order of magnitude faster than rdflib's memory store.  Use
    :meth:`to_graph` when an rdflib Graph is needed.

    >>> ts = TripleSet([(URIRef("http://s"), RDF.type, CKG.Sentence)])
    >>> len(ts), len(ts.to_graph())
    (1, 1)
    """

    def subjects_of_type(self, cls: URIRef) -> set[URIRef | BNode]:
        """Subjects typed *cls*."""
        return {s for s, p, o in self if p == RDF.type and o == cls}

    def to_graph(self) -> Graph:
        """The same triples as an rdflib Graph with the crimekg prefixes."""
        graph = new_graph()
        graph.addN((s, p, o, graph) for s, p, o in self)
        return graph


def annotation_graph(annotation: Annotation, text: str, schema: Schema | None = None) -> TripleSet:
    """The named graph of one document: metadata, facts, sentences and assertions."""
    schema = schema or load_schema()
    doc = annotation.document
    name, doc_node = graph_iri(doc.id), document_iri(doc.id)
    graph = TripleSet(document_metadata_triples(doc, text))
    sentences: dict[tuple[int, int], URIRef] = {}
    firsts: dict[str, Statement] = {}
    for statement in annotation.statements:
        firsts.setdefault(statement.triple[0], statement)
    for entity in annotation.entities.values():
        # Reference details (aliases, codes, coordinates) share the entity's evidence.
        for triple in entity_reference_triples(entity, schema):
            _add_fact(graph, name, triple, doc_node, text, firsts[entity.key], sentences)
    for statement in annotation.statements:
        s, p, o = statement.triple
        triple = (entity_iri(s), predicate_term(p), object_term(p, o, schema, doc.language))
        _add_fact(graph, name, triple, doc_node, text, statement, sentences)
    return graph


def _add_fact(graph: TripleSet, name: URIRef, triple: Triple, doc_node: URIRef, text: str, st: Statement,
              sentences: dict[tuple[int, int], URIRef]) -> None:
    span = (st.start, st.end)
    graph.add(triple)
    sentence = sentences.get(span)
    if sentence is None:
        sentence = sentences[span] = URIRef(f"{doc_node}#char={st.start},{st.end}")
        graph.add((sentence, _TYPE, _SENTENCE))
        graph.add((sentence, _IN_DOCUMENT, doc_node))
        graph.add((sentence, _START, Literal(st.start, datatype=XSD.integer)))
        graph.add((sentence, _END, Literal(st.end, datatype=XSD.integer)))
        graph.add((sentence, _TEXT, Literal(text[st.start:st.end])))
    graph.update(assertion_triples(name, triple, sentence, doc_node, st.method, st.confidence))


def gazetteer_graph(gazetteer: Gazetteer, schema: Schema | None = None) -> TripleSet:
    """The gazetteer graph: reference triples, each asserted by the gazetteer."""
    schema = schema or load_schema()
    graph = TripleSet()
    graph.add((GAZETTEER_DOC, RDF.type, CKG.Document))
    graph.add((GAZETTEER_DOC, DCTERMS.title, Literal("crimekg gazetteer", lang="en")))
    if gazetteer.path is not None:
        graph.add((GAZETTEER_DOC, CKG.fileName, Literal(gazetteer.path.name)))
    known = set(gazetteer.entities)
    for entity in gazetteer.entities.values():
        for predicate, obj in entity.facts:
            if schema.is_object_property(predicate) and obj not in known and not str(obj).startswith("threat:"):
                raise InputError(f"gazetteer: entity {entity.key!r}: unknown entity {obj!r} in facts")
            if not (schema.is_object_property(predicate) or schema.is_datatype_property(predicate)):
                raise InputError(f"gazetteer: entity {entity.key!r}: {predicate!r} is not an ontology property")
        if not schema.is_class(entity.type):
            raise InputError(f"gazetteer: entity {entity.key!r}: type {entity.type!r} is not an ontology class")
        for triple in entity_reference_triples(entity, schema):
            graph.add(triple)
            for assertion in assertion_triples(GAZETTEER_GRAPH, triple, GAZETTEER_DOC, GAZETTEER_DOC, "reference", 1.0):
                graph.add(assertion)
    return graph


def fact_triples(graph: Iterable[Triple]) -> Iterable[Triple]:
    """Triples of a document graph that are facts (not provenance records).

    Provenance records are the assertions, sentences and document metadata.
    """
    triples = list(graph)
    provenance = (CKG.Assertion, CKG.Sentence, CKG.Document)
    skip = {s for s, p, o in triples if p == RDF.type and o in provenance}
    for triple in triples:
        if triple[0] not in skip:
            yield triple  # type: ignore[misc]
