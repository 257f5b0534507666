"""Agreements: "Panama and Colombia signed a memorandum of understanding".

Finds agreement triggers, names the agreement, records its parties (the
signers, the countries it is "between", the bodies it is "with"), bilateral
agreements with each country of a list, and plural signings ("signed two
agreements with UNODC").

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("Panama and Colombia sign agreement\\n\\nOn 3 May 2018, Panama and Colombia signed a memorandum of "
...         "understanding on money laundering.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> mou = "d1-memorandum-of-understanding-on-money-laundering"
>>> content["entities"][mou]["type"], [t[1:] for t in triples if t[0] == mou and t[1] == "party"]
('MemorandumOfUnderstanding', [['party', 'colombia'], ['party', 'panama']])
"""

from __future__ import annotations

import re

from ..ids import slugify
from ..sentences import Sentence
from .doc_state import DocState
from .extraction_types import ACTOR_TYPES, CONF, Frame, Hit, Mention


class AgreementsMixin(DocState):
    """Find agreements, their labels and parties."""

    def _agreement_for(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention],
                       claimed: set[int]) -> Frame | None:
        triggers = [h for h in hits if h.group.startswith("AGR:") and not self._inside_name(h, mentions)]
        plural = [h for h in hits if h.group.startswith("AGRS:")]
        signs = [h for h in hits if h.group == "SIGNV"]
        if not triggers and self.current["agreement"] is not None and self._agreement_anaphor(sentence):
            return self.current["agreement"]  # "La iniciativa fue impulsada por la OEA ...": the agreement told
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
        # "Centroamérica y República Dominicana adoptan ...": a region is where the parties are, not one of them
        parties_keys = [k for k in parties_keys if self.resolver.entities[k].type != "Region"]
        for key in parties_keys:
            claimed.update(id(m) for m in parties if m.key == key)
            country = self._home_country(key) if frame.cls in self._NATIONAL else None
            if country is not None:
                # "El Ministerio de Relaciones Exteriores presentó el Plan Nacional ...": the country's plan, which
                # the ministry is responsible for
                self.add(index, [frame.key, "responsible", key], CONF["party"])
                key = country
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

    _NATIONAL = frozenset({"NationalPlan", "Strategy"})

    def _agreement_anaphor(self, sentence: Sentence) -> bool:
        """True when *sentence* opens on a word for the agreement being told ("La iniciativa", "The instrument")."""
        pattern = self.owner.word_regex(self.src.language, "agreement_anaphora", r"\s*(?:{})\b")
        return pattern is not None and pattern.match(self.folded, sentence.start) is not None

    def _home_country(self, key: str) -> str | None:
        """The country of a national body (None for a country or an international body)."""
        record = self.entities.get(key)
        entity = self.resolver.entities.get(key)
        if entity is None or entity.type in ("Country", "Region", "City", "Person"):
            return None
        facts = (record or {}).get("facts") or entity.facts
        return next((o for p, o in facts if p == "country"), None)

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
