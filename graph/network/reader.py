"""Read triples fast: pyoxigraph's pattern index for local stores, SPARQL for servers.

The network code reads the store pattern by pattern (all ``?s ckg:organizer
?o``, all types of one node...) instead of through big SPARQL joins: on an
embedded Oxigraph store a pattern scan goes straight to the index, with no
rdflib term conversion.  Every read is over the union of the named graphs
and returns each triple once, like the SPARQL queries of
:mod:`crimekg.graph.relations`.

Values: IRIs and blank nodes as ``str``, literals as :class:`Lit`.

On disk (RocksDB) every IRI or long literal handed back is a lookup of its
string, and that is most of the cost of a read; :class:`OxReader` then asks
SPARQL for only the terms it needs, gets the subjects of each object as one
string (``GROUP_CONCAT``), joins big reads of a known set of subjects with
that set (``VALUES``) so they come back as numbers (:meth:`OxReader.prefetch`,
:meth:`OxReader.scan_of`; :meth:`OxReader.id_rows` numbers the objects too and
hands back numpy arrays; :meth:`OxReader.describe_many` describes many subjects
in one query), and reads the result as TSV.  Rows and their order are those of
the index scans (tests/test_network_bulk.py).

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

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..errors import QueryError, StoreError
from ..store import KGStore

LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
GROUP_ABOVE = 1000
"""On disk, scans of more triples than this are read grouped by object (when objects repeat)."""


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


_NUMBER_TYPES = (("integer", re.compile(r"[+-]?[0-9]+")), ("decimal", re.compile(r"[+-]?[0-9]*\.[0-9]+")),
                 ("double", re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")))
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ESCAPES[match.group(3)]


def tsv_term(text: str) -> Value:
    """A term as SPARQL TSV results write it (Turtle syntax), as :meth:`Reader.scan` values.

    >>> tsv_term("<http://x/a>"), tsv_term("_:b1"), tsv_term('"a b"@en'), tsv_term("5")
    ('http://x/a', 'b1', Lit(value='a b', language='en', datatype=None), \
Lit(value='5', language=None, datatype='http://www.w3.org/2001/XMLSchema#integer'))
    """
    if text.startswith("<"):
        return text[1:-1]
    if text.startswith("_:"):
        return text[2:]
    if text.startswith('"'):
        end = text.rindex('"')
        value = _ESCAPE.sub(_unescape, text[1:end]) if "\\" in text else text[1:end]
        rest = text[end + 1:]
        if rest.startswith("@"):
            return Lit(value, rest[1:], None)
        datatype = rest[3:-1] if rest.startswith("^^<") else None
        return Lit(value, None, None if datatype == XSD_STRING else datatype)
    if text in ("true", "false"):
        return Lit(text, None, XSD + "boolean")
    for name, pattern in _NUMBER_TYPES:
        if pattern.fullmatch(text):
            return Lit(text, None, XSD + name)
    raise ValueError(f"not a TSV term: {text!r}")


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

    def scan_of(self, p: str, subjects: set[str]) -> list[tuple[str, Value]]:
        """The rows of :meth:`scan` whose subject is one of *subjects* (each subject's rows in scan order)."""
        return [(s, o) for s, o in self.scan(p) if s in subjects]

    def prefetch(self, predicates: Sequence[str], subjects: set[str], objects: Sequence[str] = ()) -> bool:
        """Read ahead the rows of *predicates* whose subject is one of *subjects*, for :meth:`scan_of`
        until :meth:`forget` (True when done; a no-op where it does not pay).  *objects*: the values
        most rows point to."""
        return False

    def forget(self, predicates: Iterable[str] | None = None) -> None:
        """Drop what :meth:`prefetch` read (it would go stale at the next write): all, or that of *predicates*."""

    def remember(self, p: str, subjects: set[str], rows: list[tuple[str, Value]]) -> None:
        """Keep *rows*, the rows of *p* whose subject is one of *subjects* in scan order (read some other
        way, e.g. from :meth:`id_rows`), for :meth:`scan_of` until :meth:`forget` (a no-op where
        :meth:`prefetch` is)."""

    def id_rows(self, predicates: Sequence[str], subjects: Sequence[str], objects: Sequence[str]
                ) -> list[np.ndarray] | None:
        """For each of *predicates*, its rows whose subject is ``subjects[i]`` and object ``objects[j]``, as
        (i, j) numbers (an int64 array of shape (n, 2)), in scan order (a triple stated in several graphs
        may repeat).  None where this does not pay (in memory, few subjects): read :meth:`scan` then."""
        return None

    def objects(self, s: str, p: str) -> list[Value]:
        """Objects of (s, p, ?)."""
        raise NotImplementedError

    def subjects(self, p: str, o: str) -> list[str]:
        """Subjects of (?, p, o) for an IRI *o*."""
        raise NotImplementedError

    def describe(self, s: str) -> list[tuple[str, Value]]:
        """Every (predicate, object) of subject *s*."""
        raise NotImplementedError

    def describe_many(self, subjects: Sequence[str]) -> dict[str, list[tuple[str, Value]]]:
        """:meth:`describe` of each of *subjects* (same rows, same order)."""
        return {s: self.describe(s) for s in subjects}

    def select(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Rows of a SPARQL SELECT over the union of graphs (the query holds no user input)."""
        raise NotImplementedError

    def graphs(self, s: str, p: str, o: str) -> list[str]:
        """Named graphs holding the triple (s, p, o) of IRIs."""
        raise NotImplementedError

    #: True when single lookups are cheap (an embedded index), False for a server (one request each)
    cheap_lookups = False
    #: True when :meth:`select` takes Oxigraph's ``LATERAL`` joins
    lateral = False
    #: True when :meth:`id_rows` reads (else it returns None)
    reads_numbers = False


class OxReader(Reader):
    """Reads an embedded pyoxigraph store through its quad index.

    *on_disk*: the store is RocksDB, where every IRI or long literal handed back costs a lookup;
    scans are then read grouped by object (see :meth:`scan`).
    """

    cheap_lookups = True
    lateral = True

    def __init__(self, store: ox.Store, *, on_disk: bool = False) -> None:
        self.store = store
        self.on_disk = on_disk
        self.reads_numbers = on_disk
        self._nodes: dict[str, ox.NamedNode | ox.BlankNode] = {}
        self._fetched: dict[str, tuple[set[str], list[tuple[str, Value]]]] = {}  # p -> (subjects, their rows)

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

    def _rows(self, query: str) -> Iterable[ox.QuerySolution]:
        try:
            return self.store.query(query, use_default_graph_as_union=True)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def scan(self, p: str) -> list[tuple[str, Value]]:
        """Every (subject, object) with predicate *p*, in index order.

        On disk, a SPARQL pattern rather than ``quads_for_pattern``: the engine decodes only the two
        terms asked for, where a quad decodes four (predicate and graph too), and each decoded IRI is
        a RocksDB lookup there; the subjects are moreover read as one string per object
        (:meth:`_scan_grouped`).  In memory, ``quads_for_pattern`` (decoding is cheap there).
        """
        named = ox.NamedNode
        if not self.on_disk:  # in memory a quad costs no more to decode, and needs no query parsed
            return list(dict.fromkeys((q.subject.value, q.object.value if type(q.object) is named
                                       else _from_ox(q.object)) for q in self._quads(None, self.node(p), None)))
        try:
            found = self._scan_grouped(p)
            if found is not None:
                return found
            rows = self._rows(f"SELECT ?s ?o WHERE {{ ?s {self.node(p)} ?o }}")
            return list(dict.fromkeys((s.value, o.value if type(o) is named else _from_ox(o)) for s, o in rows))
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def _scan_grouped(self, p: str) -> list[tuple[str, Value]] | None:
        """:meth:`scan` with the subjects of each object joined into one string by the engine
        (``GROUP_CONCAT``): the same rows in the same order, with far fewer Python objects (a third
        less time on disk); objects in index order (``DISTINCT``), subjects as the index gives them.
        None when that does not pay (fewer than 4 subjects an object, or a small scan), or when a
        subject is not an IRI (``STR`` fails on a blank node): use the plain scan then.
        """
        node = self.node(p)
        rows, objects = (int(t.value) for t in next(iter(self._rows(
            f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?d) WHERE {{ ?s {node} ?o }}"))))
        if rows < GROUP_ABOVE or rows < 4 * objects:  # few repeats of each object: nothing to gain
            return None
        order = [row[0] for row in self._rows(f"SELECT DISTINCT ?o WHERE {{ ?s {node} ?o }}")]
        groups = {}
        for o, subjects in self._rows(f"SELECT ?o (GROUP_CONCAT(STR(?s); separator=' ') AS ?all) "
                                      f"WHERE {{ ?s {node} ?o }} GROUP BY ?o"):
            if subjects is None:
                return None
            groups[o] = subjects.value
        named = ox.NamedNode
        out: list[tuple[str, Value]] = []
        for o in order:
            value = o.value if type(o) is named else _from_ox(o)
            out.extend([(s, value) for s in groups[o].split(" ")])
        return list(dict.fromkeys(out))

    def scan_of(self, p: str, subjects: set[str]) -> list[tuple[str, Value]]:
        """The rows of :meth:`scan` whose subject is one of *subjects* (each subject's rows in scan order).

        On disk, when the subjects are few next to the rows (the labels of 2,000 actors among those of
        10,000 activities), the engine joins the scan with them (``VALUES``) and hands back only their
        rows: a fifth of the time of reading every row there.
        """
        fetched = self._fetched.get(p)
        if fetched is not None and subjects <= fetched[0]:
            return fetched[1] if subjects == fetched[0] else [(s, o) for s, o in fetched[1] if s in subjects]
        if not self.on_disk or len(subjects) < 100 or not all(":" in x for x in subjects):
            return super().scan_of(p, subjects)
        node = self.node(p)
        try:
            rows = int(next(iter(self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {node} ?o }}")))[0].value)
            if rows < 4 * len(subjects):
                return super().scan_of(p, subjects)
            values = " ".join(str(self.node(x)) for x in sorted(subjects))
            named = ox.NamedNode
            found = self._rows(f"SELECT ?s ?o WHERE {{ {{ SELECT ?s ?o WHERE {{ ?s {node} ?o }} }} "
                               f"VALUES ?s {{ {values} }} }}")
            return list(dict.fromkeys((s.value, o.value if type(o) is named else _from_ox(o)) for s, o in found))
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def prefetch(self, predicates: Sequence[str], subjects: set[str], objects: Sequence[str] = ()) -> bool:
        """On disk, the rows of all *predicates* whose subject is one of *subjects* (IRIs), in one query.

        The subjects go into the query as ``VALUES (?s ?i)``, joined with the scan of each predicate:
        the engine matches them without decoding them and hands back each subject's number instead of
        its IRI; objects among *objects* (IRIs: the actors) likewise come back as numbers.  Decoding
        hub IRIs is what makes scans slow on disk (each is a RocksDB lookup, and an activity is the
        subject of ten rows or so), so this reads the hubs' facts in about half the time of the scans.
        Rows come back as TSV text, parsed here.  Each predicate's rows come in scan order (the joins
        keep the order of their left side; tests/test_network_bulk.py checks it against the scans).
        """
        if not self.on_disk or len(subjects) < 100 or not predicates or not all(":" in x for x in subjects):
            return False
        ordered = sorted(subjects)
        props = list(dict.fromkeys(predicates))
        keys = " ".join(f"({self.node(p)} {k})" for k, p in enumerate(props))
        values = " ".join(f"({self.node(x)} {i})" for i, x in enumerate(ordered))
        query = (f"SELECT ?i ?k ?o WHERE {{ {{ SELECT ?s ?k ?o WHERE {{ VALUES (?p ?k) {{ {keys} }} ?s ?p ?o }} }} "
                 f"VALUES (?s ?i) {{ {values} }} }}")
        mapped = list(objects) if objects and all(":" in x for x in objects) else []
        if mapped:  # ?j: the object's number when it is one of *objects* (then ?o is not decoded)
            known = " ".join(f"({self.node(x)} {j})" for j, x in enumerate(mapped))
            query = (f"SELECT ?i ?k ?j (IF(BOUND(?j), 0, ?o) AS ?v) WHERE {{ {{ {query} }} "
                     f"OPTIONAL {{ VALUES (?o ?j) {{ {known} }} }} }}")
        try:
            text = self._rows(query).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")  # type: ignore[union-attr]
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        rows: list[list[tuple[str, Value]]] = [[] for _ in props]
        terms: dict[str, Value] = {f"{j}\t0": x for j, x in enumerate(mapped)}  # "j\t0": a mapped object
        subject = dict(zip(map(str, range(len(ordered))), ordered, strict=True))
        appenders = [found.append for found in rows]
        for line in text.split("\n")[1:]:
            if line:
                i, k, o = line.split("\t", 2)
                value = terms.get(o)
                if value is None:
                    value = terms[o] = tsv_term(o[1:] if mapped else o)  # unmapped: "\t<iri>" after an empty ?j
                appenders[int(k)]((subject[i], value))
        for p, found in zip(props, rows, strict=True):
            self._fetched[p] = (set(subjects), list(dict.fromkeys(found)))
        return True

    def remember(self, p: str, subjects: set[str], rows: list[tuple[str, Value]]) -> None:
        """Keep the rows of *p* for these *subjects*, for :meth:`scan_of` (see :meth:`Reader.remember`)."""
        self._fetched[p] = (set(subjects), list(dict.fromkeys(rows)))

    def forget(self, predicates: Iterable[str] | None = None) -> None:
        """Drop what :meth:`prefetch` read (it would go stale at the next write): all, or that of *predicates*."""
        if predicates is None:
            self._fetched.clear()
        for p in predicates or ():
            self._fetched.pop(p, None)

    def id_rows(self, predicates: Sequence[str], subjects: Sequence[str], objects: Sequence[str]
                ) -> list[np.ndarray] | None:
        """On disk, the (subject number, object number) rows of each of *predicates* (see
        :meth:`Reader.id_rows`), in one query that decodes no term at all.

        As :meth:`prefetch`, with both ends joined with ``VALUES`` and only numbers handed back (TSV,
        parsed by numpy): the members of 10,000 activities in a third of the time of :meth:`prefetch`,
        which builds a tuple of strings per row.  Rows of each predicate in scan order (the joins keep
        the order of their left side; tests/test_network_bulk.py checks them against the scans).
        """
        if not self.on_disk or len(subjects) < 100 or not predicates or not objects \
                or not all(":" in x for x in subjects) or not all(":" in x for x in objects):
            return None
        keys = " ".join(f"({self.node(p)} {k})" for k, p in enumerate(predicates))
        values = " ".join(f"({self.node(x)} {i})" for i, x in enumerate(subjects))
        known = " ".join(f"({self.node(x)} {j})" for j, x in enumerate(objects))
        query = (f"SELECT ?i ?k ?j WHERE {{ {{ SELECT ?i ?k ?o WHERE {{ {{ SELECT ?s ?k ?o WHERE {{ "
                 f"VALUES (?p ?k) {{ {keys} }} ?s ?p ?o }} }} VALUES (?s ?i) {{ {values} }} }} }} "
                 f"VALUES (?o ?j) {{ {known} }} }}")
        try:
            text = self._rows(query).serialize(format=ox.QueryResultsFormat.TSV)  # type: ignore[union-attr]
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        body = text[text.index(b"\n") + 1:] if b"\n" in text else b""
        numbers = np.fromstring(body.replace(b"\t", b" "), dtype=np.int64, sep=" ") if body.strip() \
            else np.empty(0, dtype=np.int64)
        if len(numbers) != 3 * body.count(b"\n"):
            raise StoreError("cannot read the store: unexpected query results")
        rows = numbers.reshape(-1, 3)
        by_key = rows[:, 1]
        return [rows[by_key == k][:, [0, 2]] for k in range(len(predicates))]

    def objects(self, s: str, p: str) -> list[Value]:
        """Objects of (s, p, ?)."""
        return list(dict.fromkeys(_from_ox(q.object) for q in self._quads(self.node(s), self.node(p), None)))

    def subjects(self, p: str, o: str) -> list[str]:
        """Subjects of (?, p, o) for an IRI *o* (on disk by SPARQL, decoding the subjects only, see :meth:`scan`)."""
        node = self.node(o)
        if not self.on_disk or not isinstance(node, ox.NamedNode):  # in a query, _:b would be a fresh variable
            return list(dict.fromkeys(q.subject.value for q in self._quads(None, self.node(p), node)))
        try:
            if self.on_disk:  # one string for all subjects (see _scan_grouped)
                joined = next(iter(self._rows(f"SELECT (GROUP_CONCAT(STR(?s); separator=' ') AS ?all) "
                                              f"WHERE {{ ?s {self.node(p)} {node} }}")))[0]
                if joined is not None:
                    return list(dict.fromkeys(joined.value.split(" "))) if joined.value else []
            return list(dict.fromkeys(row[0].value for row in self._rows(
                f"SELECT ?s WHERE {{ ?s {self.node(p)} {node} }}")))
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def describe(self, s: str) -> list[tuple[str, Value]]:
        """Every (predicate, object) of subject *s*."""
        quads = self._quads(self.node(s), None, None)
        return list(dict.fromkeys((q.predicate.value, _from_ox(q.object)) for q in quads))

    def describe_many(self, subjects: Sequence[str]) -> dict[str, list[tuple[str, Value]]]:
        """:meth:`describe` of each of *subjects* (same rows, same order); on disk, for many IRIs, one query.

        ``VALUES (?s ?i)`` joined with ``?s ?p ?o``: the engine reads each subject's rows in index order,
        as :meth:`describe` does, but decodes only the predicate and object (a quad decodes four terms,
        each a RocksDB lookup), and the TSV text is parsed with each distinct term read once.
        """
        if not self.on_disk or len(subjects) < 100 or not all(":" in x for x in subjects):
            return super().describe_many(subjects)
        ordered = list(dict.fromkeys(subjects))
        values = " ".join(f"({self.node(x)} {i})" for i, x in enumerate(ordered))
        rows: list[list[tuple[str, Value]]] = [[] for _ in ordered]
        for i, p, o in self.select(f"SELECT ?i ?p ?o WHERE {{ VALUES (?s ?i) {{ {values} }} ?s ?p ?o }}"):
            rows[int(i.value)].append((p, o))  # type: ignore[union-attr, arg-type]
        return {s: list(dict.fromkeys(found)) for s, found in zip(ordered, rows, strict=True)}

    def graphs(self, s: str, p: str, o: str) -> list[str]:
        """Named graphs holding the triple (s, p, o) of IRIs."""
        quads = self._quads(self.node(s), self.node(p), self.node(o))
        return list(dict.fromkeys(q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)))

    def select(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Rows of a SPARQL SELECT over the union of graphs.

        Read as TSV text (:func:`tsv_term`, each distinct cell parsed once): for tens of thousands of
        rows that repeat documents, methods and confidences, a third faster than a Python term per cell.
        """
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
            text = solutions.serialize(format=ox.QueryResultsFormat.TSV)  # type: ignore[union-attr]
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        terms: dict[str, Value | None] = {"": None}
        lines = text.decode("utf-8").split("\n")
        width = lines[0].count("\t") + 1
        for line in lines[1:]:
            if not line:
                continue
            cells = line.split("\t")
            if len(cells) != width:
                raise StoreError("cannot read the store: unexpected query results")
            row = []
            for cell in cells:
                value = terms.get(cell, terms)
                if value is terms:
                    value = terms[cell] = tsv_term(cell)
                row.append(value)
            yield tuple(row)


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
        return OxReader(store.oxstore, on_disk=store.kind == "oxigraph")
    return SparqlReader(store)


def values_block(var: str, iris: Sequence[str]) -> str:
    """``VALUES ?var { <a> <b> }`` for trusted IRIs (ontology terms, never user input).

    >>> values_block("p", ["http://x/a"])
    'VALUES ?p { <http://x/a> }'
    """
    return f"VALUES ?{var} {{ " + " ".join(URIRef(i).n3() for i in iris) + " }"
