"""Run a user's SPARQL safely: check it (:mod:`.sparql_policy`), bind parameters, execute.

Parameters are bound as inline data by :meth:`KGStore.query` (never pasted
into the text).  Queries run over the union of the named graphs, except
that a query with its own ``FROM`` / ``FROM NAMED`` on an embedded store
gets exactly the dataset it names (Oxigraph ignores ``FROM`` in union mode).

>>> from crimekg.graph.store import open_store
>>> from rdflib import Literal
>>> store = open_store("memory")
>>> store.update('INSERT DATA { GRAPH <https://w3id.org/crimekg/graph/t> { <urn:a> <urn:p> "x" } }')
>>> checked, result = execute(store, "SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal("x")})
>>> checked.form, [str(r[0]) for r in result]
('SELECT', ['urn:a'])
>>> execute(store, "SELECT ?s WHERE { ?s ?p ?o }", {"x": Literal("x")})
Traceback (most recent call last):
...
crimekg.graph.errors.QueryError: the query has no variable ?x to bind
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from .errors import CrimekgError, QueryError, StoreError
from .namespaces import PREFIXES
from .sparql_policy import CheckedRequest, Policy, check_query, one_line
from .sparqlbind import bind_values
from .store import KGStore


def from_ox(term: object) -> Identifier | None:
    """An rdflib term for a pyoxigraph term.

    >>> from_ox(ox.Literal("26", datatype=ox.NamedNode(str(XSD.integer)))).toPython()
    26
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # an RDF-star quoted triple, shown as text


def _oxigraph_result(raw: object) -> Result:
    if isinstance(raw, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(raw)
    elif isinstance(raw, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in raw.variables]
        out.bindings = [{v: from_ox(t) for v, t in zip(out.vars, row, strict=True) if t is not None} for row in raw]
    else:
        out = Result("CONSTRUCT")
        graph = Graph()
        for triple in raw:  # type: ignore[attr-defined]
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        out.graph = graph
    return out


def _run_on_oxigraph(store: KGStore, text: str, default_graphs: Sequence[str] | None,
                     named_graphs: Sequence[str] | None) -> Result:
    kwargs: dict[str, object] = {"prefixes": {p: str(ns) for p, ns in PREFIXES.items()}}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        return _oxigraph_result(store.oxstore.query(text, **kwargs))  # type: ignore[union-attr,arg-type]
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {one_line(exc)}") from exc
    except OSError as exc:
        raise StoreError(f"{store.spec}: cannot run query: {one_line(exc)}") from exc
    except (RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"query failed: {one_line(exc)}") from exc


def _materialise(result: Result) -> Result:
    """Read all rows now, so that engine errors surface here as QueryError."""
    try:
        if result.type == "SELECT":
            _ = result.bindings
    except CrimekgError:
        raise
    except Exception as exc:
        raise QueryError(f"query failed: {one_line(exc)}") from exc
    return result


def execute(
    store: KGStore,
    text: str,
    bindings: Mapping[str, Identifier] | None = None,
    policy: Policy | None = None,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    checked: CheckedRequest | None = None,
) -> tuple[CheckedRequest, Result | None]:
    """Check *text* against *policy*, bind *bindings*, run it; (what it was, its result).

    Updates (only when the policy allows them) return ``None`` as result.
    *default_graphs* / *named_graphs* (SPARQL protocol dataset) need an embedded store.
    Pass *checked* when *text* was already checked against the same policy.
    """
    checked = checked or check_query(text, policy)
    if checked.is_update:
        if bindings:
            raise QueryError("parameters cannot be bound in an update")
        store.update(text)
        return checked, None
    for name in bindings or {}:
        if name not in checked.variables:
            raise QueryError(f"the query has no variable ?{name} to bind")
    bound = bind_values(text, bindings) if bindings else text
    if default_graphs or named_graphs:
        if store.oxstore is None:
            raise QueryError("default-graph-uri / named-graph-uri are not supported with a remote store; "
                             "use GRAPH in the query")
        return checked, _run_on_oxigraph(store, bound, default_graphs, named_graphs)
    if checked.has_dataset and store.oxstore is not None:
        return checked, _run_on_oxigraph(store, bound, None, None)
    return checked, _materialise(store.query(bound))
