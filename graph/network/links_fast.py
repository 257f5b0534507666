"""Actor links read straight from the store's index: the links of :mod:`crimekg.graph.relations`, faster.

:func:`crimekg.graph.relations.actor_links` asks one SPARQL query per link
rule through rdflib; that costs seconds to minutes on a corpus of a million
triples.  This module applies the same rules (``graph/linkrules.yaml``, read
with :func:`~crimekg.graph.relations.load_rules`) to pattern scans of the
store (:mod:`.reader`): class closures from ``rdfs:subClassOf``, instances
from ``rdf:type``, roles from each rule property.  :func:`fast_actor_links`
returns exactly what ``actor_links`` returns (tests/test_network_links.py
checks it on the seed data); :func:`link_table` gives the raw form the
projection uses.

Two reading strategies: *bulk* (all links: one scan per property) and
*local* (one actor: lookups around that actor only; for an actor with
hundreds of hubs, the hubs are described in one query and the evidence of
their assertions read from them, see :func:`_bulk_evidence_query`).

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> links = fast_actor_links(store, ID["rfai"])
>>> sorted({(l.kind, l.target.rsplit("/", 1)[-1]) for l in links if l.kind == "co-activity"})[:2]
[('co-activity', 'argentina'), ('co-activity', 'brazil')]
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal, NamedTuple

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..errors import UsageError
from ..ids import assertion_iri
from ..namespaces import CKG, ID
from ..relations import DirectRule, Evidence, HubRule, Link, link_kinds, load_rules
from ..store import KGStore
from .reader import Lit, Reader, Value, is_english, reader_for, values_block

__all__ = ["ID", "HubInfo", "LinkTable", "RawLink", "Vocabulary", "fast_actor_links", "link_table", "vocabulary"]

C = str(CKG)
RDF_TYPE = str(RDF.type)
SUBCLASS = str(RDFS.subClassOf)
LABEL = str(RDFS.label)
PREF_LABEL = str(SKOS.prefLabel)
START_DATE = C + "startDate"
TARGETS = C + "targetsThreat"
PROGRAMME = C + "Programme"
PROGRAMME_LINKS = (C + "underProgramme", C + "fundedThrough", C + "partOf")
ASSERTION = C + "Assertion"
TEXT, START, END = C + "text", C + "startOffset", C + "endOffset"
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
TITLE, DATE = str(DCTERMS.title), str(DCTERMS.date)
EvidenceMode = Literal["all", "undated", "none"]

Triple = tuple[str, str, str]


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a big graph.

    Building a graph allocates hundreds of thousands of containers and none
    of them can be garbage yet; the collector would walk them over and over
    (about half the build time on 100k edges).  It is re-enabled afterwards,
    and what was allocated meanwhile is moved to the oldest generation
    (``gc.freeze()`` then ``gc.unfreeze()``, two list splices): what survives
    the build (the graph) is long-lived, and the first young-generation
    collection would otherwise walk all of it at once (0.15 s for a graph of
    100k edges).  The objects stay collectable, by the full collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # the outermost of nested uses does it
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def local(iri: str) -> str:
    """Local name of an IRI (after ``#``, else after the last ``/``).

    >>> local("https://w3id.org/crimekg/ontology#Workshop"), local("https://w3id.org/crimekg/id/peru")
    ('Workshop', 'peru')
    """
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


class RawLink(NamedTuple):
    """A link before evidence is attached: the fields of :class:`~crimekg.graph.relations.Link`."""

    source: str
    target: str
    kind: str
    via: str | None
    source_role: str
    target_role: str
    triples: tuple[Triple, ...]


@dataclass(slots=True)
class HubInfo:
    """What a link goes through: label, ckg types, start date, threats and programmes (labels and IRIs)."""

    label: str | None = None
    types: set[str] = field(default_factory=set)
    date: str | None = None
    threats: set[str] = field(default_factory=set)
    programmes: set[str] = field(default_factory=set)
    threat_iris: set[str] = field(default_factory=set)
    programme_iris: set[str] = field(default_factory=set)

    @property
    def via_type(self) -> str | None:
        """The type reported for the hub (as relations.actor_links does)."""
        types = sorted(self.types - {"Actor"})
        return types[0] if types else None


@dataclass
class LinkTable:
    """Links with what they go through and the evidence of their triples."""

    links: list[RawLink]
    hubs: dict[str, HubInfo]
    evidence: dict[Triple, list[Evidence]]

    def link_evidence(self, link: RawLink) -> list[Evidence]:
        """Evidence of a link: that of each of its triples, in order, without repeats."""
        seen: set[Evidence] = set()
        items: list[Evidence] = []
        for triple in link.triples:
            for item in self.evidence.get(triple, ()):
                if item not in seen:
                    seen.add(item)
                    items.append(item)
        return items


@dataclass(frozen=True)
class Vocabulary:
    """The link rules with their classes expanded to subclasses (IRIs)."""

    hub_rules: tuple[HubRule, ...]
    direct_rules: tuple[DirectRule, ...]
    closures: dict[str, frozenset[str]]
    parents: dict[str, frozenset[str]]

    def closure(self, cls: str) -> frozenset[str]:
        """*cls* and all its subclasses (IRIs)."""
        return self.closures.get(cls, frozenset({cls}))

    @property
    def actor_classes(self) -> frozenset[str]:
        """ckg:Actor and its subclasses."""
        return self.closure(C + "Actor")

    def most_specific(self, types: Iterable[str]) -> str | None:
        """The type of *types* no other one specialises (first by name on a tie)."""
        chosen = set(types)
        below = {t for t in chosen if any(t != u and t in self.ancestors(u) for u in chosen)}
        best = sorted(chosen - below) or sorted(chosen)
        return best[0] if best else None

    def ancestors(self, cls: str) -> set[str]:
        """Strict superclasses of *cls*."""
        seen: set[str] = set()
        todo = list(self.parents.get(cls, ()))
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self.parents.get(c, ()))
        return seen


def vocabulary(reader: Reader) -> Vocabulary:
    """Read the class hierarchy and expand every class the link rules need."""
    hubs, directs = load_rules()
    children: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in reader.scan(SUBCLASS):
        if isinstance(sup, str):
            children[sup].add(sub)
            parents[sub].add(sup)
    closures: dict[str, frozenset[str]] = {}
    for cls in [C + "Actor", PROGRAMME, *(C + r.hub_class for r in hubs)]:
        seen = {cls}
        todo = [cls]
        while todo:
            for sub in children.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        closures[cls] = frozenset(seen)
    return Vocabulary(hubs, directs, closures, {k: frozenset(v) for k, v in parents.items()})


def check_kinds(kinds: Sequence[str] | None) -> set[str]:
    """The wanted link kinds (all when None); UsageError for an unknown one."""
    known = link_kinds()
    for kind in kinds or ():
        if kind not in known:
            raise UsageError(f"unknown link kind {kind!r}; choose from {', '.join(sorted(known))}")
    return set(kinds) if kinds else set(known)


# ---------------------------------------------------------------- hub information


def _add_hub_value(entry: HubInfo, labels: list[Lit], p: str, o: Value) -> None:
    if p == RDF_TYPE:
        if isinstance(o, str) and o.startswith(C):
            entry.types.add(local(o))
    elif p == LABEL:
        if isinstance(o, Lit) and (o.language is None or is_english(o)):
            labels.append(o)
    elif p == START_DATE:
        if isinstance(o, Lit):
            entry.date = o.value if entry.date is None else min(entry.date, o.value)
    elif p == TARGETS:
        if isinstance(o, str):
            entry.threat_iris.add(o)
    elif p in PROGRAMME_LINKS and isinstance(o, str):
        entry.programme_iris.add(o)


def hub_info(reader: Reader, hubs: set[str], *, bulk: bool, details: bool = True,
             described: Mapping[str, list[tuple[str, Value]]] | None = None) -> dict[str, HubInfo]:
    """Label, types, start date, threats and programmes of each hub (as relations.actor_links reports them).

    ``details=False`` (bulk only) skips what the network's edges do not show: labels and types are
    read for programmes only (``types`` then holds ``Programme`` or nothing).  *described*: the
    :meth:`~.reader.Reader.describe` of hubs already read (not bulk).
    """
    info = {h: HubInfo() for h in hubs}
    labels: dict[str, list[Lit]] = defaultdict(list)
    if bulk:
        if details:
            for s, o in reader.scan(LABEL):
                entry = info.get(s)
                if entry is not None:
                    _add_hub_value(entry, labels[s], LABEL, o)
        get = info.get
        wanted = set(hubs)
        for s, o in reader.scan_of(START_DATE, wanted):  # the loops of _add_hub_value, one per property
            entry = get(s)
            if entry is not None and isinstance(o, Lit):
                entry.date = o.value if entry.date is None else min(entry.date, o.value)
        for s, o in reader.scan_of(TARGETS, wanted):
            entry = get(s)
            if entry is not None and isinstance(o, str):
                entry.threat_iris.add(o)
        for p in PROGRAMME_LINKS:
            for s, o in reader.scan_of(p, wanted):
                entry = get(s)
                if entry is not None and isinstance(o, str):
                    entry.programme_iris.add(o)
        typed = info.items() if details else [(h, info[h]) for h in reader.subjects(RDF_TYPE, PROGRAMME) if h in info]
        for hub, entry in typed:
            for o in reader.objects(hub, RDF_TYPE):
                _add_hub_value(entry, labels[hub], RDF_TYPE, o)
            if not details:
                for o in reader.objects(hub, LABEL):
                    _add_hub_value(entry, labels[hub], LABEL, o)
    else:
        described = described or {}
        for hub, entry in info.items():
            rows = described.get(hub)
            for p, o in reader.describe(hub) if rows is None else rows:
                _add_hub_value(entry, labels[hub], p, o)
    for hub, items in labels.items():
        if items:
            usable = sorted(v.value for v in items)
            info[hub].label = usable[0]
            if "Programme" in info[hub].types:
                info[hub].programmes.update(usable)
    threat_cache: dict[str, list[str]] = {}
    programme_cache: dict[str, list[str]] = {}
    for entry in info.values():
        for t in entry.threat_iris:
            if t not in threat_cache:
                threat_cache[t] = [v.value for v in reader.objects(t, PREF_LABEL) if is_english(v)]
            entry.threats.update(threat_cache[t])
        if not entry.programme_iris:
            continue
        kept = set()
        for p in entry.programme_iris:
            if p not in programme_cache:
                is_programme = PROGRAMME in reader.objects(p, RDF_TYPE)
                programme_cache[p] = [v.value for v in reader.objects(p, LABEL) if is_english(v)] if is_programme \
                    else []
            if programme_cache[p]:
                kept.add(p)
                entry.programmes.update(programme_cache[p])
        entry.programme_iris = kept
    return info


# ---------------------------------------------------------------- evidence

_ASSERTION_REST = """
      a <https://w3id.org/crimekg/ontology#Assertion> ;
      <https://w3id.org/crimekg/ontology#document> ?doc ;
      <http://www.w3.org/ns/prov#wasDerivedFrom> ?src ;
      <https://w3id.org/crimekg/ontology#method> ?method ;
      <https://w3id.org/crimekg/ontology#confidence> ?conf ."""

# the assertions of a few triples (Oxigraph joins in the written order: start from the subject)
TRIPLE_EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?doc ?src ?method ?conf WHERE {{
  {values}
  ?as <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;""" + _ASSERTION_REST + """
}}"""

# every assertion of some properties: for many triples, one scan beats thousands of lookups
PREDICATE_EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?doc ?src ?method ?conf WHERE {{
  {values}
  ?as <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;""" + _ASSERTION_REST + """
}}"""

# the assertions about some subjects, each looked up from its subject (LATERAL: an Oxigraph extension);
# the property is checked first, alone: twice as fast as one LATERAL group with all the patterns
SUBJECT_EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?doc ?src ?method ?conf WHERE {{
  {{ SELECT ?as ?s WHERE {{ {values} ?as <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s }} }}
  LATERAL {{ SELECT ?as ?p WHERE {{
    ?as <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p . FILTER(?p IN ({predicates})) }} }}
  LATERAL {{
    ?as <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;""" + _ASSERTION_REST + """
  }}
}}"""

_COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE {{ {values} ?as <{prop}> ?{var} }}"

BULK_EVIDENCE_ABOVE = 20_000
"""Above this many triples, evidence is read by one scan of the assertions of their properties."""

LOCAL_BULK_ABOVE = 200
"""Above this many hubs around one actor, they are described at once and actors are known by one read of
the actor classes (:func:`_local_links`)."""

SCAN_SENTENCES_ABOVE = 2000
"""Above this many sentences, their text and offsets are read by scanning the three properties."""


def _triple_values(triples: Sequence[Triple]) -> str:
    rows = " ".join("(" + " ".join(URIRef(t).n3() for t in triple) + ")" for triple in triples)
    return "VALUES (?s ?p ?o) { " + rows + " }"


def _assertions(reader: Reader, triples: set[Triple]) -> list[tuple[Triple, str, str, str, str]]:
    """(triple, document, source, method, confidence) of each assertion of one of *triples*."""
    if len(triples) > BULK_EVIDENCE_ABOVE:
        queries = [_bulk_evidence_query(reader, triples)]
        missing = set()
        found = []
    else:
        found, missing = _assertions_by_iri(reader, triples) if reader.cheap_lookups else ([], triples)
        ordered = sorted(missing)
        queries = [TRIPLE_EVIDENCE_QUERY.format(values=_triple_values(ordered[i:i + 500]))
                   for i in range(0, len(ordered), 500)]
    wanted = missing or triples
    for query in queries:
        for s, p, o, doc, src, method, conf in reader.select(query):
            key = (s, p, o)
            if key in wanted and isinstance(conf, Lit):
                found.append((key, str(doc), str(src), str(method), conf.value))
    return found  # type: ignore[return-value]


def _bulk_evidence_query(reader: Reader, triples: set[Triple]) -> str:
    """The query for the assertions of many *triples*: every assertion of their properties (one scan), or,
    on an embedded store where their subjects have fewer assertions than that (the links of one actor
    with thousands of activities), the assertions of their subjects, each read from its subject."""
    predicates = values_block("p", sorted({p for _, p, _ in triples}))
    by_predicate = PREDICATE_EVIDENCE_QUERY.format(values=predicates)
    subjects = sorted({s for s, _, _ in triples})
    if not reader.lateral or not all(":" in s for s in subjects):
        return by_predicate
    of_subjects = values_block("s", subjects)
    counts = []
    for values, prop, var in ((of_subjects, RDF_SUBJECT, "s"), (predicates, RDF_PREDICATE, "p")):
        rows = list(reader.select(_COUNT_QUERY.format(values=values, prop=prop, var=var)))
        counts.append(int(rows[0][0].value) if rows and isinstance(rows[0][0], Lit) else 0)
    if counts[0] >= counts[1]:
        return by_predicate
    listed = ", ".join(URIRef(p).n3() for p in sorted({p for _, p, _ in triples}))
    return SUBJECT_EVIDENCE_QUERY.format(values=of_subjects, predicates=listed)


def _assertions_by_iri(reader: Reader, triples: set[Triple]) -> tuple[list, set[Triple]]:
    """Assertions read at the IRI crimekg gives them (:func:`crimekg.graph.ids.assertion_iri`, one per
    graph stating the triple): one index lookup each instead of a join.  Triples with no assertion
    there are returned as missing, for the general query."""
    found: list[tuple[Triple, str, str, str, str]] = []
    missing: set[Triple] = set()
    # where each triple's assertions are, then all of them read at once (one query on disk)
    located: list[tuple[Triple, list[str]]] = []
    for triple in sorted(triples):
        s, p, o = triple
        terms = (URIRef(s).n3(), URIRef(p).n3(), URIRef(o).n3())
        located.append((triple, [str(assertion_iri(graph, *terms)) for graph in reader.graphs(s, p, o)]))
    described = reader.describe_many([iri for _triple, iris in located for iri in iris])
    for triple, iris in located:
        s, p, o = triple
        hits = 0
        for iri in iris:
            values: dict[str, list[Value]] = defaultdict(list)
            for prop, value in described[iri]:
                values[prop].append(value)
            if ASSERTION not in values[RDF_TYPE] or values[RDF_SUBJECT] != [s] or values[RDF_PREDICATE] != [p] \
                    or values[RDF_OBJECT] != [o]:
                continue
            hits += 1
            for doc in values[C + "document"]:
                for src in values[DERIVED]:
                    for method in values[C + "method"]:
                        found.extend((triple, str(doc), str(src), str(method), conf.value)
                                     for conf in values[C + "confidence"] if isinstance(conf, Lit))
        if not hits:
            missing.add(triple)
    return found, missing


def _sentences(reader: Reader, sources: set[str]) -> dict[str, tuple[str, int, int]]:
    """Text and offsets of each source that is a sentence (has all three)."""
    parts: dict[str, dict[str, Value]] = defaultdict(dict)
    wanted = (TEXT, START, END)
    if len(sources) > SCAN_SENTENCES_ABOVE:
        fetched = reader.prefetch(wanted, sources)  # on disk: the three properties of just these, in one query
        try:
            for p in wanted:
                for s, o in reader.scan_of(p, sources) if fetched else reader.scan(p):
                    if s in sources and p not in parts[s]:
                        parts[s][p] = o
        finally:
            if fetched:
                reader.forget(wanted)
    else:
        for s in sources:
            for p, o in reader.describe(s):
                if p in wanted and p not in parts[s]:
                    parts[s][p] = o
    sentences = {}
    for s, values in parts.items():
        if all(isinstance(values.get(p), Lit) for p in wanted):
            text, so, eo = (values[p] for p in wanted)
            sentences[s] = (text.value, int(so.value), int(eo.value))  # type: ignore[union-attr]
    return sentences


def _evidence_rows(reader: Reader, triples: set[Triple]) -> list[tuple]:
    """(triple, document, title, date, text, start, end, method, confidence) rows, as relations.EVIDENCE_QUERY."""
    found = _assertions(reader, triples)
    sentences = _sentences(reader, {r[2] for r in found})
    documents: dict[str, tuple[list, list]] = {}
    for doc in {r[1] for r in found}:
        titles = sorted(v.value for v in reader.objects(doc, TITLE) if isinstance(v, Lit))
        dates = sorted(v.value for v in reader.objects(doc, DATE) if isinstance(v, Lit))
        documents[doc] = (titles or [None], dates or [None])
    rows = []
    for key, doc, src, method, conf in found:
        sentence = sentences.get(src, ("", None, None))
        titles, dates = documents[doc]
        rows.extend((key, doc, title, date, *sentence, method, conf) for title in titles for date in dates)
    return rows


def fetch_evidence(reader: Reader, triples: set[Triple]) -> dict[Triple, list[Evidence]]:
    """Evidence of each triple, keyed by (s, p, o) IRIs, sorted by document and offset."""
    if not triples:
        return {}
    rows = _evidence_rows(reader, triples)
    found: dict[Triple, list[Evidence]] = defaultdict(list)
    made: dict[tuple, Evidence] = {}
    for key, doc, title, date, text, start, end, method, conf in rows:
        fields = (str(doc), title, date, text, start, end, local(str(method)), float(conf))
        item = made.get(fields)
        if item is None:
            item = made[fields] = Evidence(*fields)
        found[key].append(item)
    for items in found.values():
        items.sort(key=lambda e: (e.document, e.start or 0))
    return dict(found)


# ---------------------------------------------------------------- links


class _Types:
    """rdf:type of nodes, looked up once each."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.cache: dict[str, frozenset[str]] = {}

    def __call__(self, node: str) -> frozenset[str]:
        types = self.cache.get(node)
        if types is None:
            types = self.cache[node] = frozenset(o for o in self.reader.objects(node, RDF_TYPE) if isinstance(o, str))
        return types


def instances(reader: Reader, classes: Iterable[str]) -> set[str]:
    """Nodes typed with one of *classes*."""
    out: set[str] = set()
    for cls in classes:
        out.update(reader.subjects(RDF_TYPE, cls))
    return out


class _Collector:
    """Keeps the first link of each (source, target, kind, via, roles), as relations.actor_links does."""

    def __init__(self, normalise: bool) -> None:
        self.normalise = normalise
        self.links: dict[tuple, RawLink] = {}

    def add(self, a: str, b: str, kind: str, via: str | None, ra: str, rb: str, triples: tuple[Triple, ...]) -> None:
        if self.normalise and a > b:
            a, b, ra, rb = b, a, rb, ra
        key = (a, b, kind, via or "", ra, rb)
        if key not in self.links:
            self.links[key] = RawLink(a, b, kind, via, ra, rb, triples)


def _bulk_links(reader: Reader, vocab: Vocabulary, wanted: set[str]) -> list[RawLink]:
    actors = instances(reader, vocab.actor_classes)
    scans: dict[str, list[tuple[str, Value]]] = {}

    def scan(p: str) -> list[tuple[str, Value]]:
        if p not in scans:
            scans[p] = reader.scan(p)
        return scans[p]

    out = _Collector(normalise=True)
    for rule in vocab.hub_rules:
        if rule.kind not in wanted:
            continue
        hubs = instances(reader, vocab.closure(C + rule.hub_class))
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for role in dict.fromkeys(rule.roles_a + rule.roles_b):
            for hub, actor in scan(C + role):
                if hub in hubs and isinstance(actor, str) and actor in actors:
                    members[hub].append((role, actor))
        symmetric = rule.roles_a == rule.roles_b
        for hub, entries in members.items():
            if symmetric:
                for (ra, a), (rb, b) in combinations(entries, 2):
                    if a != b:
                        out.add(a, b, rule.kind, hub, ra, rb, ((hub, C + ra, a), (hub, C + rb, b)))
                continue
            side_a = [e for e in entries if e[0] in rule.roles_a]
            side_b = [e for e in entries if e[0] in rule.roles_b]
            for ra, a in side_a:
                for rb, b in side_b:
                    if a != b:
                        out.add(a, b, rule.kind, hub, ra, rb, ((hub, C + ra, a), (hub, C + rb, b)))
    for rule in vocab.direct_rules:
        if rule.kind not in wanted:
            continue
        for p in rule.predicates:
            for a, b in scan(C + p):
                if isinstance(b, str) and a != b and a in actors and b in actors:
                    out.add(a, b, rule.kind, None, p, "object of " + p, ((a, C + p, b),))
    return list(out.links.values())


def _local_links(reader: Reader, vocab: Vocabulary, actor: str, wanted: set[str],
                 described: dict[str, list[tuple[str, Value]]]) -> list[RawLink]:
    """The links of one *actor*; *described* gets the :meth:`~.reader.Reader.describe` of each hub read."""
    types = _Types(reader)
    actor_classes = vocab.actor_classes

    def is_actor(node: str) -> bool:
        return not types(node).isdisjoint(actor_classes)

    out = _Collector(normalise=False)
    if not is_actor(actor):
        return []
    rules = [rule for rule in vocab.hub_rules if rule.kind in wanted]
    hubs_of = {role: reader.subjects(C + role, actor) for rule in rules for role in rule.roles_a + rule.roles_b}
    candidates = list(dict.fromkeys(hub for found in hubs_of.values() for hub in found))
    if len(candidates) > LOCAL_BULK_ABOVE:  # many hubs: read them at once, and every actor's type once
        described.update(reader.describe_many([h for h in candidates if h not in described]))
        for hub in candidates:
            types.cache[hub] = frozenset(o for p, o in described[hub] if p == RDF_TYPE and isinstance(o, str))
        actors = instances(reader, actor_classes)

        def is_actor(node: str) -> bool:
            return node in actors

    for rule in rules:
        hub_classes = vocab.closure(C + rule.hub_class)
        roles = dict.fromkeys(rule.roles_a + rule.roles_b)
        symmetric = rule.roles_a == rule.roles_b
        for role in roles:
            for hub in hubs_of[role]:
                if types(hub).isdisjoint(hub_classes):
                    continue
                if hub not in described:
                    described[hub] = reader.describe(hub)
                entries = [(local(p), o) for p, o in described[hub]
                           if p.startswith(C) and local(p) in roles and isinstance(o, str)]
                others = [(r, o) for r, o in entries if o != actor and is_actor(o)]
                if role in rule.roles_a:
                    for rb, b in others:
                        if rb in rule.roles_b:
                            out.add(actor, b, rule.kind, hub, role, rb, ((hub, C + role, actor), (hub, C + rb, b)))
                if not symmetric and role in rule.roles_b:
                    for ra, a in others:
                        if ra in rule.roles_a:
                            out.add(actor, a, rule.kind, hub, role, ra, ((hub, C + ra, a), (hub, C + role, actor)))
    for rule in vocab.direct_rules:
        if rule.kind not in wanted:
            continue
        for p in rule.predicates:
            for b in reader.objects(actor, C + p):
                if isinstance(b, str) and b != actor and is_actor(b):
                    out.add(actor, b, rule.kind, None, p, "object of " + p, ((actor, C + p, b),))
        for p in rule.predicates:
            for a in reader.subjects(C + p, actor):
                if a != actor and is_actor(a):
                    out.add(actor, a, rule.kind, None, "object of " + p, p, ((a, C + p, actor),))
    return list(out.links.values())


def link_table(
    store: KGStore | Reader,
    actor: str | None = None,
    kinds: Sequence[str] | None = None,
    *,
    evidence: EvidenceMode = "all",
) -> LinkTable:
    """All links (or those of one *actor*) with hub details and evidence.

    *evidence*: ``all``; ``undated`` (only for links whose hub has no start
    date, enough to date every link); ``none``.
    """
    with quiet_gc():
        return _link_table(reader_for(store), None if actor is None else str(actor), check_kinds(kinds), evidence)


def _link_table(reader: Reader, actor: str | None, wanted: set[str], evidence: EvidenceMode) -> LinkTable:
    vocab = vocabulary(reader)
    bulk = actor is None
    described: dict[str, list[tuple[str, Value]]] = {}
    links = _bulk_links(reader, vocab, wanted) if actor is None else \
        _local_links(reader, vocab, actor, wanted, described)
    hubs = hub_info(reader, {link.via for link in links if link.via}, bulk=bulk, described=described)
    if evidence == "none":
        needed: set[Triple] = set()
    elif evidence == "undated":
        needed = {t for link in links if not (link.via and hubs[link.via].date) for t in link.triples}
    else:
        needed = {t for link in links for t in link.triples}
    return LinkTable(links, hubs, fetch_evidence(reader, needed))


def to_link(table: LinkTable, raw: RawLink, views: dict[str, tuple] | None = None) -> Link:
    """The :class:`~crimekg.graph.relations.Link` of a raw link (*views*: a cache of hub details, for
    many links through the same hubs)."""
    link = Link(raw.source, raw.target, raw.kind, raw.via, raw.source_role, raw.target_role,
                evidence=table.link_evidence(raw))
    if raw.via and raw.via in table.hubs:
        view = None if views is None else views.get(raw.via)
        if view is None:
            info = table.hubs[raw.via]
            view = (info.label, info.via_type, info.date, sorted(info.threats), sorted(info.programmes))
            if views is not None:
                views[raw.via] = view
        link.via_label, link.via_type, link.date = view[0], view[1], view[2]
        link.threats = list(view[3])
        link.programmes = list(view[4])
    return link


def fast_actor_links(
    store: KGStore,
    actor: object | None = None,
    kinds: Sequence[str] | None = None,
    *,
    evidence: bool = True,
) -> list[Link]:
    """The links :func:`crimekg.graph.relations.actor_links` returns, read from the store index.

    With an *actor*, every link has ``source == actor``; without, each
    undirected link appears once (``source < target``).
    """
    with quiet_gc():
        table = link_table(store, None if actor is None else str(actor), kinds,
                           evidence="all" if evidence else "none")
        views: dict[str, tuple] = {}  # hub -> what to_link copies from its info, computed once
        result = [to_link(table, raw, views) for raw in table.links]
        del table
        result.sort(key=lambda link: (link.source, link.kind, link.target, link.via or ""))
        return result
