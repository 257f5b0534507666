"""Read triples fast: pyoxigraph's pattern index for local stores, SPARQL for servers.

The network code reads the store pattern by pattern (all ``?s ckg:organizer
?o``, all types of one node...) instead of through big SPARQL joins: on an
embedded Oxigraph store a pattern scan goes straight to the index, with no
rdflib term conversion.  Every read is over the union of the named graphs
and returns each triple once, like the SPARQL queries of
:mod:`crimekg.graph.relations`.

Values: IRIs and blank nodes as ``str``, literals as :class:`Lit`.

>>> from crimekg.graph.store import open_store
>>> from rdflib import Literal
>>> from crimekg.graph.namespaces import GRAPH, ID, RDFS
>>> store = open_store("memory")
>>> store.replace_graphs({GRAPH["a"]: [(ID["x"], RDFS.label, Literal("X", lang="en"))],
...                       GRAPH["b"]: [(ID["x"], RDFS.label, Literal("X", lang="en"))]})
>>> reader_for(store).scan(str(RDFS.label))
[('https://w3id.org/crimekg/id/x', Lit(value='X', language='en', datatype=None))]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..errors import QueryError, StoreError
from ..store import KGStore

LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Lit(NamedTuple):
    """A literal: lexical value, language tag (or None), datatype IRI (None for plain and language strings)."""

    value: str
    language: str | None = None
    datatype: str | None = None


Value = str | Lit


def is_english(value: Value) -> bool:
    """True for a literal tagged ``en`` or ``en-*`` (SPARQL ``LANGMATCHES(LANG(?x), "en")``).

    >>> is_english(Lit("a", "en-GB")), is_english(Lit("a")), is_english("http://x")
    (True, False, False)
    """
    return isinstance(value, Lit) and value.language is not None and (
        value.language.lower() == "en" or value.language.lower().startswith("en-"))


def _from_ox(term: Any) -> Value:
    if isinstance(term, ox.Literal):
        lang = term.language
        if lang:
            return Lit(term.value, lang, None)
        dt = term.datatype.value
        return Lit(term.value, None, None if dt == XSD_STRING else dt)
    return term.value


def _from_rdflib(term: Any) -> Value:
    if isinstance(term, Literal):
        if term.language:
            return Lit(str(term), term.language, None)
        dt = str(term.datatype) if term.datatype is not None else None
        return Lit(str(term), None, None if dt == XSD_STRING else dt)
    return str(term)


class Reader:
    """Pattern reads over the union of a store's graphs (see module docs)."""

    def scan(self, p: str) -> list[tuple[str, Value]]:
        """Every (subject, object) with predicate *p*."""
        raise NotImplementedError

    def objects(self, s: str, p: str) -> list[Value]:
        """Objects of (s, p, ?)."""
        raise NotImplementedError

    def subjects(self, p: str, o: str) -> list[str]:
        """Subjects of (?, p, o) for an IRI *o*."""
        raise NotImplementedError

    def describe(self, s: str) -> list[tuple[str, Value]]:
        """Every (predicate, object) of subject *s*."""
        raise NotImplementedError

    def select(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Rows of a SPARQL SELECT over the union of graphs (the query holds no user input)."""
        raise NotImplementedError

    def graphs(self, s: str, p: str, o: str) -> list[str]:
        """Named graphs holding the triple (s, p, o) of IRIs."""
        raise NotImplementedError

    #: True when single lookups are cheap (an embedded index), False for a server (one request each)
    cheap_lookups = False


class OxReader(Reader):
    """Reads an embedded pyoxigraph store through its quad index."""

    cheap_lookups = True

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._nodes: dict[str, ox.NamedNode | ox.BlankNode] = {}

    def node(self, value: str) -> ox.NamedNode | ox.BlankNode:
        """The pyoxigraph term of an IRI (or blank node id), cached."""
        term = self._nodes.get(value)
        if term is None:
            term = ox.NamedNode(value) if ":" in value else ox.BlankNode(value)
            self._nodes[value] = term
        return term

    def _quads(self, s: Any, p: Any, o: Any) -> Iterable[ox.Quad]:
        try:
            return self.store.quads_for_pattern(s, p, o, None)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def scan(self, p: str) -> list[tuple[str, Value]]:
        """Every (subject, object) with predicate *p*."""
        named = ox.NamedNode
        return list(dict.fromkeys((q.subject.value, q.object.value if type(q.object) is named else _from_ox(q.object))
                                  for q in self._quads(None, self.node(p), None)))

    def objects(self, s: str, p: str) -> list[Value]:
        """Objects of (s, p, ?)."""
        return list(dict.fromkeys(_from_ox(q.object) for q in self._quads(self.node(s), self.node(p), None)))

    def subjects(self, p: str, o: str) -> list[str]:
        """Subjects of (?, p, o) for an IRI *o*."""
        return list(dict.fromkeys(q.subject.value for q in self._quads(None, self.node(p), self.node(o))))

    def describe(self, s: str) -> list[tuple[str, Value]]:
        """Every (predicate, object) of subject *s*."""
        quads = self._quads(self.node(s), None, None)
        return list(dict.fromkeys((q.predicate.value, _from_ox(q.object)) for q in quads))

    def graphs(self, s: str, p: str, o: str) -> list[str]:
        """Named graphs holding the triple (s, p, o) of IRIs."""
        quads = self._quads(self.node(s), self.node(p), self.node(o))
        return list(dict.fromkeys(q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)))

    def select(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Rows of a SPARQL SELECT over the union of graphs."""
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        for row in solutions:
            yield tuple(None if t is None else _from_ox(t) for t in row)


class SparqlReader(Reader):
    """Reads any crimekg store (e.g. a SPARQL server) through its rdflib query API."""

    def __init__(self, store: KGStore) -> None:
        self.store = store

    @staticmethod
    def _term(value: str) -> URIRef | BNode:
        return URIRef(value) if ":" in value else BNode(value)

    def scan(self, p: str) -> list[tuple[str, Value]]:
        """Every (subject, object) with predicate *p*."""
        rows = self.store.query("SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o }", {"p": URIRef(p)})
        return [(str(s), _from_rdflib(o)) for s, o in rows]

    def objects(self, s: str, p: str) -> list[Value]:
        """Objects of (s, p, ?)."""
        rows = self.store.query("SELECT DISTINCT ?o WHERE { ?s ?p ?o }", {"s": self._term(s), "p": URIRef(p)})
        return [_from_rdflib(r[0]) for r in rows]

    def subjects(self, p: str, o: str) -> list[str]:
        """Subjects of (?, p, o) for an IRI *o*."""
        rows = self.store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", {"p": URIRef(p), "o": self._term(o)})
        return [str(r[0]) for r in rows]

    def describe(self, s: str) -> list[tuple[str, Value]]:
        """Every (predicate, object) of subject *s*."""
        rows = self.store.query("SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o }", {"s": self._term(s)})
        return [(str(p), _from_rdflib(o)) for p, o in rows]

    def select(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Rows of a SPARQL SELECT over the union of graphs."""
        for row in self.store.query(query):
            yield tuple(None if t is None else _from_rdflib(t) for t in row)

    def graphs(self, s: str, p: str, o: str) -> list[str]:
        """Named graphs holding the triple (s, p, o) of IRIs."""
        rows = self.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                {"s": self._term(s), "p": URIRef(p), "o": self._term(o)})
        return [str(r[0]) for r in rows]


def reader_for(store: KGStore | Reader) -> Reader:
    """The fastest reader for *store*: its pyoxigraph index when local, SPARQL otherwise."""
    if isinstance(store, Reader):
        return store
    if store.oxstore is not None:
        return OxReader(store.oxstore)
    return SparqlReader(store)


def values_block(var: str, iris: Sequence[str]) -> str:
    """``VALUES ?var { <a> <b> }`` for trusted IRIs (ontology terms, never user input).

    >>> values_block("p", ["http://x/a"])
    'VALUES ?p { <http://x/a> }'
    """
    return f"VALUES ?{var} {{ " + " ".join(URIRef(i).n3() for i in iris) + " }"
