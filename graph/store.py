"""Open the crimekg store: embedded Oxigraph on disk (default), in memory, or a SPARQL 1.1 server.

Store specs:

* a directory path: an embedded Oxigraph store (created if missing);
* ``memory``: a fresh in-memory Oxigraph store;
* ``http(s)://...``: a SPARQL 1.1 server.  ``http://host:7878`` (an Oxigraph
  server root) uses ``/query`` and ``/update``; a URL ending in ``/query`` or
  ``/sparql`` is the query endpoint and its update endpoint is the same URL
  with ``/update`` (override with ``CRIMEKG_UPDATE_ENDPOINT``).

Queries go through the rdflib API (``Dataset.query``), over the union of all
named graphs; parameters are bound as inline data (:mod:`.sparqlbind`).  Writes replace whole named graphs in one
SPARQL update, so each document is committed atomically or not at all; new
graphs go to an on-disk store by the bulk loader under an undo journal
(:mod:`.journal`), which opening the store for writing rolls back if the
writer died mid-way.

>>> from rdflib.namespace import RDFS
>>> from crimekg.graph.namespaces import GRAPH, ID
>>> store = open_store("memory")
>>> store.replace_graphs({GRAPH["t"]: [(ID["a"], RDFS.label, Literal("A"))]})
>>> [str(r[0]) for r in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")]
['A']
>>> store.close()
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from . import journal
from .errors import CrimekgError, InputError, QueryError, QueryTimeoutError, StoreError, StoreLockedError
from .namespaces import PREFIXES
from .sparqlbind import bind_values

DEFAULT_STORE_ENV = "CRIMEKG_STORE"


def default_store_path() -> Path:
    """``$CRIMEKG_STORE``, else ``$XDG_DATA_HOME/crimekg/store`` (``~/.local/share/crimekg/store``).

    >>> os.environ["CRIMEKG_STORE"] = "/tmp/x"; str(default_store_path())
    '/tmp/x'
    >>> del os.environ["CRIMEKG_STORE"]
    """
    if os.environ.get(DEFAULT_STORE_ENV):
        return Path(os.environ[DEFAULT_STORE_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "crimekg" / "store"


def is_remote(spec: str) -> bool:
    """True for an http(s) SPARQL endpoint spec."""
    return spec.startswith(("http://", "https://"))


def endpoints_for(url: str) -> tuple[str, str]:
    """Query and update endpoint URLs for a server URL.

    >>> endpoints_for("http://localhost:7878")
    ('http://localhost:7878/query', 'http://localhost:7878/update')
    >>> endpoints_for("http://h/ds/sparql")
    ('http://h/ds/sparql', 'http://h/ds/update')
    """
    url = url.rstrip("/")
    update_override = os.environ.get("CRIMEKG_UPDATE_ENDPOINT")
    for suffix in ("/query", "/sparql"):
        if url.endswith(suffix):
            return url, update_override or url[: -len(suffix)] + "/update"
    return url + "/query", update_override or url + "/update"


def term_n3(term: Node) -> str:
    """The N-Triples form of *term* as updates write it (plain literals without a datatype); a bad IRI is an
    InputError."""
    if isinstance(term, Literal) and term.language is None and term.datatype is None:
        return Literal(str(term)).n3()
    try:
        return term.n3()
    except Exception as exc:  # rdflib refuses IRIs with spaces, quotes, braces...
        raise InputError(f"cannot write {str(term)[:80]!r}: not a valid IRI") from exc


def replace_graphs_update(graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> str:
    """One SPARQL update that drops each graph and inserts its new triples.

    Terms are serialised by rdflib (N-Triples escaping), never formatted by hand.

    >>> from rdflib.namespace import RDFS
    >>> print(replace_graphs_update({URIRef("http://g"): [(URIRef("http://s"), RDFS.label, Literal('a"b'))]}))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <http://s> <http://www.w3.org/2000/01/rdf-schema#label> "a\\"b" .
    } }
    """
    parts: list[str] = []
    for name, triples in graphs.items():
        lines = [f"{term_n3(s)} {term_n3(p)} {term_n3(o)} ." for s, p, o in triples]
        parts.append(f"DROP SILENT GRAPH {name.n3()}")
        if lines:
            parts.append("INSERT DATA { GRAPH " + name.n3() + " {\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(parts)


def _http_error(spec: str, status: int, reason: str) -> CrimekgError:
    """The error for an HTTP error status from a remote SPARQL endpoint.

    >>> _http_error("http://h", 400, "Bad Request")
    QueryError('http://h: the endpoint refused the query: HTTP 400 Bad Request')
    >>> type(_http_error("http://h", 503, "Service Unavailable")).__name__
    'QueryTimeoutError'
    """
    if status in (503, 504):
        return QueryTimeoutError(f"{spec}: the endpoint gave up on the query (overloaded or too slow): HTTP {status} "
                                 f"{reason}")
    if 400 <= status < 500:
        return QueryError(f"{spec}: the endpoint refused the query: HTTP {status} {reason}")
    return StoreError(f"{spec}: the endpoint failed: HTTP {status} {reason}")


def _ox_term(term: Node) -> Any:
    """The pyoxigraph term of an rdflib IRI or literal (a plain literal is an xsd:string, as in the store).

    >>> _ox_term(Literal("a", lang="en"))
    <Literal value=a language=en>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else \
            ox.Literal(str(term))
    raise InputError(f"cannot bulk-write the term {str(term)[:80]!r}: only IRIs and literals")


class KGStore:
    """A crimekg store: an rdflib Dataset over Oxigraph or a SPARQL server."""

    def __init__(self, spec: str, dataset: Dataset, oxstore: ox.Store | None, read_only: bool) -> None:
        self.spec = spec
        self.dataset = dataset
        self.oxstore = oxstore
        self.read_only = read_only
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns, override=True, replace=True)

    @property
    def kind(self) -> str:
        """'memory', 'oxigraph' (on disk) or 'sparql' (remote server)."""
        if self.oxstore is None:
            return "sparql"
        return "memory" if self.spec == "memory" else "oxigraph"

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query over the union of graphs; *bindings* are bound, not formatted in."""
        if bindings:
            sparql = bind_values(sparql, bindings)
        try:
            result = self.dataset.query(sparql, initNs=dict(PREFIXES))
            if isinstance(result, tuple):  # rdflib's POST connector returns (status, reason, None) on HTTP errors
                raise _http_error(self.spec, int(result[0]), str(result[1]))
            if result.type == "SELECT":
                result.bindings  # noqa: B018 -- evaluate now, so evaluation errors are reported here
            return result
        except (StoreError, QueryError, QueryTimeoutError):
            raise
        except (SyntaxError, ValueError) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, HTTPError):  # the remote server answered with an error status (GET)
                raise _http_error(self.spec, cause.code, str(cause.reason)) from exc
            if isinstance(cause, (URLError, OSError)):  # rdflib wraps connection failures in ValueError (GET)
                reason = getattr(cause, "reason", None) or cause
                raise StoreError(f"{self.spec}: cannot reach the SPARQL endpoint: {reason}") from exc
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            if self.oxstore is None:  # a remote endpoint that is down or unreachable
                reason = getattr(exc, "reason", None) or exc
                raise StoreError(f"{self.spec}: cannot reach the SPARQL endpoint: {reason}") from exc
            raise StoreError(f"{self.spec}: cannot run query: {exc}") from exc
        except Exception as exc:  # endpoint and parser errors come in many types
            raise QueryError(f"query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc

    def update(self, sparql_update: str) -> None:
        """Apply one SPARQL update atomically."""
        if self.read_only:
            raise StoreError(f"{self.spec}: store opened read-only")
        try:
            if self.oxstore is not None:
                self.oxstore.update(sparql_update)
            else:
                self.dataset.update(sparql_update)
        except OSError as exc:
            raise StoreError(f"{self.spec}: update failed: {exc}") from exc
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from exc
        except Exception as exc:
            raise StoreError(f"{self.spec}: update failed: {str(exc).splitlines()[0] if str(exc) else exc}") from exc

    def load_trig(self, trig: str) -> None:
        """Add the quads of a TriG text in ONE transaction (all or nothing), on an embedded store.

        Faster than the same quads as ``INSERT DATA`` (no SPARQL parsing; on disk about 2.5x).  It only
        adds: callers use it when the graphs it writes hold nothing yet.

        >>> store = open_store("memory")
        >>> store.load_trig('<http://g> { <http://s> <http://p> "o" . }')
        >>> store.count()
        1
        """
        if self.read_only:
            raise StoreError(f"{self.spec}: store opened read-only")
        if self.oxstore is None:
            raise StoreError(f"{self.spec}: load_trig needs an embedded store (use update on a server)")
        try:
            self.oxstore.load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        except SyntaxError as exc:
            raise QueryError(f"malformed TriG: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.spec}: load failed: {exc}") from exc

    def bulk_add_graphs(self, trig: str, new_graphs: Iterable[URIRef],
                        shared: Iterable[tuple[Node, Node, Node, URIRef]] = ()) -> None:
        """Add the TriG *trig* (the triples of *new_graphs*, which hold nothing yet) and the *shared* quads (to
        graphs that may hold data) with the bulk loader, all or nothing through an undo journal
        (:mod:`.journal`); on-disk stores only.

        >>> import tempfile
        >>> store = open_store(tempfile.mkdtemp())
        >>> store.bulk_add_graphs('<http://g> { <http://s> <http://p> "o" . }', [URIRef("http://g")])
        >>> store.count()
        1
        """
        if self.read_only:
            raise StoreError(f"{self.spec}: store opened read-only")
        if self.oxstore is None or self.kind != "oxigraph":
            raise StoreError(f"{self.spec}: bulk_add_graphs needs an on-disk store (use load_trig or update)")
        quads = [ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.NamedNode(str(g))) for s, p, o, g in shared]
        journal.journaled_load(self.oxstore, Path(self.spec).expanduser(), trig, [str(g) for g in new_graphs],
                               quads)

    def graph_is_empty(self, name: URIRef) -> bool:
        """Whether the named graph *name* holds no triple."""
        if self.oxstore is not None:
            quads = self.oxstore.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
            return next(iter(quads), None) is None
        return not bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": name}).askAnswer)

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> None:
        """Replace the named graphs in one transaction (all or nothing)."""
        self.update(replace_graphs_update(graphs))

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        self.update(" ;\n".join(f"DROP SILENT GRAPH {n.n3()}" for n in names) or "CLEAR SILENT GRAPH <urn:none>")

    def named_graphs(self) -> list[URIRef]:
        """IRIs of the named graphs, sorted."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(r[0])) for r in rows)

    def count(self, graph: URIRef | None = None) -> int:
        """Number of triples in one named graph, or quads in the whole store."""
        if graph is None:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        return int(next(iter(list(rows)))[0])

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if self.oxstore is not None and self.kind == "oxigraph" and not self.read_only:
            try:
                self.oxstore.flush()
            except (OSError, RuntimeError):
                pass
        self.dataset.close()
        self.oxstore = None
        # Query-result iterators may still reference the native store; collect them
        # so the on-disk lock is released now, not at interpreter exit.
        gc.collect()

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


BULK_MARKER = ".crimekg-bulk-load-running"


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory (a store is a directory)")
    if (path / BULK_MARKER).exists():
        raise StoreError(f"{path}: a bulk load into this store did not finish, so it holds part of a dump; "
                         f"delete the directory and load again (`crimekg load DUMP --store {path}`)")
    if read_only:
        journal.refuse_read_only(path)
    try:
        if read_only:
            if not path.exists():
                raise StoreError(f"{path}: no store here yet; run `crimekg build` first")
            return ox.Store.read_only(str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    except OSError as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreLockedError(
                f"{path}: store is locked by another process (a running `crimekg serve` or build?); "
                "stop it or use another --store"
            ) from exc
        raise StoreError(f"{path}: cannot open store: {message.splitlines()[0]}") from exc
    try:
        journal.rollback(store, path)  # an ingest killed mid-way is undone now that no other process can write
    except StoreError:
        del store
        gc.collect()  # release the lock
        raise
    return store


def open_store(spec: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> KGStore:
    """Open the store named by *spec* (see module docs); the default path when None."""
    spec_text = str(spec) if spec is not None else str(default_store_path())
    if is_remote(spec_text):
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        query_url, update_url = endpoints_for(spec_text)
        # POST (application/sparql-query): long queries with their PREFIX lines do not fit in a GET URL.
        remote = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url, autocommit=True,
                                   method="POST")
        dataset = Dataset(store=remote, default_union=True)
        return KGStore(spec_text, dataset, None, read_only)
    if spec_text == "memory":
        oxstore = ox.Store()
    else:
        oxstore = _open_oxigraph(Path(spec_text).expanduser(), read_only)
    dataset = Dataset(store=OxigraphStore(store=oxstore), default_union=True)
    return KGStore(spec_text, dataset, oxstore, read_only)
