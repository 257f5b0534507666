"""``crimekg partners``: who an actor works with, through what, and which sentence says so.

The actor is found by name (:mod:`.resolve`); its links come from
:func:`crimekg.graph.relations.actor_links` (rules in ``linkrules.yaml``).
Rows for tables keep the first evidence sentence; JSON keeps all evidence.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> report = partners(store, "paraguay")
>>> report.label, [(r["partner"], r["kind"]) for r in report.rows()]
('Paraguay', [('Bolivia', 'agreement'), ('Bolivia', 'cooperation')])
>>> report.as_json()[0]["evidence"][0]["document"]
'https://w3id.org/crimekg/doc/doc-004'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import URIRef

from .relations import Link, actor_links
from .resolve import NameIndex, key_of, resolve_key
from .sparqlbind import term_n3
from .store import KGStore

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
LABELS_QUERY = """
SELECT ?e ?label (LANG(?label) AS ?lang) WHERE {
  %s
  { ?e rdfs:label ?label } UNION { ?e skos:prefLabel ?label }
}"""


def labels(store: KGStore, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """Label of each IRI in *lang*, else English, else any label (IRIs are serialised by rdflib).

    An embedded store is read through its index (:mod:`crimekg.graph.network.reader`): the same labels
    as the query, without a query per 500 IRIs (a second for the 6,000 partners and activities of
    the most-linked actor of the benchmark corpus).
    """
    ordered = sorted(set(iris))
    found: dict[str, tuple[int, str]] = {}
    rank = {lang: 0, "en": 1}
    if store.oxstore is not None:
        from .network.reader import Lit, reader_for

        reader, wanted = reader_for(store), set(ordered)
        for prop in (RDFS_LABEL, SKOS_PREF_LABEL):
            for e, label in reader.scan_of(prop, wanted):
                # LANG() of a literal is its tag or ""; of an IRI or blank node an error (unbound: "None")
                score = rank.get((label.language or "") if isinstance(label, Lit) else "None", 2)
                text = label.value if isinstance(label, Lit) else label
                current = found.get(e)
                if current is None or (score, text) < current:
                    found[e] = (score, text)
        return {iri: label for iri, (_, label) in found.items()}
    for start in range(0, len(ordered), 500):
        block = "VALUES ?e { " + " ".join(term_n3(URIRef(i)) for i in ordered[start:start + 500]) + " }"
        for e, label, label_lang in store.query(LABELS_QUERY % block):
            score = rank.get(str(label_lang), 2)
            current = found.get(str(e))
            if current is None or (score, str(label)) < current:
                found[str(e)] = (score, str(label))
    return {iri: label for iri, (_, label) in found.items()}


@dataclass
class PartnerReport:
    """An actor's links, with labels for the actor, its partners and the nodes between them."""

    actor: str
    label: str
    links: list[Link]
    names: dict[str, str] = field(default_factory=dict)

    def name(self, iri: str | None) -> str:
        """Label of *iri* (its key when it has none)."""
        if iri is None:
            return ""
        return self.names.get(iri) or key_of(iri)

    @property
    def partner_count(self) -> int:
        """Number of distinct partners."""
        return len({link.target for link in self.links})

    def rows(self, width: int | None = None) -> list[dict[str, Any]]:
        """One row a link: partner, kind, via, roles, date, documents, first evidence sentence."""
        out = []
        for link in self.links:
            docs = list(dict.fromkeys(key_of(e.document) for e in link.evidence))
            sentence = link.evidence[0].sentence if link.evidence else ""
            if width and len(sentence) > width:
                sentence = sentence[: width - 1].rstrip() + "…"
            if width and len(link.evidence) > 1:
                sentence += f" (+{len(link.evidence) - 1})"
            out.append({
                "partner": self.name(link.target),
                "key": key_of(link.target),
                "kind": link.kind,
                "via": self.name(link.via) if link.via else "",
                "via_type": link.via_type or "",
                "roles": f"{link.source_role} / {link.target_role}",
                "date": link.date or "",
                "documents": ", ".join(docs),
                "evidence": sentence if width else " || ".join(e.sentence for e in link.evidence),
            })
        return out

    def as_json(self) -> list[dict[str, Any]]:
        """One object a link, with every piece of evidence (document, title, date, sentence, offsets)."""
        return [{
            "actor": self.actor,
            "actor_label": self.label,
            "partner": link.target,
            "partner_label": self.name(link.target),
            "kind": link.kind,
            "via": link.via,
            "via_label": self.name(link.via) if link.via else None,
            "via_type": link.via_type,
            "actor_role": link.source_role,
            "partner_role": link.target_role,
            "date": link.date,
            "threats": link.threats,
            "programmes": link.programmes,
            "evidence": [asdict(e) for e in link.evidence],
        } for link in self.links]


def partners(
    store: KGStore,
    actor: str,
    kinds: Sequence[str] | None = None,
    lang: str = "en",
    names: NameIndex | None = None,
) -> PartnerReport:
    """The links of the actor called *actor* (label, alias, acronym, key or IRI), labelled in *lang*."""
    iri = resolve_key(store, actor, "actor") if names is None else None
    if iri is None:  # a name, acronym or misspelling: the name index (a key needs one lookup)
        iri = (names or NameIndex.load(store)).resolve(actor, "actor")
    links = actor_links(store, iri, kinds or None)
    wanted = {str(iri)} | {link.target for link in links} | {link.via for link in links if link.via}
    found = labels(store, wanted, lang)
    links.sort(key=lambda link: (link.kind, found.get(link.target, link.target).casefold(),
                                 found.get(link.via or "", link.via or "").casefold(), link.source_role))
    return PartnerReport(str(iri), found.get(str(iri), key_of(str(iri))), links, found)
