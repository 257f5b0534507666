"""Entity resolution: one key per body, whatever name a document gives it.

A name is looked up (case-, accent- and space-insensitively) among the labels,
aliases and acronyms of the gazetteer and of the entities already in the
store.  A new "Long Name (ACRONYM)" whose acronym is already known, or a name
equal to a known one up to articles and punctuation, is *merged* into the
known entity: the merge is recorded (both IRIs, the reason, the document) so
it can be listed and undone (:mod:`.merges`).  A generic name ("Ministry of
Justice") of a gazetteer body tied to a country is used only when the
document names that country.

>>> from crimekg.graph.gazetteer import load_gazetteer
>>> r = Resolver(load_gazetteer())
>>> r.resolve("Oficina de las Naciones Unidas contra la Droga y el Delito", "ORG", "d").key
'unodc'
>>> res = r.resolve("National Commission for Development and Life without Drugs of Peru", "ORG", "d", acronym="DEVIDA")
>>> res.key, res.merge.reason
('devida', 'same acronym DEVIDA')
>>> r.resolve("Ministry of Justice", "ORG", "d", countries=set()).key is None
True
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..gazetteer import Entity, Gazetteer
from ..gazetteer import normalise_name as _normalise_name
from ..ids import is_valid_key, mint_key, short_hash
from .patterns import load_patterns

ARTICLES = frozenset({"the", "of", "de", "del", "la", "el", "los", "las", "and", "y", "for", "para", "s", "a", "an"})
NAMEABLE_KINDS = {
    "ORG": {"Country", "Region", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety", "Agency",
            "Team", "Organization", "Actor"},
    "PERSON": {"Person"},
    "PROGRAMME": {"Programme"},
    "PLACE": {"City", "Place", "Country", "Region"},
}


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """:func:`crimekg.graph.gazetteer.normalise_name`, memoised (names recur across documents).

    >>> normalise_name(" Perú ")
    'peru'
    """
    return _normalise_name(name)


@lru_cache(maxsize=1 << 16)
def fuzzy_name(name: str) -> str:
    """A name without case, accents, punctuation or articles, for near matches.

    >>> fuzzy_name("The Ministry of the Interior") == fuzzy_name("Ministry of Interior")
    True
    """
    words = re.findall(r"[a-z0-9]+", normalise_name(name))
    return " ".join(w for w in words if w not in ARTICLES)


@dataclass(frozen=True)
class MergeRecord:
    """A name resolved to a known entity though it is not one of its names."""

    name: str
    candidate: str
    into: str
    reason: str
    document: str


@dataclass
class Resolution:
    """The outcome of resolving a name: a key (None: not known), and a merge if one was made."""

    key: str | None
    merge: MergeRecord | None = None
    exact: bool = True


@dataclass
class Resolver:
    """Resolve names against the gazetteer, the store and the entities minted so far."""

    gazetteer: Gazetteer
    extra: dict[str, Entity] = field(default_factory=dict)
    blocked: set[tuple[str, str]] = field(default_factory=set)
    generic_words: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.generic_words:
            self.generic_words = load_patterns("en").generic_words | load_patterns("es").generic_words
        self.entities: dict[str, Entity] = dict(self.gazetteer.entities)
        self.entities.update(self.extra)
        self.index: dict[str, list[str]] = {}
        self.fuzzy: dict[str, list[str]] = {}
        self.acronyms: dict[str, list[str]] = {}
        for entity in self.entities.values():
            self._index(entity)

    def _index(self, entity: Entity) -> None:
        # copy-on-write: the key lists may be shared with the resolver this one was forked from
        for table, names in ((self.index, [normalise_name(n) for n in entity.names()]),
                             (self.fuzzy, [fuzzy_name(n) for n in entity.names()]),
                             (self.acronyms, [normalise_name(a) for a in entity.acronyms])):
            for name in names:
                keys = table.get(name, ())
                if entity.key not in keys:
                    table[name] = [*keys, entity.key]

    def fork(self) -> Resolver:
        """A resolver that knows what this one knows; what it learns later stays its own.

        >>> from crimekg.graph.gazetteer import load_gazetteer
        >>> base = Resolver(load_gazetteer())
        >>> child = base.fork(); child.add(Entity("x-net", "Network", {"en": "X Net"}))
        >>> child.resolve("X Net", "ORG", "d").key, base.resolve("X Net", "ORG", "d").key
        ('x-net', None)
        """
        other = copy.copy(self)
        other.entities = dict(self.entities)
        other.index = dict(self.index)
        other.fuzzy = dict(self.fuzzy)
        other.acronyms = dict(self.acronyms)
        return other

    def add(self, entity: Entity) -> None:
        """Make a newly minted entity known (for the rest of the batch)."""
        self.entities[entity.key] = entity
        self._index(entity)

    def add_name(self, key: str, name: str) -> None:
        """Index one more name for a known entity (e.g. a name a merge attached to it)."""
        entity = self.entities[key]
        self._index(Entity(key, entity.type, {"xx": name}))

    def names_of(self, key: str) -> list[str]:
        """Every name of the entity with *key*."""
        return self.entities[key].names()

    def _fits(self, key: str, kind: str) -> bool:
        allowed = NAMEABLE_KINDS.get(kind)
        return allowed is None or self.entities[key].type in allowed

    def _country_of(self, key: str) -> str | None:
        for predicate, obj in self.entities[key].facts:
            if predicate == "country":
                return str(obj)
        return None

    def _generic(self, name: str) -> bool:
        words = [w for w in re.findall(r"[a-z0-9'-]+", normalise_name(name)) if w not in ARTICLES]
        return bool(words) and all(w in self.generic_words for w in words)

    def _scoped(self, key: str, name: str, countries: set[str] | None) -> bool:
        """False when a generic name points at a body of a country the document does not name."""
        if countries is None or not self._generic(name):
            return True
        country = self._country_of(key)
        return country is None or country in countries

    def _pick(self, keys: list[str], kind: str, name: str, countries: set[str] | None) -> str | None:
        fitting = [k for k in keys if self._fits(k, kind) and self._scoped(k, name, countries)]
        return fitting[0] if len(fitting) == 1 else None

    def resolve(self, name: str, kind: str, document: str, *, acronym: str | None = None,
                countries: set[str] | None = None) -> Resolution:
        """Resolve *name* (with an optional acronym given next to it) for a mention of *kind*."""
        key = self._pick(self.index.get(normalise_name(name), []), kind, name, countries)
        if key is not None:
            return Resolution(key)
        if acronym:
            key = self._pick(self.index.get(normalise_name(acronym), []), kind, acronym, countries)
            if key is not None and (fold_pair(name, key) not in self.blocked):
                return Resolution(key, MergeRecord(name, self.candidate_key(name), key, f"same acronym {acronym}",
                                                   document), exact=False)
        fkeys = self.fuzzy.get(fuzzy_name(name), [])
        key = self._pick(fkeys, kind, name, countries) if fuzzy_name(name) else None
        if key is not None and fold_pair(name, key) not in self.blocked:
            return Resolution(key, MergeRecord(name, self.candidate_key(name), key,
                                               "same name up to case, accents, articles and punctuation", document),
                              exact=False)
        return Resolution(None)

    def candidate_key(self, name: str, prefix: str = "") -> str:
        """The key a new entity called *name* gets (distinct from every known key)."""
        key = mint_key(name, prefix)
        if key in self.entities and normalise_name(name) not in {normalise_name(n) for n in self.names_of(key)}:
            key = f"{key}-{short_hash(name)}"
        return key if is_valid_key(key) else mint_key(short_hash(name), prefix or "x")


def fold_pair(name: str, key: str) -> tuple[str, str]:
    """The (name, key) pair an undone merge blocks."""
    return normalise_name(name), key
