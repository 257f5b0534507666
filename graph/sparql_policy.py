"""What a user's SPARQL may do, decided by parsing it (never by pattern matching).

User queries (``crimekg query``, the ``crimekg serve`` endpoint) are parsed
with rdflib's SPARQL 1.1 grammar and the parse tree is walked:

* an update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) is refused unless
  updates are enabled;
* ``SERVICE`` (a federated call to another endpoint) and ``LOAD`` (a fetch)
  are refused unless federation is enabled;
* ``FROM`` / ``FROM NAMED`` (and an update's ``USING``) may only name crimekg
  graphs (``https://w3id.org/crimekg/graph/...``), unless enabled: a
  ``file://`` or web IRI would make the engine read outside the store.

Text that is neither a query nor an update is a :class:`QueryError` with the
parser's message on one line.

>>> check_query("SELECT ?s WHERE { ?s ?p ?o }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
crimekg.graph.sparql_policy.RefusedError: SERVICE <http://example.org/sparql> is refused: federated queries are \
disabled (enable with --allow-service)
>>> check_query("DROP ALL")
Traceback (most recent call last):
...
crimekg.graph.sparql_policy.RefusedError: updates are refused: this is a read-only query interface (DROP)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from pyparsing import ParseBaseException
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError
from .namespaces import GRAPH, PREFIXES


class RefusedError(QueryError):
    """A well-formed request that the policy does not allow (an update, SERVICE, LOAD, external FROM)."""


@dataclass(frozen=True)
class Policy:
    """What user SPARQL may do.

    >>> Policy().allow_service, Policy(allow_service=True).allow_external_graphs
    (False, True)
    """

    allow_service: bool = False
    allow_update: bool = False
    allow_external: bool | None = None  # FROM/USING outside crimekg graphs; defaults to allow_service

    @property
    def allow_external_graphs(self) -> bool:
        """Whether FROM / FROM NAMED / USING may name non-crimekg graphs."""
        return self.allow_service if self.allow_external is None else self.allow_external


@dataclass(frozen=True)
class CheckedRequest:
    """A parsed, allowed request: its form and the graphs it names."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    variables: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_dataset(self) -> bool:
        """True when the query names its own dataset (FROM / FROM NAMED)."""
        return bool(self.from_graphs or self.from_named_graphs)

    @property
    def is_update(self) -> bool:
        """True for a SPARQL update."""
        return self.form == "UPDATE"


_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_NAMES = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE",
}


def one_line(exc: BaseException) -> str:
    """A parser or engine message on one line.

    >>> one_line(ValueError("a\\n  b"))
    'a b'
    """
    return " ".join(str(exc).split()) or type(exc).__name__


def walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL parse tree, depth first (CompValues, lists, terms)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, CompValue):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)) or (hasattr(item, "asList") and not isinstance(item, str)):
            stack.extend(reversed(list(item)))


def _get(node: CompValue, key: str) -> Any:
    """A CompValue entry or None (``CompValue.get`` returns the key itself when it is missing)."""
    return dict.get(node, key)


def _prologue_prefixes(prologue: Any) -> tuple[dict[str, str], str | None]:
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    base: str | None = None
    for node in walk(prologue):
        if isinstance(node, CompValue) and node.name == "PrefixDecl":
            prefixes[str(_get(node, "prefix") or "")] = str(_get(node, "iri"))
        elif isinstance(node, CompValue) and node.name == "Base":
            base = str(_get(node, "iri"))
    return prefixes, base


def _resolve(term: Any, prefixes: Mapping[str, str], base: str | None) -> str:
    if isinstance(term, CompValue) and term.name == "pname":
        prefix = str(_get(term, "prefix") or "")
        if prefix not in prefixes:
            raise QueryError(f"malformed SPARQL: unknown prefix {prefix!r}")
        return prefixes[prefix] + str(_get(term, "localname") or "")
    text = str(term)
    return urljoin(base, text) if base else text


def is_internal_graph(iri: str) -> bool:
    """True for a crimekg named graph IRI.

    >>> is_internal_graph("https://w3id.org/crimekg/graph/doc-000"), is_internal_graph("file:///etc/passwd")
    (True, False)
    """
    return iri.startswith(str(GRAPH)) and len(iri) > len(str(GRAPH))


def _parse(text: str) -> tuple[str, Any]:
    """('query', tree) or ('update', tree); QueryError when it is neither."""
    if not text.strip():
        raise QueryError("malformed SPARQL: the query is empty")
    try:
        return "query", parseQuery(text)
    except ParseBaseException as query_error:
        try:
            tree = parseUpdate(text)
        except ParseBaseException:
            raise QueryError(f"malformed SPARQL: {one_line(query_error)}") from None
        except Exception as exc:  # rdflib raises plain exceptions for some bad escapes
            raise QueryError(f"malformed SPARQL: {one_line(exc)}") from None
        if not _get(tree, "request"):
            raise QueryError(f"malformed SPARQL: {one_line(query_error)}") from None
        return "update", tree
    except Exception as exc:
        raise QueryError(f"malformed SPARQL: {one_line(exc)}") from None


def check_query(text: str, policy: Policy | None = None) -> CheckedRequest:
    """Parse *text* and apply *policy*; return what it is, or raise QueryError / RefusedError.

    Results are cached by text and policy (parsing is the slow part of a small query).
    """
    return _check_cached(text, policy or Policy())


@lru_cache(maxsize=512)
def _check_cached(text: str, policy: Policy) -> CheckedRequest:
    kind, tree = _parse(text)
    if kind == "query":
        prologue, body = tree[0], tree[1]
        form = _FORMS.get(body.name, body.name)
    else:
        prologue, body = _get(tree, "prologue"), _get(tree, "request")
        form = "UPDATE"
    prefixes, base = _prologue_prefixes(prologue)
    from_graphs: list[str] = []
    named_graphs: list[str] = []
    variables: set[str] = set()
    for node in walk(body):
        if isinstance(node, Variable):
            variables.add(str(node))
            continue
        if not isinstance(node, CompValue):
            continue
        if node.name == "ServiceGraphPattern" and not policy.allow_service:
            target = _get(node, "term")
            shown = f"<{target}>" if isinstance(target, URIRef) else ("?" + str(target) if target is not None else "")
            raise RefusedError(f"SERVICE {shown} is refused: federated queries are disabled "
                               "(enable with --allow-service)")
        if node.name in _UPDATE_NAMES and kind == "update":
            if not policy.allow_update:
                raise RefusedError("updates are refused: this is a read-only query interface "
                                   f"({_UPDATE_NAMES[node.name]})")
            if node.name == "Load" and not policy.allow_service:
                raise RefusedError(f"LOAD <{_get(node, 'iri')}> is refused: fetching data is disabled "
                                   "(enable with --allow-service)")
        if node.name in ("DatasetClause", "UsingClause"):
            named = _get(node, "named") is not None
            iri = _resolve(_get(node, "named") if named else _get(node, "default"), prefixes, base)
            if not is_internal_graph(iri) and not policy.allow_external_graphs:
                clause = ("FROM NAMED" if named else "FROM") if node.name == "DatasetClause" else "USING"
                raise RefusedError(f"{clause} <{iri}> is refused: only crimekg graphs ({GRAPH}...) may be named")
            (named_graphs if named else from_graphs).append(iri)
    return CheckedRequest(form, tuple(from_graphs), tuple(named_graphs), frozenset(variables))
