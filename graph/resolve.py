"""Find the entity a person means: by IRI, key, label, alias or acronym, in any language.

Names are matched case-, accent- and space-insensitively (``peru`` finds
Perú) against the labels, alternative labels and acronyms in the store, so
entities that documents introduce (persons, workshops, agreements) are found
as well as gazetteer entries.  An unknown name is a one-line error that
lists close matches.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> names = NameIndex.load(store)
>>> str(names.resolve("Estado Plurinacional de Bolivia", "actor"))
'https://w3id.org/crimekg/id/bolivia'
>>> str(names.resolve("narcotráfico", "threat"))
'https://w3id.org/crimekg/threat/drug-trafficking'
>>> names.resolve("Bolivai", "actor")
Traceback (most recent call last):
...
crimekg.graph.errors.NotFoundError: unknown actor 'Bolivai'; close matches: Bolivia (bolivia), ...
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import URIRef

from .errors import NotFoundError, UsageError
from .gazetteer import normalise_name
from .ids import is_valid_key
from .namespaces import DOC, ID, PREFIXES, THREAT
from .ontology import load_schema
from .store import KGStore

KINDS = ("entity", "actor", "threat", "document", "programme")

NAMES_QUERY = """
SELECT DISTINCT ?e ?name ?pref WHERE {
  VALUES (?p ?pref) {
    (rdfs:label 1) (skos:prefLabel 1) (skos:altLabel 0) (ckg:acronym 0) (dcterms:identifier 0)
    (ckg:isoAlpha2 0) (ckg:isoAlpha3 0)
  }
  ?e ?p ?name .
  FILTER(isIRI(?e))
  FILTER(STRSTARTS(STR(?e), STR(id:)) || STRSTARTS(STR(?e), STR(threat:)) || STRSTARTS(STR(?e), STR(doc:)))
}"""

# Entities by class, one index range per class of the ontology: the provenance records (ckg:Assertion,
# ckg:Sentence: most typed resources of a store) are never read.  %s: the VALUES of the classes.
TYPES_QUERY = """
SELECT DISTINCT ?e ?t WHERE {
  VALUES ?t { %s }
  ?e a ?t .
  FILTER(isIRI(?e))
  FILTER(STRSTARTS(STR(?e), STR(id:)) || STRSTARTS(STR(?e), STR(threat:)) || STRSTARTS(STR(?e), STR(doc:)))
}"""
ACTOR_CLASSES_QUERY = "SELECT ?t WHERE { ?t rdfs:subClassOf* ckg:Actor }"
NOT_NAMED = frozenset({"Assertion", "Sentence"})  # provenance records: nothing a user names


KEY_TYPES_QUERY = """
SELECT DISTINCT ?type ?actor WHERE {
  ?e a ?t .
  FILTER(STRSTARTS(STR(?t), STR(ckg:)))
  BIND(STRAFTER(STR(?t), "#") AS ?type)
  BIND(EXISTS { ?t rdfs:subClassOf* ckg:Actor } AS ?actor)
}"""


def resolve_key(store: KGStore, text: str, kind: str = "entity") -> URIRef | None:
    """The entity whose key is exactly *text*, when it exists and is of *kind*: one lookup instead of the
    whole name index (on a store of a million facts the index takes seconds).  None otherwise: names,
    acronyms and misspellings go through :class:`NameIndex`.

    >>> from crimekg.graph.store import open_store
    >>> from crimekg.graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> resolve_key(store, "bolivia", "actor"), resolve_key(store, "Bolivia", "actor")
    (rdflib.term.URIRef('https://w3id.org/crimekg/id/bolivia'), None)
    """
    value = text.strip()
    if not is_valid_key(value):
        return None
    for base in (ID, THREAT, DOC):
        iri = URIRef(str(base) + value)
        cand = Candidate(str(iri))
        for typ, actor in store.query(KEY_TYPES_QUERY, {"e": iri}):
            cand.types.add(str(typ))
            cand.actor = cand.actor or str(actor).lower() in ("true", "1")
        if cand.types and cand.is_kind(kind):
            return iri
    return None


def key_of(iri: str) -> str:
    """The last segment of an IRI: the entity key, threat id or document id.

    >>> key_of("https://w3id.org/crimekg/id/bolivia")
    'bolivia'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def expand_prefixed(text: str) -> URIRef | None:
    """``id:bolivia`` -> the full IRI, for the crimekg prefixes; None otherwise.

    >>> str(expand_prefixed("threat:drug-trafficking"))
    'https://w3id.org/crimekg/threat/drug-trafficking'
    """
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and not local.startswith("//"):
        if any(c in local for c in ' <>"{}|^`\\\n\t'):
            return None
        return URIRef(str(PREFIXES[prefix]) + local)
    return None


def absolute_iri(text: str) -> URIRef | None:
    """An absolute IRI written as ``<...>`` or ``scheme://...`` (or ``urn:``), else None.

    >>> absolute_iri("<https://w3id.org/crimekg/id/peru>") is not None, absolute_iri("Peru")
    (True, None)
    """
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not (("://" in value) or value.startswith("urn:")):
        return None
    if not value or any(c in value for c in ' <>"{}|^`\\') or ":" not in value:
        return None
    return URIRef(value)


@dataclass
class Candidate:
    """An entity that may be meant: its IRI, English/preferred label and classes."""

    iri: str
    label: str | None = None
    types: set[str] = field(default_factory=set)
    actor: bool = False
    label_is_english: bool = False

    @property
    def key(self) -> str:
        """Key (last IRI segment)."""
        return key_of(self.iri)

    def shown(self) -> str:
        """``Label (key)`` for messages."""
        return f"{self.label} ({self.key})" if self.label and self.label != self.key else self.key

    def is_kind(self, kind: str) -> bool:
        """Whether the entity is of *kind* (one of :data:`KINDS`)."""
        if kind == "actor":
            return self.actor
        if kind == "threat":
            return self.iri.startswith(str(THREAT)) or "Threat" in self.types
        if kind == "document":
            return self.iri.startswith(str(DOC))
        if kind == "programme":
            return "Programme" in self.types
        return self.iri.startswith(str(ID)) or self.iri.startswith(str(THREAT)) or self.iri.startswith(str(DOC))


@dataclass
class NameIndex:
    """Every named entity of a store, indexed by normalised name and key."""

    entities: dict[str, Candidate]
    by_name: dict[str, set[str]]

    @classmethod
    def load(cls, store: KGStore) -> NameIndex:
        """Read names and classes from *store* (two queries)."""
        entities: dict[str, Candidate] = {}
        by_name: dict[str, set[str]] = {}
        for e, name, pref in store.query(NAMES_QUERY):
            iri = str(e)
            cand = entities.setdefault(iri, Candidate(iri))
            text = str(name)
            english = getattr(name, "language", None) == "en"
            if int(pref) and (cand.label is None or (english and not cand.label_is_english)):
                cand.label, cand.label_is_english = text, english
            by_name.setdefault(normalise_name(text), set()).add(iri)
        actors = {str(t) for t, in store.query(ACTOR_CLASSES_QUERY)}
        classes = " ".join(f"ckg:{c}" for c in sorted(load_schema().classes - NOT_NAMED))
        for e, typ in store.query(TYPES_QUERY % classes):
            cand = entities.setdefault(str(e), Candidate(str(e)))
            cand.types.add(str(typ).rsplit("#", 1)[-1])
            cand.actor = cand.actor or str(typ) in actors
        for iri, cand in entities.items():
            by_name.setdefault(normalise_name(cand.key), set()).add(iri)
        return cls(entities, by_name)

    def matches(self, text: str, kind: str = "entity") -> list[Candidate]:
        """Entities of *kind* whose name or key is *text* (normalised)."""
        iris = self.by_name.get(normalise_name(text), set())
        return sorted((self.entities[i] for i in iris if self.entities[i].is_kind(kind)), key=lambda c: c.iri)

    def close_matches(self, text: str, kind: str = "entity", limit: int = 5) -> list[Candidate]:
        """Entities of *kind* with a name like *text* (similar spelling, or containing it)."""
        wanted = normalise_name(text)
        names = [n for n, iris in self.by_name.items() if any(self.entities[i].is_kind(kind) for i in iris)]
        ranked = difflib.get_close_matches(wanted, names, n=limit * 2, cutoff=0.6)
        ranked += sorted(n for n in names if wanted and wanted in n and n not in ranked)
        found: dict[str, Candidate] = {}
        for name in ranked:
            for iri in sorted(self.by_name[name]):
                if self.entities[iri].is_kind(kind):
                    found.setdefault(iri, self.entities[iri])
        return list(found.values())[:limit]

    def resolve(self, text: str, kind: str = "entity") -> URIRef:
        """The IRI of the one entity of *kind* called *text*; NotFoundError/UsageError otherwise."""
        if kind not in KINDS:
            raise UsageError(f"unknown entity kind {kind!r}; choose from {', '.join(KINDS)}")
        value = text.strip()
        iri = absolute_iri(value) or expand_prefixed(value)
        if iri is not None:
            return iri
        found = self.matches(value, kind)
        if len(found) == 1:
            return URIRef(found[0].iri)
        if len(found) > 1:
            raise UsageError(f"{value!r} names {len(found)} {kind}s: "
                             + ", ".join(c.shown() for c in found) + "; give the key instead")
        others = self.matches(value, "entity")
        if others:
            types = ", ".join(sorted({t for c in others for t in c.types})) or "entity"
            article = "an" if kind[0] in "aeiou" else "a"
            raise UsageError(f"{others[0].shown()} is a {types}, not {article} {kind}")
        close = self.close_matches(value, kind)
        hint = "; close matches: " + ", ".join(c.shown() for c in close) if close else "; no close matches"
        raise NotFoundError(f"unknown {kind} {value!r}{hint}")


def resolve(store: KGStore, text: str, kind: str = "entity") -> URIRef:
    """Resolve one name in *store*: a key directly (:func:`resolve_key`), anything else with the name index
    (see :meth:`NameIndex.resolve`)."""
    return resolve_key(store, text, kind) or NameIndex.load(store).resolve(text, kind)
