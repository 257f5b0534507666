"""Mentions: the names a document uses, resolved to entities, and the new entities it defines.

Finds gazetteer and store names (from the rule pipeline's entity spans),
acronyms, new organisations from "Long Name (ACRONYM)" and from head words
("... Task Force", "Fiscalía ..."), named programmes, quoted names and
threats; defines each new entity once, with its quote.  Also indexes the
phrase-matcher hits (cues, triggers, role words) by position.

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = "Ghana hosts meeting\\n\\nThe Economic and Organised Crime Office (EOCO) of Ghana hosted the meeting."
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> content["entities"]["economic-and-organised-crime-office"]["type"]
'GovernmentAgency'
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise
from typing import Any

from .doc_state import DocState
from .extraction_types import (
    _ACRONYM,
    _MIXED_ACRONYM,
    _PLURAL_ACRONYM,
    CONF,
    Hit,
    Mention,
    _fits_acronym,
    _kind,
    _Spans,
)
from .patterns import fold
from .resolve import normalise_name


class MentionsMixin(DocState):
    """Find the mentions of a document (names, acronyms, new bodies, programmes, threats)."""

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

    def _resolve_name(self, name: str, kind: str, acronym: str | None = None, pos: int | None = None) -> str | None:
        norm = normalise_name(name)
        if norm in self.foreign_names:
            # a known body's name used here for another country's body: this document's own entity, if defined
            return next((k for k, r in self.entities.items()
                         if any(normalise_name(v) == norm for v in (r.get("label") or {}).values())), None)
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
        foreign = self.foreign_names = set()
        country_at = {start: key for start, end, label, _ident in self.ents if label == "NAME"
                      for key in self.resolver.index.get(normalise_name(self.text[start:end]), [])
                      if self.resolver.entities[key].type == "Country"}
        for start, end, label, ident in self.ents:
            text = self.text[start:end]
            if label == "THREAT":
                threats.append(Mention(start, end, text, "THREAT", ident, "Threat"))
                continue
            if self._lowercase_acronym(text):
                continue
            if normalise_name(text) in foreign:
                continue
            key = self._resolve_name(text, "ANY")
            if key is None:
                continue
            if self._other_country_after(key, end, country_at):
                foreign.add(normalise_name(text))  # the same name later in the text is that other body too
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
        self._units(mentions)
        return mentions

    _UNIT_GAP = re.compile(r"[\s)]*(?:\([^()]{1,15}\)\s*)?(?:of|de|del)\s+(?:(?:the|la|el)\s+)?")

    def _units(self, mentions: list[Mention]) -> None:
        """'the Dirección de Lucha contra el Narcotráfico (DLCN) de la Secretaría de Seguridad', 'the
        Implementation Support Section of UNODC': a unit of the body named right after it."""
        heads = set(self.p.unit_heads)
        bodies: list[tuple[Mention, int]] = []  # (first mention, end of the last one) of each body named
        for m in mentions:
            if m.kind != "ORG" or m.etype in ("Country", "Region", "City", "Person"):
                continue
            if bodies and bodies[-1][0].key == m.key and bodies[-1][1] <= m.start:
                bodies[-1] = (bodies[-1][0], m.end)  # "Long Name (ACRONYM)"
            else:
                bodies.append((m, m.end))
        for (unit, unit_end), (parent, _end) in pairwise(bodies):
            if unit.key == parent.key or not self._UNIT_GAP.fullmatch(self.folded, unit_end, parent.start):
                continue
            words = fold(unit.text).split()
            while words and words[0] in ("the", "el", "la", "los", "las"):
                words = words[1:]
            if words and words[0] in heads:
                self._state(self.sent_of(unit.start), [unit.key, "subOrganizationOf", parent.key], CONF["cue"])

    _OF_COUNTRY = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?(?:of|de|del)\s+(?:(?:the|la|el)\s+)?")

    def _other_country_after(self, key: str, end: int, country_at: dict[int, str]) -> bool:
        """True when a known body of one country is named with another ("la Fiscalía General del Estado (FGE)
        del Ecuador" is not Bolivia's Fiscalía General del Estado): the name is another body's."""
        entity = self.resolver.entities[key]
        if entity.type == "Country":
            return False
        home = next((o for p, o in entity.facts if p == "country"), None)
        if home is None:
            return False
        lead = self._OF_COUNTRY.match(self.folded, end)
        named = country_at.get(lead.end()) if lead is not None else None
        return named is not None and named != home

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
            # "Port Control Units (PCUs)": a plural acronym stands for the singular one
            acronym = acr_text[:-1] if _PLURAL_ACRONYM.match(acr_text) else acr_text
            mixed = not _ACRONYM.match(acronym) and _MIXED_ACRONYM.match(acronym) is not None
            if not (_ACRONYM.match(acronym) or mixed) or (a in ent_at and ent_at[a].kind != "ORG"):
                continue
            # "Secretaría Nacional Antidrogas (Senad)": a capitalised word is an acronym only if it spells the name
            span = self._chunk_before(i, ent_at, acronym, strict=mixed)
            if span is None:
                continue
            first, last = span
            places = ("Country", "Region", "City")
            if any(k in ent_at and ent_at[k].etype not in places for k in range(first, last + 1)) \
                    and all(k in ent_at for k in range(first, last + 1) if cap[k]):
                continue
            name = self._span_text(first, last)
            m = self._new_entity(first, last, name, acronym, ent_at)
            if m is not None:
                out.append(m)
                used.update(range(first, a + 2))
                out.append(Mention(toks.idx[a], toks.end[a], acr_text, m.kind, m.key, m.etype, m.new))
        # 2. capitalised chunks with an organisation or programme head word
        connectors = self.p.connectors
        articles = ("the", "el", "la", "los", "las", "a", "an", "un", "una")
        operation_words = {w for w, cls in self.p.activity_triggers.items() if cls == "Operation" and " " not in w}

        def first_word(start: int) -> int:
            """The first token from *start* that is not an article."""
            while start < n_tok - 1 and norms[start] in articles and cap[start + 1]:
                start += 1
            return start
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
                    if norms[k] in ("y", "and", "e", "&") and k + 1 < n_tok and norms[k + 1] in ("of", "de", "del"):
                        break  # "the Ministry of Armed Forces and of the Embassy of Norway": two bodies
                    if norms[k] in ("y", "and", "e", "&") and k + 2 < n_tok and norms[k + 1] in articles and \
                            cap[k + 2] and self._head(norms[first_word(i):last_cap + 1]) and not (
                                k + 2 in ent_at and ent_at[k + 2].etype in ("Country", "Region", "City")):
                        break  # "the Peruvian National Police and the DEA": a whole body, then another
                    if norms[k] in ("y", "and", "e", "&") and (self._body_follows(k + 1) or (
                            (norms[last_cap] in self.org_heads or norms[last_cap] in self.p.programme_heads
                             or _ACRONYM.match(words[last_cap]))
                            and self._named_body_follows(k + 1))):
                        break
                    j += 1
                else:
                    break
            first = first_word(i)
            if norms[first] in operation_words:
                # "Operación Nueva Alianza", "Operation Storm": an operation's name, told by the activity frames
                i = last_cap + 1
                continue
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
            if head_after := (last_cap + 1 < n_tok and not cap[last_cap + 1] and chunk_norms
                              and norms[last_cap + 1] in self.p.programme_heads
                              and chunk_norms[-1] not in self.p.programme_heads
                              and not any(n in self.p.org_heads for n in chunk_norms)
                              and any(n not in articles for n in chunk_norms)
                              and "\n" not in self.text[toks.idx[first]:toks.idx[last_cap + 1]]):
                # "GMCP's Atlantic Ocean programme": a name, then a lower-case programme head
                last_cap += 1
                chunk_norms = norms[first:last_cap + 1]
            head = self._head(chunk_norms)
            if head and last_cap > first - 1 and not (first == last_cap and chunk_norms[0] in self.p.org_heads):
                name = self._span_text(first, last_cap)
                m = self._new_entity(first, last_cap, name, None, ent_at)
                if m is not None:
                    out.append(m)
                    used.update(range(first, last_cap + 1))
                    owner = ent_at.get(first - 2)
                    if head_after and m.kind == "PROGRAMME" and owner is not None and words[first - 1] in (
                            "’s", "'s") and owner.kind == "PROGRAMME" and owner.key != m.key:
                        self.add(self.sent_of(m.start), [m.key, "partOf", owner.key], CONF["cue"])
            i = last_cap + 1
        # 3. unknown acronyms next to cue phrases or in lists ("gestionado por la FIIAPP")
        self.defined_acronyms = {a for record in self.entities.values() for a in record.get("acronyms", [])}
        for i in range(1, n_tok):
            word = words[i]
            if _PLURAL_ACRONYM.match(word) and word[:-1] in self.defined_acronyms and i not in used \
                    and i not in ent_at:
                # "the PCUs of the four countries" after "Port Control Units (PCUs)"
                key = self._resolve_name(word[:-1], "ANY")
                if key is not None:
                    etype = self.resolver.entities[key].type
                    out.append(Mention(toks.idx[i], toks.end[i], word, _kind(etype), key, etype, True))
                continue
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
        # "the WCO Environment Programme and the Peruvian National Forest and Wildlife Service (SERFOR)": an
        # acronym that spells no English words names what follows the last "and the" of the chunk
        for k in range(last - 1, first, -1):
            if norms[k] in ("the", "el", "la", "los", "las") and norms[k - 1] in ("and", "y", "e") and cap[k + 1]:
                first = k + 1
                break
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
