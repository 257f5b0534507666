"""Bind values to query variables safely, the same way on every backend.

pyoxigraph substitutes only projected variables and rdflib's SPARQL-protocol
store appends a trailing ``VALUES`` (applied after grouping), so crimekg
binds parameters itself: it inserts an inline ``VALUES`` block at the start
of the query's outermost ``WHERE`` group.  The values are RDF terms
serialised by rdflib (N-Triples escaping), never text pasted into the query,
so a hostile value cannot change the query's meaning.

>>> from rdflib import Literal, URIRef
>>> print(bind_values('SELECT ?x WHERE { ?x rdfs:label ?name }', {"name": Literal('a" } DROP ALL #')}))
SELECT ?x WHERE { VALUES (?name) { ("a\\" } DROP ALL #") }
 ?x rdfs:label ?name }
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from .errors import QueryError

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Characters an IRIREF may not contain (SPARQL 1.1 grammar), checked before rdflib sees the IRI.
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<where>(?i:\bWHERE\b))
  | (?P<brace>\{)
    """,
    re.VERBOSE,
)


def where_brace(query: str) -> int:
    """Index of the ``{`` that opens the outermost WHERE group.

    >>> where_brace('PREFIX a: <http://x/#> SELECT * { ?s ?p "{" }')
    32
    >>> where_brace('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }')
    29
    """
    seen_where = False
    first_brace = -1
    keyword = query.lstrip().split(None, 1)
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "where":
            seen_where = True
        elif kind == "brace":
            if seen_where:
                return match.start()
            if first_brace < 0:
                first_brace = match.start()
    is_construct = any("CONSTRUCT" in k.upper() for k in keyword[:1]) or re.search(
        r"(?i)^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*CONSTRUCT", query) is not None
    if first_brace >= 0 and not is_construct:
        return first_brace
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def term_n3(term: Identifier) -> str:
    """SPARQL syntax of an RDF term, escaped by rdflib.

    >>> term_n3(Literal("it's"))
    '"it\\'s"'
    >>> term_n3(URIRef("http://x/a> } DROP ALL #"))
    Traceback (most recent call last):
    ...
    crimekg.graph.errors.QueryError: invalid IRI value 'http://x/a> } DROP ALL #': ...
    """
    if isinstance(term, Literal) and term.language is None and term.datatype is None:
        return Literal(str(term)).n3()
    if isinstance(term, URIRef) and _BAD_IRI.search(term):
        raise QueryError(f"invalid IRI value {str(term)[:80]!r}: it contains a space or one of <>\"{{}}|^`\\")
    return term.n3()


def bind_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """Return *query* with *bindings* joined in as inline data at the top of its WHERE group."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not isinstance(name, str) or not _VARIABLE.fullmatch(name):
            raise QueryError(f"invalid parameter name {name!r} (letters, digits and _ only)")
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(
        term_n3(bindings[n]) for n in names) + ") }\n"
    at = where_brace(query) + 1
    return query[:at] + " " + block + query[at:]
