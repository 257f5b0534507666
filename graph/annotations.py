"""Annotation files: the facts a document states, each with its evidence.

An annotation file (``data/annotations/<doc-id>.yaml``, format in
``data/README.md``) lists the entities a document introduces and items of
triples, each item with the quote it comes from.  :func:`load_annotation`
validates it against the document text, the gazetteer and the ontology, and
returns :class:`Statement` records whose evidence is the covering sentence.

>>> from crimekg.graph.documents import load_documents
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> doc = load_documents()[0]
>>> ann = parse_annotation({"document": doc.id, "entities": {}, "facts": [
...     {"quote": "Bolivia receives tailored technical assistance",
...      "triples": [["crimjust", "beneficiary", "bolivia"]]}]}, doc, load_gazetteer(), "t")
>>> st = ann.statements[0]
>>> st.triple, doc.text()[st.start:st.end][:24]
(('crimjust', 'beneficiary', 'bolivia'), '5-30 November 2018 - Hav')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import DocumentMeta
from .errors import InputError
from .gazetteer import Entity, Gazetteer, parse_entity
from .ontology import Schema, load_schema
from .quotes import find_quote
from .sentences import Sentence, covering_span, split_sentences
from .yamlio import load_yaml

SPECIAL_PREDICATES = ("a", "label", "altLabel")


@dataclass(frozen=True)
class Statement:
    """One triple in annotation terms, with its evidence span and method."""

    triple: tuple[str, str, Any]
    start: int
    end: int
    method: str = "curated"
    confidence: float = 1.0


@dataclass
class Annotation:
    """A document's validated annotations."""

    document: DocumentMeta
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)


def _locate(item: dict[str, Any], text: str, sentences: list[Sentence], where: str) -> tuple[int, int]:
    quote = item.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise InputError(f"{where}: missing 'quote' (the text that states these facts)")
    occurrence = item.get("occurrence", 1)
    if not isinstance(occurrence, int) or occurrence < 1:
        raise InputError(f"{where}: 'occurrence' must be a whole number from 1")
    span = find_quote(text, quote, occurrence)
    if span is None:
        shown = quote if len(quote) < 70 else quote[:67] + "..."
        raise InputError(f"{where}: quote not found in the document (occurrence {occurrence}): {shown!r}")
    return covering_span(sentences, *span)


class _Checker:
    """Validates triple terms against the ontology and the known entities."""

    def __init__(self, schema: Schema, known: dict[str, Entity], where: str) -> None:
        self.schema, self.known, self.where = schema, known, where

    def entity(self, key: Any, at: str) -> None:
        if not isinstance(key, str) or key not in self.known:
            raise InputError(f"{at}: unknown entity {key!r} (define it under 'entities' or in the gazetteer)")

    def triple(self, triple: Any, at: str) -> tuple[str, str, Any]:
        if not isinstance(triple, list) or len(triple) != 3:
            raise InputError(f"{at}: a triple must be [subject, predicate, object], got {triple!r}")
        subject, predicate, obj = triple
        self.entity(subject, at)
        if predicate == "a":
            if not isinstance(obj, str) or not self.schema.is_class(obj):
                raise InputError(f"{at}: {obj!r} is not a class of the ontology")
        elif predicate in ("label", "altLabel"):
            if not isinstance(obj, (str, dict)):
                raise InputError(f"{at}: {predicate} needs a text value")
        elif self.schema.is_object_property(predicate):
            if isinstance(obj, str) and obj.startswith("threat:"):
                if obj[len("threat:"):] not in self.schema.threats:
                    raise InputError(f"{at}: unknown threat {obj!r} (see ontology/threats.ttl)")
            else:
                self.entity(obj, at)
        elif self.schema.is_datatype_property(predicate):
            if obj is None or isinstance(obj, (list, bool)):
                raise InputError(f"{at}: {predicate} needs a literal value, got {obj!r}")
        else:
            raise InputError(f"{at}: {predicate!r} is not a property of the ontology")
        return subject, predicate, obj


def parse_annotation(
    content: Any,
    document: DocumentMeta,
    gazetteer: Gazetteer,
    where: str,
    *,
    schema: Schema | None = None,
    text: str | None = None,
) -> Annotation:
    """Validate an annotation mapping for *document* and resolve its evidence."""
    schema = schema or load_schema()
    if not isinstance(content, dict):
        raise InputError(f"{where}: expected a mapping with 'document', 'entities' and 'facts'")
    if content.get("document") != document.id:
        raise InputError(f"{where}: 'document' is {content.get('document')!r}, expected {document.id!r}")
    text = document.text() if text is None else text
    sentences = split_sentences(text)
    method = str(content.get("method", "curated"))
    annotation = Annotation(document=document)
    raw_entities = content.get("entities") or {}
    if not isinstance(raw_entities, dict):
        raise InputError(f"{where}: 'entities' must be a mapping of key -> entity")
    known = dict(gazetteer.entities)
    entity_items: list[tuple[Entity, tuple[int, int], float]] = []
    for key, record in raw_entities.items():
        at = f"{where}: entity {key!r}"
        if key in gazetteer.entities:
            raise InputError(f"{at}: already in the gazetteer; use the gazetteer entry")
        entity = parse_entity(str(key), record, where, default_lang=document.language)
        if not schema.is_class(entity.type):
            raise InputError(f"{at}: type {entity.type!r} is not a class of the ontology")
        span = _locate(record, text, sentences, at)
        confidence = float(record.get("confidence", 1.0))
        annotation.entities[entity.key] = entity
        known[entity.key] = entity
        entity_items.append((entity, span, confidence))
    checker = _Checker(schema, known, where)
    for entity, (start, end), confidence in entity_items:
        at = f"{where}: entity {entity.key!r}"
        annotation.statements.append(Statement((entity.key, "a", entity.type), start, end, method, confidence))
        for lang, label in entity.labels.items():
            annotation.statements.append(
                Statement((entity.key, "label", {"value": label, "lang": lang}), start, end, method, confidence)
            )
        for predicate, obj in entity.facts:
            checker.triple([entity.key, predicate, obj], at)
            annotation.statements.append(Statement((entity.key, predicate, obj), start, end, method, confidence))
    facts = content.get("facts") or []
    if not isinstance(facts, list):
        raise InputError(f"{where}: 'facts' must be a list of items")
    for number, item in enumerate(facts, start=1):
        at = f"{where}: facts item {number}"
        if not isinstance(item, dict) or not isinstance(item.get("triples"), list):
            raise InputError(f"{at}: expected a mapping with 'quote' and a 'triples' list")
        start, end = _locate(item, text, sentences, at)
        confidence = float(item.get("confidence", 1.0))
        for triple in item["triples"]:
            checked = checker.triple(triple, at)
            annotation.statements.append(Statement(checked, start, end, method, confidence))
    return annotation


def load_annotation(path: Path, document: DocumentMeta, gazetteer: Gazetteer) -> Annotation:
    """Load and validate one annotation file."""
    return parse_annotation(load_yaml(path), document, gazetteer, str(path))
