"""Rule-based extraction of candidate facts from one document.

The extractor runs the spaCy rule pipeline (:mod:`.nlp`) over the text, finds
mentions (gazetteer names, new organisations from "Long Name (ACRONYM)" and
head-word patterns, persons, programmes, threats), then reads each sentence
for activities (trigger nouns and verbs), agreements, cue phrases ("organized
by", "en colaboración con"...), dates, places, participant counts, positions
and memberships.  The result is annotation content in exactly the
``data/README.md`` format, with ``method: extracted`` and a confidence per
item, so that :func:`crimekg.graph.annotations.parse_annotation` and
:func:`crimekg.graph.rdfgen.annotation_graph` turn it into RDF with the same
provenance as curated data.  Every item is explainable: its quote is the
sentence, its confidence says which kind of rule made it.

>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> from pathlib import Path
>>> text = ("UNODC holds workshop in Panama\\n\\n24-25 July 2019 - UNODC held a workshop on asset recovery in "
...         "collaboration with INTERPOL. Some 19 participants attended the event.")
>>> ex = Extractor(load_gazetteer())
>>> result = ex.extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en"))
>>> triples = [t for item in result.content["facts"] for t in item["triples"]]
>>> sorted(t[1:] for t in triples if t[1] in ("organizer", "collaborator", "participantCount", "startDate"))
[['collaborator', 'interpol'], ['organizer', 'unodc'], ['participantCount', 19], ['startDate', '2019-07-24']]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..gazetteer import Entity, Gazetteer, normalise_name
from ..ids import slugify
from ..ontology import Schema, load_ontology_graph, load_schema
from ..sentences import Sentence, split_sentences
from .nlp import Rules, build_rules
from .patterns import fold
from .resolve import MergeRecord, Resolver
from .textio import SourceDoc

# Confidence of each kind of rule (what the item's confidence means).
CONF = {
    "entity": 0.95, "new-entity": 0.8, "person": 0.85, "cue": 0.9, "subject": 0.8, "verb-object": 0.75,
    "count": 0.9, "date": 0.85, "date-inferred": 0.6, "place": 0.85, "place-inferred": 0.7, "threat": 0.75,
    "threat-in-name": 0.8, "position": 0.85, "speaker": 0.65, "membership": 0.85, "party": 0.85,
    "programme": 0.8, "derived": 0.7,
}
ACTOR_TYPES = {"Country", "Region", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety",
               "Agency", "Team", "Organization", "Person", "Actor"}
PLACE_TYPES = {"City", "Place"}
ACTIVITY_ROLES = {"organizer", "collaborator", "facilitator", "funder", "participant", "supporter", "beneficiary",
                  "underProgramme"}
_UPPER = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-Za-zÁÉÍÓÚÑÜáéíóúñü.'’-]*$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")
_NUMBER = re.compile(r"^\d{1,6}$")


@dataclass
class Mention:
    """A name found in the text, resolved to an entity key (or a threat id)."""

    start: int
    end: int
    text: str
    kind: str
    key: str
    etype: str
    new: bool = False


@dataclass
class Hit:
    """A phrase-matcher hit (cue, trigger, verb, role word)."""

    start: int
    end: int
    group: str


@dataclass
class Frame:
    """An activity or agreement the document describes."""

    key: str
    cls: str
    kind: str
    label: str
    start: int
    end: int
    sentence: int
    in_title: bool = False
    parties: list[str] = field(default_factory=list)
    dated: bool = False
    located: bool = False
    counted: bool = False
    country: bool = False


@dataclass
class Extraction:
    """Annotation content for one document, and the merges its resolution made."""

    content: dict[str, Any]
    merges: list[MergeRecord]


def _threat_names(language: str, aliases: dict[str, str]) -> dict[str, str]:
    from rdflib.namespace import SKOS

    from ..namespaces import CKG, THREAT

    graph = load_ontology_graph()
    names: dict[str, str] = {}
    for concept in graph.subjects(None, CKG.Threat):
        ident = str(concept)[len(str(THREAT)):]
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, prop):
                names.setdefault(fold(str(label)), ident)
    names.update(aliases)
    return names


class Extractor:
    """Extract candidate facts; one instance serves many documents (pipelines are cached)."""

    def __init__(self, gazetteer: Gazetteer, schema: Schema | None = None, extra: dict[str, Entity] | None = None):
        self.gazetteer = gazetteer
        self.schema = schema or load_schema()
        self.extra = dict(extra or {})
        self._rules: dict[str, Rules] = {}

    def names(self) -> dict[str, str]:
        """Folded names of every known entity (gazetteer and store)."""
        out: dict[str, str] = {}
        for entity in [*self.gazetteer.entities.values(), *self.extra.values()]:
            for name in entity.names():
                folded = fold(" ".join(name.split()))
                if len(folded) > 1:
                    out.setdefault(folded, folded)
        return out

    def rules(self, language: str) -> Rules:
        """The rule pipeline of *language* (built on first use)."""
        if language not in self._rules:
            from .patterns import load_patterns

            patterns = load_patterns(language)
            threats = {**_threat_names(language, {}), **patterns.threat_aliases}
            self._rules[language] = build_rules(language, self.names(), threats)
        return self._rules[language]

    def extract(self, src: SourceDoc, resolver: Resolver | None = None) -> Extraction:
        """Extract the candidate annotation content of *src*."""
        resolver = resolver or Resolver(self.gazetteer, dict(self.extra))
        return _DocExtraction(self, src, resolver).run()


class _DocExtraction:
    """The state of one document's extraction."""

    def __init__(self, owner: Extractor, src: SourceDoc, resolver: Resolver) -> None:
        self.owner, self.src, self.resolver = owner, src, resolver
        self.rules = owner.rules(src.language)
        self.p = self.rules.patterns
        from .patterns import LANGUAGES, load_patterns

        # names keep their own language: Spanish bodies are named in English texts and vice versa
        self.org_heads = {k: v for lang in LANGUAGES for k, v in load_patterns(lang).org_heads.items()}
        self.text = src.text
        self.folded = fold(src.text)
        self.sentences: list[Sentence] = split_sentences(src.text)
        self.starts = [s.start for s in self.sentences]
        self.entities: dict[str, dict[str, Any]] = {}
        self.items: dict[tuple[int, float], list[list[Any]]] = {}
        self.seen: dict[str, tuple[int, float]] = {}
        self.merges: list[MergeRecord] = []
        self.frames: list[Frame] = []
        self.current: dict[str, Frame | None] = {"activity": None, "agreement": None}
        self.doc_countries: set[str] = set()
        self.years: list[tuple[int, int]] = []

    # ------------------------------------------------------------------ helpers
    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def add(self, sentence: int, triple: list[Any], conf: float) -> None:
        """Record a triple with its evidence sentence; a triple stated twice keeps its best evidence."""
        conf = round(conf, 2)
        ident = repr(triple)
        previous = self.seen.get(ident)
        if previous is not None:
            if previous[1] >= conf:
                return
            self.items[previous].remove(triple)
        key = (sentence, conf)
        self.items.setdefault(key, []).append(triple)
        self.seen[ident] = key

    def _occurrence(self, start: int, quote: str) -> int:
        n = 0
        words = quote.split()
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        for match in pattern.finditer(self.text):
            n += 1
            if match.start() >= start:
                return n
        return max(n, 1)

    def define(self, key: str, etype: str, label: str, start: int, end: int, conf: float,
               extra: dict[str, Any] | None = None) -> None:
        """Define a new entity (first mention wins)."""
        if key in self.entities or key in self.resolver.gazetteer.entities:
            return
        quote = self.text[start:end]
        record: dict[str, Any] = {"type": etype, "label": {self.src.language: label}, "quote": quote,
                                  "confidence": conf}
        occurrence = self._occurrence(start, quote)
        if occurrence > 1:
            record["occurrence"] = occurrence
        record.update(extra or {})
        self.entities[key] = record
        if key not in self.resolver.entities:
            self.resolver.add(Entity(key, etype, {self.src.language: label},
                                     acronyms=list(record.get("acronyms", []))))

    # ------------------------------------------------------------------ run
    def run(self) -> Extraction:
        doc = self.rules.nlp(self.text)
        self.tokens = doc
        self.token_starts = [t.idx for t in doc]
        hits = [Hit(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), self.rules.nlp.vocab.strings[m])
                for m, s, e in self.rules.phrases(doc)]
        self.hits = self._longest(hits)
        self.mentions = self._mentions(doc)
        spans = [(m.start, m.end) for m in self.mentions]
        self.hits = [h for h in self.hits if h.group.startswith(("CUE:", "ROLE")) or
                     not any(s <= h.start and h.end <= e for s, e in spans)]
        for m in self.mentions:
            if m.etype == "Country":
                self.doc_countries.add(m.key)
        self._collect_years()
        self.dates = self._dates()
        self._positions()
        for index, sentence in enumerate(self.sentences):
            self._sentence(index, sentence)
        self._finish_frames()
        content: dict[str, Any] = {"document": self.src.id, "method": "extracted", "entities": self.entities,
                                   "facts": []}
        for (sentence, conf), triples in sorted(self.items.items()):
            if not triples:
                continue
            s = self.sentences[sentence]
            item: dict[str, Any] = {"quote": s.text, "confidence": conf, "triples": triples}
            occurrence = self._occurrence(s.start, s.text)
            if occurrence > 1:
                item["occurrence"] = occurrence
            content["facts"].append(item)
        return Extraction(content, self.merges)

    @staticmethod
    def _longest(hits: list[Hit]) -> list[Hit]:
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        for hit in hits:
            if out and hit.start < out[-1].end and hit.group.split(":")[0] == out[-1].group.split(":")[0]:
                continue
            out.append(hit)
        return out

    # ------------------------------------------------------------------ mentions
    def _resolve_name(self, name: str, kind: str, acronym: str | None = None, pos: int | None = None) -> str | None:
        res = self.resolver.resolve(name, kind, self.src.id, acronym=acronym, countries=self.doc_countries_hint)
        if res.merge is not None and res.key is not None:
            if all(m.name != res.merge.name or m.into != res.merge.into for m in self.merges):
                self.merges.append(res.merge)
            if pos is not None:
                self.add(self.sent_of(pos), [res.key, "altLabel", " ".join(name.split())], CONF["new-entity"])
        return res.key

    def _mentions(self, doc: Any) -> list[Mention]:
        # the countries a document names, for generic names (first pass over gazetteer matches)
        self.doc_countries_hint: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "NAME":
                for key in self.resolver.index.get(normalise_name(ent.text), []):
                    if self.resolver.entities[key].type == "Country":
                        self.doc_countries_hint.add(key)
        for token in doc:
            country = self.p.demonyms.get(token.norm_)
            if country and country in self.resolver.entities:
                self.doc_countries_hint.add(country)
        mentions: list[Mention] = []
        covered: list[tuple[int, int]] = []
        threats: list[Mention] = []
        for ent in doc.ents:
            start, end = ent.start_char, ent.end_char
            if ent.label_ == "THREAT":
                threats.append(Mention(start, end, ent.text, "THREAT", ent.ent_id_, "Threat"))
                continue
            key = self._resolve_name(ent.text, "ANY")
            if key is None:
                continue
            etype = self.resolver.entities[key].type
            mentions.append(Mention(start, end, ent.text, _kind(etype), key, etype))
            covered.append((start, end))
        new = self._new_names(doc, mentions)
        taken = [(m.start, m.end) for m in new]
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                                                    for s, e in taken)]
        mentions.extend(new)
        # threats inside a new organisation's name target that organisation
        for t in threats:
            owner = next((m for m in new if m.start <= t.start and t.end <= m.end and m.kind == "ORG"), None)
            if owner is not None:
                self.add(self.sent_of(t.start), [owner.key, "targetsThreat", f"threat:{t.key}"],
                         CONF["threat-in-name"])
                continue
            if any(m.start <= t.start and t.end <= m.end for m in mentions):
                continue
            mentions.append(t)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return mentions

    def _cap(self, token: Any) -> bool:
        text = token.text
        return bool(_UPPER.match(text)) or bool(_ACRONYM.match(text))

    def _new_names(self, doc: Any, known: list[Mention]) -> list[Mention]:
        """New organisations, programmes and persons, from capitalised chunks and acronyms."""
        ent_at: dict[int, Mention] = {}
        for m in known:
            for token in doc.char_span(m.start, m.end, alignment_mode="expand") or []:
                ent_at[token.i] = m
        out: list[Mention] = []
        used: set[int] = set()
        # 1. "Long Name (ACRONYM)"
        for token in doc:
            if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
                continue
            acr = doc[token.i + 1]
            if not _ACRONYM.match(acr.text) or (acr.i in ent_at and ent_at[acr.i].kind != "ORG"):
                continue
            span = self._chunk_before(doc, token.i, ent_at, acr.text)
            if span is None:
                continue
            first, last = span
            places = ("Country", "Region", "City")
            if any(i in ent_at and ent_at[i].etype not in places for i in range(first, last + 1)) \
                    and all(i in ent_at for i in range(first, last + 1) if self._cap(doc[i])):
                continue
            name = doc[first:last + 1].text
            m = self._new_entity(doc, first, last, name, acr.text, ent_at)
            if m is not None:
                out.append(m)
                used.update(range(first, acr.i + 2))
                acr_m = Mention(acr.idx, acr.idx + len(acr.text), acr.text, m.kind, m.key, m.etype, m.new)
                out.append(acr_m)
        # 2. capitalised chunks with an organisation or programme head word
        i = 0
        while i < len(doc):
            if i in used or not self._cap(doc[i]) or (i in ent_at and ent_at[i].etype not in ("Country", "City")):
                i += 1
                continue
            j = i
            last_cap = i
            while j + 1 < len(doc) and j + 1 not in used:
                nxt = doc[j + 1]
                inside = j + 1 in ent_at and ent_at[j + 1].etype in ("Country", "Region", "City")
                if self._cap(nxt) and (j + 1 not in ent_at or inside):
                    j += 1
                    last_cap = j
                elif nxt.norm_ in self.p.connectors or nxt.text in ("’s", "'s"):
                    j += 1
                else:
                    break
            first = i
            while first < last_cap and doc[first].norm_ in ("the", "el", "la", "los", "las", "a", "an", "un", "una"):
                first += 1
            chunk_norms = [t.norm_ for t in doc[first:last_cap + 1]]
            head = self._head(chunk_norms)
            if head and last_cap > first - 1 and not (first == last_cap and chunk_norms[0] in self.p.org_heads):
                name = doc[first:last_cap + 1].text
                m = self._new_entity(doc, first, last_cap, name, None, ent_at)
                if m is not None:
                    out.append(m)
                    used.update(range(first, last_cap + 1))
            i = last_cap + 1
        # 3. unknown acronyms next to cue phrases or in lists ("gestionado por la FIIAPP")
        for token in doc:
            if token.i in used or token.i in ent_at or not _ACRONYM.match(token.text) or len(token.text) < 3:
                continue
            if token.text.isdigit() or token.is_sent_start or token.text.upper() != token.text:
                continue
            if not token.text.isalpha():
                continue
            key = self._resolve_name(token.text, "ORG")
            if key is None:
                prev = doc[token.i - 1].norm_ if token.i else ""
                if prev not in ("la", "el", "the", "por", "by", "and", "y", "with", "con", "de", "of", "of the"):
                    continue
                key = self.resolver.candidate_key(token.text)
                self.define(key, "Organization", token.text, token.idx, token.idx + len(token.text),
                            CONF["new-entity"], {"acronyms": [token.text]})
            etype = self.resolver.entities[key].type
            out.append(Mention(token.idx, token.idx + len(token.text), token.text, _kind(etype), key, etype, True))
        # 4. persons: honorific + capitalised words
        out.extend(self._persons(doc, ent_at, used))
        return out

    def _head(self, norms: list[str]) -> str | None:
        for n in range(len(norms)):
            for width in (2, 1):
                phrase = " ".join(norms[n:n + width])
                if len(norms[n:n + width]) == width and phrase in self.org_heads:
                    return "org"
        if norms and (norms[-1] in self.p.programme_heads or (norms[0] in self.p.programme_heads and len(norms) > 1)):
            return "programme"
        return None

    def _chunk_before(self, doc: Any, paren: int, ent_at: dict[int, Mention], acronym: str) -> tuple[int, int] | None:
        last = paren - 1
        if last < 0 or not self._cap(doc[last]):
            return None
        first = last
        glue = self.p.connectors | {"in", "on", "to", "against", "contra", "for"}
        j = last
        while j - 1 >= 0:
            prev = doc[j - 1]
            if self._cap(prev) or prev.norm_ in glue or prev.text in ("’s", "'s", "-"):
                j -= 1
                if self._cap(doc[j]):
                    first = j
            else:
                break
        letters = [c for c in acronym.upper() if c.isalpha()]
        # the longest suffix whose initials spell the acronym
        for start in range(first, last + 1):
            if not self._cap(doc[start]) or doc[start].norm_ in ("the", "el", "la", "los", "las"):
                continue
            initials = [t.text[0].upper() for t in doc[start:last + 1] if self._cap(t)]
            if initials and initials[0] == letters[0] and _subsequence(letters, initials):
                return start, last
        norms = [t.norm_ for t in doc[first:last + 1]]
        if self._head(norms):
            while first < last and doc[first].norm_ in ("the", "el", "la", "los", "las"):
                first += 1
            return first, last
        return None

    def _new_entity(self, doc: Any, first: int, last: int, name: str, acronym: str | None,
                    ent_at: dict[int, Mention]) -> Mention | None:
        norms = [t.norm_ for t in doc[first:last + 1]]
        head = self._head(norms)
        kind = "PROGRAMME" if head == "programme" else "ORG"
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        key = self._resolve_name(name, kind, acronym, pos=start)
        if key is None and acronym and all(n != normalise_name(name) for n, _ in self.resolver.blocked):
            key = self._resolve_name(acronym, kind)
        if key is not None:
            etype = self.resolver.entities[key].type
            if acronym and acronym not in self.resolver.entities[key].acronyms:
                if normalise_name(acronym) not in {normalise_name(n) for n in self.resolver.names_of(key)}:
                    self.add(self.sent_of(start), [key, "acronym", acronym], CONF["entity"])
            return Mention(start, end, name, _kind(etype), key, etype)
        if kind == "PROGRAMME":
            etype = "Programme"
        else:
            etype = "Organization"
            for width in (2, 1):
                for n in range(len(norms)):
                    phrase = " ".join(norms[n:n + width])
                    if len(norms[n:n + width]) == width and phrase in self.org_heads and etype == "Organization":
                        etype = self.org_heads[phrase]
            folded_name = " ".join(norms)
            if etype == "GovernmentAgency" and any(w in folded_name for w in self.p.international_words):
                etype = "InternationalOrganization"
        if head is None and acronym:
            folded_name = " ".join(norms)
            etype = "InternationalOrganization" if any(w in folded_name for w in self.p.international_words) \
                else "Organization"
        key = self.resolver.candidate_key(name)
        extra: dict[str, Any] = {}
        if acronym:
            extra["acronyms"] = [acronym]
        facts = []
        countries = [ent_at[i].key for i in range(first, last + 1) if i in ent_at and ent_at[i].etype == "Country"]
        for token in doc[first:last + 1]:
            demonym = self.p.demonyms.get(token.norm_)
            if demonym and demonym in self.resolver.entities:
                countries.append(demonym)
        if countries and etype != "Programme":
            facts.append(["country", countries[-1]])
        if facts:
            extra["facts"] = facts
        self.define(key, etype, " ".join(name.split()), start, end, CONF["new-entity"], extra)
        return Mention(start, end, name, _kind(etype), key, etype, True)

    def _persons(self, doc: Any, ent_at: dict[int, Mention], used: set[int]) -> list[Mention]:
        out: list[Mention] = []
        particles = {"de", "del", "la", "van", "von", "da", "dos", "bin", "al", "el", "y"}
        for token in doc:
            if token.norm_ not in self.p.honorifics and not self._name_after_role(doc, token.i):
                continue
            i = token.i + 1 if token.norm_ in self.p.honorifics else token.i
            j = i
            while j < len(doc) and j not in ent_at and j not in used and (
                    self._cap(doc[j]) or (doc[j].norm_ in particles and j + 1 < len(doc) and self._cap(doc[j + 1]))):
                if doc[j].norm_ in self.p.org_heads or doc[j].norm_ in self.p.months or fold(doc[j].text) in ("the",):
                    break
                j += 1
            while j > i and doc[j - 1].norm_ in particles:
                j -= 1
            if j - i < 2 or j - i > 5:
                continue
            if any(t.norm_ in self.p.role_words for t in doc[i:j]):
                continue
            name = doc[i:j].text
            if name.isupper():
                name = name.title()
            start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
            key = self._resolve_name(name, "PERSON")
            if key is None:
                key = self.resolver.candidate_key(name)
                self.define(key, "Person", name, start, end, CONF["person"])
            out.append(Mention(start, end, doc[i:j].text, "PERSON", key, "Person", True))
            used.update(range(i, j))
            if token.norm_ in self.p.honorifics:
                self.add(self.sent_of(start), [key, "honorific", token.text], CONF["person"])
        return out

    def _name_after_role(self, doc: Any, i: int) -> bool:
        """True when token *i* starts 'Name Surname' right after 'Role title,' or before ', Role'."""
        if i == 0 or not self._cap(doc[i]) or i + 1 >= len(doc) or not self._cap(doc[i + 1]):
            return False
        j = i
        while j < len(doc) and self._cap(doc[j]):
            j += 1
        if j < len(doc) - 1 and doc[j].text == "," and self._starts_role(doc, j + 1):
            return not self._starts_role(doc, i)
        if doc[i - 1].text == "," and (j >= len(doc) or doc[j].text in (",", ".", "y", "and")):
            k = i - 2
            while k >= 0 and k > i - 16 and doc[k].text not in (",", ".", ";", ":"):
                if self._starts_role(doc, k):
                    return True
                k -= 1
        return False

    def _starts_role(self, doc: Any, i: int) -> bool:
        if i < len(doc) and doc[i].norm_ in ("the", "el", "la"):
            i += 1
        return any(h.start == doc[i].idx and h.group == "ROLE" for h in self._hits_at(doc[i].idx)) if i < len(doc) \
            else False

    def _hits_at(self, pos: int) -> list[Hit]:
        index = bisect.bisect_left([h.start for h in self.hits], pos)
        out = []
        while index < len(self.hits) and self.hits[index].start == pos:
            out.append(self.hits[index])
            index += 1
        return out

    # ------------------------------------------------------------------ dates
    def _collect_years(self) -> None:
        for match in re.finditer(r"\b(19[89]\d|20[0-4]\d)\b", self.folded):
            self.years.append((match.start(), int(match.group(1))))

    def _year_before(self, pos: int) -> int | None:
        years = [y for p, y in self.years if p <= pos + 40]
        return years[-1] if years else None

    def _dates(self) -> list[tuple[int, int, str, str | None]]:
        """(start, end, startDate, endDate) of every date expression, earliest pattern first."""
        found: list[tuple[int, int, str, str | None]] = []
        taken: list[tuple[int, int]] = []
        for regex in self.p.dates:
            for m in regex.finditer(self.folded):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                g = m.groupdict()
                m1 = self.p.months.get(g.get("m1") or "")
                y1 = g.get("y1")
                year = int(y1) if y1 else None
                if year is None and m1 is not None:
                    year = self._year_before(m.start())
                if year is None:
                    continue
                d1 = g.get("d1")
                if m1 is None:
                    start_value: str = f"{year:04d}"
                    end_value = None
                elif d1 is None:
                    start_value, end_value = f"{year:04d}-{m1:02d}", None
                else:
                    start_value = f"{year:04d}-{m1:02d}-{int(d1):02d}"
                    d2 = g.get("d2")
                    m2 = self.p.months.get(g.get("m2") or "") or m1
                    end_value = f"{year:04d}-{m2:02d}-{int(d2):02d}" if d2 else None
                if not _valid_date(start_value) or (end_value and not _valid_date(end_value)):
                    continue
                if end_value and end_value < start_value:
                    continue
                found.append((m.start(), m.end(), start_value, end_value))
                taken.append((m.start(), m.end()))
        found.sort()
        return found

    # ------------------------------------------------------------------ positions
    def _positions(self) -> None:
        """Persons with role titles ("Ms. X, Director of Y" / "the Director of Y, X"), and titles alone."""
        doc = self.tokens
        persons = [m for m in self.mentions if m.kind == "PERSON"]
        role_hits = [h for h in self.hits if h.group == "ROLE"]
        done: set[int] = set()
        for person in persons:
            span = self._role_after(person) or self._role_before(person)
            if span is None:
                continue
            rstart, rend = span
            done.add(rstart)
            self._position(person, rstart, rend)
        # titles without a named person still name the body ("the Minister of Public Security of China")
        for hit in role_hits:
            if hit.start in done:
                continue
            rend = self._role_end(hit.start)
            orgs = self._orgs_in(hit.start, rend)
            if not orgs:
                self._derived_org(hit, rend)
        del doc

    def _role_end(self, start: int) -> int:
        m = re.compile(r"[,.;:()\"“”]|\s(who|quien|que|said|dijo|highlighted|stressed|destaco|senalo)\s").search(
            self.folded, start)
        end = m.start() if m else len(self.text)
        sentence = self.sentences[self.sent_of(start)]
        return min(end, sentence.end)

    def _role_after(self, person: Mention) -> tuple[int, int] | None:
        m = re.compile(r"\s*,\s*(?:(?:the|el|la)\s+)?").match(self.folded, person.end)
        if not m:
            return None
        start = m.end()
        if not any(h.group == "ROLE" for h in self._hits_at(start)):
            return None
        return start, self._role_end(start)

    def _role_before(self, person: Mention) -> tuple[int, int] | None:
        before = self.folded[:person.start].rstrip()
        if not before.endswith(","):
            return None
        comma = len(before) - 1
        sentence = self.sentences[self.sent_of(person.start)]
        for hit in reversed([h for h in self.hits if h.group == "ROLE" and sentence.start <= h.start < comma]):
            segment = self.folded[hit.start:comma]
            if not re.search(r"[,.;:]", segment):
                return hit.start, comma
        return None

    def _orgs_in(self, start: int, end: int) -> list[Mention]:
        orgs = [m for m in self.mentions if start <= m.start and m.end <= end and m.kind == "ORG"]
        bodies = [m for m in orgs if m.etype not in ("Country", "Region")]
        return bodies or orgs

    def _derived_org(self, hit: Hit, rend: int) -> Mention | None:
        """'Minister of X' -> the body 'Ministry of X' (role_to_org), resolved or new."""
        role = self.folded[hit.start:hit.end]
        head = self.p.role_to_org.get(role)
        rest = self.text[hit.end:rend].strip()
        if head is None or not re.match(r"(of|de|del)\b", fold(rest)) or len(rest.split()) < 2:
            return None
        if not any(_UPPER.match(w) for w in rest.split()[1:]):
            return None
        name = f"{head} {rest}"
        key = self._resolve_name(name, "ORG")
        countries = [m.key for m in self.mentions if hit.end <= m.start and m.end <= rend and m.etype == "Country"]
        if key is None:
            key = self.resolver.candidate_key(name)
            extra = {"facts": [["country", countries[-1]]]} if countries else {}
            self.define(key, "GovernmentAgency", name, hit.start, rend, CONF["derived"], extra)
        etype = self.resolver.entities[key].type
        mention = Mention(hit.start, rend, name, "ORG", key, etype, True)
        self.mentions.append(mention)
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        return mention

    def _position(self, person: Mention, rstart: int, rend: int) -> None:
        title = " ".join(self.text[rstart:rend].split())
        orgs = self._orgs_in(rstart, rend)
        org = orgs[0] if orgs else None
        if org is None:
            hit = next((h for h in self.hits if h.group == "ROLE" and h.start == rstart), None)
            org = self._derived_org(hit, rend) if hit else None
        if org is None:
            return
        sentence = self.sent_of(min(person.start, rstart))
        key = f"pos-{person.key}-{org.key}"[:120].rstrip("-")
        label = f"{self.resolver.entities[person.key].label}, {title}"
        first, last = min(person.start, rstart), max(person.end, rend)
        self.define(key, "Position", label, first, last, CONF["position"])
        for triple in ([key, "holder", person.key], [key, "organization", org.key],
                       [key, "roleTitle", title], [person.key, "affiliatedWith", org.key]):
            self.add(sentence, triple, CONF["position"])

    # ------------------------------------------------------------------ sentences
    def _in(self, items: Iterable[Any], sentence: Sentence) -> list[Any]:
        return [x for x in items if sentence.start <= x.start < sentence.end]

    def _gap_is_glue(self, start: int, end: int, cues: bool = False) -> bool:
        gap = self.folded[start:end]
        if cues:
            for hit in self.hits:
                if start <= hit.start and hit.end <= end and hit.group.startswith("CUE:"):
                    gap = gap[:hit.start - start] + " " * (hit.end - hit.start) + gap[hit.end - start:]
        gap = re.sub(r"[,;:()\"'’\-]", " ", gap)
        gap = " " + " ".join(gap.split()) + " "
        for glue in sorted(self.p.list_glue, key=len, reverse=True):
            gap = gap.replace(f" {glue} ", " ")
            gap = gap.replace(f" {glue} ", " ")
        return not gap.strip() and end - start < 60

    def _scope(self, after: int, mentions: list[Mention], stop: int) -> list[Mention]:
        """The coordinated list of mentions right after position *after*."""
        out: list[Mention] = []
        pos = after
        for m in mentions:
            if m.start < after or m.kind == "THREAT":
                continue
            if m.start >= stop:
                break
            if out and m.start < out[-1].end:
                continue
            if not self._gap_is_glue(pos, m.start):
                if out and out[-1].key == m.key:
                    continue
                break
            out.append(m)
            pos = m.end
        return out

    def _subjects(self, before: int, mentions: list[Mention], claimed: set[int], floor: int) -> list[Mention]:
        """The coordinated list of unclaimed mentions that ends right before position *before*."""
        out: list[Mention] = []
        pos = before
        for m in reversed([m for m in mentions if m.end <= before and m.start >= floor]):
            if id(m) in claimed:
                pos = m.start
                continue
            if m.kind in ("THREAT", "PLACE"):
                break
            if not self._gap_is_glue(m.end, pos, cues=True):
                break
            out.append(m)
            pos = m.start
        return list(reversed(out))

    def _sentence(self, index: int, sentence: Sentence) -> None:
        hits = self._in(self.hits, sentence)
        mentions = self._in(self.mentions, sentence)
        end = sentence.end
        claimed: set[int] = set()
        roles: list[tuple[str, Mention, Hit]] = []
        cue_hits = [h for h in hits if h.group.startswith("CUE:")]
        for n, hit in enumerate(cue_hits):
            stop = cue_hits[n + 1].start if n + 1 < len(cue_hits) else end
            for m in self._scope(hit.end, mentions, stop):
                if id(m) in claimed:
                    continue
                claimed.add(id(m))
                roles.append((hit.group[4:], m, hit))
        frame = self._frame_for(index, sentence, hits, mentions, claimed, roles)
        agreement = self._agreement_for(index, sentence, hits, mentions, claimed)
        self._memberships(index, sentence, hits, mentions)
        programme_subject = next((m for m in mentions if m.kind == "PROGRAMME" and id(m) not in claimed), None)
        framework = [m for role, m, _ in roles if role == "underProgramme" and m.kind == "PROGRAMME"]
        funding = any(role == "funder" for role, _, _ in roles)
        for role, m, hit in roles:
            subject = self._cue_subject(hit, mentions, frame, agreement, sentence)
            if role == "partner":
                before = [x for x in mentions if x.end <= hit.start and x.kind == "ORG"]
                if before:
                    self.add(index, [before[-1].key, "partner", m.key], CONF["cue"])
                    for prog in framework:
                        self.add(index, [prog.key, "partner", m.key], CONF["cue"])
                        self.add(index, [prog.key, "implementer", before[-1].key], CONF["cue"])
                continue
            if role == "represented":
                self._represented(index, hit, m, mentions, frame)
                continue
            if role == "party":
                continue
            if subject is None:
                continue
            skey, skind = subject
            predicate = _role_predicate(role, m, skind, funding)
            if predicate is None:
                continue
            if predicate == "participatingCountry" and skind != "activity":
                continue
            self.add(index, [skey, predicate, m.key], CONF["cue"])
            if predicate == "fundedThrough":
                for pred, obj in self.resolver.entities[m.key].facts:
                    if pred == "funder":
                        self.add(index, [skey, "funder", obj], CONF["derived"])
        # threats
        threats = [m for m in mentions if m.kind == "THREAT"]
        target = None
        if frame is not None:
            target = frame.key
        elif agreement is not None:
            target = agreement.key
        elif programme_subject is not None:
            target = programme_subject.key
        else:
            new_bodies = [m for m in mentions if m.new and m.kind == "ORG" and m.etype in ("Network", "Team")]
            if new_bodies:
                target = new_bodies[0].key
        for t in threats:
            if target:
                self.add(index, [target, "targetsThreat", f"threat:{t.key}"], CONF["threat"])
        # persons speaking at the current activity
        activity = frame or self.current["activity"]
        if activity is not None:
            for m in mentions:
                if m.kind == "PERSON" and (frame is not None or any(h.group == "SPEECH" for h in hits)):
                    self.add(index, [activity.key, "participant", m.key], CONF["speaker"])

    def _cue_subject(self, hit: Hit, mentions: list[Mention], frame: Frame | None, agreement: Frame | None,
                     sentence: Sentence) -> tuple[str, str] | None:
        role = hit.group[4:]
        if role in ("implementer",) or (role in ("funder", "supporter") and frame is None):
            before = [m for m in mentions if m.end <= hit.start and m.kind == "PROGRAMME"]
            if before and (frame is None or frame.start < before[-1].start or role == "implementer"):
                return before[-1].key, "programme"
            if frame is None and agreement is None:
                after = [m for m in mentions if m.start >= hit.end and m.kind == "PROGRAMME"]
                if after and role == "implementer":
                    return after[0].key, "programme"
        if frame is not None:
            return frame.key, "activity"
        if agreement is not None:
            return agreement.key, "agreement"
        if role in ("funder", "underProgramme", "collaborator", "organizer", "facilitator", "supporter") and \
                self.current["activity"] is not None and re.match(r"\s*(it|this|they|esta|este|la actividad|it was)\b",
                                                                   self.folded[sentence.start:sentence.start + 20]):
            return self.current["activity"].key, "activity"
        return None

    def _represented(self, index: int, hit: Hit, m: Mention, mentions: list[Mention], frame: Frame | None) -> None:
        before = [x for x in mentions if x.end <= hit.start and x.kind == "ORG"]
        activity = frame or self.current["activity"]
        if m.kind == "PERSON" and before:
            self.add(index, [m.key, "represents", before[-1].key], CONF["cue"])
            if activity is not None:
                self.add(index, [activity.key, "participant", m.key], CONF["cue"])
                if before[-1].etype == "Country":
                    self.add(index, [activity.key, "participatingCountry", before[-1].key], CONF["cue"])
                else:
                    self.add(index, [activity.key, "participant", before[-1].key], CONF["cue"])
        elif m.kind in ("ORG",):
            persons = [x for x in mentions if x.end <= hit.start and x.kind == "PERSON"]
            if persons:
                self.add(index, [persons[-1].key, "represents", m.key], CONF["cue"])

    # ------------------------------------------------------------------ activities
    def _frame_for(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                   claimed: set[int], roles: list[tuple[str, Mention, Hit]]) -> Frame | None:
        triggers = [h for h in hits if h.group.startswith("ACT:")]
        meeting_verbs = [h for h in hits if h.group == "MEETV"]
        anaphora = [h for h in hits if h.group == "ANAPH"]
        frame: Frame | None = None
        in_title = index == 0
        verb_hit: Hit | None = None
        for trig in triggers:
            if self._plural(trig) or self._inside_name(trig, mentions):
                continue
            frame = self._open_frame(index, trig, trig.group[4:], in_title, mentions)
            break
        if frame is None and meeting_verbs:
            verb_hit = meeting_verbs[0]
            frame = self._open_frame(index, verb_hit, "Meeting", in_title, mentions, verb=True)
        if frame is None and anaphora and self.current["activity"] is not None:
            frame = self.current["activity"]
        if frame is None:
            counts = self._counts(sentence)
            participation = any(h.group == "PARTV" for h in hits) or any(r[0] == "participant" for r in roles)
            if self.current["activity"] is not None and (counts or participation):
                frame = self.current["activity"]
        if frame is None:
            return None
        self._fill_frame(frame, index, sentence, hits, mentions, claimed, verb_hit)
        return frame

    def _plural(self, hit: Hit) -> bool:
        word = self.folded[hit.start:hit.end]
        nxt = self.folded[hit.end:hit.end + 2]
        return (nxt.startswith("s") and not word.endswith("s")) or nxt.startswith("es")

    def _inside_name(self, hit: Hit, mentions: list[Mention]) -> bool:
        return any(m.start <= hit.start and hit.end <= m.end and m.kind != "THREAT" for m in mentions)

    def _open_frame(self, index: int, hit: Hit, cls: str, in_title: bool, mentions: list[Mention],
                    verb: bool = False) -> Frame:
        current = self.current["activity"]
        before = self.folded[max(self.sentences[index].start, hit.start - 30):hit.start]
        indefinite = bool(re.search(r"\b(a|an|un|una|another|otro|otra|second|third|segundo|segunda|tercer|tercera|"
                                    r"new|nuevo|nueva|first|primer|primera)\b[\w\s-]*$", before))
        if current is not None and not verb:
            same = current.cls == cls
            if current.in_title and same and not current.dated and index <= current.sentence + 3:
                current.in_title = False
                return current
            if not indefinite or (same and index == current.sentence):
                return current
        elif current is not None and verb and current.cls == "Meeting" and current.in_title:
            current.in_title = False
            return current
        label = self._label(hit, cls, mentions, verb)
        key = f"{self.src.id}-{slugify(label)[:48].rstrip('-')}"
        n = 2
        while key in self.entities or any(f.key == key for f in self.frames):
            key = f"{self.src.id}-{slugify(label)[:44].rstrip('-')}-{n}"
            n += 1
        frame = Frame(key, cls, "activity", label, hit.start, hit.end, index, in_title)
        quote_start, quote_end = self._label_span
        self.define(key, cls, label, quote_start, quote_end, CONF["cue"])
        self.frames.append(frame)
        self.current["activity"] = frame
        return frame

    def _label(self, hit: Hit, cls: str, mentions: list[Mention], verb: bool) -> str:
        sentence = self.sentences[self.sent_of(hit.start)]
        if verb:
            subject = [m for m in mentions if m.end <= hit.start and m.kind in ("ORG", "PROGRAMME")]
            obj = [m for m in mentions if m.start >= hit.end and m.kind == "ORG"]
            self._label_span = (subject[-1].start if subject else hit.start, obj[0].end if obj else hit.end)
            who = subject[-1].text if subject else ""
            whom = obj[0].text if obj else ""
            if self.src.language == "es":
                return f"Reunión de {who} con {whom}".replace("de  con", "con").strip()
            return f"Meeting of {who} with {whom}".replace("of  with", "with").strip()
        # a capitalised trigger ends a name ("2018 UNODC Law Enforcement Advisors Meeting")
        start = hit.start
        if self.text[hit.start:hit.start + 1].isupper():
            words = list(re.finditer(r"\S+", self.text[sentence.start:hit.start]))
            for w in reversed(words):
                token = w.group(0)
                if token[:1].isupper() or token[:1].isdigit():
                    start = sentence.start + w.start()
                else:
                    break
        stop = re.compile(r"[,.;:()\"“”]|\s(from|on \d|del? \d|held|organi[sz]ed|in collaboration|en colaboracion|"
                          r"which|that|que|with|con|by|por|para|to|was|fue|se|will|ha|has|have|is|es|\w{3,}ed)\s"
                          r"|\s(in|en|at)\s+(?=[A-Z0-9ÁÉÍÓÚ])")
        m = stop.search(self.text, hit.end)
        end = min(m.start() if m else sentence.end, sentence.end)
        words = self.text[start:end].split()
        if len(words) > 14:
            words = words[:14]
        label = " ".join(words).strip(" -")
        end = start + len(self.text[start:end].rstrip())
        self._label_span = (start, end if words else hit.end)
        if not label:
            label = cls
        return label[0].upper() + label[1:]

    def _fill_frame(self, frame: Frame, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                    claimed: set[int], verb_hit: Hit | None) -> None:
        # organisers: subjects of an organising verb ("UNODC held a workshop")
        verbs = [h for h in hits if h.group in ("ORGV", "MEETV")]
        for verb in verbs:
            subjects = self._subjects(verb.start, mentions, claimed, sentence.start)
            for m in subjects:
                if m.kind == "PROGRAMME":
                    self.add(index, [frame.key, "underProgramme", m.key], CONF["subject"])
                elif m.kind in ("ORG", "PERSON") and m.etype in ACTOR_TYPES:
                    self.add(index, [frame.key, "organizer", m.key], CONF["subject"])
                claimed.add(id(m))
            if verb.group == "MEETV":
                for m in self._scope(verb.end, mentions, sentence.end):
                    if m.kind in ("ORG",) and id(m) not in claimed:
                        self.add(index, [frame.key, "participant", m.key], CONF["verb-object"])
                        claimed.add(id(m))
        # participation verbs: countries and bodies listed after them
        if any(h.group == "PARTV" for h in hits) or any(h.group == "CUE:participant" for h in hits):
            lists = self._country_lists(mentions)
            for m in lists:
                if id(m) not in claimed:
                    self.add(index, [frame.key, "participatingCountry", m.key], CONF["cue"])
                    claimed.add(id(m))
            for verb in [h for h in hits if h.group == "PARTV"]:
                for m in self._scope(verb.end, mentions, sentence.end):
                    if id(m) in claimed or m.kind not in ("ORG",):
                        continue
                    predicate = "participatingCountry" if m.etype == "Country" else "participant"
                    self.add(index, [frame.key, predicate, m.key], CONF["verb-object"])
                    claimed.add(id(m))
        # places
        for m in mentions:
            if m.kind == "PLACE" or m.etype == "Country":
                prep = re.search(r"\b(in|at|en|in the city of|en la ciudad de)\s+(the\s+)?$",
                                 self.folded[max(sentence.start, m.start - 25):m.start])
                if not prep or id(m) in claimed:
                    continue
                if m.etype == "City" and not frame.located:
                    frame.located = True
                    self.add(index, [frame.key, "location", m.key], CONF["place"])
                    after = [x for x in mentions if x.start > m.end and x.etype == "Country"
                             and re.fullmatch(r"\s*,\s*", self.text[m.end:x.start])]
                    country = after[0].key if after else next(
                        (o for p, o in self.resolver.entities[m.key].facts if p == "country"), None)
                    if country and not frame.country:
                        frame.country = True
                        self.add(index, [frame.key, "country", country],
                                 CONF["place"] if after else CONF["place-inferred"])
                elif m.etype == "Country" and not frame.country:
                    frame.country = True
                    self.add(index, [frame.key, "country", m.key], CONF["place"])
        # dates
        if not frame.dated:
            for start, _end, first, last in self.dates:
                if sentence.start <= start < sentence.end:
                    frame.dated = True
                    self.add(index, [frame.key, "startDate", first], CONF["date"])
                    if last:
                        self.add(index, [frame.key, "endDate", last], CONF["date"])
                    break
        # participant counts
        if not frame.counted:
            counts = self._counts(sentence)
            if counts:
                frame.counted = True
                for predicate, value in counts:
                    self.add(index, [frame.key, predicate, value], CONF["count"])

    def _country_lists(self, mentions: list[Mention]) -> list[Mention]:
        countries = [m for m in mentions if m.etype == "Country"]
        out: list[Mention] = []
        run: list[Mention] = []
        for m in countries:
            if run and self._gap_is_glue(run[-1].end, m.start):
                run.append(m)
            else:
                if len(run) >= 3:
                    out.extend(run)
                run = [m]
        if len(run) >= 3:
            out.extend(run)
        return out

    def _counts(self, sentence: Sentence) -> list[tuple[str, int]]:
        words = list(re.finditer(r"[\w'-]+|\(|\)", self.folded[sentence.start:sentence.end]))
        out: list[tuple[str, int]] = []
        seen: set[str] = set()
        n = 0
        while n < len(words):
            word = words[n].group(0)
            value = int(word) if _NUMBER.match(word) else self.p.number_words.get(word)
            if value is None:
                n += 1
                continue
            k = n + 1
            if k + 2 < len(words) and words[k].group(0) == "(" and _NUMBER.match(words[k + 1].group(0)) \
                    and words[k + 2].group(0) == ")":
                value = int(words[k + 1].group(0))
                k += 3
            before = " ".join(w.group(0) for w in words[max(0, n - 3):n])
            blocked = any(before.endswith(b) for b in self.p.count_blockers)
            following = [w.group(0) for w in words[k:k + 3]]
            noun = next((w for w in following[:3] if w in self.p.participant_nouns or w in self.p.women_words
                         or w in self.p.men_words), None)
            if noun is None or blocked or (len(following) > 0 and following[0] in ("countries", "paises", "days",
                                                                                   "dias", "years", "anos")):
                n = k
                continue
            if noun in self.p.women_words:
                predicate = "femaleParticipantCount"
            elif noun in self.p.men_words:
                predicate = "maleParticipantCount"
            else:
                predicate = "participantCount"
            if predicate not in seen and not (predicate == "participantCount" and
                                               any(w in self.p.women_words | self.p.men_words for w in following[:1])):
                seen.add(predicate)
                out.append((predicate, value))
            n = k
        return out

    # ------------------------------------------------------------------ agreements and memberships
    def _agreement_for(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                       claimed: set[int]) -> Frame | None:
        triggers = [h for h in hits if h.group.startswith("AGR:") and not self._inside_name(h, mentions)
                    and not self._plural(h)]
        signs = [h for h in hits if h.group == "SIGNV"]
        if not triggers:
            return None
        trig = triggers[0]
        cls = trig.group[4:]
        current = self.current["agreement"]
        named = self.text[trig.start:trig.start + 1].isupper()
        before = self.folded[max(sentence.start, trig.start - 20):trig.start]
        definite = re.search(r"\b(the|this|el|la|este|esta|dicho|dicha)\s+$", before) is not None
        if current is not None and (definite or (current.cls == cls and not signs)):
            frame = current
        elif signs or named or (current is None and re.search(r"\b(a|an|un|una)\s+[\w\s-]*$", before)):
            if not signs and not named:
                return None
            label = self._agreement_label(trig, sentence)
            key = f"{self.src.id}-{slugify(label)[:48].rstrip('-')}"
            if any(f.key == key for f in self.frames):
                key = f"{key}-{index}"
            frame = Frame(key, cls, "agreement", label, trig.start, trig.end, index)
            self.frames.append(frame)
            self.current["agreement"] = frame
            self.define(key, cls if cls != "Agreement" else "Agreement", label, *self._label_span, CONF["cue"])
        else:
            return None
        parties: list[Mention] = []
        for sign in signs:
            parties += [m for m in self._subjects(sign.start, mentions, claimed, sentence.start) if m.kind == "ORG"]
            cue = re.match(r"\s*(by|por)\s", self.folded[sign.end:sign.end + 6])
            if cue:
                parties += [m for m in self._scope(sign.end + cue.end(), mentions, sentence.end) if m.kind == "ORG"]
        between = re.compile(r"\b(between|entre)\s").search(self.folded, trig.end, sentence.end)
        if between:
            parties += [m for m in self._scope(between.end(), mentions, sentence.end) if m.kind == "ORG"]
        if not parties and re.search(r"\b(two countries|both countries|ambos paises|los dos paises|joint|conjunt)",
                                     self.folded[sentence.start:sentence.end]) and current is not None:
            parties_keys = list(current.parties)
        else:
            parties_keys = list(dict.fromkeys(m.key for m in parties))
        for key in parties_keys:
            claimed.update(id(m) for m in parties if m.key == key)
            if key not in frame.parties:
                frame.parties.append(key)
            self.add(index, [frame.key, "party", key], CONF["party"])
        if signs and not frame.dated:
            for start, _end, first, _last in self.dates:
                if sentence.start <= start < sentence.end:
                    frame.dated = True
                    self.add(index, [frame.key, "date", first], CONF["date"])
                    break
        if signs and not frame.located:
            for m in mentions:
                if m.etype == "City" and re.search(r"\b(in|en)\s+$", self.folded[max(0, m.start - 5):m.start]):
                    frame.located = True
                    self.add(index, [frame.key, "location", m.key], CONF["place"])
                    break
        if len(frame.parties) == 2 and self.resolver.entities[frame.parties[0]].type in ACTOR_TYPES:
            self.add(index, [frame.parties[0], "cooperatesWith", frame.parties[1]], CONF["derived"])
        return frame

    def _agreement_label(self, trig: Hit, sentence: Sentence) -> str:
        start = trig.start
        m = re.compile(r"[,.;:()\"“”]|\s(in|en)\s+(?=[A-Z])|\s(between|entre|signed|firmad[oa]|with|con|by|por|to|"
                       r"para|that|que|on \d|el \d)\s").search(self.text, trig.end)
        end = min(m.start() if m else sentence.end, sentence.end)
        words = self.text[start:end].split()[:16]
        label = " ".join(words) or self.text[trig.start:trig.end]
        self._label_span = (start, start + len(label) if words else trig.end)
        label = " ".join(label.split())
        return label[0].upper() + label[1:]

    def _memberships(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention]) -> None:
        for hit in [h for h in hits if h.group == "MEMBER"]:
            after = [m for m in mentions if m.start >= hit.end and m.kind in ("ORG", "PROGRAMME")]
            if not after:
                continue
            org = after[0]
            members = [m for m in self._subjects(hit.start, mentions, set(), sentence.start)
                       if m.kind == "ORG" and m.key != org.key]
            if not members:
                rest = [m for m in mentions if m.start > org.end and m.kind == "ORG" and m.etype in ACTOR_TYPES]
                members = rest[:1]
            date = next((d for d in self.dates if hit.end <= d[0] < sentence.end), None)
            for member in members:
                key = f"mem-{member.key}-{org.key}"[:120].rstrip("-")
                self.define(key, "Membership", f"{self.resolver.entities[member.key].label} in "
                            f"{self.resolver.entities[org.key].label}", sentence.start, sentence.end,
                            CONF["membership"])
                self.add(index, [key, "member", member.key], CONF["membership"])
                self.add(index, [key, "organization", org.key], CONF["membership"])
                self.add(index, [member.key, "memberOf", org.key], CONF["membership"])
                if date:
                    self.add(index, [key, "startDate", date[2]], CONF["date"])

    def _finish_frames(self) -> None:
        """Agreements get their class from their parties; activities without a date take the dateline's."""
        for frame in self.frames:
            if frame.kind == "agreement" and frame.cls == "Agreement" and frame.key in self.entities:
                if len(frame.parties) == 2:
                    self.entities[frame.key]["type"] = "BilateralAgreement"
                elif len(frame.parties) > 2:
                    self.entities[frame.key]["type"] = "MultilateralAgreement"
        dateline = None
        if len(self.sentences) > 1:
            body = self.sentences[1]
            first = next((d for d in self.dates if body.start <= d[0] < body.start + 40), None)
            if first is not None and re.match(r"\s*[-–—:]", self.folded[first[1]:first[1] + 3]):
                dateline = first
        for frame in self.frames:
            if frame.kind == "activity" and not frame.dated and dateline and frame.sentence <= 1:
                frame.dated = True
                self.add(1, [frame.key, "startDate", dateline[2]], CONF["date-inferred"])
                if dateline[3]:
                    self.add(1, [frame.key, "endDate", dateline[3]], CONF["date-inferred"])


def _kind(etype: str) -> str:
    if etype == "Person":
        return "PERSON"
    if etype == "Programme":
        return "PROGRAMME"
    if etype in PLACE_TYPES:
        return "PLACE"
    if etype in ACTOR_TYPES:
        return "ORG"
    return "OTHER"


def _subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def _valid_date(value: str) -> bool:
    import datetime as dt

    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        elif len(value) == 7:
            dt.date.fromisoformat(value + "-01")
        return True
    except ValueError:
        return False


def _role_predicate(role: str, m: Mention, subject_kind: str, funding: bool) -> str | None:
    """The property a cue role gives the mention *m* of a subject of *subject_kind*."""
    if m.kind == "PROGRAMME":
        if role == "funder" or (role == "underProgramme" and funding):
            return "fundedThrough"
        if role in ("underProgramme", "organizer", "collaborator"):
            return "underProgramme" if subject_kind != "programme" else "partOf"
        if role == "supporter":
            return "supporter"
        return None
    if m.kind not in ("ORG", "PERSON") or m.etype not in ACTOR_TYPES:
        return None
    if role == "participant":
        return "participatingCountry" if m.etype == "Country" else "participant"
    if role == "underProgramme":
        return None
    if subject_kind == "programme" and role in ("organizer", "collaborator", "facilitator"):
        return "partner"
    if subject_kind == "agreement" and role not in ("supporter", "funder"):
        return None
    return role
