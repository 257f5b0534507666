"""Score extraction against gold annotations: precision, recall and F1 per category.

Gold is a data folder in the ``data/`` layout (``documents.yaml`` and
``annotations/<id>.yaml``).  Each gold document is extracted afresh (against
the gazetteer only) and compared with its gold annotation:

* **entities**: the actors, places, programmes and instruments the facts
  refer to (gazetteer keys; new entities aligned by name, acronym or the span
  of their first mention);
* **relations**: object-property triples between them (organizer, participant,
  participatingCountry, collaborator, funder, party, memberOf, holder,
  targetsThreat ...), with activities, agreements, positions and memberships
  aligned first (same kind, overlapping mention or shared name; the one
  activity of a class left unaligned on each side is the same event); a symmetric
  property of the ontology (``cooperatesWith``) counts either way round;
* **activities**: each activity's class, start and end dates, participant
  counts, location and country.

Relations the gazetteer already states (``giaba subOrganizationOf ecowas``)
are left out of both sides: the graph holds them whatever a document says,
and the extractor deliberately does not restate them, so counting them would
only measure how the gold and the gazetteer overlap.

>>> prf(3, 4, 5)
(0.75, 0.6, 0.6667)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..annotations import find_quote, parse_annotation
from ..documents import load_documents
from ..errors import InputError
from ..gazetteer import Gazetteer, load_gazetteer, normalise_name
from ..ontology import Schema, load_schema
from ..yamlio import load_yaml
from .extract import Extractor
from .resolve import fuzzy_name
from .textio import SourceDoc

CATEGORIES = ("entities", "relations", "activities")
RECORD_TYPES = ("Activity", "Agreement", "Position", "Membership", "Statistic")
ACTIVITY_ATTRIBUTES = ("startDate", "endDate", "participantCount", "femaleParticipantCount", "maleParticipantCount",
                       "location", "country")


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (4 decimals)."""
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


@dataclass
class _View:
    """The facts of one annotation content, in comparable form."""

    types: dict[str, str] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    triples: list[tuple[str, str, Any]] = field(default_factory=list)


def _view(content: dict[str, Any], text: str, gazetteer: Gazetteer) -> _View:
    view = _View()
    for key, record in (content.get("entities") or {}).items():
        view.types[key] = str(record.get("type"))
        labels = record.get("label")
        names = list(labels.values()) if isinstance(labels, dict) else [str(labels)]
        aliases = record.get("aliases") or {}
        names += [a for v in (aliases.values() if isinstance(aliases, dict) else [aliases]) for a in v]
        names += list(record.get("acronyms") or [])
        view.names[key] = {normalise_name(n) for n in names} | {fuzzy_name(n) for n in names}
        span = find_quote(text, str(record.get("quote", "")), int(record.get("occurrence", 1)))
        if span:
            view.spans[key] = span
        for predicate, obj in record.get("facts") or []:
            view.triples.append((key, predicate, obj))
    for item in content.get("facts") or []:
        for s, p, o in item.get("triples") or []:
            view.triples.append((s, p, o if not isinstance(o, dict) else o.get("value")))
    for key, entity in gazetteer.entities.items():
        view.types.setdefault(key, entity.type)
    return view


def _family(cls: str, schema: Schema) -> str:
    for family in RECORD_TYPES:
        if schema.is_class(cls) and schema.is_a(cls, family):
            return family
    return "Entity"


def _align(gold: _View, pred: _View, schema: Schema) -> dict[str, str]:
    """Map predicted new entity keys to gold keys."""
    mapping: dict[str, str] = {}
    gold_new = [k for k in gold.names]
    for key in pred.names:
        family = _family(pred.types[key], schema)
        best, best_score = None, 0.0
        for g in gold_new:
            if _family(gold.types[g], schema) != family or g in mapping.values():
                continue
            score = 0.0
            if pred.names[key] & gold.names[g]:
                score = 2.0
            ps, gs = pred.spans.get(key), gold.spans.get(g)
            if ps and gs and ps[0] < gs[1] and gs[0] < ps[1]:
                score = max(score, 1.0 + (min(ps[1], gs[1]) - max(ps[0], gs[0])) / max(1, gs[1] - gs[0]) / 1000)
            if score > best_score:
                best, best_score = g, score
        if best is not None:
            mapping[key] = best
    # the one activity of a class left on each side is the same event ("Taller contra el cibercrimen" quoted
    # from the headline, "su primer taller contra el cibercrimen" in the gold)
    for cls in {gold.types[g] for g in gold_new} & {pred.types[k] for k in pred.names}:
        if _family(cls, schema) != "Activity":
            continue
        left_gold = [g for g in gold_new if gold.types[g] == cls and g not in mapping.values()]
        left_pred = [k for k in pred.names if pred.types[k] == cls and k not in mapping]
        if len(left_gold) == len(left_pred) == 1:
            mapping[left_pred[0]] = left_gold[0]
    return mapping


def _sets(view: _View, mapping: dict[str, str], schema: Schema) -> dict[str, set[Any]]:
    def canon(term: Any) -> Any:
        return mapping.get(term, term) if isinstance(term, str) else term

    entities: set[Any] = set()
    relations: set[Any] = set()
    activities: set[Any] = set()
    for s, p, o in view.triples:
        s_family = _family(view.types.get(s, ""), schema)
        for term in (s, o):
            if isinstance(term, str) and term in view.types and _family(view.types[term], schema) == "Entity":
                entities.add(canon(term))
        if s_family == "Activity" and p in ACTIVITY_ATTRIBUTES:
            activities.add((canon(s), p, str(canon(o))))
        elif schema.is_object_property(p) and p not in ("location", "country"):
            cs, co = canon(s), canon(o)
            if p in schema.symmetric_properties and isinstance(co, str) and co < cs:
                cs, co = co, cs  # "A cooperatesWith B" is "B cooperatesWith A"
            relations.add((cs, p, co))
    for key, cls in view.types.items():
        if key in view.names and _family(cls, schema) == "Activity":
            activities.add((canon(key), "a", "Activity"))
    return {"entities": entities, "relations": relations, "activities": activities}


@dataclass
class DocScore:
    """Counts of one document: true positives, predicted and gold per category."""

    document: str
    counts: dict[str, tuple[int, int, int]]
    missed: dict[str, list[Any]]
    spurious: dict[str, list[Any]]


def score_document(gold_content: dict[str, Any], pred_content: dict[str, Any], text: str,
                   gazetteer: Gazetteer, schema: Schema) -> DocScore:
    """Compare one document's extraction with its gold annotation."""
    gold, pred = _view(gold_content, text, gazetteer), _view(pred_content, text, gazetteer)
    mapping = _align(gold, pred, schema)
    gs, ps = _sets(gold, {}, schema), _sets(pred, mapping, schema)
    stated = reference_relations(gazetteer)
    stated |= {(o, p, s) for s, p, o in stated if p in schema.symmetric_properties}
    gs["relations"] -= stated
    ps["relations"] -= stated
    counts, missed, spurious = {}, {}, {}
    for cat in CATEGORIES:
        tp = len(gs[cat] & ps[cat])
        counts[cat] = (tp, len(ps[cat]), len(gs[cat]))
        missed[cat] = sorted(map(str, gs[cat] - ps[cat]))
        spurious[cat] = sorted(map(str, ps[cat] - gs[cat]))
    return DocScore(str(gold_content.get("document")), counts, missed, spurious)


def reference_relations(gazetteer: Gazetteer) -> set[tuple[str, str, Any]]:
    """The (subject, predicate, object) relations the gazetteer states (``facts`` of its entities).

    >>> from crimekg.graph.gazetteer import Entity
    >>> g = Gazetteer(entities={})
    >>> g.entities = {"giaba": Entity("giaba", "InternationalOrganization", {"en": "GIABA"},
    ...                               facts=[("subOrganizationOf", "ecowas")])}
    >>> sorted(reference_relations(g))
    [('giaba', 'subOrganizationOf', 'ecowas')]
    """
    return {(key, predicate, obj) for key, entity in gazetteer.entities.items() for predicate, obj in entity.facts}


def _without(gazetteer: Gazetteer, gold: Any) -> Gazetteer:
    """The gazetteer minus the entities a gold file defines itself (the gazetteer may have gained them since
    the gold was written; the gold's own definition stands for that document)."""
    own = set((gold.get("entities") or {}) if isinstance(gold, dict) else ())
    if not own & gazetteer.entities.keys():
        return gazetteer
    view = Gazetteer(entities={})
    view.entities = {k: v for k, v in gazetteer.entities.items() if k not in own}
    return view


def evaluate(gold_dir: Path, gazetteer: Gazetteer | None = None) -> list[DocScore]:
    """Extract every document of *gold_dir* and score it against its gold annotation."""
    gold_dir = Path(gold_dir)
    meta = gold_dir / "documents.yaml"
    if not meta.is_file():
        raise InputError(f"{gold_dir}: no documents.yaml (a gold folder has documents.yaml and annotations/)")
    gazetteer = gazetteer or load_gazetteer()
    schema = load_schema()
    extractor = Extractor(gazetteer, schema)
    scores = []
    for doc in load_documents(meta):
        path = gold_dir / "annotations" / f"{doc.id}.yaml"
        if not path.is_file():
            raise InputError(f"{path}: no gold annotation for document {doc.id}")
        text = doc.text()
        gold = load_yaml(path)
        parse_annotation(gold, doc, _without(gazetteer, gold), str(path), schema=schema, text=text)
        src = SourceDoc(doc.id, doc.path, doc.title, text, doc.language)
        pred = extractor.extract(src).content
        scores.append(score_document(gold, pred, text, gazetteer, schema))
    return scores


def score_rows(scores: list[DocScore], per_document: bool = False) -> list[dict[str, Any]]:
    """Rows of precision/recall/F1: per category over all documents (and per document if asked)."""
    rows: list[dict[str, Any]] = []
    groups = [(s.document, [s]) for s in scores] if per_document else []
    groups.append(("ALL", scores))
    for name, group in groups:
        for cat in CATEGORIES:
            total = Counter()
            for s in group:
                tp, predicted, gold = s.counts[cat]
                total.update({"tp": tp, "predicted": predicted, "gold": gold})
            p, r, f = prf(total["tp"], total["predicted"], total["gold"])
            rows.append({"document": name, "category": cat, "precision": p, "recall": r, "f1": f,
                         "tp": total["tp"], "predicted": total["predicted"], "gold": total["gold"]})
    return rows
