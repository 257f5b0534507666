"""Project the knowledge graph to networkx: who cooperates with whom, on which threats and programmes.

:func:`cooperation_graph` is the actor-actor network: two actors are joined
when a link rule of ``graph/linkrules.yaml`` links them (the links of
:func:`crimekg.graph.relations.actor_links`): they organised or attended
the same activity, are parties to the same agreement, funder/implementer/
beneficiary of the same programme, member and organisation of a
membership, or one states a relation to the other (``memberOf``,
``cooperatesWith``...).

Nodes (id: the entity IRI) carry ``label`` (English label), ``type`` (most
specific ckg class), ``aliases``, ``lat``/``lon`` (the actor's coordinates,
else its ``ckg:country``'s; None when unknown), ``country`` (IRI or None),
``threats`` and ``programmes`` (English labels, from the actor's links).

Edges carry ``kinds`` (link kinds), ``weight``, ``evidence`` (dicts with
kind, via, via_label, document, title, date, sentence; one dict is shared
by every edge it supports, treat them as read-only), ``threats``,
``programmes`` and ``years``.

**weight** = the number of distinct connections between the two actors:
each shared hub (activity, agreement, programme, membership or position)
counts once per link kind, and each kind of direct statement
(``cooperatesWith``, ``memberOf``...) counts once, whatever its direction
or how many roles the actors play; a direct statement of a kind the pair
already shares a hub of (``memberOf`` next to its membership record,
``affiliatedWith`` next to the position) adds nothing.  ``kind_weights`` multiplies each
connection by a factor per kind (default 1.0 for every kind).

**time window**: a link's year is its hub's start year, else the earliest
year of its evidence documents (as ``Link.year``); with ``since``/``until``
only links dated inside the window are kept, so undated links are dropped;
without a window every link is kept.  ``threat``/``programme`` keep links
whose hub targets the threat (or a narrower one) or falls under the
programme (or is it); direct statements have no hub, so a threat or
programme filter leaves them out.  ``actor_types`` keeps actors of those
ckg classes (and subclasses) only.

:func:`actor_threat_graph` and :func:`actor_programme_graph` are bipartite:
an actor is joined to a threat when it plays a role in a hub that targets it
(or states ``targetsThreat`` itself), to a programme when it plays a role in
the programme or in a hub under it (or states a link-rule relation to it,
e.g. ``memberOf``).  Node attribute ``bipartite`` is ``actor``, ``threat``
or ``programme``.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> G = cooperation_graph(store)
>>> bolivia = "https://w3id.org/crimekg/id/bolivia"
>>> G.nodes[bolivia]["label"], G.nodes[bolivia]["type"]
('Bolivia', 'Country')
>>> G.edges[bolivia, "https://w3id.org/crimekg/id/unodc"]["kinds"]
['cooperation', 'programme']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, repeat
from typing import Any

import networkx as nx
import numpy as np

from ..errors import UsageError
from ..relations import Evidence, HubRule
from ..store import KGStore
from .bulk import PairTable, decode_bitsets, graph_from_adjacency, graph_from_edges
from .links_fast import (
    LABEL,
    PROGRAMME_LINKS,
    RDF_TYPE,
    START_DATE,
    C,
    HubInfo,
    Triple,
    Vocabulary,
    check_kinds,
    fetch_evidence,
    hub_info,
    instances,
    local,
    quiet_gc,
    vocabulary,
)
from .reader import Lit, Reader, Value, is_english, reader_for
from .selection import Named, actor_classes, check_window, resolve_programme, resolve_threat, window_keeps, year_of

SKOS = "http://www.w3.org/2004/02/skos/core#"
ALT_LABEL, PREF_LABEL, ACRONYM = SKOS + "altLabel", SKOS + "prefLabel", C + "acronym"
LAT, LON, COUNTRY = C + "latitude", C + "longitude", C + "country"
TARGETS = C + "targetsThreat"
PROGRAMME = C + "Programme"
NO_RECORDS: list[dict] = []
DESCRIBE_BELOW = 300
"""Node details are read node by node below this many nodes, by property scans above."""


@dataclass
class _Hub:
    """The actors attached to one hub under one rule, with the triples that attach them."""

    rule: HubRule
    hub: str
    side_a: dict[str, list[Triple]]
    side_b: dict[str, list[Triple]]
    info: HubInfo = field(default_factory=HubInfo)

    @property
    def symmetric(self) -> bool:
        return self.rule.roles_a == self.rule.roles_b

    def pairs(self) -> Iterable[tuple[str, str]]:
        """Each unordered pair of distinct actors the rule links, once, as (smaller, larger)."""
        if self.symmetric:
            yield from combinations(sorted(self.side_a), 2)
            return
        seen = set()
        for a in self.side_a:
            for b in self.side_b:
                if a != b:
                    pair = (a, b) if a < b else (b, a)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair

    def triples(self) -> Iterable[Triple]:
        for side in (self.side_a, self.side_b):
            for items in side.values():
                yield from items


class _Context:
    """The store, the rules and the filters of one projection."""

    def __init__(self, store: KGStore | Reader, kinds: Sequence[str] | None, actor_types: Sequence[str] | None,
                 threat: str | None, programme: str | None, since: int | None, until: int | None) -> None:
        check_window(since, until)
        self.reader = reader_for(store)
        self.vocab: Vocabulary = vocabulary(self.reader)
        self.wanted = check_kinds(kinds)
        self.since, self.until = since, until
        self.threat: Named | None = resolve_threat(self.reader, threat) if threat else None
        self.programme: Named | None = resolve_programme(self.reader, programme) if programme else None
        allowed = actor_classes(self.vocab, actor_types)
        self.node_types: dict[str, set[str]] = defaultdict(set)
        for cls in self.vocab.actor_classes:
            for node in self.reader.subjects(RDF_TYPE, cls):
                self.node_types[node].add(cls)
        self.actors = {n for n, types in self.node_types.items() if allowed is None or not types.isdisjoint(allowed)}
        self._scans: dict[str, list[tuple[str, Value]]] = {}
        self._hub_nodes: dict[str, set[str]] = {}
        self.prefetched = False
        # read ahead by prefetch_hubs(index): hubs by number, and the (hub, actor) numbers of each role
        self._members: tuple[dict[str, int], list[str], dict[str, np.ndarray]] | None = None

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    def scan(self, p: str) -> list[tuple[str, Value]]:
        if p not in self._scans:
            self._scans[p] = self.reader.scan(p)
        return self._scans[p]

    def hub_nodes(self, rule: HubRule) -> set[str]:
        """Instances of the rule's hub class (and subclasses)."""
        found = self._hub_nodes.get(rule.hub_class)
        if found is None:
            found = self._hub_nodes[rule.hub_class] = instances(self.reader, self.vocab.closure(C + rule.hub_class))
        return found

    def prefetch_hubs(self, index: dict[str, int] | None = None) -> None:
        """Read ahead, where the reader does it faster (on disk), what :meth:`cliques` (roles of one-sided
        rules) and :meth:`hub_info` (dates, threats, programmes) read about the hubs of the wanted rules;
        :meth:`~.reader.Reader.forget` drops it.

        With *index* (actor -> number, numbered 0, 1... in its order), the roles, threats and programmes
        of the hubs are read as numbers, in one query (:meth:`~.reader.Reader.id_rows`): the roles for
        :meth:`cliques` given the same index, the threats and programmes handed to the reader as the
        rows :meth:`hub_info` reads (:meth:`~.reader.Reader.remember`); start dates are then scanned.
        Otherwise, or where numbers cannot be used, all of it by :meth:`~.reader.Reader.prefetch`.
        """
        rules = [r for r in self.vocab.hub_rules if r.kind in self.wanted]
        if not rules:
            return
        hubs = set().union(*(self.hub_nodes(r) for r in rules))
        roles = list(dict.fromkeys(C + role for r in rules if r.roles_a == r.roles_b for role in r.roles_a))
        linked = [TARGETS, *PROGRAMME_LINKS]
        ordered = sorted(hubs)
        extra = self._iri_objects(linked) if roles and index and self.reader.reads_numbers else None
        if extra is not None:
            objects = [*index, *(x for x in extra if x not in index)]  # type: ignore[union-attr]
            rows = self.reader.id_rows([*roles, *linked], ordered, objects)
            if rows is not None:
                actors = len(index)  # type: ignore[arg-type]
                members = {role: found[found[:, 1] < actors] for role, found in zip(roles, rows, strict=False)}
                self._members = (index, ordered, members)  # type: ignore[assignment]
                for p, found in zip(linked, rows[len(roles):], strict=True):
                    self.reader.remember(p, hubs, [(ordered[i], objects[j]) for i, j in found.tolist()])
                self.prefetched = True
                return
        things = sorted(instances(self.reader, [C + "Threat", PROGRAMME]) - self.actors)
        objects = [*sorted(self.actors), *things] if roles else things
        self.prefetched = self.reader.prefetch([*roles, START_DATE, *linked], hubs, objects)

    def _iri_objects(self, predicates: Sequence[str]) -> list[str] | None:
        """The distinct IRI objects of *predicates* (literals left out: hub_info ignores them); None when
        one is a blank node (it cannot be matched by number)."""
        found: dict[str, None] = {}
        for p in predicates:
            for (o,) in self.reader.select(f"SELECT DISTINCT ?o WHERE {{ ?s <{p}> ?o }}"):
                if isinstance(o, str):
                    if ":" not in o:
                        return None
                    found[o] = None
        return list(found)

    def hubs(self, *, min_actors: int = 2, details: bool = True, triples: bool = True) -> list[_Hub]:
        """Hubs of the wanted rules with at least *min_actors* actors (2: those that link someone).

        ``details=False``: hub labels are not read (they only show in the evidence records).
        ``triples=False``: the sides map each actor to an empty tuple instead of its triples.
        """
        found = [item for rule in self.vocab.hub_rules if rule.kind in self.wanted
                 for item in self.hubs_of(rule, min_actors=min_actors, triples=triples)]
        infos = self.hub_info({h.hub for h in found}, len(found), details=details)
        kept = []
        for item in found:
            item.info = infos[item.hub]
            if self.keeps(item.hub, item.info):
                kept.append(item)
        return kept

    def hubs_of(self, rule: HubRule, *, min_actors: int, triples: bool) -> list[_Hub]:
        """The hubs of one rule with at least *min_actors* actors, without their info yet (see :meth:`hubs`)."""
        hub_nodes = self.hub_nodes(rule)
        symmetric = rule.roles_a == rule.roles_b
        side_a: dict[str, dict[str, list[Triple]]] = defaultdict(dict)
        side_b: dict[str, dict[str, list[Triple]]] = side_a if symmetric else defaultdict(dict)
        actors = self.actors
        for role in dict.fromkeys(rule.roles_a + rule.roles_b):
            p = C + role
            sides = [side for side, roles in ((side_a, rule.roles_a), (side_b, rule.roles_b)) if role in roles]
            if symmetric:
                sides = sides[:1]
            if not triples:
                for side in sides:
                    for hub, actor in self.scan(p):
                        if hub in hub_nodes and actor in actors:
                            side[hub][actor] = ()  # type: ignore[index]
                continue
            for hub, actor in self.scan(p):
                if hub in hub_nodes and actor in actors:
                    for side in sides:
                        entry = side[hub].get(actor)  # type: ignore[index]
                        if entry is None:
                            side[hub][actor] = [(hub, p, actor)]  # type: ignore[index]
                        else:
                            entry.append((hub, p, actor))  # type: ignore[arg-type]
        found = []
        for hub in dict.fromkeys([*side_a, *side_b]):
            a, b = side_a.get(hub, {}), side_b.get(hub, {})
            if len(a.keys() | b.keys()) >= min_actors:
                found.append(_Hub(rule, hub, a, b))
        return found

    def hub_info(self, hubs: set[str], count: int, *, details: bool) -> dict[str, HubInfo]:
        """:func:`~.links_fast.hub_info` of *hubs*, read in bulk when there are many (*count*, with repeats)."""
        bulk = count > DESCRIBE_BELOW
        return hub_info(self.reader, hubs, bulk=bulk, details=details or not bulk)

    def keeps(self, hub: str, info: HubInfo) -> bool:
        """Whether the threat and programme filters keep links through *hub*."""
        if self.threat and info.threat_iris.isdisjoint(self.threat.members):
            return False
        return not (self.programme and self.programme.iri not in info.programme_iris | {hub})

    def cliques(self, rule: HubRule, index: dict[str, int]) -> dict[str, list[int]]:
        """For a one-sided rule, the hubs (in the order :meth:`hubs` has them) with their actors as numbers
        (*index*: actor -> number), sorted, when there are at least two: every pair of them is linked."""
        hub_nodes = self.hub_nodes(rule)
        if self._members is not None and self._members[0] is index:
            return self._cliques_by_number(rule, hub_nodes)
        members: dict[str, list[int]] = defaultdict(list)
        for role in dict.fromkeys(rule.roles_a):
            rows = self.reader.scan_of(C + role, hub_nodes) if self.prefetched else self.scan(C + role)
            for hub, i in [(hub, index[actor]) for hub, actor in rows if actor in index and hub in hub_nodes]:
                members[hub].append(i)
        linked = {}
        for hub, found in members.items():
            if len(found) > 1:
                ids = sorted(set(found))
                if len(ids) > 1:
                    linked[hub] = ids
        return linked

    def _cliques_by_number(self, rule: HubRule, hub_nodes: set[str]) -> dict[str, list[int]]:
        """:meth:`cliques` from the numbers :meth:`prefetch_hubs` read: the same hubs, order and actors."""
        index, hubs, rows_of = self._members  # type: ignore[misc]
        wanted = np.zeros(len(hubs), dtype=bool)
        at = {hub: i for i, hub in enumerate(hubs)}
        wanted[[at[h] for h in hub_nodes if h in at]] = True
        parts = [rows_of[C + role] for role in dict.fromkeys(rule.roles_a)]
        rows = np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)
        rows = rows[wanted[rows[:, 0]]]
        if not len(rows):
            return {}
        size = max(len(index), 1)
        _, first = np.unique(rows[:, 0], return_index=True)  # each hub's first row: the order hubs are met in
        codes = np.unique(rows[:, 0] * size + rows[:, 1])  # distinct (hub, actor), by hub then actor
        hub_of = codes // size
        starts = np.flatnonzero(np.concatenate(([True], hub_of[1:] != hub_of[:-1])))
        counts = np.diff(np.append(starts, len(codes)))
        met = np.argsort(first, kind="stable")  # the groups (hubs in number order) in the order met
        met = met[counts[met] > 1]
        actors = (codes % size).tolist()
        return {hubs[h]: actors[s:s + c] for h, s, c in zip(hub_of[starts[met]].tolist(), starts[met].tolist(),
                                                           counts[met].tolist(), strict=True)}

    def direct(self, predicates: Mapping[str, str], *, objects: set[str] | None = None) -> dict[tuple, list[Triple]]:
        """Direct statements ``a p b`` with a an actor and b an actor (or one of *objects*), by (a, b, kind).

        A threat or programme filter leaves them out (they go through no hub), except the filter on
        the *objects* themselves (a threat's own statements in the actor-threat graph).
        """
        found: dict[tuple, list[Triple]] = defaultdict(list)
        threat_ok = self.threat is None or (objects is not None and objects <= self.threat.members)
        programme_ok = self.programme is None or (objects is not None and objects <= {self.programme.iri})
        if not (threat_ok and programme_ok):
            return found
        targets = self.actors if objects is None else objects
        for p, kind in predicates.items():
            for a, b in self.scan(p):
                if a != b and a in self.actors and b in targets:
                    key = (a, b, kind) if objects is not None or a < b else (b, a, kind)  # type: ignore[operator]
                    found[key].append((a, p, b))  # type: ignore[arg-type]
        return found

    def direct_predicates(self) -> dict[str, str]:
        """Direct-rule properties of the wanted kinds -> kind."""
        return {C + p: rule.kind for rule in self.vocab.direct_rules if rule.kind in self.wanted
                for p in rule.predicates}


class _EvidenceDicts:
    """Evidence records as the contract's dicts, one shared dict per (kind, via, document, sentence...)."""

    def __init__(self, found: dict[Triple, list[Evidence]]) -> None:
        self.found = found
        self.made: dict[tuple, dict[str, Any]] = {}

    def of(self, triples: Iterable[Triple], kind: str, via: str | None, via_label: str | None) -> list[dict]:
        out: dict[int, dict] = {}
        for triple in triples:
            for e in self.found.get(triple, ()):
                key = (kind, via, e.document, e.title, e.date, e.sentence)
                record = self.made.get(key)
                if record is None:
                    record = self.made[key] = {"kind": kind, "via": via, "via_label": via_label,
                                               "document": e.document, "title": e.title, "date": e.date,
                                               "sentence": e.sentence}
                out[id(record)] = record
        return list(out.values())

    def first_year(self, triples: Iterable[Triple]) -> int | None:
        years = [year_of(e.date) for t in triples for e in self.found.get(t, ())]
        known = [y for y in years if y is not None]
        return min(known) if known else None


def _evidence_for(ctx: _Context, hubs: list[_Hub], direct: Iterable[list[Triple]], evidence: bool) -> _EvidenceDicts:
    """Evidence of every triple; when *evidence* is off, only what dating links without a hub date needs,
    and only if a time window needs the dates."""
    needed: set[Triple] = set()
    if evidence or ctx.windowed:
        for item in hubs:
            if evidence or not item.info.date:
                needed.update(item.triples())
        for triples in direct:
            needed.update(triples)
    return _EvidenceDicts(fetch_evidence(ctx.reader, needed))


class _Edges:
    """Accumulates connections per node pair, then writes them as edge attributes."""

    def __init__(self, kind_weights: Mapping[str, float] | None) -> None:
        self.kind_weights = {k: float(v) for k, v in (kind_weights or {}).items()}
        # pair -> its one connection record, or a list of them (most pairs have one)
        self.data: dict[tuple[str, str], tuple | list[tuple]] = {}
        self.topics: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))

    def add_topics(self, nodes: Iterable[str], threats: Iterable[str], programmes: Iterable[str]) -> None:
        """Record that *nodes* have links about these threats and programmes."""
        if threats or programmes:
            for node in nodes:
                self.topics[node][0].update(threats)
                self.topics[node][1].update(programmes)

    def add(self, a: str, b: str, kind: str, via: str | None, year: int | None, evidence: list[dict],
            threats: Iterable[str], programmes: Iterable[str]) -> None:
        self.connect((a, b), (kind, via, year, evidence, threats, programmes))

    def connect(self, pair: tuple[str, str], conn: tuple) -> None:
        """Record one connection (kind, via, year, evidence, threats, programmes) of a pair."""
        data = self.data
        previous = data.get(pair)
        if previous is None:
            data[pair] = conn
        elif previous.__class__ is list:
            previous.append(conn)  # type: ignore[union-attr]
        else:
            data[pair] = [previous, conn]  # type: ignore[list-item]

    def build(self) -> nx.Graph:
        """A graph with one edge per pair (nodes without attributes yet)."""
        weights = self.kind_weights
        edges = []
        for (a, b), conns in self.data.items():
            if conns.__class__ is tuple:
                kind, _, year, records, threats, programmes = conns  # type: ignore[misc]
                attrs = {"weight": weights.get(kind, 1.0), "kinds": [kind],
                         "evidence": sorted(records, key=_evidence_order) if len(records) > 1 else list(records),
                         "threats": list(threats), "programmes": list(programmes),
                         "years": [] if year is None else [year]}
            else:
                attrs = _merged_attrs(conns, weights)  # type: ignore[arg-type]
            edges.append((a, b, attrs))
        return graph_from_edges(edges)

    def set_topics(self, G: nx.Graph, nodes: Iterable[str]) -> None:
        """Each of *nodes* gets the threats and programmes of its edges."""
        for node in nodes:
            threats, programmes = self.topics.get(node, ((), ()))
            G.nodes[node]["threats"] = sorted(threats)
            G.nodes[node]["programmes"] = sorted(programmes)


def _merged_attrs(conns: list[tuple], weights: Mapping[str, float]) -> dict[str, Any]:
    """Edge attributes of a pair with several connections (kind, via, year, records, threats, programmes)."""
    distinct = {(c[0], c[1]) for c in conns}
    # a direct statement restating a hub of the same kind (memberOf next to a membership
    # record, affiliatedWith next to a position) is not another connection
    hub_kinds = {k for k, via in distinct if via is not None}
    distinct = {(k, via) for k, via in distinct if via is not None or k not in hub_kinds}
    unique: dict[int, dict] = {}
    for c in conns:
        for record in c[3]:
            unique[id(record)] = record
    return {"weight": float(sum(weights.get(k, 1.0) for k, _ in distinct)),
            "kinds": sorted({c[0] for c in conns}),
            "evidence": sorted(unique.values(), key=_evidence_order),
            "threats": sorted({t for c in conns for t in c[4]}),
            "programmes": sorted({p for c in conns for p in c[5]}),
            "years": sorted({c[2] for c in conns if c[2] is not None})}


def _evidence_order(record: dict) -> tuple:
    return record["date"] or "", record["document"], record["via"] or "", record["kind"], record["sentence"]


def _hub_year(item: _Hub, ev: _EvidenceDicts, actors: Iterable[str]) -> int | None:
    if item.info.date:
        return year_of(item.info.date)
    return ev.first_year(t for a in actors for side in (item.side_a, item.side_b) for t in side.get(a, ()))


def cooperation_graph(
    store: KGStore | Reader,
    *,
    kinds: Sequence[str] | None = None,
    actor_types: Sequence[str] | None = None,
    threat: str | None = None,
    programme: str | None = None,
    since: int | None = None,
    until: int | None = None,
    evidence: bool = True,
    kind_weights: Mapping[str, float] | None = None,
) -> nx.Graph:
    """The actor-actor cooperation network (see the module docs for attributes, weight and filters).

    ``evidence=False`` leaves the evidence lists empty (faster; centrality does not need them); the
    years of links whose hub has no start date are then only looked up when a time window needs them.
    Without evidence or time window (and with whole-number kind weights) the graph is built in bulk
    (:func:`_structure_only`: numpy pair grouping, adjacency filled per node): the same graph, in the
    same order, as the general code builds (tests/test_network_bulk.py), several times faster.
    """
    with quiet_gc():
        ctx = _Context(store, kinds, actor_types, threat, programme, since, until)
        if not evidence and not ctx.windowed and _whole(kind_weights):
            return _structure_only(ctx, kind_weights)
        return _cooperation(ctx, evidence, kind_weights)


def _whole(kind_weights: Mapping[str, float] | None) -> bool:
    """True when every kind weight is a whole number (sums of them do not depend on their order)."""
    return all(float(w).is_integer() and abs(w) < 2 ** 40 for w in (kind_weights or {}).values())


def _structure_only(ctx: _Context, kind_weights: Mapping[str, float] | None) -> nx.Graph:
    """:func:`cooperation_graph` without evidence or time window, and with whole-number kind weights: the
    graph :func:`_cooperation` builds then, made in bulk (tests/test_network_bulk.py compares the two).

    Actors are numbered (in name order) and each hub's members read into lists of numbers; hubs of
    one size become a numpy matrix whose pairs are expanded at once (:class:`~.bulk.PairTable`).
    A connection is a hub's (kind, year, threats, programmes), or a direct statement's kind.
    """
    try:
        return _structure_graph_of(ctx, kind_weights)
    finally:
        ctx.reader.forget()  # a reader given by the caller may be used again, after a write


def _structure_graph_of(ctx: _Context, kind_weights: Mapping[str, float] | None) -> nx.Graph:
    names = sorted(ctx.actors)
    index = {name: i for i, name in enumerate(names)}
    ctx.prefetch_hubs(index)
    table = PairTable(names)
    conns: dict[tuple, int] = {}  # (kind, is a hub, year, threats, programmes) -> connection id
    cliques: dict[int, tuple[list[int], list[list[int]], list[int]]] = defaultdict(lambda: ([], [], []))
    incidences: tuple[list[int], list[int]] = ([], [])  # (actor, connection) of the actors of linking hubs
    rank = 0
    for rule, _, info, members, pairs in _structure_hubs(ctx, index):
        threats, programmes = info.threats, info.programmes
        key = (rule.kind, True, year_of(info.date), tuple(sorted(threats)) if len(threats) > 1 else tuple(threats),
               tuple(sorted(programmes)) if len(programmes) > 1 else tuple(programmes))
        conn = conns.get(key)
        if conn is None:
            conn = conns[key] = len(conns)
        if pairs is None:
            ranks, rows, ids = cliques[len(members)]
            ranks.append(rank)
            rows.append(members)
            ids.append(conn)
        else:
            table.add_pairs(rank, pairs, conn)
        if (key[3] or key[4]) and len(members) > 1:
            incidences[0].extend(members)
            incidences[1].extend(repeat(conn, len(members)))
        rank += 1
    for ranks, rows, ids in cliques.values():
        table.add_cliques(np.array(ranks, dtype=np.int64), np.array(rows, dtype=np.int64),
                          np.array(ids, dtype=np.int64))
    for a, b, kind in ctx.direct(ctx.direct_predicates()):
        key = (kind, False, None, (), ())
        conn = conns.get(key)
        if conn is None:
            conn = conns[key] = len(conns)
        table.add_pairs(rank, [(index[a], index[b])], conn)
        rank += 1
    connections = list(conns)
    del conns, cliques
    G = _structure_graph(table, connections, kind_weights or {})
    del table
    _add_nodes(ctx, G)
    for node, threats, programmes in _structure_topics(names, incidences, connections):
        data = G.nodes[node]
        data["threats"] = [*threats]
        data["programmes"] = [*programmes]
    return G


def _structure_hubs(ctx: _Context, index: dict[str, int]
                    ) -> Iterator[tuple[HubRule, str, HubInfo, list[int], list[tuple[int, int]] | None]]:
    """The hubs of :meth:`_Context.hubs` (same order, info and filters) as (rule, hub, info, actors as sorted
    numbers, pairs): for a two-sided rule the pairs it links, else None (every pair of the actors)."""
    found: list[tuple[HubRule, str, list[int], list[tuple[int, int]] | None]] = []
    for rule in ctx.vocab.hub_rules:
        if rule.kind not in ctx.wanted:
            continue
        if rule.roles_a == rule.roles_b:
            found.extend((rule, hub, ids, None) for hub, ids in ctx.cliques(rule, index).items())
            continue
        for item in ctx.hubs_of(rule, min_actors=2, triples=False):
            pairs = [(index[a], index[b]) for a, b in item.pairs()]
            found.append((rule, item.hub, sorted({x for pair in pairs for x in pair}), pairs))
    infos = ctx.hub_info({hub for _, hub, _, _ in found}, len(found), details=False)
    for rule, hub, ids, pairs in found:
        info = infos[hub]
        if ctx.keeps(hub, info):
            yield rule, hub, info, ids, pairs


def _structure_topics(names: list[str], incidences: tuple[list[int], list[int]], conns: list[tuple]
                      ) -> Iterator[tuple[str, tuple, tuple]]:
    """(node, threats, programmes) of every node linked through a hub with threats or programmes."""
    if not incidences[0]:
        return
    actors = np.array(incidences[0], dtype=np.int64)
    via = np.array(incidences[1], dtype=np.int64)
    order = np.argsort(actors, kind="stable")
    actors, via = actors[order], via[order]
    starts = np.flatnonzero(np.concatenate(([True], actors[1:] != actors[:-1])))
    columns = []
    for values in ([c[3] for c in conns], [c[4] for c in conns]):
        universe, bits = _bitsets(values)
        columns.append(decode_bitsets(np.bitwise_or.reduceat(bits[via], starts, axis=0), universe))
    (t_sets, t_of), (p_sets, p_of) = columns
    for node, t, p in zip(actors[starts].tolist(), t_of, p_of, strict=True):
        yield names[node], t_sets[t], p_sets[p]


def _structure_graph(table: PairTable, conns: list[tuple], weights: Mapping[str, float]) -> nx.Graph:
    """The graph of :func:`_structure_only`: one edge per pair, with the attributes :meth:`_Edges.build`
    gives it from the same connections (kind, is a hub, year, threats, programmes), computed for all
    pairs at once.

    Kinds, threats, programmes and years become bit sets per connection, OR-ed per pair; the weight
    is the sum over the pair's hub connections (one per hub) plus each direct kind no hub of that
    kind already counts (see :func:`_merged_attrs`).  Exact as long as the weights are whole numbers.
    """
    grouped = table.group()
    if not len(grouped):
        return graph_from_adjacency({})
    hub = np.array([c[1] for c in conns], dtype=bool)
    kinds, kind_bits = _bitsets([(c[0],) for c in conns])
    per_kind = [float(weights.get(kind, 1.0)) for kind in kinds]
    at = {kind: i for i, kind in enumerate(kinds)}
    hub_kinds = grouped.reduce(np.where(hub[:, None], kind_bits, np.uint64(0)), np.bitwise_or)
    all_kinds = grouped.reduce(kind_bits, np.bitwise_or)
    weight = grouped.reduce(np.array([per_kind[at[c[0]]] if c[1] else 0.0 for c in conns]), np.add)
    direct_only = all_kinds & ~hub_kinds
    for i, w in enumerate(per_kind):
        weight += w * ((direct_only[:, i // 64] >> np.uint64(i % 64)) & np.uint64(1)).astype(np.float64)
    columns = [decode_bitsets(all_kinds, kinds)]
    for values in ([c[3] for c in conns], [c[4] for c in conns], [() if c[2] is None else (c[2],) for c in conns]):
        universe, bits = _bitsets(values)
        columns.append(decode_bitsets(grouped.reduce(bits, np.bitwise_or), universe))
    (k_sets, k_of), (t_sets, t_of), (p_sets, p_of), (y_sets, y_of) = columns
    attrs = [{"weight": w, "kinds": [*k_sets[k]], "evidence": [], "threats": [*t_sets[t]],
              "programmes": [*p_sets[p]], "years": [*y_sets[y]]}
             for w, k, t, p, y in zip(weight.tolist(), k_of, t_of, p_of, y_of, strict=True)]
    return grouped.graph(attrs)


def _bitsets(items: list[Iterable[Any]]) -> tuple[list[Any], np.ndarray]:
    """The sorted universe of *items*' values, and each item as a bit set over it (rows of uint64 words)."""
    universe = sorted({v for values in items for v in values})
    position = {v: 1 << i for i, v in enumerate(universe)}
    words = max(1, -(-len(universe) // 64))
    made: dict[Any, int] = {}
    masks = []
    for values in items:
        mask = made.get(values)
        if mask is None:
            mask = made[values] = sum(position[v] for v in set(values))
        masks.append(mask)
    if words == 1:
        return universe, np.array(masks, dtype=np.uint64).reshape(-1, 1)
    low = (1 << 64) - 1
    return universe, np.array([[(m >> (64 * w)) & low for w in range(words)] for m in masks], dtype=np.uint64)


def _cooperation(ctx: _Context, evidence: bool, kind_weights: Mapping[str, float] | None) -> nx.Graph:
    hubs = ctx.hubs(details=evidence)
    direct = ctx.direct(ctx.direct_predicates())
    ev = _evidence_for(ctx, hubs, direct.values(), evidence)
    edges = _Edges(kind_weights)
    connect = edges.connect
    windowed = ctx.windowed
    for item in hubs:
        info = item.info
        kind, via = item.rule.kind, item.hub
        threats, programmes = sorted(info.threats), sorted(info.programmes)
        if not evidence and not windowed:  # every pair gets the same connection record
            conn = (kind, via, year_of(info.date), NO_RECORDS, threats, programmes)
            pairs = list(item.pairs())
            for pair in pairs:
                connect(pair, conn)
            if pairs:
                edges.add_topics({x for pair in pairs for x in pair}, threats, programmes)
            continue
        member_ev: dict[str, list[dict]] = {}
        linked: set[str] = set()
        dated = year_of(info.date) if info.date else None
        shared: dict[tuple, tuple] = {}  # pairs with the same year and evidence share one connection record
        for a, b in item.pairs():
            year = dated if info.date else _hub_year(item, ev, (a, b))
            if windowed and not window_keeps(year, ctx.since, ctx.until):
                continue
            linked.add(a)
            linked.add(b)
            records: list[dict] = NO_RECORDS
            if evidence:
                for x in (a, b):
                    if x not in member_ev:
                        member_ev[x] = ev.of([*item.side_a.get(x, ()), *item.side_b.get(x, ())], kind, via,
                                             info.label)
                records = member_ev[a]
                other = member_ev[b]
                if not (other is records or (len(other) == len(records) == 1 and other[0] is records[0])):
                    records = _merge(records, other)
            key = (year, *map(id, records))  # the records live as long as ev: their ids are stable
            conn = shared.get(key)
            if conn is None:
                conn = shared[key] = (kind, via, year, records, threats, programmes)
            connect((a, b), conn)
        edges.add_topics(linked, threats, programmes)
    for (a, b, kind), triples in direct.items():
        year = ev.first_year(triples)
        if ctx.windowed and not window_keeps(year, ctx.since, ctx.until):
            continue
        edges.add(a, b, kind, None, year, ev.of(triples, kind, None, None) if evidence else [], (), ())
    G = edges.build()
    _add_nodes(ctx, G)
    edges.set_topics(G, G.nodes)
    return G


def _merge(first: list[dict], second: list[dict]) -> list[dict]:
    out = {id(r): r for r in first}
    out.update((id(r), r) for r in second)
    return list(out.values())


# ---------------------------------------------------------------- bipartite graphs


def _bipartite(ctx: _Context, side: str, evidence: bool) -> nx.Graph:
    hubs = ctx.hubs(min_actors=1)
    if side == "threat":
        wanted_things = instances(ctx.reader, [C + "Threat"])
        if ctx.threat:
            wanted_things &= ctx.threat.members
        direct = ctx.direct({TARGETS: "targets"}, objects=wanted_things)
    else:
        wanted_things = instances(ctx.reader, [PROGRAMME])
        if ctx.programme:
            wanted_things = {ctx.programme.iri}
        # an actor's own statements about a programme (memberOf, partner...): direct-rule kinds first
        predicates = {C + r: rule.kind for rule in ctx.vocab.hub_rules if rule.kind in ctx.wanted
                      for r in rule.roles_a + rule.roles_b}
        predicates.update(ctx.direct_predicates())
        direct = ctx.direct(predicates, objects=wanted_things)
    ev = _evidence_for(ctx, hubs, direct.values(), evidence)
    edges = _Edges(None)
    for item in hubs:
        info = item.info
        if side == "threat":
            things = info.threat_iris & wanted_things
        else:
            things = (info.programme_iris | ({item.hub} if "Programme" in info.types else set())) & wanted_things
        if not things:
            continue
        for actor in set(item.side_a) | set(item.side_b):
            triples = [*item.side_a.get(actor, ()), *item.side_b.get(actor, ())]
            year = year_of(info.date) if info.date else ev.first_year(triples)
            if ctx.windowed and not window_keeps(year, ctx.since, ctx.until):
                continue
            records = ev.of(triples, item.rule.kind, item.hub, info.label) if evidence else []
            for thing in things:
                edges.add(actor, thing, item.rule.kind, item.hub, year, records, sorted(info.threats),
                          sorted(info.programmes))
    for (actor, thing, kind), triples in direct.items():
        year = ev.first_year(triples)
        if ctx.windowed and not window_keeps(year, ctx.since, ctx.until):
            continue
        edges.add(actor, thing, kind, None, year, ev.of(triples, kind, None, None) if evidence else [], (), ())
    G = edges.build()
    things = {n for n in G if n not in ctx.actors}
    _add_nodes(ctx, G, skip=things)
    edges.set_topics(G, [n for n in G if n not in things])
    _add_concepts(ctx, G, things, side)
    for node in G:
        G.nodes[node]["bipartite"] = side if node in things else "actor"
    return G


def actor_threat_graph(store: KGStore | Reader, *, kinds: Sequence[str] | None = None,
                       actor_types: Sequence[str] | None = None, threat: str | None = None,
                       programme: str | None = None, since: int | None = None, until: int | None = None,
                       evidence: bool = True) -> nx.Graph:
    """Bipartite actor-threat graph (see the module docs); threat nodes have type ``Threat``."""
    with quiet_gc():
        return _bipartite(_Context(store, kinds, actor_types, threat, programme, since, until), "threat", evidence)


def actor_programme_graph(store: KGStore | Reader, *, kinds: Sequence[str] | None = None,
                          actor_types: Sequence[str] | None = None, threat: str | None = None,
                          programme: str | None = None, since: int | None = None, until: int | None = None,
                          evidence: bool = True) -> nx.Graph:
    """Bipartite actor-programme graph (see the module docs); programme nodes have type ``Programme``."""
    with quiet_gc():
        return _bipartite(_Context(store, kinds, actor_types, threat, programme, since, until), "programme",
                          evidence)


GRAPHS = {"cooperation": cooperation_graph, "actor-threat": actor_threat_graph,
          "actor-programme": actor_programme_graph}


def project(store: KGStore | Reader, graph: str = "cooperation", **options: Any) -> nx.Graph:
    """One of :data:`GRAPHS` by name, with the same keyword options."""
    if graph not in GRAPHS:
        raise UsageError(f"unknown graph {graph!r}; choose from {', '.join(GRAPHS)}")
    return GRAPHS[graph](store, **options)


# ---------------------------------------------------------------- node attributes


def _properties(reader: Reader, nodes: set[str], props: Sequence[str]) -> dict[str, dict[str, list[Value]]]:
    out: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    if len(nodes) > DESCRIBE_BELOW:
        fetched = reader.prefetch(props, nodes)  # on disk: one query for all properties
        try:
            for p in props:
                for s, o in reader.scan_of(p, nodes):
                    out[s][p].append(o)
        finally:
            if fetched:
                reader.forget(props)
    else:
        wanted = set(props)
        for node in nodes:
            for p, o in reader.describe(node):
                if p in wanted:
                    out[node][p].append(o)
    return out


def _label(labels: list[Value], fallback: str) -> str:
    lits = [v for v in labels if isinstance(v, Lit)]
    for choice in ([v for v in lits if is_english(v)], [v for v in lits if v.language is None], lits):
        if choice:
            return sorted(v.value for v in choice)[0]
    return fallback


def _number(values: list[Value]) -> float | None:
    for v in values:
        try:
            return float(v.value if isinstance(v, Lit) else v)
        except ValueError:
            continue
    return None


def _add_nodes(ctx: _Context, G: nx.Graph, skip: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    nodes = {n for n in G if n not in skip}
    props = _properties(ctx.reader, nodes, (LABEL, ALT_LABEL, ACRONYM, LAT, LON, COUNTRY))
    countries = {str(c) for n in nodes for c in props[n][COUNTRY] if isinstance(c, str)}
    places = _properties(ctx.reader, countries, (LAT, LON))
    kinds: dict[frozenset[str], str] = {}  # types -> the most specific one's name
    for node in nodes:
        values = props[node]
        label = _label(values[LABEL], local(node))
        names = [v.value for v in values[ACRONYM] if isinstance(v, Lit)]
        names += sorted((v.value for v in values[ALT_LABEL] + values[LABEL] if isinstance(v, Lit)), key=str.casefold)
        country = sorted(str(c) for c in values[COUNTRY] if isinstance(c, str))
        lat, lon = _number(values[LAT]), _number(values[LON])
        if (lat is None or lon is None) and country:
            lat, lon = _number(places[country[0]][LAT]), _number(places[country[0]][LON])
        types = frozenset(ctx.node_types.get(node, ()))
        kind = kinds.get(types)
        if kind is None:
            kind = kinds[types] = local(ctx.vocab.most_specific(types) or C + "Actor")
        G.nodes[node].update(
            label=label, type=kind,
            aliases=[n for n in dict.fromkeys(names) if n != label], lat=lat if lon is not None else None,
            lon=lon if lat is not None else None, country=country[0] if country else None,
            threats=[], programmes=[])


def _add_concepts(ctx: _Context, G: nx.Graph, nodes: set[str], side: str) -> None:
    props = _properties(ctx.reader, nodes, (LABEL, PREF_LABEL, ALT_LABEL, ACRONYM))
    for node in nodes:
        values = props[node]
        label = _label(values[PREF_LABEL] or values[LABEL], local(node))
        names = sorted((v.value for p in (PREF_LABEL, LABEL, ALT_LABEL, ACRONYM) for v in values[p]
                        if isinstance(v, Lit)), key=str.casefold)
        G.nodes[node].update(label=label, type="Threat" if side == "threat" else "Programme",
                             aliases=[n for n in dict.fromkeys(names) if n != label], lat=None, lon=None,
                             country=None, threats=[label] if side == "threat" else [],
                             programmes=[label] if side == "programme" else [])
