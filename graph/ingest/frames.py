"""Activity frames: the events a document describes and what the sentences say about them.

A trigger noun or verb ("workshop", "training", "se realizó") opens a
:class:`~.extraction_types.Frame` (or continues the open one); the frame gets a
key, class and label, and then its date, place, country, participant counts,
programmes and threats from the sentences that talk about it.

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC trains officers in Ghana\\n\\nAccra, 6 March 2020 - UNODC held a training course for officers "
...         "from Ghana and Liberia.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> frame = content["entities"]["d1-unodc-trains-officers"]
>>> frame["type"], frame["label"]
('Training', {'en': 'Training course for officers'})
"""

from __future__ import annotations

import re
from typing import Any

from ..ids import slugify
from ..sentences import Sentence
from .doc_state import DocState
from .extraction_types import ACTOR_TYPES, CONF, Frame, Hit, Mention
from .patterns import fold


class FramesMixin(DocState):
    """Open, name and fill activity frames."""

    _FROM_BEFORE = re.compile(r"\b(from|of|de|del)\s+((the|la|el|los|las)\s+)?$")

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
            if self._plural(trig) or self._inside_name(trig, mentions) or self._intended(trig) or any(
                    h.group in ("CUE:supporter", "CUE:funder", "CUE:facilitator") and h.start <= trig.start
                    and trig.end <= h.end for h in hits):
                continue  # ("con la asistencia técnica de la UNODC": a cue phrase, not an activity)
            frame = self._open_frame(index, trig, trig.group[4:], in_title, mentions)
            break
        if frame is None and self.current["activity"] is not None:
            frame = self._part_frame(index, hits, in_title, mentions)
        if frame is None and activity_verbs and not self._cumulative(sentence, activity_verbs[0]):
            verb_hit = activity_verbs[0]
            frame = self._open_frame(index, verb_hit, verb_hit.group[5:], in_title, mentions, verb=True)
        if frame is None and meeting_verbs:
            verb_hit = meeting_verbs[0]
            frame = self._open_frame(index, verb_hit, "Meeting", in_title, mentions, verb=True)
        if frame is None:
            frame = self._named_frame(sentence)
        if frame is None and anaphora and self.current["activity"] is not None:
            frame = self.current["activity"]
        if frame is None and self.about_programme is None:
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

    _PERFECT = re.compile(r"\b(has|have|had|ha|han|habia|habian)\s+$")
    _SINCE = re.compile(r"\b(since|so far|to date|hasta la fecha|desde|hasta ahora|en total)\b")

    def _cumulative(self, sentence: Sentence, verb: Hit) -> bool:
        """'Since 2019, the programme has trained more than 900 officers': a running total, not an activity."""
        return self._PERFECT.search(self.folded, max(sentence.start, verb.start - 12), verb.start) is not None and \
            self._SINCE.search(self.folded, sentence.start, sentence.end) is not None

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

    _EVENT_CLASSES = frozenset({"Training", "Workshop", "Meeting"})

    def _intended(self, hit: Hit) -> bool:
        """'... se comprometen a promover la formación conjunta de fiscales': an activity meant, not held."""
        pattern = self.owner.word_regex(self.src.language, "intent_words",
                                        r"\b(?:{})\s+(?:(?:the|a|an|la|el|los|las|un|una|more|further|mas)\s+)?"
                                        r"(?:[\w-]+\s+)?$")
        return pattern is not None and pattern.search(self.folded, max(0, hit.start - 40), hit.start) is not None

    def _event_day(self, index: int) -> bool:
        """True when sentence *index* tells a day of the event being told ("A moot court exercise on the last
        day", "El último día se realizó un ejercicio")."""
        pattern = self.owner.word_regex(self.src.language, "event_day_words")
        sentence = self.sentences[index]
        return pattern is not None and pattern.search(self.folded, sentence.start, sentence.end) is not None

    def _proper_name(self, hit: Hit) -> bool:
        """True for a capitalised trigger followed by a capitalised word ("Operation Usalama VII")."""
        return self.text[hit.start:hit.start + 1].isupper() and re.match(
            r"\s+[A-ZÁÉÍÓÚÑ0-9]", self.text[hit.end:hit.end + 3]) is not None

    def _proper_name_in(self, frame: Frame) -> bool:
        """True when the frame's label already holds a proper name (a capitalised word after the first)."""
        return any(w[:1].isupper() for w in frame.label.split()[1:])
    _INNER = re.compile(r"\b(in|during|through|with|en|durante|mediante|con)\s+(a|an|un|una)\s+[\w\s-]*$")

    def _open_frame(self, index: int, hit: Hit, cls: str, in_title: bool, mentions: list[Mention],
                    verb: bool = False) -> Frame:
        current = self.current["activity"]
        before = self.folded[max(self.sentences[index].start, hit.start - 30):hit.start]
        indefinite = bool(self._INDEFINITE.search(before))
        if current is not None and not verb:
            same = current.cls == cls
            # "UNODC and GIABA train investigators" / "... held a regional workshop": the headline's event, which
            # the body names more exactly
            akin = same or {current.cls, cls} <= self._EVENT_CLASSES
            if current.in_title and akin and not current.dated and index <= current.sentence + 3:
                current.in_title = False
                if not same and index > self.head_end:
                    current.cls = cls
                    record = self.entities.get(current.key)
                    if record is not None:
                        record["type"] = cls
                self._relabel(current, hit, cls, mentions)
                return current
            if akin and current.dated and (self._INNER.search(before) or self._event_day(index)) and \
                    not self._new_setting(index, current):
                # "In a practical exercise, participants ...": a part of the course being told, not another one
                return current
            parallel = same and not current.in_title and self._parallel_setting(index, current, mentions)
            if (not indefinite or (same and index == current.sentence)) and not parallel:
                if current.in_title and index > self.head_end:
                    current.in_title = False
                    self._relabel(current, hit, cls, mentions)
                elif same and index > self.head_end and self._proper_name(hit) and not self._proper_name_in(current):
                    # "A two-week operation coordinated by INTERPOL ..." then "Operation Usalama VII, conducted
                    # from 6 to 19 June": the operation's own name
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
        elif current is not None and verb and current.cls == cls and current.dated and \
                not self._new_setting(index, current):
            # "Instructors from X and Y trained participants on ...": more about the course being told,
            # not another one (another has its own date or city)
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
                elif m.kind in ("ORG", "PERSON") and m.etype in ACTOR_TYPES and m.etype != "Region":
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
                origins = [m for m in mentions if m.start > verb.end and m.kind == "ORG" and m not in found
                           and m.etype not in ("Country", "Region", "City") and id(m) not in self.absorbed
                           and self._FROM_BEFORE.search(self.folded, max(verb.end, m.start - 12), m.start)]
                for m in origins:
                    # "35 funcionarios ... de la Fiscalía, la Policía Nacional y el Consejo de la Judicatura"
                    found += [x for x in self._scope(m.start, mentions, sentence.end) if x not in found]
                found += self._subjects(verb.start, mentions, claimed, sentence.start)
                for m in found:
                    if id(m) in claimed or m.kind not in ("ORG", "PERSON") or m.etype == "Region":
                        continue
                    predicate = "participatingCountry" if m.etype == "Country" else "participant"
                    self.add(index, [frame.key, predicate, m.key], CONF["verb-object"])
                    claimed.add(id(m))
        for m in self._origin_places(sentence, mentions):
            if id(m) not in claimed:
                # "officers from Moldova and Central Asia": the countries take part, the regions benefit
                predicate = "participatingCountry" if m.etype == "Country" else "beneficiary"
                self.add(index, [frame.key, predicate, m.key], CONF["verb-object"])
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
                   and not self._background_date(start) for start, _end, _first, _last in self.dates):
                self._retract(frame.key, ("startDate", "endDate"))
                frame.dated = frame.from_dateline = False
        if not frame.dated:
            for start, _end, first, last in self.dates:
                if sentence.start <= start < sentence.end and not self._background_date(start):
                    frame.dated = True
                    # "Accra, 20-22 June 2023 - ...": a dateline with a span of days gives the activity's dates
                    frame.from_dateline = self._is_dateline(start) and not last
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
