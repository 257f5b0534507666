"""Write a document's annotation straight to N-Triples lines, for ingest.

:func:`~crimekg.graph.rdfgen.annotation_graph` builds the named graph of a
document as rdflib triples (``crimekg build`` uses it); ingest only needs the
graph's text, to hand to the store.  :func:`annotation_lines` writes exactly
the same triples (a test compares the two on every seed and development
document) without building an rdflib term for each provenance triple: the
facts' terms are serialised once each, and the eight assertion triples and
five sentence triples of each fact are formatted from those strings.  About
twice as fast as building the graph and serialising it.

>>> from crimekg.graph.namespaces import ID
>>> nt(ID["unodc"]), nt(Literal('say "hi"'))
('<https://w3id.org/crimekg/id/unodc>', '"say \\\\"hi\\\\""')
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from .annotations import Annotation, Statement
from .ids import assertion_iri, entity_iri
from .namespaces import CKG
from .ontology import Schema
from .rdfgen import (
    _confidence_literal,
    _method_term,
    document_iri,
    document_metadata_triples,
    entity_reference_triples,
    graph_iri,
    object_term,
    predicate_term,
)
from .store import term_n3

_NT: dict[Any, str] = {}
_RAW: dict[Any, str] = {}


def nt(term: Any) -> str:
    """The N-Triples form of *term*, exactly as the store's updates write it
    (:func:`crimekg.graph.store.term_n3`), memoised: predicates, classes and entities recur in every document."""
    text = _NT.get(term)
    if text is None:
        if len(_NT) > 200_000:
            _NT.clear()
        text = _NT[term] = term_n3(term)
    return text


def _raw(term: Any) -> str:
    """``term.n3()`` as :func:`~crimekg.graph.rdfgen.assertion_triples` hashes it, memoised."""
    text = _RAW.get(term)
    if text is None:
        if len(_RAW) > 200_000:
            _RAW.clear()
        text = _RAW[term] = term.n3()
    return text


_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (nt(RDF.type), nt(RDF.subject), nt(RDF.predicate), nt(RDF.object))
_ASSERTION, _DOCUMENT, _DERIVED = nt(CKG.Assertion), nt(CKG.document), nt(PROV.wasDerivedFrom)
_METHOD, _CONFIDENCE = nt(CKG.method), nt(CKG.confidence)
_SENTENCE, _IN_DOCUMENT, _START, _END, _TEXT = (nt(CKG.Sentence), nt(CKG.inDocument), nt(CKG.startOffset),
                                                nt(CKG.endOffset), nt(CKG.text))
_INTEGER = XSD.integer


class _Writer:
    """The lines of one document graph, as they are added."""

    def __init__(self, annotation: Annotation, text: str) -> None:
        doc = annotation.document
        self.text = text
        self.graph = str(graph_iri(doc.id))
        self.doc_node = document_iri(doc.id)
        self.doc_nt = nt(self.doc_node)
        self.lines: set[str] = {f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in document_metadata_triples(doc, text)}
        self.sentences: dict[tuple[int, int], str] = {}
        self.assertions: set[str] = set()

    def sentence(self, st: Statement) -> str:
        span = (st.start, st.end)
        node = self.sentences.get(span)
        if node is None:
            node = self.sentences[span] = nt(URIRef(f"{self.doc_node}#char={st.start},{st.end}"))
            start = Literal(st.start, datatype=_INTEGER).n3()
            end = Literal(st.end, datatype=_INTEGER).n3()
            self.lines.update((f"{node} {_TYPE} {_SENTENCE} .", f"{node} {_IN_DOCUMENT} {self.doc_nt} .",
                               f"{node} {_START} {start} .", f"{node} {_END} {end} .",
                               f"{node} {_TEXT} {nt(Literal(self.text[st.start:st.end]))} ."))
        return node

    def fact(self, s: Any, p: Any, o: Any, st: Statement) -> None:
        sn, pn, on = nt(s), nt(p), nt(o)
        sentence = self.sentence(st)
        node = nt(assertion_iri(self.graph, _raw(s), _raw(p), _raw(o)))
        self.assertions.add(node)
        self.lines.update((
            f"{sn} {pn} {on} .",
            f"{node} {_TYPE} {_ASSERTION} .",
            f"{node} {_SUBJECT} {sn} .",
            f"{node} {_PREDICATE} {pn} .",
            f"{node} {_OBJECT} {on} .",
            f"{node} {_DOCUMENT} {self.doc_nt} .",
            f"{node} {_DERIVED} {sentence} .",
            f"{node} {_METHOD} {nt(_method_term(st.method))} .",
            f"{node} {_CONFIDENCE} {nt(_confidence_literal(st.confidence))} .",
        ))


def annotation_lines(annotation: Annotation, text: str, schema: Schema) -> tuple[str, int, int]:
    """The document graph of *annotation* as sorted N-Triples lines, its number of facts and of triples.

    The same triples as ``annotation_graph(annotation, text, schema)``.
    """
    writer = _Writer(annotation, text)
    firsts: dict[str, Statement] = {}
    for statement in annotation.statements:
        firsts.setdefault(statement.triple[0], statement)
    for entity in annotation.entities.values():
        for s, p, o in entity_reference_triples(entity, schema):
            writer.fact(s, p, o, firsts[entity.key])
    language = annotation.document.language
    for statement in annotation.statements:
        s, p, o = statement.triple
        writer.fact(entity_iri(s), predicate_term(p), object_term(p, o, schema, language), statement)
    lines = sorted(writer.lines)
    return "\n".join(lines), len(writer.assertions), len(lines)
