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

The work is split by job: :mod:`.extraction_types` (confidences, mentions,
hits, frames), :mod:`.doc_state` (one document's state and record keeping),
the stages :mod:`.mentions`, :mod:`.persons`, :mod:`.dates`, :mod:`.cues`,
:mod:`.frames`, :mod:`.agreements` and :mod:`.frame_finish`, and
:mod:`.document` (the stages run in order).  This module keeps the public
API: :class:`Extractor` and :class:`Extraction`.

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

import re
from functools import cache

from ..gazetteer import Entity, Gazetteer
from ..ontology import Schema, load_ontology_graph, load_schema
from .document import _DocExtraction
from .extraction_types import CONF, Extraction, Frame, Hit, Mention
from .nlp import Rules, build_rules
from .patterns import fold
from .resolve import Resolver
from .textio import SourceDoc

__all__ = ["CONF", "Extraction", "Extractor", "Frame", "Hit", "Mention"]

_DIGIT = re.compile(r"\d")  # numbers() when a language lists no number words
_NOTHING = re.compile(r"(?!)")  # glue() when a language lists no glue words: matches nothing


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
        self._origins: dict[str, re.Pattern[str] | None] = {}
        self._name_threats: dict[str, dict[str, list[str]]] = {}
        self._base: Resolver | None = None

    def origin(self, language: str) -> re.Pattern[str]:
        """A regular expression for 'participant noun [up to six words] from/of' at the end of a text
        ("maritime law enforcement officers of the", "fiscales y policías especializados de",
        "officers of Port Control Units (PCUs) from")."""
        if language not in self._origins:
            from .patterns import load_patterns

            p = load_patterns(language)
            nouns = "|".join(re.escape(w) for w in sorted({*p.participant_nouns, *p.origin_nouns}, key=len,
                                                           reverse=True))
            preps = "|".join(re.escape(w) for w in sorted(p.origin_prepositions, key=len, reverse=True))
            lead = rf"\b(?:{nouns})(?:\s+[\w-]+|\s+\([\w-]+\)){{0,6}}?\s+(?:{preps})\s+(?:(?:the|el|la|los|las)\s+)?"
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
        return self.word_regex(language, "trainer_nouns", r"\s*(?:[\w/-]+\s+){0,3}(?:{})\s*[:,]")

    def word_regex(self, language: str, name: str, template: str = r"\b(?:{})\b") -> re.Pattern[str] | None:
        """The alternation of the pattern word list *name* of *language* (longest first) put into
        *template* at ``{}``, compiled once; None when the list is empty.

        >>> from crimekg.graph.gazetteer import load_gazetteer
        >>> pattern = Extractor(load_gazetteer()).word_regex("en", "background_date_words")
        >>> pattern.search("launched in 2004").group(0)
        'launched in'
        """
        key = f"{language}:{name}:{template}"
        if key not in self._origins:
            from .patterns import load_patterns

            words = getattr(load_patterns(language), name)
            alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._origins[key] = re.compile(template.replace("{}", alternation)) if words else None
        return self._origins[key]

    def date_verbs(self, language: str) -> re.Pattern[str] | None:
        """Phrases that say when an activity took place ("took place", "se celebró")."""
        return self.word_regex(language, "date_verbs")

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
        return self.word_regex(language, "number_words", r"\d|\b(?:{})\b") or _DIGIT

    def glue(self, language: str) -> re.Pattern[str]:
        """A regular expression for a gap made only of list glue words ("and the", "as well as its")."""
        return self.word_regex(language, "list_glue", r"(?:{})(?: (?:{}))*") or _NOTHING

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
        if resolver is None:
            # one index of the gazetteer (and the store's entities) for every document, forked per document
            if self._base is None or self._base.extra.keys() != self.extra.keys():
                self._base = Resolver(self.gazetteer, dict(self.extra))
            resolver = self._base.fork()
        return _DocExtraction(self, src, resolver).run()

