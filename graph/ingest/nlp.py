"""The spaCy rule pipeline: a blank English or Spanish pipeline with rule components only.

* the blank tokenizer of the language splits the original text;
* ``crimekg_fold``: every token's NORM is set to its folded form (lower case, no accents; the
  folded text has the same length as the text, so NORM is a slice of it),
  in one :meth:`~spacy.tokens.Doc.from_array` call: all matching is case- and
  accent-insensitive;
* ``entity_ruler``: the names of the gazetteer (and of entities already in the
  store) as phrase patterns over NORM (label ``NAME``, id = the folded name),
  and the threat labels (label ``THREAT``, id = the threat id);
* a :class:`~spacy.matcher.PhraseMatcher` over NORM for cue phrases, triggers,
  verbs and role words (match ids like ``CUE:organizer``, ``ACT:Workshop``).

:meth:`Rules.parse` returns the matches as plain tuples and the tokens as flat
lists (:class:`Tokens`), so the extractor never touches spaCy objects token by
token.  No statistical model is loaded: nothing is downloaded at run time.

>>> rules = build_rules("en", {"unodc": "unodc"}, {"drug trafficking": "drug-trafficking"})
>>> parsed = rules.parse("UNODC fights Drug Trafficking.")
>>> parsed.ents
[(0, 5, 'NAME', 'unodc'), (13, 29, 'THREAT', 'drug-trafficking')]
>>> parsed.tokens.norm[:3], parsed.tokens.idx[:3]
(['unodc', 'fights', 'drug'], [0, 6, 13])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import spacy
from spacy.attrs import IDX, LENGTH, NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .patterns import Patterns, fold, load_patterns

_CAP = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-Za-zÁÉÍÓÚÑÜáéíóúñü.'’-]*$")
_ACRO = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")


@dataclass
class Tokens:
    """The tokens of a document as parallel lists: original text, folded text, offsets, capitalised."""

    text: list[str]
    norm: list[str]
    idx: list[int]
    end: list[int]
    cap: list[bool]

    def __len__(self) -> int:
        return len(self.text)


@dataclass
class Parsed:
    """What the rule pipeline found in one text: tokens, named entities and phrase hits (char offsets)."""

    tokens: Tokens
    ents: list[tuple[int, int, str, str]]
    phrases: list[tuple[int, int, str]]


def set_norms(doc: Doc, folded: str) -> Doc:
    """Set every token's NORM to its slice of *folded* (the folded text of the doc), in one call."""
    if len(doc):
        add = doc.vocab.strings.add
        spans = doc.to_array([IDX, LENGTH]).tolist()
        norms = np.fromiter((add(folded[i:i + n]) for i, n in spans), dtype="uint64", count=len(spans))
        doc.from_array([NORM], norms.reshape(-1, 1))
    return doc


@Language.component("crimekg_fold")
def fold_norms(doc: Doc) -> Doc:
    """Set each token's NORM to its folded text (used when the entity ruler builds its patterns)."""
    return set_norms(doc, fold(doc.text))


@dataclass
class Rules:
    """A language's pipeline and phrase matcher, with the patterns they came from."""

    nlp: Language
    phrases: PhraseMatcher
    patterns: Patterns

    def doc(self, text: str, folded: str | None = None) -> Doc:
        """The spaCy doc of *text*, NORMs set and entity ruler applied."""
        doc = set_norms(self.nlp.make_doc(text), fold(text) if folded is None else folded)
        for name, component in self.nlp.pipeline:
            if name != "crimekg_fold":
                doc = component(doc)
        return doc

    def doc_without_gaps(self, text: str, folded: str) -> tuple[Doc, list[list[int]]]:
        """Like :meth:`doc`, but runs of spaces inside a line ("European  Union") are not tokens, so
        names match across them; returns the doc and each token's (offset, length) in *text*."""
        doc = self.nlp.make_doc(text)
        spans = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        keep = [k for k, t in enumerate(doc) if not t.is_space or "\n" in t.text]
        if len(keep) < len(doc):
            spans = [spans[k] for k in keep]
            doc = Doc(self.nlp.vocab, words=[doc[k].text for k in keep])
        add = doc.vocab.strings.add
        if spans:
            norms = np.fromiter((add(folded[i:i + n]) for i, n in spans), dtype="uint64", count=len(spans))
            doc.from_array([NORM], norms.reshape(-1, 1))
        for name, component in self.nlp.pipeline:
            if name != "crimekg_fold":
                doc = component(doc)
        return doc, spans

    _GAP = re.compile(r"\S[ \t\u00a0\u2009\u202f]*[\u00a0\u2009\u202f][ \t\u00a0]*\S|\S[ \t]{2,}\S")

    def parse(self, text: str, folded: str | None = None) -> Parsed:
        """Tokens, entities and phrase hits of *text* (*folded* = ``fold(text)`` if already known)."""
        folded = fold(text) if folded is None else folded
        if self._GAP.search(text):
            doc, spans = self.doc_without_gaps(text, folded)
        else:
            doc = self.doc(text, folded)
            spans = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        idx = [i for i, _ in spans]
        end = [i + n for i, n in spans]
        ents = [(idx[e.start], end[e.end - 1], e.label_, e.ent_id_) for e in doc.ents]
        strings = self.nlp.vocab.strings
        phrases = [(idx[s], end[e - 1], strings[m]) for m, s, e in self.phrases(doc)]
        # the extractor's tokens: no white space ("Name,\nTitle" reads as "Name, Title")
        words, norms, starts, ends = [], [], [], []
        for i, e in zip(idx, end, strict=True):
            word = text[i:e]
            if not word.isspace():
                words.append(word)
                norms.append(folded[i:e])
                starts.append(i)
                ends.append(e)
        cap = [bool(_CAP.match(w) or _ACRO.match(w)) for w in words]
        return Parsed(Tokens(words, norms, starts, ends, cap), ents, phrases)


def _phrase_groups(p: Patterns) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for phrase, role in p.cue_roles.items():
        groups.setdefault(f"CUE:{role}", []).append(phrase)
    for phrase, cls in p.activity_triggers.items():
        groups.setdefault(f"ACT:{cls}", []).append(phrase)
    for phrase, cls in p.agreement_triggers.items():
        groups.setdefault(f"AGR:{cls}", []).append(phrase)
    for phrase, cls in p.agreement_plurals.items():
        groups.setdefault(f"AGRS:{cls}", []).append(phrase)
    for phrase, cls in p.activity_verbs.items():
        groups.setdefault(f"ACTV:{cls}", []).append(phrase)
    groups["ANAPH"] = list(p.activity_anaphora)
    groups["MEETV"] = list(p.meeting_verbs)
    groups["ORGV"] = list(p.organise_verbs)
    groups["SIGNV"] = list(p.sign_verbs)
    groups["PARTV"] = list(p.participation_verbs)
    groups["ROLE"] = list(p.role_words)
    groups["MEMBER"] = list(p.member_phrases)
    groups["SPEECH"] = list(p.speech_words)
    groups["BENV"] = list(p.beneficiary_verbs)
    groups["SUPPV"] = list(p.support_verbs)
    groups["PART"] = list(p.part_nouns)
    return groups


def build_rules(language: str, names: dict[str, str], threats: dict[str, str]) -> Rules:
    """Build the rule pipeline for *language*.

    *names* maps folded entity names to their lookup id; *threats* maps folded
    threat names to threat ids.
    """
    p = load_patterns(language)
    nlp = spacy.blank(language)
    nlp.add_pipe("crimekg_fold")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "validate": False})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "NAME", "pattern": name, "id": ident} for name, ident in names.items()]
        + [{"label": "THREAT", "pattern": name, "id": ident} for name, ident in threats.items()]
    )
    phrases = PhraseMatcher(nlp.vocab, attr="NORM")
    for group, texts in _phrase_groups(p).items():
        docs = [set_norms(nlp.make_doc(t), fold(t)) for t in dict.fromkeys(texts) if t.strip()]
        phrases.add(group, docs)
    return Rules(nlp, phrases, p)
