"""The reading of one sentence: cue phrases and the relations they give.

:meth:`CuesMixin._sentence` reads a sentence: it opens or continues an
activity frame (:mod:`.frames`) and agreements (:mod:`.agreements`), then
reads its cue phrases ("organized by", "in collaboration with", "en
colaboración con", "with the support of"...) and gives the mentions in their
scope their role, finds the subject of a verb cue, the countries listed after
a participant noun ("officers from Ghana and Liberia"), the countries of a
programme, memberships and supports.

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC trains officers in Ghana\\n\\nAccra, 6 March 2020 - UNODC held a training course for officers "
...         "from Ghana and Liberia.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> [t[1:] for t in triples if t[1] in ("organizer", "participatingCountry")]
[['organizer', 'unodc'], ['participatingCountry', 'ghana'], ['participatingCountry', 'liberia']]
"""

from __future__ import annotations

import bisect
import re

from ..sentences import Sentence
from .doc_state import DocState
from .extraction_types import ACTOR_TYPES, CONF, Frame, Hit, Mention, _role_predicate


class CuesMixin(DocState):
    """Read one sentence: cue phrases, their scopes and subjects, origin countries, memberships."""

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
                last = m  # the same body again: "Long Name (ACRONYM)" ("... (DNCD) of the Dominican Republic")
                continue
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
            if role == "same":
                # "funded by the EU ..., as well as by Canada and Japan": the earlier cue's role goes on
                if previous is None or re.search(r"[.;:]", self.folded[previous[1].end:hit.start]):
                    previous = None
                    continue
                role = previous[0]
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
        self.about_programme = self._programme_topic(index, sentence, mentions, hits)
        if self.about_programme is not None:
            self.about_programme_at = index
        self._statistics(index, sentence, mentions)
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
        about = self.about_programme
        subjects = [self._cue_subject(hit, mentions, frame, agreement, sentence, role) for role, _m, hit in roles]
        for n, (_role, _m, hit) in enumerate(roles):
            if hit.group == "CUE:same" and n:
                subjects[n] = subjects[n - 1]  # "..., as well as by Canada": the same subject as the cue before
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
                    if not framework and about is not None and about != m.key:
                        # "The project is implemented by UNODC in partnership with INTERPOL": the project's too
                        self.add(index, [about, "partner", m.key], CONF["cue"])
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
        elif about is not None:
            target = about
        else:
            new_bodies = [m for m in mentions if m.new and m.kind == "ORG" and m.etype in ("Network", "Team")]
            if new_bodies:
                target = new_bodies[0].key
        if target is None and threats and self.threat_target is not None and \
                self.threat_target[0] == index - 1 and self._continues(sentence):
            # "The memorandum sets up ... It focuses on drug trafficking, money laundering ...": the same subject
            target = self.threat_target[1]
        if target is not None and (frame is None or target != frame.key):
            self.threat_target = (index, target)
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

    def _continues(self, sentence: Sentence) -> bool:
        """True when *sentence* opens on a word that goes on about the last subject ("It", "Se centra")."""
        pattern = self.owner.word_regex(self.src.language, "continuation_openers", r"\s*(?:{})\b")
        return pattern is not None and pattern.match(self.folded, sentence.start) is not None

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

    _APPOSITION = re.compile(r"[\s)]*,\s*$")

    # "Expertise France, which implements SEACOP, with the support of ...": the programme is inside a clause
    _RELATIVE = re.compile(r"\b(which|that|who|que|quien|quienes)\s+[^,;]*$")

    def _cue_subject(self, hit: Hit, mentions: list[Mention], frame: Frame | None, agreement: Frame | None,
                     sentence: Sentence, role: str | None = None) -> tuple[str, str] | None:
        role = role or hit.group[4:]
        if role in ("funder", "supporter", "implementer"):
            # "... (COPOLAD II), financiado por la Comisión Europea": the programme just named
            last = next((m for m in reversed(mentions) if m.end <= hit.start), None)
            if last is not None and last.kind == "PROGRAMME" and self._APPOSITION.match(
                    self.folded[last.end:hit.start]) and not self._RELATIVE.search(
                    self.folded, max(sentence.start, last.start - 40), last.start):
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
                # "a joint operation coordinated by the Airport Communication Project": the activity's
                return (frame.key, "activity") if frame is not None and frame.start < hit.start else None
        if frame is None and agreement is None and role in ("supporter", "funder", "partner"):
            # "CLASI, supported by the EL PAcCTO program"
            appositive = next((m for m in reversed(mentions) if m.end <= hit.start), None)
            if appositive is not None and appositive.kind in ("ORG", "PROGRAMME") and \
                    re.fullmatch(r"\s*,?\s*", self.folded[appositive.end:hit.start]) and appositive.etype != "Country":
                return appositive.key, "programme" if appositive.kind == "PROGRAMME" else "actor"
        if frame is None and agreement is None and self.about_programme is not None and \
                role in ("funder", "supporter", "implementer", "partner", "collaborator"):
            # "The project is implemented by UNODC in partnership with ...", "It is funded by ..."
            return self.about_programme, "programme"
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
            helpers = [m.key for m in self._subjects(verb.start, mentions, claimed, sentence.start)
                       if m.kind in ("ORG", "PROGRAMME")]
            relative = self._WHICH.search(self.folded, max(sentence.start, verb.start - 12), verb.start)
            if not helpers and relative is not None:
                # "GMCP's Atlantic Ocean programme, which supports coastal states of ...": the body named before
                helpers = [m.key for m in mentions if m.end <= relative.start() and m.kind in ("ORG", "PROGRAMME")
                           and not self.folded[m.end:relative.start()].strip(" ,)")][-1:]
            if not helpers and self.about_programme is not None:
                helpers = [self.about_programme]  # "It supports countries in ...", after "SEACOP, launched ..."
            # "supports countries in Latin America, the Caribbean and West Africa": where the helped are
            lead = self._HELPED_IN.match(self.folded, verb.end)
            helped = [m for m in self._scope(lead.end() if lead else verb.end, mentions, sentence.end)
                      if m.kind == "ORG"]
            for m in helped:
                for helper in helpers:
                    if helper != m.key:
                        self.add(index, [helper, "beneficiary", m.key], CONF["subject"])
                if frame is not None:
                    self.add(index, [frame.key, "beneficiary", m.key], CONF["subject"])

    _WHICH = re.compile(r"[\s,]*\b(which|that|que|quien)\s+(also\s+|tambien\s+)?$")
    _HELPED_IN = re.compile(r"\s+(?:the\s+|los\s+|las\s+|a\s+los\s+|a\s+las\s+)?(?:coastal\s+|member\s+|"
                            r"partner\s+|neighbouring\s+|neighboring\s+|costeros\s+|socios\s+)?(?:countries|states|"
                            r"member states|nations|paises|estados|estados miembros|naciones)\s+(?:in|of|from|de|del|"
                            r"en)\s+(?:(?:the|la|el|los|las)\s+)?")

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

    _LEAD_ARTICLE = re.compile(r"\s*(?:(?:the|el|la)\s+)?")
    # "AIRCOP, launched ...", "COPOLAD is ...": the programme is what the sentence is about
    # (not "AIRCOP focal points came from ...", "COPOLAD acoge a 70 representantes")
    _TOPIC_VERB = re.compile(r"\s*(,|\((?=[^)]*\)\s*,)|(is|was|has|aims|seeks|es|fue|busca|tiene|ha)\b)")

    def _programme_topic(self, index: int, sentence: Sentence, mentions: list[Mention], hits: list[Hit]) -> str | None:
        """The programme *sentence* is about, when it opens on it: its name ("AIRCOP, launched in 2010, aims
        ..."), "The project ..." (the programme named last), or "It ..." right after a sentence about one.
        None when the sentence opens otherwise or names an activity of its own."""
        if any(h.group.startswith("ACT:") for h in hits) or index <= self.head_end:
            return None
        lead = self._LEAD_ARTICLE.match(self.folded, sentence.start).end()
        first = mentions[0] if mentions else None
        if first is not None and first.start == lead and first.kind == "PROGRAMME" and \
                self._TOPIC_VERB.match(self.folded, first.end):
            return first.key
        anaphor = self._PROGRAMME_ANAPHOR.match(self.folded, sentence.start)
        if anaphor is not None:
            previous = self._programme_before(sentence.start)
            return previous.key if previous is not None else None
        if self.about_programme_at == index - 1 and self.about_programme is not None and self._continues(sentence):
            return self.about_programme
        return None

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

    def _country_runs(self, mentions: list[Mention], kinds: tuple[str, ...] = ("Country",)) -> list[list[Mention]]:
        """Runs of countries (or of places of *kinds*) joined by list glue ("Argentina, Bolivia, ... and
        Uruguay")."""
        runs: list[list[Mention]] = []
        for m in mentions:
            if m.etype not in kinds:
                continue
            if runs and self._gap_is_glue(runs[-1][-1].end, m.start):
                runs[-1].append(m)
            else:
                runs.append([m])
        return runs

    def _origin_countries(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Countries listed after a participant noun and 'from'/'of' ("officers of the Maldives and the
        Seychelles", "fiscales y policías de Argentina, Bolivia y Chile"): they take part."""
        return [m for m in self._origin_places(sentence, mentions) if m.etype == "Country"]

    def _origin_places(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Countries and regions listed after a participant noun and 'from'/'of' ("officers from South Eastern
        Europe, Moldova and Central Asia")."""
        origin = self.owner.origin(self.src.language)
        out: list[Mention] = []
        for run in self._country_runs(mentions, ("Country", "Region")):
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

    def _memberships(self, index: int, sentence: Sentence, hits: list[Hit], mentions: list[Mention]) -> None:
        for hit in [h for h in hits if h.group == "MEMBER"]:
            after = [m for m in mentions if m.start >= hit.end and m.kind in ("ORG", "PROGRAMME")]
            if not after:
                continue
            org = after[0]
            members = [m for m in self._subjects(hit.start, mentions, set(), sentence.start)
                       if m.kind == "ORG" and m.key != org.key]
            if not members:
                rest = [m for m in mentions if m.start > org.end and m.kind == "ORG" and m.etype in ACTOR_TYPES
                        and m.key != org.key]
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
