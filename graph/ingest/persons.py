"""Persons and their positions: "the Attorney General of Panama, Kenia Porcell".

Finds person names (after a role word, before a comma-separated role, or as
capitalised runs the rule pipeline tags), defines them as ``Person``
entities, and records each person's ``Position`` (role title, organisation,
derived organisations such as "the Ministry of Security of Panama").

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC trains prosecutors\\n\\nThe Attorney General of Ghana, Mr. Kwame Mensah, opened the workshop "
...         "organized by UNODC.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> [t for t in triples if t[1] in ("holder", "roleTitle", "honorific")]  # doctest: +NORMALIZE_WHITESPACE
[['kwame-mensah', 'honorific', 'Mr.'],
 ['pos-kwame-mensah-office-of-the-attorney-general-of-ghana', 'holder', 'kwame-mensah'],
 ['pos-kwame-mensah-office-of-the-attorney-general-of-ghana', 'roleTitle', 'Attorney General of Ghana']]
"""

from __future__ import annotations

import bisect
import re

from .doc_state import DocState
from .extraction_types import _UPPER, CONF, Hit, Mention
from .patterns import fold


class PersonsMixin(DocState):
    """Find persons and their positions (role, organisation)."""

    _PARTICLES = frozenset({"de", "del", "la", "van", "von", "da", "dos", "bin", "al", "el", "y"})
    _UNIT_OF = re.compile(r"(?:\s*\([^()]{1,15}\))?[\s)]*(of|de|del)(\s+(the|la|el|los|las))?\s*")

    def _persons(self, ent_at: dict[int, Mention], used: set[int]) -> list[Mention]:
        """Persons: after an honorific, next to a role title ("Director X Y," / ", Director of Z"), after a
        capitalised title ("Programme Officer Ana Ruiz"); leading ranks ("Brigadier General") are not the name."""
        toks = self.toks
        words, norms, cap = toks.text, toks.norm, toks.cap
        n_tok = len(toks)
        out: list[Mention] = []
        particles = self._PARTICLES
        honorifics, ranks = self.p.honorifics, self.p.ranks
        after_title = {bisect.bisect_left(toks.idx, h.end) for h in self.hits
                       if h.group == "ROLE" and self.text[h.start:h.start + 1].isupper()}
        self.name_tokens = set(ent_at) | used
        self.body_at = {i: m for i, m in ent_at.items() if m.kind in ("ORG", "PROGRAMME") and toks.idx[i] == m.start
                        and m.etype not in ("Country", "Region", "City", "Person")}
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
        norms = self.toks.norm
        while j < n_tok and (cap[j] or self._name_hyphen(j) or (
                norms[j] in self._PARTICLES and j + 1 < n_tok and cap[j + 1])):  # "Amado Philip de Andrés"
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
        body = self.body_at.get(i)
        if body is not None and toks.idx[i] not in self.role_starts:
            # "X, UNODC Regional Representative for ...": a body's name opens the title
            i = bisect.bisect_left(toks.idx, body.end)
        return i < len(toks) and toks.idx[i] in self.role_starts

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

    _POSSESSIVE = re.compile(r"\s*(?:'s|’s)\s+$")

    def _possessive_org(self, rstart: int, rend: int) -> Mention | None:
        """"Ghana's Attorney-General": the body the title heads, in the country named before it."""
        country = next((m for m in reversed(self.mentions) if m.end <= rstart and m.etype == "Country"
                        and self._POSSESSIVE.fullmatch(self.text, m.end, rstart)), None)
        hit = next((h for h in self.hits if h.group == "ROLE" and h.start == rstart), None)
        head = self.p.role_to_org.get(self.folded[hit.start:hit.end]) if hit is not None else None
        if country is None or head is None:
            return None
        name = f"{head} of {self.resolver.entities[country.key].label}"
        key = self._resolve_name(name, "ORG")
        if key is None:
            key = self.resolver.candidate_key(name)
            self.define(key, "GovernmentAgency", name, country.start, hit.end, CONF["derived"],
                        {"facts": [["country", country.key]]})
        return Mention(country.start, hit.end, name, "ORG", key, self.resolver.entities[key].type, True)

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
            org = self._possessive_org(rstart, rend)
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
