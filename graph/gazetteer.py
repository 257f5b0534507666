"""The gazetteer: known entities with labels, aliases, acronyms and codes.

It is reference data (``data/gazetteer.yaml``): it names the entities that
documents mention, feeds entity resolution, and becomes the gazetteer graph.

>>> gaz = load_gazetteer()
>>> gaz.entities["bolivia"].iso2
'BO'
>>> gaz.lookup("UNODC")
['unodc']
>>> gaz.lookup("Estado Plurinacional de Bolivia")
['bolivia']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ids import is_valid_key
from .resources import data_dir
from .yamlio import load_yaml


@dataclass
class Entity:
    """One entity record (gazetteer or annotation)."""

    key: str
    type: str
    labels: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    acronyms: list[str] = field(default_factory=list)
    iso2: str | None = None
    iso3: str | None = None
    wikidata: str | None = None
    lat: float | None = None
    lon: float | None = None
    facts: list[tuple[str, Any]] = field(default_factory=list)

    def names(self) -> list[str]:
        """Every name: labels, aliases and acronyms, without duplicates.

        >>> Entity("x", "Country", {"en": "X"}, {"es": ["Equis"]}, ["XX"]).names()
        ['X', 'Equis', 'XX']
        """
        seen: dict[str, None] = {}
        for name in [*self.labels.values(), *(a for al in self.aliases.values() for a in al), *self.acronyms]:
            seen.setdefault(name, None)
        return list(seen)

    @property
    def label(self) -> str:
        """The English label, else any label."""
        return self.labels.get("en") or next(iter(self.labels.values()))


def normalise_name(name: str) -> str:
    """Case-, accent- and space-insensitive form of a name, for lookups.

    >>> normalise_name("  Perú ") == normalise_name("peru")
    True
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.replace("’", "'").casefold().split())


def _as_lang_map(value: Any, where: str, default_lang: str) -> dict[str, str]:
    if isinstance(value, str):
        return {default_lang: value}
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    raise InputError(f"{where}: label must be a string or a {{lang: text}} mapping")


def _as_alias_map(value: Any, where: str, default_lang: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {default_lang: value}
    if not isinstance(value, dict):
        raise InputError(f"{where}: aliases must be a list or a {{lang: [names]}} mapping")
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f"{where}: aliases for {lang!r} must be a list of strings")
        out[str(lang)] = names
    return out


def parse_entity(key: str, record: Any, where: str, default_lang: str = "en") -> Entity:
    """Validate one entity mapping from YAML and return an :class:`Entity`.

    >>> parse_entity("x", {"type": "Country", "label": "X"}, "test").labels
    {'en': 'X'}
    """
    if not is_valid_key(str(key)):
        raise InputError(f"{where}: entity key {key!r} is not a lower-case slug (a-z, 0-9, hyphens)")
    if not isinstance(record, dict):
        raise InputError(f"{where}: entity {key!r} must be a mapping")
    if "type" not in record or "label" not in record:
        raise InputError(f"{where}: entity {key!r} needs a type and a label")
    facts = record.get("facts") or []
    if not isinstance(facts, list) or not all(isinstance(f, list) and len(f) == 2 for f in facts):
        raise InputError(f"{where}: entity {key!r}: facts must be [[predicate, object], ...]")
    acronyms = record.get("acronyms") or []
    if not isinstance(acronyms, list):
        raise InputError(f"{where}: entity {key!r}: acronyms must be a list")

    def _number(name: str) -> float | None:
        value = record.get(name)
        if value is None:
            return None
        if not isinstance(value, (int, float)):
            raise InputError(f"{where}: entity {key!r}: {name} must be a number")
        return float(value)

    wikidata = record.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and re.fullmatch(r"Q[1-9][0-9]*", wikidata)):
        raise InputError(f"{where}: entity {key!r}: wikidata must be an item id like Q750, got {wikidata!r}")

    return Entity(
        key=str(key),
        type=str(record["type"]),
        labels=_as_lang_map(record["label"], f"{where}: entity {key!r}", default_lang),
        aliases=_as_alias_map(record.get("aliases"), f"{where}: entity {key!r}", default_lang),
        acronyms=[str(a) for a in acronyms],
        iso2=record.get("iso2"),
        iso3=record.get("iso3"),
        wikidata=wikidata,
        lat=_number("lat"),
        lon=_number("lon"),
        facts=[(str(p), o) for p, o in facts],
    )


@dataclass
class Gazetteer:
    """Entities by key, with an index from normalised names to keys."""

    entities: dict[str, Entity]
    path: Path | None = None
    index: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity in self.entities.values():
            self._index(entity)

    def _index(self, entity: Entity) -> None:
        for name in entity.names():
            keys = self.index.setdefault(normalise_name(name), [])
            if entity.key not in keys:
                keys.append(entity.key)

    def add(self, entity: Entity) -> None:
        """Add an entity (e.g. one resolved during ingest) and index its names."""
        self.entities[entity.key] = entity
        self._index(entity)

    def lookup(self, name: str) -> list[str]:
        """Keys of the entities known by *name* (any label, alias or acronym)."""
        return list(self.index.get(normalise_name(name), []))


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load and validate ``gazetteer.yaml`` (the packaged one by default)."""
    path = path or data_dir() / "gazetteer.yaml"
    document = load_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("entities"), dict):
        raise InputError(f"{path}: expected a mapping with an 'entities' mapping")
    entities = {str(k): parse_entity(str(k), v, str(path)) for k, v in document["entities"].items()}
    return Gazetteer(entities=entities, path=path)
