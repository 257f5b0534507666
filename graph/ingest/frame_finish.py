"""Document-level completion of frames, once every sentence is read.

Agreements get their class from their parties (bilateral, multilateral);
activities without a date take the dateline's; frames share their place,
date and actors with the frames they are part of; operations get their
countries; bodies that spoke at an activity become participants; frames that
nothing but their mention supports are dropped.

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC trains officers in Ghana\\n\\nAccra, 6 March 2020 - UNODC held a training course for officers "
...         "from Ghana and Liberia.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> [t[1:] for t in triples if t[1] == "startDate"]  # the dateline's date
[['startDate', '2020-03-06']]
"""

from __future__ import annotations

import re

from .doc_state import DocState
from .extraction_types import CONF, INFORMATIVE, Frame


class FinishMixin(DocState):
    """Complete the frames once the whole document is read."""

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
