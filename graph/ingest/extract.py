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
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from ..gazetteer import Entity, Gazetteer
from ..ids import slugify
from ..ontology import Schema, load_ontology_graph, load_schema
from ..quotes import occurrence_at
from ..sentences import Sentence, split_sentences
from .nlp import Rules, build_rules
from .patterns import fold
from .resolve import MergeRecord, Resolver, normalise_name
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
# what makes an activity worth recording: an actor, a programme, a date, a place or a count
INFORMATIVE = {"organizer", "collaborator", "facilitator", "funder", "participant", "participatingCountry", "supporter",
               "beneficiary", "underProgramme", "fundedThrough", "startDate", "location", "country",
               "participantCount"}
ACTIVITY_ROLES = {"organizer", "collaborator", "facilitator", "funder", "participant", "supporter", "beneficiary",
                  "underProgramme"}
_UPPER = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-Za-zÁÉÍÓÚÑÜáéíóúñü.'’-]*$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")
_MIXED_ACRONYM = re.compile(r"^[A-Z][a-zA-Z]{2,9}$")
_NUMBER = re.compile(r"^\d{1,6}$")
_COUNT_STOPS = frozenset({"to", "for", "in", "at", "on", "with", "para", "en", "con", "a", "al"})


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
    where: str | None = None
    when: str | None = None
    until: str | None = None
    told: bool = False
    parent: str | None = None
    sibling: str | None = None
    from_dateline: bool = False


@dataclass
class Extraction:
    """Annotation content for one document, and the merges its resolution made."""

    content: dict[str, Any]
    merges: list[MergeRecord]


@cache
def _ontology_threats(language: str) -> dict[str, str]:
    """The folded labels of the ontology's threats (loaded once)."""
    return _threat_names(language, {})


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
        self._glue: dict[str, re.Pattern[str]] = {}
        self._numbers: dict[str, re.Pattern[str]] = {}
        self._origins: dict[str, re.Pattern[str] | None] = {}
        self._name_threats: dict[str, dict[str, list[str]]] = {}

    def origin(self, language: str) -> re.Pattern[str]:
        """A regular expression for 'participant noun [up to three words] from/of' at the end of a text
        ("maritime law enforcement officers of the", "fiscales y policías especializados de")."""
        if language not in self._origins:
            from .patterns import load_patterns

            p = load_patterns(language)
            nouns = "|".join(re.escape(w) for w in sorted({*p.participant_nouns, *p.origin_nouns}, key=len,
                                                           reverse=True))
            preps = "|".join(re.escape(w) for w in sorted(p.origin_prepositions, key=len, reverse=True))
            lead = rf"\b(?:{nouns})(?:\s+[\w-]+){{0,3}}?\s+(?:{preps})\s+(?:(?:the|el|la|los|las)\s+)?"
            dem = "|".join(re.escape(w) for w in sorted(p.demonyms, key=len, reverse=True))
            self._origins[language] = re.compile(lead + "$")
            # "participants from Ghanaian, Liberian and Nigerian agencies"
            self._origins[language + ":demonyms"] = re.compile(
                lead + rf"((?:{dem})(?:\s*,\s*(?:{dem}))*(?:\s*,?\s+(?:and|y|e)\s+(?:{dem})))\b")
        return self._origins[language]

    def programme_phrases(self, language: str) -> re.Pattern[str] | None:
        """Phrases after which the countries of a programme are listed, one named group per role."""
        key = language + ":programme"
        if key not in self._origins:
            from .patterns import load_patterns

            groups = []
            for role, phrases in load_patterns(language).programme_countries.items():
                alternation = "|".join(re.escape(w) for w in sorted(phrases, key=len, reverse=True))
                if alternation:
                    groups.append(rf"(?P<{role}>\b(?:{alternation})\b)")
            self._origins[key] = re.compile("|".join(groups)) if groups else None  # type: ignore[assignment]
        return self._origins[key]

    def name_threats(self, language: str, name: str) -> list[str]:
        """The threats a known body's name names ("Plurinational Council against Human Trafficking")."""
        key = language + ":threats"
        if key not in self._origins:
            from .patterns import load_patterns

            names = {**_ontology_threats(language), **load_patterns(language).threat_aliases}
            alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            self._origins[key] = re.compile(rf"\b(?:{alternation})\b")
            self._threat_ids = {**getattr(self, "_threat_ids", {}), language: names}
        cache = self._name_threats.setdefault(language, {})
        if name not in cache:
            pattern = self._origins[key]
            assert pattern is not None
            cache[name] = list(dict.fromkeys(self._threat_ids[language][m.group(0)]
                                             for m in pattern.finditer(fold(name))))
        return cache[name]

    def trainers(self, language: str) -> re.Pattern[str] | None:
        """'(two AML/CFT) experts:' right after a cue: the persons listed next are the trainers."""
        key = language + ":trainers"
        if key not in self._origins:
            from .patterns import load_patterns

            words = load_patterns(language).trainer_nouns
            nouns = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._origins[key] = re.compile(rf"\s*(?:[\w/-]+\s+){{0,3}}(?:{nouns})\s*[:,]") if words else None
        return self._origins[key]

    def date_verbs(self, language: str) -> re.Pattern[str] | None:
        """Phrases that say when an activity took place ("took place", "se celebró")."""
        key = language + ":dateverbs"
        if key not in self._origins:
            from .patterns import load_patterns

            words = load_patterns(language).date_verbs
            alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._origins[key] = re.compile(rf"\b(?:{alternation})\b") if words else None
        return self._origins[key]

    def origin_demonyms(self, language: str) -> re.Pattern[str]:
        """'participant noun from DEMONYM, DEMONYM and DEMONYM' (group 1: the demonyms)."""
        self.origin(language)
        return self._origins[language + ":demonyms"]

    def use_extra(self, extra: dict[str, Entity]) -> None:
        """Know the store's entities too (their names feed the rule pipeline, rebuilt when they change)."""
        if extra.keys() != self.extra.keys():
            self._rules.clear()
        self.extra = dict(extra)

    def names(self) -> dict[str, str]:
        """Folded names of every known entity (gazetteer and store)."""
        out: dict[str, str] = {}
        for entity in [*self.gazetteer.entities.values(), *self.extra.values()]:
            for name in entity.names():
                folded = fold(" ".join(name.split()))
                if len(folded) > 1:
                    out.setdefault(folded, folded)
        return out

    def numbers(self, language: str) -> re.Pattern[str]:
        """A regular expression that finds a number (digits or a number word) anywhere in a text."""
        if language not in self._numbers:
            from .patterns import load_patterns

            words = "|".join(re.escape(w) for w in load_patterns(language).number_words)
            self._numbers[language] = re.compile(rf"\d|\b(?:{words})\b")
        return self._numbers[language]

    def glue(self, language: str) -> re.Pattern[str]:
        """A regular expression for a gap made only of list glue words ("and the", "as well as its")."""
        if language not in self._glue:
            from .patterns import load_patterns

            words = sorted(load_patterns(language).list_glue, key=len, reverse=True)
            alternation = "|".join(re.escape(w) for w in words)
            self._glue[language] = re.compile(rf"(?:{alternation})(?: (?:{alternation}))*")
        return self._glue[language]

    def rules(self, language: str) -> Rules:
        """The rule pipeline of *language* (built on first use)."""
        if language not in self._rules:
            from .patterns import load_patterns

            patterns = load_patterns(language)
            threats = {**_ontology_threats(language), **patterns.threat_aliases}
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
        self.people_nouns = set(self.p.participant_nouns) | set(self.p.origin_nouns)

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
        self.frame_names: dict[str, Frame] = {}
        self.glue = owner.glue(src.language)
        self.count_cache: dict[int, list[tuple[str, int]]] = {}
        self.by_subject: dict[str, list[list[Any]]] = {}
        self.pending: tuple[int, list[Mention]] | None = None
        # the headline, and the summary bullets ("- ...") right under it, before the body
        self.head_end = 0
        while self.head_end + 1 < len(self.sentences) and \
                self.sentences[self.head_end + 1].text.lstrip().startswith(("- ", "• ", "* ", "– ")):
            self.head_end += 1
        self.person_org: dict[str, str] = {}
        self.plural_parties: tuple[int, list[str]] | None = None
        self.ordinal_frames: dict[str, Frame] = {}
        self.title_spans: list[tuple[int, int]] = []

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
        if previous is None:
            self.by_subject.setdefault(triple[0], []).append(triple)

    def _state(self, sentence: int, triple: list[Any], conf: float) -> None:
        """Record a relation between known entities unless the gazetteer already states it."""
        entity = self.resolver.entities.get(triple[0])
        if entity is not None and (triple[1], triple[2]) in {(p, o) for p, o in entity.facts}:
            return
        self.add(sentence, triple, conf)

    def _occurrence(self, start: int, quote: str) -> int:
        """Which occurrence (1-based) of *quote* (white space folded) starts at *start*."""
        return occurrence_at(self.text, quote, start)

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
        parsed = self.rules.parse(self.text, self.folded)
        self.toks = parsed.tokens
        self.ents = parsed.ents
        self.hits = self._longest([Hit(s, e, g) for s, e, g in parsed.phrases if g != "ROLE" or not self._body_word(s)])
        self._index_hits()
        self.mentions = self._mentions()
        inside = _Spans([(m.start, m.end) for m in self.mentions])
        self.hits = [h for h in self.hits if h.group.startswith(("CUE:", "ROLE")) or not inside.covers(h.start, h.end)]
        self._index_hits()
        for m in self.mentions:
            if m.etype == "Country":
                self.doc_countries.add(m.key)
        self._compounds()
        first_words = {d.split()[0] for d in self.p.demonyms}
        self.demonym_starts = [i for i, n in zip(self.toks.idx, self.toks.norm, strict=True) if n in first_words]
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

    def _body_word(self, start: int) -> bool:
        """True when the capitalised, accented word at *start* names a body, not a title ("Secretaría")."""
        word = re.match(r"[\w]+", self.text[start:start + 30])
        if word is None or not word.group(0)[:1].isupper():
            return False
        text = word.group(0)
        return fold(text) in self.org_heads and text.lower() != fold(text)

    def _compounds(self) -> None:
        """A known body's name right before a new body or programme names its parent or implementer:
        "UNODC Organized Crime and Illicit Trafficking Branch", "UNODC Global Programme against ...".
        The first name is then absorbed: lists treat the pair as one item."""
        self.absorbed: set[int] = set()
        mentions = [m for m in self.mentions if m.kind != "THREAT"]
        for a, b in pairwise(mentions):
            if b.start < a.end or self.text[a.end:b.start].strip() or "\n" in self.text[a.end:b.start]:
                continue
            # (b new here or named earlier in this document: "the European Union Delegation ... the EU Delegation")
            if a.kind != "ORG" or a.etype in ("Country", "Region", "City") or not (b.new or b.key in self.entities) \
                    or a.key == b.key:
                continue
            if b.kind == "ORG" and b.etype not in ("Country", "Region", "City", "Person"):
                self._state(self.sent_of(b.start), [b.key, "subOrganizationOf", a.key], CONF["derived"])
            elif b.kind == "PROGRAMME":
                self._state(self.sent_of(b.start), [b.key, "implementer", a.key], CONF["derived"])
            else:
                continue
            self.absorbed.add(id(a))

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

    def _mentions(self) -> list[Mention]:
        # the countries a document names, for generic names (first pass over gazetteer matches)
        self.doc_countries_hint: set[str] = set()
        for start, end, label, _ident in self.ents:
            if label == "NAME":
                for key in self.resolver.index.get(normalise_name(self.text[start:end]), []):
                    if self.resolver.entities[key].type == "Country":
                        self.doc_countries_hint.add(key)
        demonyms = self.p.demonyms
        for norm in self.toks.norm:
            country = demonyms.get(norm)
            if country and country in self.resolver.entities:
                self.doc_countries_hint.add(country)
        mentions: list[Mention] = []
        covered: list[tuple[int, int]] = []
        threats: list[Mention] = []
        for start, end, label, ident in self.ents:
            text = self.text[start:end]
            if label == "THREAT":
                threats.append(Mention(start, end, text, "THREAT", ident, "Threat"))
                continue
            if self._lowercase_acronym(text):
                continue
            key = self._resolve_name(text, "ANY")
            if key is None:
                continue
            etype = self.resolver.entities[key].type
            mentions.append(Mention(start, end, text, _kind(etype), key, etype))
            covered.append((start, end))
        new = self._new_names(mentions)
        taken = [(m.start, m.end) for m in new]
        spans, exact = _Spans(taken), set(taken)

        def inside_new(m: Mention) -> bool:
            if (m.start, m.end) not in exact:
                return spans.covers(m.start, m.end)
            return any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in taken)

        mentions = [m for m in mentions if not inside_new(m)]
        for m in mentions:
            if m.kind in ("ORG", "PROGRAMME") and m.etype not in ("Country", "Region", "City", "Person") and \
                    len(m.text) > 12:
                for threat in self.owner.name_threats(self.src.language, m.text):
                    self._state(self.sent_of(m.start), [m.key, "targetsThreat", f"threat:{threat}"],
                                CONF["threat-in-name"])
        mentions.extend(new)
        # threats inside a new organisation's name target that organisation
        covered = _Spans([(m.start, m.end) for m in mentions])
        for t in threats:
            # ("Seychelles Anti-Narcotics Bureau", "Global Programme against Money Laundering")
            owner = next((m for m in new if m.start <= t.start and t.end <= m.end and m.kind in ("ORG", "PROGRAMME")
                          and m.etype not in ("Country", "Region", "City", "Person")), None)
            if owner is not None:
                self._state(self.sent_of(t.start), [owner.key, "targetsThreat", f"threat:{t.key}"],
                            CONF["threat-in-name"])
                continue
            if covered.covers(t.start, t.end):
                continue
            mentions.append(t)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return mentions

    def _lowercase_acronym(self, text: str) -> bool:
        """True for a short word that matches a known acronym only case-insensitively ("un" is not the UN)."""
        if len(text) > 6 or " " in text or text.isupper():
            return False
        norm = normalise_name(text)
        if norm not in self.resolver.acronyms:
            return False
        # a label or alias with this spelling (e.g. "Interpol") is a real name, not an acronym
        return all(normalise_name(n) != norm or n in self.resolver.entities[k].acronyms
                   for k in self.resolver.index.get(norm, []) for n in self.resolver.entities[k].names())

    def _tok_span(self, start: int, end: int) -> range:
        """Indices of the tokens overlapping the characters start..end."""
        toks = self.toks
        first = bisect.bisect_right(toks.end, start)
        last = bisect.bisect_left(toks.idx, end)
        return range(first, last)

    def _span_text(self, first: int, last: int) -> str:
        """Original text of tokens first..last (inclusive)."""
        return self.text[self.toks.idx[first]:self.toks.end[last]]

    def _new_names(self, known: list[Mention]) -> list[Mention]:
        """New organisations, programmes and persons, from capitalised chunks and acronyms."""
        toks = self.toks
        words, norms, cap = toks.text, toks.norm, toks.cap
        n_tok = len(toks)
        ent_at: dict[int, Mention] = {}
        for m in known:
            for i in self._tok_span(m.start, m.end):
                ent_at[i] = m
        out: list[Mention] = []
        used: set[int] = set()
        # 1. "Long Name (ACRONYM)"
        for i in range(n_tok - 2):
            if words[i] != "(" or words[i + 2] != ")":
                continue
            a = i + 1
            acr_text = words[a]
            mixed = not _ACRONYM.match(acr_text) and _MIXED_ACRONYM.match(acr_text) is not None
            if not (_ACRONYM.match(acr_text) or mixed) or (a in ent_at and ent_at[a].kind != "ORG"):
                continue
            # "Secretaría Nacional Antidrogas (Senad)": a capitalised word is an acronym only if it spells the name
            span = self._chunk_before(i, ent_at, acr_text, strict=mixed)
            if span is None:
                continue
            first, last = span
            places = ("Country", "Region", "City")
            if any(k in ent_at and ent_at[k].etype not in places for k in range(first, last + 1)) \
                    and all(k in ent_at for k in range(first, last + 1) if cap[k]):
                continue
            name = self._span_text(first, last)
            m = self._new_entity(first, last, name, acr_text, ent_at)
            if m is not None:
                out.append(m)
                used.update(range(first, a + 2))
                out.append(Mention(toks.idx[a], toks.end[a], acr_text, m.kind, m.key, m.etype, m.new))
        # 2. capitalised chunks with an organisation or programme head word
        connectors = self.p.connectors
        articles = ("the", "el", "la", "los", "las", "a", "an", "un", "una")
        i = 0
        while i < n_tok:
            if i in used:
                i += 1
                continue
            if not cap[i] and norms[i] in self.p.programme_heads:
                # "the programme EuroMed Justicia", "project DISRUPT": a lower-case head names what follows
                m = self._named_programme(i, ent_at, used)
                if m is not None:
                    out.append(m)
                i += 1
                continue
            if not cap[i] or (i in ent_at and ent_at[i].etype not in ("Country", "City")):
                i += 1
                continue
            # a title ("Director of the", "Chief of") is not part of the name of the body that follows
            after = self._after_role(i)
            if after is not None:
                # "Secretario Político de la Embajada Británica": the title runs to its "of"
                k = after
                while k < min(n_tok, after + 3) and cap[k] and norms[k] not in connectors:
                    k += 1
                if k < n_tok and norms[k] in ("of", "de", "del") and k > after:
                    after = k
                while after < n_tok and not cap[after] and (norms[after] in connectors or norms[after] in articles):
                    after += 1
                i = max(after, i + 1)
                continue
            j = i
            last_cap = i
            while j + 1 < n_tok and j + 1 not in used:
                k = j + 1
                inside = k in ent_at and ent_at[k].etype in ("Country", "Region", "City")
                if (cap[k] or self._name_hyphen(k)) and (k not in ent_at or inside):
                    if self._role_before_name(k):
                        break
                    j += 1
                    last_cap = j
                elif norms[k] in connectors or words[k] in ("’s", "'s"):
                    if norms[k] in ("y", "and", "e", "&") and (self._body_follows(k + 1) or (
                            (norms[last_cap] in self.org_heads or _ACRONYM.match(words[last_cap]))
                            and self._named_body_follows(k + 1))):
                        break
                    j += 1
                else:
                    break
            first = i
            while first < last_cap and norms[first] in articles:
                first += 1
            # "Agentes de la Policía Nacional", "Officials of the Ministry": people of the body, not its name
            if norms[first] in self.people_nouns and first + 1 < last_cap and norms[first + 1] in connectors:
                k = first + 1
                while k < last_cap and (norms[k] in connectors or norms[k] in articles) and not cap[k]:
                    k += 1
                if cap[k]:
                    first = k
            chunk_norms = norms[first:last_cap + 1]
            if first - 1 in ent_at and all(n in self.p.name_suffix_words for n in chunk_norms):
                # "CRIMJUST Global Programme", "UNODC Country Office": more words of the name before
                before = ent_at[first - 1]
                before.end = toks.end[last_cap]
                before.text = self.text[before.start:before.end]
                used.update(range(first, last_cap + 1))
                i = last_cap + 1
                continue
            head = self._head(chunk_norms)
            if head and last_cap > first - 1 and not (first == last_cap and chunk_norms[0] in self.p.org_heads):
                name = self._span_text(first, last_cap)
                m = self._new_entity(first, last_cap, name, None, ent_at)
                if m is not None:
                    out.append(m)
                    used.update(range(first, last_cap + 1))
            i = last_cap + 1
        # 3. unknown acronyms next to cue phrases or in lists ("gestionado por la FIIAPP")
        self.defined_acronyms = {a for record in self.entities.values() for a in record.get("acronyms", [])}
        for i in range(1, n_tok):
            word = words[i]
            if i in used or i in ent_at or len(word) < 3 or not word.isalpha() or not word.isupper():
                continue
            if not _ACRONYM.match(word):
                continue
            # an acronym the document defined before ("Container Control Programme (CCP)") keeps its entity
            key = self._resolve_name(word, "ANY") if word in self.defined_acronyms else self._resolve_name(word, "ORG")
            if key is None:
                if norms[i - 1] not in ("la", "el", "the", "por", "by", "and", "y", "with", "con", "de", "of"):
                    continue
                key = self.resolver.candidate_key(word)
                self.define(key, "Organization", word, toks.idx[i], toks.end[i], CONF["new-entity"],
                            {"acronyms": [word]})
            etype = self.resolver.entities[key].type
            out.append(Mention(toks.idx[i], toks.end[i], word, _kind(etype), key, etype, True))
        # 4. persons: honorific + capitalised words
        out.extend(self._persons(ent_at, used))
        return out

    def _head(self, norms: list[str]) -> str | None:
        """'org' or 'programme': the kind of the first head word of a name ("Global Programme against ...")."""
        for n, norm in enumerate(norms):
            if n + 1 < len(norms) and f"{norm} {norms[n + 1]}" in self.org_heads:
                return "org"
            if norm in self.org_heads:
                return "org"
            if norm in self.p.programme_heads and len(norms) > 1:
                return "programme"
        return None

    def _after_role(self, i: int) -> int | None:
        """The token after the role title that starts at token *i* ("Director", "Programme Officer"), if any."""
        hits = [h for h in self._hits_at(self.toks.idx[i]) if h.group == "ROLE"]
        if not hits:
            return None
        return bisect.bisect_left(self.toks.idx, max(h.end for h in hits))

    def _role_before_name(self, k: int) -> bool:
        """True when token *k* starts a capitalised title directly followed by a name ("Programme Officer Ana")."""
        after = self._after_role(k)
        toks = self.toks
        return after is not None and after < len(toks) and toks.cap[after] and toks.norm[after] not in self.org_heads

    def _body_follows(self, k: int) -> bool:
        """True when token *k* (after an 'and') starts another body's name ("... y la Academia ...")."""
        norms = self.toks.norm
        while k < len(norms) and norms[k] in ("the", "el", "la", "los", "las"):
            k += 1
        return k < len(norms) and self.toks.cap[k] and norms[k] in self.org_heads

    def _named_body_follows(self, k: int) -> bool:
        """True when token *k* (after 'X Bureau and') starts a capitalised name with its own head word
        ("the Marine Police Unit"): two bodies, not one name."""
        toks = self.toks
        norms, cap = toks.norm, toks.cap
        if k < len(norms) and norms[k] in ("the", "el", "la", "los", "las"):
            k += 1
        while k < len(norms) and cap[k]:
            if norms[k] in self.org_heads:
                return True
            k += 1
        return False

    def _named_programme(self, i: int, ent_at: dict[int, Mention], used: set[int]) -> Mention | None:
        """A programme named after a lower-case head word: "programa EuroMed Justicia", "project DISRUPT"."""
        toks = self.toks
        quoted = self._quoted_name(i + 1)
        if quoted is not None:
            # 'the UNODC project "Response to Drugs and Related Organized Crime in Nigeria"'
            first, last = quoted
            name = self._span_text(first, last)
            start, end = toks.idx[first], toks.end[last]
            key = self._resolve_name(name, "PROGRAMME") or self.resolver.candidate_key(name)
            if key not in self.resolver.entities:
                self.define(key, "Programme", name, start, end, CONF["new-entity"])
            etype = self.resolver.entities[key].type
            used.update(range(i + 1, last + 2))
            return Mention(start, end, name, _kind(etype), key, etype, True)
        j = i + 1
        while j < len(toks) and toks.cap[j] and j not in ent_at and j not in used:
            j += 1
        if j == i + 1 or any(toks.norm[k] in self.org_heads or toks.norm[k] in self.p.months for k in range(i + 1, j)):
            return None
        name = self._span_text(i + 1, j - 1)
        start, end = toks.idx[i + 1], toks.end[j - 1]
        key = self._resolve_name(name, "PROGRAMME")
        if key is None:
            key = self.resolver.candidate_key(name)
            self.define(key, "Programme", name, start, end, CONF["new-entity"])
        etype = self.resolver.entities[key].type
        used.update(range(i + 1, j))
        return Mention(start, end, name, _kind(etype), key, etype, True)

    def _quoted_name(self, k: int) -> tuple[int, int] | None:
        """First and last token of a capitalised title in quotes that opens at token *k*, if any."""
        toks = self.toks
        if k + 1 >= len(toks) or toks.text[k] not in ('"', "“", "«") or not toks.cap[k + 1]:
            return None
        for j in range(k + 2, min(len(toks), k + 25)):
            if toks.text[j] in ('"', "”", "»"):
                return (k + 1, j - 1) if "\n" not in self.text[toks.idx[k]:toks.idx[j]] else None
        return None

    def _chunk_before(self, paren: int, ent_at: dict[int, Mention], acronym: str,
                      strict: bool = False) -> tuple[int, int] | None:
        """The tokens of the long name that an acronym in parentheses (token *paren* is '(') stands for."""
        words, norms, cap = self.toks.text, self.toks.norm, self.toks.cap
        last = paren - 1
        if last < 0 or not cap[last]:
            return None
        glue = self.p.connectors | {"in", "on", "to", "against", "contra", "for", ","}
        first = first_plain = last
        comma = False
        j = last
        while j - 1 >= 0 and last - j < 24:
            k = j - 1
            if cap[k] or norms[k] in glue or words[k] in ("’s", "'s", "-"):
                j -= 1
                comma = comma or words[j] == ","
                if cap[j]:
                    first = j
                    if not comma:
                        first_plain = j
            else:
                break
        letters = "".join(c for c in acronym.upper() if c.isalpha())
        # the longest stretch of words whose letters spell the acronym ("Airport COmmunication Project")
        for slack in (0, 1, 2):
            for start in range(first, last + 1):
                if not cap[start] or norms[start] in ("the", "el", "la", "los", "las"):
                    continue
                parts = [(words[k], not cap[k] or norms[k] in self.p.connectors)
                         for k in range(start, last + 1) if words[k] not in (",", "-", "’s", "'s")]
                if _fits_acronym(letters, parts, slack):
                    return start, last
        first = first_plain
        if not strict and self._head(norms[first:last + 1]):
            while first < last and norms[first] in ("the", "el", "la", "los", "las"):
                first += 1
            return first, last
        return None

    def _new_entity(self, first: int, last: int, name: str, acronym: str | None,
                    ent_at: dict[int, Mention]) -> Mention | None:
        norms = self.toks.norm[first:last + 1]
        head = self._head(norms)
        kind = "PROGRAMME" if head == "programme" else "ORG"
        start, end = self.toks.idx[first], self.toks.end[last]
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
        for norm in norms:
            demonym = self.p.demonyms.get(norm)
            if demonym and demonym in self.resolver.entities:
                countries.append(demonym)
        if countries and etype != "Programme":
            facts.append(["country", countries[-1]])
        if facts:
            extra["facts"] = facts
        self.define(key, etype, " ".join(name.split()), start, end, CONF["new-entity"], extra)
        return Mention(start, end, name, _kind(etype), key, etype, True)

    def _persons(self, ent_at: dict[int, Mention], used: set[int]) -> list[Mention]:
        """Persons: after an honorific, next to a role title ("Director X Y," / ", Director of Z"), after a
        capitalised title ("Programme Officer Ana Ruiz"); leading ranks ("Brigadier General") are not the name."""
        toks = self.toks
        words, norms, cap = toks.text, toks.norm, toks.cap
        n_tok = len(toks)
        out: list[Mention] = []
        particles = {"de", "del", "la", "van", "von", "da", "dos", "bin", "al", "el", "y"}
        honorifics, ranks = self.p.honorifics, self.p.ranks
        after_title = {bisect.bisect_left(toks.idx, h.end) for h in self.hits
                       if h.group == "ROLE" and self.text[h.start:h.start + 1].isupper()}
        self.name_tokens = set(ent_at) | used
        for t in range(n_tok):
            honorific = norms[t] in honorifics
            if t in used or t in ent_at:
                continue
            if not honorific and not (cap[t] and (self._name_after_role(t) or t in after_title)):
                continue
            i = t + 1 if honorific else t
            title_start = i
            while i + 1 < n_tok and cap[i] and norms[i] in ranks and cap[i + 1]:
                i += 1
            # right after a title without a comma ("Programme Officer Ana Ruiz"), only capitalised words
            bare = not honorific and t in after_title and not self._name_after_role(t)
            j = i
            while j < n_tok and (j not in ent_at or self._surname_place(j, i, ent_at)) and j not in used and (
                    cap[j] or self._name_hyphen(j) or (
                        not bare and norms[j] in particles and j + 1 < n_tok and cap[j + 1])):
                if norms[j] in self.p.org_heads or norms[j] in self.p.months or norms[j] == "the":
                    break
                j += 1
            while j > i and norms[j - 1] in particles:
                j -= 1
            if j - i < 2 or j - i > 5 or (bare and j < n_tok and norms[j] in ("of", "de", "del")):
                continue
            if any(norms[k] in self.p.role_words or toks.idx[k] in self.role_hit_starts for k in range(i, j)):
                continue
            raw = self._span_text(i, j - 1)
            name = raw.title() if raw.isupper() else raw
            start, end = toks.idx[i], toks.end[j - 1]
            key = self._resolve_name(name, "PERSON")
            if key is None:
                key = self.resolver.candidate_key(name)
                self.define(key, "Person", name, start, end, CONF["person"])
            out.append(Mention(start, end, raw, "PERSON", key, "Person", True))
            used.update(range(t, j))
            if honorific:
                self.add(self.sent_of(start), [key, "honorific", words[t]], CONF["person"])
            elif i > title_start:
                self.add(self.sent_of(start), [key, "honorific", self._span_text(title_start, i - 1)],
                         CONF["person"])
        return out

    def _name_after_role(self, i: int) -> bool:
        """True when token *i* starts 'Name Surname' right after 'Role title,' or before ', Role'."""
        words, cap = self.toks.text, self.toks.cap
        n_tok = len(words)
        if i == 0 or not cap[i] or i + 1 >= n_tok or not cap[i + 1]:
            return False
        j = i
        while j < n_tok and (cap[j] or self._name_hyphen(j)):
            j += 1
        if j < n_tok - 1 and words[j] == "," and self._starts_role(j + 1):
            return not self._starts_role(i)
        if words[i - 1] == "," and (j >= n_tok or words[j] in (",", ".", ";", ")", "y", "and")):
            k = i - 2
            while k >= 0 and k > i - 32 and (words[k] not in (",", ".", ";", ":") or k in self.name_tokens):
                if self._starts_role(k):
                    return True
                k -= 1
        return False

    def _surname_place(self, j: int, first: int, ent_at: dict[int, Mention]) -> bool:
        """True when token *j*, a one-word place name, ends a person's name ("Roger Mariaca Montenegro,")."""
        toks = self.toks
        m = ent_at[j]
        return j > first + 1 and m.etype in ("Country", "City") and " " not in m.text and \
            toks.idx[j] == m.start and j + 1 < len(toks) and toks.text[j + 1] in (",", ";", ")")

    def _name_hyphen(self, k: int) -> bool:
        """True when token *k* is a hyphen inside a capitalised name ("Adu-Amanfoh")."""
        toks = self.toks
        return 0 < k < len(toks) - 1 and toks.text[k] in ("-", "‑") and toks.cap[k - 1] and toks.cap[k + 1] \
            and toks.end[k - 1] == toks.idx[k] and toks.end[k] == toks.idx[k + 1]

    def _starts_role(self, i: int) -> bool:
        toks = self.toks
        if i < len(toks) and toks.norm[i] in ("the", "el", "la"):
            i += 1
        return i < len(toks) and toks.idx[i] in self.role_starts

    def _index_hits(self) -> None:
        """Hits by start offset, and the starts of role words, for constant-time lookups."""
        self.hits_by_start: dict[int, list[Hit]] = {}
        for hit in self.hits:
            self.hits_by_start.setdefault(hit.start, []).append(hit)
        self.role_hit_starts = {h.start for h in self.hits if h.group == "ROLE"}
        self.role_starts = self.role_hit_starts | self._role_leads()
        self.hit_starts = [h.start for h in self.hits]

    def _role_leads(self) -> set[int]:
        """Where a title starts when words come before its role word: "Legal Officer", "a former
        investigator", "AIRCOP Global Coordinator" (up to three capitalised words or role modifiers)."""
        toks = self.toks
        modifiers = self.p.role_modifiers
        out: set[int] = set()
        for start in self.role_hit_starts:
            k = bisect.bisect_left(toks.idx, start) - 1
            for _ in range(3):
                hyphen = toks.end[k] == toks.idx[k + 1] and toks.text[k + 1] == "-"
                if k < 0 or not (toks.cap[k] or toks.norm[k] in modifiers) or toks.norm[k] in self.p.honorifics \
                        or toks.norm[k] in self.p.months or hyphen:
                    break
                out.add(toks.idx[k])
                k -= 1
        return out

    def _hits_at(self, pos: int) -> list[Hit]:
        return self.hits_by_start.get(pos, [])

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
        # every date expression has digits: only look around them
        windows: list[list[int]] = []
        for digits in re.finditer(r"\d+", self.folded):
            lo, hi = max(0, digits.start() - 60), digits.end() + 60
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        for regex in self.p.dates:
            for m in (m for lo, hi in windows for m in regex.finditer(self.folded, lo, hi)):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                g = m.groupdict()
                m1 = self.p.months.get(g.get("m1") or "") or (int(g["mn1"]) if g.get("mn1") else None)
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
        """Persons with role titles ("Ms. X, Director of Y" / "the Director of Y, X" / "INTERPOL Secretary
        General X"), and titles alone."""
        persons = [m for m in self.mentions if m.kind == "PERSON"]
        role_hits = [h for h in self.hits if h.group == "ROLE"]
        done: set[int] = set()
        for person in persons:
            hint = None
            span = self._role_after(person) or self._role_before(person)
            if span is None:
                span, hint = self._role_adjacent(person)
            if span is None:
                self._from_body(person)
                continue
            rstart, rend = span
            done.add(rstart)
            self._position(person, rstart, rend, hint)
        # titles without a named person still name the body ("the Minister of Public Security of China")
        for hit in role_hits:
            if hit.start in done:
                continue
            rend = self._role_end(hit.start)
            orgs = self._orgs_in(hit.start, rend)
            if not orgs:
                self._derived_org(hit, rend)

    _FROM_BEFORE = re.compile(r"\b(from|of|de|del)\s+((the|la|el|los|las)\s+)?$")
    _FROM_BODY = re.compile(r"\s*,\s*(?:from|of|de|del)\s+(?:(?:the|la|el|los|las)\s+)?")

    def _from_body(self, person: Mention) -> None:
        """'Ramón Espinosa, de la Dirección General DEVCO', 'Ana Ruiz, from the OSCE': the person's body."""
        m = self._FROM_BODY.match(self.folded, person.end)
        if m is None:
            return
        body = next((x for x in self.mentions if x.start == m.end() and x.kind == "ORG"
                     and x.etype not in ("Country", "Region", "City")), None)
        if body is not None:
            self.add(self.sent_of(person.start), [person.key, "affiliatedWith", body.key], CONF["derived"])
            self.person_org.setdefault(person.key, body.key)

    _ROLE_END = re.compile(r"[,.;:()\"“”]|\s(who|quien|que|said|dijo|highlighted|stressed|destaco|senalo)\s")
    _ROLE_AFTER = re.compile(r"\s*,\s*(?:(?:the|el|la)\s+)?")

    def _role_end(self, start: int) -> int:
        m = self._ROLE_END.search(self.folded, start)
        end = m.start() if m else len(self.text)
        sentence = self.sentences[self.sent_of(start)]
        return min(end, sentence.end)

    def _role_after(self, person: Mention) -> tuple[int, int] | None:
        m = self._ROLE_AFTER.match(self.folded, person.end)
        if not m:
            return None
        start = m.end()
        if start not in self.role_starts:
            return None
        return start, self._role_end(start)

    def _prefix_start(self, person: Mention) -> int:
        """Where the person's mention starts with its honorific or ranks ("Brigadier General X Y")."""
        toks = self.toks
        i = bisect.bisect_left(toks.idx, person.start)
        ranks, honorifics = self.p.ranks, self.p.honorifics
        while i > 0 and ((toks.norm[i - 1] in ranks and toks.cap[i - 1]) or toks.norm[i - 1] in honorifics):
            i -= 1
        return toks.idx[i] if i < len(toks) else person.start

    def _role_before(self, person: Mention) -> tuple[int, int] | None:
        before = self.folded[:self._prefix_start(person)].rstrip()
        if not before.endswith(","):
            return None
        comma = len(before) - 1
        sentence = self.sentences[self.sent_of(person.start)]
        roles = [h for h in self.hits if h.group == "ROLE" and sentence.start <= h.start < comma]
        for n in range(len(roles) - 1, -1, -1):
            hit = roles[n]
            segment = list(self.folded[hit.start:comma])
            for m in self.mentions:
                if m.kind == "ORG" and hit.start <= m.start and m.end <= comma:
                    segment[m.start - hit.start:m.end - hit.start] = " " * (m.end - m.start)
            if not re.search(r"[,.;:]", "".join(segment)):
                # "secretary and coordinator of ...": the title starts with the first of coordinated roles
                while n > 0 and re.fullmatch(r"\s+(and|y|e)\s+", self.folded[roles[n - 1].end:roles[n].start]):
                    n -= 1
                return roles[n].start, comma
        return None

    def _role_adjacent(self, person: Mention) -> tuple[tuple[int, int] | None, Mention | None]:
        """A capitalised title right before the name ("Secretary General X"), and the body named before it."""
        starts = {self._prefix_start(person), person.start}
        for hit in self.hits:
            if hit.group != "ROLE" or not any(hit.end <= p and not self.text[hit.end:p].strip() for p in starts):
                continue
            if not self.text[hit.start:hit.start + 1].isupper():
                return None, None
            org = next((m for m in reversed(self.mentions) if m.end <= hit.start and m.kind in ("ORG", "PROGRAMME")
                        and not self.text[m.end:hit.start].strip()), None)
            return (hit.start, hit.end), org
        return None, None

    def _orgs_in(self, start: int, end: int) -> list[Mention]:
        orgs = [m for m in self.mentions if start <= m.start and m.end <= end and m.kind == "ORG"]
        # "the EU Delegation to Ghana": the unit, not its parent
        bodies = [m for m in orgs if m.etype not in ("Country", "Region") and id(m) not in self.absorbed] or \
            [m for m in orgs if m.etype not in ("Country", "Region")]
        return bodies or orgs

    def _derived_org(self, hit: Hit, rend: int) -> Mention | None:
        """'Minister of X' -> the body 'Ministry of X' (role_to_org), resolved or new."""
        role = self.folded[hit.start:hit.end]
        head = self.p.role_to_org.get(role)
        if head is None:
            return None
        # the capitalised words after the title ("of Justice and Public Security"), not the verb after them
        first = bisect.bisect_left(self.toks.idx, hit.end)
        last = first - 1
        k = first
        while k < len(self.toks) and self.toks.idx[k] < rend and (
                self.toks.cap[k] or self.toks.norm[k] in self.p.connectors):
            if self.toks.cap[k]:
                last = k
            k += 1
        if last < first:
            return None
        rest = self._span_text(first, last)
        words = rest.split()
        if re.match(r"(of|de|del)\b", fold(rest)):
            if len(words) < 2 or not any(_UPPER.match(w) for w in words[1:]):
                return None
        elif not re.search(r"\b(of|de|del)\b", fold(rest)):
            return None
        rend = self.toks.end[last]
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

    def _position(self, person: Mention, rstart: int, rend: int, hint: Mention | None = None) -> None:
        """A Position: holder, organization (the body in the title, the body named before it, a body derived
        from the title, a country, or a programme), role title, and affiliatedWith for an actor."""
        title = " ".join(self.text[rstart:rend].split())
        orgs = self._orgs_in(rstart, rend)
        bodies = [o for o in orgs if o.etype not in ("Country", "Region")]
        bodies = [o for n, o in enumerate(bodies) if n == 0 or o.key != bodies[n - 1].key]
        if len(bodies) > 1 and bodies[0].new and not bodies[1].new and \
                self._UNIT_OF.fullmatch(self.folded, bodies[0].end, bodies[1].start):
            # "la directora de Administración Pública (APAS) de la FIIAPP": the known body the unit belongs to
            bodies = bodies[1:]
        org = bodies[0] if bodies else hint
        first_role = next((h for h in self.hits if h.group == "ROLE" and rstart <= h.start < rend), None)
        named = [m for m in self.mentions if rstart <= m.start and m.end <= rend and m.kind == "ORG"]
        if first_role is not None and self.folded[first_role.start:first_role.end] in self.p.country_roles and \
                named and named[0].etype == "Country":
            org = named[0]  # "the Ambassador of Mexico to the EU": the country the ambassador speaks for
            self.add(self.sent_of(person.start), [person.key, "represents", org.key], CONF["position"])
        if org is None:
            for hit in [h for h in self.hits if h.group == "ROLE" and rstart <= h.start < rend]:
                org = self._derived_org(hit, rend)
                if org is not None:
                    break
        if org is None:
            # "AIRCOP Regional Coordinator for Latin America": the programme that opens the title, not the region
            org = next((m for m in self.mentions if m.start == rstart and m.kind == "PROGRAMME"), None)
        if org is None and orgs:
            org = orgs[0]
        lead = self.folded[max(0, rstart - 6):rstart].split(",")[-1].strip() + " "
        if org is None and re.match(r"(su|sus|its|their)\s", lead):
            # "PROTEX, represented by its secretary ..., Marcos Parera"
            org = next((m for m in reversed(self.mentions) if m.end <= rstart and m.kind == "ORG"
                        and m.etype not in ("Country", "Region")
                        and self.sent_of(m.start) == self.sent_of(rstart)), None)
        if org is None:
            org = next((m for m in self.mentions if rstart <= m.start and m.end <= rend and m.kind == "PROGRAMME"),
                       None)
        if org is None:
            return
        sentence = self.sent_of(min(person.start, rstart))
        key = f"pos-{person.key}-{org.key}"[:120].rstrip("-")
        label = f"{self.resolver.entities[person.key].label}, {title}"
        first, last = min(person.start, rstart), max(person.end, rend)
        self.define(key, "Position", label, first, last, CONF["position"])
        triples = [[key, "holder", person.key], [key, "organization", org.key], [key, "roleTitle", title]]
        self.title_spans.append((rstart, rend))
        if org.kind == "ORG" and (person.key not in self.person_org or org.etype not in ("Country", "Region")):
            self.person_org[person.key] = org.key
        if org.kind == "ORG":
            triples.append([person.key, "affiliatedWith", org.key])
        for triple in triples:
            self.add(sentence, triple, CONF["position"])

    # ------------------------------------------------------------------ sentences
    @staticmethod
    def _in(items: list[Any], sentence: Sentence) -> list[Any]:
        """The items (sorted by start) that start inside *sentence*."""
        lo = bisect.bisect_left(items, sentence.start, key=lambda x: x.start)
        hi = bisect.bisect_left(items, sentence.end, lo, key=lambda x: x.start)
        return items[lo:hi]

    _DASH = re.compile(r"\s[-–—]\s|\.-")

    _BRACKETED = re.compile(r"^\s*\(\w[\w.-]{1,14}\)")
    _GAP_PUNCT = re.compile(r"[,;:()\"'’\-]")

    def _gap_is_glue(self, start: int, end: int, cues: bool = False, titles: bool = False) -> bool:
        """True when the text between two mentions only joins them into a list ("A, B and the C");
        with *titles*, persons' role titles count as glue ("X, Director of A, and the Director of B, Y")."""
        gap = self.folded[start:end]
        if titles:
            for first, last in self.title_spans:
                if start <= last and first < end:
                    lo, hi = max(first, start) - start, min(last, end) - start
                    gap = gap[:lo] + " " * (hi - lo) + gap[hi:]
            if gap.strip(" ,") == "":
                return True
        if end - start >= 60:
            return False
        if self._DASH.search(gap):
            return False
        if cues:
            lo = bisect.bisect_left(self.hit_starts, start)
            for hit in self.hits[lo:bisect.bisect_left(self.hit_starts, end, lo)]:
                if hit.end <= end and hit.group.startswith("CUE:"):
                    gap = gap[:hit.start - start] + " " * (hit.end - hit.start) + gap[hit.end - start:]
        # "Secretaría Nacional Antidrogas (Senad) y la Policía": a bracketed short form is part of the item
        gap = " ".join(self._GAP_PUNCT.sub(" ", self._BRACKETED.sub(" ", gap)).split())
        return not gap or self.glue.fullmatch(gap) is not None

    _OF_GAP = re.compile(r"[\s)]*(of|de|del)(\s+(the|la|el|los|las))?\s*")

    def _of_parent(self, child: Mention, parent: Mention, parent_start: int | None = None) -> bool:
        """'X of the Y' / 'X de la Y' in a list: Y is X's parent body (or, for a programme, its implementer),
        not another item of the list.  Records the relation; True when *parent* is not a list item.
        *parent_start*: where Y's full name starts ("the UNODC Organized Crime ... Branch")."""
        if not self._OF_GAP.fullmatch(self.folded, child.end, parent.start if parent_start is None else parent_start):
            return False
        index = self.sent_of(parent.start)
        if parent.kind != "ORG":
            return False
        if parent.etype in ("Country", "Region", "City"):
            return True
        if child.kind == "PROGRAMME":
            self._state(index, [child.key, "implementer", parent.key], CONF["cue"])
            return False
        if child.kind == "ORG" and child.etype not in ("Country", "Region", "City"):
            self._state(index, [child.key, "subOrganizationOf", parent.key], CONF["cue"])
            return True
        return False

    def _scope(self, after: int, mentions: list[Mention], stop: int) -> list[Mention]:
        """The coordinated list of mentions right after position *after*."""
        out: list[Mention] = []
        pos = after
        last: Mention | None = None
        compound: int | None = None
        for m in mentions:
            if m.start < after or m.kind == "THREAT":
                continue
            if m.start >= stop:
                break
            if last is not None and m.start < last.end:
                continue
            if not self._gap_is_glue(pos, m.start):
                if out and out[-1].key == m.key:
                    continue
                break
            pos = m.end
            if last is not None and m.key == last.key:
                continue  # the same body again: "Long Name (ACRONYM)"
            if id(m) in self.absorbed:
                compound = m.start if compound is None else compound
                continue
            if last is not None and self._of_parent(last, m, compound):
                last, compound = m, None
                continue
            out.append(m)
            last, compound = m, None
        return out

    def _subjects(self, before: int, mentions: list[Mention], claimed: set[int], floor: int,
                  titles: bool = False) -> list[Mention]:
        """The coordinated list of unclaimed mentions that ends right before position *before*."""
        out: list[Mention] = []
        pos = before
        # "Bolivia has announced": auxiliaries between the subject and its verb
        gap = self.folded[floor:before].rstrip()
        for aux in self.p.auxiliaries:
            if gap.endswith(" " + aux):
                pos = floor + len(gap) - len(aux)
                break
        later: Mention | None = None
        for m in reversed([m for m in mentions if m.end <= before and m.start >= floor]):
            if id(m) in claimed or id(m) in self.absorbed:
                pos = m.start
                continue
            if m.kind in ("THREAT", "PLACE"):
                break
            if not self._gap_is_glue(m.end, pos, cues=True, titles=titles):
                break
            pos = m.start
            if later is not None and self._of_parent(m, later):
                out.remove(later)
            out.append(m)
            later = m
        return list(reversed(out))

    def _sentence(self, index: int, sentence: Sentence) -> None:
        hits = self._in(self.hits, sentence)
        mentions = self._in(self.mentions, sentence)
        end = sentence.end
        claimed: set[int] = set()
        roles: list[tuple[str, Mention, Hit]] = []
        cue_hits = [h for h in hits if h.group.startswith("CUE:")]
        previous: tuple[str, Mention] | None = None
        for n, hit in enumerate(cue_hits):
            stop = cue_hits[n + 1].start if n + 1 < len(cue_hits) else end
            found = self._scope(hit.end, mentions, stop)
            role = hit.group[4:]
            trainers = self.owner.trainers(self.src.language)
            lead = trainers.match(self.folded, hit.end) if trainers and role in ("organizer", "facilitator") else None
            if not found and lead is not None:
                # "delivered by two AML/CFT experts: A, a former investigator, and B, an analyst": who taught
                role = "facilitator"
                found = [m for m in mentions if lead.end() <= m.start < stop and m.kind == "PERSON"]
            if found and hit.start <= self._after_dateline(sentence) + 2:
                found = self._fronted(hit, found, hits)
            if role == "participant" and previous is not None and not self.text[previous[1].end:hit.start].strip():
                # "facilitated by anti-drug police representatives from Colombia and the Bolivian Special Forces":
                # the list goes on with the earlier role; the countries only say where the first comes from
                role = previous[0]
                found = [m for m in found if m.etype not in ("Country", "Region")]
            if not found and hit.group == "CUE:represented":
                # "represented by its secretary and coordinator of ..., Marcos Parera"
                person = next((m for m in mentions if hit.end <= m.start < min(stop, hit.end + 120)
                               and m.kind == "PERSON"), None)
                if person is not None and not re.search(r"[.;:]", self.folded[hit.end:self._prefix_start(person)]):
                    found = [person]
            if hit.group == "CUE:underProgramme":
                # "Under the framework of CRIMJUST, the UNODC delivered ...": only the programmes
                kept = []
                for m in found:
                    if m.kind != "PROGRAMME":
                        if self._FUNDED.match(self.folded, m.end):
                            continue  # "through the EU-funded project DISRUPT"
                        break
                    kept.append(m)
                found = kept
            for m in found:
                if id(m) in claimed:
                    continue
                claimed.add(id(m))
                roles.append((role, m, hit))
            previous = (role, found[-1]) if found else None
        frame = self._frame_for(index, sentence, hits, mentions, claimed, roles)
        if frame is None and self.current["activity"] is None:
            self._hold_participants(index, hits, mentions, roles)
        agreement = self._agreement_for(index, sentence, hits, mentions, claimed)
        self._memberships(index, sentence, hits, mentions)
        self._prefix_funders(index, mentions, frame)
        self._supports(index, sentence, hits, mentions, frame, claimed)
        self._programme_countries(index, sentence, mentions)
        framework = [m for role, m, _ in roles if role == "underProgramme" and m.kind == "PROGRAMME"]
        programme_subject = framework[0] if framework else next(
            (m for m in mentions if m.kind == "PROGRAMME" and id(m) not in claimed), None)
        subjects = [self._cue_subject(hit, mentions, frame, agreement, sentence) for _role, _m, hit in roles]
        # "funded by" says how the activity (not a programme named in it) is funded
        funding = any(role == "funder" and subject is not None and subject[1] != "programme"
                      for (role, _, _), subject in zip(roles, subjects, strict=True))
        for (role, m, hit), subject in zip(roles, subjects, strict=True):
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
                if m.kind == "PERSON" and id(m) not in claimed and (
                        frame is not None or any(h.group == "SPEECH" for h in hits)):
                    self.add(index, [activity.key, "participant", m.key], CONF["speaker"])

    def _fronted(self, hit: Hit, found: list[Mention], hits: list[Hit]) -> list[Mention]:
        """A cue that opens the sentence ("In cooperation with X, the Y of Z has delivered ...") covers the
        names up to the first comma when a verb follows: the names after it are the verb's subject."""
        verbs = [h for h in hits if h.start > found[0].end and (h.group in ("ORGV", "MEETV", "SIGNV", "PARTV")
                                                                 or h.group.startswith("ACTV:"))]
        if not verbs:
            return found
        kept = [found[0]]
        for m in found[1:]:
            if "," in self.text[kept[-1].end:m.start]:
                break
            kept.append(m)
        return kept

    def _hold_participants(self, index: int, hits: list[Hit], mentions: list[Mention],
                           roles: list[tuple[str, Mention, Hit]]) -> None:
        """'Delegations of Belize, Ecuador and Haiti came ... It was a course ...': keep the participants
        named before any activity for the activity the next sentences name."""
        if not (any(h.group == "PARTV" for h in hits) or any(r[0] == "participant" for r in roles)):
            return
        found = [m for role, m, _ in roles if role == "participant" and m.kind in ("ORG", "PERSON")
                 and m.etype != "Region"]
        found += [m for m in self._country_lists(mentions) if m not in found]
        if found:
            self.pending = (index, found)

    _UNIT_OF = re.compile(r"(?:\s*\([^()]{1,15}\))?[\s)]*(of|de|del)(\s+(the|la|el|los|las))?\s*")
    _APPOSITION = re.compile(r"[\s)]*,\s*$")

    def _cue_subject(self, hit: Hit, mentions: list[Mention], frame: Frame | None, agreement: Frame | None,
                     sentence: Sentence) -> tuple[str, str] | None:
        role = hit.group[4:]
        if role in ("funder", "supporter", "implementer"):
            # "... (COPOLAD II), financiado por la Comisión Europea": the programme just named
            last = next((m for m in reversed(mentions) if m.end <= hit.start), None)
            if last is not None and last.kind == "PROGRAMME" and self._APPOSITION.match(
                    self.folded[last.end:hit.start]):
                return last.key, "programme"
        # "The project, managed by FIIAPP": the programme named last
        anaphor = self._PROGRAMME_ANAPHOR.search(self.folded, max(sentence.start, hit.start - 40), hit.start)
        if role in ("implementer",) or (role in ("funder", "supporter") and (frame is None or anaphor)):
            before = [m for m in mentions if m.end <= hit.start and m.kind == "PROGRAMME"]
            if before and (frame is None or frame.start < before[-1].start or role == "implementer"):
                return before[-1].key, "programme"
            if frame is None and agreement is None:
                after = [m for m in mentions if m.start >= hit.end and m.kind == "PROGRAMME"]
                if after and role == "implementer":
                    return after[0].key, "programme"
            if anaphor:
                previous = self._programme_before(sentence.start)
                if previous is not None:
                    return previous.key, "programme"
            if role == "implementer":
                return None
        if frame is None and agreement is None and role in ("supporter", "funder", "partner"):
            # "CLASI, supported by the EL PAcCTO program"
            appositive = next((m for m in reversed(mentions) if m.end <= hit.start), None)
            if appositive is not None and appositive.kind in ("ORG", "PROGRAMME") and \
                    re.fullmatch(r"\s*,?\s*", self.folded[appositive.end:hit.start]) and appositive.etype != "Country":
                return appositive.key, "programme" if appositive.kind == "PROGRAMME" else "actor"
        if frame is not None:
            return frame.key, "activity"
        if agreement is not None:
            return agreement.key, "agreement"
        if role in ("funder", "underProgramme", "collaborator", "organizer", "facilitator", "supporter") and \
                self.current["activity"] is not None and re.match(r"\s*(it|this|they|esta|este|la actividad|it was)\b",
                                                                   self.folded[sentence.start:sentence.start + 20]):
            return self.current["activity"].key, "activity"
        return None

    def _supports(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                  frame: Frame | None, claimed: set[int]) -> None:
        """'CRIMJUST supports Peru', 'la UNODC apoya a Bolivia': the country or body helped benefits."""
        for verb in [h for h in hits if h.group == "SUPPV"]:
            helpers = [m for m in self._subjects(verb.start, mentions, claimed, sentence.start)
                       if m.kind in ("ORG", "PROGRAMME")]
            helped = [m for m in self._scope(verb.end, mentions, sentence.end) if m.kind == "ORG"]
            for m in helped:
                for h in helpers:
                    if h.key != m.key:
                        self.add(index, [h.key, "beneficiary", m.key], CONF["subject"])
                if frame is not None:
                    self.add(index, [frame.key, "beneficiary", m.key], CONF["subject"])

    def _programme_countries(self, index: int, sentence: Sentence, mentions: list[Mention]) -> None:
        """'The CCP is operational in A, B and C' (beneficiary), 'SEACOP's partner countries: A, B' (partner):
        the countries named after the phrase in the sentence, for the programme named before it."""
        phrases = self.owner.programme_phrases(self.src.language)
        if phrases is None or (not any(m.kind == "PROGRAMME" for m in mentions) and not re.search(
                r"progra|proje|proyec", self.folded[sentence.start:sentence.end])):
            return
        for match in phrases.finditer(self.folded, sentence.start, sentence.end):
            role = next(r for r, g in match.groupdict().items() if g is not None)
            before = [m for m in mentions if m.end <= match.start() and m.kind == "PROGRAMME"]
            programme = before[-1] if before else None
            if programme is None and self._PROGRAMME_ANAPHOR.search(self.folded, sentence.start, match.start()):
                programme = self._programme_before(sentence.start)
            if programme is None:
                continue
            stop = self.folded.find(";", match.end(), sentence.end)
            stop = sentence.end if stop < 0 else stop
            for m in mentions:
                if match.end() <= m.start < stop and m.etype in ("Country", "Region") and m.kind == "ORG" and (
                        role == "beneficiary" or m.etype == "Country"):
                    self.add(index, [programme.key, role, m.key], CONF["cue"])

    _FUNDED = re.compile(r"-(funded|financed|sponsored|backed|supported)\b")

    def _prefix_funders(self, index: int, mentions: list[Mention], frame: Frame | None) -> None:
        """'the EU-funded project DISRUPT': the body before '-funded' funds what follows (or the activity)."""
        for n, m in enumerate(mentions):
            if m.kind != "ORG" or not self._FUNDED.match(self.folded, m.end):
                continue
            role = "supporter" if self.folded[m.end + 1:m.end + 3] in ("ba", "su") else "funder"
            target = next((x for x in mentions[n + 1:] if x.kind == "PROGRAMME" and x.start - m.end < 40), None)
            later = [x for x in mentions if target is not None and x.start >= target.end and x.kind == "PROGRAMME"]
            if later and self.folded[target.end:later[0].start].strip() in self.p.programme_heads:
                target = later[0]  # "the EU-funded GIFP project DISRUPT": the project named last
            if target is not None:
                self.add(index, [target.key, role, m.key], CONF["cue"])
            elif frame is not None:
                self.add(index, [frame.key, role, m.key], CONF["cue"])

    _PROGRAMME_ANAPHOR = re.compile(r"\b(the|this|el|este|dicho)\s+(programme|program|project|programa|proyecto)\b")

    def _programme_before(self, pos: int) -> Mention | None:
        """The last programme mentioned before *pos*."""
        return next((m for m in reversed(self.mentions) if m.start < pos and m.kind == "PROGRAMME"), None)

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
            # "Ms. X, on behalf of Y" / "Representing Y, Mr. X mentioned ..."
            persons = [x for x in mentions if x.end <= hit.start and x.kind == "PERSON"]
            person = persons[-1] if persons else next(
                (x for x in mentions if x.start >= m.end and x.kind == "PERSON"
                 and not re.search(r"[.;:]", self.folded[m.end:self._prefix_start(x)])), None)
            if person is not None:
                self.add(index, [person.key, "represents", m.key], CONF["cue"])
                self.add(index, [person.key, "affiliatedWith", m.key], CONF["derived"])
                if activity is not None:
                    self.add(index, [activity.key, "participant", person.key], CONF["cue"])

    # ------------------------------------------------------------------ activities
    def _frame_for(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                   claimed: set[int], roles: list[tuple[str, Mention, Hit]]) -> Frame | None:
        triggers = [h for h in hits if h.group.startswith("ACT:")]
        # "X met (with) Y", not "the obstacles met in ...": a meeting verb needs an actor before it
        meeting_verbs = [h for h in hits if h.group == "MEETV" and (any(
            m.kind in ("ORG", "PERSON", "PROGRAMME") for m in self._subjects(h.start, mentions, set(), sentence.start))
            or any(w in self.p.participant_nouns for w in re.findall(
                r"[\w-]+", self.folded[max(sentence.start, h.start - 60):h.start])))]
        activity_verbs = [h for h in hits if h.group.startswith("ACTV:")]
        anaphora = [h for h in hits if h.group == "ANAPH"]
        frame: Frame | None = None
        in_title = index <= self.head_end
        verb_hit: Hit | None = None
        for trig in triggers:
            if self._plural(trig) or self._inside_name(trig, mentions):
                continue
            frame = self._open_frame(index, trig, trig.group[4:], in_title, mentions)
            break
        if frame is None and self.current["activity"] is not None:
            frame = self._part_frame(index, hits, in_title, mentions)
        if frame is None and activity_verbs:
            verb_hit = activity_verbs[0]
            frame = self._open_frame(index, verb_hit, verb_hit.group[5:], in_title, mentions, verb=True)
        if frame is None and meeting_verbs:
            verb_hit = meeting_verbs[0]
            frame = self._open_frame(index, verb_hit, "Meeting", in_title, mentions, verb=True)
        if frame is None:
            frame = self._named_frame(sentence)
        if frame is None and anaphora and self.current["activity"] is not None:
            frame = self.current["activity"]
        if frame is None:
            counts = self._counts(sentence)
            participation = any(h.group == "PARTV" for h in hits) or any(r[0] == "participant" for r in roles)
            if self.current["activity"] is not None and (
                    counts or participation or self._origin_countries(sentence, mentions)
                    or self._origin_demonyms(sentence)
                    or (self._ITS.match(self.folded, sentence.start) and self._country_lists(mentions))):
                frame = self.current["activity"]
        if frame is None:
            return None
        self._fill_frame(frame, index, sentence, hits, mentions, claimed, verb_hit)
        return frame

    _SETTING = re.compile(r"\s*(in|at|en)\s+((the|el|la)\s+)?")

    def _parallel_setting(self, index: int, frame: Frame, mentions: list[Mention]) -> bool:
        """'In the Seychelles, the course ran from 24 to 26 February' after 'In the Maldives, ... from 16 to 19
        February': a sentence opening on another place, with another date, tells of another activity of a series."""
        sentence = self.sentences[index]
        lead = self._SETTING.match(self.folded, sentence.start)
        if lead is None or not frame.dated:
            return False
        place = next((m for m in mentions if m.start == lead.end() and m.etype in ("Country", "City")), None)
        if place is None or place.key == frame.where or not re.match(r"\s*,", self.text[place.end:place.end + 2]):
            return False
        when = next((first for start, _end, first, _last in self.dates if sentence.start <= start < sentence.end), None)
        return when is not None and when != frame.when

    _ITS = re.compile(r"\s*(its|their|it|su|sus)\s")
    _ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|final|last|next|primer|primera|segunda|segundo|"
                          r"tercer|tercera|cuarta|cuarto|quinta|ultima|ultimo)\s+$")

    def _part_frame(self, index: int, hits: list[Hit], in_title: bool, mentions: list[Mention]) -> Frame | None:
        """'The first phase, for investigators, was held in Dakar': a part of the activity being described,
        of its class, partOf it."""
        current = self.current["activity"]
        part = next((h for h in hits if h.group == "PART" and self._ORDINAL.search(
            self.folded, max(0, h.start - 20), h.start)), None)
        if current is None or part is None:
            return None
        # a phase with its own setting (a date or a city), not "the second phase of COPOLAD"
        sentence = self.sentences[index]
        if re.match(r"\s+(of|de|del)\s", self.folded[part.end:part.end + 6]) or not (
                any(sentence.start <= d[0] < sentence.end for d in self.dates)
                or any(m.etype == "City" for m in mentions)):
            return None
        parent = next((f for f in self.frames if f.key == current.parent), current)
        frame = self._open_frame(index, part, parent.cls, in_title, mentions)
        if frame is parent or frame.parent is not None:
            return frame
        frame.parent = parent.key
        self.add(index, [frame.key, "partOf", parent.key], CONF["derived"])
        return frame

    def _named_frame(self, sentence: Sentence) -> Frame | None:
        """The activity a sentence names by its proper name ("Trigger IX" for "Operation Trigger IX")."""
        text = self.folded[sentence.start:sentence.end]
        for alias, frame in self.frame_names.items():
            if re.search(rf"\b{re.escape(alias)}\b", text):
                return frame
        return None

    def _plural(self, hit: Hit) -> bool:
        word = self.folded[hit.start:hit.end]
        nxt = self.folded[hit.end:hit.end + 2]
        return (nxt.startswith("s") and not word.endswith("s")) or nxt.startswith("es")

    def _inside_name(self, hit: Hit, mentions: list[Mention]) -> bool:
        return any(m.start <= hit.start and hit.end <= m.end and m.kind != "THREAT" for m in mentions)

    _INDEFINITE = re.compile(r"\b(a|an|un|una|another|otro|otra|second|third|segundo|segunda|tercer|tercera|"
                             r"new|nuevo|nueva|first|primer|primera)\b[\w\s-]*$")

    def _new_setting(self, index: int, frame: Frame) -> bool:
        """True when sentence *index* gives a date or a city other than those of *frame*."""
        sentence = self.sentences[index]
        for start, _end, first, _last in self.dates:
            if sentence.start <= start < sentence.end and first != frame.when:
                return True
        return any(m.etype == "City" and m.key != frame.where for m in self._in(self.mentions, sentence))

    def _open_frame(self, index: int, hit: Hit, cls: str, in_title: bool, mentions: list[Mention],
                    verb: bool = False) -> Frame:
        current = self.current["activity"]
        before = self.folded[max(self.sentences[index].start, hit.start - 30):hit.start]
        indefinite = bool(self._INDEFINITE.search(before))
        if current is not None and not verb:
            same = current.cls == cls
            if current.in_title and same and not current.dated and index <= current.sentence + 3:
                current.in_title = False
                self._relabel(current, hit, cls, mentions)
                return current
            parallel = same and not current.in_title and self._parallel_setting(index, current, mentions)
            if (not indefinite or (same and index == current.sentence)) and not parallel:
                if current.in_title and index > self.head_end:
                    current.in_title = False
                    self._relabel(current, hit, cls, mentions)
                return current
            enumerated = any(re.search(rf"\b{re.escape(w)}\b", before) for w in self.p.enumerators)
            if same and not enumerated and not self._new_setting(index, current):
                return current
        elif current is not None and verb and current.cls == cls and (current.in_title or index == current.sentence):
            if current.in_title and index > self.head_end:
                current.in_title = False
                self._relabel(current, hit, cls, mentions)
            return current
        sibling = current.key if current is not None and not verb and current.cls == cls and \
            self._parallel_setting(index, current, mentions) else None
        label = self._label(hit, cls, mentions, verb)
        key = f"{self.src.id}-{slugify(label)[:48].rstrip('-')}"
        n = 2
        while key in self.entities or any(f.key == key for f in self.frames):
            key = f"{self.src.id}-{slugify(label)[:44].rstrip('-')}-{n}"
            n += 1
        frame = Frame(key, cls, "activity", label, hit.start, hit.end, index, in_title)
        frame.sibling = sibling
        quote_start, quote_end = self._label_span
        self.define(key, cls, label, quote_start, quote_end, CONF["cue"])
        self.frames.append(frame)
        self.current["activity"] = frame
        self._frame_programmes(frame, index, quote_start, quote_end)
        self._frame_name(frame, hit)
        self._take_pending(frame, index)
        return frame

    def _relabel(self, frame: Frame, hit: Hit, cls: str, mentions: list[Mention]) -> None:
        """A frame first seen in the headline takes the fuller name the body gives it."""
        verb = hit.group.startswith(("ACTV:", "MEETV"))
        label = self._label(hit, cls, mentions, verb)
        start, end = self._label_span
        record = self.entities.get(frame.key)
        named = verb or self.text[hit.start:hit.start + 1].isupper() or self._quoted_title(
            hit, self.sentences[self.sent_of(hit.start)]) is not None or self._TOPICAL.match(self.folded, hit.end)
        if record is None:
            return
        if not named or len(label.split()) <= len(self.folded[hit.start:hit.end].split()):
            # the body's first mention of the headline's activity is its evidence, under the headline's name
            # (unless the headline gives it a proper name: "Operation Trigger IX")
            if self.sent_of(int(start)) > self.head_end and self.sent_of(frame.start) <= self.head_end and \
                    not self.text[frame.start:frame.start + 1].isupper():
                self._requote(record, start, end)
                frame.start = start
            return
        record["label"] = {self.src.language: label}
        record["quote"] = self.text[start:end]
        record.pop("occurrence", None)
        occurrence = self._occurrence(start, record["quote"])
        if occurrence > 1:
            record["occurrence"] = occurrence
        frame.label = label
        self._frame_programmes(frame, self.sent_of(start), start, end)
        self._frame_name(frame, hit)

    def _requote(self, record: dict[str, Any], start: int, end: int) -> None:
        """Make text[start:end] the quote of an entity record."""
        record["quote"] = self.text[start:end]
        record.pop("occurrence", None)
        occurrence = self._occurrence(start, record["quote"])
        if occurrence > 1:
            record["occurrence"] = occurrence

    _TOPICAL = re.compile(r"\s+(on|about|for|against|in|sobre|de|del|para|contra|en materia de)\s")

    def _frame_programmes(self, frame: Frame, index: int, start: int, end: int) -> None:
        """A programme named in the activity's name ("Meeting of the Airport Communication Project") frames it."""
        for m in self.mentions:
            if m.kind == "PROGRAMME" and start <= m.start and m.end <= end + 2:
                self.add(index, [frame.key, "underProgramme", m.key], CONF["programme"])

    def _frame_name(self, frame: Frame, hit: Hit) -> None:
        """Remember the proper name after a capitalised trigger ("Operation Trigger IX" -> "trigger ix")."""
        if not self.text[hit.start:hit.start + 1].isupper():
            return
        m = re.match(r"\s+((?:[A-Z0-9][\w.-]*\s?){1,4})", self.text[hit.end:hit.end + 60])
        if m:
            name = " ".join(m.group(1).split())
            if len(name) > 2 and fold(name) not in self.p.stopwords:
                self.frame_names[fold(name)] = frame

    _QUOTED_AFTER = re.compile(r"\s*(?:[A-ZÁÉÍÓÚ][\w-]*\s+){0,3}(?:denominad[oa]|titulad[oa]|llamad[oa]|called|"
                               r"entitled|titled|named|sobre|on)?\s*[“\"«]([^”\"»\n]{3,160})[”\"»]")
    _QUOTED_BEFORE = re.compile(r"[“\"«]([^”\"»\n]{3,160})[”\"»]\s*,\s*(?:(?:una?|an?|the|el|la)\s+)?$")

    def _quoted_title(self, hit: Hit, sentence: Sentence) -> tuple[int, int] | None:
        """The span of a quoted title given to the activity: 'el "Juicio Simulado", una capacitación',
        'un curso denominado "Investigaciones ..."'."""
        before = self._QUOTED_BEFORE.search(self.text, sentence.start, hit.start)
        if before:
            return before.start(1), before.end(1)
        after = self._QUOTED_AFTER.match(self.text, hit.end, sentence.end)
        if after and after.group(1)[:1].isupper():
            return after.start(1), after.end(1)
        return None

    def _label(self, hit: Hit, cls: str, mentions: list[Mention], verb: bool) -> str:
        sentence = self.sentences[self.sent_of(hit.start)]
        if verb and cls == "Meeting":
            subject = [m for m in mentions if m.end <= hit.start and m.kind in ("ORG", "PROGRAMME")]
            obj = [m for m in mentions if m.start >= hit.end and m.kind == "ORG"]
            self._label_span = (subject[-1].start if subject else hit.start, obj[0].end if obj else hit.end)
            who = subject[-1].text if subject else ""
            whom = obj[0].text if obj else ""
            if self.src.language == "es":
                return f"Reunión de {who} con {whom}".replace("de  con", "con").strip()
            return f"Meeting of {who} with {whom}".replace("of  with", "with").strip()
        quoted = None if verb else self._quoted_title(hit, sentence)
        if quoted is not None:
            self._label_span = quoted
            label = " ".join(self.text[quoted[0]:quoted[1]].split())
            return label[0].upper() + label[1:]
        # a capitalised trigger ends a name ("2018 UNODC Law Enforcement Advisors Meeting")
        start = hit.start
        if verb:
            subject = self._subjects(hit.start, mentions, set(), sentence.start)
            start = subject[0].start if subject else hit.start
        elif self.text[hit.start:hit.start + 1].isupper():
            words = list(re.finditer(r"\S+", self.text[sentence.start:hit.start]))
            for w in reversed(words):
                token = w.group(0)
                if token[:1].isupper() or token[:1].isdigit():
                    start = sentence.start + w.start()
                else:
                    break
        stop = re.compile(r"[,.;:()\"“”]|\s(from|on \d+|del? \d+|held|organi[sz]ed|in collaboration|en colaboracion|"
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

    def _take_pending(self, frame: Frame, index: int) -> None:
        """Countries and bodies listed as taking part just before the activity is named attach to it."""
        pending, self.pending = self.pending, None
        if pending is None or index - pending[0] > 2:
            return
        for m in pending[1]:
            predicate = "participatingCountry" if m.etype == "Country" else "participant"
            self.add(pending[0], [frame.key, predicate, m.key], CONF["verb-object"])

    def _fill_frame(self, frame: Frame, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                    claimed: set[int], verb_hit: Hit | None) -> None:
        # organisers: subjects of an organising verb ("UNODC held a workshop", "UNODC and the OSCE trained")
        verbs = [h for h in hits if h.group in ("ORGV", "MEETV") or h.group.startswith("ACTV:")]
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
        # beneficiaries: "Bolivia receives tailored technical assistance"
        for verb in [h for h in hits if h.group == "BENV"]:
            for m in self._subjects(verb.start, mentions, claimed, sentence.start):
                if m.kind == "ORG":
                    self.add(index, [frame.key, "beneficiary", m.key], CONF["subject"])
                    claimed.add(id(m))
        # participation verbs: countries and bodies listed after them (or before: "ICAO ... also took part")
        if any(h.group == "PARTV" for h in hits) or any(h.group == "CUE:participant" for h in hits) or (
                self._ITS.match(self.folded, sentence.start) and frame.sentence != index):
            # (or "Its aim was to strengthen the units of A, B, C and D": the activity's countries)
            lists = self._country_lists(mentions)
            for m in lists:
                if id(m) not in claimed:
                    self.add(index, [frame.key, "participatingCountry", m.key], CONF["cue"])
                    claimed.add(id(m))
            for verb in [h for h in hits if h.group == "PARTV"]:
                # "Participaron la directora de X, Ana Ruiz; Luis Mora, de la Y; ...": every person named after
                # the verb takes part, with the body their title names
                for m in mentions:
                    if m.kind == "PERSON" and m.start > verb.end and id(m) not in claimed:
                        self.add(index, [frame.key, "participant", m.key], CONF["verb-object"])
                        body = self.person_org.get(m.key)
                        if body is not None:
                            etype = self.resolver.entities[body].type
                            predicate = "participatingCountry" if etype == "Country" else "participant"
                            if etype != "Region":
                                self.add(index, [frame.key, predicate, body], CONF["derived"])
                found = self._scope(verb.end, mentions, sentence.end)
                # "participan dos expertas, una de la Fiscalía X y otra de la Guardia Civil": bodies people come from
                found += [m for m in mentions if m.start > verb.end and m.kind == "ORG" and m not in found
                          and m.etype not in ("Country", "Region", "City") and id(m) not in self.absorbed
                          and self._FROM_BEFORE.search(self.folded, max(verb.end, m.start - 12), m.start)]
                found += self._subjects(verb.start, mentions, claimed, sentence.start)
                for m in found:
                    if id(m) in claimed or m.kind not in ("ORG", "PERSON") or m.etype == "Region":
                        continue
                    predicate = "participatingCountry" if m.etype == "Country" else "participant"
                    self.add(index, [frame.key, predicate, m.key], CONF["verb-object"])
                    claimed.add(id(m))
        for m in self._origin_countries(sentence, mentions):
            if id(m) not in claimed:
                self.add(index, [frame.key, "participatingCountry", m.key], CONF["verb-object"])
                claimed.add(id(m))
        for key in self._origin_demonyms(sentence):
            self.add(index, [frame.key, "participatingCountry", key], CONF["verb-object"])
        # places
        for m in mentions:
            if m.kind == "PLACE" or m.etype == "Country":
                prep = re.search(r"\b(in|at|en|in the city of|en la ciudad de)\s+(the\s+)?$",
                                 self.folded[max(sentence.start, m.start - 25):m.start])
                if not prep or id(m) in claimed:
                    continue
                if m.etype == "City" and not frame.located:
                    frame.located = True
                    frame.where = m.key
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
        # dates ("The seminar took place on 16-17 May 2024" says when, whatever an earlier sentence suggested)
        if frame.dated and frame.sentence != index and self._date_verb(sentence):
            found = next(((first, last) for start, _end, first, last in self.dates
                          if sentence.start <= start < sentence.end), None)
            if found is not None and found[0] != frame.when and len(found[0]) >= len(frame.when or ""):
                self._retract(frame.key, ("startDate", "endDate"))
                frame.dated = False
        if frame.dated and frame.when and not frame.until:
            for start, _end, first, last in self.dates:
                if sentence.start <= start < sentence.end and first == frame.when and last:
                    frame.until = last
                    self.add(index, [frame.key, "endDate", last], CONF["date"])
                    break
        if frame.dated and frame.from_dateline and index != frame.sentence:
            # the dateline says when the news was written; a later date of the activity says when it happened
            if any(sentence.start <= start < sentence.end and not self._is_dateline(start)
                   for start, _end, _first, _last in self.dates):
                self._retract(frame.key, ("startDate", "endDate"))
                frame.dated = frame.from_dateline = False
        if not frame.dated:
            for start, _end, first, last in self.dates:
                if sentence.start <= start < sentence.end:
                    frame.dated = True
                    frame.from_dateline = self._is_dateline(start)
                    frame.when, frame.until = first, last
                    self.add(index, [frame.key, "startDate", first], CONF["date"])
                    if last:
                        self.add(index, [frame.key, "endDate", last], CONF["date"])
                    break
        # participant counts (an operation's counts are arrests and seizures, not participants)
        if not frame.counted and frame.cls != "Operation":
            counts = self._counts(sentence)
            if counts:
                frame.counted = True
                for predicate, value in counts:
                    self.add(index, [frame.key, predicate, value], CONF["count"])

    def _is_dateline(self, start: int) -> bool:
        """True for a date that opens the body as its dateline ("Colombo (Sri Lanka), 6 March 2020 -")."""
        if len(self.sentences) < 2:
            return False
        body = self.sentences[self.head_end + 1] if self.head_end + 1 < len(self.sentences) else self.sentences[1]
        if not body.start <= start < body.start + 40:
            return False
        end = next((e for s, e, _f, _l in self.dates if s == start), start)
        return re.match(r"\s*([-–—:]|\.-|\.\s|\.$)", self.folded[end:end + 3]) is not None

    def _date_verb(self, sentence: Sentence) -> bool:
        """True when the sentence says when something happened ("took place", "se celebró")."""
        pattern = self.owner.date_verbs(self.src.language)
        return pattern is not None and pattern.search(self.folded, sentence.start, sentence.end) is not None

    def _retract(self, subject: str, predicates: tuple[str, ...]) -> None:
        """Forget the triples of *subject* with these predicates (a later, better statement replaces them)."""
        for triple in [t for t in self.by_subject.get(subject, []) if t[1] in predicates]:
            where = self.seen.pop(repr(triple), None)
            if where is not None and triple in self.items.get(where, []):
                self.items[where].remove(triple)
            self.by_subject[subject].remove(triple)

    def _country_runs(self, mentions: list[Mention]) -> list[list[Mention]]:
        """Runs of countries joined by list glue ("Argentina, Bolivia, ... and Uruguay")."""
        runs: list[list[Mention]] = []
        for m in mentions:
            if m.etype != "Country":
                continue
            if runs and self._gap_is_glue(runs[-1][-1].end, m.start):
                runs[-1].append(m)
            else:
                runs.append([m])
        return runs

    def _origin_countries(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Countries listed after a participant noun and 'from'/'of' ("officers of the Maldives and the
        Seychelles", "fiscales y policías de Argentina, Bolivia y Chile"): they take part."""
        origin = self.owner.origin(self.src.language)
        out: list[Mention] = []
        for run in self._country_runs(mentions):
            lo = max(sentence.start, run[0].start - 90)
            lead = self.folded[lo:run[0].start]
            # "facilitated by police representatives from Colombia": the cue's role, not participation
            cued = any(h.group.startswith("CUE:") and h.group != "CUE:participant" and lo <= h.end <= run[0].start
                       and not re.search(r"[,;:]", self.folded[h.end:run[0].start])
                       for h in self._in(self.hits, sentence))
            if not cued and origin.search(lead):
                out.extend(run)
        return out

    def _origin_demonyms(self, sentence: Sentence) -> list[str]:
        """Countries named by a list of demonyms after a participant noun and 'from'."""
        out: list[str] = []
        k = bisect.bisect_left(self.demonym_starts, sentence.start)
        if k == len(self.demonym_starts) or self.demonym_starts[k] >= sentence.end:
            return out
        for m in self.owner.origin_demonyms(self.src.language).finditer(self.folded, sentence.start, sentence.end):
            for word in re.findall(r"[\w-]+", m.group(1)):
                key = self.p.demonyms.get(word)
                if key and key in self.resolver.entities and key not in out:
                    out.append(key)
        return out

    def _country_lists(self, mentions: list[Mention], least: int = 3) -> list[Mention]:
        """The countries of every run of at least *least* of them."""
        return [m for run in self._country_runs(mentions) if len(run) >= least for m in run]

    _COUNT_WORDS = re.compile(r"[\w'-]+|[()]|[,;:.]")

    def _counts(self, sentence: Sentence) -> list[tuple[str, int]]:
        """Participant counts of *sentence* (memoised per sentence)."""
        found = self.count_cache.get(sentence.start)
        if found is None:
            has_number = self.owner.numbers(self.src.language).search(self.folded, sentence.start, sentence.end)
            found = self.count_cache[sentence.start] = self._count_words(sentence) if has_number else []
        return found

    def _count_words(self, sentence: Sentence) -> list[tuple[str, int]]:
        """Participant counts: "26 prosecutors", "some nineteen (19) participants, including six (6) women".

        The counted noun must follow the number within three words, with no punctuation or other number
        in between ("On 11 February 2019, 90 representatives" counts 90, not 2019).
        """
        words = [w.group(0) for w in self._COUNT_WORDS.finditer(self.folded, sentence.start, sentence.end)]
        out: list[tuple[str, int]] = []
        seen: set[str] = set()
        p = self.p
        gendered = p.women_words | p.men_words
        n = 0
        while n < len(words):
            word = words[n]
            value = int(word) if _NUMBER.match(word) else p.number_words.get(word)
            if value is None:
                n += 1
                continue
            k = n + 1
            if k + 2 < len(words) and words[k] == "(" and _NUMBER.match(words[k + 1]) and words[k + 2] == ")":
                value = int(words[k + 1])
                k += 3
            before = " ".join(words[max(0, n - 3):n])
            thousands = n > 1 and words[n - 1] in (",", ".") and len(word) == 3 and word.isdigit() \
                and words[n - 2].isdigit() and len(words[n - 2]) <= 3
            blocked = thousands or any(before.endswith(b) for b in p.count_blockers)
            following: list[str] = []
            for w in words[k:k + 3]:
                if w in ("(", ")", ",", ";", ":", ".") or _NUMBER.match(w) or w in p.number_words or \
                        w in _COUNT_STOPS:
                    break  # "two courses to officers": the number counts the courses
                following.append(w)
            noun = next((w for w in following if w in p.participant_nouns or w in gendered), None)
            if noun is None or blocked or (following and following[0] in ("countries", "paises", "days", "dias",
                                                                            "years", "anos", "hours", "horas")):
                n = k
                continue
            if noun in p.women_words:
                predicate = "femaleParticipantCount"
            elif noun in p.men_words:
                predicate = "maleParticipantCount"
            else:
                predicate = "participantCount"
            if predicate not in seen and not (predicate == "participantCount" and following[:1]
                                              and following[0] in gendered):
                seen.add(predicate)
                out.append((predicate, value))
            n = k
        return out

    # ------------------------------------------------------------------ agreements and memberships
    def _agreement_for(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                       claimed: set[int]) -> Frame | None:
        triggers = [h for h in hits if h.group.startswith("AGR:") and not self._inside_name(h, mentions)]
        plural = [h for h in hits if h.group.startswith("AGRS:")]
        signs = [h for h in hits if h.group == "SIGNV"]
        if not triggers:
            whole = self.current["agreement"]
            whole = whole if whole is not None and whole.sentence == index else None
            if plural and (whole is not None or signs):
                # "Ecuador signed bilateral agreements with Peru, Colombia and Chile"
                self._agreements_with(index, sentence, plural[0], mentions, whole)
            if plural and signs:
                self._plural_signing(index, sentence, plural[0], signs[0], mentions, claimed)
            return None
        trig = triggers[0]
        cls = trig.group[4:]
        current = self.current["agreement"]
        named = self.text[trig.start:trig.start + 1].isupper()
        before = self.folded[max(sentence.start, trig.start - 20):trig.start]
        definite = re.search(r"\b(the|this|el|la|este|esta|dicho|dicha)\s+$", before) is not None
        same = current is not None and (current.cls == cls or cls == "Agreement")
        ordinal_match = re.search(r"\b(the|el|la)\s+(first|second|third|primer|primero|primera|segundo|segunda|"
                                  r"tercer|tercero|tercera)\s+$", before)
        ordinal = ordinal_match is not None and self.plural_parties is not None
        if ordinal and ordinal_match.group(2)[:3] in self.ordinal_frames:
            frame = self.ordinal_frames[ordinal_match.group(2)[:3]]
        elif ordinal:
            # "Ghana signed two agreements with UNODC. The first agreement covers ...": one of them
            label = self._agreement_label(trig, sentence)
            key = f"{self.src.id}-{slugify(label)[:48].rstrip('-')}-{index}"
            frame = Frame(key, cls, "agreement", label, trig.start, trig.end, index)
            self.frames.append(frame)
            self.current["agreement"] = frame
            self.define(key, cls, label, *self._label_span, CONF["cue"])
            self.ordinal_frames[ordinal_match.group(2)[:3]] = frame
            for party in self.plural_parties[1]:
                frame.parties.append(party)
                self.add(self.plural_parties[0], [key, "party", party], CONF["party"])
        elif current is not None and (definite or (same and not signs) or (
                same and signs and current.sentence == 0 and index > 0 and not current.told)):
            # (the headline's agreement, told again in the body: "suscriben un acuerdo" ... "firmaron un Acuerdo")
            # "It is an agreement between ...": the agreement just described, in other words
            frame = current
            record = self.entities.get(frame.key)
            if index > 0:
                frame.in_title = False
            signing = bool(signs) and index > 0 and not current.told and current.sentence == 0
            current.told = current.told or (bool(signs) and index > 0)
            if record is not None and index > 0 and (self.sent_of(frame.start) == 0 or signing):
                # the body's first mention of the headline's agreement (or the one telling its signing) is its
                # evidence, and may name it in full
                label = self._agreement_label(trig, sentence)
                start, end = self._label_span
                self._requote(record, start, end)
                frame.start = start
                if len(label) > len(frame.label):
                    frame.label = label
                    record["label"] = {self.src.language: label}
        elif signs or named or (current is None and re.search(r"\b(a|an|un|una)\s+[\w\s-]*$", before)):
            if not signs and not named:
                return None
            label = self._agreement_label(trig, sentence)
            key = f"{self.src.id}-{slugify(label)[:48].rstrip('-')}"
            if any(f.key == key for f in self.frames):
                key = f"{key}-{index}"
            frame = Frame(key, cls, "agreement", label, trig.start, trig.end, index, in_title=index == 0)
            self.frames.append(frame)
            self.current["agreement"] = frame
            self.define(key, cls if cls != "Agreement" else "Agreement", label, *self._label_span, CONF["cue"])
        else:
            return None
        parties: list[Mention] = []
        signers: list[str] = []
        for sign in signs:
            subjects = self._subjects(sign.start, mentions, claimed, sentence.start, titles=True)
            # "the Attorney General of Bolivia, X, and the Prosecutor of Peru, Y, signed": the signers' bodies
            signers += [self.person_org[m.key] for m in subjects if m.kind == "PERSON" and m.key in self.person_org]
            parties += [m for m in subjects if m.kind == "ORG" and not (signers and self._in_title(m))]
            cue = re.match(r"\s*(by|por)\s", self.folded[sign.end:sign.end + 6])
            if cue:
                parties += [m for m in self._scope(sign.end + cue.end(), mentions, sentence.end) if m.kind == "ORG"]
        between = re.compile(r"\b(between|entre)\s").search(self.folded, trig.end, sentence.end)
        if between:
            found = [m for m in self._scope(between.end(), mentions, sentence.end) if m.kind == "ORG"]
            if len(found) < 2:
                # "between the prosecutors general of Europe and the Mediterranean (Lebanon, Israel, ...)"
                runs = [r for r in self._country_runs([m for m in mentions if m.start >= between.end()]) if len(r) >= 2]
                found = runs[0] if runs else found
            parties += found
        if signs and not parties:
            # "The PGR and the Attorney General's office of California, ..., signed a letter of intent"
            opening = self._after_dateline(sentence)
            parties += [m for m in self._scope(opening, mentions, signs[0].start) if m.kind == "ORG"]
        if not parties and re.search(r"\b(two countries|both countries|ambos paises|los dos paises|joint|conjunt)",
                                     self.folded[sentence.start:sentence.end]) and current is not None:
            parties_keys = list(current.parties)
        else:
            parties_keys = list(dict.fromkeys([*signers, *(m.key for m in parties)]))
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
        for other in plural:
            self._agreements_with(index, sentence, other, mentions, frame)
        return frame

    def _plural_signing(self, index: int, sentence: Sentence, plural: Hit, sign: Hit, mentions: list[Mention],
                        claimed: set[int]) -> None:
        """'Ghana signed two agreements with UNODC': remember the parties for the agreements named next."""
        cue = re.match(r"\s*(with|con)\s", self.folded[plural.end:plural.end + 8])
        if cue is None:
            return
        own = [m.key for m in self._subjects(sign.start, mentions, claimed, sentence.start) if m.kind == "ORG"]
        others = [m.key for m in self._scope(plural.end + cue.end(), mentions, sentence.end) if m.kind == "ORG"]
        keys = list(dict.fromkeys(own + others))
        if own and others and len(keys) >= 2:
            self.plural_parties = (index, keys)
            self.add(index, [own[0], "cooperatesWith", others[0]], CONF["derived"])

    def _in_title(self, m: Mention) -> bool:
        """True when *m* lies inside a person's role title ("la fiscal de la Nación del Perú, Delia ...")."""
        return any(start <= m.start and m.end <= end for start, end in self.title_spans)

    _DATELINE = re.compile(r"[^\n]{0,80}?(\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*(\.-|[-–—:]|\.\s)")

    def _after_dateline(self, sentence: Sentence) -> int:
        """Where a sentence starts once its dateline ("México, D.F., 23 de septiembre de 2012.-") is skipped."""
        m = self._DATELINE.match(self.folded, sentence.start, sentence.end)
        return m.end() if m else sentence.start

    def _agreements_with(self, index: int, sentence: Sentence, hit: Hit, mentions: list[Mention],
                         whole: Frame | None) -> None:
        """'bilateral agreements with countries including Paraguay, Peru and Argentina': one bilateral agreement
        with each country, for the country the sentence (or the agreement it is part of) is about."""
        cue = re.match(r"\s*(with|con)\s", self.folded[hit.end:hit.end + 8])
        if cue is None:
            return
        runs = self._country_runs([m for m in mentions if m.start >= hit.end])
        if not runs or re.search(r"[.;]", self.folded[hit.end:runs[0][0].start]):
            return
        others = runs[0]
        own = (whole.parties[:1] if whole is not None and whole.parties else
               [m.key for m in mentions if m.etype == "Country" and m.end <= hit.start][-1:])
        if not own:
            return
        cls = hit.group.split(":", 1)[1]
        threats = [m.key for m in mentions if m.kind == "THREAT"]
        for other in others:
            if other.key == own[0]:
                continue
            names = (self.resolver.entities[own[0]].label, self.resolver.entities[other.key].label)
            label = f"Bilateral agreement between {names[0]} and {names[1]}" if self.src.language == "en" else \
                f"Acuerdo bilateral entre {names[0]} y {names[1]}"
            key = f"{self.src.id}-{slugify(label)[:60].rstrip('-')}"
            if key in self.entities:
                continue
            self.define(key, "BilateralAgreement" if cls in ("Agreement", "BilateralAgreement") else cls, label,
                        hit.start, other.end, CONF["party"])
            for party in (own[0], other.key):
                self.add(index, [key, "party", party], CONF["party"])
            self.add(index, [own[0], "cooperatesWith", other.key], CONF["derived"])
            if whole is not None:
                self.add(index, [key, "partOf", whole.key], CONF["derived"])
            for threat in threats:
                self.add(index, [key, "targetsThreat", f"threat:{threat}"], CONF["threat"])
    def _agreement_label(self, trig: Hit, sentence: Sentence) -> str:
        start = trig.start
        m = re.compile(r"[,.;:()\"“”]|\s(in|en)\s+(?=[A-Z])|\s(between|entre|signed|firmad[oa]|with|con|by|por|to|"
                       r"para|that|que|on \d+|el \d+)\s").search(self.text, trig.end)
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
            if first is not None and re.match(r"\s*([-–—:]|\.-|\.\s)", self.folded[first[1]:first[1] + 3]):
                dateline = first
        single = sum(1 for f in self.frames if f.kind == "activity") == 1
        # a dateline standing alone ("Bruselas, 19 de febrero de 2020.") belongs to the sentence after it
        lead = 1
        if dateline is not None and len(self.sentences) > 2 and \
                len(self.text[dateline[1]:self.sentences[1].end].split()) <= 1:
            lead = 2
        for frame in self.frames:
            if frame.kind != "activity" or frame.dated or not dateline:
                continue
            if frame.sentence <= lead or (single and dateline[3]):
                # (a period in the dateline of a document about one activity is that activity's period)
                frame.dated = True
                self.add(1, [frame.key, "startDate", dateline[2]], CONF["date-inferred"])
                if dateline[3]:
                    self.add(1, [frame.key, "endDate", dateline[3]], CONF["date-inferred"])
            elif dateline[3]:
                # a dateline giving a period ("5-30 November 2018 -") dates the activities of the series
                frame.dated = True
                self.add(1, [frame.key, "startDate", dateline[2][:7]], CONF["date-inferred"])
        title_countries = self._title_countries()
        if len(title_countries) == 1:
            for frame in self.frames:
                if frame.kind == "activity" and not frame.country and not frame.located:
                    frame.country = True
                    self.add(0, [frame.key, "country", title_countries[0]], CONF["place-inferred"])
        activities = [f for f in self.frames if f.kind == "activity"]
        for frame in activities:
            self._speaker_bodies(frame)
            self._cooperation(frame)
            self._operation_countries(frame)
            self._inherit(frame)
            self._share(frame)
        empty = {f.key for f in activities if not any(t[1] in INFORMATIVE for t in self.by_subject.get(f.key, []))}
        if empty:
            self._drop(empty)

    def _title_countries(self) -> list[str]:
        """The countries the headline names (directly, or through a city)."""
        if not self.sentences:
            return []
        found: list[str] = []
        title = self.sentences[0]
        for norm, start in zip(self.toks.norm, self.toks.idx, strict=True):
            if start >= title.end:
                break
            country = self.p.demonyms.get(norm)
            if country and country in self.resolver.entities and country not in found:
                found.append(country)
        for m in self._in(self.mentions, self.sentences[0]):
            country = m.key if m.etype == "Country" else next(
                (o for p, o in self.resolver.entities[m.key].facts if p == "country"), None) \
                if m.etype == "City" else None
            if country and country not in found:
                found.append(country)
        return found

    def _share(self, frame: Frame) -> None:
        """Activities of one series ("two courses: in the Maldives ..., in the Seychelles ...") share their
        organisers, programmes, partners, funders and threats."""
        if frame.sibling is None:
            return
        shared = ("organizer", "underProgramme", "collaborator", "facilitator", "funder", "fundedThrough",
                  "supporter", "targetsThreat")
        first, second = frame.sibling, frame.key
        for a, b in ((first, second), (second, first)):
            for triple in list(self.by_subject.get(a, [])):
                if triple[1] in shared and repr(triple) in self.seen:
                    self.add(self.seen[repr(triple)][0], [b, triple[1], triple[2]], CONF["derived"])

    def _inherit(self, frame: Frame) -> None:
        """A part of an activity ("the first phase") shares its programme, funders and threats."""
        if frame.parent is None:
            return
        sentence = self.seen[repr([frame.key, "partOf", frame.parent])][0]
        for triple in list(self.by_subject.get(frame.parent, [])):
            if triple[1] in ("underProgramme", "funder", "fundedThrough", "targetsThreat") and \
                    repr(triple) in self.seen:
                self.add(sentence, [frame.key, triple[1], triple[2]], CONF["derived"])

    def _operation_countries(self, frame: Frame) -> None:
        """A joint operation's bodies take part for their countries ("carried out by the Senad and the
        Federal Police of Brazil": Paraguay and Brazil)."""
        if frame.cls != "Operation":
            return
        for triple in list(self.by_subject.get(frame.key, [])):
            if triple[1] not in ("organizer", "participant", "collaborator") or repr(triple) not in self.seen:
                continue
            record = self.entities.get(triple[2])
            entity = self.resolver.entities.get(triple[2])
            facts = (record or {}).get("facts") or (entity.facts if entity is not None else [])
            country = next((o for p, o in facts if p == "country"), None)
            if country is not None:
                sentence, _conf = self.seen[repr(triple)]
                self.add(sentence, [frame.key, "participatingCountry", country], CONF["derived"])

    def _cooperation(self, frame: Frame) -> None:
        """The organiser of an activity cooperates with those it works in collaboration with."""
        facts = self.by_subject.get(frame.key, [])
        organizers = [t[2] for t in facts if t[1] == "organizer"]
        facilitators = [t for t in facts if t[1] == "facilitator" and self.resolver.entities[t[2]].type != "Person"]
        for triple in facts:
            if triple[1] != "collaborator":
                continue
            sentence, _conf = self.seen[repr(triple)]
            for organizer in organizers:
                if organizer != triple[2]:
                    self.add(sentence, [organizer, "cooperatesWith", triple[2]], CONF["derived"])
        if len(facilitators) == 2:
            sentence, _conf = self.seen[repr(facilitators[1])]
            self.add(sentence, [facilitators[0][2], "cooperatesWith", facilitators[1][2]], CONF["derived"])

    def _speaker_bodies(self, frame: Frame) -> None:
        """The body a participating person holds a position in takes part too (unless it has another role)."""
        facts = self.by_subject.get(frame.key, [])
        related = {t[2] for t in facts}
        for triple in list(facts):
            if triple[1] != "participant" or self.resolver.entities.get(triple[2]) is None \
                    or self.resolver.entities[triple[2]].type != "Person":
                continue
            for fact in self.by_subject.get(triple[2], []):
                if fact[1] == "affiliatedWith" and fact[2] not in related:
                    related.add(fact[2])
                    sentence, _conf = self.seen[repr(triple)]
                    self.add(sentence, [frame.key, "participant", fact[2]], CONF["derived"])

    def _drop(self, keys: set[str]) -> None:
        """Forget activities that nothing but their mention supports (no actor, date, place or count)."""
        for key in keys:
            self.entities.pop(key, None)
        for item_key, triples in self.items.items():
            self.items[item_key] = [t for t in triples if t[0] not in keys and t[2] not in keys]
        self.frames = [f for f in self.frames if f.key not in keys]


class _Spans:
    """Character spans, for "is this range inside one of them" in logarithmic time.

    >>> _Spans([(0, 5), (10, 20), (12, 14)]).covers(12, 15), _Spans([(0, 5)]).covers(4, 6)
    (True, False)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        """True when some span contains start..end."""
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end


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


def _fits_acronym(letters: str, words: list[tuple[str, bool]], slack: int = 0) -> bool:
    """True when *letters* can be spelled by prefixes of *words*, in order.

    Each content word gives at least its first letter (up to *slack* content
    words may give none); function words (``True`` in the pair) may give
    their first letter or nothing.

    >>> _fits_acronym("AIRCOP", [("Airport", False), ("Communication", False), ("Project", False)])
    True
    >>> _fits_acronym("UNODC", [(w, w in ("on", "and")) for w in "United Nations Office on Drugs and Crime".split()])
    True
    >>> _fits_acronym("RFAI", [("Iberoamerican", False), ("Network", False)])
    False
    """
    upper = [(w.upper(), function) for w, function in words]

    @cache
    def fit(li: int, wi: int, skips: int) -> bool:
        if wi == len(upper):
            return li == len(letters)
        word, function = upper[wi]
        if function or skips:
            if fit(li, wi + 1, skips - (0 if function else 1)):
                return True
        if li == len(letters):
            return False
        k = 0
        while k < len(word) and li + k < len(letters) and word[k] == letters[li + k]:
            k += 1
            if fit(li + k, wi + 1, skips):
                return True
        return False

    return bool(letters) and fit(0, 0, slack)


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
        if m.etype == "Region":
            return None  # "officers from Central Asia": where they come from, not who took part
        return "participatingCountry" if m.etype == "Country" else "participant"
    if role == "underProgramme":
        return None
    if subject_kind == "programme" and role in ("organizer", "collaborator", "facilitator"):
        return "partner"
    if subject_kind == "agreement" and role not in ("supporter", "funder"):
        return None
    return role
