"""Who partners with whom, through what, says who: actor-to-actor links with evidence.

The rules are data (``graph/linkrules.yaml``): two actors attached to the same
activity, agreement, programme, membership or position ("hub" rules), or one
actor pointing at another (``memberOf``, ``cooperatesWith``... "direct"
rules).  Each :class:`Link` carries the node it goes through and the evidence
of every triple it rests on: document, title, date and the sentence.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> from crimekg.graph.namespaces import ID
>>> store = open_store("memory"); _ = build(store)
>>> links = actor_links(store, actor=ID["rfai"])
>>> sorted({(l.kind, l.target.rsplit("/", 1)[-1]) for l in links if l.kind == "co-activity"})[:2]
[('co-activity', 'argentina'), ('co-activity', 'brazil')]
>>> ev = next(l for l in links if l.target.endswith("/devida")).evidence[0]
>>> ev.document.rsplit("/", 1)[-1], "RFAI" in ev.sentence
('doc-001', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.term import Identifier

from .errors import InputError, UsageError
from .namespaces import CKG
from .sparqlbind import term_n3
from .store import KGStore
from .yamlio import load_yaml

RULES_PATH = Path(__file__).with_name("linkrules.yaml")


@dataclass(frozen=True)
class Evidence:
    """Where a triple is stated: document, its title and date, the sentence and offsets."""

    document: str
    title: str | None
    date: str | None
    sentence: str
    start: int | None
    end: int | None
    method: str
    confidence: float


@dataclass
class Link:
    """A partnership between two actors, through a node, with its evidence."""

    source: str
    target: str
    kind: str
    via: str | None
    source_role: str
    target_role: str
    evidence: list[Evidence] = field(default_factory=list)
    via_label: str | None = None
    via_type: str | None = None
    date: str | None = None
    threats: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """Year of the link (the hub's start date, else the earliest evidence date)."""
        dates = [self.date] if self.date else [e.date for e in self.evidence if e.date]
        years = [int(d[:4]) for d in dates if d and d[:4].isdigit()]
        return min(years) if years else None

    def key(self) -> tuple[str, str, str, str]:
        """Identity of the link regardless of direction."""
        a, b = sorted((self.source, self.target))
        return a, b, self.kind, self.via or ""


@dataclass(frozen=True)
class HubRule:
    """Two actors attached to the same hub node."""

    kind: str
    hub_class: str
    roles_a: tuple[str, ...]
    roles_b: tuple[str, ...]


@dataclass(frozen=True)
class DirectRule:
    """One actor points at another."""

    kind: str
    predicates: tuple[str, ...]


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> tuple[tuple[HubRule, ...], tuple[DirectRule, ...]]:
    """Read the link rules.

    >>> hubs, directs = load_rules()
    >>> hubs[0].kind, "cooperatesWith" in directs[3].predicates
    ('co-activity', True)
    """
    data = load_yaml(path)
    try:
        hubs = tuple(HubRule(r["kind"], r["hub_class"], tuple(r["roles_a"]), tuple(r.get("roles_b") or r["roles_a"]))
                     for r in data["hub_rules"])
        directs = tuple(DirectRule(r["kind"], tuple(r["predicates"])) for r in data["direct_rules"])
    except (KeyError, TypeError) as exc:
        raise InputError(f"{path}: malformed link rules: {exc}") from exc
    return hubs, directs


def link_kinds() -> list[str]:
    """Every link kind, in rule order.

    >>> link_kinds()[:3]
    ['co-activity', 'agreement', 'programme']
    """
    hubs, directs = load_rules()
    return list(dict.fromkeys([r.kind for r in hubs] + [r.kind for r in directs]))


def _values(var: str, names: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(term_n3(CKG[n]) for n in names) + " }"


def _hub_query(rule: HubRule) -> str:
    return f"""
SELECT DISTINCT ?a ?b ?hub ?pa ?pb WHERE {{
  {_values("pa", rule.roles_a)}
  {_values("pb", rule.roles_b)}
  ?hub ?pa ?a .
  ?hub a/rdfs:subClassOf* {term_n3(CKG[rule.hub_class])} .
  ?hub ?pb ?b .
  FILTER(?a != ?b)
  ?a a/rdfs:subClassOf* ckg:Actor .
  ?b a/rdfs:subClassOf* ckg:Actor .
}}"""


def _direct_query(rule: DirectRule) -> str:
    return f"""
SELECT DISTINCT ?a ?b ?p WHERE {{
  {_values("p", rule.predicates)}
  ?a ?p ?b .
  FILTER(?a != ?b)
  ?a a/rdfs:subClassOf* ckg:Actor .
  ?b a/rdfs:subClassOf* ckg:Actor .
}}"""


def _local(iri: Identifier) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?doc ?title ?date ?text ?start ?end ?method ?conf WHERE {
  ?as a ckg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      ckg:document ?doc ; prov:wasDerivedFrom ?src ; ckg:method ?method ; ckg:confidence ?conf .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?src ckg:text ?text ; ckg:startOffset ?start ; ckg:endOffset ?end }
}"""

HUB_INFO_QUERY = """
SELECT ?hub ?label ?type ?date ?threat ?prog WHERE {
  ?hub a ?type . FILTER(STRSTARTS(STR(?type), STR(ckg:)))
  OPTIONAL { ?hub rdfs:label ?label . FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?hub ckg:startDate ?date }
  OPTIONAL { ?hub ckg:targetsThreat ?t . ?t skos:prefLabel ?threat . FILTER(LANGMATCHES(LANG(?threat), "en")) }
  OPTIONAL { ?hub ckg:underProgramme|ckg:fundedThrough|ckg:partOf ?p .
             ?p a ckg:Programme ; rdfs:label ?prog . FILTER(LANGMATCHES(LANG(?prog), "en")) }
}"""


def _values_block(names: Sequence[str], rows: Iterable[Sequence[Identifier]]) -> str:
    body = " ".join("(" + " ".join(term_n3(t) for t in row) + ")" for row in rows)
    return "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + body + " }"


def _with_values(query: str, block: str) -> str:
    at = query.index("{") + 1
    return query[:at] + "\n  " + block + query[at:]


def fetch_evidence(store: KGStore, triples: set[tuple[URIRef, URIRef, Identifier]]) -> dict[tuple, list[Evidence]]:
    """Evidence of each triple, keyed by (s, p, o)."""
    found: dict[tuple, list[Evidence]] = {}
    ordered = sorted(triples)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        query = _with_values(EVIDENCE_QUERY, _values_block(("s", "p", "o"), chunk))
        for s, p, o, doc, title, date, text, so, eo, method, conf in store.query(query):
            found.setdefault((s, p, o), []).append(Evidence(
                document=str(doc), title=None if title is None else str(title),
                date=None if date is None else str(date), sentence="" if text is None else str(text),
                start=None if so is None else int(so), end=None if eo is None else int(eo),
                method=_local(method), confidence=float(conf)))
    for items in found.values():
        items.sort(key=lambda e: (e.document, e.start or 0))
    return found


def _hub_info(store: KGStore, hubs: set[URIRef]) -> dict[str, dict[str, Any]]:
    info: dict[str, dict[str, Any]] = {}
    ordered = sorted(hubs)
    for start in range(0, len(ordered), 500):
        query = _with_values(HUB_INFO_QUERY, _values_block(("hub",), [(h,) for h in ordered[start:start + 500]]))
        for hub, label, typ, date, threat, prog in store.query(query):
            entry = info.setdefault(str(hub), {"label": None, "types": set(), "date": None,
                                               "threats": set(), "programmes": set()})
            if label is not None and entry["label"] is None:
                entry["label"] = str(label)
            entry["types"].add(_local(typ))
            if date is not None:
                entry["date"] = min(filter(None, [entry["date"], str(date)]))
            if threat is not None:
                entry["threats"].add(str(threat))
            if prog is not None:
                entry["programmes"].add(str(prog))
            if "Programme" in entry["types"] and label is not None:
                entry["programmes"].add(str(label))
    return info


def actor_links(
    store: KGStore,
    actor: URIRef | None = None,
    kinds: Sequence[str] | None = None,
    *,
    evidence: bool = True,
) -> list[Link]:
    """All links (or those of one *actor*), optionally restricted to some *kinds*.

    With an *actor*, every link has ``source == actor``; without, each
    undirected link appears once (``source < target``).  An embedded store
    is read through its index (:mod:`crimekg.graph.network.links_fast`,
    ~15x faster); a SPARQL server through :func:`actor_links_sparql`.  Both
    apply the same rules and return the same links (tests/test_network_links.py).
    """
    if store.oxstore is not None:
        from .network.links_fast import fast_actor_links

        return fast_actor_links(store, actor, kinds, evidence=evidence)
    return actor_links_sparql(store, actor, kinds, evidence=evidence)


def actor_links_sparql(
    store: KGStore,
    actor: URIRef | None = None,
    kinds: Sequence[str] | None = None,
    *,
    evidence: bool = True,
) -> list[Link]:
    """:func:`actor_links` by SPARQL queries: works on any store, including a remote server."""
    hubs, directs = load_rules()
    known = set(link_kinds())
    for kind in kinds or ():
        if kind not in known:
            raise UsageError(f"unknown link kind {kind!r}; choose from {', '.join(sorted(known))}")
    wanted = set(kinds) if kinds else known
    bindings = {"a": actor} if actor is not None else None
    links: dict[tuple, Link] = {}
    needed: set[tuple] = set()

    def keep(link: Link, triples: list[tuple]) -> None:
        if actor is None and link.source > link.target:
            link.source, link.target = link.target, link.source
            link.source_role, link.target_role = link.target_role, link.source_role
        key = (link.source, link.target, link.kind, link.via or "", link.source_role, link.target_role)
        if key not in links:
            links[key] = link
            link._triples = triples  # type: ignore[attr-defined]
            needed.update(triples)

    for rule in hubs:
        if rule.kind not in wanted:
            continue
        for a, b, hub, pa, pb in store.query(_hub_query(rule), bindings):
            keep(Link(str(a), str(b), rule.kind, str(hub), _local(pa), _local(pb)), [(hub, pa, a), (hub, pb, b)])
        if actor is not None and rule.roles_a != rule.roles_b:
            # asymmetric rule: the actor may be on the b side too
            for a, b, hub, pa, pb in store.query(_hub_query(rule), {"b": actor}):
                keep(Link(str(b), str(a), rule.kind, str(hub), _local(pb), _local(pa)), [(hub, pa, a), (hub, pb, b)])
    for rule in directs:
        if rule.kind not in wanted:
            continue
        for a, b, p in store.query(_direct_query(rule), bindings):
            keep(Link(str(a), str(b), rule.kind, None, _local(p), "object of " + _local(p)), [(a, p, b)])
        if actor is not None:
            for a, b, p in store.query(_direct_query(rule), {"b": actor}):
                keep(Link(str(b), str(a), rule.kind, None, "object of " + _local(p), _local(p)), [(a, p, b)])
    result = list(links.values())
    hub_info = _hub_info(store, {URIRef(link.via) for link in result if link.via})
    found = fetch_evidence(store, needed) if evidence else {}
    for link in result:
        if link.via and link.via in hub_info:
            info = hub_info[link.via]
            link.via_label = info["label"]
            link.via_type = sorted(info["types"] - {"Actor"})[0] if info["types"] else None
            link.date = info["date"]
            link.threats = sorted(info["threats"])
            link.programmes = sorted(info["programmes"])
        seen: set[Evidence] = set()
        for triple in link._triples:  # type: ignore[attr-defined]
            for item in found.get(triple, []):
                if item not in seen:
                    seen.add(item)
                    link.evidence.append(item)
        del link._triples  # type: ignore[attr-defined]
    result.sort(key=lambda link: (link.source, link.kind, link.target, link.via or ""))
    return result
